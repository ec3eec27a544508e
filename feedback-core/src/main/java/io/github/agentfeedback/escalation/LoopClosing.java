package io.github.agentfeedback.escalation;

import java.util.List;
import java.util.Objects;

/**
 * A resolved escalation whose loop-closing events are not all sent yet, as {@link
 * EscalationStore#claimLoopClosings} hands it to one claimant: the escalation (with its
 * resolution: who, when, the note) and the linked feedback whose event is still pending,
 * each named by session and id. The claimant tells the users who gave that feedback, then
 * marks the events sent with {@link EscalationStore#loopClosingsSent}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param escalation the resolved escalation
 * @param pending the linked feedback whose event is not sent yet, in the order the escalation
 *     lists it ({@link Escalation#feedback()}); not empty, no null element
 * @since 0.1.0
 */
public record LoopClosing(Escalation escalation, List<FeedbackRef> pending) {

  /**
   * Checks and copies the parts.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the escalation is not resolved or no event is pending
   */
  public LoopClosing {
    Objects.requireNonNull(escalation, "escalation");
    pending = List.copyOf(pending);
    if (escalation.status() != EscalationStatus.RESOLVED) {
      throw new IllegalArgumentException(
          "loop-closing events belong to a RESOLVED escalation; "
              + escalation.id()
              + " is "
              + escalation.status());
    }
    if (pending.isEmpty()) {
      throw new IllegalArgumentException("pending must not be empty");
    }
  }
}
