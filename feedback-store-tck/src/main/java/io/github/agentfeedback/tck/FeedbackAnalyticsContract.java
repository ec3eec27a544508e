package io.github.agentfeedback.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.CohortComparison;
import io.github.agentfeedback.analytics.CompareOptions;
import io.github.agentfeedback.analytics.ConfidenceInterval;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.GroupReport;
import io.github.agentfeedback.analytics.ProblemOptions;
import io.github.agentfeedback.analytics.ProblemReport;
import io.github.agentfeedback.analytics.ProblemReport.Hotspot;
import io.github.agentfeedback.analytics.ProblemReport.RisingTerm;
import io.github.agentfeedback.analytics.ProblemReport.SentimentPoint;
import io.github.agentfeedback.analytics.ReportPeriod;
import io.github.agentfeedback.analytics.ReportRequest;
import io.github.agentfeedback.analytics.ScaleFigures;
import io.github.agentfeedback.analytics.StopWords;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.analytics.WinRates;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spi.ReferenceFold;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics every {@link FeedbackStore} must give, through the public API, on the fixed
 * data sets of {@link AnalyticsFixtures} and on {@link RandomFeedback} compared with the
 * in-memory reference. Every expected figure is worked out by hand in the comments;
 * statistical values with many digits come from feedback-core's
 * {@code src/test/python/reference_values.py}. A store's test class extends it and supplies
 * a fresh, empty store per test; a store that overrides {@link FeedbackStore#analyze} (to
 * compute on its server) must pass it unchanged:
 *
 * <pre>{@code
 * class MyFeedbackAnalyticsTest extends FeedbackAnalyticsContract {
 *   protected FeedbackStore newStore() {
 *     return new MyFeedbackStore(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: JUnit makes one instance per test method.
 */
@NullUnmarked // a JUnit contract: its assertions check the values it reads
public abstract class FeedbackAnalyticsContract {

  private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

  /** The store under test, fresh for each test. */
  protected FeedbackStore store;

  /** Analytics over {@link #store}. */
  protected FeedbackAnalytics analytics;

  /** Creates a fresh, empty store. */
  protected abstract FeedbackStore newStore();

  /** Opens {@link #store} and {@link #analytics} before each test. */
  @BeforeEach
  public void openStore() {
    store = newStore();
    analytics = FeedbackAnalytics.of(store);
  }

  /** Closes {@link #store} after each test. */
  @AfterEach
  public void closeStore() {
    store.close();
  }

  @Test
  public void summaryDerivesEveryFigureFromTheFixedDataSet() {
    AnalyticsFixtures.summary(store);
    FeedbackSummary s = analytics.summary(FeedbackQuery.all());

    // 6 up, 4 down, 2 neutral: satisfaction 6/10, positive rate 6/12,
    // response quality (6 * 100 + 2 * 50) / 12.
    assertThat(s.ratings())
        .isEqualTo(
            FeedbackSummary.Ratings.builder()
                .total(12)
                .up(6)
                .down(4)
                .neutral(2)
                .unrated(0)
                .satisfaction(60.0)
                .positiveRate(50.0)
                .responseQuality(700.0 / 12)
                .build());
    // Comments of 12 + 8 + 5 + 1 + 5 + 2 + 2 = 35 code points on 7 of 12 feedbacks; the
    // average is per feedback: 35 / 12.
    assertThat(s.comments())
        .isEqualTo(
            FeedbackSummary.Comments.builder()
                .commented(7)
                .commentRate(700.0 / 12)
                .averageLength(35.0 / 12)
                .build());
    // accuracy 5, 2 -> 3.5; clarity 4, 1 -> 2.5; all four together 12 / 4 = 3.
    assertThat(s.dimensions())
        .isEqualTo(
            FeedbackSummary.Dimensions.builder()
                .ratings(4)
                .dimensionMean(3.0)
                .means(Map.of(Dimension.ACCURACY, 3.5, Dimension.CLARITY, 2.5))
                .build());

    assertThat(s.scales())
        .extracting(FeedbackSummary.ScaleScores::scale)
        .containsExactly("ces", "csat", "nps", "stars_5");
    // CES 2, 3, 7: mean 4 = the CES; squared deviations 4 + 1 + 9 = 14 over 2.
    FeedbackSummary.ScaleScores ces = s.scale("ces");
    assertThat(ces.count()).isEqualTo(3);
    assertThat(ces.mean()).isEqualTo(4.0);
    assertThat(ces.ces()).isEqualTo(4.0);
    assertThat(ces.standardDeviation()).isEqualTo(Math.sqrt(7));
    assertThat(ces.distribution()).isEqualTo(Map.of(2.0, 1L, 3.0, 1L, 7.0, 1L));
    assertThat(ces.nps()).isNull();
    assertThat(ces.csat()).isNull();
    // CSAT 5, 4, 3, 1: two of four are 4 or 5 -> 50%; mean 13 / 4; squared deviations
    // from 3.25: 3.0625 + 0.5625 + 0.0625 + 5.0625 = 8.75 over 3.
    FeedbackSummary.ScaleScores csat = s.scale("csat");
    assertThat(csat.csat()).isEqualTo(50.0);
    assertThat(csat.mean()).isEqualTo(3.25);
    assertThat(csat.standardDeviation()).isCloseTo(Math.sqrt(8.75 / 3), within(1e-15));
    assertThat(csat.ces()).isNull();
    // NPS 10, 9, 8, 6: promoters 2 (50%), passives 1 (25%), detractors 1 (25%) -> NPS 25.
    FeedbackSummary.ScaleScores nps = s.scale("nps");
    assertThat(nps.nps())
        .isEqualTo(
            FeedbackSummary.Nps.builder()
                .score(25.0)
                .promoters(50.0)
                .passives(25.0)
                .detractors(25.0)
                .build());
    assertThat(nps.mean()).isEqualTo(8.25);
    assertThat(nps.csat()).isNull();
    // One 5-star score: no standard deviation.
    FeedbackSummary.ScaleScores stars = s.scale("stars_5");
    assertThat(stars.count()).isEqualTo(1);
    assertThat(stars.mean()).isEqualTo(4.0);
    assertThat(stars.standardDeviation()).isNull();
    assertThat(stars.nps()).isNull();
    // Sentiment 0.5, -0.25, 0.125 (a string and 1.5 are ignored): 0.375 / 3.
    assertThat(s.sentiment())
        .isEqualTo(FeedbackSummary.Sentiment.builder().count(3).mean(0.125).build());
  }

  @Test
  public void sentimentMeanAveragesTheStoredValuesNotRoundedOnes() {
    // Rounded to thousandths first, 0.1234 and 0.0015 would read 0.123 and 0.002 (mean
    // 0.0625); their mean is 0.06245. -0.0005 and -1e-12 would read 0.
    double[] values = {0.1234, 0.0015, -0.0005, -1e-12};
    for (int i = 0; i < values.length; i++) {
      store.append(
          "s",
          Feedback.builder()
              .id("f" + i)
              .rating(Rating.UP)
              .attribute("sentiment", values[i])
              .createdAt(AnalyticsFixtures.MONDAY)
              .build(),
          UnknownSessionPolicy.CREATE);
    }
    FeedbackSummary.Sentiment s = analytics.summary(FeedbackQuery.all()).sentiment();
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.mean()).isCloseTo((0.1234 + 0.0015 - 0.0005 - 1e-12) / 4, within(1e-17));
  }

  @Test
  public void summaryOfNoFeedbackHasNoRatiosAtAll() {
    FeedbackSummary s = analytics.summary(FeedbackQuery.all());
    assertThat(s.ratings())
        .isEqualTo(
            FeedbackSummary.Ratings.builder()
                .total(0)
                .up(0)
                .down(0)
                .neutral(0)
                .unrated(0)
                .satisfaction(null)
                .positiveRate(null)
                .responseQuality(null)
                .build());
    assertThat(s.comments())
        .isEqualTo(
            FeedbackSummary.Comments.builder()
                .commented(0)
                .commentRate(null)
                .averageLength(null)
                .build());
    assertThat(s.dimensions().dimensionMean()).isNull();
    assertThat(s.scales()).isEmpty();
    assertThat(s.sentiment().mean()).isNull();
  }

  @Test
  public void summaryHonoursTheQuery() {
    AnalyticsFixtures.summary(store);
    // Session s2 holds f07..f12: up f07, f10, f11; down f09, f12; neutral f08.
    FeedbackSummary s2 = analytics.summary(FeedbackQuery.session("s2"));
    assertThat(s2.ratings())
        .isEqualTo(
            FeedbackSummary.Ratings.builder()
                .total(6)
                .up(3)
                .down(2)
                .neutral(1)
                .unrated(0)
                .satisfaction(60.0)
                .positiveRate(50.0)
                .responseQuality(350.0 / 6)
                .build());
  }

  @Test
  public void scoreOnlyFeedbackCountsInScoreFiguresAndInNoRatingFigure() {
    Instant t = AnalyticsFixtures.MONDAY;
    store.append(
        "s1",
        Feedback.builder().id("u").rating(Rating.UP).comment("fine").createdAt(t).build(),
        UnknownSessionPolicy.CREATE);
    store.append(
        "s1",
        Feedback.builder().id("d").rating(Rating.DOWN).createdAt(t).build(),
        UnknownSessionPolicy.CREATE);
    store.append(
        "s1",
        Feedback.builder().id("n").rating(Rating.NEUTRAL).createdAt(t).score(7, Scale.NPS).build(),
        UnknownSessionPolicy.CREATE);
    // Three NPS survey answers: a score and no rating.
    for (int i = 0; i < 3; i++) {
      store.append(
          "s2",
          Feedback.builder()
              .id("nps" + i)
              .comment(i == 0 ? "great" : "")
              .createdAt(t)
              .score(8 + i, Scale.NPS)
              .build(),
          UnknownSessionPolicy.CREATE);
    }
    FeedbackSummary s = analytics.summary(FeedbackQuery.all());

    // Rated: 1 up, 1 down, 1 neutral; the survey answers are in no rating figure.
    assertThat(s.ratings())
        .isEqualTo(
            FeedbackSummary.Ratings.builder()
                .total(6)
                .up(1)
                .down(1)
                .neutral(1)
                .unrated(3)
                .satisfaction(50.0)
                .positiveRate(100.0 / 3)
                .responseQuality(50.0)
                .build());
    assertThat(s.ratings().rated()).isEqualTo(3);
    // Comments count every feedback: 4 + 5 code points on 2 of 6.
    assertThat(s.comments())
        .isEqualTo(
            FeedbackSummary.Comments.builder()
                .commented(2)
                .commentRate(100.0 / 3)
                .averageLength(1.5)
                .build());
    // NPS 7, 8, 9, 10: 2 promoters, 2 passives.
    FeedbackSummary.ScaleScores nps = s.scale("nps");
    assertThat(nps.count()).isEqualTo(4);
    assertThat(nps.nps())
        .isEqualTo(
            FeedbackSummary.Nps.builder()
                .score(50.0)
                .promoters(50.0)
                .passives(50.0)
                .detractors(0.0)
                .build());
    // A rating filter selects rated feedback only: neutral is not "no rating".
    assertThat(analytics.summary(FeedbackQuery.builder().rating(Rating.NEUTRAL).build()).ratings())
        .isEqualTo(
            FeedbackSummary.Ratings.builder()
                .total(1)
                .up(0)
                .down(0)
                .neutral(1)
                .unrated(0)
                .satisfaction(null)
                .positiveRate(0.0)
                .responseQuality(50.0)
                .build());
    // Ranked by positive rate, the sample is the rated feedback.
    GroupReport bySession =
        analytics.groupBy(
            FeedbackQuery.all(),
            GroupKey.session(),
            GroupOptions.builder()
                .metric(GroupOptions.Metric.POSITIVE_RATE)
                .minSampleSize(1)
                .build());
    assertThat(bySession.best())
        .extracting(GroupReport.Row::key, GroupReport.Row::sampleSize)
        .containsExactly(tuple("s1", 3L));
    assertThat(bySession.insufficient()).extracting(GroupReport.Row::key).containsExactly("s2");
  }

  @Test
  public void csatFiguresForAnyScaleDeclaredCsatLike() {
    Instant t = AnalyticsFixtures.MONDAY;
    double[] stars = {5, 4, 4, 3, 1};
    for (int i = 0; i < stars.length; i++) {
      store.append(
          "s" + i % 2,
          Feedback.builder().id("f" + i).createdAt(t).score(stars[i], Scale.STARS_5).build(),
          UnknownSessionPolicy.CREATE);
    }
    store.append(
        "s0",
        Feedback.builder().id("effort").createdAt(t).score(3, Scale.of("effort_7", 1, 7)).build(),
        UnknownSessionPolicy.CREATE);
    store.append(
        "s0",
        Feedback.builder().id("likely").createdAt(t).score(10, Scale.of("likely", 0, 10)).build(),
        UnknownSessionPolicy.CREATE);
    assertThat(analytics.summary(FeedbackQuery.all()).scale("stars_5").csat()).isNull();

    FeedbackAnalytics declared =
        analytics.withScaleFigures(
            ScaleFigures.defaults()
                .csat(Scale.STARS_5)
                .ces(Scale.of("effort_7", 1, 7))
                .nps(Scale.of("likely", 0, 10)));
    FeedbackSummary s = declared.summary(FeedbackQuery.all());
    // 3 of 5 five-star scores are 4 or 5.
    assertThat(s.scale("stars_5").csat()).isEqualTo(60.0);
    assertThat(s.scale("stars_5").nps()).isNull();
    assertThat(s.scale("effort_7").ces()).isEqualTo(3.0);
    assertThat(s.scale("likely").nps())
        .isEqualTo(
            FeedbackSummary.Nps.builder()
                .score(100)
                .promoters(100)
                .passives(0)
                .detractors(0)
                .build());
    // Groups and comparisons read the same declarations: s0 holds 5, 4, 1; s1 holds 4, 3.
    CohortComparison c =
        declared.compare(FeedbackQuery.all(), GroupKey.session(), "s0", "s1", 0.05);
    assertThat(c.summaryA().scale("stars_5").csat()).isEqualTo(200.0 / 3);
    assertThat(c.summaryB().scale("stars_5").csat()).isEqualTo(50.0);
    assertThat(
            declared
                .trend(FeedbackQuery.all(), Granularity.DAY)
                .points()
                .get(0)
                .summary()
                .scale("stars_5")
                .csat())
        .isEqualTo(60.0);
  }

  private void at(String id, String instant, Rating rating) {
    store.append(
        "s",
        Feedback.builder().id(id).rating(rating).createdAt(Instant.parse(instant)).build(),
        UnknownSessionPolicy.CREATE);
  }

  @Test
  public void hourlyTrendInMadridHas23HoursOnTheDayClocksGoForward() {
    // Clocks go from 02:00 CET to 03:00 CEST at 01:00Z on 2026-03-29.
    at("a", "2026-03-29T00:30:00Z", Rating.UP); // 01:30 CET
    at("b", "2026-03-29T01:30:00Z", Rating.DOWN); // 03:30 CEST
    at("c", "2026-03-29T01:45:00Z", Rating.UP);
    FeedbackQuery day =
        FeedbackQuery.builder()
            .since(Instant.parse("2026-03-28T23:00:00Z"))
            .until(Instant.parse("2026-03-29T22:00:00Z"))
            .build();

    Trend sparse = analytics.trend(day, Granularity.HOUR, MADRID);
    assertThat(sparse.points())
        .extracting(Trend.Point::period)
        .containsExactly("2026-03-29T01:00+01:00", "2026-03-29T03:00+02:00");
    Trend filled = analytics.trend(day, Granularity.HOUR, MADRID, Trend.Fill.EVERY_PERIOD);
    assertThat(filled.points()).hasSize(23);
    assertThat(filled.points())
        .extracting(Trend.Point::period)
        .startsWith(
            "2026-03-29T00:00+01:00",
            "2026-03-29T01:00+01:00",
            "2026-03-29T03:00+02:00",
            "2026-03-29T04:00+02:00")
        .endsWith("2026-03-29T23:00+02:00");
    Trend.Point third = filled.points().get(2);
    assertThat(third.start()).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(third.end()).isEqualTo(Instant.parse("2026-03-29T02:00:00Z"));
    assertThat(third.summary().ratings().total()).isEqualTo(2);
    // An hour without feedback: zero counts, no rates.
    FeedbackSummary empty = filled.points().get(0).summary();
    assertThat(empty.ratings())
        .isEqualTo(
            FeedbackSummary.Ratings.builder()
                .total(0)
                .up(0)
                .down(0)
                .neutral(0)
                .unrated(0)
                .satisfaction(null)
                .positiveRate(null)
                .responseQuality(null)
                .build());
    assertThat(empty.comments().commentRate()).isNull();
    assertThat(filled.points())
        .extracting(p -> p.summary().ratings().total())
        .containsOnly(0L, 1L, 2L);
  }

  @Test
  public void hourlyTrendInMadridHas25HoursOnTheDayClocksGoBack() {
    // Clocks go from 03:00 CEST back to 02:00 CET at 01:00Z on 2026-10-25: 02:xx twice.
    at("a", "2026-10-25T00:30:00Z", Rating.UP); // 02:30 CEST
    at("b", "2026-10-25T01:30:00Z", Rating.DOWN); // 02:30 CET
    FeedbackQuery day =
        FeedbackQuery.builder()
            .since(Instant.parse("2026-10-24T22:00:00Z"))
            .until(Instant.parse("2026-10-25T23:00:00Z"))
            .build();

    Trend sparse = analytics.trend(day, Granularity.HOUR, MADRID);
    assertThat(sparse.points())
        .extracting(Trend.Point::period)
        .containsExactly("2026-10-25T02:00+02:00", "2026-10-25T02:00+01:00");
    assertThat(sparse.points()).extracting(p -> p.summary().ratings().up()).containsExactly(1L, 0L);
    Trend filled = analytics.trend(day, Granularity.HOUR, MADRID, Trend.Fill.EVERY_PERIOD);
    assertThat(filled.points()).hasSize(25);
    assertThat(filled.points().subList(1, 5))
        .extracting(Trend.Point::period)
        .containsExactly(
            "2026-10-25T01:00+02:00",
            "2026-10-25T02:00+02:00",
            "2026-10-25T02:00+01:00",
            "2026-10-25T03:00+01:00");
    for (int i = 1; i < filled.points().size(); i++) {
      assertThat(filled.points().get(i).start()).isEqualTo(filled.points().get(i - 1).end());
    }
  }

  @Test
  public void zeroFilledTrendsRunFromTheQueryBoundsOrTheData() {
    at("a", "2026-03-02T10:00:00Z", Rating.UP);
    at("b", "2026-03-05T10:00:00Z", Rating.DOWN);
    // Open at both ends: from the first to the last day with feedback.
    Trend days =
        analytics.trend(
            FeedbackQuery.all(), Granularity.DAY, ZoneOffset.UTC, Trend.Fill.EVERY_PERIOD);
    assertThat(days.points())
        .extracting(Trend.Point::period)
        .containsExactly("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05");
    assertThat(days.points().get(1).summary().ratings().satisfaction()).isNull();
    // A bound wins over the data at its end.
    Trend weeks =
        analytics.trend(
            FeedbackQuery.builder().since(Instant.parse("2026-02-10T00:00:00Z")).build(),
            Granularity.ISO_WEEK,
            ZoneOffset.UTC,
            Trend.Fill.EVERY_PERIOD);
    assertThat(weeks.points())
        .extracting(Trend.Point::period)
        .containsExactly("2026-W07", "2026-W08", "2026-W09", "2026-W10");
    assertThat(
            analytics
                .trend(
                    FeedbackQuery.all(),
                    Granularity.HOUR_OF_DAY,
                    ZoneOffset.UTC,
                    Trend.Fill.EVERY_PERIOD)
                .points())
        .hasSize(24);
    // No data and open ends: nothing to fill.
    assertThat(
            analytics
                .trend(
                    FeedbackQuery.session("none"), Granularity.DAY, MADRID, Trend.Fill.EVERY_PERIOD)
                .points())
        .isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                analytics.trend(
                    FeedbackQuery.builder()
                        .since(Instant.parse("2000-01-01T00:00:00Z"))
                        .until(Instant.parse("2026-01-01T00:00:00Z"))
                        .build(),
                    Granularity.HOUR,
                    MADRID,
                    Trend.Fill.EVERY_PERIOD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(Trend.MAX_FILLED_POINTS));
  }

  @Test
  public void dailyTrendInMadridCutsDaysAtLocalMidnightAcrossTheChangeToSummerTime() {
    AnalyticsFixtures.trend(store);
    FeedbackQuery march =
        FeedbackQuery.builder()
            .since(Instant.parse("2026-03-01T00:00:00Z"))
            .until(Instant.parse("2026-04-01T00:00:00Z"))
            .build();
    Trend trend = analytics.trend(march, Granularity.DAY, MADRID);

    // 22:30Z on 03-28 is 23:30 CET (03-28); 23:30Z is 00:30 CET on 03-29; 12:00Z and
    // 21:30Z on 03-29 are 14:00 and 23:30 CEST (03-29); 22:30Z on 03-29 is 00:30 CEST on
    // 03-30.
    assertThat(trend.points())
        .extracting(Trend.Point::period)
        .containsExactly("2026-03-28", "2026-03-29", "2026-03-30");
    assertThat(trend.points())
        .extracting(p -> p.summary().ratings())
        .containsExactly(
            FeedbackSummary.Ratings.builder()
                .total(1)
                .up(1)
                .down(0)
                .neutral(0)
                .unrated(0)
                .satisfaction(100.0)
                .positiveRate(100.0)
                .responseQuality(100.0)
                .build(),
            FeedbackSummary.Ratings.builder()
                .total(3)
                .up(2)
                .down(1)
                .neutral(0)
                .unrated(0)
                .satisfaction(200.0 / 3)
                .positiveRate(200.0 / 3)
                .responseQuality(200.0 / 3)
                .build(),
            FeedbackSummary.Ratings.builder()
                .total(1)
                .up(1)
                .down(0)
                .neutral(0)
                .unrated(0)
                .satisfaction(100.0)
                .positiveRate(100.0)
                .responseQuality(100.0)
                .build());
    // 03-29 runs from 00:00 CET (23:00Z the day before) to 00:00 CEST (22:00Z): 23 hours.
    Trend.Point shortDay = trend.points().get(1);
    assertThat(shortDay.start()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
    assertThat(shortDay.end()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
    assertThat(trend.zone()).isEqualTo(MADRID);
    assertThat(trend.granularity()).isEqualTo(Granularity.DAY);
  }

  @Test
  public void dailyTrendDefaultsToUtc() {
    AnalyticsFixtures.trend(store);
    FeedbackQuery march =
        FeedbackQuery.builder()
            .since(Instant.parse("2026-03-01T00:00:00Z"))
            .until(Instant.parse("2026-04-01T00:00:00Z"))
            .build();
    Trend trend = analytics.trend(march, Granularity.DAY);
    // UTC days: 03-28 holds 22:30Z up and 23:30Z down; 03-29 the other three, all up.
    assertThat(counts(trend, s -> s.ratings().total()))
        .isEqualTo(Map.of("2026-03-28", 2L, "2026-03-29", 3L));
    assertThat(trend.points().get(0).summary().ratings().satisfaction()).isEqualTo(50.0);
    assertThat(trend.points().get(0).start()).isEqualTo(Instant.parse("2026-03-28T00:00:00Z"));
    assertThat(trend.zone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  public void hourOfDayTrendUsesLocalHours() {
    AnalyticsFixtures.trend(store);
    FeedbackQuery march =
        FeedbackQuery.builder()
            .since(Instant.parse("2026-03-01T00:00:00Z"))
            .until(Instant.parse("2026-04-01T00:00:00Z"))
            .build();
    // Madrid: 23:30, 00:30 (CET), 14:00, 23:30, 00:30 (CEST).
    Trend trend = analytics.trend(march, Granularity.HOUR_OF_DAY, MADRID);
    assertThat(counts(trend, s -> s.ratings().total()))
        .containsExactly(Map.entry("00", 2L), Map.entry("14", 1L), Map.entry("23", 2L));
    assertThat(trend.points())
        .allSatisfy(
            p -> {
              assertThat(p.start()).isNull();
              assertThat(p.end()).isNull();
            });
  }

  @Test
  public void weeklyTrendUsesIsoWeekBasedYears() {
    AnalyticsFixtures.trend(store);
    // UTC: Sun 2025-12-28 (x2) is 2025-W52; Thu 2026-01-01 is 2026-W01; Sat 2026-01-31 is
    // W05; the March five are W13; Fri 2027-01-01 and Sun 2027-01-03 are 2026-W53; Mon
    // 2027-01-04 is 2027-W01.
    assertThat(
            counts(
                analytics.trend(FeedbackQuery.all(), Granularity.ISO_WEEK),
                s -> s.ratings().total()))
        .containsExactly(
            Map.entry("2025-W52", 2L),
            Map.entry("2026-W01", 1L),
            Map.entry("2026-W05", 1L),
            Map.entry("2026-W13", 5L),
            Map.entry("2026-W53", 2L),
            Map.entry("2027-W01", 1L));
    // Madrid: 23:30Z on 12-28 is Monday 12-29 (2026-W01); 22:30Z on 03-29 is Monday 03-30
    // (W14); 23:30Z on 2027-01-03 is Monday 2027-01-04 (2027-W01).
    Trend madrid = analytics.trend(FeedbackQuery.all(), Granularity.ISO_WEEK, MADRID);
    assertThat(counts(madrid, s -> s.ratings().total()))
        .containsExactly(
            Map.entry("2025-W52", 1L),
            Map.entry("2026-W01", 2L),
            Map.entry("2026-W05", 1L),
            Map.entry("2026-W13", 4L),
            Map.entry("2026-W14", 1L),
            Map.entry("2026-W53", 1L),
            Map.entry("2027-W01", 2L));
    // 2026-W01 runs from Monday 2025-12-29 00:00 CET to Monday 2026-01-05 00:00 CET.
    Trend.Point firstWeek = madrid.points().get(1);
    assertThat(firstWeek.start()).isEqualTo(Instant.parse("2025-12-28T23:00:00Z"));
    assertThat(firstWeek.end()).isEqualTo(Instant.parse("2026-01-04T23:00:00Z"));
    // W13 ends at 00:00 CEST on 03-30, an hour shorter than a week.
    Trend.Point dstWeek = madrid.points().get(3);
    assertThat(dstWeek.start()).isEqualTo(Instant.parse("2026-03-22T23:00:00Z"));
    assertThat(dstWeek.end()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
    // 2026-W53 exists: 2026 starts on a Thursday.
    assertThat(madrid.points().get(5).start()).isEqualTo(Instant.parse("2026-12-27T23:00:00Z"));
  }

  @Test
  public void monthlyTrendCutsMonthsInTheZone() {
    AnalyticsFixtures.trend(store);
    // 23:30Z on 2026-01-31 is 00:30 on 02-01 in Madrid.
    assertThat(
            counts(
                analytics.trend(FeedbackQuery.all(), Granularity.MONTH, MADRID),
                s -> s.ratings().total()))
        .containsExactly(
            Map.entry("2025-12", 2L),
            Map.entry("2026-01", 1L),
            Map.entry("2026-02", 1L),
            Map.entry("2026-03", 5L),
            Map.entry("2027-01", 3L));
    assertThat(
            counts(
                analytics.trend(FeedbackQuery.all(), Granularity.MONTH), s -> s.ratings().total()))
        .containsExactly(
            Map.entry("2025-12", 2L),
            Map.entry("2026-01", 2L),
            Map.entry("2026-03", 5L),
            Map.entry("2027-01", 3L));
  }

  @Test
  public void groupsBelowTheMinimumSampleAreNotRanked() {
    AnalyticsFixtures.cohorts(store);
    GroupReport report =
        analytics.groupBy(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            GroupOptions.builder().minSampleSize(5).limit(1).build());
    // Satisfaction samples (up + down): A 10 (60%), B 10 (90%), C 3, no variant 2, "3" 2.
    assertThat(report.groups()).isEqualTo(5);
    assertThat(report.ranked()).isEqualTo(2);
    assertThat(report.best())
        .extracting(GroupReport.Row::key, GroupReport.Row::value, GroupReport.Row::sampleSize)
        .containsExactly(tuple("B", 90.0, 10L));
    assertThat(report.worst())
        .extracting(GroupReport.Row::key, GroupReport.Row::value)
        .containsExactly(tuple("A", 60.0));
    assertThat(report.insufficient()).extracting(GroupReport.Row::key).containsExactly("C");
    assertThat(report.best().get(0).summary().ratings())
        .isEqualTo(
            FeedbackSummary.Ratings.builder()
                .total(12)
                .up(9)
                .down(1)
                .neutral(2)
                .unrated(0)
                .satisfaction(90.0)
                .positiveRate(75.0)
                .responseQuality(1000.0 / 12)
                .build());
    assertThat(report.metric()).isEqualTo(GroupOptions.Metric.SATISFACTION);
    assertThat(report.minSampleSize()).isEqualTo(5);

    GroupReport all =
        analytics.groupBy(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            GroupOptions.builder().minSampleSize(5).build());
    // Ten at each end: both ranked groups are best, none is left for worst; insufficient
    // ones by sample, then key ("no value" first; the number 3.0 reads "3").
    assertThat(all.best()).extracting(GroupReport.Row::key).containsExactly("B", "A");
    assertThat(all.worst()).isEmpty();
    assertThat(all.insufficient())
        .extracting(GroupReport.Row::key, GroupReport.Row::sampleSize)
        .containsExactly(tuple("C", 3L), tuple(null, 2L), tuple("3", 2L));
  }

  @Test
  public void tiedGroupsAreOrderedByCodePoint() {
    // U+FF3A (one UTF-16 unit) before U+1F600 (a surrogate pair, D83D DE00): by code point
    // the fullwidth Z comes first, though its UTF-16 unit FF3A sorts after D83D.
    String fullwidthZ = "\uFF3A";
    String grinning = "\uD83D\uDE00";
    for (String variant : List.of(grinning, fullwidthZ)) {
      store.updateMetadata("s-" + variant, Map.of("variant", variant));
      store.append(
          "s-" + variant,
          Feedback.builder()
              .id("f-" + variant)
              .rating(Rating.UP)
              .createdAt(AnalyticsFixtures.MONDAY)
              .build(),
          UnknownSessionPolicy.CREATE);
    }
    GroupReport report =
        analytics.groupBy(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            GroupOptions.builder().minSampleSize(1).limit(1).build());
    assertThat(report.best()).extracting(GroupReport.Row::key).containsExactly(fullwidthZ);
    assertThat(report.worst()).extracting(GroupReport.Row::key).containsExactly(grinning);

    // A store's cut to the top groups breaks ties the same way.
    AnalyticsResult result =
        store.analyze(
            AnalyticsRequest.builder(FeedbackQuery.all())
                .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.metadata("variant")).top(null, 1))
                .build());
    assertThat(result.breakdowns().get(0).buckets())
        .extracting(AnalyticsResult.Bucket::key)
        .containsExactly(fullwidthZ);
  }

  @Test
  public void groupsCanBeRankedByOtherFigures() {
    AnalyticsFixtures.cohorts(store);
    // Positive rate over all feedback: A 6/11, B 9/12, "3" 1/2, C 1/3, no variant 2/2.
    GroupReport report =
        analytics.groupBy(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            GroupOptions.builder()
                .metric(GroupOptions.Metric.POSITIVE_RATE)
                .minSampleSize(1)
                .limit(2)
                .build());
    assertThat(report.best())
        .extracting(GroupReport.Row::key, GroupReport.Row::value)
        .containsExactly(tuple(null, 100.0), tuple("B", 75.0));
    assertThat(report.worst())
        .extracting(GroupReport.Row::key, GroupReport.Row::value)
        .containsExactly(tuple("C", 100.0 / 3), tuple("3", 50.0));
    assertThat(report.ranked()).isEqualTo(5);
  }

  @Test
  public void everyKindOfGroupKeyNamesItsGroups() {
    AnalyticsFixtures.groupKinds(store);
    assertThat(groupTotals(GroupKey.tag())).isEqualTo(totals(null, 1L, "a", 2L, "b", 2L));
    assertThat(groupTotals(GroupKey.user())).isEqualTo(totals(null, 1L, "u-1", 2L, "u-2", 1L));
    assertThat(groupTotals(GroupKey.message())).isEqualTo(totals(null, 1L, "m-1", 2L, "m-2", 1L));
    assertThat(groupTotals(GroupKey.session())).isEqualTo(totals("k-1", 3L, "k-2", 1L));
    assertThat(groupTotals(GroupKey.model()))
        .isEqualTo(totals(null, 1L, "claude", 1L, "gpt-4o", 2L));
    assertThat(groupTotals(GroupKey.modelVersion()))
        .isEqualTo(totals(null, 1L, "claude", 1L, "gpt-4o@1", 1L, "gpt-4o@2", 1L));
    assertThat(groupTotals(GroupKey.source()))
        .isEqualTo(totals("end_user", 2L, "llm_judge", 1L, "reviewer", 1L));
    assertThat(groupTotals(GroupKey.reviewStatus()))
        .isEqualTo(totals(null, 1L, "approved", 1L, "pending", 1L, "rejected", 1L));
    assertThat(groupTotals(GroupKey.period(Granularity.DAY))).isEqualTo(totals("2026-03-02", 4L));
  }

  /**
   * A tag may hold control characters other than NUL (U+0001 included): it selects its
   * feedback and names its group exactly as given, in a store's cut to the top groups too.
   */
  @Test
  public void aTagHoldingAControlCharacterSelectsItsFeedbackAndNamesItsGroup() {
    String tag = "t\u0001";
    for (Feedback.Builder f :
        List.of(
            Feedback.builder().id("a").rating(Rating.UP).tags(List.of(tag, "plain")),
            Feedback.builder().id("b").rating(Rating.DOWN).tags(List.of("plain")),
            Feedback.builder().id("c").rating(Rating.UP).tags(List.of(tag)))) {
      store.append(
          "s1", f.createdAt(AnalyticsFixtures.MONDAY).build(), UnknownSessionPolicy.CREATE);
    }
    assertThat(groupTotals(GroupKey.tag())).isEqualTo(totals(tag, 2L, "plain", 2L));
    FeedbackQuery tagged = FeedbackQuery.builder().tag(tag).build();
    try (Stream<SessionFeedback> s = store.stream(tagged)) {
      assertThat(s.map(sf -> sf.feedback().id())).containsExactly("a", "c");
    }
    AnalyticsResult result =
        store.analyze(
            AnalyticsRequest.builder(tagged)
                .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.tag()).top(Rating.UP, 1))
                .build());
    assertThat(result.total().total()).isEqualTo(2);
    assertThat(result.breakdowns().get(0).buckets())
        .extracting(AnalyticsResult.Bucket::key)
        .containsExactly(tag);
  }

  @Test
  public void cohortComparisonTestsSatisfactionAndMeanScores() {
    AnalyticsFixtures.cohorts(store);
    CohortComparison c =
        analytics.compare(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            "A",
            "B",
            CompareOptions.builder()
                .minSampleSize(1)
                .standardErrors(CompareOptions.StandardErrors.INDEPENDENT)
                .build());

    // Feedback taken as independent (sessionClusteredStandardErrorsCountSessionsNotVotes
    // clusters it).
    // Satisfaction A 6/10, B 9/10. Pooled 15/20 = 0.75:
    // z = 0.3 / sqrt(0.75 * 0.25 * (1/10 + 1/10)) = 1.549193338482967. The smallest expected
    // count, 10 * 5 / 20 = 2.5, is below 5: Fisher's exact test. With 15 successes, A holds
    // k = 5..10 of them with weights C(10,k)C(10,15-k) = 252, 2100, 5400, 5400, 2100, 252;
    // the observed 2100 and every weight at most that: p = 4704 / 15504.
    CohortComparison.ProportionTest sat = c.satisfaction();
    assertThat(sat.a()).isEqualTo(new CohortComparison.Proportion(6, 10, 60.0));
    assertThat(sat.b()).isEqualTo(new CohortComparison.Proportion(9, 10, 90.0));
    assertThat(sat.difference()).isEqualTo(30.0);
    assertThat(sat.z()).isCloseTo(1.549193338482967, within(1e-12));
    assertThat(sat.method()).isEqualTo(CohortComparison.Method.FISHER_EXACT);
    assertThat(sat.pValue()).isCloseTo(4704.0 / 15504, within(1e-12));
    assertThat(sat.significant()).isFalse();
    assertThat(sat.withheld()).isNull();
    // The score interval (Farrington-Manning), in points; its bounds are checked against a
    // direct likelihood fit in feedback-core's ProportionTestPropertiesTest.
    assertInterval(sat.interval(), 0.95, -8.721696021491967, 62.0064236166544);

    // Only stars_5 occurs in both groups (the NPS score is A's alone).
    // A [2, 3, 3, 4]: mean 3, variance 2/3; B [4, 5, 5, 4, 5]: mean 4.6, variance 0.3.
    assertThat(c.scores()).hasSize(1);
    CohortComparison.MeanTest stars = c.scores().get(0);
    assertThat(stars.scale()).isEqualTo("stars_5");
    assertThat(stars.a().count()).isEqualTo(4);
    assertThat(stars.a().mean()).isEqualTo(3.0);
    assertThat(stars.a().standardDeviation()).isCloseTo(Math.sqrt(2.0 / 3), within(1e-15));
    assertThat(stars.b().count()).isEqualTo(5);
    assertThat(stars.b().mean()).isCloseTo(4.6, within(1e-15));
    assertThat(stars.b().standardDeviation()).isCloseTo(Math.sqrt(0.3), within(1e-15));
    assertThat(stars.difference()).isCloseTo(1.6, within(1e-14));
    // t = 1.6 / sqrt(2/12 + 0.3/5); Welch-Satterthwaite df = 13872/2743.
    assertThat(stars.t()).isCloseTo(3.360672201667224, within(1e-12));
    assertThat(stars.degreesOfFreedom()).isCloseTo(13872.0 / 2743, within(1e-12));
    assertThat(stars.pValue()).isCloseTo(0.019745913111644198, within(1e-12));
    assertThat(stars.significant()).isTrue();
    assertInterval(stars.interval(), 0.95, 0.380312653080767, 2.819687346919233);

    assertThat(c.summaryA().ratings().total()).isEqualTo(11);
    assertThat(c.summaryB().ratings().total()).isEqualTo(12);
    assertThat(c.key()).isEqualTo(GroupKey.metadata("variant"));
    assertThat(c.alpha()).isEqualTo(0.05);

    CohortComparison strict =
        analytics.compare(FeedbackQuery.all(), GroupKey.metadata("variant"), "A", "B", 0.01);
    assertThat(strict.scores().get(0).significant()).isFalse();
    assertThat(strict.scores().get(0).interval().level()).isEqualTo(0.99);
  }

  @Test
  public void smallCohortsGetFishersTestAndAnIntervalThatAgreesWithIt() {
    // A 0/2 vs B 4/5: the pooled z-test says p = 0.053 while Newcombe's interval excluded 0.
    // Expected successes in A 2 * 4 / 7 < 5: Fisher's exact test, tables with 0, 1, 2 of the
    // 4 successes in A weigh 3, 12, 6 (of 21): p = 3 / 21. The interval includes 0.
    votes("A", "c-a", "DD");
    votes("B", "c-b", "UUUUD");
    CohortComparison.ProportionTest sat =
        analytics
            .compare(FeedbackQuery.all(), GroupKey.metadata("variant"), "A", "B", 0.05)
            .satisfaction();
    assertThat(sat.method()).isEqualTo(CohortComparison.Method.FISHER_EXACT);
    assertThat(sat.pValue()).isCloseTo(1.0 / 7, within(1e-15));
    assertThat(sat.significant()).isFalse();
    assertThat(sat.interval().lower()).isLessThanOrEqualTo(0);
    assertThat(sat.interval().upper()).isGreaterThanOrEqualTo(0);
  }

  @Test
  public void compareReportsTooFewBelowTheMinimumSample() {
    // 1/1 vs 0/1: the pooled z-test gave p = 0.157; Fisher's exact test gives 1.
    votes("A", "c-a", "U");
    votes("B", "c-b", "D");
    CohortComparison.ProportionTest tiny =
        analytics
            .compare(FeedbackQuery.all(), GroupKey.metadata("variant"), "A", "B", 0.05)
            .satisfaction();
    assertThat(tiny.method()).isEqualTo(CohortComparison.Method.FISHER_EXACT);
    assertThat(tiny.pValue()).isEqualTo(1.0);

    CohortComparison c =
        analytics.compare(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            "A",
            "B",
            CompareOptions.builder().alpha(0.05).minSampleSize(2).build());
    assertThat(c.satisfaction().withheld()).isEqualTo(CohortComparison.Withheld.TOO_FEW);
    assertThat(c.satisfaction().pValue()).isNull();
    assertThat(c.satisfaction().method()).isNull();
    assertThat(c.satisfaction().interval()).isNull();
    assertThat(c.satisfaction().significant()).isFalse();
    assertThat(c.satisfaction().difference()).isEqualTo(-100.0);
    assertThat(c.minSampleSize()).isEqualTo(2);

    // Mean scores too: the cohorts' stars_5 samples are 4 (A) and 5 (B).
    AnalyticsFixtures.cohorts(store);
    CohortComparison.MeanTest stars =
        analytics
            .compare(
                FeedbackQuery.all(),
                GroupKey.metadata("variant"),
                "A",
                "B",
                CompareOptions.builder().minSampleSize(5).build())
            .scores()
            .get(0);
    assertThat(stars.withheld()).isEqualTo(CohortComparison.Withheld.TOO_FEW);
    assertThat(stars.t()).isNull();
    assertThat(stars.interval()).isNull();
    assertThat(CompareOptions.defaults().minSampleSize()).isEqualTo(10);
    assertThat(CompareOptions.defaults().alpha()).isEqualTo(0.05);
  }

  @Test
  public void severalTestsOfOneComparisonGetAdjustedPValues() {
    AnalyticsFixtures.cohorts(store);
    // Two tests: satisfaction p1 = 4704 / 15504 (Fisher), stars_5 p2 = 0.019745913111644198
    // (Welch). Holm: the smaller times 2, the larger times 1 but not below the smaller's.
    // Benjamini-Hochberg: the smaller times 2/1, the larger times 2/2.
    double p1 = 4704.0 / 15504;
    double p2 = 0.019745913111644198;
    for (CompareOptions.Adjustment adjustment :
        List.of(CompareOptions.Adjustment.HOLM, CompareOptions.Adjustment.BENJAMINI_HOCHBERG)) {
      CohortComparison c =
          analytics.compare(
              FeedbackQuery.all(),
              GroupKey.metadata("variant"),
              "A",
              "B",
              CompareOptions.builder()
                  .minSampleSize(1)
                  .adjustment(adjustment)
                  .standardErrors(CompareOptions.StandardErrors.INDEPENDENT)
                  .build());
      assertThat(c.adjustment()).isEqualTo(adjustment);
      assertThat(c.satisfaction().adjustedPValue()).isCloseTo(p1, within(1e-12));
      assertThat(c.scores().get(0).adjustedPValue()).isCloseTo(2 * p2, within(1e-12));
    }
    CohortComparison none =
        analytics.compare(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            "A",
            "B",
            CompareOptions.builder()
                .minSampleSize(1)
                .adjustment(CompareOptions.Adjustment.NONE)
                .standardErrors(CompareOptions.StandardErrors.INDEPENDENT)
                .build());
    assertThat(none.scores().get(0).adjustedPValue()).isCloseTo(p2, within(1e-12));
    // A withheld test is no part of the family and has no adjusted p-value.
    CohortComparison withheld =
        analytics.compare(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            "A",
            "B",
            CompareOptions.builder()
                .minSampleSize(5)
                .standardErrors(CompareOptions.StandardErrors.INDEPENDENT)
                .build());
    assertThat(withheld.scores().get(0).adjustedPValue()).isNull();
    assertThat(withheld.satisfaction().adjustedPValue()).isCloseTo(p1, within(1e-12));
    assertThat(CompareOptions.defaults().adjustment()).isEqualTo(CompareOptions.Adjustment.HOLM);
  }

  @Test
  public void npsAndCsatDifferencesHaveTheirOwnTests() {
    // NPS: A [10, 9, 3, 5, 8] has 2 promoters, 2 detractors (NPS 0); B [10, 10, 9, 7, 2, 1]
    // 3 and 2 (NPS 100/6). Recoded +100 / 0 / -100, A's variance is 40000/4 = 10000 and B's
    // 145000/3/5 = 29000/3; t = (50/3) / sqrt(10000/5 + 29000/18) = 50 / sqrt(32500).
    cohort("A", "n-a", Scale.NPS, 10, 9, 3, 5, 8);
    cohort("B", "n-b", Scale.NPS, 10, 10, 9, 7, 2, 1);
    // CSAT (satisfied from 4 of 5): A [5, 4, 2, 1] 2 of 4; B [5, 5, 4, 3] 3 of 4.
    cohort("A", "c-a", Scale.CSAT, 5, 4, 2, 1);
    cohort("B", "c-b", Scale.CSAT, 5, 5, 4, 3);
    // Every score taken as independent (one session per cohort cannot be clustered;
    // sessionClusteredStandardErrorsOfScoresNpsAndCsat clusters scores).
    CohortComparison c =
        analytics.compare(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            "A",
            "B",
            CompareOptions.builder()
                .minSampleSize(1)
                .standardErrors(CompareOptions.StandardErrors.INDEPENDENT)
                .build());
    CohortComparison.MeanTest nps = scoreTest(c, "nps").nps();
    assertThat(nps.difference()).isCloseTo(100.0 / 6, within(1e-12));
    assertThat(nps.a().mean()).isCloseTo(0, within(1e-12));
    assertThat(nps.t()).isCloseTo(50 / Math.sqrt(32500), within(1e-12));
    assertThat(nps.interval().lower()).isLessThan(0);
    assertThat(nps.method()).isEqualTo(CohortComparison.Method.WELCH);
    assertThat(scoreTest(c, "nps").method()).isEqualTo(CohortComparison.Method.WELCH);
    assertThat(scoreTest(c, "nps").csat()).isNull();

    CohortComparison.ProportionTest csat = scoreTest(c, "csat").csat();
    assertThat(csat.a()).isEqualTo(new CohortComparison.Proportion(2, 4, 50.0));
    assertThat(csat.b()).isEqualTo(new CohortComparison.Proportion(3, 4, 75.0));
    assertThat(csat.method()).isEqualTo(CohortComparison.Method.FISHER_EXACT);
    assertThat(scoreTest(c, "csat").nps()).isNull();
    // Every rating is up (no satisfaction test): two mean tests, one NPS and one CSAT test
    // are adjusted together.
    assertThat(csat.adjustedPValue()).isGreaterThanOrEqualTo(csat.pValue());
  }

  @Test
  public void sessionClusteredStandardErrorsCountSessionsNotVotes() {
    // Sessions of one variant agree with themselves: A's sessions vote UUUU, DDDD, UUUD, DD
    // (7 of 14 up), B's UUUU, UUUU, UUDD, UUU (13 of 15). 29 votes in 8 sessions, more than
    // one per session on average: clustered by default.
    String[] a = {"UUUU", "DDDD", "UUUD", "DD"};
    String[] b = {"UUUU", "UUUU", "UUDD", "UUU"};
    for (int i = 0; i < a.length; i++) {
      session("A", "cl-a" + i, a[i]);
      session("B", "cl-b" + i, b[i]);
    }
    CohortComparison.ProportionTest clustered =
        analytics
            .compare(
                FeedbackQuery.all(),
                GroupKey.metadata("variant"),
                "A",
                "B",
                CompareOptions.builder().minSampleSize(1).build())
            .satisfaction();
    // The CR1 sandwich per group, from the sessions themselves in 40-digit decimals:
    // V = G/(G - 1) * sum((y_i - p n_i)^2) / N^2.
    double variance = cr1(a) + cr1(b);
    double difference = 13.0 / 15 - 7.0 / 14;
    double z = difference / Math.sqrt(variance);
    assertThat(clustered.method()).isEqualTo(CohortComparison.Method.CLUSTER_ROBUST);
    assertThat(clustered.withheld()).isNull();
    assertThat(clustered.difference()).isCloseTo(100 * difference, within(1e-12));
    assertThat(clustered.z()).isCloseTo(z, within(1e-12));
    double half = 1.959963984540054 * Math.sqrt(variance);
    assertInterval(
        clustered.interval(), 0.95, 100 * (difference - half), 100 * (difference + half));
    // z = 1.257, p = 0.209 (SciPy), where the votes taken one by one gave Fisher's p = 0.050.
    assertThat(clustered.pValue()).isCloseTo(0.20876726498486187, within(1e-9));
    assertThat(clustered.significant()).isFalse();

    CohortComparison.ProportionTest independent =
        analytics
            .compare(
                FeedbackQuery.all(),
                GroupKey.metadata("variant"),
                "A",
                "B",
                CompareOptions.builder()
                    .minSampleSize(1)
                    .standardErrors(CompareOptions.StandardErrors.INDEPENDENT)
                    .build())
            .satisfaction();
    assertThat(independent.method()).isEqualTo(CohortComparison.Method.FISHER_EXACT);
    assertThat(independent.pValue()).isLessThan(clustered.pValue());

    // One session per variant cannot be clustered: too few.
    session("C", "cl-c", "UUUD");
    session("D", "cl-d", "UDDD");
    CohortComparison.ProportionTest one =
        analytics
            .compare(
                FeedbackQuery.all(),
                GroupKey.metadata("variant"),
                "C",
                "D",
                CompareOptions.builder().minSampleSize(1).build())
            .satisfaction();
    assertThat(one.withheld()).isEqualTo(CohortComparison.Withheld.TOO_FEW);
    assertThat(one.pValue()).isNull();
    // One vote per session on average: independent by default.
    votes("E", "cl-e", "UUUUDD");
    votes("F", "cl-f", "UDDDDD");
    assertThat(
            analytics
                .compare(
                    FeedbackQuery.all(),
                    GroupKey.metadata("variant"),
                    "E",
                    "F",
                    CompareOptions.builder().minSampleSize(1).build())
                .satisfaction()
                .method())
        .isEqualTo(CohortComparison.Method.FISHER_EXACT);
    assertThat(CompareOptions.defaults().standardErrors())
        .isEqualTo(CompareOptions.StandardErrors.AUTO);
  }

  private void session(String variant, String session, String ratings) {
    store.updateMetadata(session, Map.of("variant", variant));
    for (int i = 0; i < ratings.length(); i++) {
      store.append(
          session,
          Feedback.builder()
              .id(session + "-v" + i)
              .rating(ratings.charAt(i) == 'U' ? Rating.UP : Rating.DOWN)
              .createdAt(AnalyticsFixtures.MONDAY)
              .build(),
          UnknownSessionPolicy.CREATE);
    }
  }

  /** The CR1 variance of a group's proportion of U, each string one session's votes. */
  private static double cr1(String[] sessions) {
    double[][] values = new double[sessions.length][];
    for (int i = 0; i < sessions.length; i++) {
      values[i] = sessions[i].chars().mapToDouble(ch -> ch == 'U' ? 1 : 0).toArray();
    }
    return sandwich(values, v -> v);
  }

  @Test
  public void sessionClusteredStandardErrorsOfScoresNpsAndCsat() {
    // Sessions of scores (all rated up), several per session: clustered by default.
    double[][] npsA = {{10, 9, 10}, {3, 5}, {8, 2, 9}, {6}};
    double[][] npsB = {{10, 10}, {9, 7, 10}, {2, 1}, {10, 9, 9, 8}};
    double[][] csatA = {{5, 4}, {2, 1, 2}, {4, 3, 5}};
    double[][] csatB = {{5, 5, 4}, {3, 4}, {5, 5}, {1}};
    scoreSessions("A", "cn-a", Scale.NPS, npsA);
    scoreSessions("B", "cn-b", Scale.NPS, npsB);
    scoreSessions("A", "cc-a", Scale.CSAT, csatA);
    scoreSessions("B", "cc-b", Scale.CSAT, csatB);
    CohortComparison c =
        analytics.compare(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            "A",
            "B",
            CompareOptions.builder().minSampleSize(1).build());

    // Each mean's variance is the CR1 sandwich of its sessions, computed here in 40 digits;
    // t = d / sqrt(V_A + V_B) with the sessions' Welch-Satterthwaite degrees of freedom. The
    // p-values and interval bounds are Student's t (reference_values.py, SciPy agrees).
    CohortComparison.MeanTest npsMean = scoreTest(c, "nps");
    assertClustered(npsMean, npsA, npsB, v -> v, 0.6921368642987227);
    assertInterval(npsMean.interval(), 0.95, -4.115565469588601, 5.7923331463562775);
    // The NPS difference: the recoded values +100 / 0 / -100 clustered the same way.
    CohortComparison.MeanTest nps = npsMean.nps();
    assertClustered(nps, npsA, npsB, v -> v >= 9 ? 100 : v <= 6 ? -100 : 0, 0.47779402034469143);
    assertThat(nps.difference()).isCloseTo(100 * (5.0 / 11 - 0), within(1e-12));
    assertInterval(nps.interval(), 0.95, -103.75945323332984, 194.66854414242073);
    CohortComparison.MeanTest csatMean = scoreTest(c, "csat");
    assertClustered(csatMean, csatA, csatB, v -> v, 0.5281958264466889);

    // The CSAT percent (satisfied from 4): A 4 of 8, B 6 of 8, the Wald z-test with the CR1
    // variance of each share, as satisfaction is clustered.
    CohortComparison.ProportionTest csat = csatMean.csat();
    assertThat(csat.method()).isEqualTo(CohortComparison.Method.CLUSTER_ROBUST);
    assertThat(csat.a()).isEqualTo(new CohortComparison.Proportion(4, 8, 50.0));
    assertThat(csat.b()).isEqualTo(new CohortComparison.Proportion(6, 8, 75.0));
    DoubleUnaryOperator satisfied = v -> v >= 4 ? 1 : 0;
    double se = Math.sqrt(sandwich(csatA, satisfied) + sandwich(csatB, satisfied));
    assertThat(csat.z()).isCloseTo(0.25 / se, within(1e-12));
    assertThat(csat.pValue()).isCloseTo(0.46271225343277234, within(1e-12));
    assertInterval(csat.interval(), 0.95, -41.720990403618906, 91.72099040361891);
    // Five tests in the family (satisfaction has no variation: every rating is up).
    assertThat(csat.adjustedPValue()).isGreaterThanOrEqualTo(csat.pValue());

    // Sessions that repeat one score: taken one by one, Welch's p = 0.018 ("significant");
    // as sessions, p = 0.296.
    double[][] starsA = {{5, 5, 5, 5}, {2, 2, 2, 2}, {4, 4, 4}, {3, 3}};
    double[][] starsB = {{5, 5, 5, 5}, {5, 5, 5, 5}, {4, 4, 4, 4}, {4, 4, 4}};
    scoreSessions("C", "cs-c", Scale.STARS_5, starsA);
    scoreSessions("D", "cs-d", Scale.STARS_5, starsB);
    CohortComparison.MeanTest stars =
        onlyScore("C", "D", CompareOptions.builder().minSampleSize(1).build());
    assertClustered(stars, starsA, starsB, v -> v, 0.2956848291056744);
    assertThat(stars.significant()).isFalse();
    CohortComparison.MeanTest independent = onlyScore("C", "D");
    assertThat(independent.method()).isEqualTo(CohortComparison.Method.WELCH);
    assertThat(independent.pValue()).isCloseTo(0.017901085405948272, within(1e-9));
    assertThat(independent.significant()).isTrue();

    // One session in a group cannot be clustered: too few; with one score per session the
    // default takes the scores as independent.
    scoreSessions("E", "cs-e", Scale.STARS_5, new double[][] {{1, 2, 3}});
    CohortComparison.MeanTest one =
        onlyScore("C", "E", CompareOptions.builder().minSampleSize(1).build());
    assertThat(one.withheld()).isEqualTo(CohortComparison.Withheld.TOO_FEW);
    assertThat(one.method()).isNull();
    assertThat(one.pValue()).isNull();
    scoreSessions("F", "cs-f", Scale.STARS_5, new double[][] {{1}, {2}, {4}});
    scoreSessions("G", "cs-g", Scale.STARS_5, new double[][] {{5}, {3}, {4}, {5}});
    assertThat(onlyScore("F", "G", CompareOptions.builder().minSampleSize(1).build()).method())
        .isEqualTo(CohortComparison.Method.WELCH);
    assertThat(
            onlyScore(
                    "F",
                    "G",
                    CompareOptions.builder()
                        .minSampleSize(1)
                        .standardErrors(CompareOptions.StandardErrors.SESSION_CLUSTERED)
                        .build())
                .method())
        .isEqualTo(CohortComparison.Method.CLUSTER_ROBUST);
    // Sessions that each hold the group's mean leave no variance between sessions.
    scoreSessions("H", "cs-h", Scale.STARS_5, new double[][] {{1, 3}, {3, 1}});
    scoreSessions("I", "cs-i", Scale.STARS_5, new double[][] {{4, 4}, {5, 3}});
    assertThat(onlyScore("H", "I", CompareOptions.builder().minSampleSize(1).build()).withheld())
        .isEqualTo(CohortComparison.Withheld.NO_VARIATION);
  }

  /**
   * A clustered mean test against the CR1 sandwich of the sessions' values f(x): the
   * difference, t and degrees of freedom, and the p-value given.
   */
  private static void assertClustered(
      CohortComparison.MeanTest test,
      double[][] a,
      double[][] b,
      DoubleUnaryOperator f,
      double pValue) {
    double va = sandwich(a, f);
    double vb = sandwich(b, f);
    assertThat(test.method()).isEqualTo(CohortComparison.Method.CLUSTER_ROBUST);
    assertThat(test.withheld()).isNull();
    double difference = mean(b, f) - mean(a, f);
    assertThat(test.difference()).isCloseTo(difference, within(1e-12));
    assertThat(test.t()).isCloseTo(difference / Math.sqrt(va + vb), within(1e-12));
    double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
    assertThat(test.degreesOfFreedom()).isCloseTo(df, within(1e-12 * df));
    assertThat(test.pValue()).isCloseTo(pValue, within(1e-12));
  }

  private static double mean(double[][] sessions, DoubleUnaryOperator f) {
    double sum = 0;
    int n = 0;
    for (double[] s : sessions) {
      for (double x : s) {
        sum += f.applyAsDouble(x);
        n++;
      }
    }
    return sum / n;
  }

  /**
   * The CR1 variance of a mean of f(x) over sessions, in 40-digit decimals:
   * G/(G - 1) * sum((S_i - m n_i)^2) / N^2, S_i and n_i session i's sum and count.
   */
  private static double sandwich(double[][] sessions, DoubleUnaryOperator f) {
    java.math.MathContext mc = new java.math.MathContext(40);
    java.math.BigDecimal total = java.math.BigDecimal.ZERO;
    long n = 0;
    for (double[] s : sessions) {
      for (double x : s) {
        total = total.add(new java.math.BigDecimal(f.applyAsDouble(x)));
        n++;
      }
    }
    java.math.BigDecimal mean = total.divide(java.math.BigDecimal.valueOf(n), mc);
    java.math.BigDecimal squares = java.math.BigDecimal.ZERO;
    for (double[] s : sessions) {
      java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
      for (double x : s) {
        sum = sum.add(new java.math.BigDecimal(f.applyAsDouble(x)));
      }
      java.math.BigDecimal residual =
          sum.subtract(mean.multiply(java.math.BigDecimal.valueOf(s.length), mc));
      squares = squares.add(residual.multiply(residual, mc), mc);
    }
    int g = sessions.length;
    return squares
        .multiply(java.math.BigDecimal.valueOf(g))
        .divide(java.math.BigDecimal.valueOf((long) (g - 1) * n * n), mc)
        .doubleValue();
  }

  /** Scores of one variant's sessions, one session per row, each feedback rated up. */
  private void scoreSessions(String variant, String prefix, Scale scale, double[][] sessions) {
    for (int i = 0; i < sessions.length; i++) {
      cohort(variant, prefix + i, scale, sessions[i]);
    }
  }

  private static CohortComparison.MeanTest scoreTest(CohortComparison c, String scale) {
    return c.scores().stream().filter(t -> t.scale().equals(scale)).findFirst().orElseThrow();
  }

  /** Votes of independent users: one session per vote, each in the variant. */
  private void votes(String variant, String session, String ratings) {
    for (int i = 0; i < ratings.length(); i++) {
      store.updateMetadata(session + "-" + i, Map.of("variant", variant));
      store.append(
          session + "-" + i,
          Feedback.builder()
              .id(session + "-v" + i)
              .rating(ratings.charAt(i) == 'U' ? Rating.UP : Rating.DOWN)
              .createdAt(AnalyticsFixtures.MONDAY)
              .build(),
          UnknownSessionPolicy.CREATE);
    }
  }

  @Test
  public void comparingWithAnEmptyCohortGivesNoTest() {
    AnalyticsFixtures.cohorts(store);
    CohortComparison c =
        analytics.compare(FeedbackQuery.all(), GroupKey.metadata("variant"), "A", "Z", 0.05);
    assertThat(c.satisfaction().b()).isEqualTo(new CohortComparison.Proportion(0, 0, null));
    assertThat(c.satisfaction().difference()).isNull();
    assertThat(c.satisfaction().z()).isNull();
    assertThat(c.satisfaction().pValue()).isNull();
    assertThat(c.satisfaction().interval()).isNull();
    assertThat(c.satisfaction().significant()).isFalse();
    assertThat(c.satisfaction().withheld()).isEqualTo(CohortComparison.Withheld.NO_DATA);
    assertThat(c.scores()).isEmpty();
    assertThat(c.summaryB().ratings().total()).isZero();
  }

  @Test
  public void welchTestIsWithheldWhenBothCohortsAreConstant() {
    // A = 0.1 x 3, B = 0.2 x 3 on a 0-1 scale: one distinct value each, no variation at all.
    Scale unit = Scale.of("unit", 0, 1);
    cohort("A", "c-a", unit, 0.1, 0.1, 0.1);
    cohort("B", "c-b", unit, 0.2, 0.2, 0.2);
    cohort("C", "c-c", unit, 0.7, 0.7, 0.7);
    cohort("D", "c-d", unit, 0.7, 0.7, 0.7);
    cohort("E", "c-e", unit, 0.1, 0.1, 0.1, 0.1, 0.2);

    CohortComparison.MeanTest ab = onlyScore("A", "B");
    assertThat(ab.a().mean()).isEqualTo(0.1);
    assertThat(ab.a().standardDeviation()).isZero();
    assertThat(ab.b().mean()).isEqualTo(0.2);
    assertThat(ab.difference()).isEqualTo(0.2 - 0.1);
    assertThat(ab.withheld()).isEqualTo(CohortComparison.Withheld.NO_VARIATION);
    assertThat(ab.t()).isNull();
    assertThat(ab.pValue()).isNull();
    assertThat(ab.interval()).isNull();
    assertThat(ab.significant()).isFalse();

    CohortComparison.MeanTest cd = onlyScore("C", "D");
    assertThat(cd.difference()).isZero();
    assertThat(cd.withheld()).isEqualTo(CohortComparison.Withheld.NO_VARIATION);
    assertThat(cd.interval()).isNull();

    // One constant cohort against a varied one is tested: E = [0.1 x 4, 0.2], mean 0.12,
    // variance (4 * 0.02^2 + 0.08^2) / 4 = 0.002; se^2 = 0.002 / 5, t = -0.02 / sqrt(0.0004).
    CohortComparison.MeanTest ae = onlyScore("A", "E");
    assertThat(ae.withheld()).isNull();
    assertThat(ae.b().standardDeviation()).isCloseTo(Math.sqrt(0.002), within(1e-15));
    assertThat(ae.t()).isCloseTo(1.0, within(1e-12));
    assertThat(ae.degreesOfFreedom()).isCloseTo(4.0, within(1e-12));
  }

  private void cohort(String variant, String session, Scale scale, double... scores) {
    store.updateMetadata(session, Map.of("variant", variant));
    for (int i = 0; i < scores.length; i++) {
      store.append(
          session,
          Feedback.builder()
              .id(session + "-" + i)
              .rating(Rating.UP)
              .score(scores[i], scale)
              .createdAt(AnalyticsFixtures.MONDAY)
              .build(),
          UnknownSessionPolicy.CREATE);
    }
  }

  private CohortComparison.MeanTest onlyScore(String a, String b) {
    return onlyScore(
        a,
        b,
        CompareOptions.builder()
            .minSampleSize(1)
            .standardErrors(CompareOptions.StandardErrors.INDEPENDENT)
            .build());
  }

  private CohortComparison.MeanTest onlyScore(String a, String b, CompareOptions options) {
    CohortComparison c =
        analytics.compare(FeedbackQuery.all(), GroupKey.metadata("variant"), a, b, options);
    assertThat(c.scores()).hasSize(1);
    return c.scores().get(0);
  }

  @Test
  public void winRatesCountTiesAsHalfAWin() {
    AnalyticsFixtures.comparisons(store);
    WinRates rates = analytics.winRates(FeedbackQuery.all());

    // gpt-4o: 3 wins, 1 loss, 2 ties of 6 -> (3 + 1) / 6; claude: 1 + 2 wins, 3 losses,
    // 2 ties of 8 -> 4 / 8; llama: 2 losses -> 0. The intervals invert the trinomial score
    // test (win 1, tie 1/2, loss 0); the bounds come from a 40-digit computation of the
    // restricted likelihood (feedback-core's TrinomialIntervalTest checks the method). llama
    // has no ties: Wilson's interval of 0/2.
    assertThat(rates.models())
        .extracting(WinRates.ModelRow::model)
        .containsExactly("gpt-4o", "claude", "llama");
    WinRates.ModelRow gpt = rates.models().get(0);
    assertThat(List.of(gpt.comparisons(), gpt.wins(), gpt.losses(), gpt.ties()))
        .containsExactly(6L, 3L, 1L, 2L);
    assertThat(gpt.winRate()).isEqualTo(400.0 / 6);
    assertThat(gpt.plainWinRate()).isEqualTo(50.0);
    assertInterval(gpt.interval(), 0.95, 34.44631076878878, 87.69783317819348);
    WinRates.ModelRow claude = rates.models().get(1);
    assertThat(List.of(claude.comparisons(), claude.wins(), claude.losses(), claude.ties()))
        .containsExactly(8L, 3L, 3L, 2L);
    assertThat(claude.winRate()).isEqualTo(50.0);
    assertThat(claude.plainWinRate()).isEqualTo(37.5);
    assertInterval(claude.interval(), 0.95, 24.037732153113893, 75.9622678468861);
    WinRates.ModelRow llama = rates.models().get(2);
    assertThat(llama.winRate()).isZero();
    assertThat(llama.plainWinRate()).isZero();
    assertInterval(llama.interval(), 0.95, 0.0, 65.76197724933469);

    // Pairs by key order, each with the model that sorts first named first.
    assertThat(rates.pairs())
        .extracting(
            WinRates.PairRow::first,
            WinRates.PairRow::second,
            WinRates.PairRow::firstWins,
            WinRates.PairRow::secondWins,
            WinRates.PairRow::ties)
        .containsExactly(
            tuple("claude", "gpt-4o", 1L, 3L, 2L), tuple("claude", "llama", 2L, 0L, 0L));
    assertThat(rates.pairs().get(0).firstWinRate()).isEqualTo(200.0 / 6);
    assertThat(rates.pairs().get(0).firstPlainWinRate()).isEqualTo(100.0 / 6);
    assertInterval(rates.pairs().get(0).interval(), 0.95, 12.302166821806516, 65.55368923121122);
    assertThat(rates.pairs().get(1).firstWinRate()).isEqualTo(100.0);
    assertThat(rates.pairs().get(1).firstPlainWinRate()).isEqualTo(100.0);
    assertInterval(rates.pairs().get(1).interval(), 0.95, 34.2380227506653, 100.0);
    // The two gpt-4o versions are one model by name; one candidate has no model.
    assertThat(rates.skipped()).isEqualTo(2);
    assertThat(rates.modelKey()).isEqualTo(GroupKey.model());
  }

  @Test
  public void oneTieGetsAnIntervalValidWithTies() {
    // One comparison, a tie. Wilson's interval of 1/2 success in 1 trial said 5.5 % to 94.5 %.
    // Tied outcomes vary less than a coin: for θ below 1/2 the likeliest trinomial ties with
    // probability 2θ, the variance is θ/2 − θ², and |Z(θ)| ≤ z holds from θ = (1/2) / (1 + z²).
    store.append(
        "tie",
        Feedback.builder()
            .id("tie-1")
            .rating(Rating.NEUTRAL)
            .comparison(
                Comparison.of(
                    Comparison.Candidate.of(ModelRef.of("m1"), null),
                    Comparison.Candidate.of(ModelRef.of("m2"), null),
                    Comparison.Preference.TIE))
            .createdAt(AnalyticsFixtures.MONDAY)
            .build(),
        UnknownSessionPolicy.CREATE);
    WinRates rates = analytics.winRates(FeedbackQuery.all());
    double z = 1.959963984540054;
    double lower = 50 / (1 + z * z);
    for (WinRates.ModelRow row : rates.models()) {
      assertThat(row.winRate()).isEqualTo(50.0);
      assertThat(row.plainWinRate()).isZero();
      assertInterval(row.interval(), 0.95, lower, 100 - lower);
    }
    assertThat(rates.pairs().get(0).firstPlainWinRate()).isZero();
    assertInterval(rates.pairs().get(0).interval(), 0.95, lower, 100 - lower);
  }

  @Test
  public void winRatesByVersionTellVersionsApart() {
    AnalyticsFixtures.comparisons(store);
    WinRates rates = analytics.winRates(FeedbackQuery.all(), GroupKey.modelVersion(), 0.9);
    // gpt-4o@2024-08 won its only comparison (100%); llama (0 of 2) ranks before
    // gpt-4o@2024-05 (0 of 1) on more comparisons.
    assertThat(rates.models())
        .extracting(WinRates.ModelRow::model)
        .containsExactly("gpt-4o@2024-08", "gpt-4o", "claude", "llama", "gpt-4o@2024-05");
    assertThat(rates.pairs())
        .extracting(
            WinRates.PairRow::first, WinRates.PairRow::second, WinRates.PairRow::comparisons)
        .containsExactly(
            tuple("claude", "gpt-4o", 6L),
            tuple("claude", "llama", 2L),
            tuple("gpt-4o@2024-05", "gpt-4o@2024-08", 1L));
    assertThat(rates.skipped()).isEqualTo(1);
    assertThat(rates.models().get(0).interval().level()).isEqualTo(0.9);
  }

  @Test
  public void problemsFindRisingTermsHotspotsAndSentiment() {
    AnalyticsFixtures.problems(store);
    FeedbackQuery week10 =
        FeedbackQuery.builder()
            .since(Instant.parse("2026-03-02T00:00:00Z"))
            .until(Instant.parse("2026-03-09T00:00:00Z"))
            .build();
    ProblemReport p = analytics.problems(week10, ProblemOptions.defaults());

    // 8 feedbacks rated down, 7 of them with a comment.
    assertThat(p.down()).isEqualTo(8);
    assertThat(p.downComments()).isEqualTo(7);
    // Per comment: "checkout", "page", "timeout" in 3; "slow" in 3 (the positive "not slow
    // at all" does not count, "slow slow slow" counts once); "not", "working" in 2; phrases
    // "checkout page" in 3, "not working" and "page timeout" in 2.
    assertThat(p.phrases())
        .containsExactly(
            new TermCount("checkout page", 3),
            new TermCount("not working", 2),
            new TermCount("page timeout", 2));
    // Folded: "checkout" and "page" into "checkout page" (3 of 3), "timeout" into "page
    // timeout" (2 of 3), "not" and "working" into "not working"; "page" joins "checkout
    // page" and "page timeout" (one complaint, "checkout page timeout"), for which the more
    // frequent "checkout page" stands.
    assertThat(p.terms())
        .containsExactly(
            new TermCount("checkout page", 3),
            new TermCount("slow", 3),
            new TermCount("not working", 2));
    // Against 2026-W09 (slow 1, timeout 2): new terms first, then slow at 3/1; timeout at
    // 3/2 = 1.5 is below the ratio 2.
    assertThat(p.previousPeriod())
        .isEqualTo(
            new ReportPeriod(
                "2026-02-23T00:00:00Z/2026-03-02T00:00:00Z",
                Instant.parse("2026-02-23T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z")));
    // "checkout" and "page" fold into "checkout page" among the rising terms too.
    assertThat(p.rising())
        .containsExactly(
            RisingTerm.builder()
                .term("checkout page")
                .count(3)
                .previousCount(0)
                .ratio(null)
                .build(),
            RisingTerm.builder().term("slow").count(3).previousCount(1).ratio(3.0).build());
    // m-1: 3 of its 4 feedbacks are negative; m-2: 3 of 3; m-3 has 2, below 3.
    assertThat(p.messages())
        .containsExactly(
            Hotspot.builder().key("m-1").down(3).total(4).build(),
            Hotspot.builder().key("m-2").down(3).total(3).build());
    assertThat(p.tags())
        .containsExactly(
            Hotspot.builder().key("latency").down(4).total(4).build(),
            Hotspot.builder().key("checkout").down(3).total(4).build());
    // 03-03: (-0.5 + 0.8) / 2, the stored double 0.8 being 0.8000000000000000444, so the
    // mean of the stored values is the double after 0.15; 03-04: -0.75.
    assertThat(p.sentimentByDay())
        .containsExactly(
            SentimentPoint.builder().day("2026-03-03").count(2).mean(Math.nextUp(0.15)).build(),
            SentimentPoint.builder().day("2026-03-04").count(1).mean(-0.75).build());
  }

  /**
   * Three complaints in week 10, each in several wordings: a login loop, a two-factor code
   * that does not arrive, and a refund. Their fragments ("login" and "loop" inside "login
   * loop", "two" and "factor" of "two-factor") take no slot of their own, so the top three
   * terms, and the rising ones, name three different complaints.
   */
  @Test
  public void emergingTermsNameDifferentComplaintsNotFragmentsOfOne() {
    String[] previous = {"login is slow", "wrong answer", "slow answer again"};
    String[] current = {
      "Stuck in a login loop since the update",
      "Login loop again. I can't get into my account",
      "The app sends me back to the login screen, it's a loop",
      "endless login loop on mobile",
      "login loop after resetting the password",
      "Still stuck in the login loop!!",
      "The two-factor code never arrives",
      "Two-factor SMS is not received",
      "two-factor code expired before I could type it",
      "No two\u2011factor prompt on my new phone",
      "two-factor keeps failing",
      "Where is my refund? It has been two weeks",
      "Refund request ignored",
      "Still waiting for my refund",
      "I want a refund, the charge was wrong",
      "refund not processed yet",
    };
    for (int i = 0; i < previous.length; i++) {
      store.append(
          "c-0",
          Feedback.builder()
              .id("b" + i)
              .rating(Rating.DOWN)
              .comment(previous[i])
              .createdAt(Instant.parse("2026-02-24T09:00:00Z").plusSeconds(60L * i))
              .build(),
          UnknownSessionPolicy.CREATE);
    }
    for (int i = 0; i < current.length; i++) {
      store.append(
          "c-" + (1 + i % 4),
          Feedback.builder()
              .id("c" + i)
              .rating(Rating.DOWN)
              .comment(current[i])
              .createdAt(Instant.parse("2026-03-03T09:00:00Z").plusSeconds(60L * i))
              .build(),
          UnknownSessionPolicy.CREATE);
    }
    ProblemReport p =
        analytics.problems(
            FeedbackQuery.builder()
                .since(Instant.parse("2026-03-02T00:00:00Z"))
                .until(Instant.parse("2026-03-09T00:00:00Z"))
                .build(),
            ProblemOptions.defaults());

    // "login" is in 6 comments, "loop" in 6, "login loop" in 5: both fold into the phrase.
    // "two-factor" is in 5, "two-factor code" in 2 of them: the word stays.
    assertThat(p.terms().subList(0, 3))
        .containsExactly(
            new TermCount("login loop", 5),
            new TermCount("refund", 5),
            new TermCount("two-factor", 5));
    assertThat(p.terms())
        .extracting(TermCount::term)
        .doesNotContain("login", "loop", "two", "factor");
    // Rising against week 9 ("login" once): the same three, new, and no fragment.
    assertThat(p.rising())
        .extracting(RisingTerm::term)
        .containsExactly("login loop", "refund", "two-factor");
    // The phrases stay listed as counted.
    assertThat(p.phrases()).startsWith(new TermCount("login loop", 5));
  }

  @Test
  public void problemOptionsChangeWhatIsListed() {
    AnalyticsFixtures.problems(store);
    FeedbackQuery week10 =
        FeedbackQuery.builder()
            .since(Instant.parse("2026-03-02T00:00:00Z"))
            .until(Instant.parse("2026-03-09T00:00:00Z"))
            .build();
    ProblemReport p =
        analytics.problems(
            week10,
            ProblemOptions.builder()
                .addStopWords("checkout", "page")
                .phrases(false)
                .minCount(3)
                .risingRatio(1.5)
                .risingMinCount(3)
                .hotspotThreshold(4)
                .limit(1)
                .build());
    assertThat(p.terms()).containsExactly(new TermCount("slow", 3));
    assertThat(p.phrases()).isEmpty();
    // With ratio 1.5, timeout (3 against 2) rises too; the limit keeps the first.
    assertThat(p.rising())
        .containsExactly(
            RisingTerm.builder().term("slow").count(3).previousCount(1).ratio(3.0).build());
    assertThat(p.messages()).isEmpty();
    assertThat(p.tags()).containsExactly(Hotspot.builder().key("latency").down(4).total(4).build());
  }

  @Test
  public void problemsWithoutBothBoundsHaveNoRisingTerms() {
    AnalyticsFixtures.problems(store);
    ProblemReport p = analytics.problems(FeedbackQuery.all(), ProblemOptions.defaults());
    assertThat(p.previousPeriod()).isNull();
    assertThat(p.rising()).isEmpty();
    // Both weeks: 12 negative feedbacks, 11 with a comment; "timeout" in 5.
    assertThat(p.down()).isEqualTo(12);
    assertThat(p.terms()).startsWith(new TermCount("timeout", 5));
  }

  @Test
  public void analyzeEqualsTheReferenceFoldOfTheSameFeedbackInAnotherOrder() {
    RandomFeedback random =
        RandomFeedback.builder()
            .seed(7)
            .start(AnalyticsFixtures.MONDAY)
            .span(Duration.ofDays(5))
            .users(6)
            .messages(8)
            .build();
    List<SessionFeedback> data = random.list(300);
    RandomFeedback.load(store, data, random.metadata());
    FeedbackStore reference = new InMemoryFeedbackStore();
    List<SessionFeedback> reversed = new ArrayList<>(data);
    Collections.reverse(reversed);
    RandomFeedback.load(reference, reversed, random.metadata());

    AnalyticsRequest.TermSpec terms =
        AnalyticsRequest.TermSpec.builder()
            .stopWords(StopWords.english())
            .phrases(true)
            .minCount(1)
            .build();
    List<FeedbackQuery> queries =
        List.of(
            FeedbackQuery.all(),
            FeedbackQuery.builder().metadata("variant", "B").build(),
            FeedbackQuery.builder()
                .rating(Rating.DOWN)
                .since(AnalyticsFixtures.MONDAY.plusSeconds(36 * 3600))
                .build());
    for (FeedbackQuery query : queries) {
      AnalyticsRequest request =
          AnalyticsRequest.builder(query)
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.metadata("variant")))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.metadata("turns")))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.tag()))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.user()).top(Rating.DOWN, 3))
              .breakdown(
                  AnalyticsRequest.Breakdown.of(GroupKey.message()).only(List.of("m-1", "m-5")))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.session()).top(null, 4))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.modelVersion()))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.source()))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.reviewStatus()))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.period(Granularity.DAY, MADRID)))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.period(Granularity.HOUR_OF_DAY)))
              .pairwise(GroupKey.modelVersion())
              .terms(terms)
              .sessionSums(true)
              .build();
      AnalyticsResult expected = ReferenceFold.run(reference, request);
      assertThat(store.analyze(request)).as("analyze %s", query).isEqualTo(expected);
      assertThat(analytics.summary(query))
          .isEqualTo(FeedbackAnalytics.of(reference).summary(query));
      assertThat(
              analytics.groupBy(
                  query,
                  GroupKey.metadata("variant"),
                  GroupOptions.builder().minSampleSize(1).build()))
          .isEqualTo(
              FeedbackAnalytics.of(reference)
                  .groupBy(
                      query,
                      GroupKey.metadata("variant"),
                      GroupOptions.builder().minSampleSize(1).build()));
    }
    AnalyticsResult all =
        store.analyze(
            AnalyticsRequest.builder(FeedbackQuery.all())
                .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.user()).top(Rating.DOWN, 3))
                .pairwise(GroupKey.model())
                .terms(terms)
                .build());
    assertThat(all.total().total()).isEqualTo(300);
    assertThat(all.breakdowns().get(0).buckets()).hasSize(3);
    assertThat(all.pairwise().pairs()).isNotEmpty();
    assertThat(all.terms().terms()).isNotEmpty();
  }

  @Test
  public void breakdownsKeepOnlyTheRequestedAndTheTopGroups() {
    AnalyticsFixtures.problems(store);
    AnalyticsResult result =
        store.analyze(
            AnalyticsRequest.builder(FeedbackQuery.all())
                .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.message()).top(Rating.DOWN, 2))
                .breakdown(
                    AnalyticsRequest.Breakdown.of(GroupKey.metadata("variant"))
                        .only(List.of("B", "Z")))
                .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.session()).top(null, 1))
                .build());
    // Downs per message: m-1 3, m-2 3, m-3 2, no message 3 (q3, q4, q5), m-0 1; the top two
    // by downs, ties by key with "no value" first: none and m-1; listed in key order.
    assertThat(result.breakdowns().get(0).buckets())
        .extracting(AnalyticsResult.Bucket::key)
        .containsExactly(null, "m-1");
    assertThat(result.breakdowns().get(1).buckets())
        .extracting(AnalyticsResult.Bucket::key)
        .containsExactly("B");
    assertThat(result.breakdowns().get(1).buckets().get(0).tally().total()).isEqualTo(12);
    // Sessions by total: p-2 has 9 (q3..q7, c2, c3, c4, p2).
    assertThat(result.breakdowns().get(2).buckets())
        .extracting(AnalyticsResult.Bucket::key)
        .containsExactly("p-2");
    assertThat(result.pairwise()).isNull();
    assertThat(result.terms()).isNull();
  }

  @Test
  public void weeklyReportComparesEveryFigureWithThePreviousWeek() {
    AnalyticsFixtures.problems(store);
    FeedbackReport r = analytics.report(weeklyRequest());

    assertThat(r.period())
        .isEqualTo(
            new ReportPeriod(
                "2026-W10",
                Instant.parse("2026-03-02T00:00:00Z"),
                Instant.parse("2026-03-09T00:00:00Z")));
    assertThat(r.previousPeriod())
        .isEqualTo(
            new ReportPeriod(
                "2026-W09",
                Instant.parse("2026-02-23T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z")));
    // W10: 2 up, 8 down, 1 neutral; 9 comments of 176 code points; sentiment -0.5, 0.8,
    // -0.75; NPS 3, 9, 10, 7 (promoters 2, detractors 1 of 4: 25).
    // W09: 3 up, 4 down; 5 comments of 50 code points; NPS 2, 10 (0).
    Map<String, FeedbackReport.Change> changes = new LinkedHashMap<>();
    r.changes().forEach(c -> changes.put(c.figure(), c));
    assertThat(changes.keySet())
        .containsExactly(
            "feedback",
            "up",
            "down",
            "neutral",
            "satisfaction",
            "positive_rate",
            "response_quality",
            "comment_rate",
            "average_comment_length",
            "dimension_mean",
            "sentiment_mean",
            "score.nps.count",
            "score.nps.mean",
            "nps");
    assertChange(change(changes, "feedback"), FeedbackReport.Unit.COUNT, 11.0, 7.0);
    assertChange(change(changes, "down"), FeedbackReport.Unit.COUNT, 8.0, 4.0);
    assertChange(change(changes, "satisfaction"), FeedbackReport.Unit.PERCENT, 20.0, 300.0 / 7);
    assertChange(
        change(changes, "positive_rate"), FeedbackReport.Unit.PERCENT, 200.0 / 11, 300.0 / 7);
    assertChange(
        change(changes, "response_quality"), FeedbackReport.Unit.SCORE, 250.0 / 11, 300.0 / 7);
    assertChange(
        change(changes, "comment_rate"), FeedbackReport.Unit.PERCENT, 900.0 / 11, 500.0 / 7);
    assertChange(
        change(changes, "average_comment_length"), FeedbackReport.Unit.MEAN, 176.0 / 11, 50.0 / 7);
    assertThat(change(changes, "dimension_mean").change()).isNull();
    assertThat(change(changes, "sentiment_mean").current()).isCloseTo(-0.15, within(1e-15));
    assertThat(change(changes, "sentiment_mean").previous()).isNull();
    assertThat(change(changes, "sentiment_mean").change()).isNull();
    assertChange(change(changes, "score.nps.mean"), FeedbackReport.Unit.MEAN, 7.25, 6.0);
    assertChange(change(changes, "nps"), FeedbackReport.Unit.SCORE, 25.0, 0.0);

    // Variant A (p-1): 1 up, 3 down -> 25%; B (p-2, p-3): 1 up, 5 down -> 1/6.
    assertThat(r.groups().best())
        .extracting(GroupReport.Row::key, GroupReport.Row::value)
        .containsExactly(tuple("A", 25.0));
    assertThat(r.groups().worst())
        .extracting(GroupReport.Row::key, GroupReport.Row::value)
        .containsExactly(tuple("B", 100.0 / 6));
    assertThat(r.negativeSessions())
        .containsExactly(
            Hotspot.builder().key("p-1").down(3).total(4).build(),
            Hotspot.builder().key("p-2").down(3).total(4).build(),
            Hotspot.builder().key("p-3").down(2).total(3).build());
    // The problems section is what problems() finds for the week, compared with W09.
    assertThat(r.problems())
        .usingRecursiveComparison()
        .ignoringFields("previousPeriod")
        .isEqualTo(
            analytics.problems(
                FeedbackQuery.builder().since(r.period().start()).until(r.period().end()).build(),
                ProblemOptions.defaults()));
    assertThat(r.problems().previousPeriod()).isEqualTo(r.previousPeriod());
  }

  @Test
  public void groupRowsGetIntervalsAndAdjustedTestsAgainstTheRest() {
    // A 8 up 2 down, B 2 up 8 down, C 5 up 5 down: 15 up, 15 down in all.
    votes("A", "g-a", "UUUUUUUUDD");
    votes("B", "g-b", "UUDDDDDDDD");
    votes("C", "g-c", "UUUUUDDDDD");
    GroupReport report =
        analytics.groupBy(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            GroupOptions.builder().minSampleSize(10).limit(2).build());
    assertThat(report.best()).extracting(GroupReport.Row::key).containsExactly("A", "C");
    assertThat(report.worst()).extracting(GroupReport.Row::key).containsExactly("B");
    GroupReport.Row a = report.best().get(0);
    GroupReport.Row b = report.worst().get(0);
    GroupReport.Row c = report.best().get(1);
    // Each row's satisfaction with Wilson's interval of 8/10, 5/10, 2/10.
    assertInterval(a.interval(), 0.95, wilsonLower(8, 10), wilsonUpper(8, 10));
    assertInterval(c.interval(), 0.95, wilsonLower(5, 10), wilsonUpper(5, 10));
    assertInterval(b.interval(), 0.95, wilsonLower(2, 10), wilsonUpper(2, 10));
    // Each against the rest: A 8/10 vs 7/20, pooled 1/2, every expected count at least 5: the
    // score test, z = 0.45 / sqrt(0.25 * (1/10 + 1/20)) = 2.32379000772445,
    // p = 0.02013675155034634; B the same, mirrored; C 5/10 vs 10/20: z = 0, p = 1.
    double p = 0.02013675155034634;
    assertThat(a.pValue()).isCloseTo(p, within(1e-12));
    assertThat(b.pValue()).isCloseTo(p, within(1e-12));
    assertThat(c.pValue()).isEqualTo(1.0);
    // Holm over the three ranked groups: 3p, max(3p, 2p), 1.
    assertThat(a.adjustedPValue()).isCloseTo(3 * p, within(1e-12));
    assertThat(b.adjustedPValue()).isCloseTo(3 * p, within(1e-12));
    assertThat(c.adjustedPValue()).isEqualTo(1.0);
    // Benjamini-Hochberg: min(3p/1, 3p/2, 1) = 1.5p for both.
    GroupReport bh =
        analytics.groupBy(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            GroupOptions.builder()
                .minSampleSize(10)
                .adjustment(CompareOptions.Adjustment.BENJAMINI_HOCHBERG)
                .alpha(0.1)
                .build());
    assertThat(bh.best().get(0).adjustedPValue()).isCloseTo(1.5 * p, within(1e-12));
    assertThat(bh.best().get(0).interval().level()).isEqualTo(0.9);

    // Response quality: ten neutral ratings are ties (1/2), whose interval is the win-rate
    // interval's: from (n/2) / (n + z^2) to 1 minus that, in points. A group below the
    // minimum sample is not ranked and not tested.
    store.updateMetadata("g-d", Map.of("variant", "D"));
    for (int i = 0; i < 10; i++) {
      store.append(
          "g-d",
          Feedback.builder()
              .id("g-d-n" + i)
              .rating(Rating.NEUTRAL)
              .createdAt(AnalyticsFixtures.MONDAY)
              .build(),
          UnknownSessionPolicy.CREATE);
    }
    GroupReport quality =
        analytics.groupBy(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            GroupOptions.builder()
                .metric(GroupOptions.Metric.RESPONSE_QUALITY)
                .minSampleSize(10)
                .build());
    double z = 1.959963984540054;
    GroupReport.Row d =
        quality.best().stream().filter(r -> "D".equals(r.key())).findFirst().orElseThrow();
    assertThat(d.value()).isEqualTo(50.0);
    assertInterval(d.interval(), 0.95, 500 / (10 + z * z), 100 - 500 / (10 + z * z));
    assertThat(d.pValue()).isNotNull();
  }

  private static double wilsonLower(long x, long n) {
    return wilson(x, n, -1);
  }

  private static double wilsonUpper(long x, long n) {
    return wilson(x, n, 1);
  }

  /** Wilson's closed form, in percent. */
  private static double wilson(long x, long n, int side) {
    double z = 1.959963984540054;
    double p = (double) x / n;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
    return 100 * (centre + side * half);
  }

  @Test
  public void reportChangesGetTestsIntervalsAndAdjustedPValues() {
    AnalyticsFixtures.problems(store);
    FeedbackReport r =
        analytics.report(
            ReportRequest.builder()
                .week(LocalDate.of(2026, 3, 2))
                .changes(
                    CompareOptions.builder()
                        .minSampleSize(1)
                        .adjustment(CompareOptions.Adjustment.NONE)
                        .build())
                .build());
    Map<String, FeedbackReport.Change> changes = new LinkedHashMap<>();
    r.changes().forEach(c -> changes.put(c.figure(), c));
    // W10 against W09 (figures in weeklyReportComparesEveryFigureWithThePreviousWeek), each
    // tested as compare tests two groups, W09 first. Satisfaction 2/10 vs 3/7, positive
    // rate 2/11 vs 3/7, comment rate 9/11 vs 5/7: small expected counts, Fisher's exact
    // test (p from SciPy's fisher_exact). Response quality (values 100, 50, 0), the NPS
    // scale's mean and the NPS (values +100, 0, -100): Welch's test (SciPy's ttest_ind).
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("satisfaction", 0.5927601809954752);
    expected.put("positive_rate", 0.3259803921568627);
    expected.put("response_quality", 0.4144478373579666);
    expected.put("comment_rate", 1.0);
    expected.put("score.nps.mean", 0.8100391030026269);
    expected.put("nps", 0.8486849535181856);
    expected.forEach(
        (figure, p) -> {
          FeedbackReport.Change change = change(changes, figure);
          assertThat(change.pValue()).as(figure).isCloseTo(p, within(1e-12));
          assertThat(change.adjustedPValue()).as(figure).isEqualTo(change.pValue());
          assertThat(change.interval().level()).as(figure).isEqualTo(0.95);
          assertThat(change.interval().lower()).as(figure).isLessThan(change.change());
          assertThat(change.interval().upper()).as(figure).isGreaterThan(change.change());
        });
    // Counts, and means whose variance the stores do not sum, have no test.
    for (String figure :
        List.of("feedback", "up", "average_comment_length", "dimension_mean", "sentiment_mean")) {
      assertThat(change(changes, figure).pValue()).as(figure).isNull();
      assertThat(change(changes, figure).interval()).as(figure).isNull();
    }
    // Holm over the six tests: the smallest, 0.326, times 6 is above 1; every one is 1.
    FeedbackReport holm =
        analytics.report(
            ReportRequest.builder()
                .week(LocalDate.of(2026, 3, 2))
                .changes(CompareOptions.builder().minSampleSize(1).build())
                .build());
    holm.changes().stream()
        .filter(c -> c.pValue() != null)
        .forEach(c -> assertThat(c.adjustedPValue()).as(c.figure()).isEqualTo(1.0));
    // By default (a minimum sample of 10) W09's 7 ratings are too few to test.
    assertThat(
            change(
                    analytics
                        .report(ReportRequest.builder().week(LocalDate.of(2026, 3, 2)).build())
                        .changes()
                        .stream()
                        .collect(
                            java.util.stream.Collectors.toMap(
                                FeedbackReport.Change::figure, Function.identity())),
                    "satisfaction")
                .pValue())
        .isNull();
  }

  @Test
  public void weeklyReportRendersTheExpectedMarkdown() throws IOException {
    AnalyticsFixtures.problems(store);
    String expected;
    try (InputStream in = FeedbackAnalyticsContract.class.getResourceAsStream("weekly-report.md")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String actual = analytics.report(weeklyRequest()).toMarkdown();
    Path target = Path.of("target");
    if (!actual.equals(expected) && Files.isDirectory(target)) { // kept for review when the
      Files.writeString(target.resolve("weekly-report.actual.md"), actual); // file is updated
    }
    assertThat(actual).isEqualTo(expected);
  }

  private static ReportRequest weeklyRequest() {
    return ReportRequest.builder()
        .title("Support assistant, week 10")
        .week(LocalDate.parse("2026-03-04"))
        .groupBy(
            GroupKey.metadata("variant"), GroupOptions.builder().minSampleSize(2).limit(1).build())
        .build();
  }

  private static void assertChange(
      FeedbackReport.Change change, FeedbackReport.Unit unit, double current, double previous) {
    assertThat(change.unit()).isEqualTo(unit);
    assertThat(change.current()).isCloseTo(current, within(1e-12));
    assertThat(change.previous()).isCloseTo(previous, within(1e-12));
    assertThat(change.change()).isCloseTo(current - previous, within(1e-12));
  }

  private Map<String, Long> groupTotals(GroupKey key) {
    GroupReport report =
        analytics.groupBy(
            FeedbackQuery.all(),
            key,
            GroupOptions.builder()
                .metric(GroupOptions.Metric.POSITIVE_RATE)
                .minSampleSize(1)
                .limit(100)
                .build());
    Map<String, Long> totals = new HashMap<>();
    report.best().forEach(r -> totals.put(r.key(), r.summary().ratings().total()));
    assertThat(report.worst()).isEmpty();
    return totals;
  }

  private static FeedbackReport.Change change(
      Map<String, FeedbackReport.Change> changes, String figure) {
    return Objects.requireNonNull(changes.get(figure), figure);
  }

  private static Map<String, Long> totals(@Nullable Object... keysAndTotals) {
    Map<String, Long> map = new HashMap<>();
    for (int i = 0; i < keysAndTotals.length; i += 2) {
      map.put((String) keysAndTotals[i], (Long) keysAndTotals[i + 1]);
    }
    return map;
  }

  private static Map<String, Long> counts(Trend trend, Function<FeedbackSummary, Long> f) {
    Map<String, Long> counts = new LinkedHashMap<>();
    trend.points().forEach(p -> counts.put(p.period(), f.apply(p.summary())));
    return counts;
  }

  private static void assertInterval(
      ConfidenceInterval ci, double level, double lower, double upper) {
    assertThat(ci.level()).isEqualTo(level);
    assertThat(ci.lower()).isCloseTo(lower, within(1e-9));
    assertThat(ci.upper()).isCloseTo(upper, within(1e-9));
  }
}
