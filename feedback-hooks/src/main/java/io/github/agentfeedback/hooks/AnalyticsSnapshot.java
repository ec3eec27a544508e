package io.github.agentfeedback.hooks;

import io.github.agentfeedback.hooks.internal.Settings;
import java.util.List;
import java.util.Map;

/**
 * Figures counted by an {@link AnalyticsHook} up to the moment of
 * {@link AnalyticsHook#snapshot()}.
 *
 * <p>Each figure is exact at some instant during the snapshot; feedback stored while the
 * snapshot is taken may be counted in some figures and not yet in others. Immutable and
 * thread-safe.
 *
 * @param total feedback stored, with a rating or without: feedback without a rating (a
 *     score alone) counts here and in no rating count
 * @param positive feedback rated up
 * @param negative feedback rated down
 * @param neutral feedback rated neutral
 * @param commented feedback with a non-empty comment
 * @param averageCommentLength the average comment length per feedback: the code points of
 *     all comments divided by {@code total}, feedback without a comment counting as 0 (the
 *     library's one definition, that of
 *     {@link io.github.agentfeedback.analytics.FeedbackStats#averageCommentLength()}); 0 when
 *     nothing was counted
 * @param byHourOfDay 24 counts, index 0 for 00:00–00:59, by the hook clock's time zone
 * @param sessions counts per session, for the most recently active sessions tracked
 * @param evictedSessions sessions dropped from {@code sessions} to stay within the limit
 * @since 0.1.0
 */
public record AnalyticsSnapshot(
    long total,
    long positive,
    long negative,
    long neutral,
    long commented,
    double averageCommentLength,
    List<Long> byHourOfDay,
    Map<String, SessionCounts> sessions,
    long evictedSessions) {

  /**
   * Copies the collections and checks them.
   *
   * @throws NullPointerException naming the component if a collection, an hour's count, a
   *     session id or a session's counts is null
   * @throws IllegalArgumentException naming the component if a count is negative, there
   *     are not 24 hours, or an element has another type
   */
  public AnalyticsSnapshot {
    byHourOfDay = Settings.elements("byHourOfDay", byHourOfDay, Long.class);
    Settings.entries("sessions", sessions, String.class, SessionCounts.class);
    sessions = Map.copyOf(sessions);
    if (byHourOfDay.size() != 24) {
      throw new IllegalArgumentException("byHourOfDay must have 24 entries, had "
          + byHourOfDay.size());
    }
    if (total < 0 || positive < 0 || negative < 0 || neutral < 0 || commented < 0
        || evictedSessions < 0 || byHourOfDay.stream().anyMatch(h -> h < 0)) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * Positive share of the rated feedback: positive / (positive + negative) × 100.
   *
   * @return from 0 to 100; 0 when nothing was rated up or down
   */
  public double satisfactionScore() {
    return satisfaction(positive, negative);
  }

  static double satisfaction(long positive, long negative) {
    double rated = (double) positive + negative; // a long sum could overflow
    return rated == 0 ? 0.0 : positive * 100.0 / rated;
  }

  /**
   * Counts for one session. Immutable and thread-safe.
   *
   * @param total feedback stored in the session, with a rating or without
   * @param positive rated up
   * @param negative rated down
   * @param neutral rated neutral
   * @since 0.1.0
   */
  public record SessionCounts(long total, long positive, long negative, long neutral) {

    /** Checks that no count is negative. */
    public SessionCounts {
      if (total < 0 || positive < 0 || negative < 0 || neutral < 0) {
        throw new IllegalArgumentException("counts must not be negative");
      }
    }

    /**
     * Positive share of the session's rated feedback, as for the whole snapshot.
     *
     * @return from 0 to 100; 0 when nothing was rated up or down
     */
    public double satisfactionScore() {
      return satisfaction(positive, negative);
    }
  }

  /** Describes the totals; the per-session map is summarized by its size. */
  @Override
  public String toString() {
    return "AnalyticsSnapshot[total=" + total + ", positive=" + positive + ", negative="
        + negative + ", neutral=" + neutral + ", commented=" + commented
        + ", averageCommentLength=" + averageCommentLength + ", byHourOfDay=" + byHourOfDay
        + ", sessions=<" + sessions.size() + ">, evictedSessions=" + evictedSessions + "]";
  }
}
