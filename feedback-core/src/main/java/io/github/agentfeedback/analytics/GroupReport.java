package io.github.agentfeedback.analytics;

import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.internal.Checks;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Feedback figures per group, ranked. A group whose sample (see
 * {@link GroupOptions.Metric}) is below the minimum is not ranked but listed as
 * insufficient data. Ranked groups are ordered by the metric, best first, ties broken by
 * key (ascending by Unicode code point, not by Java's UTF-16 {@link String#compareTo}; the
 * "no value" group first); {@code best} lists the top of that order and
 * {@code worst} the bottom of what remains, worst first, so no group appears twice.
 *
 * <p>Each ranked group's figure has a confidence interval and a test against the rest of the
 * selected feedback, whose p-values are adjusted over every ranked group (see {@link Row}
 * and {@link GroupOptions}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class GroupReport {

  private final GroupKey key;
  private final GroupOptions.Metric metric;
  private final int minSampleSize;
  private final int groups;
  private final int ranked;
  private final List<Row> best;
  private final List<Row> worst;
  private final List<Row> insufficient;

  private GroupReport(
      @Nullable GroupKey key,
      GroupOptions.@Nullable Metric metric,
      int minSampleSize,
      int groups,
      int ranked,
      List<Row> best,
      List<Row> worst,
      List<Row> insufficient) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metric, "metric");
    best = Checks.nonNullElements("best", best);
    worst = Checks.nonNullElements("worst", worst);
    insufficient = Checks.nonNullElements("insufficient", insufficient);
    this.key = key;
    this.metric = metric;
    this.minSampleSize = minSampleSize;
    this.groups = groups;
    this.ranked = ranked;
    this.best = best;
    this.worst = worst;
    this.insufficient = insufficient;
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this value's fields, to make a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * One group.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Row {

    private final @Nullable String key;
    private final long sampleSize;
    private final @Nullable Double value;
    private final FeedbackSummary summary;
    private final @Nullable ConfidenceInterval interval;
    private final @Nullable Double pValue;
    private final @Nullable Double adjustedPValue;

    private Row(
        @Nullable String key,
        long sampleSize,
        @Nullable Double value,
        @Nullable FeedbackSummary summary,
        @Nullable ConfidenceInterval interval,
        @Nullable Double pValue,
        @Nullable Double adjustedPValue) {
      Objects.requireNonNull(summary, "summary");
      this.key = key;
      this.sampleSize = sampleSize;
      this.value = value;
      this.summary = summary;
      this.interval = interval;
      this.pValue = pValue;
      this.adjustedPValue = adjustedPValue;
    }

    /**
     * A builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * A builder holding this value's fields, to make a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /**
     * The group's key (see {@link GroupKey}), or {@code null} for feedback with no value.
     *
     * @return the key
     */
    public @Nullable String key() {
      return key;
    }

    /**
     * The group's sample for the ranking metric.
     *
     * @return the sampleSize
     */
    public long sampleSize() {
      return sampleSize;
    }

    /**
     * The ranking metric's value; {@code null} when the sample is 0.
     *
     * @return the value
     */
    public @Nullable Double value() {
      return value;
    }

    /**
     * Every figure of the group.
     *
     * @return the summary
     */
    public FeedbackSummary summary() {
      return summary;
    }

    /**
     * The confidence interval of the ranking figure at level 1 − {@link GroupOptions#alpha()}, in the figure's unit: Wilson's for satisfaction and the positive rate, the trinomial score interval (see {@link WinRates}) for response quality; {@code null} for the dimension mean (the stores sum ratings, not their squares) and for groups not ranked.
     *
     * @return the interval, or {@code null}
     */
    public @Nullable ConfidenceInterval interval() {
      return interval;
    }

    /**
     * The two-sided p-value of the test of the ranking figure against the rest of the selected feedback (the feedback not in this group): the proportion test of {@link CohortComparison#satisfaction()} for satisfaction and the positive rate, Welch's test of the values 100, 50, 0 for response quality; {@code null} when no test was made (the dimension mean, a group not ranked, a rest below the minimum sample or without variation).
     *
     * @return the pValue, or {@code null}
     */
    public @Nullable Double pValue() {
      return pValue;
    }

    /**
     * The p-value adjusted over the tests of every ranked group as {@link GroupOptions#adjustment()} says; {@code null} when no test was made.
     *
     * @return the adjustedPValue, or {@code null}
     */
    public @Nullable Double adjustedPValue() {
      return adjustedPValue;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Row o
          && Objects.equals(key, o.key)
          && sampleSize == o.sampleSize
          && Objects.equals(value, o.value)
          && Objects.equals(summary, o.summary)
          && Objects.equals(interval, o.interval)
          && Objects.equals(pValue, o.pValue)
          && Objects.equals(adjustedPValue, o.adjustedPValue);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, sampleSize, value, summary, interval, pValue, adjustedPValue);
    }

    @Override
    public String toString() {
      return "Row[key="
          + key
          + ", sampleSize="
          + sampleSize
          + ", value="
          + value
          + ", summary="
          + summary
          + ", interval="
          + interval
          + ", pValue="
          + pValue
          + ", adjustedPValue="
          + adjustedPValue
          + "]";
    }

    /**
     * Builds a {@link Row}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String key;
      private long sampleSize;
      private @Nullable Double value;
      private @Nullable FeedbackSummary summary;
      private @Nullable ConfidenceInterval interval;
      private @Nullable Double pValue;
      private @Nullable Double adjustedPValue;

      private Builder() {}

      private Builder(Row from) {
        this.key = from.key;
        this.sampleSize = from.sampleSize;
        this.value = from.value;
        this.summary = from.summary;
        this.interval = from.interval;
        this.pValue = from.pValue;
        this.adjustedPValue = from.adjustedPValue;
      }

      /**
       * Sets the {@code key}: the group's key (see {@link GroupKey}), or {@code null} for feedback
       * with no value.
       *
       * @param key the value
       * @return this builder
       */
      public Builder key(@Nullable String key) {
        this.key = key;
        return this;
      }

      /**
       * Sets the {@code sampleSize}: the group's sample for the ranking metric.
       *
       * @param sampleSize the value
       * @return this builder
       */
      public Builder sampleSize(long sampleSize) {
        this.sampleSize = sampleSize;
        return this;
      }

      /**
       * Sets the {@code value}: the ranking metric's value; {@code null} when the sample is 0.
       *
       * @param value the value
       * @return this builder
       */
      public Builder value(@Nullable Double value) {
        this.value = value;
        return this;
      }

      /**
       * Sets the {@code summary}: every figure of the group.
       *
       * @param summary the value
       * @return this builder
       */
      public Builder summary(FeedbackSummary summary) {
        this.summary = summary;
        return this;
      }

      /**
       * Sets the {@code interval}: the confidence interval of the ranking figure at level 1 − {@link GroupOptions#alpha()}, in the figure's unit: Wilson's for satisfaction and the positive rate, the trinomial score interval (see {@link WinRates}) for response quality; {@code null} for the dimension mean (the stores sum ratings, not their squares) and for groups not ranked.
       *
       * @param interval the value, or {@code null}
       * @return this builder
       */
      public Builder interval(@Nullable ConfidenceInterval interval) {
        this.interval = interval;
        return this;
      }

      /**
       * Sets the {@code pValue}: the two-sided p-value of the test of the ranking figure against the rest of the selected feedback (the feedback not in this group): the proportion test of {@link CohortComparison#satisfaction()} for satisfaction and the positive rate, Welch's test of the values 100, 50, 0 for response quality; {@code null} when no test was made (the dimension mean, a group not ranked, a rest below the minimum sample or without variation).
       *
       * @param pValue the value, or {@code null}
       * @return this builder
       */
      public Builder pValue(@Nullable Double pValue) {
        this.pValue = pValue;
        return this;
      }

      /**
       * Sets the {@code adjustedPValue}: the p-value adjusted over the tests of every ranked group as {@link GroupOptions#adjustment()} says; {@code null} when no test was made.
       *
       * @param adjustedPValue the value, or {@code null}
       * @return this builder
       */
      public Builder adjustedPValue(@Nullable Double adjustedPValue) {
        this.adjustedPValue = adjustedPValue;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the row
       * @throws NullPointerException naming {@code summary}
       */
      public Row build() {
        return new Row(key, sampleSize, value, summary, interval, pValue, adjustedPValue);
      }
    }
  }

  /**
   * What the feedback was grouped by.
   *
   * @return the key
   */
  public GroupKey key() {
    return key;
  }

  /**
   * The ranking figure.
   *
   * @return the metric
   */
  public GroupOptions.Metric metric() {
    return metric;
  }

  /**
   * The smallest sample a ranked group has.
   *
   * @return the minSampleSize
   */
  public int minSampleSize() {
    return minSampleSize;
  }

  /**
   * How many groups there were in all.
   *
   * @return the groups
   */
  public int groups() {
    return groups;
  }

  /**
   * How many of them were ranked.
   *
   * @return the ranked
   */
  public int ranked() {
    return ranked;
  }

  /**
   * Up to {@code limit} ranked groups, best first.
   *
   * @return the best
   */
  public List<Row> best() {
    return best;
  }

  /**
   * Up to {@code limit} other ranked groups, worst first.
   *
   * @return the worst
   */
  public List<Row> worst() {
    return worst;
  }

  /**
   * Up to {@code limit} groups below the minimum sample, largest sample first, then by key.
   *
   * @return the insufficient
   */
  public List<Row> insufficient() {
    return insufficient;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GroupReport o
        && Objects.equals(key, o.key)
        && Objects.equals(metric, o.metric)
        && minSampleSize == o.minSampleSize
        && groups == o.groups
        && ranked == o.ranked
        && Objects.equals(best, o.best)
        && Objects.equals(worst, o.worst)
        && Objects.equals(insufficient, o.insufficient);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, metric, minSampleSize, groups, ranked, best, worst, insufficient);
  }

  @Override
  public String toString() {
    return "GroupReport[key="
        + key
        + ", metric="
        + metric
        + ", minSampleSize="
        + minSampleSize
        + ", groups="
        + groups
        + ", ranked="
        + ranked
        + ", best="
        + best
        + ", worst="
        + worst
        + ", insufficient="
        + insufficient
        + "]";
  }

  /**
   * Builds a {@link GroupReport}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable GroupKey key;
    private GroupOptions.@Nullable Metric metric;
    private int minSampleSize;
    private int groups;
    private int ranked;
    private List<Row> best = List.of();
    private List<Row> worst = List.of();
    private List<Row> insufficient = List.of();

    private Builder() {}

    private Builder(GroupReport from) {
      this.key = from.key;
      this.metric = from.metric;
      this.minSampleSize = from.minSampleSize;
      this.groups = from.groups;
      this.ranked = from.ranked;
      this.best = from.best;
      this.worst = from.worst;
      this.insufficient = from.insufficient;
    }

    /**
     * Sets the {@code key}: what the feedback was grouped by.
     *
     * @param key the value
     * @return this builder
     */
    public Builder key(GroupKey key) {
      this.key = key;
      return this;
    }

    /**
     * Sets the {@code metric}: the ranking figure.
     *
     * @param metric the value
     * @return this builder
     */
    public Builder metric(GroupOptions.Metric metric) {
      this.metric = metric;
      return this;
    }

    /**
     * Sets the {@code minSampleSize}: the smallest sample a ranked group has.
     *
     * @param minSampleSize the value
     * @return this builder
     */
    public Builder minSampleSize(int minSampleSize) {
      this.minSampleSize = minSampleSize;
      return this;
    }

    /**
     * Sets the {@code groups}: how many groups there were in all.
     *
     * @param groups the value
     * @return this builder
     */
    public Builder groups(int groups) {
      this.groups = groups;
      return this;
    }

    /**
     * Sets the {@code ranked}: how many of them were ranked.
     *
     * @param ranked the value
     * @return this builder
     */
    public Builder ranked(int ranked) {
      this.ranked = ranked;
      return this;
    }

    /**
     * Sets the {@code best}: up to {@code limit} ranked groups, best first.
     *
     * @param best the value
     * @return this builder
     */
    public Builder best(List<Row> best) {
      this.best = best;
      return this;
    }

    /**
     * Sets the {@code worst}: up to {@code limit} other ranked groups, worst first.
     *
     * @param worst the value
     * @return this builder
     */
    public Builder worst(List<Row> worst) {
      this.worst = worst;
      return this;
    }

    /**
     * Sets the {@code insufficient}: up to {@code limit} groups below the minimum sample, largest
     * sample first, then by key.
     *
     * @param insufficient the value
     * @return this builder
     */
    public Builder insufficient(List<Row> insufficient) {
      this.insufficient = insufficient;
      return this;
    }

    /**
     * Builds the value, checking and copying the fields.
     *
     * @return the groupReport
     * @throws NullPointerException naming a missing component or row
     */
    public GroupReport build() {
      return new GroupReport(key, metric, minSampleSize, groups, ranked, best, worst, insufficient);
    }
  }
}
