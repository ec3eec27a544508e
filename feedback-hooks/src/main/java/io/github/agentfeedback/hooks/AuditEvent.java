package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackAction;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One audit record written by {@link AuditHook}: one with {@link Phase#BEFORE} when
 * feedback reaches the hook, one with {@link Phase#AFTER} when the rest of the chain and the
 * store are done.
 *
 * <p>The comment text is {@code null} unless the hook was configured to include it;
 * {@link #commentLength()} is always given. {@link #toString()} never prints the comment.
 * Immutable and thread-safe.
 *
 * @param phase before or after storage
 * @param time when the event happened, from the hook's clock
 * @param action what the call was doing: adding feedback, or replacing it
 *     ({@code updateFeedback})
 * @param sessionId the session
 * @param feedbackId the feedback id
 * @param userId the user who gave the feedback, or {@code null}
 * @param rating the rating, or {@code null} for feedback without a rating (a score alone)
 * @param outcome what happened; {@code null} for {@link Phase#BEFORE}
 * @param duration how long the rest of the chain took; {@code null} for
 *     {@link Phase#BEFORE}
 * @param reason why feedback was rejected or failed — the rejection code (such as
 *     {@code RATE_LIMITED}), {@code INVALID} with the offending fields, or the class name of
 *     the exception or {@link Error} thrown — or {@code null}
 * @param commentLength the comment's length in chars
 * @param comment the comment text, or {@code null} when omitted (the default)
 * @param principal who called: the authenticated principal of the call's
 *     {@link io.github.agentfeedback.capture.CallContext}, or {@code null} (an anonymous
 *     call, or a caller that gave no context)
 * @param clientAddress where the call came from: the client address of the call's context,
 *     or {@code null}
 * @since 0.1.0
 */
public record AuditEvent(
    Phase phase,
    Instant time,
    FeedbackAction action,
    String sessionId,
    String feedbackId,
    @Nullable String userId,
    @Nullable Rating rating,
    @Nullable Outcome outcome,
    @Nullable Duration duration,
    @Nullable String reason,
    int commentLength,
    @Nullable String comment,
    @Nullable String principal,
    @Nullable String clientAddress) {

  /**
   * Validates the required components.
   *
   * @throws NullPointerException naming the component if a required one is null
   * @throws IllegalArgumentException if {@code commentLength} is negative
   */
  public AuditEvent {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(feedbackId, "feedbackId");
    if (phase == Phase.AFTER) {
      Objects.requireNonNull(outcome, "outcome is required after storage");
      Objects.requireNonNull(duration, "duration is required after storage");
    }
    if (commentLength < 0) {
      throw new IllegalArgumentException(
          "commentLength must not be negative, was " + commentLength);
    }
  }

  /** Describes the event without the comment text. */
  @Override
  public String toString() {
    return "AuditEvent[phase="
        + phase
        + ", time="
        + time
        + ", action="
        + action
        + ", sessionId="
        + sessionId
        + ", feedbackId="
        + feedbackId
        + ", userId="
        + userId
        + ", rating="
        + rating
        + ", outcome="
        + outcome
        + ", duration="
        + duration
        + ", reason="
        + reason
        + ", commentLength="
        + commentLength
        + ", comment="
        + (comment == null ? "omitted" : "<" + comment.length() + " chars>")
        + ", principal="
        + principal
        + ", clientAddress="
        + clientAddress
        + "]";
  }

  /**
   * When an event was recorded.
   *
   * @since 0.1.0
   */
  public enum Phase {
    /** The feedback reached the audit hook; nothing is stored yet. */
    BEFORE,
    /** The rest of the chain and the store are done. */
    AFTER
  }

  /**
   * What became of the feedback.
   *
   * @since 0.1.0
   */
  public enum Outcome {
    /** Stored by this call. */
    CREATED,
    /** Its id was already stored; nothing was added. */
    DUPLICATE,
    /**
     * Stored feedback with its id was replaced: by {@code updateFeedback}, or by a user's
     * new vote on a message in one-vote mode.
     */
    REPLACED,
    /** An update found no stored feedback with its id; nothing was stored. */
    NOT_FOUND,
    /**
     * One-vote mode: the same vote of the user on the message was already stored (a retried
     * or repeated click); its content was not rewritten.
     */
    UNCHANGED,
    /**
     * One-vote mode: a more recent vote of the user on the message is stored; this older
     * one was ignored.
     */
    STALE,
    /**
     * The store's retention cap dropped the feedback in the write that added it (older than
     * everything the full session keeps); not stored.
     */
    TRIMMED,
    /** A later hook refused it ({@code FeedbackRejectedException} or
     * {@code InvalidFeedbackException}); nothing was stored. */
    REJECTED,
    /** The store or a later hook failed unexpectedly: threw an exception or an error. */
    FAILED
  }
}
