package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.notify.DeliveryReport;
import io.github.agentfeedback.hooks.notify.DeliveryStats;
import io.github.agentfeedback.hooks.notify.LoggingNotifier;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.NotificationDispatcher;
import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.hooks.notify.RecordingNotifier;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationHookTest {

  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private FeedbackManager manager(FeedbackHook... hooks) {
    FeedbackManager m =
        FeedbackManager.builder()
            .store(new InMemoryFeedbackStore())
            .hooks(hooks)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    toClose.add(m);
    return m;
  }

  private NotificationHook.Builder hook(Notifier notifier) {
    return NotificationHook.builder().notifier(notifier).clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void scoreOnlyFeedbackMatchesNoRatingAndIsNotifiedByPredicateWithItsOwnReason() throws Exception {
    RecordingNotifier byRating = new RecordingNotifier();
    RecordingNotifier byScore = new RecordingNotifier();
    FeedbackManager m =
        manager(
            hook(byRating).ratings(Rating.UP, Rating.DOWN, Rating.NEUTRAL).build(),
            hook(byScore).when(f -> f.score() != null, "survey answers").build());

    m.addFeedback("s", Feedback.scored(3, io.github.agentfeedback.Scale.NPS));
    m.addFeedback("s", Feedback.up("fine"));

    assertThat(byRating.await(1)).extracting(Notification::reason).containsExactly("rating_up");
    Notification survey = byScore.await(1).get(0);
    assertThat(survey.reason()).isEqualTo("score_only");
    new LoggingNotifier().deliver(survey);
  }

  @Test
  void notifiesAboutNegativeFeedbackByDefaultWithPerSessionCount() throws Exception {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).build();
    FeedbackManager m = manager(hook);

    m.addFeedback("s-1", Feedback.down("one"));
    m.addFeedback("s-1", Feedback.up("fine"));
    m.addFeedback("s-1", Feedback.neutral("later"));
    m.addFeedback("s-2", Feedback.down("other session"));
    FeedbackResult third = m.addFeedback("s-1", Feedback.down("two"));
    m.addFeedback("s-1", Feedback.down("three"));

    List<Notification> got = notifier.await(4);
    assertThat(got)
        .extracting(Notification::sessionId, Notification::count)
        .containsExactly(tuple("s-1", 1L), tuple("s-2", 1L), tuple("s-1", 2L), tuple("s-1", 3L));
    Notification n = got.get(2);
    assertThat(n.type()).isEqualTo(Notification.TYPE_FEEDBACK);
    assertThat(n.feedback()).isEqualTo(third.feedback());
    assertThat(n.time()).isEqualTo(NOW);
    assertThat(n.reason()).isEqualTo("rating_down");
    assertThat(n.message()).isEqualTo("2nd negative feedback in session s-1");
    assertThat(got.get(3).message()).isEqualTo("3rd negative feedback in session s-1");
    assertThat(hook.count("s-1")).isEqualTo(3);

    DeliveryReport report = hook.shutdown(Duration.ofSeconds(5));
    assertThat(report.stats()).isEqualTo(new DeliveryStats(4, 4, 0, 0, 0, 0));
    assertThat(report.complete()).isTrue();
    assertThat(report.timedOut()).isFalse();
  }

  @Test
  void duplicateNotifiesNobody() throws Exception {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).build();
    FeedbackManager m = manager(hook);

    Feedback f = Feedback.down("retried").toBuilder().id("fb-1").build();
    assertThat(m.addFeedback("s", f).created()).isTrue();
    assertThat(m.addFeedback("s", f).created()).isFalse();

    assertThat(hook.shutdown(Duration.ofSeconds(5)).stats().delivered()).isEqualTo(1);
    assertThat(notifier.drained())
        .singleElement()
        .satisfies(n -> assertThat(n.count()).isEqualTo(1));
    assertThat(hook.count("s")).isEqualTo(1);
  }

  @Test
  void rejectedFeedbackNotifiesNobody() {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).build();
    FeedbackHook reject =
        chain -> {
          throw new FeedbackRejectedException("spam", "looks like spam");
        };
    FeedbackManager m = manager(hook, reject);

    assertThatThrownBy(() -> m.addFeedback("s", Feedback.down("buy now")))
        .isInstanceOf(FeedbackRejectedException.class);

    assertThat(hook.shutdown(Duration.ofSeconds(5)).stats().accepted()).isZero();
    assertThat(hook.count("s")).isZero();
  }

  @Test
  void notifierErrorsNeverReachTheCaller() {
    NotificationHook hook =
        hook(n -> {
              throw new IllegalStateException("receiver down");
            })
            .build();
    FeedbackManager m = manager(hook);

    FeedbackResult r = m.addFeedback("s", Feedback.down("x"));

    assertThat(r.created()).isTrue();
    assertThat(m.getFeedbacks("s")).containsExactly(r.feedback());
    DeliveryReport report = hook.shutdown(Duration.ofSeconds(5));
    assertThat(report.stats().failed()).isEqualTo(1);
    assertThat(report.complete()).isFalse();
  }

  @Test
  void predicateErrorsNeverReachTheCaller() {
    NotificationHook hook =
        hook(new RecordingNotifier())
            .when(
                f -> {
                  throw new IllegalArgumentException("bad predicate");
                })
            .build();
    FeedbackManager m = manager(hook);

    assertThat(m.addFeedback("s", Feedback.down("x")).created()).isTrue();
    assertThat(hook.shutdown(Duration.ofSeconds(5)).stats().accepted()).isZero();
  }

  @Test
  void ratingsChooseWhatIsNotifiedAndNameIt() throws Exception {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).ratings(Rating.DOWN, Rating.NEUTRAL).build();
    FeedbackManager m = manager(hook);

    m.addFeedback("s", Feedback.up("a"));
    m.addFeedback("s", Feedback.neutral("b"));
    m.addFeedback("s", Feedback.down("c"));

    assertThat(notifier.await(2))
        .extracting(Notification::message, Notification::reason)
        .containsExactly(
            tuple("1st negative or neutral feedback in session s", "rating_neutral"),
            tuple("2nd negative or neutral feedback in session s", "rating_down"));
  }

  @Test
  void allRatingsAreCalledFeedback() throws Exception {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).ratings(Rating.UP, Rating.DOWN, Rating.NEUTRAL).build();
    manager(hook).addFeedback("s", Feedback.up("a"));

    assertThat(notifier.await(1).get(0).message()).isEqualTo("1st feedback in session s");
  }

  @Test
  void customPredicateSeesTheStoredFeedback() throws Exception {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook =
        hook(notifier)
            .when(f -> "web".equals(f.attributes().get("channel")), "web feedback")
            .build();
    FeedbackHook stamp =
        chain -> chain.proceed(chain.feedback().toBuilder().attribute("channel", "web").build());
    manager(hook, stamp).addFeedback("s", Feedback.up("a"));

    Notification n = notifier.await(1).get(0);
    assertThat(n.message()).isEqualTo("1st web feedback in session s");
    assertThat(n.feedback().attributes()).containsEntry("channel", "web");
  }

  @Test
  void fullQueueDropsAndCountsWithoutBlockingTheCaller() throws Exception {
    RecordingNotifier notifier = RecordingNotifier.gated();
    NotificationHook hook = hook(notifier).queueCapacity(2).build();
    FeedbackManager m = manager(hook);

    m.addFeedback("s", Feedback.down("in flight"));
    assertThat(notifier.started.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(m.addFeedback("s", Feedback.down("more " + i)).created()).isTrue();
    }

    assertThat(hook.stats()).isEqualTo(new DeliveryStats(3, 0, 0, 2, 0, 2));
    assertThat(m.getFeedbacks("s")).hasSize(5);
    notifier.release();
    DeliveryReport report = hook.shutdown(Duration.ofSeconds(5));
    assertThat(report.stats()).isEqualTo(new DeliveryStats(3, 3, 0, 2, 0, 0));
    assertThat(report.complete()).isFalse();
  }

  @Test
  void closeDrainsTheQueue() throws Exception {
    RecordingNotifier notifier = RecordingNotifier.gated();
    NotificationHook hook = hook(notifier).build();
    FeedbackManager m = manager(hook);
    for (int i = 0; i < 5; i++) {
      m.addFeedback("s", Feedback.down("x" + i));
    }
    notifier.release();

    DeliveryReport report = hook.shutdown(Duration.ofSeconds(10));

    assertThat(report.stats().delivered()).isEqualTo(5);
    assertThat(report.undelivered()).isEmpty();
    assertThat(notifier.drained())
        .extracting(Notification::count)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void closeReportsWhatWasNotDeliveredWhenTheTimeoutExpires() throws Exception {
    RecordingNotifier stuck = RecordingNotifier.gated(); // never released
    NotificationHook hook = hook(stuck).build();
    FeedbackManager m = manager(hook);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(m.addFeedback("s", Feedback.down("x" + i)).feedbackId());
    }
    assertThat(stuck.started.await(10, TimeUnit.SECONDS)).isTrue();

    DeliveryReport report = hook.shutdown(Duration.ZERO);

    assertThat(report.timedOut()).isTrue();
    assertThat(report.stats()).isEqualTo(new DeliveryStats(3, 0, 0, 0, 3, 0));
    assertThat(report.undelivered())
        .extracting(n -> n.feedback().id())
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void closeIsIdempotentAndLaterFeedbackIsStoredButNotNotified() {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).build();
    FeedbackManager m = manager(hook);
    DeliveryReport first = hook.shutdown(Duration.ofSeconds(5));
    hook.close();
    assertThat(hook.shutdown(Duration.ofSeconds(5))).isSameAs(first);

    assertThat(m.addFeedback("s", Feedback.down("after close")).created()).isTrue();

    assertThat(hook.stats().dropped()).isEqualTo(1);
    assertThat(m.getFeedbacks("s")).hasSize(1);
  }

  @Test
  void managerCloseClosesTheHook() {
    NotificationHook hook = hook(new RecordingNotifier()).build();
    FeedbackManager m =
        FeedbackManager.builder().store(new InMemoryFeedbackStore()).hooks(hook).build();
    m.addFeedback("s", Feedback.down("x"));

    m.close();

    assertThat(hook.stats().pending()).isZero();
    assertThat(hook.stats().delivered()).isEqualTo(1);
    m.addFeedback("s", Feedback.down("y")); // the in-memory store still works
    assertThat(hook.stats().dropped()).isEqualTo(1);
  }

  @Test
  void forgottenSessionsCountFromOneAgain() throws Exception {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).maxTrackedSessions(2).build();
    FeedbackManager m = manager(hook);

    m.addFeedback("a", Feedback.down("1"));
    m.addFeedback("b", Feedback.down("1"));
    m.addFeedback("b", Feedback.down("2")); // b counted again: b is kept over a
    m.addFeedback("c", Feedback.down("1")); // evicts a, the oldest not counted again
    m.addFeedback("a", Feedback.down("2"));
    m.addFeedback("b", Feedback.down("3"));

    assertThat(notifier.await(6))
        .extracting(Notification::count)
        .containsExactly(1L, 1L, 2L, 1L, 1L, 3L);
  }

  @Test
  void everyNotifierGetsEveryNotification() throws Exception {
    RecordingNotifier one = new RecordingNotifier();
    RecordingNotifier two = new RecordingNotifier();
    NotificationHook hook = hook(one).notifier(two).workerThreads(2).build();
    manager(hook).addFeedback("s", Feedback.down("x"));

    assertThat(one.await(1)).hasSize(1);
    assertThat(two.await(1)).hasSize(1);
    assertThat(hook.shutdown(Duration.ofSeconds(5)).stats().delivered()).isEqualTo(2);
  }

  @Test
  void deliveriesThatIgnoreInterruptsAreReportedUndelivered() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    NotificationHook hook =
        hook(n -> {
              started.countDown();
              while (true) {
                try {
                  release.await();
                  return;
                } catch (InterruptedException ignored) {
                  // a notifier that does not respond to interruption
                }
              }
            })
            .build();
    manager(hook).addFeedback("s", Feedback.down("x"));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    DeliveryReport report = hook.shutdown(Duration.ZERO);
    release.countDown();

    assertThat(report.stats()).isEqualTo(new DeliveryStats(1, 0, 0, 0, 1, 0));
    assertThat(report.undelivered()).hasSize(1);
  }

  @Test
  void concurrentCallersGetDistinctCounts() throws Exception {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).workerThreads(4).build();
    FeedbackManager m = manager(hook);
    int threads = 4;
    int each = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    m.addFeedback("s", Feedback.down("x"));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(notifier.await(threads * each))
        .extracting(Notification::count)
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(1, threads * each).boxed().toList());
    assertThat(hook.shutdown(Duration.ofSeconds(10)).stats().delivered()).isEqualTo(threads * each);
  }

  @Test
  void builderAndCallsNameWhatIsMissingOrNonsense() {
    assertThatThrownBy(() -> NotificationHook.builder().ratings((Rating[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ratings");
    assertThatThrownBy(() -> NotificationHook.builder().ratings(Rating.DOWN, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("ratings");
    assertThatThrownBy(() -> NotificationHook.builder().ratings())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ratings");
    assertThatThrownBy(() -> NotificationHook.builder().overflowPolicy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("overflowPolicy");
    assertThatThrownBy(
            () ->
                NotificationHook.builder()
                    .queueCapacity(NotificationDispatcher.MAX_QUEUE_CAPACITY + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> NotificationHook.builder().maxTrackedSessions(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTrackedSessions");
    assertThatThrownBy(() -> NotificationHook.builder().closeTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("closeTimeout");

    NotificationHook hook = hook(new RecordingNotifier()).build();
    toClose.add(hook);
    assertThatThrownBy(() -> hook.intercept(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("chain");
    assertThatThrownBy(() -> hook.count(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sessionId");
    assertThatThrownBy(() -> hook.shutdown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
  }

  @Test
  void buildingWithoutNotifierFails() {
    assertThatThrownBy(() -> NotificationHook.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("notifier");
  }

  @Test
  void replacedFeedbackIsNotNotifiedAgain() {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).build();
    FeedbackManager m = manager(hook);
    Feedback added =
        m.addFeedback("s", Feedback.down("wrong").toBuilder().id("fb-1").build()).feedback();
    assertThat(m.updateFeedback("s", added.toBuilder().comment("still wrong").build()).outcome())
        .isEqualTo(FeedbackResult.Outcome.REPLACED);
    FeedbackManager votes =
        FeedbackManager.builder()
            .store(new InMemoryFeedbackStore())
            .oneVotePerUserAndMessage(true)
            .hooks(hook)
            .build();
    Feedback vote = Feedback.builder().userId("u").messageId("m").rating(Rating.UP).build();
    votes.addFeedback("s", vote);
    assertThat(
            votes
                .addFeedback("s", vote.toBuilder().rating(Rating.DOWN).comment("no").build())
                .outcome())
        .isEqualTo(FeedbackResult.Outcome.REPLACED);

    assertThat(hook.shutdown(Duration.ofSeconds(5)).stats().delivered()).isEqualTo(1);
    assertThat(notifier.drained())
        .singleElement()
        .satisfies(n -> assertThat(n.feedback().id()).isEqualTo("fb-1"));
    assertThat(hook.count("s")).isEqualTo(1);
  }

  @Test
  void votesTheStoreLeftAsTheyWereAreNoChangeAndNotifyNobody() {
    RecordingNotifier notifier = new RecordingNotifier();
    NotificationHook hook = hook(notifier).build();
    FeedbackManager votes =
        FeedbackManager.builder()
            .store(new InMemoryFeedbackStore())
            .oneVotePerUserAndMessage(true)
            .hooks(hook)
            .build();
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    Feedback first =
        Feedback.builder()
            .userId("u")
            .messageId("m")
            .rating(Rating.DOWN)
            .comment("wrong")
            .createdAt(t0)
            .build();
    Feedback second = first.toBuilder().comment("still wrong").createdAt(t0.plusSeconds(5)).build();
    assertThat(votes.addFeedback("s", first).outcome()).isEqualTo(FeedbackResult.Outcome.CREATED);
    assertThat(votes.addFeedback("s", second).outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(votes.addFeedback("s", second).outcome()) // retried
        .isEqualTo(FeedbackResult.Outcome.UNCHANGED);
    assertThat(votes.addFeedback("s", first).outcome()) // the first click's late retry
        .isEqualTo(FeedbackResult.Outcome.STALE);

    assertThat(hook.shutdown(Duration.ofSeconds(5)).stats().delivered()).isEqualTo(1);
    assertThat(notifier.drained())
        .singleElement()
        .satisfies(n -> assertThat(n.feedback().comment()).isEqualTo("wrong"));
    assertThat(hook.count("s")).isEqualTo(1);
  }
}
