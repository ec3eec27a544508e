package io.github.agentfeedback;

import io.github.agentfeedback.analytics.Trend;

/**
 * How a {@link Trend} (or a {@link GroupKey#period(Granularity, java.time.ZoneId) period
 * grouping}) cuts time into periods.
 * Periods are taken in a time zone ({@link java.time.ZoneId}, UTC unless the caller chooses
 * another), so a day is a calendar day there, 23 or 25 hours long across a change to or
 * from daylight saving time.
 *
 * <p>Each period has a stable text key, listed with each constant; keys of one granularity
 * sort in time order as text.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum Granularity {
  /**
   * The hour of the day, whatever the day: key {@code "00"} to {@code "23"}. A recurring
   * period, so it has no start or end instant.
   */
  HOUR_OF_DAY,
  /**
   * One hour of local time, on its day: key {@code "2026-03-29T03:00+02:00"}, the hour's
   * local start with the zone's offset then. Across a change to or from daylight saving
   * time a local day has 23 or 25 hours; the repeated hour when clocks go back is two
   * periods, told apart by their offsets ({@code "2026-10-25T02:00+02:00"}, then
   * {@code "2026-10-25T02:00+01:00"}). These two are the one exception to keys sorting in
   * time order as text; a {@link Trend} lists its points in time order.
   */
  HOUR,
  /** A calendar day: key {@code "2026-03-29"} (ISO-8601 date). */
  DAY,
  /**
   * An ISO-8601 week, Monday to Sunday, numbered within its week-based year: key
   * {@code "2026-W01"}. The week-based year differs from the calendar year around New Year:
   * Monday 2025-12-29 starts {@code "2026-W01"}, and Friday 2027-01-01 is in
   * {@code "2026-W53"}.
   */
  ISO_WEEK,
  /** A calendar month: key {@code "2026-03"}. */
  MONTH
}
