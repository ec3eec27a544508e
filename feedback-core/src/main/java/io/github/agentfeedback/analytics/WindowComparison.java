package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.analytics.internal.Figures;
import io.github.agentfeedback.analytics.internal.Inference;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.Tally;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The same feedback in two windows of time compared, the previous window as the first
 * cohort and the current one as the second, with the tests {@link CohortComparison} makes
 * for two groups: differences are current − previous.
 *
 * <ul>
 *   <li>{@link #satisfaction()}: up of up + down, the score test or Fisher's exact test for
 *       small expected counts with the score interval, or with session-clustered standard
 *       errors, as {@link CompareOptions#standardErrors()} chooses (see {@link
 *       CohortComparison#satisfaction()});
 *   <li>{@link #positiveRate()}: up of rated, tested as satisfaction is with the neutral
 *       ratings counted as not positive, each vote taken as independent (the stores' session
 *       sums count up and down votes only);
 *   <li>{@link #nps(String)}: Welch's test of the recoded values +100, 0, −100 of a scale read
 *       as NPS.
 * </ul>
 *
 * <p>Each test's {@code adjustedPValue()} is its own p-value: a caller comparing many windows
 * or groups adjusts their p-values together with {@link #adjust}, the adjustment the other
 * analytics use. Made from the stores' sums ({@link Tally}) of each window, for example by
 * two {@link io.github.agentfeedback.spi.FeedbackStore#analyze} calls, one per window.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WindowComparison {

  /** Labels the two windows inside the comparison; the grouping itself is not exposed. */
  private static final GroupKey WINDOWS = GroupKey.period(Granularity.DAY);

  private static final String PREVIOUS = "previous";
  private static final String CURRENT = "current";

  private final CohortComparison comparison;
  private final CohortComparison.ProportionTest positiveRate;

  private WindowComparison(
      CohortComparison comparison, CohortComparison.ProportionTest positiveRate) {
    this.comparison = comparison;
    this.positiveRate = positiveRate;
  }

  /**
   * Compares two windows.
   *
   * @param previous the sums of the previous window (with session sums when clustered
   *     standard errors may be used)
   * @param current the sums of the current window
   * @param options the significance level, the minimum sample and the standard errors; its
   *     adjustment is not used here (see {@link #adjust})
   * @param scaleFigures which scales are read as NPS and CSAT
   * @return the comparison
   */
  public static WindowComparison of(
      Tally previous, Tally current, CompareOptions options, ScaleFigures scaleFigures) {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(scaleFigures, "scaleFigures");
    CohortComparison comparison =
        Figures.compare(
            WINDOWS,
            PREVIOUS,
            CURRENT,
            unadjusted(options, options.standardErrors()),
            windows(previous, current),
            scaleFigures);
    CohortComparison positive =
        Figures.compare(
            WINDOWS,
            PREVIOUS,
            CURRENT,
            unadjusted(options, CompareOptions.StandardErrors.INDEPENDENT),
            windows(positiveOfRated(previous), positiveOfRated(current)),
            scaleFigures);
    return new WindowComparison(comparison, positive.satisfaction());
  }

  private static CompareOptions unadjusted(
      CompareOptions options, CompareOptions.StandardErrors standardErrors) {
    return CompareOptions.builder()
        .alpha(options.alpha())
        .minSampleSize(options.minSampleSize())
        .standardErrors(standardErrors)
        .adjustment(CompareOptions.Adjustment.NONE)
        .build();
  }

  private static AnalyticsResult.Grouped windows(Tally previous, Tally current) {
    return AnalyticsResult.Grouped.builder()
        .breakdown(Breakdown.of(WINDOWS))
        .buckets(
            List.of(
                AnalyticsResult.Bucket.builder().key(PREVIOUS).tally(previous).build(),
                AnalyticsResult.Bucket.builder().key(CURRENT).tally(current).build()))
        .build();
  }

  /** The ratings recoded so that satisfaction is the positive rate: up against the rest. */
  private static Tally positiveOfRated(Tally t) {
    return Tally.builder()
        .rating(Rating.UP, t.up())
        .rating(Rating.DOWN, t.down() + t.neutral())
        .build();
  }

  /**
   * Adjusts p-values together, as comparisons, group rankings and report changes do (see
   * {@link CompareOptions.Adjustment}).
   *
   * @param pValues the p-values, {@code null} for a test not made (no part of the family)
   * @param adjustment how to adjust
   * @return the adjusted p-values in the order given, {@code null} where the p-value is null
   */
  public static List<@Nullable Double> adjust(
      List<@Nullable Double> pValues, CompareOptions.Adjustment adjustment) {
    return Inference.adjust(
        Objects.requireNonNull(pValues, "pValues"),
        Objects.requireNonNull(adjustment, "adjustment"));
  }

  /**
   * The figures of the previous window.
   *
   * @return the summary
   */
  public FeedbackSummary previous() {
    return comparison.summaryA();
  }

  /**
   * The figures of the current window.
   *
   * @return the summary
   */
  public FeedbackSummary current() {
    return comparison.summaryB();
  }

  /**
   * Satisfaction (up of up + down) compared; {@code a} is the previous window.
   *
   * @return the test
   */
  public CohortComparison.ProportionTest satisfaction() {
    return comparison.satisfaction();
  }

  /**
   * The positive rate (up of rated) compared; {@code a} is the previous window.
   *
   * @return the test
   */
  public CohortComparison.ProportionTest positiveRate() {
    return positiveRate;
  }

  /**
   * The NPS of a scale compared, in NPS points.
   *
   * @param scale the scale's name, such as {@code "nps"}
   * @return the test, or {@code null} unless both windows have scores on the scale and it is
   *     read as NPS
   */
  public CohortComparison.@Nullable MeanTest nps(String scale) {
    Objects.requireNonNull(scale, "scale");
    for (CohortComparison.MeanTest test : comparison.scores()) {
      if (test.scale().equals(scale)) {
        return test.nps();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "WindowComparison[satisfaction="
        + satisfaction()
        + ", positiveRate="
        + positiveRate
        + ", scores="
        + comparison.scores()
        + "]";
  }
}
