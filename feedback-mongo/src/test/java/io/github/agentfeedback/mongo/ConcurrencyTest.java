package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent and replayed {@code addFeedback} calls store every feedback exactly once. */
class ConcurrencyTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final int THREADS = 16;

  /** Appends per thread: 16 x 500, as the store must guarantee. */
  private static final int PER_THREAD =
      Integer.getInteger("agentfeedback.mongo.appendsPerThread", 500);

  /**
   * Appends per thread to the one hot session. mongo-java-server copies the whole document
   * on every update, so appends to one document cost time quadratic in its length there
   * (16 x 500 take two minutes, two thirds of the whole build); the embedded run uses
   * 16 x 150, which still races every writer on one document. Against a real MongoDB
   * ({@code MONGODB_URI}), or with {@code -Dagentfeedback.mongo.hotAppendsPerThread=500},
   * it is the full 16 x 500.
   */
  private static final int HOT_PER_THREAD =
      Integer.getInteger(
          "agentfeedback.mongo.hotAppendsPerThread",
          MongoTestServer.externalUri() == null ? 150 : PER_THREAD);

  private MongoFeedbackStore store;
  private FeedbackManager manager;

  @BeforeEach
  void open() {
    store = TestStores.fresh(mongo).build();
    manager = FeedbackManager.builder().store(store).build();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void sixteenThreadsAddingToOneSessionStoreEachFeedbackOnce() throws Exception {
    long created = run(HOT_PER_THREAD, i -> "hot");
    assertThat(created).isEqualTo(THREADS * HOT_PER_THREAD);
    assertStoredOnce(
        manager.getFeedbacks("hot").stream().map(Feedback::id).toList(), THREADS * HOT_PER_THREAD);
  }

  @Test
  void sixteenThreadsAddingToAHundredSessionsStoreEachFeedbackOnce() throws Exception {
    long created = run(PER_THREAD, i -> "session-" + (i % 100));
    assertThat(created).isEqualTo(THREADS * PER_THREAD);
    List<String> ids = new ArrayList<>();
    try (Stream<SessionFeedback> all = manager.stream(FeedbackQuery.all())) {
      all.forEach(sf -> ids.add(sf.feedback().id()));
    }
    assertStoredOnce(ids, THREADS * PER_THREAD);
    for (int s = 0; s < 100; s++) {
      int sessionIndex = s;
      assertThat(manager.getFeedbacks("session-" + s))
          .hasSize(
              (int)
                  IntStream.range(0, THREADS * PER_THREAD)
                      .filter(n -> n % 100 == sessionIndex)
                      .count());
    }
  }

  @Test
  void replayingAThousandFeedbacksStoresEachOnce() {
    List<Feedback> sent = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      FeedbackResult r = manager.addFeedback("replayed", Feedback.up("comment " + i));
      assertThat(r.created()).isTrue();
      sent.add(r.feedback());
    }
    for (Feedback f : sent) {
      FeedbackResult again = manager.addFeedback("replayed", f);
      assertThat(again.created()).isFalse();
    }
    assertThat(manager.getFeedbacks("replayed")).containsExactlyElementsOf(sent);
  }

  /** 16 threads × perThread addFeedback, all released at once; returns how many were created. */
  private long run(int perThread, IntFunction<String> sessionOf) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<Long> task =
            () -> {
              start.await();
              long created = 0;
              for (int i = 0; i < perThread; i++) {
                int n = thread * perThread + i;
                if (manager
                    .addFeedback(
                        sessionOf.apply(n),
                        Feedback.up("from " + thread).toBuilder()
                            .id("t" + thread + "-" + i)
                            .build())
                    .created()) {
                  created++;
                }
              }
              return created;
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      long created = 0;
      for (Future<Long> f : futures) {
        created += f.get();
      }
      return created;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertStoredOnce(List<String> ids, int expected) {
    assertThat(ids).hasSize(expected);
    Set<String> distinct = new HashSet<>(ids);
    assertThat(distinct).hasSize(expected);
  }
}
