package io.github.agentfeedback;

import java.util.Objects;

/**
 * The outcome of adding or replacing feedback.
 *
 * <p>Immutable and thread-safe.
 *
 * @param feedback the feedback as stored; for {@link Outcome#DUPLICATE},
 *     {@link Outcome#TRIMMED} and {@link Outcome#NOT_FOUND}, as the caller sent it; for
 *     {@link Outcome#UNCHANGED} and {@link Outcome#STALE}, the user's vote as the store now
 *     holds it, which this call did not change
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
   * A result for a vote whose content the store already held (one-vote mode; see
   * {@link io.github.agentfeedback.spi.Votes}).
   *
   * @param stored the vote as the store holds it
   * @return a result with outcome {@link Outcome#UNCHANGED}
   */
  public static FeedbackResult unchanged(Feedback stored) {
    return new FeedbackResult(stored, Outcome.UNCHANGED);
  }

  /**
   * A result for a vote that is not newer than the one the store holds (one-vote mode; see
   * {@link io.github.agentfeedback.spi.Votes}).
   *
   * @param stored the newer vote the store holds, left as it was
   * @return a result with outcome {@link Outcome#STALE}
   */
  public static FeedbackResult stale(Feedback stored) {
    return new FeedbackResult(stored, Outcome.STALE);
  }

  /**
   * A result for feedback that a store's retention cap dropped at once, because the session
   * holds as many feedbacks created later.
   *
   * @param feedback the feedback as sent
   * @return a result with outcome {@link Outcome#TRIMMED}
   */
  public static FeedbackResult trimmed(Feedback feedback) {
    return new FeedbackResult(feedback, Outcome.TRIMMED);
  }

  /**
   * Whether this call stored new feedback. {@code false} for a retried call whose id was
   * already stored, so side effects that must happen once can be skipped, and for feedback
   * a retention cap trimmed at once ({@link Outcome#TRIMMED}), which is not stored.
   *
   * @return true for {@link Outcome#CREATED}
   */
  public boolean created() {
    return outcome == Outcome.CREATED;
  }

  /**
   * Whether this call changed the feedback a session holds: new feedback, or a replacement.
   * {@code false} for every other outcome, including {@link Outcome#UNCHANGED} (even when
   * it moved a vote's {@code updatedAt} forward) and {@link Outcome#STALE}.
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
    /**
     * Stored feedback with the id was replaced; its creation time was kept. In one-vote
     * mode: the user's vote with other content and a later (or the same) event time
     * replaced the stored one.
     */
    REPLACED,
    /** No stored feedback has the id; nothing changed. */
    NOT_FOUND,
    /**
     * One-vote mode: the store already holds a vote of the user on the message that
     * expresses the same ({@link io.github.agentfeedback.spi.Votes#sameVote}), such as a
     * retried call. The content is not rewritten; only when this vote's event time is later
     * than the stored one does the stored vote's {@code updatedAt} move forward to it, so
     * that an older vote arriving afterwards still loses. Not a change of what the user
     * expressed.
     */
    UNCHANGED,
    /**
     * One-vote mode: the store holds a vote of the user on the message with other content
     * and a later event time than this one's (a delayed retry of an earlier click). This
     * vote was ignored; nothing was written.
     */
    STALE,
    /**
     * The store's retention cap (a maximum of feedbacks per session, which keeps the newest
     * by creation time) dropped this feedback in the same write that added it: the session
     * holds as many feedbacks created later (for example, a replay of feedback trimmed
     * earlier, or the oldest items of a batch larger than the cap). It is not stored, and
     * nothing the session held was evicted for it.
     */
    TRIMMED
  }
}
