package io.github.agentfeedback.webhooks;

import io.github.agentfeedback.FeedbackException;
import java.util.Objects;

/**
 * A {@link WebhookVerifier} refused a webhook request: a header is missing or malformed, no
 * signature matches a configured secret, or the timestamp is outside the tolerance.
 * {@link #reason()} says which and {@link #header()} names the header at fault.
 *
 * <p>A receiver should answer such a request with an error status (401 is usual) and not
 * act on its body. The message never repeats a secret, a signature or the body.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WebhookVerificationException extends FeedbackException {

  private static final long serialVersionUID = 1L;

  /**
   * Why a request was refused.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Reason {
    /** A required header is absent. */
    MISSING_HEADER,
    /**
     * A header is present but not as the convention writes it: given more than once, an
     * empty or invalid id, a timestamp that is not integer Unix seconds, or a signature
     * list with an entry that is not {@code <version>,<signature>}.
     */
    MALFORMED_HEADER,
    /** The timestamp is older than the tolerance allows: possibly a replayed request. */
    TIMESTAMP_TOO_OLD,
    /** The timestamp is further in the future than the tolerance allows. */
    TIMESTAMP_TOO_NEW,
    /**
     * No {@code v1} signature in the list matches the body, id and timestamp under any
     * configured secret: tampered, signed with another secret, or not signed with
     * {@code v1} at all.
     */
    NO_MATCHING_SIGNATURE
  }

  /** Why the request was refused. */
  private final Reason reason;

  /** The name of the header at fault. */
  private final String header;

  /**
   * Creates the exception.
   *
   * @param reason why the request was refused
   * @param header the name of the header at fault, such as {@code webhook-timestamp}
   * @param message what went wrong, naming the header; never a secret or a signature
   */
  public WebhookVerificationException(Reason reason, String header, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.header = Objects.requireNonNull(header, "header");
  }

  /**
   * Why the request was refused.
   *
   * @return the reason, never null
   */
  public Reason reason() {
    return reason;
  }

  /**
   * The header at fault: {@value WebhookNotifier#ID_HEADER},
   * {@value WebhookNotifier#TIMESTAMP_HEADER} or {@value WebhookNotifier#SIGNATURE_HEADER}.
   *
   * @return the header's name, never null
   */
  public String header() {
    return header;
  }
}
