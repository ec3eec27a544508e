package io.github.agentfeedback.hooks.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.AnalyticsHook;
import io.github.agentfeedback.hooks.AnalyticsSnapshot;
import io.github.agentfeedback.hooks.AuditEvent;
import io.github.agentfeedback.hooks.AuditHook;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.RateLimitHook;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.ValidationHook;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * 32 threads × 1,000 {@code addFeedback} calls through the full documented chain, half to
 * one hot session and half spread over 1,000 sessions, every call sent twice as a client
 * retry would, and a third time from another thread: exactly 32,000 feedbacks are stored,
 * each id once; the analytics counters equal the stored counts; each DOWN is notified
 * once; the audit sees each feedback created once.
 */
class LoadTest {

  private static final int THREADS = 32;
  private static final int CALLS = 1_000;
  private static final String HOT = "hot-session";

  private static Feedback feedback(int thread, int call) {
    Rating rating = Rating.values()[(thread + call) % 3];
    String comment =
        switch (call % 4) {
          case 0 -> "Clear <b>answer</b>, thanks";
          case 1 -> "Wrong order number, write to jane.doe@example.com";
          case 2 -> "Couldn't find the refund button";
          default -> "";
        };
    if (rating == Rating.DOWN && comment.isEmpty()) {
      comment = "Did not help";
    }
    return Feedback.builder()
        .id("t" + thread + "-" + call)
        .rating(rating)
        .comment(comment)
        .userId("user-" + thread)
        .build();
  }

  private static String session(int thread, int call) {
    return call % 2 == 0 ? HOT : "s-" + ((thread * CALLS + call) % 1_000);
  }

  @Test
  void everyFeedbackIsStoredNotifiedCountedAndAuditedOnceUnderLoadAndRetries() throws Exception {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook notification =
        NotificationHook.builder()
            .notifier(notifier)
            .queueCapacity(THREADS * CALLS)
            .workerThreads(2)
            .build();
    AnalyticsHook analytics = AnalyticsHook.builder().maxSessions(2_000).build();
    Map<String, Integer> createdAudits = new ConcurrentHashMap<>();
    AtomicLong duplicateAudits = new AtomicLong();
    AuditHook audit =
        AuditHook.builder()
            .sink(
                event -> {
                  if (event.outcome() == AuditEvent.Outcome.CREATED) {
                    createdAudits.merge(event.feedbackId(), 1, Integer::sum);
                  } else if (event.outcome() == AuditEvent.Outcome.DUPLICATE) {
                    duplicateAudits.incrementAndGet();
                  }
                })
            .build();
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .hooks(
                SanitizingHook.defaults(),
                PiiRedactionHook.defaults(),
                ValidationHook.defaults(),
                RateLimitHook.builder().limit(1_000_000, Duration.ofSeconds(1)).build(),
                audit,
                notification,
                analytics)
            .build();

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<int[]>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                int created = 0;
                int duplicates = 0;
                int neighbour = (thread + 1) % THREADS;
                for (int i = 0; i < CALLS; i++) {
                  Feedback f = feedback(thread, i);
                  FeedbackResult first = manager.addFeedback(session(thread, i), f);
                  FeedbackResult retry = manager.addFeedback(session(thread, i), f);
                  // A third copy of the neighbour's feedback: its id races from two threads.
                  FeedbackResult other =
                      manager.addFeedback(session(neighbour, i), feedback(neighbour, i));
                  created +=
                      (first.created() ? 1 : 0)
                          + (retry.created() ? 1 : 0)
                          + (other.created() ? 1 : 0);
                  duplicates +=
                      (first.created() ? 0 : 1)
                          + (retry.created() ? 0 : 1)
                          + (other.created() ? 0 : 1);
                }
                return new int[] {created, duplicates};
              }));
    }
    int created = 0;
    int duplicates = 0;
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          start.countDown();
          for (Future<int[]> f : futures) {
            f.get();
          }
        });
    for (Future<int[]> f : futures) {
      created += f.get()[0];
      duplicates += f.get()[1];
    }
    pool.shutdown();
    DeliveryReport report = notification.shutdown(Duration.ofSeconds(30));

    int total = THREADS * CALLS;
    assertThat(created).isEqualTo(total);
    assertThat(duplicates).isEqualTo(2 * total);

    List<SessionFeedback> stored;
    try (Stream<SessionFeedback> all = store.stream(FeedbackQuery.all())) {
      stored = all.toList();
    }
    assertThat(stored).hasSize(total);
    Map<String, Long> perId =
        stored.stream()
            .collect(Collectors.groupingBy(sf -> sf.feedback().id(), Collectors.counting()));
    assertThat(perId).hasSize(total).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(store.list(HOT)).hasSize(total / 2);

    Map<Rating, Long> byRating =
        stored.stream()
            .collect(Collectors.groupingBy(sf -> sf.feedback().rating(), Collectors.counting()));
    AnalyticsSnapshot snapshot = analytics.snapshot();
    assertThat(snapshot.ratings().total()).isEqualTo(total);
    assertThat(snapshot.ratings().up()).isEqualTo(byRating.get(Rating.UP));
    assertThat(snapshot.ratings().down()).isEqualTo(byRating.get(Rating.DOWN));
    assertThat(snapshot.ratings().neutral()).isEqualTo(byRating.get(Rating.NEUTRAL));
    assertThat(snapshot.sessions().get(HOT).total()).isEqualTo(total / 2);

    List<Notification> notified = notifier.drained();
    assertThat(report.stats().delivered()).isEqualTo(byRating.get(Rating.DOWN));
    Map<String, Long> notifiedPerId =
        notified.stream()
            .collect(Collectors.groupingBy(n -> n.feedback().id(), Collectors.counting()));
    assertThat(notifiedPerId)
        .hasSize(byRating.get(Rating.DOWN).intValue())
        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(notified).allSatisfy(n -> assertThat(n.feedback().rating()).isEqualTo(Rating.DOWN));

    assertThat(createdAudits).hasSize(total).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(duplicateAudits).hasValue(2L * total);

    // What was stored is what the chain made of it: sanitized, redacted, validated.
    Map<String, Feedback> byId = new HashMap<>();
    stored.forEach(sf -> byId.put(sf.feedback().id(), sf.feedback()));
    assertThat(byId.get("t0-0").comment()).isEqualTo("Clear answer, thanks");
    assertThat(byId.get("t0-1").comment()).doesNotContain("jane.doe@example.com");
    assertThat(byId.values())
        .allSatisfy(f -> assertThat(f.attributes()).containsKey(ValidationHook.VALIDATED_AT));
    manager.close();
  }
}
