package io.github.agentfeedback.analytics;

import java.util.Objects;

/**
 * How {@link FeedbackAnalytics#compare(io.github.agentfeedback.FeedbackQuery,
 * io.github.agentfeedback.GroupKey, String, String, CompareOptions)} tests two groups: at what
 * significance level, from what sample size, and how the p-values of its several tests are
 * adjusted. Build with {@link #builder()}; {@link #defaults()} tests at α = 0.05, needs 10
 * observations in each group's sample (as {@link GroupOptions#defaults()} needs 10 to rank a
 * group) and adjusts by {@link Adjustment#HOLM}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CompareOptions {

  private static final CompareOptions DEFAULTS = builder().build();

  private final double alpha;
  private final int minSampleSize;
  private final Adjustment adjustment;
  private final StandardErrors standardErrors;

  private CompareOptions(Builder b) {
    this.alpha = b.alpha;
    this.minSampleSize = b.minSampleSize;
    this.adjustment = b.adjustment;
    this.standardErrors = b.standardErrors;
  }

  /**
   * The default options.
   *
   * @return α = 0.05, minimum sample 10, Holm's adjustment
   */
  public static CompareOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The significance level: a test is significant when its p-value is below it; intervals
   * have level {@code 1 − alpha}.
   *
   * @return within (0, 1)
   */
  public double alpha() {
    return alpha;
  }

  /**
   * The smallest sample each group needs for a test: trials (up + down) for satisfaction,
   * scores on the scale for a mean (Welch's test needs at least 2 whatever this says). Below
   * it the comparison reports {@link CohortComparison.Withheld#TOO_FEW} instead of a test.
   *
   * @return at least 1
   */
  public int minSampleSize() {
    return minSampleSize;
  }

  /**
   * How the p-values of the tests a comparison holds (satisfaction, one per scale, and the NPS
   * and CSAT-percent tests) are
   * adjusted for testing several hypotheses at once ({@code adjustedPValue()} of each test).
   *
   * @return the adjustment
   */
  public Adjustment adjustment() {
    return adjustment;
  }

  /**
   * Which standard errors the comparison's tests use (satisfaction, the mean score of each
   * scale, the NPS and CSAT-percent differences): independent feedback, or clustered by
   * session; {@link StandardErrors#AUTO} (the default) decides per test, clustering when the
   * compared groups' sessions hold more than one of the test's observations on average.
   *
   * @return the standard errors
   */
  public StandardErrors standardErrors() {
    return standardErrors;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CompareOptions o
        && Double.compare(alpha, o.alpha) == 0
        && minSampleSize == o.minSampleSize
        && adjustment == o.adjustment
        && standardErrors == o.standardErrors;
  }

  @Override
  public int hashCode() {
    return Objects.hash(alpha, minSampleSize, adjustment, standardErrors);
  }

  @Override
  public String toString() {
    return "CompareOptions[alpha="
        + alpha
        + ", minSampleSize="
        + minSampleSize
        + ", adjustment="
        + adjustment
        + ", standardErrors="
        + standardErrors
        + "]";
  }

  /**
   * Adjustments of the p-values of several tests. The family is the tests a comparison made
   * (a withheld test is no part of it); an adjusted p-value below α rejects with the
   * adjustment's guarantee at level α.
   *
   * <p>Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Adjustment {
    /** No adjustment: each adjusted p-value is the test's own. */
    NONE,
    /**
     * Holm's step-down method: controls the family-wise error rate (the chance of any false
     * rejection) under any dependence between the tests.
     */
    HOLM,
    /**
     * Benjamini and Hochberg's step-up method: controls the false discovery rate (the
     * expected share of false rejections among rejections) for independent or positively
     * dependent tests.
     */
    BENJAMINI_HOCHBERG
  }

  /**
   * The standard errors of a comparison's tests. Variants are assigned per session, and
   * feedback of one session tends to agree; a test that takes every feedback as independent
   * then gives p-values that are too small. Session-clustered standard errors (CR1, with the
   * small-cluster correction G/(G − 1), G the sessions) count each session as one draw.
   *
   * <p>Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum StandardErrors {
    /**
     * Per test, {@link #SESSION_CLUSTERED} when the two groups' sessions hold more than one of
     * the test's observations on average, else {@link #INDEPENDENT}: for satisfaction when
     * the votes (feedback rated up or down) outnumber the sessions with votes; for a scale's
     * mean, NPS and CSAT-percent tests when the scores on the scale outnumber the sessions
     * with scores on it.
     */
    AUTO,
    /**
     * Every feedback independent: the score test or Fisher's exact test for proportions,
     * Welch's t-test for means.
     */
    INDEPENDENT,
    /**
     * Clustered by session id, reported as {@link CohortComparison.Method#CLUSTER_ROBUST}:
     * for proportions (satisfaction, CSAT percent) the Wald z-test with the CR1 standard
     * error, for means (scores, NPS) Welch's t-test with sessions as the units; withheld as
     * too few below 2 sessions in a group.
     */
    SESSION_CLUSTERED
  }

  /**
   * Builds {@link CompareOptions}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private double alpha = 0.05;
    private int minSampleSize = 10;
    private Adjustment adjustment = Adjustment.HOLM;
    private StandardErrors standardErrors = StandardErrors.AUTO;

    private Builder() {}

    /**
     * Sets the significance level. Default 0.05.
     *
     * @param alpha within (0, 1)
     * @return this builder
     * @throws IllegalArgumentException unless {@code 0 < alpha < 1}
     */
    public Builder alpha(double alpha) {
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha must be within (0, 1), was " + alpha);
      }
      this.alpha = alpha;
      return this;
    }

    /**
     * Sets the smallest sample each group needs for a test. Default 10.
     *
     * @param minSampleSize at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder minSampleSize(int minSampleSize) {
      if (minSampleSize < 1) {
        throw new IllegalArgumentException(
            "minSampleSize must be at least 1, was " + minSampleSize);
      }
      this.minSampleSize = minSampleSize;
      return this;
    }

    /**
     * Sets how the p-values of several tests are adjusted. Default {@link Adjustment#HOLM}.
     *
     * @param adjustment the adjustment
     * @return this builder
     */
    public Builder adjustment(Adjustment adjustment) {
      this.adjustment = Objects.requireNonNull(adjustment, "adjustment");
      return this;
    }

    /**
     * Sets the standard errors of the comparison's tests. Default {@link StandardErrors#AUTO}.
     *
     * @param standardErrors the standard errors
     * @return this builder
     */
    public Builder standardErrors(StandardErrors standardErrors) {
      this.standardErrors = Objects.requireNonNull(standardErrors, "standardErrors");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public CompareOptions build() {
      return new CompareOptions(this);
    }
  }
}
