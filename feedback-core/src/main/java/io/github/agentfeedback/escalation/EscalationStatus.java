package io.github.agentfeedback.escalation;

/**
 * Where an escalation is in its lifecycle: {@link #OPEN} → {@link #ACKNOWLEDGED} →
 * {@link #RESOLVED}, or straight from open to resolved.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum EscalationStatus {
  /** Raised; nobody has acted on it yet. A repeat of its rule and subject raises its count. */
  OPEN,
  /** Someone has taken it on. A repeat of its rule and subject still raises its count. */
  ACKNOWLEDGED,
  /** Closed with a note. A repeat of its rule and subject raises a new escalation. */
  RESOLVED;

  /**
   * Whether escalations in this status take repeats of their rule and subject.
   *
   * @return {@code true} for {@link #OPEN} and {@link #ACKNOWLEDGED}
   */
  public boolean isOpen() {
    return this != RESOLVED;
  }
}
