package io.github.agentfeedback.hooks.notify;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.hooks.NotificationHook;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something worth telling a person or a system about: a stored feedback (the 3rd negative
 * feedback in a session), an escalation raised by a rule, or a resolved escalation that
 * closes the loop with a user ({@link FeedbackResolved}).
 *
 * <p>A notification carries at least one of {@link #feedback()}, {@link #escalation()} and
 * {@link #resolved()}. {@link NotificationHook} creates notifications of {@link
 * #TYPE_FEEDBACK type "feedback"} with {@link #ofFeedback}; the {@code EscalationRouter}
 * creates {@link #TYPE_ESCALATION "escalation"} ones carrying the escalation, and the {@code
 * LoopCloser} {@link #TYPE_RESOLVED "resolved"} ones; all go through the same {@link
 * Notifier}s and {@link NotificationDispatcher}. Make one with {@link #builder()}.
 *
 * <p>{@link #toString()} does not print the feedback's comment or a note, which may hold
 * personal data. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Notification {

  /** The type of notifications about feedback that matched a {@link NotificationHook}. */
  public static final String TYPE_FEEDBACK = "feedback";

  /** The type of notifications about an escalation, which asks a person to take over. */
  public static final String TYPE_ESCALATION = "escalation";

  /** The type of loop-closing notifications: a user's feedback was acted on. */
  public static final String TYPE_RESOLVED = "resolved";

  private final String type;
  private final @Nullable String sessionId;
  private final @Nullable Feedback feedback;
  private final @Nullable Escalation escalation;
  private final @Nullable FeedbackResolved resolved;
  private final long count;
  private final Instant time;
  private final String reason;
  private final String message;

  private Notification(Builder b) {
    this.type = Objects.requireNonNull(b.type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("type must not be blank");
    }
    if (b.sessionId != null && b.sessionId.isBlank()) {
      throw new IllegalArgumentException("sessionId must not be blank when set");
    }
    if (b.count < 0) {
      throw new IllegalArgumentException("count must be at least 0, was " + b.count);
    }
    if (b.feedback == null && b.escalation == null && b.resolved == null) {
      throw new IllegalArgumentException(
          "a notification carries a feedback, an escalation or a resolved event; none was set");
    }
    this.sessionId = b.sessionId;
    this.feedback = b.feedback;
    this.escalation = b.escalation;
    this.resolved = b.resolved;
    this.count = b.count;
    this.time = Objects.requireNonNull(b.time, "time");
    this.reason = b.reason;
    this.message = b.message;
  }

  /**
   * A notification about a stored feedback, the shorthand for the builder.
   *
   * @param type the type, such as {@link #TYPE_FEEDBACK}; not blank
   * @param sessionId the session the feedback belongs to; not blank
   * @param feedback the feedback as stored
   * @param count how many feedbacks of this kind the session has had so far, this one
   *     included; zero or more
   * @param time when the notification was created
   * @param reason a short machine-readable reason, such as {@code "rating_down"}
   * @param message a short human-readable message, without the comment
   * @return the notification
   * @throws NullPointerException if a value is null
   * @throws IllegalArgumentException if the type or session id is blank, or the count is
   *     negative
   */
  public static Notification ofFeedback(
      String type,
      String sessionId,
      Feedback feedback,
      long count,
      Instant time,
      String reason,
      String message) {
    return builder()
        .type(type)
        .sessionId(Objects.requireNonNull(sessionId, "sessionId"))
        .feedback(Objects.requireNonNull(feedback, "feedback"))
        .count(count)
        .time(time)
        .reason(reason)
        .message(message)
        .build();
  }

  /**
   * A builder; the type, the time and one of feedback, escalation and resolved event are
   * required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this notification.
   *
   * @return a new builder holding this notification's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.type = type;
    b.sessionId = sessionId;
    b.feedback = feedback;
    b.escalation = escalation;
    b.resolved = resolved;
    b.count = count;
    b.time = time;
    b.reason = reason;
    b.message = message;
    return b;
  }

  /**
   * What kind of notification this is, such as {@link #TYPE_FEEDBACK}, {@link
   * #TYPE_ESCALATION} or {@link #TYPE_RESOLVED}.
   *
   * @return the type, not blank
   */
  public String type() {
    return type;
  }

  /**
   * The session it is about: the feedback's session, an escalation's first session, or the
   * session of the resolved feedback.
   *
   * @return the session id, or {@code null} when it is about no one session (an escalation
   *     over a group)
   */
  public @Nullable String sessionId() {
    return sessionId;
  }

  /**
   * The feedback as stored.
   *
   * @return the feedback, or {@code null} for a notification about an escalation or a
   *     resolution alone
   */
  public @Nullable Feedback feedback() {
    return feedback;
  }

  /**
   * The escalation, as stored when the notification was made.
   *
   * @return the escalation, or {@code null} for a notification about feedback alone
   */
  public @Nullable Escalation escalation() {
    return escalation;
  }

  /**
   * The loop-closing event.
   *
   * @return the event, or {@code null} unless the notification is of type {@link
   *     #TYPE_RESOLVED}
   */
  public @Nullable FeedbackResolved resolved() {
    return resolved;
  }

  /**
   * A count: how many feedbacks of this kind the session has had so far, this one included
   * (3 for the 3rd negative feedback), or how many times an escalation was raised.
   *
   * @return zero or more
   */
  public long count() {
    return count;
  }

  /**
   * When the notification was created.
   *
   * @return the instant
   */
  public Instant time() {
    return time;
  }

  /**
   * A short machine-readable reason, such as {@code "rating_down"} or a rule's name.
   *
   * @return the reason, possibly empty
   */
  public String reason() {
    return reason;
  }

  /**
   * A short human-readable message, such as {@code "3rd negative feedback in session s-1"}.
   * It does not repeat the comment: notifiers decide whether to show the comment.
   *
   * @return the message, possibly empty
   */
  public String message() {
    return message;
  }

  /**
   * What the notification is about, for logs and error messages: {@code "feedback f-9 in
   * session s-1"}, {@code "escalation e-1 (rule three_downs, subject session:s-1)"} or {@code
   * "resolved escalation e-1 for feedback f-9 in session s-1"}. Never holds a comment or a
   * note.
   *
   * @return the description
   */
  public String about() {
    if (resolved != null) {
      return "resolved escalation "
          + resolved.escalationId()
          + " for feedback "
          + resolved.feedbackId()
          + " in session "
          + resolved.sessionId();
    }
    if (escalation != null) {
      return "escalation "
          + escalation.id()
          + " (rule "
          + escalation.rule()
          + ", subject "
          + escalation.subject()
          + ")";
    }
    return "feedback " + Objects.requireNonNull(feedback).id() + " in session " + sessionId;
  }

  /** A notification is equal to one with all the same values. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Notification n
            && count == n.count
            && type.equals(n.type)
            && Objects.equals(sessionId, n.sessionId)
            && Objects.equals(feedback, n.feedback)
            && Objects.equals(escalation, n.escalation)
            && Objects.equals(resolved, n.resolved)
            && time.equals(n.time)
            && reason.equals(n.reason)
            && message.equals(n.message));
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, sessionId, feedback, escalation, resolved, count, time);
  }

  /** Describes the notification without comment or note. */
  @Override
  public String toString() {
    return "Notification["
        + type
        + ", "
        + about()
        + ", count="
        + count
        + ", time="
        + time
        + ", reason="
        + reason
        + "]";
  }

  /**
   * Builds a {@link Notification}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String type;
    private @Nullable String sessionId;
    private @Nullable Feedback feedback;
    private @Nullable Escalation escalation;
    private @Nullable FeedbackResolved resolved;
    private long count;
    private @Nullable Instant time;
    private String reason = "";
    private String message = "";

    private Builder() {}

    /**
     * Sets the type. Required.
     *
     * @param type not blank
     * @return this builder
     */
    public Builder type(String type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * Sets the session.
     *
     * @param sessionId the session id, not blank, or {@code null} for none
     * @return this builder
     */
    public Builder sessionId(@Nullable String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /**
     * Sets the feedback.
     *
     * @param feedback the feedback as stored, or {@code null}
     * @return this builder
     */
    public Builder feedback(@Nullable Feedback feedback) {
      this.feedback = feedback;
      return this;
    }

    /**
     * Sets the escalation.
     *
     * @param escalation the escalation, or {@code null}
     * @return this builder
     */
    public Builder escalation(@Nullable Escalation escalation) {
      this.escalation = escalation;
      return this;
    }

    /**
     * Sets the loop-closing event.
     *
     * @param resolved the event, or {@code null}
     * @return this builder
     */
    public Builder resolved(@Nullable FeedbackResolved resolved) {
      this.resolved = resolved;
      return this;
    }

    /**
     * Sets the count; 0 unless set.
     *
     * @param count zero or more
     * @return this builder
     */
    public Builder count(long count) {
      this.count = count;
      return this;
    }

    /**
     * Sets when the notification was created. Required.
     *
     * @param time the instant
     * @return this builder
     */
    public Builder time(Instant time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Sets the machine-readable reason; "" unless set.
     *
     * @param reason the reason
     * @return this builder
     */
    public Builder reason(String reason) {
      this.reason = Objects.requireNonNull(reason, "reason");
      return this;
    }

    /**
     * Sets the human-readable message; "" unless set.
     *
     * @param message the message, without comment text
     * @return this builder
     */
    public Builder message(String message) {
      this.message = Objects.requireNonNull(message, "message");
      return this;
    }

    /**
     * Builds the notification.
     *
     * @return the notification
     * @throws NullPointerException if the type or time is missing
     * @throws IllegalArgumentException if the type or the session id is blank, the count is
     *     negative, or neither a feedback, an escalation nor a resolved event is set
     */
    public Notification build() {
      return new Notification(this);
    }
  }
}
