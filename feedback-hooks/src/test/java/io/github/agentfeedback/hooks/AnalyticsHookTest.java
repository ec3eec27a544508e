package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.hooks.AnalyticsSnapshot.SessionCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AnalyticsHookTest {

  private final TestClock clock = TestClock.at("2026-03-01T09:30:00Z");
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  private FeedbackManager manager(FeedbackHook... hooks) {
    return FeedbackManager.builder().store(store).hooks(hooks).clock(clock).build();
  }

  @Test
  void countsRatingsAndSatisfaction() {
    AnalyticsHook analytics = AnalyticsHook.builder().clock(clock).build();
    FeedbackManager m = manager(analytics);
    m.addFeedback("s", Feedback.up("a"));
    m.addFeedback("s", Feedback.up("b"));
    m.addFeedback("s", Feedback.up("c"));
    m.addFeedback("s", Feedback.down("d"));
    m.addFeedback("s", Feedback.neutral(null));

    AnalyticsSnapshot snap = analytics.snapshot();
    assertThat(snap.total()).isEqualTo(5);
    assertThat(snap.positive()).isEqualTo(3);
    assertThat(snap.negative()).isEqualTo(1);
    assertThat(snap.neutral()).isEqualTo(1);
    assertThat(snap.satisfactionScore()).isEqualTo(75.0);
    assertThat(analytics.satisfactionScore()).isEqualTo(75.0);
  }

  @Test
  void satisfactionIsZeroWithoutRatedFeedback() {
    AnalyticsHook analytics = AnalyticsHook.defaults();
    assertThat(analytics.satisfactionScore()).isZero();
    manager(analytics).addFeedback("s", Feedback.neutral("later"));
    assertThat(analytics.snapshot().satisfactionScore()).isZero();
  }

  @Test
  void averageCommentLengthIsPerFeedbackInCodePointsAsInTheStoresStats() {
    AnalyticsHook analytics = AnalyticsHook.defaults();
    FeedbackManager m = manager(analytics);
    assertThat(analytics.snapshot().averageCommentLength()).isZero();
    m.addFeedback("s", Feedback.up("abcd"));
    m.addFeedback("s", Feedback.up("\uD83D\uDC4D\uD83D\uDC4D")); // two emoji
    m.addFeedback("s", Feedback.up(null));
    AnalyticsSnapshot snap = analytics.snapshot();
    assertThat(snap.commented()).isEqualTo(2);
    // (4 + 2 + 0) / 3 feedbacks: the one without a comment counts as 0.
    assertThat(snap.averageCommentLength()).isEqualTo(2.0);
    assertThat(snap.averageCommentLength())
        .isEqualTo(store.stats(FeedbackQuery.builder().build()).averageCommentLength());
  }

  @Test
  void countsByHourOfDayInTheClocksZone() {
    TestClock paris = new TestClock(clock.instant(), ZoneId.of("Europe/Paris"));
    AnalyticsHook analytics = AnalyticsHook.builder().clock(paris).build();
    FeedbackManager m = manager(analytics);
    m.addFeedback("s", Feedback.up("x")); // 09:30Z = 10:30 in Paris
    paris.advance(Duration.ofHours(14)); // 00:30 next day in Paris
    m.addFeedback("s", Feedback.up("y"));
    m.addFeedback("s", Feedback.up("z"));
    List<Long> hours = analytics.snapshot().byHourOfDay();
    assertThat(hours).hasSize(24);
    assertThat(hours.get(10)).isEqualTo(1);
    assertThat(hours.get(0)).isEqualTo(2);
    assertThat(hours.stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
  }

  @Test
  void countsPerSession() {
    AnalyticsHook analytics = AnalyticsHook.defaults();
    FeedbackManager m = manager(analytics);
    m.addFeedback("a", Feedback.up("x"));
    m.addFeedback("a", Feedback.down("y"));
    m.addFeedback("b", Feedback.neutral("z"));
    assertThat(analytics.session("a")).contains(new SessionCounts(2, 1, 1, 0));
    assertThat(analytics.snapshot().sessions()).containsEntry("b", new SessionCounts(1, 0, 0, 1));
    assertThat(analytics.session("nobody")).isEmpty();
  }

  @Test
  void onlyStoredFeedbackIsCounted() {
    AnalyticsHook analytics = AnalyticsHook.defaults();
    FeedbackHook rejectDown = chain -> {
      if (chain.feedback().rating() == Rating.DOWN) {
        throw new FeedbackRejectedException(FeedbackRejectedException.SPAM, "no");
      }
      return chain.proceed(chain.feedback());
    };
    FeedbackManager m = manager(analytics, rejectDown);
    Feedback f = Feedback.builder().id("once").rating(Rating.UP).build();
    m.addFeedback("s", f);
    m.addFeedback("s", f); // duplicate: not counted again
    assertThatThrownBy(() -> m.addFeedback("s", Feedback.down("x")))
        .isInstanceOf(FeedbackRejectedException.class);
    assertThat(analytics.snapshot().total()).isEqualTo(1);
    assertThat(analytics.session("s")).contains(new SessionCounts(1, 1, 0, 0));
  }

  @Test
  void perSessionCountsAreBoundedLeastRecentlyActiveFirst() {
    AnalyticsHook analytics = AnalyticsHook.builder().maxSessions(100).build();
    FeedbackHookHarness harness = new FeedbackHookHarness(analytics);
    for (int i = 0; i < 10_000; i++) {
      harness.add("s-" + i, Feedback.up("x"));
      harness.add("hot", Feedback.up("x"));
    }
    AnalyticsSnapshot snap = analytics.snapshot();
    assertThat(snap.sessions().size()).isLessThanOrEqualTo(100);
    assertThat(snap.sessions()).containsKey("hot").containsKey("s-9999");
    assertThat(snap.evictedSessions()).isEqualTo(10_000 + 1 - snap.sessions().size());
    assertThat(snap.total()).isEqualTo(20_000);
  }

  @Test
  void snapshotIsImmutable() {
    AnalyticsHook analytics = AnalyticsHook.defaults();
    manager(analytics).addFeedback("s", Feedback.up("x"));
    AnalyticsSnapshot snap = analytics.snapshot();
    assertThatThrownBy(() -> snap.byHourOfDay().set(0, 5L))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> snap.sessions().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    manager(analytics).addFeedback("s", Feedback.up("y"));
    assertThat(snap.total()).isEqualTo(1);
  }

  @Test
  void countsAreExactUnderConcurrentUse() throws Exception {
    AnalyticsHook analytics = AnalyticsHook.builder().clock(clock).build();
    FeedbackHookHarness harness = new FeedbackHookHarness(analytics);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 2_500; i++) {
            harness.add("s-" + (i % 10), i % 2 == 0 ? Feedback.up("ok") : Feedback.down("no"));
          }
          return thread;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    AnalyticsSnapshot snap = analytics.snapshot();
    assertThat(snap.total()).isEqualTo(10_000);
    assertThat(snap.positive()).isEqualTo(5_000);
    assertThat(snap.sessions().values().stream().mapToLong(SessionCounts::total).sum())
        .isEqualTo(10_000);
  }

  @Test
  void aCountingFailureNeverFailsTheCaller() {
    java.time.Clock broken = new java.time.Clock() {
      @Override
      public ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        throw new IllegalStateException("clock broke");
      }
    };
    AnalyticsHook analytics = AnalyticsHook.builder().clock(broken).build();
    FeedbackResult r = manager(analytics).addFeedback("s", Feedback.up("x"));
    assertThat(r.created()).isTrue();
    assertThat(store.list("s")).hasSize(1);
  }

  @Test
  void replacedFeedbackIsNotCountedAgain() {
    AnalyticsHook analytics = AnalyticsHook.builder().clock(clock).build();
    FeedbackManager m = manager(analytics);
    Feedback added = m.addFeedback("s", Feedback.builder().id("f-1").rating(Rating.DOWN)
        .comment("bad").build()).feedback();
    assertThat(m.updateFeedback("s", added.toBuilder().rating(Rating.UP).comment("good now")
        .build()).outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    FeedbackManager votes = FeedbackManager.builder().store(store).clock(clock)
        .oneVotePerUserAndMessage(true).hooks(analytics).build();
    Feedback vote = Feedback.builder().userId("u").messageId("m").rating(Rating.UP).build();
    assertThat(votes.addFeedback("s", vote).created()).isTrue();
    assertThat(votes.addFeedback("s", vote.toBuilder().rating(Rating.DOWN).build()).outcome())
        .isEqualTo(FeedbackResult.Outcome.REPLACED);

    AnalyticsSnapshot snap = analytics.snapshot();
    assertThat(snap.total()).isEqualTo(2);
    assertThat(snap).extracting(AnalyticsSnapshot::positive, AnalyticsSnapshot::negative)
        .containsExactly(1L, 1L);
    assertThat(analytics.session("s")).contains(new SessionCounts(2, 1, 1, 0));
  }

  @Test
  void hoursFollowDaylightSavingChangesAndHalfHourZones() {
    // Paris moves from UTC+1 to UTC+2 at 2026-03-29T01:00:00Z: 01:59:59 is followed by 03:00.
    TestClock paris = new TestClock(Instant.parse("2026-03-29T00:59:59Z"),
        ZoneId.of("Europe/Paris"));
    AnalyticsHook analytics = AnalyticsHook.builder().clock(paris).build();
    FeedbackManager m = manager(analytics);
    m.addFeedback("s", Feedback.up("x")); // 01:59:59 local
    paris.advance(Duration.ofSeconds(1));
    m.addFeedback("s", Feedback.up("x")); // 03:00:00 local
    paris.set(Instant.parse("2026-03-29T00:30:00Z"));
    m.addFeedback("s", Feedback.up("x")); // 01:30 local: the clock went back
    // Kolkata is UTC+05:30: its hours start at half past in UTC.
    TestClock kolkata = new TestClock(Instant.parse("2026-03-01T04:29:59Z"),
        ZoneId.of("Asia/Kolkata"));
    AnalyticsHook india = AnalyticsHook.builder().clock(kolkata).build();
    FeedbackManager k = manager(india);
    k.addFeedback("s", Feedback.up("x")); // 09:59:59 local
    kolkata.advance(Duration.ofSeconds(1));
    k.addFeedback("s", Feedback.up("x")); // 10:00:00 local

    List<Long> hours = analytics.snapshot().byHourOfDay();
    assertThat(hours.get(1)).isEqualTo(2);
    assertThat(hours.get(3)).isEqualTo(1);
    assertThat(hours.get(2)).isZero();
    List<Long> indianHours = india.snapshot().byHourOfDay();
    assertThat(indianHours.get(9)).isEqualTo(1);
    assertThat(indianHours.get(10)).isEqualTo(1);
  }

  @Test
  void aClockAtTheEndsOfTimeIsCountedInItsHour() {
    TestClock clockAtEnd = new TestClock(Instant.MAX);
    AnalyticsHook analytics = AnalyticsHook.builder().clock(clockAtEnd).build();
    FeedbackManager m = manager(analytics);
    m.addFeedback("s", Feedback.up("x"));
    clockAtEnd.set(Instant.MIN);
    m.addFeedback("s", Feedback.up("x"));
    List<Long> hours = analytics.snapshot().byHourOfDay();
    assertThat(hours.get(23)).isEqualTo(1); // +1000000000-12-31T23:59:59.999999999Z
    assertThat(hours.get(0)).isEqualTo(1); // -1000000000-01-01T00:00:00Z
  }
}
