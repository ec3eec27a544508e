package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.analytics.internal.Figures;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.spi.Tally;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Every figure of a set of feedback, in small parts: ratings and the satisfaction figures
 * derived from them, comments, quality dimensions, scores per scale, and sentiment.
 *
 * <p>All figures are derived from whole-number sums ({@link io.github.agentfeedback.spi.Tally})
 * with one division at the end, so they do not depend on the order feedback was read in and
 * every store reports the same values. Percentages run from 0 to 100. A figure whose
 * denominator is zero is {@code null} ("no data"), never 0.
 *
 * <p>This is the library's one definition of every figure: {@link FeedbackAnalytics},
 * {@link io.github.agentfeedback.capture.AgentSession#summary()} and the live counters of
 * the hooks module's {@code AnalyticsHook} all derive their figures with {@link #of(Tally)}
 * from the same sums, so equal feedback gives equal figures wherever they are read.
 *
 * <p>Created by {@link FeedbackAnalytics} or {@link #of(Tally)}; later versions may add
 * parts, so read them with their accessors. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FeedbackSummary {

  private final Ratings ratings;
  private final Comments comments;
  private final Dimensions dimensions;
  private final List<ScaleScores> scales;
  private final Sentiment sentiment;

  private FeedbackSummary(
      @Nullable Ratings ratings,
      @Nullable Comments comments,
      @Nullable Dimensions dimensions,
      List<ScaleScores> scales,
      @Nullable Sentiment sentiment) {
    Objects.requireNonNull(ratings, "ratings");
    Objects.requireNonNull(comments, "comments");
    Objects.requireNonNull(dimensions, "dimensions");
    scales = Checks.nonNullElements("scales", scales);
    Objects.requireNonNull(sentiment, "sentiment");
    this.ratings = ratings;
    this.comments = comments;
    this.dimensions = dimensions;
    this.scales = scales;
    this.sentiment = sentiment;
  }

  /**
   * Every figure of a set of feedback, derived from its sums with the built-in scale
   * declarations ({@link ScaleFigures#defaults()}).
   *
   * @param sums the sums of the feedback, such as {@code store.analyze(request).total()}
   * @return the figures
   * @throws NullPointerException naming {@code sums}
   */
  public static FeedbackSummary of(Tally sums) {
    return of(sums, ScaleFigures.defaults());
  }

  /**
   * Every figure of a set of feedback, derived from its sums, scales read as declared.
   *
   * @param sums the sums of the feedback
   * @param scaleFigures which scales get NPS, CSAT and CES figures
   * @return the figures
   * @throws NullPointerException naming {@code sums} or {@code scaleFigures}
   */
  public static FeedbackSummary of(Tally sums, ScaleFigures scaleFigures) {
    return Figures.summary(
        Objects.requireNonNull(sums, "sums"), Objects.requireNonNull(scaleFigures, "scaleFigures"));
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
   * The summary of one scale, if it occurred.
   *
   * @param scale the scale's stored name, such as {@code "nps"}
   * @return the scale's summary, or {@code null}
   */
  public @Nullable ScaleScores scale(String scale) {
    for (ScaleScores s : scales) {
      if (s.scale().equals(scale)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Counts by rating and the three figures derived from them. Two satisfaction figures
   * exist because both are in use: {@code satisfaction} leaves neutral feedback out,
   * {@code positiveRate} counts it as not positive. Feedback without a rating (a score
   * alone, such as an NPS survey answer) is counted in {@code total} and {@code unrated}
   * and in no figure: it is not neutral.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Ratings {

    private final long total;
    private final long up;
    private final long down;
    private final long neutral;
    private final long unrated;
    private final @Nullable Double satisfaction;
    private final @Nullable Double positiveRate;
    private final @Nullable Double responseQuality;

    private Ratings(
        long total,
        long up,
        long down,
        long neutral,
        long unrated,
        @Nullable Double satisfaction,
        @Nullable Double positiveRate,
        @Nullable Double responseQuality) {
      this.total = total;
      this.up = up;
      this.down = down;
      this.neutral = neutral;
      this.unrated = unrated;
      this.satisfaction = satisfaction;
      this.positiveRate = positiveRate;
      this.responseQuality = responseQuality;
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
     * Feedback with a rating: the sample of the positive rate and the response quality.
     *
     * @return {@code up + down + neutral}
     */
    public long rated() {
      return up + down + neutral;
    }

    /**
     * All feedback: {@code up + down + neutral + unrated}.
     *
     * @return the total
     */
    public long total() {
      return total;
    }

    /**
     * Feedback rated up.
     *
     * @return the up
     */
    public long up() {
      return up;
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
     * Feedback rated neutral.
     *
     * @return the neutral
     */
    public long neutral() {
      return neutral;
    }

    /**
     * Feedback without a rating (with a score alone).
     *
     * @return the unrated
     */
    public long unrated() {
      return unrated;
    }

    /**
     * {@code 100 · up / (up + down)}; {@code null} when {@code up + down = 0}.
     *
     * @return the satisfaction
     */
    public @Nullable Double satisfaction() {
      return satisfaction;
    }

    /**
     * {@code 100 · up / rated}, where {@code rated = up + down + neutral}; {@code null} when {@code
     * rated = 0}.
     *
     * @return the positiveRate
     */
    public @Nullable Double positiveRate() {
      return positiveRate;
    }

    /**
     * The mean of 100 per up, 50 per neutral and 0 per down: {@code (100 · up + 50 · neutral) /
     * rated}; {@code null} when {@code rated = 0}.
     *
     * @return the responseQuality
     */
    public @Nullable Double responseQuality() {
      return responseQuality;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Ratings o
          && total == o.total
          && up == o.up
          && down == o.down
          && neutral == o.neutral
          && unrated == o.unrated
          && Objects.equals(satisfaction, o.satisfaction)
          && Objects.equals(positiveRate, o.positiveRate)
          && Objects.equals(responseQuality, o.responseQuality);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          total, up, down, neutral, unrated, satisfaction, positiveRate, responseQuality);
    }

    @Override
    public String toString() {
      return "Ratings[total="
          + total
          + ", up="
          + up
          + ", down="
          + down
          + ", neutral="
          + neutral
          + ", unrated="
          + unrated
          + ", satisfaction="
          + satisfaction
          + ", positiveRate="
          + positiveRate
          + ", responseQuality="
          + responseQuality
          + "]";
    }

    /**
     * Builds a {@link Ratings}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private long total;
      private long up;
      private long down;
      private long neutral;
      private long unrated;
      private @Nullable Double satisfaction;
      private @Nullable Double positiveRate;
      private @Nullable Double responseQuality;

      private Builder() {}

      private Builder(Ratings from) {
        this.total = from.total;
        this.up = from.up;
        this.down = from.down;
        this.neutral = from.neutral;
        this.unrated = from.unrated;
        this.satisfaction = from.satisfaction;
        this.positiveRate = from.positiveRate;
        this.responseQuality = from.responseQuality;
      }

      /**
       * Sets the {@code total}: all feedback: {@code up + down + neutral + unrated}.
       *
       * @param total the value
       * @return this builder
       */
      public Builder total(long total) {
        this.total = total;
        return this;
      }

      /**
       * Sets the {@code up}: feedback rated up.
       *
       * @param up the value
       * @return this builder
       */
      public Builder up(long up) {
        this.up = up;
        return this;
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
       * Sets the {@code neutral}: feedback rated neutral.
       *
       * @param neutral the value
       * @return this builder
       */
      public Builder neutral(long neutral) {
        this.neutral = neutral;
        return this;
      }

      /**
       * Sets the {@code unrated}: feedback without a rating (with a score alone).
       *
       * @param unrated the value
       * @return this builder
       */
      public Builder unrated(long unrated) {
        this.unrated = unrated;
        return this;
      }

      /**
       * Sets the {@code satisfaction}: {@code 100 · up / (up + down)}; {@code null} when {@code up
       * + down = 0}.
       *
       * @param satisfaction the value
       * @return this builder
       */
      public Builder satisfaction(@Nullable Double satisfaction) {
        this.satisfaction = satisfaction;
        return this;
      }

      /**
       * Sets the {@code positiveRate}: {@code 100 · up / rated}, where {@code rated = up + down +
       * neutral}; {@code null} when {@code rated = 0}.
       *
       * @param positiveRate the value
       * @return this builder
       */
      public Builder positiveRate(@Nullable Double positiveRate) {
        this.positiveRate = positiveRate;
        return this;
      }

      /**
       * Sets the {@code responseQuality}: the mean of 100 per up, 50 per neutral and 0 per down:
       * {@code (100 · up + 50 · neutral) / rated}; {@code null} when {@code rated = 0}.
       *
       * @param responseQuality the value
       * @return this builder
       */
      public Builder responseQuality(@Nullable Double responseQuality) {
        this.responseQuality = responseQuality;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the ratings
       */
      public Ratings build() {
        return new Ratings(
            total, up, down, neutral, unrated, satisfaction, positiveRate, responseQuality);
      }
    }
  }

  /**
   * Comments.
   *
   * <p>The average comment length has one definition everywhere in the library (here, in
   * reports and in the hooks module's live counters): per feedback, not per commented
   * feedback. It is the summed length of all comments in Unicode code points divided by the
   * number of feedbacks, so feedback without a comment counts as length 0.
   * {@code commented} tells how many had one.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Comments {

    private final long commented;
    private final @Nullable Double commentRate;
    private final @Nullable Double averageLength;

    private Comments(long commented, @Nullable Double commentRate, @Nullable Double averageLength) {
      this.commented = commented;
      this.commentRate = commentRate;
      this.averageLength = averageLength;
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
     * Feedback with a non-empty comment.
     *
     * @return the commented
     */
    public long commented() {
      return commented;
    }

    /**
     * {@code 100 · commented / total}; {@code null} when there is no feedback.
     *
     * @return the commentRate
     */
    public @Nullable Double commentRate() {
      return commentRate;
    }

    /**
     * Summed comment length in code points / total feedback; {@code null} when there is no
     * feedback.
     *
     * @return the averageLength
     */
    public @Nullable Double averageLength() {
      return averageLength;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Comments o
          && commented == o.commented
          && Objects.equals(commentRate, o.commentRate)
          && Objects.equals(averageLength, o.averageLength);
    }

    @Override
    public int hashCode() {
      return Objects.hash(commented, commentRate, averageLength);
    }

    @Override
    public String toString() {
      return "Comments[commented="
          + commented
          + ", commentRate="
          + commentRate
          + ", averageLength="
          + averageLength
          + "]";
    }

    /**
     * Builds a {@link Comments}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private long commented;
      private @Nullable Double commentRate;
      private @Nullable Double averageLength;

      private Builder() {}

      private Builder(Comments from) {
        this.commented = from.commented;
        this.commentRate = from.commentRate;
        this.averageLength = from.averageLength;
      }

      /**
       * Sets the {@code commented}: feedback with a non-empty comment.
       *
       * @param commented the value
       * @return this builder
       */
      public Builder commented(long commented) {
        this.commented = commented;
        return this;
      }

      /**
       * Sets the {@code commentRate}: {@code 100 · commented / total}; {@code null} when there is
       * no feedback.
       *
       * @param commentRate the value
       * @return this builder
       */
      public Builder commentRate(@Nullable Double commentRate) {
        this.commentRate = commentRate;
        return this;
      }

      /**
       * Sets the {@code averageLength}: summed comment length in code points / total feedback;
       * {@code null} when there is no feedback.
       *
       * @param averageLength the value
       * @return this builder
       */
      public Builder averageLength(@Nullable Double averageLength) {
        this.averageLength = averageLength;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the comments
       */
      public Comments build() {
        return new Comments(commented, commentRate, averageLength);
      }
    }
  }

  /**
   * Quality dimension ratings (each 1 to 5).
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Dimensions {

    private final long ratings;
    private final @Nullable Double dimensionMean;
    private final Map<Dimension, Double> means;

    private Dimensions(long ratings, @Nullable Double dimensionMean, Map<Dimension, Double> means) {
      means =
          means == null || means.isEmpty()
              ? Map.of()
              : Collections.unmodifiableMap(new EnumMap<>(means));
      this.ratings = ratings;
      this.dimensionMean = dimensionMean;
      this.means = means;
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
     * How many dimension ratings there were in all.
     *
     * @return the ratings
     */
    public long ratings() {
      return ratings;
    }

    /**
     * The mean of all dimension ratings together (the sum of every rating / their number); {@code
     * null} when there are none.
     *
     * @return the dimensionMean
     */
    public @Nullable Double dimensionMean() {
      return dimensionMean;
    }

    /**
     * The mean rating of each dimension that was rated, in dimension order.
     *
     * @return the means
     */
    public Map<Dimension, Double> means() {
      return means;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Dimensions o
          && ratings == o.ratings
          && Objects.equals(dimensionMean, o.dimensionMean)
          && Objects.equals(means, o.means);
    }

    @Override
    public int hashCode() {
      return Objects.hash(ratings, dimensionMean, means);
    }

    @Override
    public String toString() {
      return "Dimensions[ratings="
          + ratings
          + ", dimensionMean="
          + dimensionMean
          + ", means="
          + means
          + "]";
    }

    /**
     * Builds a {@link Dimensions}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private long ratings;
      private @Nullable Double dimensionMean;
      private Map<Dimension, Double> means = Map.of();

      private Builder() {}

      private Builder(Dimensions from) {
        this.ratings = from.ratings;
        this.dimensionMean = from.dimensionMean;
        this.means = from.means;
      }

      /**
       * Sets the {@code ratings}: how many dimension ratings there were in all.
       *
       * @param ratings the value
       * @return this builder
       */
      public Builder ratings(long ratings) {
        this.ratings = ratings;
        return this;
      }

      /**
       * Sets the {@code dimensionMean}: the mean of all dimension ratings together (the sum of
       * every rating / their number); {@code null} when there are none.
       *
       * @param dimensionMean the value
       * @return this builder
       */
      public Builder dimensionMean(@Nullable Double dimensionMean) {
        this.dimensionMean = dimensionMean;
        return this;
      }

      /**
       * Sets the {@code means}: the mean rating of each dimension that was rated, in dimension
       * order.
       *
       * @param means the value
       * @return this builder
       */
      public Builder means(Map<Dimension, Double> means) {
        this.means = means;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the dimensions
       */
      public Dimensions build() {
        return new Dimensions(ratings, dimensionMean, means);
      }
    }
  }

  /**
   * The scores on one scale, feedback with a rating or without. Which scales get NPS, CSAT
   * or CES figures is declared with {@link ScaleFigures}. The mean and standard deviation
   * are computed from the distribution in ascending value order (mean = Σ value·count / n;
   * sample standard deviation = √(Σ count·(value − mean)² / (n − 1))).
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class ScaleScores {

    private final String scale;
    private final long count;
    private final double mean;
    private final @Nullable Double standardDeviation;
    private final SortedMap<Double, Long> distribution;
    private final @Nullable Nps nps;
    private final @Nullable Double csat;
    private final @Nullable Double ces;

    private ScaleScores(
        @Nullable String scale,
        long count,
        double mean,
        @Nullable Double standardDeviation,
        SortedMap<Double, Long> distribution,
        @Nullable Nps nps,
        @Nullable Double csat,
        @Nullable Double ces) {
      Objects.requireNonNull(scale, "scale");
      distribution =
          Collections.unmodifiableSortedMap(
              new TreeMap<>(Objects.requireNonNull(distribution, "distribution")));
      this.scale = scale;
      this.count = count;
      this.mean = mean;
      this.standardDeviation = standardDeviation;
      this.distribution = distribution;
      this.nps = nps;
      this.csat = csat;
      this.ces = ces;
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
     * The scale's stored name.
     *
     * @return the scale
     */
    public String scale() {
      return scale;
    }

    /**
     * How many scores.
     *
     * @return the count
     */
    public long count() {
      return count;
    }

    /**
     * The mean score.
     *
     * @return the mean
     */
    public double mean() {
      return mean;
    }

    /**
     * The sample standard deviation; {@code null} below two scores.
     *
     * @return the standardDeviation
     */
    public @Nullable Double standardDeviation() {
      return standardDeviation;
    }

    /**
     * The count of each score value, in ascending value order.
     *
     * @return the distribution
     */
    public SortedMap<Double, Long> distribution() {
      return distribution;
    }

    /**
     * Net Promoter figures; only for the {@code "nps"} scale, otherwise {@code null}.
     *
     * @return the nps
     */
    public @Nullable Nps nps() {
      return nps;
    }

    /**
     * For the {@code "csat"} scale (1–5), the percentage of scores of 4 or more: {@code 100 ·
     * count(score ≥ 4) / count}; otherwise {@code null}.
     *
     * @return the csat
     */
    public @Nullable Double csat() {
      return csat;
    }

    /**
     * For the {@code "ces"} scale (1–7), the customer effort score, which is the mean score;
     * otherwise {@code null}.
     *
     * @return the ces
     */
    public @Nullable Double ces() {
      return ces;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ScaleScores o
          && Objects.equals(scale, o.scale)
          && count == o.count
          && Double.compare(mean, o.mean) == 0
          && Objects.equals(standardDeviation, o.standardDeviation)
          && Objects.equals(distribution, o.distribution)
          && Objects.equals(nps, o.nps)
          && Objects.equals(csat, o.csat)
          && Objects.equals(ces, o.ces);
    }

    @Override
    public int hashCode() {
      return Objects.hash(scale, count, mean, standardDeviation, distribution, nps, csat, ces);
    }

    @Override
    public String toString() {
      return "ScaleScores[scale="
          + scale
          + ", count="
          + count
          + ", mean="
          + mean
          + ", standardDeviation="
          + standardDeviation
          + ", distribution="
          + distribution
          + ", nps="
          + nps
          + ", csat="
          + csat
          + ", ces="
          + ces
          + "]";
    }

    /**
     * Builds a {@link ScaleScores}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String scale;
      private long count;
      private double mean;
      private @Nullable Double standardDeviation;
      private SortedMap<Double, Long> distribution = java.util.Collections.emptySortedMap();
      private @Nullable Nps nps;
      private @Nullable Double csat;
      private @Nullable Double ces;

      private Builder() {}

      private Builder(ScaleScores from) {
        this.scale = from.scale;
        this.count = from.count;
        this.mean = from.mean;
        this.standardDeviation = from.standardDeviation;
        this.distribution = from.distribution;
        this.nps = from.nps;
        this.csat = from.csat;
        this.ces = from.ces;
      }

      /**
       * Sets the {@code scale}: the scale's stored name.
       *
       * @param scale the value
       * @return this builder
       */
      public Builder scale(String scale) {
        this.scale = scale;
        return this;
      }

      /**
       * Sets the {@code count}: how many scores.
       *
       * @param count the value
       * @return this builder
       */
      public Builder count(long count) {
        this.count = count;
        return this;
      }

      /**
       * Sets the {@code mean}: the mean score.
       *
       * @param mean the value
       * @return this builder
       */
      public Builder mean(double mean) {
        this.mean = mean;
        return this;
      }

      /**
       * Sets the {@code standardDeviation}: the sample standard deviation; {@code null} below two
       * scores.
       *
       * @param standardDeviation the value
       * @return this builder
       */
      public Builder standardDeviation(@Nullable Double standardDeviation) {
        this.standardDeviation = standardDeviation;
        return this;
      }

      /**
       * Sets the {@code distribution}: the count of each score value, in ascending value order.
       *
       * @param distribution the value
       * @return this builder
       */
      public Builder distribution(SortedMap<Double, Long> distribution) {
        this.distribution = distribution;
        return this;
      }

      /**
       * Sets the {@code nps}: Net Promoter figures; only for the {@code "nps"} scale, otherwise
       * {@code null}.
       *
       * @param nps the value
       * @return this builder
       */
      public Builder nps(@Nullable Nps nps) {
        this.nps = nps;
        return this;
      }

      /**
       * Sets the {@code csat}: for the {@code "csat"} scale (1–5), the percentage of scores of 4 or
       * more: {@code 100 · count(score ≥ 4) / count}; otherwise {@code null}.
       *
       * @param csat the value
       * @return this builder
       */
      public Builder csat(@Nullable Double csat) {
        this.csat = csat;
        return this;
      }

      /**
       * Sets the {@code ces}: for the {@code "ces"} scale (1–7), the customer effort score, which
       * is the mean score; otherwise {@code null}.
       *
       * @param ces the value
       * @return this builder
       */
      public Builder ces(@Nullable Double ces) {
        this.ces = ces;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the scaleScores
       * @throws NullPointerException naming {@code scale} or {@code distribution}
       */
      public ScaleScores build() {
        return new ScaleScores(scale, count, mean, standardDeviation, distribution, nps, csat, ces);
      }
    }
  }

  /**
   * Net Promoter figures on the 0–10 scale: promoters score 9 or 10, detractors 6 or
   * less, passives the rest. For example scores 10, 9, 8 and 6 give 50% promoters, 25%
   * passives, 25% detractors and an NPS of 25.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Nps {

    private final double score;
    private final double promoters;
    private final double passives;
    private final double detractors;

    private Nps(double score, double promoters, double passives, double detractors) {
      this.score = score;
      this.promoters = promoters;
      this.passives = passives;
      this.detractors = detractors;
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
     * {@code promoters − detractors}, in percentage points (−100 to 100): {@code 100 · (count(≥ 9)
     * − count(≤ 6)) / count}.
     *
     * @return the score
     */
    public double score() {
      return score;
    }

    /**
     * The percentage of promoters.
     *
     * @return the promoters
     */
    public double promoters() {
      return promoters;
    }

    /**
     * The percentage of passives.
     *
     * @return the passives
     */
    public double passives() {
      return passives;
    }

    /**
     * The percentage of detractors.
     *
     * @return the detractors
     */
    public double detractors() {
      return detractors;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Nps o
          && Double.compare(score, o.score) == 0
          && Double.compare(promoters, o.promoters) == 0
          && Double.compare(passives, o.passives) == 0
          && Double.compare(detractors, o.detractors) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(score, promoters, passives, detractors);
    }

    @Override
    public String toString() {
      return "Nps[score="
          + score
          + ", promoters="
          + promoters
          + ", passives="
          + passives
          + ", detractors="
          + detractors
          + "]";
    }

    /**
     * Builds a {@link Nps}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private double score;
      private double promoters;
      private double passives;
      private double detractors;

      private Builder() {}

      private Builder(Nps from) {
        this.score = from.score;
        this.promoters = from.promoters;
        this.passives = from.passives;
        this.detractors = from.detractors;
      }

      /**
       * Sets the {@code score}: {@code promoters − detractors}, in percentage points (−100 to 100):
       * {@code 100 · (count(≥ 9) − count(≤ 6)) / count}.
       *
       * @param score the value
       * @return this builder
       */
      public Builder score(double score) {
        this.score = score;
        return this;
      }

      /**
       * Sets the {@code promoters}: the percentage of promoters.
       *
       * @param promoters the value
       * @return this builder
       */
      public Builder promoters(double promoters) {
        this.promoters = promoters;
        return this;
      }

      /**
       * Sets the {@code passives}: the percentage of passives.
       *
       * @param passives the value
       * @return this builder
       */
      public Builder passives(double passives) {
        this.passives = passives;
        return this;
      }

      /**
       * Sets the {@code detractors}: the percentage of detractors.
       *
       * @param detractors the value
       * @return this builder
       */
      public Builder detractors(double detractors) {
        this.detractors = detractors;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the nps
       */
      public Nps build() {
        return new Nps(score, promoters, passives, detractors);
      }
    }
  }

  /**
   * The sentiment attribute (by default {@code "sentiment"}, from −1 to 1, written by the
   * hooks module's sentiment hook).
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Sentiment {

    private final long count;
    private final @Nullable Double mean;

    private Sentiment(long count, @Nullable Double mean) {
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
     * How many feedbacks had a usable value.
     *
     * @return the count
     */
    public long count() {
      return count;
    }

    /**
     * The mean value: the sum of the stored values (each exact to 2<sup>−60</sup>, see
     * {@link io.github.agentfeedback.spi.Tally#sentimentSum()}) / count, not rounded (round
     * only to display it); {@code null} when there were none.
     *
     * @return the mean
     */
    public @Nullable Double mean() {
      return mean;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Sentiment o && count == o.count && Objects.equals(mean, o.mean);
    }

    @Override
    public int hashCode() {
      return Objects.hash(count, mean);
    }

    @Override
    public String toString() {
      return "Sentiment[count=" + count + ", mean=" + mean + "]";
    }

    /**
     * Builds a {@link Sentiment}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private long count;
      private @Nullable Double mean;

      private Builder() {}

      private Builder(Sentiment from) {
        this.count = from.count;
        this.mean = from.mean;
      }

      /**
       * Sets the {@code count}: how many feedbacks had a usable value.
       *
       * @param count the value
       * @return this builder
       */
      public Builder count(long count) {
        this.count = count;
        return this;
      }

      /**
       * Sets the {@code mean}: the mean of the stored values, not rounded; {@code null} when
       * there were none.
       *
       * @param mean the value
       * @return this builder
       */
      public Builder mean(@Nullable Double mean) {
        this.mean = mean;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the sentiment
       */
      public Sentiment build() {
        return new Sentiment(count, mean);
      }
    }
  }

  /**
   * Counts by rating and the satisfaction figures.
   *
   * @return the ratings
   */
  public Ratings ratings() {
    return ratings;
  }

  /**
   * Comment counts and length.
   *
   * @return the comments
   */
  public Comments comments() {
    return comments;
  }

  /**
   * Per-dimension quality ratings.
   *
   * @return the dimensions
   */
  public Dimensions dimensions() {
    return dimensions;
  }

  /**
   * One summary per score scale that occurred, in ascending name order.
   *
   * @return the scales
   */
  public List<ScaleScores> scales() {
    return scales;
  }

  /**
   * The sentiment attribute's mean.
   *
   * @return the sentiment
   */
  public Sentiment sentiment() {
    return sentiment;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeedbackSummary o
        && Objects.equals(ratings, o.ratings)
        && Objects.equals(comments, o.comments)
        && Objects.equals(dimensions, o.dimensions)
        && Objects.equals(scales, o.scales)
        && Objects.equals(sentiment, o.sentiment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ratings, comments, dimensions, scales, sentiment);
  }

  @Override
  public String toString() {
    return "FeedbackSummary[ratings="
        + ratings
        + ", comments="
        + comments
        + ", dimensions="
        + dimensions
        + ", scales="
        + scales
        + ", sentiment="
        + sentiment
        + "]";
  }

  /**
   * Builds a {@link FeedbackSummary}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Ratings ratings;
    private @Nullable Comments comments;
    private @Nullable Dimensions dimensions;
    private List<ScaleScores> scales = List.of();
    private @Nullable Sentiment sentiment;

    private Builder() {}

    private Builder(FeedbackSummary from) {
      this.ratings = from.ratings;
      this.comments = from.comments;
      this.dimensions = from.dimensions;
      this.scales = from.scales;
      this.sentiment = from.sentiment;
    }

    /**
     * Sets the {@code ratings}: counts by rating and the satisfaction figures.
     *
     * @param ratings the value
     * @return this builder
     */
    public Builder ratings(Ratings ratings) {
      this.ratings = ratings;
      return this;
    }

    /**
     * Sets the {@code comments}: comment counts and length.
     *
     * @param comments the value
     * @return this builder
     */
    public Builder comments(Comments comments) {
      this.comments = comments;
      return this;
    }

    /**
     * Sets the {@code dimensions}: per-dimension quality ratings.
     *
     * @param dimensions the value
     * @return this builder
     */
    public Builder dimensions(Dimensions dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    /**
     * Sets the {@code scales}: one summary per score scale that occurred, in ascending name order.
     *
     * @param scales the value
     * @return this builder
     */
    public Builder scales(List<ScaleScores> scales) {
      this.scales = scales;
      return this;
    }

    /**
     * Sets the {@code sentiment}: the sentiment attribute's mean.
     *
     * @param sentiment the value
     * @return this builder
     */
    public Builder sentiment(Sentiment sentiment) {
      this.sentiment = sentiment;
      return this;
    }

    /**
     * Builds the value, checking and copying the fields.
     *
     * @return the feedbackSummary
     * @throws NullPointerException naming a missing part
     */
    public FeedbackSummary build() {
      return new FeedbackSummary(ratings, comments, dimensions, scales, sentiment);
    }
  }
}
