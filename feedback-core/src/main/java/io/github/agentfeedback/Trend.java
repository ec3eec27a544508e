package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Feedback figures per period of time: counts by rating, the satisfaction figures and every
 * other figure of a {@link FeedbackSummary}, per day, ISO week, month or hour of day.
 *
 * <p>Only periods that hold feedback are listed; feedback without a creation time is left
 * out. Immutable and thread-safe.
 *
 * @param granularity the period length
 * @param zone the time zone of the period boundaries
 * @param points one per period with feedback, in time order (for
 *     {@link Granularity#HOUR_OF_DAY}, hour order)
 * @since 0.1.0
 */
public record Trend(Granularity granularity, ZoneId zone, List<Point> points) {

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
