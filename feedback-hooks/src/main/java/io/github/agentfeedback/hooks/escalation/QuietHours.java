package io.github.agentfeedback.hooks.escalation;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A daily time range in a zone during which an {@link EscalationRouter} holds escalations
 * below its bypass severity, for example 22:00 to 07:00 in Europe/Madrid. The start is
 * included and the end is not; a range whose end is before its start runs over midnight.
 *
 * <p>Immutable and thread-safe.
 *
 * @param start when quiet hours begin each day (local time, included)
 * @param end when they end (local time, excluded)
 * @param zone the zone of the local times
 * @since 0.1.0
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

  /**
   * Checks the parts.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if start and end are equal
   */
  public QuietHours {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(zone, "zone");
    if (start.equals(end)) {
      throw new IllegalArgumentException(
          "quiet hours need a start before or after their end, both were " + start);
    }
  }

  /**
   * Whether an instant falls in quiet hours.
   *
   * @param at the instant
   * @return {@code true} if its local time in the zone is in {@code [start, end)}
   */
  public boolean contains(Instant at) {
    LocalTime t = at.atZone(zone).toLocalTime();
    return start.isBefore(end)
        ? !t.isBefore(start) && t.isBefore(end)
        : !t.isBefore(start) || t.isBefore(end);
  }
}
