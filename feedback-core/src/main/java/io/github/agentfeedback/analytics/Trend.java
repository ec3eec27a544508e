package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.internal.Checks;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Feedback figures per period of time: counts by rating, the satisfaction figures and every
 * other figure of a {@link FeedbackSummary}, per hour, day, ISO week, month or hour of day.
 *
 * <p>Periods are taken in the trend's zone, so an hourly series has 23 or 25 points on the
 * days clocks change there. By default ({@link Fill#DATA_ONLY}) only periods that hold
 * feedback are listed; with {@link Fill#EVERY_PERIOD} every period in the range is, so a
 * chart has one point per period. Feedback without a creation time is left out. Immutable
 * and thread-safe.
 *
 * @param granularity the period length
 * @param zone the time zone of the period boundaries
 * @param points one per period, in time order (for {@link Granularity#HOUR_OF_DAY}, hour
 *     order)
 * @since 0.1.0
 */
public record Trend(Granularity granularity, ZoneId zone, List<Point> points) {

  /** The most points a trend with {@link Fill#EVERY_PERIOD} lists: {@value}. */
  public static final int MAX_FILLED_POINTS = 100_000;

  /**
   * Which periods a trend lists.
   *
   * <p>Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Fill {
    /** Only the periods that hold feedback. */
    DATA_ONLY,
    /**
     * Every period from the one holding the query's {@code since} to the one holding the
     * last instant before its {@code until}; an open end is taken from the data, the first
     * or the last period with feedback (no data and an open end: only the periods with
     * feedback, none). For {@link Granularity#HOUR_OF_DAY} every hour, 00 to 23. A period
     * without feedback has zero counts and {@code null} for every figure that needs data
     * (see {@link FeedbackSummary}), never 0%.
     */
    EVERY_PERIOD
  }

  /**
   * Validates and copies the trend.
   *
   * @throws NullPointerException naming a missing component or point
   */
  public Trend {
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(zone, "zone");
    points = Checks.nonNullElements("points", points);
  }

  /**
   * The figures of one period.
   *
   * <p>Immutable and thread-safe.
   *
   * @param period the period's key, as {@link Granularity} describes it
   * @param start the first instant of the period; {@code null} for an hour of day
   * @param end the first instant after the period (a day across a change to daylight
   *     saving time is 23 hours long); {@code null} for an hour of day
   * @param summary the period's figures
   * @since 0.1.0
   */
  public record Point(String period, Instant start, Instant end, FeedbackSummary summary) {

    /**
     * Validates the point.
     *
     * @throws NullPointerException naming {@code period} or {@code summary}
     */
    public Point {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(summary, "summary");
    }
  }
}
