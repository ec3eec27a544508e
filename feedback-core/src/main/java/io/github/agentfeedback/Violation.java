package io.github.agentfeedback;

import java.io.Serializable;
import java.util.Objects;

/**
 * One broken rule found while validating feedback or its surroundings.
 *
 * <p>Immutable and thread-safe.
 *
 * @param field the offending field, for example {@code "comment"} or {@code "attributes.ip"}
 * @param code a stable machine-readable code, for example {@code "too_long"}
 * @param message a human-readable explanation that names the field and the limit
 * @since 0.1.0
 */
public record Violation(String field, String code, String message) implements Serializable {

  /** Validates that no component is null. */
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message + " [" + code + "]";
  }
}
