package io.github.agentfeedback;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A hook refused well-formed feedback by policy (rate limit, spam). Nothing was stored.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FeedbackRejectedException extends FeedbackException {

  private static final long serialVersionUID = 1L;

  /** The sender went over a rate limit; {@link #retryAfter()} says when to try again. */
  public static final String RATE_LIMITED = "RATE_LIMITED";

  /** The feedback looks like spam. */
  public static final String SPAM = "SPAM";

  private final String code;
  private final @Nullable Duration retryAfter;

  /**
   * Creates a rejection.
   *
   * @param code a stable reason code such as {@link #RATE_LIMITED} or {@link #SPAM}
   * @param message a human-readable reason
   * @param retryAfter when a retry may succeed, or {@code null} if it never will
   */
  public FeedbackRejectedException(String code, String message, @Nullable Duration retryAfter) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.retryAfter = retryAfter;
  }

  /**
   * Creates a rejection after which a retry will not help.
   *
   * @param code a stable reason code
   * @param message a human-readable reason
   */
  public FeedbackRejectedException(String code, String message) {
    this(code, message, null);
  }

  /**
   * The reason code, for example {@link #RATE_LIMITED}.
   *
   * @return the code, never null
   */
  public String code() {
    return code;
  }

  /**
   * How long to wait before a retry may succeed.
   *
   * @return the wait, or empty when a retry will not help
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
