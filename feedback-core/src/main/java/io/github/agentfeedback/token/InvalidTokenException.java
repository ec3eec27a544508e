package io.github.agentfeedback.token;

import io.github.agentfeedback.FeedbackException;
import java.util.Objects;

/**
 * A feedback token was refused. {@link #reason()} says why, and the message says no more:
 * never the token (a credential), never which byte or claim differed.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class InvalidTokenException extends FeedbackException {

  private static final long serialVersionUID = 1L;

  /**
   * Why a token was refused.
   *
   * @since 0.1.0
   */
  public enum Reason {
    /**
     * Not a token at all: empty, too long, chars outside the URL-safe Base64 alphabet, or
     * bytes not laid out as a token.
     */
    MALFORMED,
    /** Signed with a key id the verifier does not hold (never known, or removed). */
    UNKNOWN_KEY,
    /**
     * The signature does not match the claims under the named key: a token made without the
     * key, or a real token with a claim or the signature changed. A MAC cannot tell a forgery
     * from a tampered token, and the verifier does not try: telling which part differs would
     * help an attacker.
     */
    FORGED_OR_TAMPERED,
    /** Genuine, but past its expiry. */
    EXPIRED
  }

  private final Reason reason;

  /**
   * A refusal.
   *
   * @param reason why
   * @param message what to tell, without the token
   */
  public InvalidTokenException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the token was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
