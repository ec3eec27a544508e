package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.internal.Checks;

/**
 * One stored feedback, named by its session and its id: the way an {@link Escalation} links
 * the feedback it concerns. A feedback id is unique within its session only (two sessions may
 * both hold a feedback {@code "1"}), so the session is part of the name.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sessionId the session that holds the feedback; non-blank, at most {@value
 *     FeedbackLimits#MAX_SESSION_ID_LENGTH} chars, well-formed UTF-16, without NUL (as a
 *     session id of the model)
 * @param feedbackId the feedback's id in that session; non-blank, at most {@value
 *     FeedbackLimits#MAX_ID_LENGTH} chars, well-formed UTF-16, without NUL (as a feedback
 *     id of the model)
 * @since 0.1.0
 */
public record FeedbackRef(String sessionId, String feedbackId) {

  /**
   * Validates both parts, reporting every broken rule at once.
   *
   * @throws io.github.agentfeedback.InvalidFeedbackException naming {@code sessionId} or
   *     {@code feedbackId} and the limit, if one is null, blank, too long, not well-formed
   *     UTF-16 or holds NUL
   */
  public FeedbackRef {
    Checks checks = new Checks();
    checks.id("sessionId", sessionId, Checks.MAX_SESSION_ID_LENGTH);
    checks.id("feedbackId", feedbackId, Checks.MAX_ID_LENGTH);
    checks.throwIfAny();
  }
}
