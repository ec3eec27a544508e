package io.github.agentfeedback.analytics;

import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.internal.Checks;
import java.util.List;
import java.util.Objects;

/**
 * Two groups of feedback compared (for example metadata variant A against B): their
 * figures, whether their satisfaction differs significantly, and whether their mean scores
 * do. Differences are always {@code b − a}; a test is significant when its two-sided
 * p-value is below {@code alpha}; intervals have confidence level {@code 1 − alpha}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key what the feedback was grouped by
 * @param a the first group's key
 * @param b the second group's key
 * @param alpha the significance level
 * @param summaryA every figure of group a
 * @param summaryB every figure of group b
 * @param satisfaction the comparison of {@link FeedbackSummary.Ratings#satisfaction()}
 * @param scores one comparison of mean scores per scale that occurred in both groups, in
 *     ascending scale name order
 * @since 0.1.0
 */
public record CohortComparison(
    GroupKey key,
    String a,
    String b,
    double alpha,
    FeedbackSummary summaryA,
    FeedbackSummary summaryB,
    ProportionTest satisfaction,
    List<MeanTest> scores) {

  /**
   * Validates and copies the comparison.
   *
   * @throws NullPointerException naming a missing component
   */
  public CohortComparison {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(summaryA, "summaryA");
    Objects.requireNonNull(summaryB, "summaryB");
    Objects.requireNonNull(satisfaction, "satisfaction");
    scores = Checks.nonNullElements("scores", scores);
  }

  /**
   * A proportion observed in one group.
   *
   * <p>Immutable and thread-safe.
   *
   * @param successes the count of successes (for satisfaction: up)
   * @param trials the count of trials (for satisfaction: up + down)
   * @param percent {@code 100 · successes / trials}; {@code null} when there were no trials
   * @since 0.1.0
   */
  public record Proportion(long successes, long trials, Double percent) {}

  /**
   * A two-proportion comparison: the pooled two-proportion z-test and Newcombe's hybrid
   * score interval for the difference.
   *
   * <p>With p<sub>a</sub>, p<sub>b</sub> the two proportions, n<sub>a</sub>,
   * n<sub>b</sub> their trials and p̄ the pooled proportion (all successes / all trials):
   * z = (p<sub>b</sub> − p<sub>a</sub>) / √(p̄(1 − p̄)(1/n<sub>a</sub> + 1/n<sub>b</sub>)),
   * p-value = 2(1 − Φ(|z|)). The interval is Newcombe's method 10 (Statistics in Medicine
   * 17, 1998), which combines the Wilson score intervals of both proportions and, unlike
   * the Wald interval, stays within [−100, 100] and behaves for small samples and
   * proportions near 0 or 100%.
   *
   * <p>Immutable and thread-safe.
   *
   * @param a group a's proportion
   * @param b group b's proportion
   * @param difference {@code b.percent − a.percent}, in percentage points; {@code null}
   *     when either group has no trials
   * @param z the z statistic; {@code null} when either group has no trials or p̄ is 0 or 1
   *     (no variation to test)
   * @param pValue the two-sided p-value; {@code null} when {@code z} is
   * @param significant whether {@code pValue < alpha}
   * @param interval the confidence interval of the difference, in percentage points;
   *     {@code null} when either group has no trials
   * @since 0.1.0
   */
  public record ProportionTest(Proportion a, Proportion b, Double difference, Double z,
      Double pValue, boolean significant, ConfidenceInterval interval) {}

  /**
   * Scores observed in one group on one scale.
   *
   * <p>Immutable and thread-safe.
   *
   * @param count how many scores
   * @param mean their mean; {@code null} when there were none
   * @param standardDeviation their sample standard deviation; {@code null} below two
   * @since 0.1.0
   */
  public record MeanSample(long count, Double mean, Double standardDeviation) {}

  /**
   * Welch's t-test of the difference of two mean scores, which does not assume equal
   * variances.
   *
   * <p>With means m, sample variances s² and counts n:
   * t = (m<sub>b</sub> − m<sub>a</sub>) / √(s<sub>a</sub>²/n<sub>a</sub> +
   * s<sub>b</sub>²/n<sub>b</sub>); the Welch–Satterthwaite degrees of freedom
   * ν = (s<sub>a</sub>²/n<sub>a</sub> + s<sub>b</sub>²/n<sub>b</sub>)² /
   * ((s<sub>a</sub>²/n<sub>a</sub>)²/(n<sub>a</sub> − 1) +
   * (s<sub>b</sub>²/n<sub>b</sub>)²/(n<sub>b</sub> − 1)); p-value = 2 P(T<sub>ν</sub> &gt; |t|)
   * from Student's t distribution; interval: difference ± t<sub>1−α/2, ν</sub> · the
   * standard error.
   *
   * <p>Immutable and thread-safe.
   *
   * @param scale the scale's stored name
   * @param a group a's scores
   * @param b group b's scores
   * @param difference {@code b.mean − a.mean}
   * @param t the t statistic; {@code null} when a group has fewer than two scores or both
   *     have no variance
   * @param degreesOfFreedom ν; {@code null} when {@code t} is
   * @param pValue the two-sided p-value; {@code null} when {@code t} is
   * @param significant whether {@code pValue < alpha}
   * @param interval the confidence interval of the difference; {@code null} when {@code t}
   *     is
   * @since 0.1.0
   */
  public record MeanTest(String scale, MeanSample a, MeanSample b, double difference,
      Double t, Double degreesOfFreedom, Double pValue, boolean significant,
      ConfidenceInterval interval) {}
}
