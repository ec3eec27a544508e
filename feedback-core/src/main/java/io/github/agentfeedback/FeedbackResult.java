package io.github.agentfeedback;

import java.util.Objects;

/**
 * The outcome of adding or replacing feedback.
 *
 * <p>Immutable and thread-safe.
 *
 * @param feedback the feedback as stored (for a duplicate, as the caller sent it again)
 * @param outcome what the call did
 * @since 0.1.0
 */
public record FeedbackResult(Feedback feedback, Outcome outcome) {

  /** Validates that both components are present. */
  public FeedbackResult {
    Objects.requireNonNull(feedback, "feedback");
    Objects.requireNonNull(outcome, "outcome");
  }

  /**
   * A result for newly stored feedback.
   *
   * @param feedback the stored feedback
   * @return a result with outcome {@link Outcome#CREATED}
   */
  public static FeedbackResult created(Feedback feedback) {
    return new FeedbackResult(feedback, Outcome.CREATED);
  }

  /**
   * A result for feedback whose id was already stored.
   *
   * @param feedback the feedback that was sent again
   * @return a result with outcome {@link Outcome#DUPLICATE}
   */
  public static FeedbackResult duplicate(Feedback feedback) {
    return new FeedbackResult(feedback, Outcome.DUPLICATE);
  }

  /**
   * A result for stored feedback that was replaced.
   *
   * @param feedback the feedback as now stored
   * @return a result with outcome {@link Outcome#REPLACED}
   */
  public static FeedbackResult replaced(Feedback feedback) {
    return new FeedbackResult(feedback, Outcome.REPLACED);
  }

  /**
   * A result for a replacement that found no stored feedback with the id.
   *
   * @param feedback the feedback that was sent
   * @return a result with outcome {@link Outcome#NOT_FOUND}
   */
  public static FeedbackResult notFound(Feedback feedback) {
    return new FeedbackResult(feedback, Outcome.NOT_FOUND);
  }

  /**
   * Whether this call stored new feedback. {@code false} for a retried call whose id was
   * already stored, so side effects that must happen once can be skipped.
   *
   * @return true for {@link Outcome#CREATED}
   */
  public boolean created() {
    return outcome == Outcome.CREATED;
  }

  /**
   * Whether this call changed what is stored: new feedback, or a replacement.
   *
   * @return true for {@link Outcome#CREATED} and {@link Outcome#REPLACED}
   */
  public boolean changed() {
    return outcome == Outcome.CREATED || outcome == Outcome.REPLACED;
  }

  /**
   * What a call did. Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Outcome {
    /** New feedback was stored. */
    CREATED,
    /** Feedback with the id was already stored; nothing changed (a retried add). */
    DUPLICATE,
    /** Stored feedback with the id was replaced; its creation time was kept. */
    REPLACED,
    /** No stored feedback has the id; nothing changed. */
    NOT_FOUND
  }
}
