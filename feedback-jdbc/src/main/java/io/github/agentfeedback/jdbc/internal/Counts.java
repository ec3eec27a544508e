package io.github.agentfeedback.jdbc.internal;

import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionCounts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session counts the store keeps in the sessions table's count columns
 * ({@link Statements#COUNT_COLUMNS}): reading them from a result and adding to them.
 *
 * <p>Not thread-safe: a delta belongs to one write.
 */
public final class Counts {

  private static final Logger log = LoggerFactory.getLogger(Counts.class);

  private long up;
  private long down;
  private long neutral;
  private long total;

  /** A delta of nothing. */
  public Counts() {}

  /**
   * Adds one feedback of a rating ({@code delta} 1) or removes one ({@code delta} -1).
   *
   * @param rating the rating, or null for feedback without one
   * @param delta how many
   * @return this delta
   */
  public Counts add(@Nullable Rating rating, long delta) {
    if (rating == Rating.UP) {
      up += delta;
    } else if (rating == Rating.DOWN) {
      down += delta;
    } else if (rating == Rating.NEUTRAL) {
      neutral += delta;
    }
    total += delta;
    return this;
  }

  /**
   * Adds one feedback of a rating as stored in the {@code rating} column.
   *
   * @param stored the column's text, or null
   * @param delta how many
   * @return this delta
   */
  public Counts addStored(@Nullable String stored, long delta) {
    return add(stored == null ? null : Rating.valueOf(stored.toUpperCase(Locale.ROOT)), delta);
  }

  /**
   * Moves one count from a rating to another; the total stays.
   *
   * @param from the old rating, or null
   * @param to the new rating, or null
   * @return this delta
   */
  public Counts move(@Nullable Rating from, @Nullable Rating to) {
    return add(from, -1).add(to, 1);
  }

  /**
   * Whether this delta changes nothing.
   *
   * @return true when every count's change is zero
   */
  public boolean isZero() {
    return up == 0 && down == 0 && neutral == 0 && total == 0;
  }

  /**
   * How many feedbacks this delta adds (negative: removes).
   *
   * @return the change of the total
   */
  public long total() {
    return total;
  }

  /**
   * Binds the delta as {@link Statements#addCounts} takes it, followed by the session id.
   *
   * @param ps the statement
   * @param sessionId the session
   * @throws SQLException if binding fails
   */
  public void bind(PreparedStatement ps, String sessionId) throws SQLException {
    ps.setLong(1, up);
    ps.setLong(2, down);
    ps.setLong(3, neutral);
    ps.setLong(4, total);
    ps.setString(5, sessionId);
  }

  /**
   * Reads the four count columns from a result row, in the order of
   * {@link Statements#COUNT_COLUMNS}.
   *
   * @param rs the result, on a row
   * @param first the index of {@code count_up}
   * @param sessionId the session, for the log
   * @return the counts, or null when the row holds counts that cannot be (negative, or a
   *     total below the rated counts: written by another program), which is logged
   * @throws SQLException if reading fails
   */
  public static @Nullable SessionCounts read(ResultSet rs, int first, String sessionId)
      throws SQLException {
    long up = rs.getLong(first);
    long down = rs.getLong(first + 1);
    long neutral = rs.getLong(first + 2);
    long total = rs.getLong(first + 3);
    try {
      return new SessionCounts(up, down, neutral, total);
    } catch (IllegalArgumentException e) {
      log.warn("Session {} holds counts that cannot be, reported as none: {}", sessionId, e);
      return null;
    }
  }
}
