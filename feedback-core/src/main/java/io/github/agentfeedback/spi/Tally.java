package io.github.agentfeedback.spi;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Rating;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The sums from which every analytics figure of a set of feedback is derived: counts and
 * sums of whole numbers, and per scale the count of each score value. A store that
 * aggregates on its server returns these sums; the library derives the ratios, means and
 * tests from them in one place, so every store reports the same figures to the last bit.
 *
 * <p>What one feedback adds (the reference fold, {@link FeedbackStore#analyze}):
 * <ul>
 *   <li>1 to the count of its rating, or to {@link #unrated()} when it has none (a score
 *       alone);
 *   <li>when its comment is not empty, 1 to {@link #commented()}; always the comment's
 *       length in Unicode code points to {@link #commentCodePoints()};
 *   <li>per rated dimension, the rating (1–5) to that dimension's sum and 1 to its count;
 *   <li>when it has a score, 1 to the count of that value on its scale (by scale name);
 *   <li>when its sentiment attribute (by default {@code "sentiment"}, as written by the
 *       hooks module's sentiment hook) is a finite number v from −1 to 1, v in fixed point
 *       to {@link #sentimentHigh()} and {@link #sentimentLow()} (see
 *       {@link Builder#sentimentValue}: whole multiples of 2<sup>−30</sup> and the rest in
 *       multiples of 2<sup>−60</sup>, so that sums are exact and independent of order) and 1
 *       to {@link #sentimentCount()}; other values are ignored.
 * </ul>
 *
 * <p>Only when the request asks ({@link AnalyticsRequest#sessionSums()}), the sums over
 * sessions that session-clustered standard errors need: with y<sub>i</sub> the feedback
 * rated up and n<sub>i</sub> the feedback rated up or down of session i within the tally's
 * feedback, {@link #votingSessions()} (sessions with n<sub>i</sub> &gt; 0),
 * {@link #sessionVotesSquared()} Σ n<sub>i</sub>², {@link #sessionUpVotes()} Σ
 * y<sub>i</sub>·n<sub>i</sub> and {@link #sessionUpSquared()} Σ y<sub>i</sub>² (whole
 * numbers, so every store sums them exactly); otherwise they are 0. Likewise, per scale, the
 * sums over sessions that clustered tests of scores need, with c<sub>i</sub>(v) the scores of
 * value v on that scale in session i: {@link #scoreSessions()}, the sessions with a score on
 * the scale, and {@link #scorePairs()}, for each pair of values v ≤ w the whole number
 * Σ<sub>i</sub> c<sub>i</sub>(v)·c<sub>i</sub>(w). These counts give every sum of squared
 * session totals exactly: for any values f(v) (the scores, or their NPS or CSAT recoding),
 * Σ<sub>i</sub>(Σ<sub>v</sub> f(v)·c<sub>i</sub>(v))² = Σ<sub>v,w</sub> f(v)·f(w)·
 * Σ<sub>i</sub> c<sub>i</sub>(v)·c<sub>i</sub>(w), each unordered pair of distinct values
 * counted twice. Scores are any finite doubles (no stored precision), so whole-number counts
 * rather than fixed-point sums of scores are what every store can sum exactly; there is one
 * entry per pair of values that meet in a session, at most the smaller of K(K + 1)/2 (K
 * distinct values of the scale in the tally) and Σ<sub>i</sub> k<sub>i</sub>(k<sub>i</sub> +
 * 1)/2 (k<sub>i</sub> distinct values in session i).
 *
 * <p>Immutable and thread-safe; built with a {@link Builder}.
 *
 * @since 0.1.0
 */
public final class Tally {

  private static final int DIMENSIONS = Dimension.values().length;
  private static final Tally EMPTY = new Builder().build();

  private final long up;
  private final long down;
  private final long neutral;
  private final long unrated;
  private final long commented;
  private final long commentCodePoints;
  private final long[] dimensionSums;
  private final long[] dimensionCounts;
  private final SortedMap<String, SortedMap<Double, Long>> scores;
  private final long sentimentHigh;
  private final long sentimentLow;
  private final long sentimentCount;
  private final long votingSessions;
  private final long sessionVotesSquared;
  private final long sessionUpVotes;
  private final long sessionUpSquared;
  private final SortedMap<String, Long> scoreSessions;
  private final SortedMap<String, SortedMap<Double, SortedMap<Double, Long>>> scorePairs;

  private Tally(Builder b) {
    up = b.up;
    down = b.down;
    neutral = b.neutral;
    unrated = b.unrated;
    commented = b.commented;
    commentCodePoints = b.commentCodePoints;
    dimensionSums = b.dimensionSums.clone();
    dimensionCounts = b.dimensionCounts.clone();
    TreeMap<String, SortedMap<Double, Long>> copy = new TreeMap<>();
    b.scores.forEach(
        (scale, counts) ->
            copy.put(scale, Collections.unmodifiableSortedMap(new TreeMap<>(counts))));
    scores = Collections.unmodifiableSortedMap(copy);
    sentimentHigh = b.sentimentHigh;
    sentimentLow = b.sentimentLow;
    sentimentCount = b.sentimentCount;
    votingSessions = b.votingSessions;
    sessionVotesSquared = b.sessionVotesSquared;
    sessionUpVotes = b.sessionUpVotes;
    sessionUpSquared = b.sessionUpSquared;
    scoreSessions = Collections.unmodifiableSortedMap(new TreeMap<>(b.scoreSessions));
    TreeMap<String, SortedMap<Double, SortedMap<Double, Long>>> pairs = new TreeMap<>();
    b.scorePairs.forEach(
        (scale, rows) -> {
          TreeMap<Double, SortedMap<Double, Long>> rowsCopy = new TreeMap<>();
          rows.forEach(
              (v, row) -> rowsCopy.put(v, Collections.unmodifiableSortedMap(new TreeMap<>(row))));
          pairs.put(scale, Collections.unmodifiableSortedMap(rowsCopy));
        });
    scorePairs = Collections.unmodifiableSortedMap(pairs);
  }

  /**
   * The sums of no feedback.
   *
   * @return a tally with every count zero
   */
  public static Tally empty() {
    return EMPTY;
  }

  /**
   * A builder starting from zero.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * All feedback counted, with a rating or without.
   *
   * @return {@code up + down + neutral + unrated}
   */
  public long total() {
    return up + down + neutral + unrated;
  }

  /**
   * Feedback with a rating: the sample of every rating figure.
   *
   * @return {@code up + down + neutral}
   */
  public long rated() {
    return up + down + neutral;
  }

  /**
   * Feedback without a rating (a score alone), which no rating figure counts.
   *
   * @return the count
   */
  public long unrated() {
    return unrated;
  }

  /**
   * Feedback rated up.
   *
   * @return the count
   */
  public long up() {
    return up;
  }

  /**
   * Feedback rated down.
   *
   * @return the count
   */
  public long down() {
    return down;
  }

  /**
   * Feedback rated neutral.
   *
   * @return the count
   */
  public long neutral() {
    return neutral;
  }

  /**
   * The count of one rating.
   *
   * @param rating the rating
   * @return the count
   */
  public long count(Rating rating) {
    return switch (Objects.requireNonNull(rating, "rating")) {
      case UP -> up;
      case DOWN -> down;
      default -> neutral;
    };
  }

  /**
   * Feedback with a non-empty comment.
   *
   * @return the count
   */
  public long commented() {
    return commented;
  }

  /**
   * The summed length of all comments, in Unicode code points.
   *
   * @return the sum
   */
  public long commentCodePoints() {
    return commentCodePoints;
  }

  /**
   * The sum of one dimension's ratings.
   *
   * @param dimension the dimension
   * @return the sum
   */
  public long dimensionSum(Dimension dimension) {
    return dimensionSums[Objects.requireNonNull(dimension, "dimension").ordinal()];
  }

  /**
   * How many ratings one dimension received.
   *
   * @param dimension the dimension
   * @return the count
   */
  public long dimensionCount(Dimension dimension) {
    return dimensionCounts[Objects.requireNonNull(dimension, "dimension").ordinal()];
  }

  /**
   * Per scale name, the count of each score value.
   *
   * @return an immutable map, scales and values in ascending order
   */
  public SortedMap<String, SortedMap<Double, Long>> scores() {
    return scores;
  }

  /**
   * The sum of the sentiment values' whole multiples of 2<sup>−30</sup>: Σ trunc(v · 2<sup>30</sup>).
   *
   * @return the sum
   */
  public long sentimentHigh() {
    return sentimentHigh;
  }

  /**
   * The sum of the rest of the sentiment values in multiples of 2<sup>−60</sup>: Σ trunc((v ·
   * 2<sup>30</sup> − trunc(v · 2<sup>30</sup>)) · 2<sup>30</sup>).
   *
   * @return the sum
   */
  public long sentimentLow() {
    return sentimentLow;
  }

  /**
   * The sum of the sentiment values, {@link #sentimentHigh()} · 2<sup>−30</sup> +
   * {@link #sentimentLow()} · 2<sup>−60</sup>: each value counts to within 2<sup>−60</sup>
   * (about 8.7 · 10<sup>−19</sup>), the sum is rounded once.
   *
   * @return the sum
   */
  public double sentimentSum() {
    return sentimentHigh * 0x1p-30 + sentimentLow * 0x1p-60;
  }

  /**
   * How many feedbacks carried a usable sentiment value.
   *
   * @return the count
   */
  public long sentimentCount() {
    return sentimentCount;
  }

  /**
   * Sessions with feedback rated up or down among the tally's feedback (only when session
   * sums were asked for, else 0).
   *
   * @return the count
   */
  public long votingSessions() {
    return votingSessions;
  }

  /**
   * Σ n<sub>i</sub>² over sessions, n<sub>i</sub> a session's feedback rated up or down.
   *
   * @return the sum
   */
  public long sessionVotesSquared() {
    return sessionVotesSquared;
  }

  /**
   * Σ y<sub>i</sub>·n<sub>i</sub> over sessions, y<sub>i</sub> a session's feedback rated up.
   *
   * @return the sum
   */
  public long sessionUpVotes() {
    return sessionUpVotes;
  }

  /**
   * Σ y<sub>i</sub>² over sessions.
   *
   * @return the sum
   */
  public long sessionUpSquared() {
    return sessionUpSquared;
  }

  /**
   * Per scale, the sessions with at least one score on it among the tally's feedback (only
   * when session sums were asked for, else empty).
   *
   * @return an immutable map, scales in ascending order; scales without sessions are absent
   */
  public SortedMap<String, Long> scoreSessions() {
    return scoreSessions;
  }

  /**
   * Per scale, for each pair of score values v ≤ w (outer key v, inner key w) that occur in
   * one session, Σ<sub>i</sub> c<sub>i</sub>(v)·c<sub>i</sub>(w) over sessions i, with
   * c<sub>i</sub>(v) the session's scores of value v (for v = w, Σ c<sub>i</sub>(v)²); only
   * when session sums were asked for, else empty.
   *
   * @return an immutable map, scales and values in ascending order; zero counts are absent
   */
  public SortedMap<String, SortedMap<Double, SortedMap<Double, Long>>> scorePairs() {
    return scorePairs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tally t
        && up == t.up
        && down == t.down
        && neutral == t.neutral
        && unrated == t.unrated
        && commented == t.commented
        && commentCodePoints == t.commentCodePoints
        && Arrays.equals(dimensionSums, t.dimensionSums)
        && Arrays.equals(dimensionCounts, t.dimensionCounts)
        && scores.equals(t.scores)
        && sentimentHigh == t.sentimentHigh
        && sentimentLow == t.sentimentLow
        && sentimentCount == t.sentimentCount
        && votingSessions == t.votingSessions
        && sessionVotesSquared == t.sessionVotesSquared
        && sessionUpVotes == t.sessionUpVotes
        && sessionUpSquared == t.sessionUpSquared
        && scoreSessions.equals(t.scoreSessions)
        && scorePairs.equals(t.scorePairs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        up,
        down,
        neutral,
        unrated,
        commented,
        commentCodePoints,
        Arrays.hashCode(dimensionSums),
        Arrays.hashCode(dimensionCounts),
        scores,
        sentimentHigh,
        sentimentLow,
        sentimentCount,
        votingSessions,
        sessionVotesSquared,
        sessionUpVotes,
        sessionUpSquared,
        scoreSessions,
        scorePairs);
  }

  @Override
  public String toString() {
    return "Tally[up="
        + up
        + ", down="
        + down
        + ", neutral="
        + neutral
        + ", unrated="
        + unrated
        + ", commented="
        + commented
        + ", commentCodePoints="
        + commentCodePoints
        + ", dimensionSums="
        + Arrays.toString(dimensionSums)
        + ", dimensionCounts="
        + Arrays.toString(dimensionCounts)
        + ", scores="
        + scores
        + ", sentimentHigh="
        + sentimentHigh
        + ", sentimentLow="
        + sentimentLow
        + ", sentimentCount="
        + sentimentCount
        + ", votingSessions="
        + votingSessions
        + ", sessionVotesSquared="
        + sessionVotesSquared
        + ", sessionUpVotes="
        + sessionUpVotes
        + ", sessionUpSquared="
        + sessionUpSquared
        + ", scoreSessions="
        + scoreSessions
        + ", scorePairs="
        + scorePairs
        + "]";
  }

  /**
   * Adds sums into a {@link Tally}. Every method adds to what is there, so partial sums
   * (from several server-side groups, or several tallies) can be fed in any order.
   *
   * <p>Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private long up;
    private long down;
    private long neutral;
    private long unrated;
    private long commented;
    private long commentCodePoints;
    private final long[] dimensionSums = new long[DIMENSIONS];
    private final long[] dimensionCounts = new long[DIMENSIONS];
    private final TreeMap<String, TreeMap<Double, Long>> scores = new TreeMap<>();
    private long sentimentHigh;
    private long sentimentLow;
    private long sentimentCount;
    private long votingSessions;
    private long sessionVotesSquared;
    private long sessionUpVotes;
    private long sessionUpSquared;
    private final TreeMap<String, Long> scoreSessions = new TreeMap<>();
    private final TreeMap<String, TreeMap<Double, TreeMap<Double, Long>>> scorePairs =
        new TreeMap<>();

    private Builder() {}

    /**
     * Adds feedback of a rating.
     *
     * @param rating the rating
     * @param count how many, at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Builder rating(Rating rating, long count) {
      Objects.requireNonNull(rating, "rating");
      nonNegative("count", count);
      switch (rating) {
        case UP -> up += count;
        case DOWN -> down += count;
        default -> neutral += count;
      }
      return this;
    }

    /**
     * Adds feedback without a rating (a score alone).
     *
     * @param count how many, at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Builder unrated(long count) {
      unrated += nonNegative("count", count);
      return this;
    }

    /**
     * Adds comments.
     *
     * @param commented how many feedbacks had a non-empty comment
     * @param codePoints their summed length in Unicode code points
     * @return this builder
     * @throws IllegalArgumentException if a count is negative
     */
    public Builder comments(long commented, long codePoints) {
      this.commented += nonNegative("commented", commented);
      this.commentCodePoints += nonNegative("codePoints", codePoints);
      return this;
    }

    /**
     * Adds ratings of a dimension.
     *
     * @param dimension the dimension
     * @param sum the sum of the ratings
     * @param count how many ratings
     * @return this builder
     * @throws IllegalArgumentException if a count is negative
     */
    public Builder dimension(Dimension dimension, long sum, long count) {
      int i = Objects.requireNonNull(dimension, "dimension").ordinal();
      dimensionSums[i] += nonNegative("sum", sum);
      dimensionCounts[i] += nonNegative("count", count);
      return this;
    }

    /**
     * Adds scores of one value on a scale.
     *
     * @param scale the scale's stored name, such as {@code "nps"}
     * @param value the score value; {@code -0.0} is counted as {@code 0.0}
     * @param count how many
     * @return this builder
     * @throws IllegalArgumentException if the value is not finite or the count negative
     */
    public Builder score(String scale, double value, long count) {
      Objects.requireNonNull(scale, "scale");
      finite(value);
      nonNegative("count", count);
      if (count > 0) {
        scores.computeIfAbsent(scale, k -> new TreeMap<>()).merge(value + 0.0, count, Long::sum);
      }
      return this;
    }

    /**
     * Adds sentiment values by their fixed-point sums, as a store that sums on a server does:
     * per value v, x = v · 2<sup>30</sup> (exact), high = trunc(x) (toward zero), low =
     * trunc((x − high) · 2<sup>30</sup>) (the subtraction and product are exact too), summed as
     * whole numbers. {@link #sentimentValue} does it for one value.
     *
     * @param high the sum of the values' {@code high} parts
     * @param low the sum of the values' {@code low} parts
     * @param count how many values
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Builder sentiment(long high, long low, long count) {
      sentimentHigh += high;
      sentimentLow += low;
      sentimentCount += nonNegative("count", count);
      return this;
    }

    /**
     * Adds one sentiment value, split as {@link #sentiment(long, long, long)} says.
     *
     * @param value the value, from −1 to 1
     * @return this builder
     * @throws IllegalArgumentException unless −1 ≤ value ≤ 1
     */
    public Builder sentimentValue(double value) {
      if (!(value >= -1 && value <= 1)) {
        throw new IllegalArgumentException("sentiment value must be from -1 to 1, was " + value);
      }
      double x = value * 0x1p30;
      long high = (long) x;
      return sentiment(high, (long) ((x - high) * 0x1p30), 1);
    }

    /**
     * Adds one session's votes to the session sums: a session with {@code up + down > 0}
     * adds 1 to {@link Tally#votingSessions()}, (up + down)² to {@link
     * Tally#sessionVotesSquared()}, up · (up + down) to {@link Tally#sessionUpVotes()} and
     * up² to {@link Tally#sessionUpSquared()}.
     *
     * @param up the session's feedback rated up (within this tally's feedback)
     * @param down the session's feedback rated down
     * @return this builder
     * @throws IllegalArgumentException if a count is negative
     */
    public Builder sessionVotes(long up, long down) {
      long n = nonNegative("up", up) + nonNegative("down", down);
      if (n > 0) {
        return sessionSums(1, n * n, up * n, up * up);
      }
      return this;
    }

    /**
     * Adds session sums computed elsewhere, as a store that groups by session on its server
     * does (see {@link #sessionVotes} for what one session adds).
     *
     * @param sessions sessions with feedback rated up or down
     * @param votesSquared Σ n<sub>i</sub>²
     * @param upVotes Σ y<sub>i</sub>·n<sub>i</sub>
     * @param upSquared Σ y<sub>i</sub>²
     * @return this builder
     * @throws IllegalArgumentException if a sum is negative
     */
    public Builder sessionSums(long sessions, long votesSquared, long upVotes, long upSquared) {
      votingSessions += nonNegative("sessions", sessions);
      sessionVotesSquared += nonNegative("votesSquared", votesSquared);
      sessionUpVotes += nonNegative("upVotes", upVotes);
      sessionUpSquared += nonNegative("upSquared", upSquared);
      return this;
    }

    /**
     * Adds one session's scores on a scale to the session sums: when the counts add up to more
     * than 0, 1 to the scale's {@link Tally#scoreSessions()} and, for every pair of values v ≤
     * w of the session, c(v)·c(w) to the scale's {@link Tally#scorePairs()}.
     *
     * @param scale the scale's stored name
     * @param counts the session's count of each score value on the scale (within this tally's
     *     feedback); {@code -0.0} is counted as {@code 0.0}
     * @return this builder
     * @throws IllegalArgumentException if a value is not finite or a count negative
     */
    public Builder sessionScores(String scale, Map<Double, Long> counts) {
      Objects.requireNonNull(scale, "scale");
      TreeMap<Double, Long> values = new TreeMap<>();
      counts.forEach(
          (value, count) -> {
            finite(Objects.requireNonNull(value, "counts key"));
            if (nonNegative("count", Objects.requireNonNull(count, "counts value")) > 0) {
              values.merge(value + 0.0, count, Long::sum);
            }
          });
      if (values.isEmpty()) {
        return this;
      }
      scoreSessions(scale, 1);
      List<Map.Entry<Double, Long>> entries = new ArrayList<>(values.entrySet());
      for (int i = 0; i < entries.size(); i++) {
        for (int j = i; j < entries.size(); j++) {
          scorePair(
              scale,
              entries.get(i).getKey(),
              entries.get(j).getKey(),
              Math.multiplyExact(entries.get(i).getValue(), entries.get(j).getValue()));
        }
      }
      return this;
    }

    /**
     * Adds sessions with scores on a scale, counted elsewhere, as a store that groups by
     * session on its server does (see {@link #sessionScores}).
     *
     * @param scale the scale's stored name
     * @param sessions sessions with at least one score on the scale
     * @return this builder
     * @throws IllegalArgumentException if {@code sessions} is negative
     */
    public Builder scoreSessions(String scale, long sessions) {
      Objects.requireNonNull(scale, "scale");
      if (nonNegative("sessions", sessions) > 0) {
        scoreSessions.merge(scale, sessions, Long::sum);
      }
      return this;
    }

    /**
     * Adds to the session sum of a pair of score values, Σ<sub>i</sub> c<sub>i</sub>(v)·
     * c<sub>i</sub>(w), computed elsewhere (see {@link #sessionScores}). The pair is
     * unordered: (v, w) and (w, v) are the same entry, so a store adds each pair of distinct
     * values once.
     *
     * @param scale the scale's stored name
     * @param v one value; {@code -0.0} is counted as {@code 0.0}
     * @param w the other value, or {@code v} itself
     * @param count what to add
     * @return this builder
     * @throws IllegalArgumentException if a value is not finite or the count negative
     */
    public Builder scorePair(String scale, double v, double w, long count) {
      Objects.requireNonNull(scale, "scale");
      finite(v);
      finite(w);
      if (nonNegative("count", count) > 0) {
        double low = Math.min(v + 0.0, w + 0.0);
        double high = Math.max(v + 0.0, w + 0.0);
        scorePairs
            .computeIfAbsent(scale, k -> new TreeMap<>())
            .computeIfAbsent(low, k -> new TreeMap<>())
            .merge(high, count, Long::sum);
      }
      return this;
    }

    /**
     * Adds every sum of another tally.
     *
     * @param other the tally
     * @return this builder
     */
    public Builder add(Tally other) {
      Objects.requireNonNull(other, "other");
      up += other.up;
      down += other.down;
      neutral += other.neutral;
      unrated += other.unrated;
      commented += other.commented;
      commentCodePoints += other.commentCodePoints;
      for (int i = 0; i < DIMENSIONS; i++) {
        dimensionSums[i] += other.dimensionSums[i];
        dimensionCounts[i] += other.dimensionCounts[i];
      }
      for (Map.Entry<String, SortedMap<Double, Long>> e : other.scores.entrySet()) {
        e.getValue().forEach((value, count) -> score(e.getKey(), value, count));
      }
      sentimentHigh += other.sentimentHigh;
      sentimentLow += other.sentimentLow;
      sentimentCount += other.sentimentCount;
      votingSessions += other.votingSessions;
      sessionVotesSquared += other.sessionVotesSquared;
      sessionUpVotes += other.sessionUpVotes;
      sessionUpSquared += other.sessionUpSquared;
      other.scoreSessions.forEach(this::scoreSessions);
      other.scorePairs.forEach(
          (scale, rows) ->
              rows.forEach((v, row) -> row.forEach((w, count) -> scorePair(scale, v, w, count))));
      return this;
    }

    /**
     * Builds the tally.
     *
     * @return an immutable tally of the sums so far
     */
    public Tally build() {
      return new Tally(this);
    }

    private static void finite(double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("value must be finite, was " + value);
      }
    }

    private static long nonNegative(String name, long value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    }
  }
}
