package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.internal.Checks;
import java.util.List;
import java.util.Objects;

/**
 * Feedback figures per group, ranked. A group whose sample (see
 * {@link GroupOptions.Metric}) is below the minimum is not ranked but listed as
 * insufficient data. Ranked groups are ordered by the metric, best first, ties broken by
 * key (ascending, the "no value" group first); {@code best} lists the top of that order and
 * {@code worst} the bottom of what remains, worst first, so no group appears twice.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key what the feedback was grouped by
 * @param metric the ranking figure
 * @param minSampleSize the smallest sample a ranked group has
 * @param groups how many groups there were in all
 * @param ranked how many of them were ranked
 * @param best up to {@code limit} ranked groups, best first
 * @param worst up to {@code limit} other ranked groups, worst first
 * @param insufficient up to {@code limit} groups below the minimum sample, largest sample
 *     first, then by key
 * @since 0.1.0
 */
public record GroupReport(
    GroupKey key,
    GroupOptions.Metric metric,
    int minSampleSize,
    int groups,
    int ranked,
    List<Row> best,
    List<Row> worst,
    List<Row> insufficient) {

  /**
   * Validates and copies the report.
   *
   * @throws NullPointerException naming a missing component or row
   */
  public GroupReport {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metric, "metric");
    best = Checks.nonNullElements("best", best);
    worst = Checks.nonNullElements("worst", worst);
    insufficient = Checks.nonNullElements("insufficient", insufficient);
  }

  /**
   * One group.
   *
   * <p>Immutable and thread-safe.
   *
   * @param key the group's key (see {@link GroupKey}), or {@code null} for feedback with no
   *     value
   * @param sampleSize the group's sample for the ranking metric
   * @param value the ranking metric's value; {@code null} when the sample is 0
   * @param summary every figure of the group
   * @since 0.1.0
   */
  public record Row(String key, long sampleSize, Double value, FeedbackSummary summary) {

    /**
     * Validates the row.
     *
     * @throws NullPointerException naming {@code summary}
     */
    public Row {
      Objects.requireNonNull(summary, "summary");
    }
  }
}
