package io.github.agentfeedback.capture;

import io.github.agentfeedback.FeedbackResult;

/**
 * What a call through the hook chain is doing. Hooks that change or check feedback
 * (validation, sanitizing, redaction) should act on both actions, so that replaced
 * feedback meets the same rules as new feedback; hooks with side effects decide per
 * action.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum FeedbackAction {
  /** Feedback is being added to a session. */
  ADD,
  /**
   * Stored feedback with the same id is being replaced ({@link FeedbackManager#updateFeedback});
   * the result's outcome tells whether it was found. (A user's second vote on a message in
   * one-vote mode is an {@link #ADD} whose outcome is
   * {@link FeedbackResult.Outcome#REPLACED}.)
   */
  UPDATE
}
