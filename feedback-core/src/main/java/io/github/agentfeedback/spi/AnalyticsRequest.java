package io.github.agentfeedback.spi;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.spi.internal.Tokenizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FeedbackStore#analyze} computes in one pass over the feedback a query selects:
 * always the {@link Tally} of all of it, and optionally tallies per group for each
 * {@link Breakdown}, win/loss/tie counts of pairwise comparisons, and term counts of
 * negative comments. Build one with {@link #builder(FeedbackQuery)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AnalyticsRequest {

  /** The attribute the hooks module's sentiment hook writes: {@value}. */
  public static final String DEFAULT_SENTIMENT_ATTRIBUTE = "sentiment";

  private final FeedbackQuery query;
  private final List<Breakdown> breakdowns;
  private final @Nullable GroupKey pairwise;
  private final @Nullable TermSpec terms;
  private final String sentimentAttribute;
  private final boolean sessionSums;

  private AnalyticsRequest(Builder b) {
    this.query = b.query;
    this.breakdowns = List.copyOf(b.breakdowns);
    if (b.pairwise != null
        && b.pairwise.kind() != GroupKey.Kind.MODEL
        && b.pairwise.kind() != GroupKey.Kind.MODEL_VERSION) {
      throw new IllegalArgumentException(
          "pairwise must be GroupKey.model() or GroupKey.modelVersion(), was " + b.pairwise);
    }
    this.pairwise = b.pairwise;
    this.terms = b.terms;
    Objects.requireNonNull(b.sentimentAttribute, "sentimentAttribute");
    if (b.sentimentAttribute.isBlank()) {
      throw new IllegalArgumentException("sentimentAttribute must not be blank");
    }
    this.sentimentAttribute = b.sentimentAttribute;
    this.sessionSums = b.sessionSums;
  }

  /**
   * The feedback to analyse.
   *
   * @return the query
   */
  public FeedbackQuery query() {
    return query;
  }

  /**
   * The groupings, each answered by one list of buckets at the same position of the result.
   *
   * @return an immutable list, possibly empty
   */
  public List<Breakdown> breakdowns() {
    return breakdowns;
  }

  /**
   * When not null, pairwise comparisons are counted by the candidates' models under this
   * key ({@link GroupKey.Kind#MODEL} or {@link GroupKey.Kind#MODEL_VERSION}).
   *
   * @return the model key, or {@code null} when pairwise comparisons are not counted
   */
  public @Nullable GroupKey pairwise() {
    return pairwise;
  }

  /**
   * When not null, the terms of negative comments are counted as this says.
   *
   * @return the term specification, or {@code null} when terms are not counted
   */
  public @Nullable TermSpec terms() {
    return terms;
  }

  /**
   * The attribute whose numeric value is summed as sentiment (see {@link Tally}).
   *
   * @return the attribute key, never blank
   */
  public String sentimentAttribute() {
    return sentimentAttribute;
  }

  /**
   * Whether every tally (the total and each group's) also holds the sums over sessions that
   * session-clustered standard errors need: of feedback rated up and down ({@link
   * Tally#votingSessions()} and the three after it) and of scores per scale ({@link
   * Tally#scoreSessions()}, {@link Tally#scorePairs()}); they are 0 and empty when not asked
   * for.
   *
   * @return whether session sums are computed
   */
  public boolean sessionSums() {
    return sessionSums;
  }

  /**
   * A builder holding this request's fields, to make a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(query);
    b.breakdowns.addAll(breakdowns);
    b.pairwise = pairwise;
    b.terms = terms;
    b.sentimentAttribute = sentimentAttribute;
    b.sessionSums = sessionSums;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AnalyticsRequest o
        && query.equals(o.query)
        && breakdowns.equals(o.breakdowns)
        && Objects.equals(pairwise, o.pairwise)
        && Objects.equals(terms, o.terms)
        && sentimentAttribute.equals(o.sentimentAttribute)
        && sessionSums == o.sessionSums;
  }

  @Override
  public int hashCode() {
    return Objects.hash(query, breakdowns, pairwise, terms, sentimentAttribute, sessionSums);
  }

  @Override
  public String toString() {
    return "AnalyticsRequest[query="
        + query
        + ", breakdowns="
        + breakdowns
        + ", pairwise="
        + pairwise
        + ", terms="
        + terms
        + ", sentimentAttribute="
        + sentimentAttribute
        + ", sessionSums="
        + sessionSums
        + "]";
  }

  /**
   * A builder for a request over the feedback a query selects.
   *
   * @param query the feedback to analyse
   * @return a new builder with no breakdowns, no pairwise or term counts, and the default
   *     sentiment attribute
   */
  public static Builder builder(FeedbackQuery query) {
    return new Builder(Objects.requireNonNull(query, "query"));
  }

  /**
   * One grouping: the feedback is split by a {@link GroupKey} and each group gets its own
   * {@link Tally}.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Breakdown {

    private final GroupKey key;
    private final Set<String> only;
    private final @Nullable Rating topRating;
    private final int limit;

    private Breakdown(
        @Nullable GroupKey key, Set<String> only, @Nullable Rating topRating, int limit) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(only, "only");
      for (Object k : only) {
        Objects.requireNonNull(k, "only[]");
      }
      only = Set.copyOf(only);
      if (limit < 0) {
        throw new IllegalArgumentException("limit must not be negative, was " + limit);
      }
      this.key = key;
      this.only = only;
      this.topRating = topRating;
      this.limit = limit;
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
     * Every group of a key.
     *
     * @param key what to group by
     * @return the grouping
     */
    public static Breakdown of(GroupKey key) {
      return new Breakdown(key, Set.of(), null, 0);
    }

    /**
     * Only the groups with these keys.
     *
     * @param keys the group keys to keep
     * @return a copy that keeps only these groups
     */
    public Breakdown only(Collection<String> keys) {
      return new Breakdown(key, Set.copyOf(Objects.requireNonNull(keys, "keys")), topRating, limit);
    }

    /**
     * Only the {@code limit} groups with the most feedback of a rating.
     *
     * @param rating the rating to rank by, or {@code null} to rank by total
     * @param limit how many groups to keep, at least 1
     * @return a copy that keeps only the top groups
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public Breakdown top(@Nullable Rating rating, int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, was " + limit);
      }
      return new Breakdown(key, only, rating, limit);
    }

    /**
     * What to group by.
     *
     * @return the key
     */
    public GroupKey key() {
      return key;
    }

    /**
     * When not empty, only groups with these keys are kept (the key {@code null}, "no value",
     * cannot be selected this way).
     *
     * @return the only
     */
    public Set<String> only() {
      return only;
    }

    /**
     * With {@code limit}: rank groups by the count of this rating, or by their total when {@code
     * null}.
     *
     * @return the topRating
     */
    public @Nullable Rating topRating() {
      return topRating;
    }

    /**
     * When above 0, keep only the {@code limit} groups ranked highest (most feedback of {@code
     * topRating}; ties broken by key, ascending by Unicode code point, "no value" first); 0 keeps every group.
     *
     * @return the limit
     */
    public int limit() {
      return limit;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Breakdown o
          && Objects.equals(key, o.key)
          && Objects.equals(only, o.only)
          && Objects.equals(topRating, o.topRating)
          && limit == o.limit;
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, only, topRating, limit);
    }

    @Override
    public String toString() {
      return "Breakdown[key="
          + key
          + ", only="
          + only
          + ", topRating="
          + topRating
          + ", limit="
          + limit
          + "]";
    }

    /**
     * Builds a {@link Breakdown}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable GroupKey key;
      private Set<String> only = Set.of();
      private @Nullable Rating topRating;
      private int limit;

      private Builder() {}

      private Builder(Breakdown from) {
        this.key = from.key;
        this.only = from.only;
        this.topRating = from.topRating;
        this.limit = from.limit;
      }

      /**
       * Sets the {@code key}: what to group by.
       *
       * @param key the value
       * @return this builder
       */
      public Builder key(GroupKey key) {
        this.key = key;
        return this;
      }

      /**
       * Sets the {@code only}: when not empty, only groups with these keys are kept (the key {@code
       * null}, "no value", cannot be selected this way).
       *
       * @param only the value
       * @return this builder
       */
      public Builder only(Set<String> only) {
        this.only = only;
        return this;
      }

      /**
       * Sets the {@code topRating}: with {@code limit}: rank groups by the count of this rating, or
       * by their total when {@code null}.
       *
       * @param topRating the value
       * @return this builder
       */
      public Builder topRating(@Nullable Rating topRating) {
        this.topRating = topRating;
        return this;
      }

      /**
       * Sets the {@code limit}: when above 0, keep only the {@code limit} groups ranked highest
       * (most feedback of {@code topRating}; ties broken by key, ascending by Unicode code point, "no value" first); 0
       * keeps every group.
       *
       * @param limit the value
       * @return this builder
       */
      public Builder limit(int limit) {
        this.limit = limit;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the breakdown
       * @throws NullPointerException naming {@code key}, {@code only} or an element of it
       * @throws IllegalArgumentException if {@code limit} is negative
       */
      public Breakdown build() {
        return new Breakdown(key, only, topRating, limit);
      }
    }
  }

  /**
   * Which terms to count in the comments of feedback rated {@link Rating#DOWN}: each
   * comment is split into words (runs of Unicode letters, digits and combining marks, with
   * an apostrophe or a hyphen between letters kept, so "don't" and "two-factor" are one
   * word each), lower-cased with {@link Locale#ROOT}, the typographic apostrophe U+2019
   * read as {@code '} and the hyphens U+2010 and U+2011 as {@code -}; words longer than 64
   * code points, one-letter words (except ideographs) and stop words are left out. A phrase
   * is two kept words separated only by white space. A term or phrase counts once per
   * comment however often the comment repeats it.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class TermSpec {

    private final Set<String> stopWords;
    private final boolean phrases;
    private final long minCount;

    private TermSpec(Set<String> stopWords, boolean phrases, long minCount) {
      Objects.requireNonNull(stopWords, "stopWords");
      List<String> normalized = new ArrayList<>(stopWords.size());
      for (String word : stopWords) {
        normalized.add(Tokenizer.normalize(Objects.requireNonNull(word, "stopWords[]")));
      }
      stopWords = Set.copyOf(normalized);
      if (minCount < 1) {
        throw new IllegalArgumentException("minCount must be at least 1, was " + minCount);
      }
      this.stopWords = stopWords;
      this.phrases = phrases;
      this.minCount = minCount;
    }

    /**
     * A builder with no stop words, no phrases and a minimum count of 1.
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
     * Words never counted; compared as words are (lower-cased, with the typographic apostrophe
     * U+2019 read as {@code '} and the hyphens U+2010 and U+2011 as {@code -}).
     *
     * @return the stopWords
     */
    public Set<String> stopWords() {
      return stopWords;
    }

    /**
     * Whether two-word phrases are counted too.
     *
     * @return the phrases
     */
    public boolean phrases() {
      return phrases;
    }

    /**
     * Only terms and phrases in at least this many comments are returned; at least 1.
     *
     * @return the minCount
     */
    public long minCount() {
      return minCount;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TermSpec o
          && Objects.equals(stopWords, o.stopWords)
          && phrases == o.phrases
          && minCount == o.minCount;
    }

    @Override
    public int hashCode() {
      return Objects.hash(stopWords, phrases, minCount);
    }

    @Override
    public String toString() {
      return "TermSpec[stopWords="
          + stopWords
          + ", phrases="
          + phrases
          + ", minCount="
          + minCount
          + "]";
    }

    /**
     * Builds a {@link TermSpec}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private Set<String> stopWords = Set.of();
      private boolean phrases;
      private long minCount = 1;

      private Builder() {}

      private Builder(TermSpec from) {
        this.stopWords = from.stopWords;
        this.phrases = from.phrases;
        this.minCount = from.minCount;
      }

      /**
       * Sets the {@code stopWords}: words never counted; compared as words are (lower-cased, with
       * the typographic apostrophe U+2019 read as {@code '} and the hyphens U+2010 and U+2011 as
       * {@code -}).
       *
       * @param stopWords the value
       * @return this builder
       */
      public Builder stopWords(Set<String> stopWords) {
        this.stopWords = stopWords;
        return this;
      }

      /**
       * Sets the {@code phrases}: whether two-word phrases are counted too.
       *
       * @param phrases the value
       * @return this builder
       */
      public Builder phrases(boolean phrases) {
        this.phrases = phrases;
        return this;
      }

      /**
       * Sets the {@code minCount}: only terms and phrases in at least this many comments are
       * returned; at least 1.
       *
       * @param minCount the value
       * @return this builder
       */
      public Builder minCount(long minCount) {
        this.minCount = minCount;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the termSpec
       * @throws NullPointerException naming {@code stopWords} or an element of it
       * @throws IllegalArgumentException if {@code minCount} is below 1
       */
      public TermSpec build() {
        return new TermSpec(stopWords, phrases, minCount);
      }
    }
  }

  /**
   * Builds an {@link AnalyticsRequest}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final FeedbackQuery query;
    private final List<Breakdown> breakdowns = new ArrayList<>();
    private @Nullable GroupKey pairwise;
    private @Nullable TermSpec terms;
    private String sentimentAttribute = DEFAULT_SENTIMENT_ATTRIBUTE;
    private boolean sessionSums;

    private Builder(FeedbackQuery query) {
      this.query = query;
    }

    /**
     * Adds a grouping; the result lists its buckets at the same position.
     *
     * @param breakdown the grouping
     * @return this builder
     */
    public Builder breakdown(Breakdown breakdown) {
      breakdowns.add(Objects.requireNonNull(breakdown, "breakdown"));
      return this;
    }

    /**
     * Counts pairwise comparisons by model.
     *
     * @param modelKey {@link GroupKey#model()} or {@link GroupKey#modelVersion()}
     * @return this builder
     */
    public Builder pairwise(GroupKey modelKey) {
      this.pairwise = Objects.requireNonNull(modelKey, "modelKey");
      return this;
    }

    /**
     * Counts terms of negative comments.
     *
     * @param terms what to count
     * @return this builder
     */
    public Builder terms(@Nullable TermSpec terms) {
      this.terms = Objects.requireNonNull(terms, "terms");
      return this;
    }

    /**
     * Sets the attribute read as sentiment.
     *
     * @param attribute the attribute key
     * @return this builder
     */
    public Builder sentimentAttribute(String attribute) {
      this.sentimentAttribute = attribute;
      return this;
    }

    /**
     * Asks for the session sums of every tally ({@link AnalyticsRequest#sessionSums()}).
     *
     * @param sessionSums whether to compute them
     * @return this builder
     */
    public Builder sessionSums(boolean sessionSums) {
      this.sessionSums = sessionSums;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the validated request
     * @throws NullPointerException naming {@code sentimentAttribute} if it was set to null
     * @throws IllegalArgumentException if {@code pairwise} is not a model key or the
     *     sentiment attribute is blank
     */
    public AnalyticsRequest build() {
      return new AnalyticsRequest(this);
    }
  }
}
