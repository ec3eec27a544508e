package io.github.agentfeedback.analytics;

import java.util.Objects;

/**
 * How {@link FeedbackAnalytics#groupBy} ranks groups: by which figure, from what sample
 * size, how many it lists, and how each ranked group's figure is bounded and tested against
 * the rest of the feedback. Build with {@link #builder()}; {@link #defaults()} ranks by
 * satisfaction, needs 10 feedbacks in the sample, lists 10 groups at each end, gives 95%
 * intervals and adjusts the p-values by {@link CompareOptions.Adjustment#HOLM}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class GroupOptions {

  private static final GroupOptions DEFAULTS = builder().build();

  private final Metric metric;
  private final int minSampleSize;
  private final int limit;
  private final double alpha;
  private final CompareOptions.Adjustment adjustment;

  private GroupOptions(Builder b) {
    this.metric = b.metric;
    this.minSampleSize = b.minSampleSize;
    this.limit = b.limit;
    this.alpha = b.alpha;
    this.adjustment = b.adjustment;
  }

  /**
   * The default options.
   *
   * @return ranking by satisfaction, minimum sample 10, 10 groups at each end
   */
  public static GroupOptions defaults() {
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
   * The figure groups are ranked by.
   *
   * @return the metric
   */
  public Metric metric() {
    return metric;
  }

  /**
   * The smallest sample a group needs to be ranked; smaller groups are reported as
   * insufficient data.
   *
   * @return at least 1
   */
  public int minSampleSize() {
    return minSampleSize;
  }

  /**
   * How many groups are listed at each end of the ranking (and at most as insufficient).
   *
   * @return at least 1
   */
  public int limit() {
    return limit;
  }

  /**
   * The significance level of the tests against the rest; the rows' intervals have level
   * {@code 1 − alpha}.
   *
   * @return within (0, 1)
   */
  public double alpha() {
    return alpha;
  }

  /**
   * How the p-values of the ranked groups' tests against the rest are adjusted for testing
   * every ranked group at once ({@link GroupReport.Row#adjustedPValue()}).
   *
   * @return the adjustment
   */
  public CompareOptions.Adjustment adjustment() {
    return adjustment;
  }

  @Override
  public String toString() {
    return "GroupOptions[metric="
        + metric
        + ", minSampleSize="
        + minSampleSize
        + ", limit="
        + limit
        + ", alpha="
        + alpha
        + ", adjustment="
        + adjustment
        + "]";
  }

  /**
   * The figures groups can be ranked by; higher is better for each. The sample of a group
   * is what the figure's denominator counts.
   *
   * <p>Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Metric {
    /** {@link FeedbackSummary.Ratings#satisfaction()}; sample: up + down. */
    SATISFACTION,
    /** {@link FeedbackSummary.Ratings#positiveRate()}; sample: all feedback. */
    POSITIVE_RATE,
    /** {@link FeedbackSummary.Ratings#responseQuality()}; sample: all feedback. */
    RESPONSE_QUALITY,
    /** {@link FeedbackSummary.Dimensions#dimensionMean()}; sample: dimension ratings. */
    DIMENSION_MEAN
  }

  /**
   * Builds {@link GroupOptions}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Metric metric = Metric.SATISFACTION;
    private int minSampleSize = 10;
    private int limit = 10;
    private double alpha = 0.05;
    private CompareOptions.Adjustment adjustment = CompareOptions.Adjustment.HOLM;

    private Builder() {}

    /**
     * Sets the figure to rank by. Default {@link Metric#SATISFACTION}.
     *
     * @param metric the metric
     * @return this builder
     */
    public Builder metric(Metric metric) {
      this.metric = Objects.requireNonNull(metric, "metric");
      return this;
    }

    /**
     * Sets the smallest sample a ranked group needs. Default 10.
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
     * Sets how many groups are listed at each end. Default 10.
     *
     * @param limit at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder limit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Sets the significance level of the tests against the rest. Default 0.05.
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
     * Sets how the ranked groups' p-values are adjusted. Default {@link
     * CompareOptions.Adjustment#HOLM}.
     *
     * @param adjustment the adjustment
     * @return this builder
     */
    public Builder adjustment(CompareOptions.Adjustment adjustment) {
      this.adjustment = Objects.requireNonNull(adjustment, "adjustment");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public GroupOptions build() {
      return new GroupOptions(this);
    }
  }
}
