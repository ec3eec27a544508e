package io.github.agentfeedback.analytics;

import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.internal.Checks;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where negative feedback concentrates: the terms and phrases of negative comments, the
 * ones rising against the previous period, the messages and tags with the most negative
 * feedback, and the mean sentiment per day.
 *
 * <p>Terms are counted once per comment (see
 * {@link io.github.agentfeedback.spi.AnalyticsRequest.TermSpec} for how comments are split).
 * Lists are cut to {@link ProblemOptions#limit()} entries. Immutable and thread-safe.
 *
 * <p>In {@code terms} and {@code rising}, the fragments of one complaint take no slot of
 * their own, so that the top entries name different complaints: a word is left out when
 * more than half of the comments holding it hold a listed phrase that contains it ("login"
 * and "loop" when most of their comments say "login loop"), and of the phrases that such a
 * word joins ("checkout page" and "page timeout", through "page") only the most frequent is
 * listed. A word in few of a phrase's comments stays beside it. Only counts are compared,
 * in time linear in the number of terms. {@code phrases} lists every phrase as counted.
 *
 * @since 0.1.0
 */
public final class ProblemReport {

  private final long down;
  private final long downComments;
  private final List<TermCount> terms;
  private final List<TermCount> phrases;
  private final @Nullable ReportPeriod previousPeriod;
  private final List<RisingTerm> rising;
  private final List<Hotspot> messages;
  private final List<Hotspot> tags;
  private final List<SentimentPoint> sentimentByDay;

  private ProblemReport(
      long down,
      long downComments,
      List<TermCount> terms,
      List<TermCount> phrases,
      @Nullable ReportPeriod previousPeriod,
      List<RisingTerm> rising,
      List<Hotspot> messages,
      List<Hotspot> tags,
      List<SentimentPoint> sentimentByDay) {
    terms = Checks.nonNullElements("terms", terms);
    phrases = Checks.nonNullElements("phrases", phrases);
    rising = Checks.nonNullElements("rising", rising);
    messages = Checks.nonNullElements("messages", messages);
    tags = Checks.nonNullElements("tags", tags);
    sentimentByDay = Checks.nonNullElements("sentimentByDay", sentimentByDay);
    this.down = down;
    this.downComments = downComments;
    this.terms = terms;
    this.phrases = phrases;
    this.previousPeriod = previousPeriod;
    this.rising = rising;
    this.messages = messages;
    this.tags = tags;
    this.sentimentByDay = sentimentByDay;
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
   * A term (or phrase) whose count rose.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class RisingTerm {

    private final String term;
    private final long count;
    private final long previousCount;
    private final @Nullable Double ratio;

    private RisingTerm(
        @Nullable String term, long count, long previousCount, @Nullable Double ratio) {
      Objects.requireNonNull(term, "term");
      this.term = term;
      this.count = count;
      this.previousCount = previousCount;
      this.ratio = ratio;
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
     * The term.
     *
     * @return the term
     */
    public String term() {
      return term;
    }

    /**
     * Negative comments containing it now.
     *
     * @return the count
     */
    public long count() {
      return count;
    }

    /**
     * Negative comments containing it in the previous period.
     *
     * @return the previousCount
     */
    public long previousCount() {
      return previousCount;
    }

    /**
     * {@code count / previousCount}; {@code null} when it is new ({@code previousCount = 0}).
     *
     * @return the ratio
     */
    public @Nullable Double ratio() {
      return ratio;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof RisingTerm o
          && Objects.equals(term, o.term)
          && count == o.count
          && previousCount == o.previousCount
          && Objects.equals(ratio, o.ratio);
    }

    @Override
    public int hashCode() {
      return Objects.hash(term, count, previousCount, ratio);
    }

    @Override
    public String toString() {
      return "RisingTerm[term="
          + term
          + ", count="
          + count
          + ", previousCount="
          + previousCount
          + ", ratio="
          + ratio
          + "]";
    }

    /**
     * Builds a {@link RisingTerm}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String term;
      private long count;
      private long previousCount;
      private @Nullable Double ratio;

      private Builder() {}

      private Builder(RisingTerm from) {
        this.term = from.term;
        this.count = from.count;
        this.previousCount = from.previousCount;
        this.ratio = from.ratio;
      }

      /**
       * Sets the {@code term}: the term.
       *
       * @param term the value
       * @return this builder
       */
      public Builder term(String term) {
        this.term = term;
        return this;
      }

      /**
       * Sets the {@code count}: negative comments containing it now.
       *
       * @param count the value
       * @return this builder
       */
      public Builder count(long count) {
        this.count = count;
        return this;
      }

      /**
       * Sets the {@code previousCount}: negative comments containing it in the previous period.
       *
       * @param previousCount the value
       * @return this builder
       */
      public Builder previousCount(long previousCount) {
        this.previousCount = previousCount;
        return this;
      }

      /**
       * Sets the {@code ratio}: {@code count / previousCount}; {@code null} when it is new ({@code
       * previousCount = 0}).
       *
       * @param ratio the value
       * @return this builder
       */
      public Builder ratio(@Nullable Double ratio) {
        this.ratio = ratio;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the risingTerm
       * @throws NullPointerException naming {@code term}
       */
      public RisingTerm build() {
        return new RisingTerm(term, count, previousCount, ratio);
      }
    }
  }

  /**
   * A message, tag or session with negative feedback.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Hotspot {

    private final String key;
    private final long down;
    private final long total;

    private Hotspot(@Nullable String key, long down, long total) {
      Objects.requireNonNull(key, "key");
      this.key = key;
      this.down = down;
      this.total = total;
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
     * The message id, tag or session id.
     *
     * @return the key
     */
    public String key() {
      return key;
    }

    /**
     * Its feedback rated down.
     *
     * @return the down count
     */
    public long down() {
      return down;
    }

    /**
     * All its feedback.
     *
     * @return the total
     */
    public long total() {
      return total;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Hotspot o
          && Objects.equals(key, o.key)
          && down == o.down
          && total == o.total;
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, down, total);
    }

    @Override
    public String toString() {
      return "Hotspot[key=" + key + ", down=" + down + ", total=" + total + "]";
    }

    /**
     * Builds a {@link Hotspot}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String key;
      private long down;
      private long total;

      private Builder() {}

      private Builder(Hotspot from) {
        this.key = from.key;
        this.down = from.down;
        this.total = from.total;
      }

      /**
       * Sets the {@code key}: the message id, tag or session id.
       *
       * @param key the value
       * @return this builder
       */
      public Builder key(String key) {
        this.key = key;
        return this;
      }

      /**
       * Sets the {@code down}: its feedback rated down.
       *
       * @param down the value
       * @return this builder
       */
      public Builder down(long down) {
        this.down = down;
        return this;
      }

      /**
       * Sets the {@code total}: all its feedback.
       *
       * @param total the value
       * @return this builder
       */
      public Builder total(long total) {
        this.total = total;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the hotspot
       * @throws NullPointerException naming {@code key}
       */
      public Hotspot build() {
        return new Hotspot(key, down, total);
      }
    }
  }

  /**
   * The mean sentiment of one day.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class SentimentPoint {

    private final String day;
    private final long count;
    private final double mean;

    private SentimentPoint(@Nullable String day, long count, double mean) {
      Objects.requireNonNull(day, "day");
      this.day = day;
      this.count = count;
      this.mean = mean;
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
     * The day ({@code "2026-03-29"}) in the analysis's zone.
     *
     * @return the day
     */
    public String day() {
      return day;
    }

    /**
     * Feedbacks with a sentiment value that day.
     *
     * @return the count
     */
    public long count() {
      return count;
    }

    /**
     * Their mean sentiment, from −1 to 1.
     *
     * @return the mean
     */
    public double mean() {
      return mean;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof SentimentPoint o
          && Objects.equals(day, o.day)
          && count == o.count
          && Double.compare(mean, o.mean) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(day, count, mean);
    }

    @Override
    public String toString() {
      return "SentimentPoint[day=" + day + ", count=" + count + ", mean=" + mean + "]";
    }

    /**
     * Builds a {@link SentimentPoint}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String day;
      private long count;
      private double mean;

      private Builder() {}

      private Builder(SentimentPoint from) {
        this.day = from.day;
        this.count = from.count;
        this.mean = from.mean;
      }

      /**
       * Sets the {@code day}: the day ({@code "2026-03-29"}) in the analysis's zone.
       *
       * @param day the value
       * @return this builder
       */
      public Builder day(String day) {
        this.day = day;
        return this;
      }

      /**
       * Sets the {@code count}: feedbacks with a sentiment value that day.
       *
       * @param count the value
       * @return this builder
       */
      public Builder count(long count) {
        this.count = count;
        return this;
      }

      /**
       * Sets the {@code mean}: their mean sentiment, from −1 to 1.
       *
       * @param mean the value
       * @return this builder
       */
      public Builder mean(double mean) {
        this.mean = mean;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the sentimentPoint
       * @throws NullPointerException naming {@code day}
       */
      public SentimentPoint build() {
        return new SentimentPoint(day, count, mean);
      }
    }
  }

  /**
   * Feedback rated down.
   *
   * @return the down
   */
  public long down() {
    return down;
  }

  /**
   * Feedback rated down with a non-empty comment.
   *
   * @return the downComments
   */
  public long downComments() {
    return downComments;
  }

  /**
   * Words and phrases in at least {@link ProblemOptions#minCount()} negative comments, fragments
   * folded as above, most frequent first, ties by term.
   *
   * @return the terms
   */
  public List<TermCount> terms() {
    return terms;
  }

  /**
   * Two-word phrases in at least {@link ProblemOptions#minCount()} negative comments, none folded,
   * most frequent first, ties by term.
   *
   * @return the phrases
   */
  public List<TermCount> phrases() {
    return phrases;
  }

  /**
   * The period rising terms were compared with, or {@code null} when the query had no {@code since}
   * and {@code until} to derive it from (then {@code rising} is empty).
   *
   * @return the previousPeriod
   */
  public @Nullable ReportPeriod previousPeriod() {
    return previousPeriod;
  }

  /**
   * Terms and phrases rising against the previous period: in at least {@link
   * ProblemOptions#risingMinCount()} negative comments now, and at least {@link
   * ProblemOptions#risingRatio()} times as many as before (always, when they did not occur before),
   * fragments of the rising phrases folded as above; new ones first, then by ratio, count and term.
   *
   * @return the rising
   */
  public List<RisingTerm> rising() {
    return rising;
  }

  /**
   * Messages with at least {@link ProblemOptions#hotspotThreshold()} negative feedbacks, most
   * first, ties by key.
   *
   * @return the messages
   */
  public List<Hotspot> messages() {
    return messages;
  }

  /**
   * Tags likewise.
   *
   * @return the tags
   */
  public List<Hotspot> tags() {
    return tags;
  }

  /**
   * The mean sentiment per day, for the days with sentiment values, in day order.
   *
   * @return the sentimentByDay
   */
  public List<SentimentPoint> sentimentByDay() {
    return sentimentByDay;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProblemReport o
        && down == o.down
        && downComments == o.downComments
        && Objects.equals(terms, o.terms)
        && Objects.equals(phrases, o.phrases)
        && Objects.equals(previousPeriod, o.previousPeriod)
        && Objects.equals(rising, o.rising)
        && Objects.equals(messages, o.messages)
        && Objects.equals(tags, o.tags)
        && Objects.equals(sentimentByDay, o.sentimentByDay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        down, downComments, terms, phrases, previousPeriod, rising, messages, tags, sentimentByDay);
  }

  @Override
  public String toString() {
    return "ProblemReport[down="
        + down
        + ", downComments="
        + downComments
        + ", terms="
        + terms
        + ", phrases="
        + phrases
        + ", previousPeriod="
        + previousPeriod
        + ", rising="
        + rising
        + ", messages="
        + messages
        + ", tags="
        + tags
        + ", sentimentByDay="
        + sentimentByDay
        + "]";
  }

  /**
   * Builds a {@link ProblemReport}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private long down;
    private long downComments;
    private List<TermCount> terms = List.of();
    private List<TermCount> phrases = List.of();
    private @Nullable ReportPeriod previousPeriod;
    private List<RisingTerm> rising = List.of();
    private List<Hotspot> messages = List.of();
    private List<Hotspot> tags = List.of();
    private List<SentimentPoint> sentimentByDay = List.of();

    private Builder() {}

    private Builder(ProblemReport from) {
      this.down = from.down;
      this.downComments = from.downComments;
      this.terms = from.terms;
      this.phrases = from.phrases;
      this.previousPeriod = from.previousPeriod;
      this.rising = from.rising;
      this.messages = from.messages;
      this.tags = from.tags;
      this.sentimentByDay = from.sentimentByDay;
    }

    /**
     * Sets the {@code down}: feedback rated down.
     *
     * @param down the value
     * @return this builder
     */
    public Builder down(long down) {
      this.down = down;
      return this;
    }

    /**
     * Sets the {@code downComments}: feedback rated down with a non-empty comment.
     *
     * @param downComments the value
     * @return this builder
     */
    public Builder downComments(long downComments) {
      this.downComments = downComments;
      return this;
    }

    /**
     * Sets the {@code terms}: words and phrases in at least {@link ProblemOptions#minCount()}
     * negative comments, fragments folded as above, most frequent first, ties by term.
     *
     * @param terms the value
     * @return this builder
     */
    public Builder terms(List<TermCount> terms) {
      this.terms = terms;
      return this;
    }

    /**
     * Sets the {@code phrases}: two-word phrases in at least {@link ProblemOptions#minCount()}
     * negative comments, none folded, most frequent first, ties by term.
     *
     * @param phrases the value
     * @return this builder
     */
    public Builder phrases(List<TermCount> phrases) {
      this.phrases = phrases;
      return this;
    }

    /**
     * Sets the {@code previousPeriod}: the period rising terms were compared with, or {@code null}
     * when the query had no {@code since} and {@code until} to derive it from (then {@code rising}
     * is empty).
     *
     * @param previousPeriod the value
     * @return this builder
     */
    public Builder previousPeriod(@Nullable ReportPeriod previousPeriod) {
      this.previousPeriod = previousPeriod;
      return this;
    }

    /**
     * Sets the {@code rising}: terms and phrases rising against the previous period: in at least
     * {@link ProblemOptions#risingMinCount()} negative comments now, and at least {@link
     * ProblemOptions#risingRatio()} times as many as before (always, when they did not occur
     * before), fragments of the rising phrases folded as above; new ones first, then by ratio,
     * count and term.
     *
     * @param rising the value
     * @return this builder
     */
    public Builder rising(List<RisingTerm> rising) {
      this.rising = rising;
      return this;
    }

    /**
     * Sets the {@code messages}: messages with at least {@link ProblemOptions#hotspotThreshold()}
     * negative feedbacks, most first, ties by key.
     *
     * @param messages the value
     * @return this builder
     */
    public Builder messages(List<Hotspot> messages) {
      this.messages = messages;
      return this;
    }

    /**
     * Sets the {@code tags}: tags likewise.
     *
     * @param tags the value
     * @return this builder
     */
    public Builder tags(List<Hotspot> tags) {
      this.tags = tags;
      return this;
    }

    /**
     * Sets the {@code sentimentByDay}: the mean sentiment per day, for the days with sentiment
     * values, in day order.
     *
     * @param sentimentByDay the value
     * @return this builder
     */
    public Builder sentimentByDay(List<SentimentPoint> sentimentByDay) {
      this.sentimentByDay = sentimentByDay;
      return this;
    }

    /**
     * Builds the value, checking and copying the fields.
     *
     * @return the problemReport
     * @throws NullPointerException naming a missing list or element
     */
    public ProblemReport build() {
      return new ProblemReport(
          down,
          downComments,
          terms,
          phrases,
          previousPeriod,
          rising,
          messages,
          tags,
          sentimentByDay);
    }
  }
}
