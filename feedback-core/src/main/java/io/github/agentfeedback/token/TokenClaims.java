package io.github.agentfeedback.token;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.InvalidFeedbackException;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a verified feedback token allows: one vote on one message of one session, by one user
 * when the token names one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sessionId the session
 * @param messageId the rated message
 * @param userId the user, or {@code null} for a token that names none
 * @param tokenId 32 hex digits drawn at random when the token was minted: the token's
 *     identity (for per-token rate limits, and the voter of a token without a user)
 * @param keyId the id of the key that signed the token
 * @param expiresAt when the token stops being accepted
 * @since 0.1.0
 */
public record TokenClaims(
    String sessionId,
    String messageId,
    @Nullable String userId,
    String tokenId,
    String keyId,
    Instant expiresAt) {

  /** Checks that the required claims are present. */
  public TokenClaims {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * The id of the vote this token allows. With a user, {@link Feedback#voteId(String, String)}
   * of the user and the message: one vote per user and message, whichever of the user's
   * tokens posts it (the id one-vote mode gives the same feedback). Without a user, the token
   * is the voter: {@code Feedback.voteId("token-" + tokenId, messageId)}, one vote per token
   * and message.
   *
   * @return the vote's id
   */
  public String voteId() {
    return Feedback.voteId(userId != null ? userId : "token-" + tokenId, messageId);
  }

  /**
   * The vote to store for feedback posted with this token: the posted feedback with the id
   * {@link #voteId()}, this message id and this user id. Store it with
   * {@code FeedbackManager.addVote(sessionId(), vote, context)}: re-posting replaces the vote
   * instead of adding a second.
   *
   * @param posted the posted feedback (rating, score, comment …); its id must be unset, and
   *     its message and user ids unset or equal to the token's
   * @return the vote
   * @throws InvalidFeedbackException naming the field if the posted feedback carries an id,
   *     or another message or user than the token's
   */
  public Feedback vote(Feedback posted) {
    if (posted.id() != null) {
      throw InvalidFeedbackException.of(
          "id", "not_allowed", "a vote posted with a token gets its id from the token");
    }
    if (posted.messageId() != null && !posted.messageId().equals(messageId)) {
      throw InvalidFeedbackException.of(
          "messageId", "token_mismatch", "the token allows a vote on another message");
    }
    if (posted.userId() != null && !posted.userId().equals(userId)) {
      throw InvalidFeedbackException.of(
          "userId", "token_mismatch", "the token was minted for another user");
    }
    return posted.toBuilder().id(voteId()).messageId(messageId).userId(userId).build();
  }
}
