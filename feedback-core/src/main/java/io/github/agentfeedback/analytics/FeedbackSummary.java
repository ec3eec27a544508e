package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.internal.Checks;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every figure of a set of feedback, in small parts: ratings and the satisfaction figures
 * derived from them, comments, quality dimensions, scores per scale, and sentiment.
 *
 * <p>All figures are derived from whole-number sums ({@link io.github.agentfeedback.spi.Tally})
 * with one division at the end, so they do not depend on the order feedback was read in and
 * every store reports the same values. Percentages run from 0 to 100. A figure whose
 * denominator is zero is {@code null} ("no data"), never 0.
 *
 * <p>Created by {@link FeedbackAnalytics}; later versions may add parts, so read them with
 * their accessors. Immutable and thread-safe.
 *
 * @param ratings counts by rating and the satisfaction figures
 * @param comments comment counts and length
 * @param dimensions per-dimension quality ratings
 * @param scales one summary per score scale that occurred, in ascending name order
 * @param sentiment the sentiment attribute's mean
 * @since 0.1.0
 */
public record FeedbackSummary(
    Ratings ratings,
    Comments comments,
    Dimensions dimensions,
    List<ScaleScores> scales,
    Sentiment sentiment) {

  /**
   * Validates and copies the parts.
   *
   * @throws NullPointerException naming a missing part
   */
  public FeedbackSummary {
    Objects.requireNonNull(ratings, "ratings");
    Objects.requireNonNull(comments, "comments");
    Objects.requireNonNull(dimensions, "dimensions");
    scales = Checks.nonNullElements("scales", scales);
    Objects.requireNonNull(sentiment, "sentiment");
  }

  /**
   * The summary of one scale, if it occurred.
   *
   * @param scale the scale's stored name, such as {@code "nps"}
   * @return the scale's summary, or {@code null}
   */
  public ScaleScores scale(String scale) {
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
   * @param total all feedback: {@code up + down + neutral + unrated}
   * @param up feedback rated up
   * @param down feedback rated down
   * @param neutral feedback rated neutral
   * @param unrated feedback without a rating (with a score alone)
   * @param satisfaction {@code 100 · up / (up + down)}; {@code null} when
   *     {@code up + down = 0}. The same figure as {@link FeedbackStats#satisfactionScore()}
   * @param positiveRate {@code 100 · up / rated}, where {@code rated = up + down + neutral};
   *     {@code null} when {@code rated = 0}
   * @param responseQuality the mean of 100 per up, 50 per neutral and 0 per down:
   *     {@code (100 · up + 50 · neutral) / rated}; {@code null} when {@code rated = 0}
   * @since 0.1.0
   */
  public record Ratings(long total, long up, long down, long neutral, long unrated,
      Double satisfaction, Double positiveRate, Double responseQuality) {

    /**
     * Feedback with a rating: the sample of the positive rate and the response quality.
     *
     * @return {@code up + down + neutral}
     */
    public long rated() {
      return up + down + neutral;
    }
  }

  /**
   * Comments.
   *
   * <p>The average comment length has one definition everywhere in the library (here and in
   * {@link FeedbackStats#averageCommentLength()}): per feedback, not per commented
   * feedback. It is the summed length of all comments in Unicode code points divided by
   * the number of feedbacks, so feedback without a comment counts as length 0.
   * {@code commented} tells how many had one.
   *
   * <p>Immutable and thread-safe.
   *
   * @param commented feedback with a non-empty comment
   * @param commentRate {@code 100 · commented / total}; {@code null} when there is no
   *     feedback
   * @param averageLength summed comment length in code points / total feedback;
   *     {@code null} when there is no feedback
   * @since 0.1.0
   */
  public record Comments(long commented, Double commentRate, Double averageLength) {}

  /**
   * Quality dimension ratings (each 1 to 5).
   *
   * <p>Immutable and thread-safe.
   *
   * @param ratings how many dimension ratings there were in all
   * @param dimensionMean the mean of all dimension ratings together (the sum of every
   *     rating / their number); {@code null} when there are none. The same figure as
   *     {@link FeedbackStats#dimensionMean()}
   * @param means the mean rating of each dimension that was rated, in dimension order
   * @since 0.1.0
   */
  public record Dimensions(long ratings, Double dimensionMean, Map<Dimension, Double> means) {

    /** Copies the means into immutable form. */
    public Dimensions {
      means = means == null || means.isEmpty()
          ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(means));
    }
  }

  /**
   * The scores on one scale, feedback with a rating or without. Which scales get NPS, CSAT
 * or CES figures is declared with {@link ScaleFigures}. The mean and standard deviation are computed from the
   * distribution in ascending value order (mean = Σ value·count / n; sample standard
   * deviation = √(Σ count·(value − mean)² / (n − 1))).
   *
   * <p>Immutable and thread-safe.
   *
   * @param scale the scale's stored name
   * @param count how many scores
   * @param mean the mean score
   * @param standardDeviation the sample standard deviation; {@code null} below two scores
   * @param distribution the count of each score value, in ascending value order
   * @param nps Net Promoter figures; only for the {@code "nps"} scale, otherwise
   *     {@code null}
   * @param csat for the {@code "csat"} scale (1–5), the percentage of scores of 4 or more:
   *     {@code 100 · count(score ≥ 4) / count}; otherwise {@code null}
   * @param ces for the {@code "ces"} scale (1–7), the customer effort score, which is the
   *     mean score; otherwise {@code null}
   * @since 0.1.0
   */
  public record ScaleScores(String scale, long count, double mean, Double standardDeviation,
      SortedMap<Double, Long> distribution, Nps nps, Double csat, Double ces) {

    /**
     * Copies the distribution into immutable, sorted form.
     *
     * @throws NullPointerException naming {@code scale} or {@code distribution}
     */
    public ScaleScores {
      Objects.requireNonNull(scale, "scale");
      distribution = Collections.unmodifiableSortedMap(
          new TreeMap<>(Objects.requireNonNull(distribution, "distribution")));
    }
  }

  /**
   * Net Promoter figures on the 0–10 scale: promoters score 9 or 10, detractors 6 or
   * less, passives the rest. For example scores 10, 9, 8 and 6 give 50% promoters, 25%
   * passives, 25% detractors and an NPS of 25.
   *
   * <p>Immutable and thread-safe.
   *
   * @param score {@code promoters − detractors}, in percentage points (−100 to 100):
   *     {@code 100 · (count(≥ 9) − count(≤ 6)) / count}
   * @param promoters the percentage of promoters
   * @param passives the percentage of passives
   * @param detractors the percentage of detractors
   * @since 0.1.0
   */
  public record Nps(double score, double promoters, double passives, double detractors) {}

  /**
   * The sentiment attribute (by default {@code "sentiment"}, from −1 to 1, written by the
   * hooks module's sentiment hook).
   *
   * <p>Immutable and thread-safe.
   *
   * @param count how many feedbacks had a usable value
   * @param mean the mean value: the sum of the values in thousandths / count / 1000;
   *     {@code null} when there were none
   * @since 0.1.0
   */
  public record Sentiment(long count, Double mean) {}
}
