package io.github.agentfeedback;

import org.jspecify.annotations.Nullable;

/**
 * How much feedback a session holds, by rating, as its store counted it in the same atomic
 * step as a write. Stores return it with the result of {@code append}, {@code replace} and
 * {@code replaceVote} ({@link FeedbackResult#counts()}), so that a rule such as "the third
 * DOWN in a session" reads the session's history from the store, agreed by every replica,
 * without another round trip.
 *
 * <p>{@code total} counts every feedback the session holds, including feedback without a
 * rating (a score alone), so it can exceed {@code up + down + neutral}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param up feedback rated {@link Rating#UP}; not negative
 * @param down feedback rated {@link Rating#DOWN}; not negative
 * @param neutral feedback rated {@link Rating#NEUTRAL}; not negative
 * @param total all feedback the session holds; at least {@code up + down + neutral}
 * @since 0.1.0
 */
public record SessionCounts(long up, long down, long neutral, long total) {

  /** A session that holds nothing. */
  public static final SessionCounts EMPTY = new SessionCounts(0, 0, 0, 0);

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative or {@code total} is less than
   *     the rated counts together
   */
  public SessionCounts {
    if (up < 0 || down < 0 || neutral < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative, were up=" + up + ", down=" + down + ", neutral=" + neutral);
    }
    if (total < up + down + neutral) {
      throw new IllegalArgumentException(
          "total must be at least up + down + neutral = "
              + (up + down + neutral)
              + ", was "
              + total);
    }
  }

  /**
   * The count of one rating; {@code null} asks for the feedback without a rating.
   *
   * @param rating the rating, or {@code null}
   * @return how many feedbacks of the session have it
   */
  public long count(@Nullable Rating rating) {
    if (rating == null) {
      return total - up - down - neutral;
    }
    return switch (rating) {
      case UP -> up;
      case DOWN -> down;
      case NEUTRAL -> neutral;
    };
  }

  /**
   * These counts with one feedback of a rating added ({@code delta} 1) or removed
   * ({@code delta} -1).
   *
   * @param rating the feedback's rating, or {@code null} for feedback without one
   * @param delta how many to add; negative to remove
   * @return the changed counts
   * @throws IllegalArgumentException if a count would become negative
   */
  public SessionCounts plus(@Nullable Rating rating, long delta) {
    return new SessionCounts(
        up + (rating == Rating.UP ? delta : 0),
        down + (rating == Rating.DOWN ? delta : 0),
        neutral + (rating == Rating.NEUTRAL ? delta : 0),
        total + delta);
  }

  /**
   * These counts after a feedback changed its rating from {@code from} to {@code to}.
   *
   * @param from the rating before, or {@code null} for none
   * @param to the rating after, or {@code null} for none
   * @return the changed counts
   * @throws IllegalArgumentException if a count would become negative
   */
  public SessionCounts moved(@Nullable Rating from, @Nullable Rating to) {
    return from == to ? this : plus(from, -1).plus(to, 1);
  }
}
