package io.github.agentfeedback.hooks.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The loop-closing event: an escalation that a user's feedback was linked to was resolved,
 * so the application can tell that user their feedback was acted on. Made by the {@code
 * LoopCloser} (package {@code io.github.agentfeedback.hooks.escalation}) once per linked
 * feedback that carries a user id, and delivered as a {@link Notification} of type {@link
 * Notification#TYPE_RESOLVED}. Make one with {@link #builder()}, for example to test a
 * receiver.
 *
 * <p>Delivered at least once: {@link #id()} is stable and unique per escalation, session and
 * feedback, so a receiver that remembers the ids it handled drops a repeat.
 *
 * <p>{@link #toString()} does not print the note, which may hold personal data. Immutable and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class FeedbackResolved {

  private final String escalationId;
  private final String feedbackId;
  private final String sessionId;
  private final String userId;
  private final String note;
  private final String by;
  private final Instant at;

  private FeedbackResolved(Builder b) {
    List<String> missing = new ArrayList<>();
    addIfNull(b.escalationId, "escalationId", missing);
    addIfNull(b.feedbackId, "feedbackId", missing);
    addIfNull(b.sessionId, "sessionId", missing);
    addIfNull(b.userId, "userId", missing);
    addIfNull(b.by, "by", missing);
    addIfNull(b.at, "at", missing);
    if (!missing.isEmpty()) {
      throw new NullPointerException(
          "a resolved event needs " + String.join(", ", missing) + "; not set");
    }
    this.escalationId = notBlank(b.escalationId, "escalationId");
    this.feedbackId = notBlank(b.feedbackId, "feedbackId");
    this.sessionId = notBlank(b.sessionId, "sessionId");
    this.userId = notBlank(b.userId, "userId");
    this.by = notBlank(b.by, "by");
    this.at = Objects.requireNonNull(b.at);
    this.note = b.note;
  }

  private static void addIfNull(@Nullable Object value, String field, List<String> missing) {
    if (value == null) {
      missing.add(field);
    }
  }

  private static String notBlank(@Nullable String value, String field) {
    if (Objects.requireNonNull(value, field).isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  /**
   * A builder; every value but the note is required.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this event, to derive a changed copy.
   *
   * @return a new builder holding this event's values
   */
  public Builder toBuilder() {
    return new Builder()
        .escalationId(escalationId)
        .feedbackId(feedbackId)
        .sessionId(sessionId)
        .userId(userId)
        .note(note)
        .by(by)
        .at(at);
  }

  /**
   * The resolved escalation.
   *
   * @return its id, not blank
   */
  public String escalationId() {
    return escalationId;
  }

  /**
   * The user's feedback that was linked to the escalation.
   *
   * @return its id, not blank
   */
  public String feedbackId() {
    return feedbackId;
  }

  /**
   * The session of that feedback.
   *
   * @return the session id, not blank
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * The user who gave the feedback, the one to tell.
   *
   * @return the user id, not blank
   */
  public String userId() {
    return userId;
  }

  /**
   * The resolution's note: what was done. It may hold personal data.
   *
   * @return the note, "" for none
   */
  public String note() {
    return note;
  }

  /**
   * Who resolved the escalation.
   *
   * @return who, not blank
   */
  public String by() {
    return by;
  }

  /**
   * When the escalation was resolved.
   *
   * @return the instant
   */
  public Instant at() {
    return at;
  }

  /**
   * The event's stable id, the same on every delivery of it and unique per escalation,
   * session and feedback (feedback ids are unique within a session only): the three
   * unambiguously joined, {@code <length of escalation id>:<escalation id>:<length of session
   * id>:<session id>:<feedback id>}, for example {@code "3:e-1:3:s-1:f-9"}.
   *
   * @return the id
   */
  public String id() {
    return escalationId.length()
        + ":"
        + escalationId
        + ":"
        + sessionId.length()
        + ":"
        + sessionId
        + ":"
        + feedbackId;
  }

  /** An event is equal to one with all the same values. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o == this
        || (o instanceof FeedbackResolved r
            && escalationId.equals(r.escalationId)
            && feedbackId.equals(r.feedbackId)
            && sessionId.equals(r.sessionId)
            && userId.equals(r.userId)
            && note.equals(r.note)
            && by.equals(r.by)
            && at.equals(r.at));
  }

  @Override
  public int hashCode() {
    return Objects.hash(escalationId, feedbackId, sessionId, userId, note, by, at);
  }

  /** Describes the event without the note, which may hold personal data. */
  @Override
  public String toString() {
    return "FeedbackResolved[escalation="
        + escalationId
        + ", session="
        + sessionId
        + ", feedback="
        + feedbackId
        + ", by="
        + by
        + ", at="
        + at
        + "]";
  }

  /**
   * Builds a {@link FeedbackResolved}. Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String escalationId;
    private @Nullable String feedbackId;
    private @Nullable String sessionId;
    private @Nullable String userId;
    private String note = "";
    private @Nullable String by;
    private @Nullable Instant at;

    private Builder() {}

    /**
     * Sets the resolved escalation. Required.
     *
     * @param escalationId its id, not blank
     * @return this builder
     */
    public Builder escalationId(String escalationId) {
      this.escalationId = Objects.requireNonNull(escalationId, "escalationId");
      return this;
    }

    /**
     * Sets the user's feedback linked to the escalation. Required.
     *
     * @param feedbackId its id, not blank
     * @return this builder
     */
    public Builder feedbackId(String feedbackId) {
      this.feedbackId = Objects.requireNonNull(feedbackId, "feedbackId");
      return this;
    }

    /**
     * Sets the session of that feedback. Required.
     *
     * @param sessionId the session id, not blank
     * @return this builder
     */
    public Builder sessionId(String sessionId) {
      this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
      return this;
    }

    /**
     * Sets the user who gave the feedback. Required.
     *
     * @param userId the user id, not blank
     * @return this builder
     */
    public Builder userId(String userId) {
      this.userId = Objects.requireNonNull(userId, "userId");
      return this;
    }

    /**
     * Sets the resolution's note; "" unless set.
     *
     * @param note the note, "" for none
     * @return this builder
     */
    public Builder note(String note) {
      this.note = Objects.requireNonNull(note, "note");
      return this;
    }

    /**
     * Sets who resolved the escalation. Required.
     *
     * @param by who, not blank
     * @return this builder
     */
    public Builder by(String by) {
      this.by = Objects.requireNonNull(by, "by");
      return this;
    }

    /**
     * Sets when the escalation was resolved. Required.
     *
     * @param at the instant
     * @return this builder
     */
    public Builder at(Instant at) {
      this.at = Objects.requireNonNull(at, "at");
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     * @throws NullPointerException naming every required value that is not set
     * @throws IllegalArgumentException naming a value that is blank
     */
    public FeedbackResolved build() {
      return new FeedbackResolved(this);
    }
  }
}
