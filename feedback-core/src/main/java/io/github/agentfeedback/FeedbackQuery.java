package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.Values;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Selects stored feedback for streaming and statistics. Every criterion is optional; an
 * absent one matches everything, and the criteria given must all match.
 *
 * <p>Make a query with {@link #builder()} (or the shorthands {@link #all()} and
 * {@link #session(String)}); derive a changed copy with {@link #toBuilder()}, which checks
 * only the criteria set again. Building validates every criterion and reports every broken
 * rule at once in an {@link InvalidFeedbackException}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FeedbackQuery {

  private static final FeedbackQuery ALL = new Builder().build();

  // Bits of Builder#changed: the criteria set since toBuilder(), checked again when built.
  private static final int SESSION_IDS = 1 << 0;
  private static final int SINCE = 1 << 1;
  private static final int UNTIL = 1 << 2;
  private static final int USER_ID = 1 << 3;
  private static final int TAG = 1 << 4;
  private static final int METADATA = 1 << 5;
  private static final int MESSAGE_ID = 1 << 6;
  private static final int TRACE_ID = 1 << 7;
  private static final int SPAN_ID = 1 << 8;
  private static final int AUTHOR_ID = 1 << 9;

  private final Set<String> sessionIds;
  private final @Nullable Instant since;
  private final @Nullable Instant until;
  private final @Nullable Rating rating;
  private final @Nullable String userId;
  private final @Nullable String tag;
  private final Map<String, Object> metadata;
  private final @Nullable String messageId;
  private final @Nullable String traceId;
  private final @Nullable String spanId;
  private final @Nullable ModelRef model;
  private final @Nullable Source source;
  private final @Nullable String authorId;
  private final @Nullable ReviewStatus reviewStatus;

  /**
   * Checks and copies what the builder holds. A criterion set since {@link #toBuilder()} is
   * checked; the others are the base query's, checked when it was made.
   */
  @SuppressWarnings("unchecked") // the session ids are checked to be strings first
  private FeedbackQuery(Builder b) {
    int changed = b.base == null ? ~0 : b.changed;
    Checks checks = new Checks();
    Set<?> sessionIds = b.sessionIds;
    Instant since = b.since;
    Instant until = b.until;
    String traceId = b.traceId;
    String spanId = b.spanId;
    Map<String, Object> metadata = b.metadata;
    if ((changed & SESSION_IDS) != 0) {
      for (Object id : sessionIds) { // raw: a set built without generics may hold anything
        if (checks.full()) {
          break;
        }
        String s = Checks.string(checks, "sessionIds", -1, id);
        if (s != null || id == null) {
          checks.id("sessionIds", s, Checks.MAX_SESSION_ID_LENGTH);
        }
      }
    }
    // Stored times are kept to the millisecond: rounding the bounds up keeps every store's
    // answer the same ("at or after since", "before until").
    if ((changed & SINCE) != 0) {
      since = ceilToMillis(checks, "since", since);
    }
    if ((changed & UNTIL) != 0) {
      until = ceilToMillis(checks, "until", until);
    }
    if (since != null && until != null && since.isAfter(until)) {
      checks.add(
          "since", "after_until", "since (" + since + ") must not be after until (" + until + ")");
    }
    if ((changed & USER_ID) != 0) {
      checks.optionalId("userId", b.userId, Checks.MAX_ID_LENGTH);
    }
    if ((changed & TAG) != 0) {
      checks.optionalId("tag", b.tag, Feedback.MAX_TAG_LENGTH);
    }
    if ((changed & METADATA) != 0) {
      metadata = Values.metadata(metadata, checks);
    }
    if ((changed & MESSAGE_ID) != 0) {
      checks.optionalId("messageId", b.messageId, Checks.MAX_ID_LENGTH);
    }
    if ((changed & AUTHOR_ID) != 0) {
      checks.optionalId("authorId", b.authorId, Checks.MAX_ID_LENGTH);
    }
    if ((changed & TRACE_ID) != 0) {
      traceId = checks.hexId("traceId", traceId, Feedback.TRACE_ID_LENGTH);
    }
    if ((changed & SPAN_ID) != 0) {
      spanId = checks.hexId("spanId", spanId, Feedback.SPAN_ID_LENGTH);
    }
    checks.throwIfAny();
    this.sessionIds =
        (changed & SESSION_IDS) == 0
            ? (Set<String>) sessionIds
            : sessionIds.isEmpty() ? Set.of() : Set.copyOf((Set<String>) sessionIds);
    this.since = since;
    this.until = until;
    this.rating = b.rating;
    this.userId = b.userId;
    this.tag = b.tag;
    this.metadata = metadata;
    this.messageId = b.messageId;
    this.traceId = traceId;
    this.spanId = spanId;
    this.model = b.model;
    this.source = b.source;
    this.authorId = b.authorId;
    this.reviewStatus = b.reviewStatus;
  }

  private static @Nullable Instant ceilToMillis(Checks checks, String field, @Nullable Instant t) {
    if (t == null) {
      return null;
    }
    Instant floor = Objects.requireNonNull(checks.instant(field, t)); // non-null in, non-null out
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
   * A query for one session: a shorthand for {@code builder().sessionId(sessionId).build()}.
   *
   * @param sessionId the session
   * @return the query
   * @throws InvalidFeedbackException if the session id is invalid
   */
  public static FeedbackQuery session(String sessionId) {
    return builder().sessionId(sessionId).build();
  }

  /**
   * A builder for queries: the one way to make a query with more criteria than
   * {@link #all()} and {@link #session(String)} take.
   *
   * @return a new builder matching everything
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this query: {@code build()} makes a copy with the criteria
   * set on the builder changed, checking only those. Session ids and metadata pairs added to
   * it are added to this query's.
   *
   * @return a new builder holding this query's criteria
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Only these sessions.
   *
   * @return an immutable set; empty for all sessions
   */
  public Set<String> sessionIds() {
    return sessionIds;
  }

  /**
   * Only feedback created at or after this instant, rounded up to the millisecond, the
   * precision of stored times.
   *
   * @return the inclusive lower bound, or {@code null} for none
   */
  public @Nullable Instant since() {
    return since;
  }

  /**
   * Only feedback created before this instant, rounded up to the millisecond.
   *
   * @return the exclusive upper bound, or {@code null} for none
   */
  public @Nullable Instant until() {
    return until;
  }

  /**
   * Only this rating. Feedback without a rating (a score alone) matches no rating, so
   * {@link Rating#NEUTRAL} selects neutral feedback only.
   *
   * @return the rating, or {@code null} for any
   */
  public @Nullable Rating rating() {
    return rating;
  }

  /**
   * Only this user's feedback.
   *
   * @return the user id, or {@code null} for any
   */
  public @Nullable String userId() {
    return userId;
  }

  /**
   * Only feedback carrying this tag.
   *
   * @return the tag, or {@code null} for any
   */
  public @Nullable String tag() {
    return tag;
  }

  /**
   * Only sessions whose metadata holds each of these key/value pairs. Numbers are compared
   * by value ({@code 3}, {@code 3L} and {@code 3.0} are equal), and a {@code null} value
   * matches a key that is absent or holds {@code null}.
   *
   * @return an immutable map (it may hold null values); empty for any metadata
   */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /**
   * Only feedback on this agent message.
   *
   * @return the message id, or {@code null} for any
   */
  public @Nullable String messageId() {
    return messageId;
  }

  /**
   * Only feedback on this OpenTelemetry trace (given in any case, kept in lower case).
   *
   * @return 32 lower-case hex digits, or {@code null} for any
   */
  public @Nullable String traceId() {
    return traceId;
  }

  /**
   * Only feedback on this OpenTelemetry span (given in any case, kept in lower case).
   *
   * @return 16 lower-case hex digits, or {@code null} for any
   */
  public @Nullable String spanId() {
    return spanId;
  }

  /**
   * Only feedback on answers of this model; a model without a version matches every
   * version of the name.
   *
   * @return the model, or {@code null} for any
   */
  public @Nullable ModelRef model() {
    return model;
  }

  /**
   * Only feedback from this source.
   *
   * @return the source, or {@code null} for any
   */
  public @Nullable Source source() {
    return source;
  }

  /**
   * Only feedback by this author (reviewer, judge).
   *
   * @return the author id, or {@code null} for any
   */
  public @Nullable String authorId() {
    return authorId;
  }

  /**
   * Only feedback whose review has this status.
   *
   * @return the status, or {@code null} for any
   */
  public @Nullable ReviewStatus reviewStatus() {
    return reviewStatus;
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
        && (model == null || matchesModel(model, feedback.model()))
        && (source == null || source.equals(feedback.source()))
        && (authorId == null || authorId.equals(feedback.authorId()))
        && (reviewStatus == null
            || (feedback.review() != null && reviewStatus == feedback.review().status()));
  }

  private static boolean matchesModel(ModelRef model, @Nullable ModelRef stored) {
    return stored != null
        && model.name().equals(stored.name())
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

  /** A query is equal to a query with equal criteria. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof FeedbackQuery q
            && sessionIds.equals(q.sessionIds)
            && Objects.equals(since, q.since)
            && Objects.equals(until, q.until)
            && rating == q.rating
            && Objects.equals(userId, q.userId)
            && Objects.equals(tag, q.tag)
            && metadata.equals(q.metadata)
            && Objects.equals(messageId, q.messageId)
            && Objects.equals(traceId, q.traceId)
            && Objects.equals(spanId, q.spanId)
            && Objects.equals(model, q.model)
            && Objects.equals(source, q.source)
            && Objects.equals(authorId, q.authorId)
            && reviewStatus == q.reviewStatus);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        sessionIds,
        since,
        until,
        rating,
        userId,
        tag,
        metadata,
        messageId,
        traceId,
        spanId,
        model,
        source,
        authorId,
        reviewStatus);
  }

  /**
   * Describes the criteria that are set, such as
   * {@code FeedbackQuery[sessionIds=[s1], rating=DOWN]}; {@code FeedbackQuery[]} matches
   * everything.
   */
  @Override
  public String toString() {
    StringJoiner s = new StringJoiner(", ", "FeedbackQuery[", "]");
    if (!sessionIds.isEmpty()) {
      s.add("sessionIds=" + sessionIds);
    }
    Object[] criteria = {
      "since",
      since,
      "until",
      until,
      "rating",
      rating,
      "userId",
      userId,
      "tag",
      tag,
      "metadata",
      metadata.isEmpty() ? null : metadata,
      "messageId",
      messageId,
      "traceId",
      traceId,
      "spanId",
      spanId,
      "model",
      model,
      "source",
      source,
      "authorId",
      authorId,
      "reviewStatus",
      reviewStatus
    };
    for (int i = 0; i < criteria.length; i += 2) {
      if (criteria[i + 1] != null) {
        s.add(criteria[i] + "=" + criteria[i + 1]);
      }
    }
    return s.toString();
  }

  /**
   * Builds a {@link FeedbackQuery}. Validation happens in {@link #build()}.
   *
   * <p>Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable FeedbackQuery base;
    private int changed;
    private Set<?> sessionIds = Set.of();
    private boolean sessionIdsOwned;
    private @Nullable Instant since;
    private @Nullable Instant until;
    private @Nullable Rating rating;
    private @Nullable String userId;
    private @Nullable String tag;
    private Map<String, Object> metadata = Map.of();
    private boolean metadataOwned;
    private @Nullable String messageId;
    private @Nullable String traceId;
    private @Nullable String spanId;
    private @Nullable ModelRef model;
    private @Nullable Source source;
    private @Nullable String authorId;
    private @Nullable ReviewStatus reviewStatus;

    private Builder() {}

    private Builder(FeedbackQuery q) {
      base = q;
      sessionIds = q.sessionIds;
      since = q.since;
      until = q.until;
      rating = q.rating;
      userId = q.userId;
      tag = q.tag;
      metadata = q.metadata;
      messageId = q.messageId;
      traceId = q.traceId;
      spanId = q.spanId;
      model = q.model;
      source = q.source;
      authorId = q.authorId;
      reviewStatus = q.reviewStatus;
    }

    /**
     * Adds a session to match.
     *
     * @param sessionId the session: not blank, at most
     *     {@value io.github.agentfeedback.FeedbackLimits#MAX_SESSION_ID_LENGTH} chars
     * @return this builder
     */
    public Builder sessionId(String sessionId) {
      ownedSessionIds().add(sessionId);
      return this;
    }

    /**
     * Adds sessions to match.
     *
     * @param sessionIds the sessions, each as for {@link #sessionId(String)}
     * @return this builder
     * @throws NullPointerException if {@code sessionIds} is null
     */
    public Builder sessionIds(Iterable<String> sessionIds) {
      Objects.requireNonNull(sessionIds, "sessionIds");
      Set<Object> ids = ownedSessionIds();
      for (Object id : (Iterable<?>) sessionIds) { // raw: checked when built
        ids.add(id);
      }
      return this;
    }

    @SuppressWarnings("unchecked") // only this builder adds to it, and it takes any object
    private Set<Object> ownedSessionIds() {
      if (!sessionIdsOwned) {
        sessionIds = new LinkedHashSet<>(sessionIds);
        sessionIdsOwned = true;
      }
      changed |= SESSION_IDS;
      return (Set<Object>) sessionIds;
    }

    /**
     * Matches feedback created at or after an instant.
     *
     * @param since the inclusive lower bound
     * @return this builder
     */
    public Builder since(@Nullable Instant since) {
      this.since = since;
      changed |= SINCE;
      return this;
    }

    /**
     * Matches feedback created before an instant.
     *
     * @param until the exclusive upper bound
     * @return this builder
     */
    public Builder until(@Nullable Instant until) {
      this.until = until;
      changed |= UNTIL;
      return this;
    }

    /**
     * Matches one rating.
     *
     * @param rating the rating
     * @return this builder
     */
    public Builder rating(@Nullable Rating rating) {
      this.rating = rating;
      return this;
    }

    /**
     * Matches one user's feedback.
     *
     * @param userId the user
     * @return this builder
     */
    public Builder userId(@Nullable String userId) {
      this.userId = userId;
      changed |= USER_ID;
      return this;
    }

    /**
     * Matches feedback carrying a tag.
     *
     * @param tag the tag
     * @return this builder
     */
    public Builder tag(@Nullable String tag) {
      this.tag = tag;
      changed |= TAG;
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
      if (!metadataOwned) {
        metadata = new LinkedHashMap<>(metadata);
        metadataOwned = true;
      }
      metadata.put(key, value);
      changed |= METADATA;
      return this;
    }

    /**
     * Matches feedback on one agent message.
     *
     * @param messageId the message
     * @return this builder
     */
    public Builder messageId(@Nullable String messageId) {
      this.messageId = messageId;
      changed |= MESSAGE_ID;
      return this;
    }

    /**
     * Matches feedback on one OpenTelemetry trace.
     *
     * @param traceId 32 hex digits
     * @return this builder
     */
    public Builder traceId(@Nullable String traceId) {
      this.traceId = traceId;
      changed |= TRACE_ID;
      return this;
    }

    /**
     * Matches feedback on one OpenTelemetry span.
     *
     * @param spanId 16 hex digits
     * @return this builder
     */
    public Builder spanId(@Nullable String spanId) {
      this.spanId = spanId;
      changed |= SPAN_ID;
      return this;
    }

    /**
     * Matches feedback on answers of one model (every version when the reference has
     * none).
     *
     * @param model the model
     * @return this builder
     */
    public Builder model(@Nullable ModelRef model) {
      this.model = model;
      return this;
    }

    /**
     * Matches feedback from one source.
     *
     * @param source the source
     * @return this builder
     */
    public Builder source(@Nullable Source source) {
      this.source = source;
      return this;
    }

    /**
     * Matches feedback by one author (reviewer, judge).
     *
     * @param authorId the author
     * @return this builder
     */
    public Builder authorId(@Nullable String authorId) {
      this.authorId = authorId;
      changed |= AUTHOR_ID;
      return this;
    }

    /**
     * Matches feedback whose review has one status.
     *
     * @param reviewStatus the status
     * @return this builder
     */
    public Builder reviewStatus(@Nullable ReviewStatus reviewStatus) {
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
      return new FeedbackQuery(this);
    }
  }
}
