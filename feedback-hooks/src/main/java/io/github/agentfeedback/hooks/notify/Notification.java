package io.github.agentfeedback.hooks.notify;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.hooks.NotificationHook;
import java.time.Instant;
import java.util.Objects;

/**
 * Something worth telling a person or a system about a stored feedback: the 3rd negative
 * feedback in a session, an escalation, and so on.
 *
 * <p>{@link NotificationHook} creates notifications of {@link #TYPE_FEEDBACK type
 * "feedback"}; other hooks may create their own types (such as
 * {@link #TYPE_ESCALATION "escalation"}) and deliver them through the same
 * {@link Notifier}s and {@link NotificationDispatcher}.
 *
 * <p>{@link #toString()} does not print the feedback's comment, which may hold personal
 * data. Immutable and thread-safe.
 *
 * @param type what kind of notification this is, such as {@code "feedback"} or
 *     {@code "escalation"}; not blank
 * @param sessionId the session the feedback belongs to; not blank
 * @param feedback the feedback as stored; never null
 * @param count how many feedbacks of this kind the session has had so far, this one
 *     included (3 for the 3rd negative feedback); zero or more
 * @param time when the notification was created; never null
 * @param reason a short machine-readable reason, such as {@code "rating_down"}; never null,
 *     may be empty
 * @param message a short human-readable message, such as
 *     {@code "3rd negative feedback in session s-1"}; never null. It should not repeat
 *     the comment: notifiers decide whether to show the comment.
 * @since 0.1.0
 */
public record Notification(
    String type,
    String sessionId,
    Feedback feedback,
    long count,
    Instant time,
    String reason,
    String message) {

  /** The type of notifications about feedback that matched a {@link NotificationHook}. */
  public static final String TYPE_FEEDBACK = "feedback";

  /** The type of notifications that ask a person to take over (escalations). */
  public static final String TYPE_ESCALATION = "escalation";

  /**
   * Validates every component.
   *
   * @throws NullPointerException if a component other than the count is null
   * @throws IllegalArgumentException if the type or session id is blank, or the count is
   *     negative
   */
  public Notification {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(feedback, "feedback");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    if (type.isBlank()) {
      throw new IllegalArgumentException("type must not be blank");
    }
    if (sessionId.isBlank()) {
      throw new IllegalArgumentException("sessionId must not be blank");
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be at least 0, was " + count);
    }
  }
}
