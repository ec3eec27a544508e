package io.github.agentfeedback.hooks.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void aDurationWithinRangeIsItsNanosecondsAndALongerOneSaturates() {
    assertThat(Durations.saturatedNanos(Duration.ZERO)).isZero();
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(3, 7))).isEqualTo(3_000_000_007L);
    assertThat(Durations.saturatedNanos(Duration.ofNanos(Long.MAX_VALUE / 2)))
        .isEqualTo(Long.MAX_VALUE / 2);
    assertThat(Durations.saturatedNanos(ChronoUnit.FOREVER.getDuration()))
        .isEqualTo(Long.MAX_VALUE / 2);
    assertThat(System.nanoTime() + Durations.saturatedNanos(ChronoUnit.FOREVER.getDuration()))
        .as("may be added to System.nanoTime() without overflow for about 146 years")
        .isPositive();
  }
}
