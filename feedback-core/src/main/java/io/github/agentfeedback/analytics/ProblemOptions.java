package io.github.agentfeedback.analytics;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link FeedbackAnalytics#problems} looks for problems: stop words, which terms are
 * listed, what counts as rising, and when negative feedback on one message or tag is a
 * hotspot. Build with {@link #builder()}; {@link #defaults()} uses the English stop words,
 * counts phrases, lists 10 terms that occur in at least 2 negative comments, calls a term
 * rising at 3 comments and twice its previous count, and a hotspot at 3 negative
 * feedbacks.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ProblemOptions {

  private static final ProblemOptions DEFAULTS = builder().build();

  private final Set<String> stopWords;
  private final boolean phrases;
  private final int minCount;
  private final int limit;
  private final double risingRatio;
  private final int risingMinCount;
  private final int hotspotThreshold;

  private ProblemOptions(Builder b) {
    stopWords = Set.copyOf(b.stopWords);
    phrases = b.phrases;
    minCount = b.minCount;
    limit = b.limit;
    risingRatio = b.risingRatio;
    risingMinCount = b.risingMinCount;
    hotspotThreshold = b.hotspotThreshold;
  }

  /**
   * The default options.
   *
   * @return the defaults
   */
  public static ProblemOptions defaults() {
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
   * Words never counted.
   *
   * @return an immutable set
   */
  public Set<String> stopWords() {
    return stopWords;
  }

  /**
   * Whether two-word phrases are counted besides single words. Counted phrases are listed
   * among the terms, and the words that are mostly said within one of them are folded into
   * it (see {@link ProblemReport}).
   *
   * @return true to count phrases
   */
  public boolean phrases() {
    return phrases;
  }

  /**
   * How many negative comments a term or phrase needs to be listed.
   *
   * @return at least 1
   */
  public int minCount() {
    return minCount;
  }

  /**
   * How many terms, phrases, rising terms and hotspots are listed at most, each.
   *
   * @return at least 1
   */
  public int limit() {
    return limit;
  }

  /**
   * How many times its previous count a term needs to be rising.
   *
   * @return at least 1
   */
  public double risingRatio() {
    return risingRatio;
  }

  /**
   * How many negative comments a rising term needs in the current period.
   *
   * @return at least 1
   */
  public int risingMinCount() {
    return risingMinCount;
  }

  /**
   * How many negative feedbacks one message or tag needs to be listed as a hotspot.
   *
   * @return at least 1
   */
  public int hotspotThreshold() {
    return hotspotThreshold;
  }

  @Override
  public String toString() {
    return "ProblemOptions[stopWords=<"
        + stopWords.size()
        + " words>, phrases="
        + phrases
        + ", minCount="
        + minCount
        + ", limit="
        + limit
        + ", risingRatio="
        + risingRatio
        + ", risingMinCount="
        + risingMinCount
        + ", hotspotThreshold="
        + hotspotThreshold
        + "]";
  }

  /**
   * Builds {@link ProblemOptions}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Set<String> stopWords = new HashSet<>(StopWords.english());
    private boolean phrases = true;
    private int minCount = 2;
    private int limit = 10;
    private double risingRatio = 2.0;
    private int risingMinCount = 3;
    private int hotspotThreshold = 3;

    private Builder() {}

    /**
     * Replaces the stop words. Default {@link StopWords#english()}.
     *
     * @param stopWords the words never counted (compared lower-cased)
     * @return this builder
     * @throws NullPointerException naming {@code stopWords} or an element of it
     */
    public Builder stopWords(Set<String> stopWords) {
      Objects.requireNonNull(stopWords, "stopWords");
      Set<String> copy = new HashSet<>();
      for (String word : stopWords) {
        copy.add(Objects.requireNonNull(word, "stopWords[]"));
      }
      this.stopWords = copy;
      return this;
    }

    /**
     * Adds stop words to those set so far, for example product names or greetings.
     *
     * @param words more words never counted
     * @return this builder
     * @throws NullPointerException naming {@code words} or an element of it
     */
    public Builder addStopWords(String... words) {
      for (String word : Objects.requireNonNull(words, "words")) {
        stopWords.add(Objects.requireNonNull(word, "words[]"));
      }
      return this;
    }

    /**
     * Whether two-word phrases are counted. Default true.
     *
     * @param phrases true to count phrases
     * @return this builder
     */
    public Builder phrases(boolean phrases) {
      this.phrases = phrases;
      return this;
    }

    /**
     * How many negative comments a listed term needs. Default 2.
     *
     * @param minCount at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder minCount(int minCount) {
      this.minCount = atLeastOne("minCount", minCount);
      return this;
    }

    /**
     * How many entries each list holds at most. Default 10.
     *
     * @param limit at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder limit(int limit) {
      this.limit = atLeastOne("limit", limit);
      return this;
    }

    /**
     * How many times its previous count a rising term needs. Default 2.
     *
     * @param risingRatio at least 1, finite
     * @return this builder
     * @throws IllegalArgumentException if below 1 or not finite
     */
    public Builder risingRatio(double risingRatio) {
      if (!(risingRatio >= 1) || Double.isInfinite(risingRatio)) {
        throw new IllegalArgumentException(
            "risingRatio must be a finite number of at least 1, was " + risingRatio);
      }
      this.risingRatio = risingRatio;
      return this;
    }

    /**
     * How many negative comments a rising term needs now. Default 3.
     *
     * @param risingMinCount at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder risingMinCount(int risingMinCount) {
      this.risingMinCount = atLeastOne("risingMinCount", risingMinCount);
      return this;
    }

    /**
     * How many negative feedbacks make a message or tag a hotspot. Default 3.
     *
     * @param hotspotThreshold at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder hotspotThreshold(int hotspotThreshold) {
      this.hotspotThreshold = atLeastOne("hotspotThreshold", hotspotThreshold);
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public ProblemOptions build() {
      return new ProblemOptions(this);
    }

    private static int atLeastOne(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
      return value;
    }
  }
}
