package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The store failed to carry out an operation.
 *
 * <p>The message names the operation, the session and, where there is one, the feedback
 * id; the cause is the store's own exception (for MongoDB, the driver's).
 * {@link #retrySafe()} tells whether repeating the same call cannot store anything twice
 * and may succeed: appends are idempotent on the feedback id, so a retried append that
 * already reached the store reports {@code created() == false} instead of a copy.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FeedbackStoreException extends FeedbackException {

  private static final long serialVersionUID = 1L;

  private final String operation;
  private final @Nullable String sessionId;
  private final @Nullable String feedbackId;
  private final boolean retrySafe;

  /**
   * Creates a store failure.
   *
   * @param message what went wrong
   * @param operation the store operation, for example {@code "append"}
   * @param sessionId the session concerned, or {@code null}
   * @param feedbackId the feedback concerned, or {@code null}
   * @param retrySafe whether repeating the call is safe and may succeed
   * @param cause the store's own exception, or {@code null}
   */
  public FeedbackStoreException(
      String message,
      String operation,
      @Nullable String sessionId,
      @Nullable String feedbackId,
      boolean retrySafe,
      @Nullable Throwable cause) {
    super(describe(message, operation, sessionId, feedbackId), cause);
    this.operation = operation;
    this.sessionId = sessionId;
    this.feedbackId = feedbackId;
    this.retrySafe = retrySafe;
  }

  /**
   * The operation that failed, for example {@code "append"} or {@code "stats"}.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }

  /**
   * The session concerned.
   *
   * @return the session id, or empty for operations across sessions
   */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /**
   * The feedback concerned.
   *
   * @return the feedback id, or empty when no single feedback was concerned
   */
  public Optional<String> feedbackId() {
    return Optional.ofNullable(feedbackId);
  }

  /**
   * Whether the same call may be repeated safely and may then succeed.
   *
   * @return true for transient failures (network, failover, timeouts)
   */
  public boolean retrySafe() {
    return retrySafe;
  }

  private static String describe(
      String message, String operation, @Nullable String sessionId, @Nullable String feedbackId) {
    StringBuilder sb = new StringBuilder(operation).append(" failed");
    if (sessionId != null) { // ids as quoted in messages: up to 64 chars
      sb.append(" for session '").append(Checks.shown(sessionId)).append('\'');
    }
    if (feedbackId != null) {
      sb.append(", feedback '").append(Checks.shown(feedbackId)).append('\'');
    }
    return sb.append(": ").append(message).toString();
  }
}
