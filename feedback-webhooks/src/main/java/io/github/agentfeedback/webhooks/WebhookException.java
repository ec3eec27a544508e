package io.github.agentfeedback.webhooks;

import io.github.agentfeedback.FeedbackException;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WebhookNotifier} gave up delivering a notification: the receiver answered with
 * a status that is not retried, or every attempt failed.
 *
 * <p>The message names the receiver by scheme, host and port only (a webhook URL's path
 * may hold a secret token) and never includes the comment. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WebhookException extends FeedbackException {

  private static final long serialVersionUID = 1L;

  /** The last HTTP status received, or -1 if the last attempt got none. */
  private final int statusCode;

  /** How many requests were sent. */
  private final int attempts;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param statusCode the last HTTP status received, or -1 if the last attempt got none
   * @param attempts how many requests were sent
   * @param cause the last I/O error, or {@code null}
   */
  public WebhookException(String message, int statusCode, int attempts, @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.attempts = attempts;
  }

  /**
   * The last HTTP status received.
   *
   * @return the status, or empty if the last attempt failed without a response
   */
  public OptionalInt statusCode() {
    return statusCode < 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }

  /**
   * How many requests were sent.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }
}
