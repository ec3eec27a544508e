package io.github.agentfeedback.hooks;

import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.hooks.internal.Settings;
import io.github.agentfeedback.spi.Tally;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Figures counted by an {@link AnalyticsHook} up to the moment of
 * {@link AnalyticsHook#snapshot()}.
 *
 * <p>The rating and comment figures are the stored figures' own types,
 * {@link FeedbackSummary.Ratings} and {@link FeedbackSummary.Comments}, derived with
 * {@link FeedbackSummary#of} from the same sums: the same names and the same definitions as
 * {@link io.github.agentfeedback.analytics.FeedbackAnalytics#summary} gives for the same
 * feedback (counts by rating {@code up}, {@code down}, {@code neutral} and {@code unrated};
 * {@code satisfaction} = {@code 100 · up / (up + down)}, {@code null} when nothing was rated
 * up or down; the average comment length per feedback, {@code null} when nothing was
 * counted).
 *
 * <p>Each figure is exact at some instant during the snapshot; feedback stored while the
 * snapshot is taken may be counted in some figures and not yet in others. Immutable and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class AnalyticsSnapshot {

  private final FeedbackSummary.Ratings ratings;
  private final FeedbackSummary.Comments comments;
  private final List<Long> byHourOfDay;
  private final Map<String, FeedbackSummary.Ratings> sessions;
  private final long evictedSessions;

  private AnalyticsSnapshot(Builder b) {
    this.ratings = Objects.requireNonNull(b.ratings, "ratings");
    this.comments = Objects.requireNonNull(b.comments, "comments");
    List<Long> hours = Settings.elements("byHourOfDay", b.byHourOfDay, Long.class);
    if (hours.size() != 24) {
      throw new IllegalArgumentException("byHourOfDay must have 24 entries, had " + hours.size());
    }
    for (int h = 0; h < 24; h++) {
      if (hours.get(h) < 0) {
        throw new IllegalArgumentException(
            "byHourOfDay[" + h + "] must not be negative, was " + hours.get(h));
      }
    }
    this.byHourOfDay = hours;
    Settings.entries("sessions", b.sessions, String.class, FeedbackSummary.Ratings.class);
    this.sessions = Map.copyOf(b.sessions);
    if (b.evictedSessions < 0) {
      throw new IllegalArgumentException(
          "evictedSessions must not be negative, was " + b.evictedSessions);
    }
    this.evictedSessions = b.evictedSessions;
  }

  /**
   * A builder with no counts: every figure of no feedback, 24 hours of zero, no sessions.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this snapshot's figures, to make a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .ratings(ratings)
        .comments(comments)
        .byHourOfDay(byHourOfDay)
        .sessions(sessions)
        .evictedSessions(evictedSessions);
  }

  /**
   * Counts by rating and the satisfaction figures of all feedback counted; feedback without
   * a rating (a score alone) is in {@code total} and {@code unrated} and in no rating figure.
   *
   * @return the rating figures
   */
  public FeedbackSummary.Ratings ratings() {
    return ratings;
  }

  /**
   * Comment figures of all feedback counted: how many had a non-empty comment, their share
   * and the average comment length per feedback.
   *
   * @return the comment figures
   */
  public FeedbackSummary.Comments comments() {
    return comments;
  }

  /**
   * Feedback counted per hour of day, by the hook clock's time zone.
   *
   * @return 24 counts, index 0 for 00:00–00:59
   */
  public List<Long> byHourOfDay() {
    return byHourOfDay;
  }

  /**
   * Counts by rating per session, for the most recently active sessions tracked.
   *
   * @return an immutable map from session id to the session's rating figures
   */
  public Map<String, FeedbackSummary.Ratings> sessions() {
    return sessions;
  }

  /**
   * Sessions dropped from {@link #sessions()} to stay within the limit.
   *
   * @return the count
   */
  public long evictedSessions() {
    return evictedSessions;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AnalyticsSnapshot o
        && ratings.equals(o.ratings)
        && comments.equals(o.comments)
        && byHourOfDay.equals(o.byHourOfDay)
        && sessions.equals(o.sessions)
        && evictedSessions == o.evictedSessions;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ratings, comments, byHourOfDay, sessions, evictedSessions);
  }

  /** Describes the totals; the per-session map is summarized by its size. */
  @Override
  public String toString() {
    return "AnalyticsSnapshot[ratings="
        + ratings
        + ", comments="
        + comments
        + ", byHourOfDay="
        + byHourOfDay
        + ", sessions=<"
        + sessions.size()
        + ">, evictedSessions="
        + evictedSessions
        + "]";
  }

  /**
   * Builds an {@link AnalyticsSnapshot}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private static final FeedbackSummary NOTHING = FeedbackSummary.of(Tally.empty());

    private FeedbackSummary.Ratings ratings = NOTHING.ratings();
    private FeedbackSummary.Comments comments = NOTHING.comments();
    private List<Long> byHourOfDay = Collections.nCopies(24, 0L);
    private Map<String, FeedbackSummary.Ratings> sessions = Map.of();
    private long evictedSessions;

    private Builder() {}

    /**
     * Sets the rating figures of all feedback counted.
     *
     * @param ratings the figures
     * @return this builder
     */
    public Builder ratings(FeedbackSummary.Ratings ratings) {
      this.ratings = ratings;
      return this;
    }

    /**
     * Sets the comment figures of all feedback counted.
     *
     * @param comments the figures
     * @return this builder
     */
    public Builder comments(FeedbackSummary.Comments comments) {
      this.comments = comments;
      return this;
    }

    /**
     * Sets the counts per hour of day.
     *
     * @param byHourOfDay 24 counts, none negative, index 0 for 00:00–00:59
     * @return this builder
     */
    public Builder byHourOfDay(List<Long> byHourOfDay) {
      this.byHourOfDay = byHourOfDay;
      return this;
    }

    /**
     * Sets the rating figures per session.
     *
     * @param sessions session id to figures, no key or value null
     * @return this builder
     */
    public Builder sessions(Map<String, FeedbackSummary.Ratings> sessions) {
      this.sessions = sessions;
      return this;
    }

    /**
     * Sets how many sessions were dropped to stay within the limit.
     *
     * @param evictedSessions the count, at least 0
     * @return this builder
     */
    public Builder evictedSessions(long evictedSessions) {
      this.evictedSessions = evictedSessions;
      return this;
    }

    /**
     * Builds the snapshot, checking and copying the collections.
     *
     * @return the snapshot
     * @throws NullPointerException naming the field if {@code ratings}, {@code comments}, a
     *     collection, an hour's count, a session id or a session's figures is null
     * @throws IllegalArgumentException naming the field if a count is negative, there are
     *     not 24 hours, or an element has another type
     */
    public AnalyticsSnapshot build() {
      return new AnalyticsSnapshot(this);
    }
  }
}
