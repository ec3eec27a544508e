package io.github.agentfeedback;

/**
 * What happens when feedback arrives for a session the store does not know.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum UnknownSessionPolicy {
  /** Create the session with the feedback (the default). */
  CREATE,
  /** Refuse with {@link SessionNotFoundException}; nothing is stored. */
  REFUSE
}
