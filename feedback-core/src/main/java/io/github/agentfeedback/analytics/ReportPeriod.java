package io.github.agentfeedback.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * A span of time a report covers: from {@code start} (inclusive) to {@code end}
 * (exclusive).
 *
 * <p>Immutable and thread-safe.
 *
 * @param label a name for the span: an ISO week ({@code "2026-W10"}), a month
 *     ({@code "2026-03"}), or {@code start/end} as ISO-8601 instants
 * @param start the first instant
 * @param end the first instant after the span
 * @since 0.1.0
 */
public record ReportPeriod(String label, Instant start, Instant end) {

  /**
   * Validates the span.
   *
   * @throws NullPointerException naming a missing component
   * @throws IllegalArgumentException unless {@code start} is before {@code end}
   */
  public ReportPeriod {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("start must be before end, were " + start + " and " + end);
    }
  }

  /**
   * A span labelled by its bounds.
   *
   * @param start the first instant
   * @param end the first instant after the span
   * @return the span, labelled {@code start/end}
   */
  public static ReportPeriod between(Instant start, Instant end) {
    return new ReportPeriod(
        Objects.requireNonNull(start, "start") + "/" + Objects.requireNonNull(end, "end"),
        start,
        end);
  }
}
