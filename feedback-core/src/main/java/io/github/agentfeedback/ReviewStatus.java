package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Whether feedback may serve as a training example: the curation queue's states.
 *
 * <p>Stored as {@code "pending"}, {@code "approved"} or {@code "rejected"}. Enum constants
 * are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ReviewStatus {
  /** Waiting for a reviewer. */
  PENDING,
  /** A reviewer approved it as a training example. */
  APPROVED,
  /** A reviewer rejected it as a training example. */
  REJECTED;

  /**
   * The stored name.
   *
   * @return the lower-case name
   */
  public String wireValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Reads a stored name.
   *
   * @param wire {@code "pending"}, {@code "approved"} or {@code "rejected"}
   * @return the status
   * @throws InvalidFeedbackException naming {@code review.status} for any other value
   */
  public static ReviewStatus fromWire(@Nullable String wire) {
    for (ReviewStatus s : values()) {
      if (s.wireValue().equals(wire)) {
        return s;
      }
    }
    throw InvalidFeedbackException.of(
        "review.status",
        "unknown_status",
        "review status must be \"pending\", \"approved\" or \"rejected\", was "
            + (wire == null ? null : "\"" + Checks.shown(wire) + "\""));
  }
}
