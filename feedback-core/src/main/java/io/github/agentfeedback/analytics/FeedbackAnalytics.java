package io.github.agentfeedback.analytics;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.analytics.internal.Figures;
import io.github.agentfeedback.analytics.internal.Reports;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Analytics over stored feedback: summaries, trends, groups, cohort comparisons, pairwise
 * win rates, problem patterns and period reports.
 *
 * <pre>{@code
 * FeedbackAnalytics analytics = manager.analytics();
 * FeedbackSummary week = analytics.summary(FeedbackQuery.builder().since(monday).build());
 * CohortComparison ab = analytics.compare(FeedbackQuery.all(),
 *     GroupKey.metadata("variant"), "A", "B", 0.05);
 * String update = analytics.report(ReportRequest.builder()
 *     .week(LocalDate.now()).groupBy(GroupKey.model()).build()).toMarkdown();
 * }</pre>
 *
 * <p>Every method asks the store for aggregates through {@link FeedbackStore#analyze} (one
 * call, two for reports and problems with a previous period) and derives the figures from
 * whole-number sums in one place, so every store gives the same figures, to the last bit,
 * for the same feedback. The formulas are documented on the result types:
 * {@link FeedbackSummary}, {@link Trend}, {@link GroupReport}, {@link CohortComparison},
 * {@link WinRates}, {@link ProblemReport}, {@link FeedbackReport}.
 *
 * <h2>Errors</h2>
 * A {@code null} argument raises {@link NullPointerException} naming it; an argument out of
 * range (an {@code alpha} outside (0, 1), two equal cohorts) raises
 * {@link IllegalArgumentException} naming it; a report whose period (or previous period)
 * reaches beyond {@link FeedbackLimits#MIN_INSTANT}..{@link FeedbackLimits#MAX_INSTANT}
 * raises {@link InvalidFeedbackException} naming {@code since} or {@code until}; a failing
 * store raises {@link FeedbackStoreException}.
 *
 * <p>Immutable and thread-safe: it holds only the store, the sentiment attribute's name and
 * the {@link ScaleFigures scale declarations}. Creating one is cheap.
 *
 * @since 0.1.0
 */
public final class FeedbackAnalytics {

  private final FeedbackStore store;
  private final String sentimentAttribute;
  private final ScaleFigures scaleFigures;

  private FeedbackAnalytics(
      FeedbackStore store, String sentimentAttribute, ScaleFigures scaleFigures) {
    this.store = store;
    this.sentimentAttribute = sentimentAttribute;
    this.scaleFigures = scaleFigures;
  }

  /**
   * Analytics over a store's feedback, reading sentiment from the attribute
   * {@value AnalyticsRequest#DEFAULT_SENTIMENT_ATTRIBUTE} (as the hooks module's sentiment
   * hook writes it), with the built-in scale declarations ({@link ScaleFigures#defaults()}).
   *
   * @param store the store
   * @return the analytics
   */
  public static FeedbackAnalytics of(FeedbackStore store) {
    return new FeedbackAnalytics(
        Objects.requireNonNull(store, "store"),
        AnalyticsRequest.DEFAULT_SENTIMENT_ATTRIBUTE,
        ScaleFigures.defaults());
  }

  /**
   * The same analytics reading sentiment (a number from −1 to 1) from another attribute.
   *
   * @param sentimentAttribute the attribute key
   * @return new analytics over the same store
   * @throws IllegalArgumentException naming {@code sentimentAttribute} if blank
   */
  public FeedbackAnalytics withSentimentAttribute(String sentimentAttribute) {
    Objects.requireNonNull(sentimentAttribute, "sentimentAttribute");
    if (sentimentAttribute.isBlank()) {
      throw new IllegalArgumentException("sentimentAttribute must not be blank");
    }
    return new FeedbackAnalytics(store, sentimentAttribute, scaleFigures);
  }

  /**
   * The same analytics with other scale declarations: which scales get NPS, CSAT and CES
   * figures, for example {@code ScaleFigures.defaults().csat(Scale.STARS_5)} to read
   * five-star scores as CSAT.
   *
   * @param scaleFigures the declarations
   * @return new analytics over the same store
   */
  public FeedbackAnalytics withScaleFigures(ScaleFigures scaleFigures) {
    return new FeedbackAnalytics(
        store, sentimentAttribute, Objects.requireNonNull(scaleFigures, "scaleFigures"));
  }

  /** A request for the query with this analytics' sentiment attribute. */
  private AnalyticsRequest.Builder request(FeedbackQuery query) {
    return AnalyticsRequest.builder(query).sentimentAttribute(sentimentAttribute);
  }

  /**
   * Every figure of the selected feedback.
   *
   * @param query the feedback to analyse
   * @return the figures
   */
  public FeedbackSummary summary(FeedbackQuery query) {
    return FeedbackSummary.of(store.analyze(request(query).build()).total(), scaleFigures);
  }

  /**
   * Figures per period with feedback, in UTC.
   *
   * @param query the feedback to analyse
   * @param granularity hour, day, ISO week, month or hour of day
   * @return the trend
   */
  public Trend trend(FeedbackQuery query, Granularity granularity) {
    return trend(query, granularity, ZoneOffset.UTC);
  }

  /**
   * Figures per period with feedback, with period boundaries at midnight (or the hour) in a
   * zone.
   *
   * @param query the feedback to analyse
   * @param granularity hour, day, ISO week, month or hour of day
   * @param zone the zone of the period boundaries
   * @return the trend
   */
  public Trend trend(FeedbackQuery query, Granularity granularity, ZoneId zone) {
    return trend(query, granularity, zone, Trend.Fill.DATA_ONLY);
  }

  /**
   * Figures per period, with period boundaries at midnight (or the hour) in a zone, listing
   * only the periods with feedback or every period of the query's range.
   *
   * <pre>{@code
   * Trend today = analytics.trend(FeedbackQuery.builder().since(midnight)
   *     .until(midnight.plus(Duration.ofDays(1))).build(),
   *     Granularity.HOUR, zone, Trend.Fill.EVERY_PERIOD);   // 24 points, 23 or 25 on DST days
   * }</pre>
   *
   * @param query the feedback to analyse; its {@code since} and {@code until} bound the
   *     periods of {@link Trend.Fill#EVERY_PERIOD}
   * @param granularity hour, day, ISO week, month or hour of day
   * @param zone the zone of the period boundaries
   * @param fill which periods to list
   * @return the trend
   * @throws IllegalArgumentException if {@link Trend.Fill#EVERY_PERIOD} would list more than
   *     {@link Trend#MAX_FILLED_POINTS} points
   */
  public Trend trend(FeedbackQuery query, Granularity granularity, ZoneId zone, Trend.Fill fill) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(fill, "fill");
    GroupKey key = GroupKey.period(granularity, zone);
    return Figures.trend(
        key,
        store.analyze(request(query).breakdown(Breakdown.of(key)).build()).breakdowns().get(0),
        scaleFigures,
        fill,
        query.since(),
        query.until());
  }

  /**
   * Figures per group, ranked with the default options (by satisfaction, at least 10 in
   * the sample, 10 groups at each end).
   *
   * @param query the feedback to analyse
   * @param key what to group by
   * @return the ranked groups
   */
  public GroupReport groupBy(FeedbackQuery query, GroupKey key) {
    return groupBy(query, key, GroupOptions.defaults());
  }

  /**
   * Figures per group, ranked; each ranked group's figure with its interval and its test
   * against the rest of the selected feedback, the p-values adjusted over the ranked groups
   * (see {@link GroupReport.Row}).
   *
   * @param query the feedback to analyse
   * @param key what to group by
   * @param options how to rank
   * @return the ranked groups
   */
  public GroupReport groupBy(FeedbackQuery query, GroupKey key, GroupOptions options) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(options, "options");
    AnalyticsResult result = store.analyze(request(query).breakdown(Breakdown.of(key)).build());
    return Figures.groups(key, options, result.breakdowns().get(0), result.total(), scaleFigures);
  }

  /**
   * Compares two groups with no minimum sample beyond what each test needs: {@link
   * #compare(FeedbackQuery, GroupKey, String, String, CompareOptions)} with the given
   * {@code alpha} and a minimum sample of 1.
   *
   * @param query the feedback to analyse
   * @param key what to group by, for example {@code GroupKey.metadata("variant")}
   * @param a the first group's key, for example {@code "A"}
   * @param b the second group's key
   * @param alpha the significance level, such as 0.05; intervals have level
   *     {@code 1 − alpha}
   * @return the comparison; a group without feedback gives empty figures and no test
   * @throws IllegalArgumentException naming {@code alpha} unless {@code 0 < alpha < 1}, or
   *     naming {@code b} if it equals {@code a}
   */
  public CohortComparison compare(
      FeedbackQuery query, GroupKey key, String a, String b, double alpha) {
    return compare(
        query, key, a, b, CompareOptions.builder().alpha(alpha).minSampleSize(1).build());
  }

  /**
   * Compares two groups: their figures, a test of satisfaction (the score test, or Fisher's
   * exact test for small samples) with the score interval for the difference, and Welch's
   * t-test of the mean score on each scale both groups used (with the NPS and CSAT-percent
   * differences on scales read so). Differences are {@code b − a}. A test whose groups hold
   * fewer than {@link CompareOptions#minSampleSize()} observations is withheld as {@link
   * CohortComparison.Withheld#TOO_FEW}. Standard errors are clustered by session as {@link
   * CompareOptions#standardErrors()} says (by default when sessions hold more than one
   * observation of a test on average).
   *
   * @param query the feedback to analyse
   * @param key what to group by, for example {@code GroupKey.metadata("variant")}
   * @param a the first group's key, for example {@code "A"}
   * @param b the second group's key
   * @param options the significance level and the minimum sample
   * @return the comparison; a group without feedback gives empty figures and no test
   * @throws IllegalArgumentException naming {@code b} if it equals {@code a}
   */
  public CohortComparison compare(
      FeedbackQuery query, GroupKey key, String a, String b, CompareOptions options) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(options, "options");
    if (a.equals(b)) {
      throw new IllegalArgumentException("b must differ from a, both were '" + a + "'");
    }
    return Figures.compare(
        key,
        a,
        b,
        options,
        store
            .analyze(
                request(query)
                    .breakdown(Breakdown.of(key).only(List.of(a, b)))
                    .sessionSums(
                        options.standardErrors() != CompareOptions.StandardErrors.INDEPENDENT)
                    .build())
            .breakdowns()
            .get(0),
        scaleFigures);
  }

  /**
   * Win rates of models by name, with 95% intervals (see {@link WinRates}).
   *
   * @param query the feedback to analyse (comparison feedback counts)
   * @return the win rates
   */
  public WinRates winRates(FeedbackQuery query) {
    return winRates(query, GroupKey.model(), 0.95);
  }

  /**
   * Win rates of models.
   *
   * @param query the feedback to analyse (comparison feedback counts)
   * @param modelKey {@link GroupKey#model()} or {@link GroupKey#modelVersion()}
   * @param confidence the intervals' confidence level, such as 0.95
   * @return the win rates
   * @throws IllegalArgumentException naming {@code confidence} unless within (0, 1), or
   *     {@code pairwise} when the key is not a model key
   */
  public WinRates winRates(FeedbackQuery query, GroupKey modelKey, double confidence) {
    Objects.requireNonNull(modelKey, "modelKey");
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be within (0, 1), was " + confidence);
    }
    return Figures.winRates(
        modelKey,
        confidence,
        Objects.requireNonNull(
            store.analyze(request(query).pairwise(modelKey).build()).pairwise(),
            "the store returned no pairwise counts, which were asked for"));
  }

  /**
   * Problem patterns of the selected feedback, days in UTC.
   *
   * @param query the feedback to analyse; with both {@code since} and {@code until},
   *     rising terms are found against the span of equal length just before
   * @param options how to look
   * @return the problems
   */
  public ProblemReport problems(FeedbackQuery query, ProblemOptions options) {
    return problems(query, options, ZoneOffset.UTC);
  }

  /**
   * Problem patterns of the selected feedback.
   *
   * @param query the feedback to analyse; with both {@code since} and {@code until},
   *     rising terms are found against the span of equal length just before
   * @param options how to look
   * @param zone the zone of the days of the sentiment trend
   * @return the problems
   */
  public ProblemReport problems(FeedbackQuery query, ProblemOptions options, ZoneId zone) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(zone, "zone");
    return Reports.problems(store, query, options, zone, sentimentAttribute);
  }

  /**
   * A report on one period against the previous one.
   *
   * @param request the period and options
   * @return the report; {@link FeedbackReport#toMarkdown()} renders it
   */
  public FeedbackReport report(ReportRequest request) {
    return Reports.report(
        store, Objects.requireNonNull(request, "request"), sentimentAttribute, scaleFigures);
  }

  @Override
  public String toString() {
    return "FeedbackAnalytics["
        + store
        + ", sentimentAttribute="
        + sentimentAttribute
        + ", scaleFigures="
        + scaleFigures
        + "]";
  }
}
