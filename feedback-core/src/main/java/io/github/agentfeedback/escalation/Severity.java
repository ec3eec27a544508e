package io.github.agentfeedback.escalation;

/**
 * How urgent an escalation is, in increasing order: {@code compareTo} orders them, and a
 * repeated escalation keeps the highest severity it was raised with.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum Severity {
  /** Worth a look when convenient. */
  LOW,
  /** Worth a look today. */
  MEDIUM,
  /** Someone should look now. */
  HIGH,
  /** Page someone. */
  CRITICAL
}
