package io.github.agentfeedback.spi;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one definition of how a user's new vote on a message meets the vote a store holds, in
 * one-vote mode ({@code FeedbackManager.Builder.oneVotePerUserAndMessage}): which vote is
 * newer, what counts as the same vote, and what is then stored. Every store applies it in
 * {@link FeedbackStore#replaceVote}, inside the one atomic step that reads and writes the
 * stored vote.
 *
 * <p><b>Event time.</b> A vote's event time is when the user voted, as the client says:
 * {@link Feedback#updatedAt()} when set, else {@link Feedback#createdAt()}. For a new vote that
 * is the creation time the caller gave ({@code FeedbackManager} stamps the clock's instant
 * only when the caller gave none, so a client that retries must send the time of the click
 * for its retries to be recognised); for a stored vote it is the event time of the vote that
 * last replaced it, else its creation time. A vote without any time is older than every vote
 * with one.
 *
 * <p><b>The same vote.</b> Two votes are the same when they express the same: equal
 * {@linkplain Feedback#rating() rating}, {@linkplain Feedback#score() score},
 * {@linkplain Feedback#comment() comment}, {@linkplain Feedback#tags() tags} (in order),
 * {@linkplain Feedback#dimensions() dimensions}, {@linkplain Feedback#correction()
 * correction} and {@linkplain Feedback#comparison() comparison}. Nothing else counts: not the
 * times, not the attributes (hooks stamp some, such as {@code validated_at}, on every call),
 * not what describes the rated answer (source, author, trace and span ids, model, prompt,
 * response), not a reviewer's {@linkplain Feedback#review() review}. The id, hence the user
 * and the message, is equal by construction.
 *
 * <p><b>The decision</b> ({@link #decide}), given the stored vote and a new one with the same
 * id:
 * <ul>
 *   <li>the same vote: {@link FeedbackResult.Outcome#UNCHANGED}; the stored vote is kept as
 *       it is, except that a later event time of the new vote moves the stored
 *       {@code updatedAt} forward to it (a user who clicks the same thing again re-affirms it,
 *       and an older click that arrives afterwards must still lose); a retry, which carries
 *       the same event time, writes nothing;
 *   <li>another vote with a later event time: {@link FeedbackResult.Outcome#REPLACED}; the
 *       new vote is stored with the stored vote's creation time (the first vote's) and
 *       {@code updatedAt} set to the new vote's event time; the result's
 *       {@link FeedbackResult#previousRating()} is the stored vote's rating;
 *   <li>another vote with an earlier event time: {@link FeedbackResult.Outcome#STALE};
 *       nothing is written;
 *   <li>another vote with the same event time: {@link FeedbackResult.Outcome#REPLACED}, as
 *       for a later one. Equal times say nothing about which vote came first, so the order in
 *       which the store sees them decides, as it did before event times were compared: two
 *       clicks that a client stamps with the same coarse time (whole seconds), or votes of a
 *       batch that the manager stamps with the same millisecond, keep the last one. A delayed
 *       retry of the earlier of two such votes then wins too: clients that retry should send
 *       the time of each click to the millisecond.
 * </ul>
 * So whatever order concurrent and retried votes of one user on one message reach the store
 * in, the vote with the latest event time is what stays.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class Votes {

  private Votes() {}

  /**
   * What a store does with a vote: the result to report, and whether to write it.
   *
   * <p>Immutable and thread-safe.
   *
   * @param result the outcome ({@link FeedbackResult.Outcome#REPLACED},
   *     {@link FeedbackResult.Outcome#UNCHANGED} or {@link FeedbackResult.Outcome#STALE})
   *     with the vote as the store holds it after the call
   * @param write whether the store must write {@code result.feedback()} in place of the
   *     stored vote: for a replacement, and for the same vote with a later event time
   * @since 0.1.0
   */
  public record Decision(FeedbackResult result, boolean write) {

    /** Validates that the result is present. */
    public Decision {
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * A vote's event time: {@link Feedback#updatedAt()} when set, else
   * {@link Feedback#createdAt()}.
   *
   * @param vote the vote
   * @return the time, or {@code null} when the vote has neither
   */
  public static @Nullable Instant eventTime(Feedback vote) {
    return vote.updatedAt() != null ? vote.updatedAt() : vote.createdAt();
  }

  /**
   * Whether two votes express the same: equal rating, score, comment, tags, dimensions,
   * correction and comparison (see the class description).
   *
   * @param a a vote
   * @param b another vote
   * @return whether they are the same vote
   */
  public static boolean sameVote(Feedback a, Feedback b) {
    return a.rating() == b.rating()
        && Objects.equals(a.score(), b.score())
        && a.comment().equals(b.comment())
        && a.tags().equals(b.tags())
        && a.dimensions().equals(b.dimensions())
        && Objects.equals(a.correction(), b.correction())
        && Objects.equals(a.comparison(), b.comparison());
  }

  /**
   * Decides what a new vote does to the stored vote with the same id (see the class
   * description).
   *
   * @param stored the vote the store holds
   * @param vote the new vote, with the same id
   * @return the decision
   * @throws IllegalArgumentException if the ids differ
   */
  public static Decision decide(Feedback stored, Feedback vote) {
    if (!Objects.equals(stored.id(), vote.id())) {
      throw new IllegalArgumentException(
          "a vote replaces only a stored vote with its id, "
              + "not '"
              + stored.id()
              + "' with '"
              + vote.id()
              + "'");
    }
    Instant storedAt = eventTime(stored);
    Instant at = eventTime(vote);
    int order = storedAt == null ? (at == null ? 0 : 1) : at == null ? -1 : at.compareTo(storedAt);
    if (sameVote(stored, vote)) {
      return order > 0
          ? new Decision(FeedbackResult.unchanged(stored.toBuilder().updatedAt(at).build()), true)
          : new Decision(FeedbackResult.unchanged(stored), false);
    }
    if (order < 0) {
      return new Decision(FeedbackResult.stale(stored), false);
    }
    Feedback replacement =
        vote.toBuilder()
            .createdAt(stored.createdAt() != null ? stored.createdAt() : vote.createdAt())
            .updatedAt(at)
            .build();
    return new Decision(FeedbackResult.replaced(replacement, stored.rating()), true);
  }
}
