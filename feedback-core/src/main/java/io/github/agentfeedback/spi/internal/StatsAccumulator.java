package io.github.agentfeedback.spi.internal;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.analytics.FeedbackStats;
import io.github.agentfeedback.Rating;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Sums from which {@link FeedbackStats} are derived. Stores that fold feedback call
 * {@link #add(Feedback)}; stores that aggregate on a server feed the sums directly. Either
 * way {@link #toStats()} derives the ratios in one place, so all stores agree.
 *
 * <p>Not thread-safe.
 */
public final class StatsAccumulator {

  private final long[] ratings = new long[Rating.values().length];
  private long unrated;
  private long commentLengthSum;
  private final TreeMap<Integer, Long> byHour = new TreeMap<>();
  private final TreeMap<LocalDate, Long> byDay = new TreeMap<>();
  private final long[] dimensionSums = new long[Dimension.values().length];
  private final long[] dimensionCounts = new long[Dimension.values().length];
  private final TreeMap<String, SortedMap<Double, Long>> scores = new TreeMap<>();

  /** Adds one feedback to the sums. */
  public StatsAccumulator add(Feedback f) {
    if (f.rating() == null) {
      unrated++;
    } else {
      ratings[f.rating().ordinal()]++;
    }
    commentLengthSum += f.comment().codePointCount(0, f.comment().length());
    if (f.createdAt() != null) {
      ZonedDateTime at = f.createdAt().atZone(ZoneOffset.UTC);
      byHour.merge(at.getHour(), 1L, Long::sum);
      byDay.merge(at.toLocalDate(), 1L, Long::sum);
    }
    for (Map.Entry<Dimension, Integer> e : f.dimensions().entrySet()) {
      dimension(e.getKey(), e.getValue(), 1);
    }
    if (f.score() != null) {
      score(f.score().scale().name(), f.score().value(), 1);
    }
    return this;
  }

  /** Adds {@code count} feedbacks of a rating. */
  public StatsAccumulator rating(Rating rating, long count) {
    ratings[rating.ordinal()] += count;
    return this;
  }

  /** Adds {@code count} feedbacks without a rating (a score alone). */
  public StatsAccumulator unrated(long count) {
    unrated += count;
    return this;
  }

  /** Adds to the sum of comment lengths in code points. */
  public StatsAccumulator commentLength(long codePoints) {
    commentLengthSum += codePoints;
    return this;
  }

  /** Adds feedbacks created in an hour of day (UTC). */
  public StatsAccumulator hour(int hourOfDay, long count) {
    byHour.merge(hourOfDay, count, Long::sum);
    return this;
  }

  /** Adds feedbacks created on a day (UTC). */
  public StatsAccumulator day(LocalDate day, long count) {
    byDay.merge(day, count, Long::sum);
    return this;
  }

  /** Adds {@code count} ratings of a dimension summing to {@code sum}. */
  public StatsAccumulator dimension(Dimension dimension, long sum, long count) {
    dimensionSums[dimension.ordinal()] += sum;
    dimensionCounts[dimension.ordinal()] += count;
    return this;
  }

  /** Adds {@code count} scores of {@code value} on the named scale. */
  public StatsAccumulator score(String scale, double value, long count) {
    scores.computeIfAbsent(scale, k -> new TreeMap<>()).merge(value, count, Long::sum);
    return this;
  }

  /** Derives the stats from the sums. */
  public FeedbackStats toStats() {
    long up = ratings[Rating.UP.ordinal()];
    long down = ratings[Rating.DOWN.ordinal()];
    long neutral = ratings[Rating.NEUTRAL.ordinal()];
    long total = up + down + neutral + unrated;
    EnumMap<Dimension, Double> averages = new EnumMap<>(Dimension.class);
    long allSum = 0;
    long allCount = 0;
    for (Dimension d : Dimension.values()) {
      long count = dimensionCounts[d.ordinal()];
      if (count > 0) {
        averages.put(d, (double) dimensionSums[d.ordinal()] / count);
        allSum += dimensionSums[d.ordinal()];
        allCount += count;
      }
    }
    return new FeedbackStats(
        total,
        up,
        down,
        neutral,
        unrated,
        up + down == 0 ? 0 : up * 100.0 / (up + down),
        total == 0 ? 0 : (double) commentLengthSum / total,
        byHour,
        byDay,
        averages,
        allCount == 0 ? 0 : (double) allSum / allCount,
        scores);
  }
}
