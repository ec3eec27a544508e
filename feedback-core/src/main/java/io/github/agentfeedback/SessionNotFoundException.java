package io.github.agentfeedback;

/**
 * Feedback was sent to a session that does not exist while the manager is configured with
 * {@link UnknownSessionPolicy#REFUSE}. Nothing was stored.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class SessionNotFoundException extends FeedbackException {

  private static final long serialVersionUID = 1L;

  private final String sessionId;

  /**
   * Creates the exception.
   *
   * @param sessionId the session that was not found
   */
  public SessionNotFoundException(String sessionId) {
    super("Session '" + sessionId + "' does not exist and unknown sessions are refused");
    this.sessionId = sessionId;
  }

  /**
   * The session that was not found.
   *
   * @return the session id
   */
  public String sessionId() {
    return sessionId;
  }
}
