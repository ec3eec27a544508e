package io.github.agentfeedback.analytics;

/**
 * How {@link FeedbackAnalytics#compare(io.github.agentfeedback.FeedbackQuery,
 * io.github.agentfeedback.GroupKey, String, String, CompareOptions)} tests two groups: at what
 * significance level, and from what sample size. Build with {@link #builder()};
 * {@link #defaults()} tests at α = 0.05 and needs 10 observations in each group's sample, as
 * {@link GroupOptions#defaults()} needs 10 to rank a group.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CompareOptions {

  private static final CompareOptions DEFAULTS = builder().build();

  private final double alpha;
  private final int minSampleSize;

  private CompareOptions(Builder b) {
    this.alpha = b.alpha;
    this.minSampleSize = b.minSampleSize;
  }

  /**
   * The default options.
   *
   * @return α = 0.05, minimum sample 10
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

  @Override
  public boolean equals(Object other) {
    return other instanceof CompareOptions o
        && Double.compare(alpha, o.alpha) == 0
        && minSampleSize == o.minSampleSize;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(alpha) * 31 + minSampleSize;
  }

  @Override
  public String toString() {
    return "CompareOptions[alpha=" + alpha + ", minSampleSize=" + minSampleSize + "]";
  }

  /**
   * Builds {@link CompareOptions}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private double alpha = 0.05;
    private int minSampleSize = 10;

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
     * Builds the options.
     *
     * @return the options
     */
    public CompareOptions build() {
      return new CompareOptions(this);
    }
  }
}
