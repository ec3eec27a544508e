package io.github.agentfeedback.spi;

import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.internal.Checks;
import java.util.List;
import java.util.Objects;

/**
 * What {@link FeedbackStore#analyze} found: only aggregates, never feedback. Every list is
 * in a documented order, so two stores that compute the same sums return equal results.
 *
 * <p>Immutable and thread-safe.
 *
 * @param total the sums over all selected feedback
 * @param breakdowns one entry per requested {@link AnalyticsRequest.Breakdown}, in request
 *     order
 * @param pairwise the pairwise comparison counts, or {@code null} when not requested
 * @param terms the term counts of negative comments, or {@code null} when not requested
 * @since 0.1.0
 */
public record AnalyticsResult(
    Tally total, List<Grouped> breakdowns, Pairwise pairwise, Terms terms) {

  /**
   * Validates and copies the result.
   *
   * @throws NullPointerException naming {@code total} or {@code breakdowns} (or an element)
   */
  public AnalyticsResult {
    Objects.requireNonNull(total, "total");
    breakdowns = Checks.nonNullElements("breakdowns", breakdowns);
  }

  /**
   * The buckets of one grouping.
   *
   * <p>Immutable and thread-safe.
   *
   * @param breakdown the grouping, as requested
   * @param buckets one per group that occurred (and was kept), in ascending key order with
   *     the "no value" bucket (key {@code null}) first
   * @since 0.1.0
   */
  public record Grouped(AnalyticsRequest.Breakdown breakdown, List<Bucket> buckets) {

    /**
     * Validates and copies the buckets.
     *
     * @throws NullPointerException naming {@code breakdown} or {@code buckets} (or an
     *     element)
     */
    public Grouped {
      Objects.requireNonNull(breakdown, "breakdown");
      buckets = Checks.nonNullElements("buckets", buckets);
    }
  }

  /**
   * The sums of one group.
   *
   * <p>Immutable and thread-safe.
   *
   * @param key the group's key (see {@link io.github.agentfeedback.GroupKey}), or
   *     {@code null} for the feedback that has no value
   * @param tally the group's sums
   * @since 0.1.0
   */
  public record Bucket(String key, Tally tally) {

    /**
     * Validates the bucket.
     *
     * @throws NullPointerException naming {@code tally}
     */
    public Bucket {
      Objects.requireNonNull(tally, "tally");
    }
  }

  /**
   * Pairwise comparisons counted per unordered pair of models.
   *
   * <p>Immutable and thread-safe.
   *
   * @param pairs one per pair of models that met, ordered by {@code first}, then
   *     {@code second}
   * @param skipped comparisons not counted: a candidate without a model, or the same model
   *     (under the requested key) on both sides
   * @since 0.1.0
   */
  public record Pairwise(List<PairTally> pairs, long skipped) {

    /**
     * Validates and copies the counts.
     *
     * @throws NullPointerException naming {@code pairs} or an element
     */
    public Pairwise {
      pairs = Checks.nonNullElements("pairs", pairs);
    }
  }

  /**
   * The outcomes of the comparisons between two models, whichever side each stood on.
   *
   * <p>Immutable and thread-safe.
   *
   * @param first the model whose key sorts first
   * @param second the other model
   * @param firstWins comparisons that preferred {@code first}
   * @param secondWins comparisons that preferred {@code second}
   * @param ties comparisons that preferred neither
   * @since 0.1.0
   */
  public record PairTally(String first, String second, long firstWins, long secondWins,
      long ties) {

    /**
     * Validates the pair.
     *
     * @throws NullPointerException naming {@code first} or {@code second}
     * @throws IllegalArgumentException unless {@code first} sorts before {@code second}
     */
    public PairTally {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
      if (first.compareTo(second) >= 0) {
        throw new IllegalArgumentException(
            "first must sort before second, were '" + first + "' and '" + second + "'");
      }
    }

    /**
     * All comparisons of the pair.
     *
     * @return {@code firstWins + secondWins + ties}
     */
    public long comparisons() {
      return firstWins + secondWins + ties;
    }
  }

  /**
   * Term counts of negative comments.
   *
   * <p>Immutable and thread-safe.
   *
   * @param comments how many negative comments were read (feedback rated down with a
   *     non-empty comment)
   * @param terms single words in at least the requested number of comments, in ascending
   *     term order
   * @param phrases two-word phrases likewise (empty unless requested), in ascending order
   * @since 0.1.0
   */
  public record Terms(long comments, List<TermCount> terms, List<TermCount> phrases) {

    /**
     * Validates and copies the counts.
     *
     * @throws NullPointerException naming {@code terms} or {@code phrases} (or an element)
     */
    public Terms {
      terms = Checks.nonNullElements("terms", terms);
      phrases = Checks.nonNullElements("phrases", phrases);
    }
  }
}
