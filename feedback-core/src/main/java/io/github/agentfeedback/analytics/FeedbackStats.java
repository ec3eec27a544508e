package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Rating;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Aggregate figures over the feedback selected by a {@link FeedbackQuery}.
 *
 * <p>Hours and days are in UTC. Comment lengths are counted in Unicode code points. Maps
 * hold only the keys that occurred and iterate in ascending key order. Every store computes
 * the same figures for the same data. Immutable and thread-safe.
 *
 * @param total number of feedbacks, with a rating or without:
 *     {@code up + down + neutral + unrated}
 * @param up number rated {@link Rating#UP}
 * @param down number rated {@link Rating#DOWN}
 * @param neutral number rated {@link Rating#NEUTRAL}
 * @param unrated number without a rating (a score alone, such as an NPS survey answer);
 *     counted in no rating figure, and in the score distributions
 * @param satisfactionScore {@code up / (up + down) * 100}, or 0 when neither occurred
 * @param averageCommentLength the average comment length per feedback: the summed length
 *     of all comments in code points divided by {@code total}, feedback without a comment
 *     counting as 0 (the library's one definition, also used by
 *     {@link FeedbackSummary.Comments#averageLength()}); 0 when there is no feedback
 * @param byHourOfDay feedback count per hour of day (0 to 23)
 * @param byDay feedback count per day
 * @param dimensionAverages mean rating per quality dimension
 * @param dimensionMean the mean of all quality dimension ratings together (not the
 *     response-quality score of {@link FeedbackSummary.Ratings#responseQuality()}), or 0
 *     when none
 * @param scoreDistributions per scale name, the count of each score value
 * @since 0.1.0
 */
public record FeedbackStats(
    long total,
    long up,
    long down,
    long neutral,
    long unrated,
    double satisfactionScore,
    double averageCommentLength,
    SortedMap<Integer, Long> byHourOfDay,
    SortedMap<LocalDate, Long> byDay,
    Map<Dimension, Double> dimensionAverages,
    double dimensionMean,
    SortedMap<String, SortedMap<Double, Long>> scoreDistributions) {

  /** Copies the maps into immutable, sorted form. */
  public FeedbackStats {
    byHourOfDay = sorted(byHourOfDay);
    byDay = sorted(byDay);
    dimensionAverages = dimensionAverages == null || dimensionAverages.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new java.util.EnumMap<>(dimensionAverages));
    TreeMap<String, SortedMap<Double, Long>> scores = new TreeMap<>();
    if (scoreDistributions != null) {
      scoreDistributions.forEach((scale, counts) -> scores.put(scale, sorted(counts)));
    }
    scoreDistributions = Collections.unmodifiableSortedMap(scores);
  }

  /**
   * Figures for no feedback at all.
   *
   * @return stats with every count zero
   */
  public static FeedbackStats empty() {
    return new FeedbackStats(0, 0, 0, 0, 0, 0, 0, null, null, null, 0, null);
  }

  private static <K, V> SortedMap<K, V> sorted(Map<K, V> map) {
    return map == null || map.isEmpty()
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
