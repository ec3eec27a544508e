package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.Tally;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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
    assertThat(snap.ratings().total()).isEqualTo(5);
    assertThat(snap.ratings().up()).isEqualTo(3);
    assertThat(snap.ratings().down()).isEqualTo(1);
    assertThat(snap.ratings().neutral()).isEqualTo(1);
    assertThat(snap.ratings().satisfaction()).isEqualTo(75.0);
    assertThat(analytics.satisfaction()).isEqualTo(75.0);
  }

  @Test
  void satisfactionIsNoDataWithoutFeedbackRatedUpOrDownAsInTheStoredFigures() {
    AnalyticsHook analytics = AnalyticsHook.defaults();
    assertThat(analytics.satisfaction()).isNull();
    assertThat(analytics.snapshot().ratings().satisfaction()).isNull();
    manager(analytics).addFeedback("s", Feedback.neutral("later"));
    assertThat(analytics.satisfaction()).isNull();
    assertThat(analytics.snapshot().ratings())
        .isEqualTo(FeedbackAnalytics.of(store).summary(FeedbackQuery.all()).ratings());
    assertThat(analytics.snapshot().ratings().satisfaction()).isNull();
  }

  @Test
  void averageCommentLengthIsPerFeedbackInCodePointsAsInTheStoredFigures() {
    AnalyticsHook analytics = AnalyticsHook.defaults();
    FeedbackManager m = manager(analytics);
    assertThat(analytics.snapshot().comments().averageLength()).isNull();
    m.addFeedback("s", Feedback.up("abcd"));
    m.addFeedback("s", Feedback.up("\uD83D\uDC4D\uD83D\uDC4D")); // two emoji
    m.addFeedback("s", Feedback.up(null));
    AnalyticsSnapshot snap = analytics.snapshot();
    assertThat(snap.comments().commented()).isEqualTo(2);
    // (4 + 2 + 0) / 3 feedbacks: the one without a comment counts as 0.
    assertThat(snap.comments().averageLength()).isEqualTo(2.0);
    assertThat(snap.comments())
        .isEqualTo(FeedbackAnalytics.of(store).summary(FeedbackQuery.all()).comments());
  }

  @Test
  void liveFiguresEqualTheStoredFiguresOfTheSameFeedback() {
    AnalyticsHook analytics = AnalyticsHook.builder().clock(clock).build();
    FeedbackManager m = manager(analytics);
    Random random = new Random(16);
    String[] comments = {"", "ok", "still broken 💥", "日本語", "x".repeat(70)};
    for (int i = 0; i < 300; i++) {
      Feedback.Builder f = Feedback.builder().comment(comments[random.nextInt(comments.length)]);
      int kind = random.nextInt(5);
      if (kind < 3) {
        f.rating(Rating.values()[kind]);
      } else {
        f.score(random.nextInt(11), Scale.NPS); // a survey answer: no rating
      }
      m.addFeedback("s-" + random.nextInt(7), f.build());
      clock.advance(Duration.ofMinutes(random.nextInt(200)));
    }
    m.addFeedback("only-neutral", Feedback.neutral(null));

    FeedbackAnalytics stored = m.analytics();
    AnalyticsSnapshot live = analytics.snapshot();
    FeedbackSummary all = stored.summary(FeedbackQuery.all());
    assertThat(live.ratings()).isEqualTo(all.ratings());
    assertThat(live.comments()).isEqualTo(all.comments());
    assertThat(analytics.satisfaction()).isEqualTo(all.ratings().satisfaction());
    assertThat(live.ratings().unrated()).isPositive();
    for (String session : live.sessions().keySet()) {
      assertThat(analytics.session(session))
          .as(session)
          .contains(stored.summary(FeedbackQuery.session(session)).ratings());
    }
    assertThat(live.sessions()).hasSize(8);
    assertThat(live.sessions().get("only-neutral").satisfaction()).isNull();
    List<Long> byHour = new ArrayList<>(Collections.nCopies(24, 0L));
    for (Trend.Point p :
        stored.trend(FeedbackQuery.all(), Granularity.HOUR_OF_DAY, clock.getZone()).points()) {
      byHour.set(Integer.parseInt(p.period()), p.summary().ratings().total());
    }
    assertThat(live.byHourOfDay()).isEqualTo(byHour);
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
    assertThat(analytics.session("a")).contains(ratings(1, 1, 0, 0));
    assertThat(analytics.snapshot().sessions()).containsEntry("b", ratings(0, 0, 1, 0));
    assertThat(analytics.session("nobody")).isEmpty();
  }

  @Test
  void onlyStoredFeedbackIsCounted() {
    AnalyticsHook analytics = AnalyticsHook.defaults();
    FeedbackHook rejectDown =
        chain -> {
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
    assertThat(analytics.snapshot().ratings().total()).isEqualTo(1);
    assertThat(analytics.session("s")).contains(ratings(1, 0, 0, 0));
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
    // "hot" is used again between additions; of the sessions seen once the oldest goes.
    assertThat(snap.sessions()).hasSize(100).containsKey("hot").containsKey("s-9999");
    assertThat(snap.sessions()).containsKey("s-9901").doesNotContainKey("s-9900");
    assertThat(snap.evictedSessions()).isEqualTo(10_000 + 1 - 100);
    assertThat(snap.ratings().total()).isEqualTo(20_000);
  }

  @Test
  void aSessionLookedUpIsKeptOverOnesUsedLessRecently() {
    AnalyticsHook analytics = AnalyticsHook.builder().maxSessions(2).build();
    FeedbackHookHarness harness = new FeedbackHookHarness(analytics);
    harness.add("a", Feedback.up("x"));
    harness.add("b", Feedback.up("x"));
    assertThat(analytics.session("a")).isPresent();
    harness.add("c", Feedback.up("x"));
    assertThat(analytics.snapshot().sessions()).containsOnlyKeys("a", "c");
    assertThat(analytics.snapshot().evictedSessions()).isEqualTo(1);
  }

  @Test
  void maxSessionsZeroKeepsTotalsButNoSessions() {
    AnalyticsHook analytics = AnalyticsHook.builder().maxSessions(0).build();
    FeedbackManager m = manager(analytics);
    m.addFeedback("a", Feedback.up("x"));
    m.addFeedback("b", Feedback.down("y"));
    AnalyticsSnapshot snap = analytics.snapshot();
    assertThat(snap.ratings())
        .isEqualTo(FeedbackAnalytics.of(store).summary(FeedbackQuery.all()).ratings());
    assertThat(snap.sessions()).isEmpty();
    assertThat(snap.evictedSessions()).isZero();
    assertThat(analytics.session("a")).isEmpty();
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
    assertThat(snap.ratings().total()).isEqualTo(1);
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
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_500; i++) {
                    harness.add(
                        "s-" + (i % 10), i % 2 == 0 ? Feedback.up("ok") : Feedback.down("no"));
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
    assertThat(snap.ratings().total()).isEqualTo(10_000);
    assertThat(snap.ratings().up()).isEqualTo(5_000);
    assertThat(snap.sessions().values().stream().mapToLong(FeedbackSummary.Ratings::total).sum())
        .isEqualTo(10_000);
  }

  @Test
  void aCountingFailureNeverFailsTheCaller() {
    java.time.Clock broken =
        new java.time.Clock() {
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
    Feedback added =
        m.addFeedback("s", Feedback.builder().id("f-1").rating(Rating.DOWN).comment("bad").build())
            .feedback();
    assertThat(
            m.updateFeedback("s", added.toBuilder().rating(Rating.UP).comment("good now").build())
                .outcome())
        .isEqualTo(FeedbackResult.Outcome.REPLACED);
    FeedbackManager votes =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .oneVotePerUserAndMessage(true)
            .hooks(analytics)
            .build();
    Feedback vote = Feedback.builder().userId("u").messageId("m").rating(Rating.UP).build();
    assertThat(votes.addFeedback("s", vote).created()).isTrue();
    assertThat(votes.addFeedback("s", vote.toBuilder().rating(Rating.DOWN).build()).outcome())
        .isEqualTo(FeedbackResult.Outcome.REPLACED);

    AnalyticsSnapshot snap = analytics.snapshot();
    assertThat(snap.ratings().total()).isEqualTo(2);
    assertThat(snap.ratings())
        .extracting(FeedbackSummary.Ratings::up, FeedbackSummary.Ratings::down)
        .containsExactly(1L, 1L);
    assertThat(analytics.session("s")).contains(ratings(1, 1, 0, 0));
  }

  @Test
  void hoursFollowDaylightSavingChangesAndHalfHourZones() {
    // Paris moves from UTC+1 to UTC+2 at 2026-03-29T01:00:00Z: 01:59:59 is followed by 03:00.
    TestClock paris =
        new TestClock(Instant.parse("2026-03-29T00:59:59Z"), ZoneId.of("Europe/Paris"));
    AnalyticsHook analytics = AnalyticsHook.builder().clock(paris).build();
    FeedbackManager m = manager(analytics);
    m.addFeedback("s", Feedback.up("x")); // 01:59:59 local
    paris.advance(Duration.ofSeconds(1));
    m.addFeedback("s", Feedback.up("x")); // 03:00:00 local
    paris.set(Instant.parse("2026-03-29T00:30:00Z"));
    m.addFeedback("s", Feedback.up("x")); // 01:30 local: the clock went back
    // Kolkata is UTC+05:30: its hours start at half past in UTC.
    TestClock kolkata =
        new TestClock(Instant.parse("2026-03-01T04:29:59Z"), ZoneId.of("Asia/Kolkata"));
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

  /** The stored figures' ratings of these counts. */
  static FeedbackSummary.Ratings ratings(long up, long down, long neutral, long unrated) {
    return FeedbackSummary.of(
            Tally.builder()
                .rating(Rating.UP, up)
                .rating(Rating.DOWN, down)
                .rating(Rating.NEUTRAL, neutral)
                .unrated(unrated)
                .build())
        .ratings();
  }
}
