package io.github.agentfeedback.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The times of an escalation and of its actions are kept as every store keeps them: whole
 * milliseconds within the model's range, so what a store returns from a call is what it
 * returns when read again.
 */
class EscalationTimesTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

  private static Escalation.Builder escalation() {
    return Escalation.builder().type("t").rule("r").subject("model:gpt-4o");
  }

  @Test
  void timesAreKeptToTheMillisecond() {
    Escalation e =
        escalation()
            .raisedAt(T0.plusNanos(1_999_999))
            .lastRaisedAt(T0.plusNanos(2_000_001))
            .build();
    assertThat(e.raisedAt()).isEqualTo(T0.plusMillis(1));
    assertThat(e.lastRaisedAt()).isEqualTo(T0.plusMillis(2));
    assertThat(new EscalationAction("ann", T0.plusNanos(999_999), "").at()).isEqualTo(T0);
    // Equal to the millisecond: no longer "last raised before first raised".
    assertThat(escalation().raisedAt(T0.plusNanos(5)).lastRaisedAt(T0).build().lastRaisedAt())
        .isEqualTo(T0);
  }

  @Test
  void timesOutsideTheModelsRangeAreRefusedNamingTheFieldAndTheRange() {
    Instant late = FeedbackLimits.MAX_INSTANT.plusMillis(1);
    assertThatThrownBy(() -> escalation().raisedAt(Instant.MAX).lastRaisedAt(late).build())
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field, Violation::code)
                    .containsExactly(
                        tuple("raisedAt", "out_of_range"), tuple("lastRaisedAt", "out_of_range")))
        .hasMessageContaining(FeedbackLimits.MAX_INSTANT.toString());
    assertThatThrownBy(() -> new EscalationAction("ann", Instant.MIN, ""))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class, e -> assertThat(e.fields()).containsExactly("at"))
        .hasMessageContaining(FeedbackLimits.MIN_INSTANT.toString());
    assertThat(escalation().raisedAt(FeedbackLimits.MAX_INSTANT).build().raisedAt())
        .isEqualTo(FeedbackLimits.MAX_INSTANT);
    assertThat(new EscalationAction("ann", FeedbackLimits.MIN_INSTANT, "").at())
        .isEqualTo(FeedbackLimits.MIN_INSTANT);
  }

  @Test
  void anActionStampedBeforeTheRaiseTakesNoTimeInsteadOfANegativeOne() {
    // Two replicas whose clocks are a minute apart: one raises, the other acknowledges and
    // resolves "before" it.
    Escalation raised = escalation().raisedAt(T0).build();
    Escalation acknowledged =
        raised.acknowledgedBy(new EscalationAction("ann", T0.minusSeconds(60), ""));
    Escalation resolved =
        acknowledged.resolvedBy(new EscalationAction("ann", T0.minusSeconds(30), ""));
    assertThat(resolved.timeToAcknowledge()).contains(Duration.ZERO);
    assertThat(resolved.timeToResolve()).contains(Duration.ZERO);
    assertThat(EscalationFigures.of(List.of(resolved)).timeToResolve().max())
        .contains(Duration.ZERO);
  }
}
