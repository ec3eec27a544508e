package io.github.agentfeedback.hooks.notify.internal;

import java.time.Duration;

/** Durations as the JDK's timed waits and schedules take them. Stateless and thread-safe. */
public final class Durations {

  private Durations() {}

  /**
   * {@code d} in nanoseconds, at most {@code Long.MAX_VALUE / 2} (about 146 years): a
   * duration of any length ({@link java.time.temporal.ChronoUnit#FOREVER}) waits or schedules
   * that long instead of overflowing, and the result may still be added to
   * {@link System#nanoTime()}.
   *
   * @param d a duration, zero or more
   * @return its nanoseconds, saturated
   */
  public static long saturatedNanos(Duration d) {
    return d.compareTo(MAX) >= 0 ? MAX_NANOS : d.toNanos();
  }

  private static final long MAX_NANOS = Long.MAX_VALUE / 2;
  private static final Duration MAX = Duration.ofNanos(MAX_NANOS);
}
