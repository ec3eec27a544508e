package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 16 threads append 500 feedbacks each to 100 sessions, every feedback sent by two threads
 * at once (in opposite orders): each is created exactly once, stored exactly once, and read
 * back as it was sent, in its own session. (The kit's own concurrency
 * tests cover 16 x 500 appends to one session and a vote raced from 8 threads.)
 */
@ExtendWith(PostgresTestServer.class)
class ConcurrencyTest {

  private static final int THREADS = 16;
  private static final int PER_THREAD = 500;
  private static final int SESSIONS = 100;
  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

  @ParameterizedTest
  @EnumSource(Engine.class)
  void racingAppendsToAHundredSessionsStoreEachFeedbackExactlyOnce(Engine engine) throws Exception {
    JdbcFeedbackStore store = engine.store();
    ConcurrentLinkedQueue<FeedbackResult> results = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int pair = t / 2; // threads 2k and 2k+1 send the same 500 feedbacks
        boolean reverse = t % 2 == 1;
        futures.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < PER_THREAD; k++) {
                    int i = pair * PER_THREAD + (reverse ? PER_THREAD - 1 - k : k);
                    results.add(store.append(session(i), feedback(i), UnknownSessionPolicy.CREATE));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int distinct = THREADS / 2 * PER_THREAD;
    assertThat(results).hasSize(THREADS * PER_THREAD);
    Map<String, Long> created = new HashMap<>();
    for (FeedbackResult r : results) {
      if (r.created()) {
        created.merge(r.feedback().id(), 1L, Long::sum);
      } else {
        assertThat(r.outcome()).isEqualTo(FeedbackResult.Outcome.DUPLICATE);
      }
    }
    assertThat(created).hasSize(distinct).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    List<SessionFeedback> stored;
    try (Stream<SessionFeedback> s = store.stream(FeedbackQuery.all())) {
      stored = s.toList();
    }
    assertThat(stored).hasSize(distinct);
    assertThat(stored).extracting(sf -> sf.feedback().id()).doesNotHaveDuplicates();
    for (int s = 0; s < SESSIONS; s++) {
      List<Feedback> list = store.list("session-" + s);
      assertThat(list).hasSize(distinct / SESSIONS);
      for (Feedback f : list) {
        assertThat(f).isEqualTo(feedback(Integer.parseInt(f.id().substring(2))));
      }
    }
  }

  private static String session(int i) {
    return "session-" + i % SESSIONS;
  }

  private static Feedback feedback(int i) {
    return Feedback.up("n" + i).toBuilder()
        .id("f-" + i)
        .userId("u" + i % 7)
        .createdAt(T0.plusMillis(i))
        .build();
  }
}
