package io.github.agentfeedback.spi;

import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.internal.CodePointOrder;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FeedbackStore#analyze} found: only aggregates, never feedback. Every list is
 * in a documented order, so two stores that compute the same sums return equal results.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AnalyticsResult {

  private final Tally total;
  private final List<Grouped> breakdowns;
  private final @Nullable Pairwise pairwise;
  private final @Nullable Terms terms;

  private AnalyticsResult(
      @Nullable Tally total,
      List<Grouped> breakdowns,
      @Nullable Pairwise pairwise,
      @Nullable Terms terms) {
    Objects.requireNonNull(total, "total");
    breakdowns = StoreChecks.nonNullElements("breakdowns", breakdowns);
    this.total = total;
    this.breakdowns = breakdowns;
    this.pairwise = pairwise;
    this.terms = terms;
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
   * The buckets of one grouping.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Grouped {

    private final AnalyticsRequest.Breakdown breakdown;
    private final List<Bucket> buckets;

    private Grouped(AnalyticsRequest.@Nullable Breakdown breakdown, List<Bucket> buckets) {
      Objects.requireNonNull(breakdown, "breakdown");
      buckets = StoreChecks.nonNullElements("buckets", buckets);
      this.breakdown = breakdown;
      this.buckets = buckets;
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
     * The grouping, as requested.
     *
     * @return the breakdown
     */
    public AnalyticsRequest.Breakdown breakdown() {
      return breakdown;
    }

    /**
     * One per group that occurred (and was kept), in ascending key order (by Unicode code point) with the "no value" bucket
     * (key {@code null}) first.
     *
     * @return the buckets
     */
    public List<Bucket> buckets() {
      return buckets;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Grouped o
          && Objects.equals(breakdown, o.breakdown)
          && Objects.equals(buckets, o.buckets);
    }

    @Override
    public int hashCode() {
      return Objects.hash(breakdown, buckets);
    }

    @Override
    public String toString() {
      return "Grouped[breakdown=" + breakdown + ", buckets=" + buckets + "]";
    }

    /**
     * Builds a {@link Grouped}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private AnalyticsRequest.@Nullable Breakdown breakdown;
      private List<Bucket> buckets = List.of();

      private Builder() {}

      private Builder(Grouped from) {
        this.breakdown = from.breakdown;
        this.buckets = from.buckets;
      }

      /**
       * Sets the {@code breakdown}: the grouping, as requested.
       *
       * @param breakdown the value
       * @return this builder
       */
      public Builder breakdown(AnalyticsRequest.Breakdown breakdown) {
        this.breakdown = breakdown;
        return this;
      }

      /**
       * Sets the {@code buckets}: one per group that occurred (and was kept), in ascending key
       * order with the "no value" bucket (key {@code null}) first.
       *
       * @param buckets the value
       * @return this builder
       */
      public Builder buckets(List<Bucket> buckets) {
        this.buckets = buckets;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the grouped
       * @throws NullPointerException naming {@code breakdown} or {@code buckets} (or an
       *         element)
       */
      public Grouped build() {
        return new Grouped(breakdown, buckets);
      }
    }
  }

  /**
   * The sums of one group.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Bucket {

    private final @Nullable String key;
    private final Tally tally;

    private Bucket(@Nullable String key, @Nullable Tally tally) {
      Objects.requireNonNull(tally, "tally");
      this.key = key;
      this.tally = tally;
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
     * The group's key (see {@link io.github.agentfeedback.GroupKey}), or {@code null} for the
     * feedback that has no value.
     *
     * @return the key
     */
    public @Nullable String key() {
      return key;
    }

    /**
     * The group's sums.
     *
     * @return the tally
     */
    public Tally tally() {
      return tally;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Bucket o
          && Objects.equals(key, o.key)
          && Objects.equals(tally, o.tally);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, tally);
    }

    @Override
    public String toString() {
      return "Bucket[key=" + key + ", tally=" + tally + "]";
    }

    /**
     * Builds a {@link Bucket}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String key;
      private @Nullable Tally tally;

      private Builder() {}

      private Builder(Bucket from) {
        this.key = from.key;
        this.tally = from.tally;
      }

      /**
       * Sets the {@code key}: the group's key (see {@link io.github.agentfeedback.GroupKey}), or
       * {@code null} for the feedback that has no value.
       *
       * @param key the value
       * @return this builder
       */
      public Builder key(@Nullable String key) {
        this.key = key;
        return this;
      }

      /**
       * Sets the {@code tally}: the group's sums.
       *
       * @param tally the value
       * @return this builder
       */
      public Builder tally(Tally tally) {
        this.tally = tally;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the bucket
       * @throws NullPointerException naming {@code tally}
       */
      public Bucket build() {
        return new Bucket(key, tally);
      }
    }
  }

  /**
   * Pairwise comparisons counted per unordered pair of models.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Pairwise {

    private final List<PairTally> pairs;
    private final long skipped;

    private Pairwise(List<PairTally> pairs, long skipped) {
      pairs = StoreChecks.nonNullElements("pairs", pairs);
      this.pairs = pairs;
      this.skipped = skipped;
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
     * One per pair of models that met, ordered by {@code first}, then {@code second}.
     *
     * @return the pairs
     */
    public List<PairTally> pairs() {
      return pairs;
    }

    /**
     * Comparisons not counted: a candidate without a model, or the same model (under the requested
     * key) on both sides.
     *
     * @return the skipped
     */
    public long skipped() {
      return skipped;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Pairwise o && Objects.equals(pairs, o.pairs) && skipped == o.skipped;
    }

    @Override
    public int hashCode() {
      return Objects.hash(pairs, skipped);
    }

    @Override
    public String toString() {
      return "Pairwise[pairs=" + pairs + ", skipped=" + skipped + "]";
    }

    /**
     * Builds a {@link Pairwise}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private List<PairTally> pairs = List.of();
      private long skipped;

      private Builder() {}

      private Builder(Pairwise from) {
        this.pairs = from.pairs;
        this.skipped = from.skipped;
      }

      /**
       * Sets the {@code pairs}: one per pair of models that met, ordered by {@code first}, then
       * {@code second}.
       *
       * @param pairs the value
       * @return this builder
       */
      public Builder pairs(List<PairTally> pairs) {
        this.pairs = pairs;
        return this;
      }

      /**
       * Sets the {@code skipped}: comparisons not counted: a candidate without a model, or the same
       * model (under the requested key) on both sides.
       *
       * @param skipped the value
       * @return this builder
       */
      public Builder skipped(long skipped) {
        this.skipped = skipped;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the pairwise
       * @throws NullPointerException naming {@code pairs} or an element
       */
      public Pairwise build() {
        return new Pairwise(pairs, skipped);
      }
    }
  }

  /**
   * The outcomes of the comparisons between two models, whichever side each stood on.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class PairTally {

    private final String first;
    private final String second;
    private final long firstWins;
    private final long secondWins;
    private final long ties;

    private PairTally(
        @Nullable String first,
        @Nullable String second,
        long firstWins,
        long secondWins,
        long ties) {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
      if (CodePointOrder.compare(first, second) >= 0) {
        throw new IllegalArgumentException(
            "first must sort before second, were '" + first + "' and '" + second + "'");
      }
      this.first = first;
      this.second = second;
      this.firstWins = firstWins;
      this.secondWins = secondWins;
      this.ties = ties;
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
     * All comparisons of the pair.
     *
     * @return {@code firstWins + secondWins + ties}
     */
    public long comparisons() {
      return firstWins + secondWins + ties;
    }

    /**
     * The model whose key sorts first.
     *
     * @return the first
     */
    public String first() {
      return first;
    }

    /**
     * The other model.
     *
     * @return the second
     */
    public String second() {
      return second;
    }

    /**
     * Comparisons that preferred {@code first}.
     *
     * @return the firstWins
     */
    public long firstWins() {
      return firstWins;
    }

    /**
     * Comparisons that preferred {@code second}.
     *
     * @return the secondWins
     */
    public long secondWins() {
      return secondWins;
    }

    /**
     * Comparisons that preferred neither.
     *
     * @return the ties
     */
    public long ties() {
      return ties;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof PairTally o
          && Objects.equals(first, o.first)
          && Objects.equals(second, o.second)
          && firstWins == o.firstWins
          && secondWins == o.secondWins
          && ties == o.ties;
    }

    @Override
    public int hashCode() {
      return Objects.hash(first, second, firstWins, secondWins, ties);
    }

    @Override
    public String toString() {
      return "PairTally[first="
          + first
          + ", second="
          + second
          + ", firstWins="
          + firstWins
          + ", secondWins="
          + secondWins
          + ", ties="
          + ties
          + "]";
    }

    /**
     * Builds a {@link PairTally}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String first;
      private @Nullable String second;
      private long firstWins;
      private long secondWins;
      private long ties;

      private Builder() {}

      private Builder(PairTally from) {
        this.first = from.first;
        this.second = from.second;
        this.firstWins = from.firstWins;
        this.secondWins = from.secondWins;
        this.ties = from.ties;
      }

      /**
       * Sets the {@code first}: the model whose key sorts first.
       *
       * @param first the value
       * @return this builder
       */
      public Builder first(String first) {
        this.first = first;
        return this;
      }

      /**
       * Sets the {@code second}: the other model.
       *
       * @param second the value
       * @return this builder
       */
      public Builder second(String second) {
        this.second = second;
        return this;
      }

      /**
       * Sets the {@code firstWins}: comparisons that preferred {@code first}.
       *
       * @param firstWins the value
       * @return this builder
       */
      public Builder firstWins(long firstWins) {
        this.firstWins = firstWins;
        return this;
      }

      /**
       * Sets the {@code secondWins}: comparisons that preferred {@code second}.
       *
       * @param secondWins the value
       * @return this builder
       */
      public Builder secondWins(long secondWins) {
        this.secondWins = secondWins;
        return this;
      }

      /**
       * Sets the {@code ties}: comparisons that preferred neither.
       *
       * @param ties the value
       * @return this builder
       */
      public Builder ties(long ties) {
        this.ties = ties;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the pairTally
       * @throws NullPointerException naming {@code first} or {@code second}
       * @throws IllegalArgumentException unless {@code first} sorts before {@code second} by
       *     Unicode code point
       */
      public PairTally build() {
        return new PairTally(first, second, firstWins, secondWins, ties);
      }
    }
  }

  /**
   * Term counts of negative comments.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Terms {

    private final long comments;
    private final List<TermCount> terms;
    private final List<TermCount> phrases;

    private Terms(long comments, List<TermCount> terms, List<TermCount> phrases) {
      terms = StoreChecks.nonNullElements("terms", terms);
      phrases = StoreChecks.nonNullElements("phrases", phrases);
      this.comments = comments;
      this.terms = terms;
      this.phrases = phrases;
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
     * How many negative comments were read (feedback rated down with a non-empty comment).
     *
     * @return the comments
     */
    public long comments() {
      return comments;
    }

    /**
     * Single words in at least the requested number of comments, in ascending term order.
     *
     * @return the terms
     */
    public List<TermCount> terms() {
      return terms;
    }

    /**
     * Two-word phrases likewise (empty unless requested), in ascending order.
     *
     * @return the phrases
     */
    public List<TermCount> phrases() {
      return phrases;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Terms o
          && comments == o.comments
          && Objects.equals(terms, o.terms)
          && Objects.equals(phrases, o.phrases);
    }

    @Override
    public int hashCode() {
      return Objects.hash(comments, terms, phrases);
    }

    @Override
    public String toString() {
      return "Terms[comments=" + comments + ", terms=" + terms + ", phrases=" + phrases + "]";
    }

    /**
     * Builds a {@link Terms}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private long comments;
      private List<TermCount> terms = List.of();
      private List<TermCount> phrases = List.of();

      private Builder() {}

      private Builder(Terms from) {
        this.comments = from.comments;
        this.terms = from.terms;
        this.phrases = from.phrases;
      }

      /**
       * Sets the {@code comments}: how many negative comments were read (feedback rated down with a
       * non-empty comment).
       *
       * @param comments the value
       * @return this builder
       */
      public Builder comments(long comments) {
        this.comments = comments;
        return this;
      }

      /**
       * Sets the {@code terms}: single words in at least the requested number of comments, in
       * ascending term order.
       *
       * @param terms the value
       * @return this builder
       */
      public Builder terms(List<TermCount> terms) {
        this.terms = terms;
        return this;
      }

      /**
       * Sets the {@code phrases}: two-word phrases likewise (empty unless requested), in ascending
       * order.
       *
       * @param phrases the value
       * @return this builder
       */
      public Builder phrases(List<TermCount> phrases) {
        this.phrases = phrases;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the terms
       * @throws NullPointerException naming {@code terms} or {@code phrases} (or an element)
       */
      public Terms build() {
        return new Terms(comments, terms, phrases);
      }
    }
  }

  /**
   * The sums over all selected feedback.
   *
   * @return the total
   */
  public Tally total() {
    return total;
  }

  /**
   * One entry per requested {@link AnalyticsRequest.Breakdown}, in request order.
   *
   * @return the breakdowns
   */
  public List<Grouped> breakdowns() {
    return breakdowns;
  }

  /**
   * The pairwise comparison counts, or {@code null} when not requested.
   *
   * @return the pairwise
   */
  public @Nullable Pairwise pairwise() {
    return pairwise;
  }

  /**
   * The term counts of negative comments, or {@code null} when not requested.
   *
   * @return the terms
   */
  public @Nullable Terms terms() {
    return terms;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AnalyticsResult o
        && Objects.equals(total, o.total)
        && Objects.equals(breakdowns, o.breakdowns)
        && Objects.equals(pairwise, o.pairwise)
        && Objects.equals(terms, o.terms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(total, breakdowns, pairwise, terms);
  }

  @Override
  public String toString() {
    return "AnalyticsResult[total="
        + total
        + ", breakdowns="
        + breakdowns
        + ", pairwise="
        + pairwise
        + ", terms="
        + terms
        + "]";
  }

  /**
   * Builds a {@link AnalyticsResult}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Tally total;
    private List<Grouped> breakdowns = List.of();
    private @Nullable Pairwise pairwise;
    private @Nullable Terms terms;

    private Builder() {}

    private Builder(AnalyticsResult from) {
      this.total = from.total;
      this.breakdowns = from.breakdowns;
      this.pairwise = from.pairwise;
      this.terms = from.terms;
    }

    /**
     * Sets the {@code total}: the sums over all selected feedback.
     *
     * @param total the value
     * @return this builder
     */
    public Builder total(Tally total) {
      this.total = total;
      return this;
    }

    /**
     * Sets the {@code breakdowns}: one entry per requested {@link AnalyticsRequest.Breakdown}, in
     * request order.
     *
     * @param breakdowns the value
     * @return this builder
     */
    public Builder breakdowns(List<Grouped> breakdowns) {
      this.breakdowns = breakdowns;
      return this;
    }

    /**
     * Sets the {@code pairwise}: the pairwise comparison counts, or {@code null} when not
     * requested.
     *
     * @param pairwise the value
     * @return this builder
     */
    public Builder pairwise(@Nullable Pairwise pairwise) {
      this.pairwise = pairwise;
      return this;
    }

    /**
     * Sets the {@code terms}: the term counts of negative comments, or {@code null} when not
     * requested.
     *
     * @param terms the value
     * @return this builder
     */
    public Builder terms(@Nullable Terms terms) {
      this.terms = terms;
      return this;
    }

    /**
     * Builds the value, checking and copying the fields.
     *
     * @return the analyticsResult
     * @throws NullPointerException naming {@code total} or {@code breakdowns} (or an element)
     */
    public AnalyticsResult build() {
      return new AnalyticsResult(total, breakdowns, pairwise, terms);
    }
  }
}
