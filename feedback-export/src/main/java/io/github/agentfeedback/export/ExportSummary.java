package io.github.agentfeedback.export;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * <p>Made by {@link FeedbackExporter}, or with {@link #builder()}. Immutable and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class ExportSummary {

  private final long rowsRead;
  private final long rowsWritten;
  private final Map<SkipReason, Long> skipped;
  private final long bytesWritten;

  /** Validates the figures and copies the skip counts. */
  private ExportSummary(Builder b) {
    requireNotNegative("rowsRead", b.rowsRead);
    requireNotNegative("rowsWritten", b.rowsWritten);
    requireNotNegative("bytesWritten", b.bytesWritten);
    EnumMap<SkipReason, Long> copy = new EnumMap<>(SkipReason.class);
    long accounted = b.rowsWritten;
    for (Map.Entry<Object, Object> e : b.skipped.entrySet()) {
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
      if (count > b.rowsRead - accounted) {
        throw new IllegalArgumentException(
            "rowsWritten plus skipped rows must equal rowsRead " + b.rowsRead + ", exceed it");
      }
      accounted += count;
      if (count > 0) {
        copy.put(reason, count);
      }
    }
    if (accounted != b.rowsRead) {
      throw new IllegalArgumentException(
          "rowsWritten plus skipped rows must equal rowsRead "
              + b.rowsRead
              + ", were "
              + accounted);
    }
    this.rowsRead = b.rowsRead;
    this.rowsWritten = b.rowsWritten;
    this.skipped = Collections.unmodifiableMap(copy);
    this.bytesWritten = b.bytesWritten;
  }

  /**
   * A builder; every figure starts at 0.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Feedback rows read from the stream.
   *
   * @return the count, at least 0
   */
  public long rowsRead() {
    return rowsRead;
  }

  /**
   * JSONL lines written.
   *
   * @return the count, at least 0
   */
  public long rowsWritten() {
    return rowsWritten;
  }

  /**
   * Rows skipped per reason; only reasons with a count above 0 are kept, in the enum's
   * order.
   *
   * @return an immutable map, never null
   */
  public Map<SkipReason, Long> skipped() {
    return skipped;
  }

  /**
   * The output's size in UTF-8 bytes (a file's size).
   *
   * @return the size, at least 0
   */
  public long bytesWritten() {
    return bytesWritten;
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

  /** A summary is equal to a summary with equal figures. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o == this
        || (o instanceof ExportSummary s
            && rowsRead == s.rowsRead
            && rowsWritten == s.rowsWritten
            && bytesWritten == s.bytesWritten
            && skipped.equals(s.skipped));
  }

  @Override
  public int hashCode() {
    return Objects.hash(rowsRead, rowsWritten, skipped, bytesWritten);
  }

  @Override
  public String toString() {
    return "ExportSummary[rowsRead="
        + rowsRead
        + ", rowsWritten="
        + rowsWritten
        + ", skipped="
        + skipped
        + ", bytesWritten="
        + bytesWritten
        + "]";
  }

  /**
   * Builds an {@link ExportSummary}. Validation happens in {@link #build()}. Not
   * thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private long rowsRead;
    private long rowsWritten;
    private final Map<Object, Object> skipped = new LinkedHashMap<>();
    private long bytesWritten;

    private Builder() {}

    /**
     * Sets the number of feedback rows read from the stream.
     *
     * @param rowsRead at least 0
     * @return this builder
     */
    public Builder rowsRead(long rowsRead) {
      this.rowsRead = rowsRead;
      return this;
    }

    /**
     * Sets the number of JSONL lines written.
     *
     * @param rowsWritten at least 0
     * @return this builder
     */
    public Builder rowsWritten(long rowsWritten) {
      this.rowsWritten = rowsWritten;
      return this;
    }

    /**
     * Sets the number of rows skipped for one reason.
     *
     * @param reason the reason
     * @param count at least 0
     * @return this builder
     * @throws NullPointerException if {@code reason} is null
     */
    public Builder skipped(SkipReason reason, long count) {
      skipped.put(Objects.requireNonNull(reason, "reason"), count);
      return this;
    }

    /**
     * Sets the numbers of rows skipped per reason, replacing those set before.
     *
     * @param skipped counts per reason; reasons left out count 0
     * @return this builder
     * @throws NullPointerException if {@code skipped} is null
     */
    public Builder skipped(Map<SkipReason, Long> skipped) {
      Objects.requireNonNull(skipped, "skipped");
      this.skipped.clear();
      // Read as raw entries: a map built without generics may hold keys or values of any
      // type; build() names them.
      for (Map.Entry<?, ?> e : ((Map<?, ?>) skipped).entrySet()) {
        this.skipped.put(e.getKey(), e.getValue());
      }
      return this;
    }

    /**
     * Sets the output's size.
     *
     * @param bytesWritten UTF-8 bytes, at least 0
     * @return this builder
     */
    public Builder bytesWritten(long bytesWritten) {
      this.bytesWritten = bytesWritten;
      return this;
    }

    /**
     * Builds the summary.
     *
     * @return the summary
     * @throws NullPointerException if a key or a count of the skipped rows is null
     * @throws IllegalArgumentException naming the figure if a count is negative, a key is
     *     not a {@link SkipReason} or a count not a {@link Long}, or {@code rowsRead} is not
     *     {@code rowsWritten} plus the skipped rows
     */
    public ExportSummary build() {
      return new ExportSummary(this);
    }
  }

  private static void requireNotNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be at least 0, was " + value);
    }
  }
}
