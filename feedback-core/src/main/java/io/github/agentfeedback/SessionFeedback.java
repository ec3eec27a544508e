package io.github.agentfeedback;

import java.util.Objects;

/**
 * Stored feedback together with the session it belongs to, as streamed by a store.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sessionId the session
 * @param feedback the feedback
 * @since 0.1.0
 */
public record SessionFeedback(String sessionId, Feedback feedback) {

  /** Validates that both components are present. */
  public SessionFeedback {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(feedback, "feedback");
  }
}
