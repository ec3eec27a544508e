package io.github.agentfeedback.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One session's feedback within one group, as the session sums of a {@link Tally} count it:
 * its votes up and down, and per scale the count of each score value. The reference fold
 * counts each session with one; a store that groups by session on its server counts the
 * rows of one session and group with one (rows whose stored keys read alike must meet in the
 * same counts before they are squared), then adds them with {@link #addTo}.
 *
 * <p>Not thread-safe; one per session and group.
 *
 * @since 0.1.0
 */
public final class SessionTally {

  private long up;
  private long down;
  private final Map<String, Map<Double, Long>> scores = new HashMap<>(2);

  /** Counts of nothing yet. */
  public SessionTally() {}

  /**
   * Adds votes of the session.
   *
   * @param up feedback rated up
   * @param down feedback rated down
   * @return this
   */
  public SessionTally votes(long up, long down) {
    this.up += up;
    this.down += down;
    return this;
  }

  /**
   * Adds scores of one value on a scale.
   *
   * @param scale the scale's stored name
   * @param value the score; {@code -0.0} is counted as {@code 0.0}
   * @param count how many
   * @return this
   */
  public SessionTally scores(String scale, double value, long count) {
    Objects.requireNonNull(scale, "scale");
    scores.computeIfAbsent(scale, k -> new HashMap<>(4)).merge(value + 0.0, count, Long::sum);
    return this;
  }

  /**
   * Adds the session to a tally's session sums: {@link Tally.Builder#sessionVotes} and, per
   * scale, {@link Tally.Builder#sessionScores}.
   *
   * @param tally the sums to add to
   * @throws IllegalArgumentException if a count is negative or a value not finite
   */
  public void addTo(Tally.Builder tally) {
    tally.sessionVotes(up, down);
    scores.forEach(tally::sessionScores);
  }
}
