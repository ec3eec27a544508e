package io.github.agentfeedback.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.FeedbackLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A claim of loop-closing events is one every store can keep as it is: stores keep the
 * lease's end in whole milliseconds within the model's range, and the claimant as a lease
 * owner.
 */
class LoopClaimTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

  @Test
  void aLeaseShorterThanAMillisecondIsRefused() {
    // Cut to milliseconds it would end when it starts: another claimant could take the same
    // escalations in that millisecond.
    assertThatThrownBy(() -> new LoopClaim("r1", T0, Duration.ofNanos(999_999), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease")
        .hasMessageContaining("1 ms");
    assertThat(new LoopClaim("r1", T0, Duration.ofMillis(1), 10).until())
        .isEqualTo(T0.plusMillis(1));
  }

  @Test
  void aLeaseEndingAfterTheModelsRangeIsRefusedNamingIt() {
    assertThatThrownBy(() -> new LoopClaim("r1", T0, ChronoUnit.FOREVER.getDuration(), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease")
        .hasMessageContaining(FeedbackLimits.MAX_INSTANT.toString());
    Duration toTheEnd = Duration.between(T0, FeedbackLimits.MAX_INSTANT);
    assertThat(new LoopClaim("r1", T0, toTheEnd, 10).until()).isEqualTo(FeedbackLimits.MAX_INSTANT);
    assertThatThrownBy(() -> new LoopClaim("r1", T0, toTheEnd.plusMillis(1), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease");
  }

  @Test
  void aTimeOutsideTheModelsRangeIsRefusedNamingIt() {
    assertThatThrownBy(() -> new LoopClaim("r1", Instant.MIN, Duration.ofMinutes(5), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("now");
  }

  @Test
  void aClaimantLongerThanALeaseOwnerIsRefused() {
    assertThat(new LoopClaim("r".repeat(Lease.MAX_LENGTH), T0, Duration.ofMinutes(5), 1))
        .isNotNull();
    assertThatThrownBy(
            () -> new LoopClaim("r".repeat(Lease.MAX_LENGTH + 1), T0, Duration.ofMinutes(5), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("claimant")
        .hasMessageContaining("256");
  }
}
