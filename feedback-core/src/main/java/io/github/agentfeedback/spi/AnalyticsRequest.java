package io.github.agentfeedback.spi;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.spi.internal.Tokenizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link FeedbackStore#analyze} computes in one pass over the feedback a query selects:
 * always the {@link Tally} of all of it, and optionally tallies per group for each
 * {@link Breakdown}, win/loss/tie counts of pairwise comparisons, and term counts of
 * negative comments. Build one with {@link #builder(FeedbackQuery)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param query the feedback to analyse
 * @param breakdowns groupings, each answered by one list of buckets; may be empty
 * @param pairwise when not null, count pairwise comparisons by the candidates' models under
 *     this key ({@link GroupKey.Kind#MODEL} or {@link GroupKey.Kind#MODEL_VERSION})
 * @param terms when not null, count the terms of negative comments
 * @param sentimentAttribute the attribute whose numeric value is summed as sentiment (see
 *     {@link Tally}); non-blank
 * @since 0.1.0
 */
public record AnalyticsRequest(
    FeedbackQuery query,
    List<Breakdown> breakdowns,
    GroupKey pairwise,
    TermSpec terms,
    String sentimentAttribute) {

  /** The attribute the hooks module's sentiment hook writes: {@value}. */
  public static final String DEFAULT_SENTIMENT_ATTRIBUTE = "sentiment";

  /**
   * Validates and copies the request.
   *
   * @throws NullPointerException naming {@code query}, {@code breakdowns} (or an element)
   *     or {@code sentimentAttribute}
   * @throws IllegalArgumentException if {@code pairwise} is not a model key or the
   *     sentiment attribute is blank
   */
  public AnalyticsRequest {
    Objects.requireNonNull(query, "query");
    breakdowns = Checks.nonNullElements("breakdowns", breakdowns);
    if (pairwise != null && pairwise.kind() != GroupKey.Kind.MODEL
        && pairwise.kind() != GroupKey.Kind.MODEL_VERSION) {
      throw new IllegalArgumentException(
          "pairwise must be GroupKey.model() or GroupKey.modelVersion(), was " + pairwise);
    }
    Objects.requireNonNull(sentimentAttribute, "sentimentAttribute");
    if (sentimentAttribute.isBlank()) {
      throw new IllegalArgumentException("sentimentAttribute must not be blank");
    }
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
   * @param key what to group by
   * @param only when not empty, only groups with these keys are kept (the key {@code null},
   *     "no value", cannot be selected this way)
   * @param topRating with {@code limit}: rank groups by the count of this rating, or by
   *     their total when {@code null}
   * @param limit when above 0, keep only the {@code limit} groups ranked highest (most
   *     feedback of {@code topRating}; ties broken by key, ascending, "no value" first);
   *     0 keeps every group
   * @since 0.1.0
   */
  public record Breakdown(GroupKey key, Set<String> only, Rating topRating, int limit) {

    /**
     * Validates and copies the grouping.
     *
     * @throws NullPointerException naming {@code key}, {@code only} or an element of it
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public Breakdown {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(only, "only");
      for (Object k : only) {
        Objects.requireNonNull(k, "only[]");
      }
      only = Set.copyOf(only);
      if (limit < 0) {
        throw new IllegalArgumentException("limit must not be negative, was " + limit);
      }
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
      return new Breakdown(key, Set.copyOf(Objects.requireNonNull(keys, "keys")), topRating,
          limit);
    }

    /**
     * Only the {@code limit} groups with the most feedback of a rating.
     *
     * @param rating the rating to rank by, or {@code null} to rank by total
     * @param limit how many groups to keep, at least 1
     * @return a copy that keeps only the top groups
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public Breakdown top(Rating rating, int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, was " + limit);
      }
      return new Breakdown(key, only, rating, limit);
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
   * @param stopWords words never counted; compared as words are (lower-cased, with the
   *     typographic apostrophe U+2019 read as {@code '} and the hyphens U+2010 and U+2011
   *     as {@code -})
   * @param phrases whether two-word phrases are counted too
   * @param minCount only terms and phrases in at least this many comments are returned; at
   *     least 1
   * @since 0.1.0
   */
  public record TermSpec(Set<String> stopWords, boolean phrases, long minCount) {

    /**
     * Validates and copies the specification.
     *
     * @throws NullPointerException naming {@code stopWords} or an element of it
     * @throws IllegalArgumentException if {@code minCount} is below 1
     */
    public TermSpec {
      Objects.requireNonNull(stopWords, "stopWords");
      List<String> normalized = new ArrayList<>(stopWords.size());
      for (String word : stopWords) {
        normalized.add(Tokenizer.normalize(Objects.requireNonNull(word, "stopWords[]")));
      }
      stopWords = Set.copyOf(normalized);
      if (minCount < 1) {
        throw new IllegalArgumentException("minCount must be at least 1, was " + minCount);
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
    private GroupKey pairwise;
    private TermSpec terms;
    private String sentimentAttribute = DEFAULT_SENTIMENT_ATTRIBUTE;

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
    public Builder terms(TermSpec terms) {
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
     * Builds the request.
     *
     * @return the validated request
     */
    public AnalyticsRequest build() {
      return new AnalyticsRequest(query, breakdowns, pairwise, terms, sentimentAttribute);
    }
  }
}
