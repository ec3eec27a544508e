package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionCounts;
import io.github.agentfeedback.capture.FeedbackAction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One write that an {@link EscalationHook} hands to its {@link EscalationRule}s: the session,
 * the action, the feedback as stored, the outcome (for a replacement, with the rating it
 * replaced), and the session's {@link SessionCounts} that the store counted in the same
 * atomic step as the write, so that every replica sees the same counts.
 *
 * <p>The hook hands over only writes that changed the session: outcome
 * {@link FeedbackResult.Outcome#CREATED} or {@link FeedbackResult.Outcome#REPLACED}, with
 * counts. A replayed duplicate, a vote left unchanged or stale, and feedback a retention cap
 * dropped never reach a rule.
 *
 * <p>{@link #history()} reads the session's feedback from the store, for rules that need
 * more than the counts (a time window, a streak): one read, made at the first call and kept
 * for the other rules of the same write.
 *
 * <p>Not thread-safe: one per write, used on the caller's thread.
 *
 * @since 0.1.0
 */
public final class SessionWrite {

  private final String sessionId;
  private final FeedbackAction action;
  private final FeedbackResult result;
  private final SessionCounts counts;
  private final Instant at;
  private final Supplier<List<Feedback>> history;
  private @Nullable List<Feedback> read;

  /**
   * Describes a write.
   *
   * @param sessionId the session written to
   * @param action what the caller did
   * @param result what the store answered; its counts must be set
   * @param at when the hook saw the write, from its clock
   * @param history reads the session's feedback from the store, in the store's order
   * @throws IllegalArgumentException if the result carries no counts
   */
  public SessionWrite(
      String sessionId,
      FeedbackAction action,
      FeedbackResult result,
      Instant at,
      Supplier<List<Feedback>> history) {
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.action = Objects.requireNonNull(action, "action");
    this.result = Objects.requireNonNull(result, "result");
    SessionCounts c = result.counts();
    if (c == null) {
      throw new IllegalArgumentException("a write's result must carry the session's counts");
    }
    this.counts = c;
    this.at = Objects.requireNonNull(at, "at");
    this.history = Objects.requireNonNull(history, "history");
  }

  /**
   * The session written to.
   *
   * @return the session id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * What the caller did: {@link FeedbackAction#ADD} (a user's changed vote in one-vote mode
   * too) or {@link FeedbackAction#UPDATE}.
   *
   * @return the action
   */
  public FeedbackAction action() {
    return action;
  }

  /**
   * The feedback as the store holds it after the write.
   *
   * @return the feedback
   */
  public Feedback feedback() {
    return result.feedback();
  }

  /**
   * What the write did: {@link FeedbackResult.Outcome#CREATED} or
   * {@link FeedbackResult.Outcome#REPLACED}.
   *
   * @return the outcome
   */
  public FeedbackResult.Outcome outcome() {
    return result.outcome();
  }

  /**
   * The session's counts after the write, as the store counted them in the write's atomic
   * step: a replaced feedback or vote is counted by its new rating (the store moved its
   * count from the old one, {@link #previousRating()}).
   *
   * @return the counts
   */
  public SessionCounts counts() {
    return counts;
  }

  /**
   * When the hook saw the write, from its clock: the time rules stamp on what they raise
   * and measure windows back from.
   *
   * @return the instant
   */
  public Instant at() {
    return at;
  }

  /**
   * For a replacement ({@link FeedbackResult.Outcome#REPLACED}), the rating the replaced
   * feedback or vote had as the store held it just before the write
   * ({@link FeedbackResult#previousRating()}).
   *
   * @return the previous rating; {@code null} when it had none, when the store does not
   *     report it, and for new feedback
   */
  public @Nullable Rating previousRating() {
    return result.previousRating();
  }

  /**
   * Whether the write counted one more feedback of this rating, so that the session's count
   * of it grew: new feedback with it ({@link FeedbackResult.Outcome#CREATED}), or a
   * replacement ({@link FeedbackResult.Outcome#REPLACED}) whose new rating is it and whose
   * {@linkplain #previousRating() previous rating} was not, such as a vote changed from UP to
   * DOWN. An edit that keeps the rating (a comment fix of a DOWN that stays DOWN) counted
   * nothing new. A store that does not report the previous rating makes every replacement
   * read as replacing feedback without a rating.
   *
   * @param rating the rating
   * @return whether the write added one to the session's count of the rating
   */
  public boolean counted(Rating rating) {
    if (feedback().rating() != rating) {
      return false;
    }
    return switch (result.outcome()) {
      case CREATED -> true;
      case REPLACED -> result.previousRating() != rating;
      default -> false;
    };
  }

  /**
   * The session's feedback as the store lists it (its order: the order writes landed in,
   * creation order under a retention cap), read once per write, when first asked for. This
   * is a read from the store beyond the write: rules call it only when the counts say they
   * may hold.
   *
   * @return the session's feedback, immutable
   * @throws IllegalStateException if the hook was built without a feedback store
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails
   */
  public List<Feedback> history() {
    List<Feedback> h = read;
    if (h == null) {
      h = List.copyOf(history.get());
      read = h;
    }
    return h;
  }

  /** Names the write, without feedback text. */
  @Override
  public String toString() {
    return "SessionWrite[session="
        + sessionId
        + ", action="
        + action
        + ", outcome="
        + result.outcome()
        + (result.previousRating() == null ? "" : ", previousRating=" + result.previousRating())
        + ", feedback="
        + feedback().id()
        + ", counts="
        + counts
        + "]";
  }
}
