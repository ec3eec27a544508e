package io.github.agentfeedback;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception this library throws. All are unchecked.
 *
 * <p>Instances are immutable and may be shared between threads.
 *
 * @since 0.1.0
 */
public class FeedbackException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public FeedbackException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the exception that caused it.
   *
   * @param message what went wrong
   * @param cause the underlying failure, kept for diagnosis
   */
  public FeedbackException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
