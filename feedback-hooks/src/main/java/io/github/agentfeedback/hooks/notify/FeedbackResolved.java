package io.github.agentfeedback.hooks.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * The loop-closing event: an escalation that a user's feedback was linked to was resolved,
 * so the application can tell that user their feedback was acted on. Made by the {@code
 * LoopCloser} (package {@code io.github.agentfeedback.hooks.escalation}) once per linked
 * feedback that carries a user id, and delivered as a {@link Notification} of type {@link
 * Notification#TYPE_RESOLVED}.
 *
 * <p>Delivered at least once: {@link #id()} is stable ({@code <escalation id>/<feedback id>}),
 * so a receiver that remembers the ids it handled drops a repeat.
 *
 * <p>Immutable and thread-safe.
 *
 * @param escalationId the resolved escalation
 * @param feedbackId the user's feedback linked to it
 * @param sessionId the session of that feedback
 * @param userId the user who gave it
 * @param note the resolution's note, "" for none
 * @param by who resolved the escalation
 * @param at when it was resolved
 * @since 0.1.0
 */
public record FeedbackResolved(
    String escalationId,
    String feedbackId,
    String sessionId,
    String userId,
    String note,
    String by,
    Instant at) {

  /**
   * Checks that every component is present.
   *
   * @throws NullPointerException naming a missing component
   */
  public FeedbackResolved {
    Objects.requireNonNull(escalationId, "escalationId");
    Objects.requireNonNull(feedbackId, "feedbackId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
  }

  /**
   * The event's stable id, the same on every delivery of it: {@code <escalation
   * id>/<feedback id>}.
   *
   * @return the id
   */
  public String id() {
    return escalationId + "/" + feedbackId;
  }

  /** Describes the event without the note, which may hold personal data. */
  @Override
  public String toString() {
    return "FeedbackResolved["
        + id()
        + ", session="
        + sessionId
        + ", by="
        + by
        + ", at="
        + at
        + "]";
  }
}
