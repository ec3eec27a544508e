package io.github.agentfeedback;

/**
 * What a call through the hook chain is doing. Hooks may act on some actions only.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum FeedbackAction {
  /** Feedback is being added to a session. */
  ADD
}
