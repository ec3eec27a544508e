package io.github.agentfeedback.tck;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Comparison.Candidate;
import io.github.agentfeedback.Comparison.Preference;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.StopWords;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Fixed data sets for the analytics tests (varied ones come from {@link RandomFeedback}).
 * Each loader writes through the SPI ({@link FeedbackStore#append},
 * {@link FeedbackStore#updateMetadata}), so it fills any store, for a store's own analytics
 * tests too. The expected figures of each fixed set are worked out by hand in
 * {@link FeedbackAnalyticsContract}.
 *
 * <p>Thread-safe: stateless; each loader writes to the store it is given.
 */
public final class AnalyticsFixtures {

  /** Monday of ISO week 2026-W10, 10:00 UTC. */
  public static final Instant MONDAY = Instant.parse("2026-03-02T10:00:00Z");

  private AnalyticsFixtures() {}

  /**
   * Twelve feedbacks in sessions {@code s1} and {@code s2}: 6 up, 4 down, 2 neutral;
   * comments of 12, 8, 5, 1, 5, 2 and 2 code points; dimension ratings accuracy 5 and 2,
   * clarity 4 and 1; NPS scores 10, 9, 8, 6; CSAT 5, 4, 3, 1; CES 2, 3, 7; one 5-star
   * score of 4; sentiment 0.5, −0.25 and 0.125 (and two unusable values).
   */
  public static void summary(FeedbackStore store) {
    add(
        store,
        "s1",
        at("f01", Rating.UP, "Great answer", 0)
            .score(10, Scale.NPS)
            .dimension(Dimension.ACCURACY, 5)
            .dimension(Dimension.CLARITY, 4)
            .attribute("sentiment", 0.5));
    add(store, "s1", at("f02", Rating.UP, "", 1).score(9, Scale.NPS));
    add(
        store,
        "s1",
        at("f03", Rating.DOWN, "too slow", 2).score(8, Scale.NPS).attribute("sentiment", -0.25));
    add(
        store,
        "s1",
        at("f04", Rating.NEUTRAL, "héllo", 3).score(6, Scale.NPS).dimension(Dimension.ACCURACY, 2));
    add(
        store,
        "s1",
        at("f05", Rating.UP, "👍", 4).score(5, Scale.CSAT).attribute("sentiment", 0.125));
    add(
        store,
        "s1",
        at("f06", Rating.DOWN, "wrong", 5).score(4, Scale.CSAT).attribute("sentiment", "n/a"));
    add(store, "s2", at("f07", Rating.UP, "", 6).score(3, Scale.CSAT));
    add(
        store,
        "s2",
        at("f08", Rating.NEUTRAL, "", 7).score(1, Scale.CSAT).attribute("sentiment", 1.5));
    add(
        store,
        "s2",
        at("f09", Rating.DOWN, "🙁🙁", 8).score(2, Scale.CES).dimension(Dimension.CLARITY, 1));
    add(store, "s2", at("f10", Rating.UP, "ok", 9).score(3, Scale.CES));
    add(store, "s2", at("f11", Rating.UP, "", 10).score(7, Scale.CES));
    add(store, "s2", at("f12", Rating.DOWN, "", 11).score(4, Scale.STARS_5));
  }

  /**
   * Cohorts by the session metadata {@code variant}: A has 6 up, 4 down and 1 neutral,
   * with 5-star scores 2, 3, 3, 4 and an NPS score of 9 (on the neutral one); B has 9 up, 1 down and 2 neutral with
   * 5-star scores 4, 5, 5, 4, 5; C has 1 up and 2 down; a session without a variant has 2
   * up; a session whose variant is the number 3.0 has 1 up and 1 down.
   */
  public static void cohorts(FeedbackStore store) {
    int[] n = {0};
    variant(store, "a-1", "A", n, "UUUDD", 2, 3);
    variant(store, "a-2", "A", n, "UUUDD", 3, 4);
    add(store, "a-2", at("v" + n[0]++, Rating.NEUTRAL, "", n[0]).score(9, Scale.NPS));
    variant(store, "b-1", "B", n, "UUUUUN", 4, 5, 5);
    variant(store, "b-2", "B", n, "UUUUDN", 4, 5);
    variant(store, "c-1", "C", n, "UDD");
    variant(store, "n-1", null, n, "UU");
    variant(store, "x-1", 3.0, n, "UD");
  }

  /**
   * Feedback around a change to daylight saving time in Europe/Madrid (2026-03-29, clocks
   * go from 02:00 CET to 03:00 CEST at 01:00 UTC) and around two ISO week-year boundaries
   * (2026-W01 starts Monday 2025-12-29; Friday 2027-01-01 is in 2026-W53), with times
   * chosen so that the UTC and Madrid days, weeks and months differ.
   */
  public static void trend(FeedbackStore store) {
    String[][] rows = {
      {"2025-12-28T12:00:00Z", "UP"},
      {"2025-12-28T23:30:00Z", "DOWN"},
      {"2026-01-01T12:00:00Z", "UP"},
      {"2026-01-31T23:30:00Z", "UP"},
      {"2026-03-28T22:30:00Z", "UP"},
      {"2026-03-28T23:30:00Z", "DOWN"},
      {"2026-03-29T12:00:00Z", "UP"},
      {"2026-03-29T21:30:00Z", "UP"},
      {"2026-03-29T22:30:00Z", "UP"},
      {"2027-01-01T12:00:00Z", "UP"},
      {"2027-01-03T23:30:00Z", "NEUTRAL"},
      {"2027-01-04T12:00:00Z", "DOWN"},
    };
    for (int i = 0; i < rows.length; i++) {
      add(
          store,
          "t-1",
          Feedback.builder()
              .id("t" + i)
              .rating(Rating.valueOf(rows[i][1]))
              .createdAt(Instant.parse(rows[i][0])));
    }
  }

  /**
   * Pairwise comparisons: gpt-4o beats claude 3 times, claude beats gpt-4o once, they tie
   * twice; claude beats llama twice (once as each candidate); two versions of gpt-4o meet
   * once (version 2024-08 wins); one candidate has no model; one feedback is no
   * comparison.
   */
  public static void comparisons(FeedbackStore store) {
    ModelRef gpt = ModelRef.of("gpt-4o");
    ModelRef claude = ModelRef.of("claude");
    ModelRef llama = ModelRef.of("llama");
    Object[][] rows = {
      {gpt, claude, Preference.A},
      {gpt, claude, Preference.A},
      {claude, gpt, Preference.B},
      {claude, gpt, Preference.A},
      {gpt, claude, Preference.TIE},
      {gpt, claude, Preference.TIE},
      {llama, claude, Preference.B},
      {claude, llama, Preference.A},
      {ModelRef.of("gpt-4o", "2024-05"), ModelRef.of("gpt-4o", "2024-08"), Preference.B},
      {null, claude, Preference.A},
    };
    for (int i = 0; i < rows.length; i++) {
      Candidate a =
          rows[i][0] == null
              ? new Candidate(null, "r-" + i, null)
              : Candidate.of((ModelRef) rows[i][0], null);
      Candidate b = Candidate.of((ModelRef) rows[i][1], null);
      add(
          store,
          "pairwise",
          at("cmp" + i, Rating.NEUTRAL, "", i)
              .comparison(Comparison.of(a, b, (Preference) rows[i][2])));
    }
    add(store, "pairwise", at("plain", Rating.UP, "", 20));
  }

  /**
   * Two ISO weeks of feedback in sessions {@code p-1} (variant A), {@code p-2} and
   * {@code p-3} (variant B): 2026-W09 (3 up, 4 down; negative comments "slow response",
   * "timeout", "Timeout error", "Wrong answer"; NPS 2 and 10) and 2026-W10 (2 up, 8 down,
   * 1 neutral; seven negative comments about slowness, checkout page timeouts and things
   * not working; NPS 3, 9, 10, 7; sentiment on 03-03 and 03-04).
   */
  public static void problems(FeedbackStore store) {
    store.updateMetadata("p-1", Map.of("variant", "A"));
    store.updateMetadata("p-2", Map.of("variant", "B"));
    store.updateMetadata("p-3", Map.of("variant", "B"));
    // 2026-W09
    add(
        store,
        "p-1",
        on("q1", Rating.DOWN, "slow response", "2026-02-24T09:00:00Z")
            .messageId("m-0")
            .score(2, Scale.NPS));
    add(store, "p-1", on("q2", Rating.UP, "", "2026-02-24T10:00:00Z").score(10, Scale.NPS));
    add(store, "p-2", on("q3", Rating.DOWN, "timeout", "2026-02-25T09:00:00Z"));
    add(store, "p-2", on("q4", Rating.DOWN, "Timeout error", "2026-02-25T10:00:00Z"));
    add(store, "p-2", on("q5", Rating.DOWN, "Wrong answer", "2026-02-26T09:00:00Z"));
    add(store, "p-2", on("q6", Rating.UP, "great", "2026-02-26T10:00:00Z"));
    add(store, "p-2", on("q7", Rating.UP, "", "2026-02-27T10:00:00Z"));
    // 2026-W10
    add(
        store,
        "p-1",
        on("c1", Rating.DOWN, "The answer was too slow.", "2026-03-03T09:00:00Z")
            .messageId("m-1")
            .tags("latency")
            .attribute("sentiment", -0.5)
            .score(3, Scale.NPS));
    add(
        store,
        "p-1",
        on("p1", Rating.UP, "not slow at all, great", "2026-03-03T10:00:00Z")
            .messageId("m-1")
            .attribute("sentiment", 0.8)
            .score(9, Scale.NPS));
    add(
        store,
        "p-1",
        on("c7", Rating.DOWN, "slow slow slow", "2026-03-04T09:00:00Z")
            .messageId("m-1")
            .tags("latency"));
    add(store, "p-1", on("c8", Rating.DOWN, "", "2026-03-05T09:00:00Z").messageId("m-1"));
    add(
        store,
        "p-2",
        on("c2", Rating.DOWN, "Checkout page timeout again", "2026-03-04T10:00:00Z")
            .messageId("m-2")
            .tags("checkout")
            .attribute("sentiment", -0.75));
    add(
        store,
        "p-2",
        on("c3", Rating.DOWN, "checkout page timeout!!", "2026-03-04T11:00:00Z")
            .messageId("m-2")
            .tags("checkout", "latency"));
    add(
        store,
        "p-2",
        on("c4", Rating.DOWN, "Timeout on the checkout page", "2026-03-05T10:00:00Z")
            .messageId("m-2")
            .tags("checkout"));
    add(
        store,
        "p-2",
        on("p2", Rating.UP, "fine", "2026-03-05T11:00:00Z")
            .messageId("m-4")
            .tags("checkout")
            .score(10, Scale.NPS));
    add(
        store,
        "p-3",
        on("c5", Rating.DOWN, "not working", "2026-03-06T09:00:00Z").messageId("m-3"));
    add(
        store,
        "p-3",
        on("c6", Rating.DOWN, "Still not working, slow", "2026-03-06T10:00:00Z")
            .messageId("m-3")
            .tags("latency"));
    add(store, "p-3", on("p3", Rating.NEUTRAL, "", "2026-03-07T09:00:00Z").score(7, Scale.NPS));
  }

  /**
   * Four feedbacks that differ in every grouping: users, messages, tags, models, sources,
   * review statuses and sessions ({@code k-1} holds three, {@code k-2} one).
   */
  public static void groupKinds(FeedbackStore store) {
    add(
        store,
        "k-1",
        at("k1", Rating.UP, "", 0)
            .userId("u-1")
            .messageId("m-1")
            .tags("a", "b")
            .model(ModelRef.of("gpt-4o", "1"))
            .review(new Review(ReviewStatus.APPROVED, "ann", MONDAY)));
    add(
        store,
        "k-1",
        at("k2", Rating.DOWN, "", 1)
            .userId("u-1")
            .messageId("m-2")
            .tags("b")
            .model(ModelRef.of("gpt-4o", "2"))
            .source(Source.REVIEWER, "rev-1"));
    add(
        store,
        "k-1",
        at("k3", Rating.UP, "", 2)
            .userId("u-2")
            .model(ModelRef.of("claude"))
            .source(Source.LLM_JUDGE, "judge")
            .review(Review.pending()));
    add(
        store,
        "k-2",
        at("k4", Rating.NEUTRAL, "", 3)
            .messageId("m-1")
            .tags("a")
            .review(new Review(ReviewStatus.REJECTED, null, null)));
  }

  private static void variant(
      FeedbackStore store,
      String session,
      @Nullable Object variant,
      int[] n,
      String ratings,
      int... stars) {
    if (variant != null) {
      store.updateMetadata(session, Map.of("variant", variant));
    }
    for (int i = 0; i < ratings.length(); i++) {
      Rating rating =
          switch (ratings.charAt(i)) {
            case 'U' -> Rating.UP;
            case 'D' -> Rating.DOWN;
            default -> Rating.NEUTRAL;
          };
      Feedback.Builder b = at("v" + n[0]++, rating, "", n[0]);
      if (i < stars.length) {
        b.score(stars[i], Scale.STARS_5);
      }
      add(store, session, b);
    }
  }

  private static Feedback.Builder at(String id, Rating rating, String comment, int minutes) {
    return Feedback.builder()
        .id(id)
        .rating(rating)
        .comment(comment)
        .createdAt(MONDAY.plusSeconds(60L * minutes));
  }

  private static Feedback.Builder on(String id, Rating rating, String comment, String at) {
    return Feedback.builder().id(id).rating(rating).comment(comment).createdAt(Instant.parse(at));
  }

  /**
   * The request of the stores' parity tests over {@link RandomFeedback}'s data: a breakdown
   * by every kind of key, in this order (breakdown {@code i} of the result answers the
   * {@code i}-th): metadata {@code variant} and {@code cohort}, tag, user (top 5 by DOWN),
   * message (only {@code m-1}, {@code m-2}, {@code m-999}), session (top 7), model, model
   * version, source, review status, day in New York, ISO week in Madrid, month in +05:30,
   * hour of day in New York, ISO week in UTC, and hours in +05:30, Madrid and New York; then
   * pairwise counts by model version and term counts with phrases (English stop words, at
   * least 2).
   *
   * @param query the feedback to analyze
   * @return the request
   */
  public static AnalyticsRequest everyKindOfKey(FeedbackQuery query) {
    ZoneId newYork = ZoneId.of("America/New_York");
    ZoneId madrid = ZoneId.of("Europe/Madrid");
    ZoneId kolkata = ZoneOffset.ofHoursMinutes(5, 30);
    return AnalyticsRequest.builder(query)
        .breakdown(Breakdown.of(GroupKey.metadata("variant")))
        .breakdown(Breakdown.of(GroupKey.metadata("cohort")))
        .breakdown(Breakdown.of(GroupKey.tag()))
        .breakdown(Breakdown.of(GroupKey.user()).top(Rating.DOWN, 5))
        .breakdown(Breakdown.of(GroupKey.message()).only(List.of("m-1", "m-2", "m-999")))
        .breakdown(Breakdown.of(GroupKey.session()).top(null, 7))
        .breakdown(Breakdown.of(GroupKey.model()))
        .breakdown(Breakdown.of(GroupKey.modelVersion()))
        .breakdown(Breakdown.of(GroupKey.source()))
        .breakdown(Breakdown.of(GroupKey.reviewStatus()))
        .breakdown(Breakdown.of(GroupKey.period(Granularity.DAY, newYork)))
        .breakdown(Breakdown.of(GroupKey.period(Granularity.ISO_WEEK, madrid)))
        .breakdown(Breakdown.of(GroupKey.period(Granularity.MONTH, kolkata)))
        .breakdown(Breakdown.of(GroupKey.period(Granularity.HOUR_OF_DAY, newYork)))
        .breakdown(Breakdown.of(GroupKey.period(Granularity.ISO_WEEK)))
        .breakdown(Breakdown.of(GroupKey.period(Granularity.HOUR, kolkata)))
        .breakdown(Breakdown.of(GroupKey.period(Granularity.HOUR, madrid)))
        .breakdown(Breakdown.of(GroupKey.period(Granularity.HOUR, newYork)))
        .pairwise(GroupKey.modelVersion())
        .terms(
            AnalyticsRequest.TermSpec.builder()
                .stopWords(StopWords.english())
                .phrases(true)
                .minCount(2)
                .build())
        .build();
  }

  private static void add(FeedbackStore store, String session, Feedback.Builder feedback) {
    store.append(session, feedback.build(), UnknownSessionPolicy.CREATE);
  }
}
