package io.github.agentfeedback.escalation;

import java.util.List;
import java.util.Objects;

/**
 * A resolved escalation whose loop-closing events are not all sent yet, as {@link
 * EscalationStore#claimLoopClosings} hands it to one claimant: the escalation (with its
 * resolution: who, when, the note) and the ids of the linked feedback whose event is still
 * pending. The claimant tells the users who gave that feedback, then marks the events sent
 * with {@link EscalationStore#loopClosingsSent}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param escalation the resolved escalation
 * @param pendingFeedbackIds the linked feedback whose event is not sent yet, in the order the
 *     escalation lists them; not empty
 * @since 0.1.0
 */
public record LoopClosing(Escalation escalation, List<String> pendingFeedbackIds) {

  /**
   * Checks and copies the parts.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the escalation is not resolved or no event is pending
   */
  public LoopClosing {
    Objects.requireNonNull(escalation, "escalation");
    pendingFeedbackIds = List.copyOf(pendingFeedbackIds);
    if (escalation.status() != EscalationStatus.RESOLVED) {
      throw new IllegalArgumentException(
          "loop-closing events belong to a RESOLVED escalation; "
              + escalation.id()
              + " is "
              + escalation.status());
    }
    if (pendingFeedbackIds.isEmpty()) {
      throw new IllegalArgumentException("pendingFeedbackIds must not be empty");
    }
  }
}
