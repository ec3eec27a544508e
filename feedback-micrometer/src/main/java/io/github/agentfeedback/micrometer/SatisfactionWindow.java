package io.github.agentfeedback.micrometer;

import io.github.agentfeedback.Rating;
import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Up and down votes over a sliding window of wall-clock time, in 60 slots. Thread-safe: each
 * call holds the monitor for a few steps.
 */
final class SatisfactionWindow {

  static final int SLOTS = 60;

  private final Clock clock;
  private final long slotMillis;
  private final long[] slotIndex = new long[SLOTS];
  private final long[] up = new long[SLOTS];
  private final long[] down = new long[SLOTS];

  SatisfactionWindow(Duration window, Clock clock) {
    this.clock = clock;
    this.slotMillis = Math.max(1, window.toMillis() / SLOTS);
    Arrays.fill(slotIndex, Long.MIN_VALUE);
  }

  /** Counts one stored rating; neutral and score-only feedback do not count. */
  synchronized void record(@Nullable Rating rating) {
    if (rating != Rating.UP && rating != Rating.DOWN) {
      return;
    }
    long index = Math.floorDiv(clock.wallTime(), slotMillis);
    int slot = Math.floorMod(index, SLOTS);
    if (slotIndex[slot] != index) {
      slotIndex[slot] = index;
      up[slot] = 0;
      down[slot] = 0;
    }
    if (rating == Rating.UP) {
      up[slot]++;
    } else {
      down[slot]++;
    }
  }

  /** {@code 100 · up / (up + down)} over the slots still in the window; NaN without votes. */
  synchronized double percent() {
    long now = Math.floorDiv(clock.wallTime(), slotMillis);
    long ups = 0;
    long downs = 0;
    for (int slot = 0; slot < SLOTS; slot++) {
      if (slotIndex[slot] > now - SLOTS && slotIndex[slot] <= now) {
        ups += up[slot];
        downs += down[slot];
      }
    }
    return ups + downs == 0 ? Double.NaN : 100.0 * ups / (ups + downs);
  }
}
