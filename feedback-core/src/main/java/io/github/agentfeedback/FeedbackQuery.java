package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.Values;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Selects stored feedback for streaming and statistics. Every criterion is optional; an
 * absent one matches everything, and the criteria given must all match.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sessionIds only these sessions; empty for all
 * @param since only feedback created at or after this instant, or {@code null}; rounded up
 *     to the millisecond, the precision of stored times
 * @param until only feedback created before this instant, or {@code null}; rounded up to
 *     the millisecond
 * @param rating only this rating, or {@code null}; feedback without a rating (a score
 *     alone) matches no rating, so {@link Rating#NEUTRAL} selects neutral feedback only
 * @param userId only this user's feedback, or {@code null}
 * @param tag only feedback carrying this tag, or {@code null}
 * @param metadata only sessions whose metadata holds each of these key/value pairs; numbers
 *     are compared by value ({@code 3}, {@code 3L} and {@code 3.0} are equal), and a
 *     {@code null} value matches a key that is absent or holds {@code null}
 * @param messageId only feedback on this agent message, or {@code null}
 * @param traceId only feedback on this OpenTelemetry trace, or {@code null} (any case;
 *     compared in lower case)
 * @param spanId only feedback on this OpenTelemetry span, or {@code null}
 * @param model only feedback on answers of this model, or {@code null}; a model without a
 *     version matches every version of the name
 * @param source only feedback from this source, or {@code null}
 * @param authorId only feedback by this author (reviewer, judge), or {@code null}
 * @param reviewStatus only feedback whose review has this status, or {@code null}
 * @since 0.1.0
 */
public record FeedbackQuery(
    Set<String> sessionIds,
    Instant since,
    Instant until,
    Rating rating,
    String userId,
    String tag,
    Map<String, Object> metadata,
    String messageId,
    String traceId,
    String spanId,
    ModelRef model,
    Source source,
    String authorId,
    ReviewStatus reviewStatus) {

  private static final FeedbackQuery ALL = new Builder().build();

  /**
   * Validates and copies the criteria.
   *
   * @throws InvalidFeedbackException if a session id, the user id, the tag or a metadata
   *     key or value is invalid, a bound lies outside {@link FeedbackLimits#MIN_INSTANT}
   *     ..{@link FeedbackLimits#MAX_INSTANT}, or {@code since} is after {@code until}
   */
  public FeedbackQuery {
    Checks checks = new Checks();
    if (sessionIds == null || sessionIds.isEmpty()) {
      sessionIds = Set.of();
    } else {
      for (Object id : sessionIds) { // raw: a set built without generics may hold anything
        if (checks.full()) {
          break;
        }
        String s = Checks.string(checks, "sessionIds", -1, id);
        if (s != null || id == null) {
          checks.id("sessionIds", s, Checks.MAX_SESSION_ID_LENGTH);
        }
      }
      checks.throwIfAny();
      sessionIds = Set.copyOf(sessionIds);
    }
    // Stored times are kept to the millisecond: rounding the bounds up keeps every store's
    // answer the same ("at or after since", "before until").
    since = ceilToMillis(checks, "since", since);
    until = ceilToMillis(checks, "until", until);
    if (since != null && until != null && since.isAfter(until)) {
      checks.add("since", "after_until", "since (" + since + ") must not be after until ("
          + until + ")");
    }
    checks.optionalId("userId", userId, Checks.MAX_ID_LENGTH);
    checks.optionalId("tag", tag, Feedback.MAX_TAG_LENGTH);
    metadata = Values.metadata(metadata, checks);
    checks.optionalId("messageId", messageId, Checks.MAX_ID_LENGTH);
    checks.optionalId("authorId", authorId, Checks.MAX_ID_LENGTH);
    traceId = checks.hexId("traceId", traceId, Feedback.TRACE_ID_LENGTH);
    spanId = checks.hexId("spanId", spanId, Feedback.SPAN_ID_LENGTH);
    checks.throwIfAny();
  }

  private static Instant ceilToMillis(Checks checks, String field, Instant t) {
    if (t == null) {
      return null;
    }
    Instant floor = checks.instant(field, t);
    if (floor.equals(t) || !Checks.inRange(t)) {
      return floor;
    }
    return checks.instant(field, floor.plusMillis(1));
  }

  /**
   * A query matching all stored feedback.
   *
   * @return the query
   */
  public static FeedbackQuery all() {
    return ALL;
  }

  /**
   * A query for one session.
   *
   * @param sessionId the session
   * @return the query
   */
  public static FeedbackQuery session(String sessionId) {
    return builder().sessionId(sessionId).build();
  }

  /**
   * A builder for queries.
   *
   * @return a new builder matching everything
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether a feedback matches the criteria that concern feedback itself (everything but
   * session ids and metadata, which are the store's to match).
   *
   * @param feedback stored feedback
   * @return true when every such criterion holds
   */
  public boolean matches(Feedback feedback) {
    Instant at = feedback.createdAt();
    if (since != null && (at == null || at.isBefore(since))) {
      return false;
    }
    if (until != null && (at == null || !at.isBefore(until))) {
      return false;
    }
    return (rating == null || rating == feedback.rating())
        && (userId == null || userId.equals(feedback.userId()))
        && (tag == null || feedback.tags().contains(tag))
        && (messageId == null || messageId.equals(feedback.messageId()))
        && (traceId == null || traceId.equals(feedback.traceId()))
        && (spanId == null || spanId.equals(feedback.spanId()))
        && (model == null || matchesModel(feedback.model()))
        && (source == null || source.equals(feedback.source()))
        && (authorId == null || authorId.equals(feedback.authorId()))
        && (reviewStatus == null
            || feedback.review() != null && reviewStatus == feedback.review().status());
  }

  private boolean matchesModel(ModelRef stored) {
    return stored != null && model.name().equals(stored.name())
        && (model.version() == null || model.version().equals(stored.version()));
  }

  /**
   * Whether a session's metadata matches the metadata criteria.
   *
   * @param sessionMetadata the session's metadata
   * @return true when every metadata pair is present with an equal value
   */
  public boolean matchesMetadata(Map<String, Object> sessionMetadata) {
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      if (!Values.same(e.getValue(), sessionMetadata.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Builds a {@link FeedbackQuery}. Not thread-safe.
   */
  public static final class Builder {
    private final Set<String> sessionIds = new LinkedHashSet<>();
    private Instant since;
    private Instant until;
    private Rating rating;
    private String userId;
    private String tag;
    private final Map<String, Object> metadata = new java.util.LinkedHashMap<>();
    private String messageId;
    private String traceId;
    private String spanId;
    private ModelRef model;
    private Source source;
    private String authorId;
    private ReviewStatus reviewStatus;

    private Builder() {}

    /**
     * Adds a session to match.
     *
     * @param sessionId the session
     * @return this builder
     */
    public Builder sessionId(String sessionId) {
      sessionIds.add(sessionId);
      return this;
    }

    /**
     * Adds sessions to match.
     *
     * @param sessionIds the sessions
     * @return this builder
     */
    public Builder sessionIds(Iterable<String> sessionIds) {
      Objects.requireNonNull(sessionIds, "sessionIds").forEach(this.sessionIds::add);
      return this;
    }

    /**
     * Matches feedback created at or after an instant.
     *
     * @param since the inclusive lower bound
     * @return this builder
     */
    public Builder since(Instant since) {
      this.since = since;
      return this;
    }

    /**
     * Matches feedback created before an instant.
     *
     * @param until the exclusive upper bound
     * @return this builder
     */
    public Builder until(Instant until) {
      this.until = until;
      return this;
    }

    /**
     * Matches one rating.
     *
     * @param rating the rating
     * @return this builder
     */
    public Builder rating(Rating rating) {
      this.rating = rating;
      return this;
    }

    /**
     * Matches one user's feedback.
     *
     * @param userId the user
     * @return this builder
     */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /**
     * Matches feedback carrying a tag.
     *
     * @param tag the tag
     * @return this builder
     */
    public Builder tag(String tag) {
      this.tag = tag;
      return this;
    }

    /**
     * Matches sessions whose metadata has this key with an equal value.
     *
     * @param key the metadata key
     * @param value the value
     * @return this builder
     */
    public Builder metadata(String key, Object value) {
      metadata.put(key, value);
      return this;
    }

    /**
     * Matches feedback on one agent message.
     *
     * @param messageId the message
     * @return this builder
     */
    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    /**
     * Matches feedback on one OpenTelemetry trace.
     *
     * @param traceId 32 hex digits
     * @return this builder
     */
    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    /**
     * Matches feedback on one OpenTelemetry span.
     *
     * @param spanId 16 hex digits
     * @return this builder
     */
    public Builder spanId(String spanId) {
      this.spanId = spanId;
      return this;
    }

    /**
     * Matches feedback on answers of one model (every version when the reference has
     * none).
     *
     * @param model the model
     * @return this builder
     */
    public Builder model(ModelRef model) {
      this.model = model;
      return this;
    }

    /**
     * Matches feedback from one source.
     *
     * @param source the source
     * @return this builder
     */
    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    /**
     * Matches feedback by one author (reviewer, judge).
     *
     * @param authorId the author
     * @return this builder
     */
    public Builder authorId(String authorId) {
      this.authorId = authorId;
      return this;
    }

    /**
     * Matches feedback whose review has one status.
     *
     * @param reviewStatus the status
     * @return this builder
     */
    public Builder reviewStatus(ReviewStatus reviewStatus) {
      this.reviewStatus = reviewStatus;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the validated query
     * @throws InvalidFeedbackException if a criterion is invalid
     */
    public FeedbackQuery build() {
      return new FeedbackQuery(sessionIds, since, until, rating, userId, tag, metadata,
          messageId, traceId, spanId, model, source, authorId, reviewStatus);
    }
  }
}
