package io.github.agentfeedback;

import java.util.Objects;

/**
 * The outcome of adding feedback.
 *
 * <p>Immutable and thread-safe.
 *
 * @param feedback the feedback as stored (for a duplicate, as the caller sent it again)
 * @param created {@code true} when this call stored the feedback; {@code false} when a
 *     feedback with the same id was already stored (a retried call), so side effects that
 *     must happen once can be skipped
 * @since 0.1.0
 */
public record FeedbackResult(Feedback feedback, boolean created) {

  /** Validates that the feedback is present. */
  public FeedbackResult {
    Objects.requireNonNull(feedback, "feedback");
  }

  /**
   * A result for newly stored feedback.
   *
   * @param feedback the stored feedback
   * @return a result with {@code created() == true}
   */
  public static FeedbackResult created(Feedback feedback) {
    return new FeedbackResult(feedback, true);
  }

  /**
   * A result for feedback whose id was already stored.
   *
   * @param feedback the feedback that was sent again
   * @return a result with {@code created() == false}
   */
  public static FeedbackResult duplicate(Feedback feedback) {
    return new FeedbackResult(feedback, false);
  }
}
