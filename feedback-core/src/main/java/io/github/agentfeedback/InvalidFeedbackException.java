package io.github.agentfeedback;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Feedback (or a session id, metadata key or query) broke one or more rules. Nothing was
 * stored.
 *
 * <p>{@link #violations()} lists every rule that was broken, not only the first, so a
 * caller can report them all at once. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class InvalidFeedbackException extends FeedbackException {

  private static final long serialVersionUID = 1L;

  private final List<Violation> violations;

  /**
   * Creates an exception for the given violations.
   *
   * @param violations at least one violation
   * @throws IllegalArgumentException if {@code violations} is empty
   */
  public InvalidFeedbackException(List<Violation> violations) {
    super(describe(violations));
    this.violations = List.copyOf(violations);
  }

  /**
   * Creates an exception for a single violation.
   *
   * @param field the offending field
   * @param code a stable machine-readable code
   * @param message a message that names the field and the limit
   * @return the exception, ready to throw
   */
  public static InvalidFeedbackException of(String field, String code, String message) {
    return new InvalidFeedbackException(List.of(new Violation(field, code, message)));
  }

  /**
   * Every violation found, in the order they were found.
   *
   * @return an immutable, non-empty list
   */
  public List<Violation> violations() {
    return violations;
  }

  /**
   * The fields that were named by the violations, in order, without repeats.
   *
   * @return an immutable list of field names
   */
  public List<String> fields() {
    return violations.stream().map(Violation::field).distinct().toList();
  }

  private static String describe(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException(
          "an InvalidFeedbackException needs at least one violation");
    }
    return "Invalid feedback: "
        + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }
}
