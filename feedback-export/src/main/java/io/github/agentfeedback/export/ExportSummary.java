package io.github.agentfeedback.export;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an export did: rows read from the feedback stream, rows written, rows skipped by
 * reason, and the size of the output. Every row read was either written or skipped for
 * exactly one reason: {@code rowsRead == rowsWritten + skippedTotal()}.
 *
 * <pre>{@code
 * ExportSummary s = FeedbackExporter.dpo().export(manager, FeedbackQuery.all(), file);
 * long pairs = s.rowsWritten();
 * long ties = s.skipped(SkipReason.TIE);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param rowsRead feedback rows read from the stream, at least 0
 * @param rowsWritten JSONL lines written, at least 0
 * @param skipped rows skipped per reason; only reasons with a count above 0 are kept, in
 *     the enum's order; never null
 * @param bytesWritten the output's size in UTF-8 bytes (a file's size), at least 0
 * @since 0.1.0
 */
public record ExportSummary(
    long rowsRead, long rowsWritten, Map<SkipReason, Long> skipped, long bytesWritten) {

  /**
   * Validates the figures and copies the skip counts.
   *
   * @throws NullPointerException if {@code skipped}, a key or a count in it is null
   * @throws IllegalArgumentException naming the figure if a count is negative, a key is not
   *     a {@link SkipReason}, or {@code rowsRead} is not {@code rowsWritten} plus the skipped
   *     rows
   */
  public ExportSummary {
    requireNotNegative("rowsRead", rowsRead);
    requireNotNegative("rowsWritten", rowsWritten);
    requireNotNegative("bytesWritten", bytesWritten);
    Objects.requireNonNull(skipped, "skipped");
    EnumMap<SkipReason, Long> copy = new EnumMap<>(SkipReason.class);
    long accounted = rowsWritten;
    // Read as raw entries: a map built without generics may hold keys or values of any type.
    for (Map.Entry<?, ?> e : ((Map<?, ?>) skipped).entrySet()) {
      Object key = Objects.requireNonNull(e.getKey(), "skipped key");
      Object value = Objects.requireNonNull(e.getValue(), "skipped count");
      if (!(key instanceof SkipReason reason)) {
        throw new IllegalArgumentException(
            "skipped keys must be SkipReason constants, was " + key.getClass().getName());
      }
      if (!(value instanceof Long count)) {
        throw new IllegalArgumentException(
            "skipped." + reason + " must be a Long, was " + value.getClass().getName());
      }
      requireNotNegative("skipped." + reason, count);
      if (count > rowsRead - accounted) {
        throw new IllegalArgumentException(
            "rowsWritten plus skipped rows must equal rowsRead " + rowsRead + ", exceed it");
      }
      accounted += count;
      if (count > 0) {
        copy.put(reason, count);
      }
    }
    if (accounted != rowsRead) {
      throw new IllegalArgumentException("rowsWritten plus skipped rows must equal rowsRead "
          + rowsRead + ", were " + accounted);
    }
    skipped = Collections.unmodifiableMap(copy);
  }

  /**
   * Rows skipped for one reason.
   *
   * @param reason the reason
   * @return the count, 0 when no row was skipped for it
   * @throws NullPointerException if {@code reason} is null
   */
  public long skipped(SkipReason reason) {
    return skipped.getOrDefault(Objects.requireNonNull(reason, "reason"), 0L);
  }

  /**
   * Rows skipped for any reason.
   *
   * @return {@code rowsRead - rowsWritten}
   */
  public long skippedTotal() {
    return rowsRead - rowsWritten;
  }

  private static void requireNotNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be at least 0, was " + value);
    }
  }
}
