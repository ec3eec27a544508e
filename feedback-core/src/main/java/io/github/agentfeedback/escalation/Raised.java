package io.github.agentfeedback.escalation;

import java.util.Objects;

/**
 * What {@link EscalationStore#raise} did: the escalation as stored, and whether the raise
 * made it ({@code created}) or repeated one that was not resolved.
 *
 * <p>Immutable and thread-safe.
 *
 * @param escalation the escalation as stored after the raise
 * @param created {@code true} when the raise made a new escalation; {@code false} when it
 *     raised the count of an open or acknowledged one of the same rule and subject
 * @since 0.1.0
 */
public record Raised(Escalation escalation, boolean created) {

  /**
   * Checks the escalation.
   *
   * @throws NullPointerException if {@code escalation} is null
   */
  public Raised {
    Objects.requireNonNull(escalation, "escalation");
  }
}
