package io.github.agentfeedback;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of adding or replacing feedback: the feedback and what the call did with it.
 *
 * <p>Stores and hooks make results with the shorthands {@link #created(Feedback)},
 * {@link #duplicate(Feedback)} and the others, one per {@link Outcome}, or with
 * {@link #builder()}; {@link #toBuilder()} derives a changed copy, such as a hook that
 * returns the result with other feedback. Fields added later get defaults in the shorthands,
 * so code that makes results keeps compiling.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FeedbackResult {

  private final Feedback feedback;
  private final String feedbackId;
  private final Outcome outcome;
  private final @Nullable Rating previousRating;
  private final @Nullable SessionCounts counts;

  private FeedbackResult(
      @Nullable Feedback feedback,
      @Nullable Outcome outcome,
      @Nullable Rating previousRating,
      @Nullable SessionCounts counts) {
    this.feedback = Objects.requireNonNull(feedback, "feedback");
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    if (previousRating != null && outcome != Outcome.REPLACED) {
      throw new IllegalArgumentException(
          "previousRating is set only for outcome REPLACED, not for " + outcome);
    }
    this.previousRating = previousRating;
    this.counts = counts;
    String id = feedback.id();
    if (id == null) {
      throw new IllegalArgumentException(
          "a result is about feedback with an id (the manager assigns one before storing it)");
    }
    this.feedbackId = id;
  }

  /**
   * A builder for results; the shorthands {@link #created(Feedback)} and the others make the
   * usual ones.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this result.
   *
   * @return a new builder holding this result's values
   */
  public Builder toBuilder() {
    return new Builder()
        .feedback(feedback)
        .outcome(outcome)
        .previousRating(previousRating)
        .counts(counts);
  }

  /**
   * The feedback: as stored for {@link Outcome#CREATED} and {@link Outcome#REPLACED}; as the
   * caller sent it for {@link Outcome#DUPLICATE}, {@link Outcome#TRIMMED} and
   * {@link Outcome#NOT_FOUND}; for {@link Outcome#UNCHANGED} and {@link Outcome#STALE}, the
   * user's vote as the store now holds it, which this call did not change.
   *
   * @return the feedback, never null
   */
  public Feedback feedback() {
    return feedback;
  }

  /**
   * The id of the feedback, {@code feedback().id()}; a result always has one.
   *
   * @return the feedback id
   */
  public String feedbackId() {
    return feedbackId;
  }

  /**
   * What the call did.
   *
   * @return the outcome, never null
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * For outcome {@link Outcome#REPLACED}, the rating the replaced feedback had as the store
   * held it just before this call, read in the same atomic step as the write: so a rule can
   * tell a vote changed from UP to DOWN (one more DOWN) from an edit of a DOWN that stays
   * DOWN (as many DOWN as before). The stores in this repository set it for
   * {@code replace} and {@code replaceVote} (see
   * {@link io.github.agentfeedback.spi.FeedbackStore}). A store that does not report it
   * leaves it {@code null}, and hooks then read the replacement as replacing feedback
   * without a rating.
   *
   * @return the replaced feedback's rating; {@code null} when it had none, when the store
   *     did not report it, and for every outcome other than {@link Outcome#REPLACED}
   */
  public @Nullable Rating previousRating() {
    return previousRating;
  }

  /**
   * The session's counts by rating as the store left them, counted in the same atomic step
   * as this call's write (or, when the call wrote nothing, as the store read them in that
   * step): {@code append}, {@code replace} and {@code replaceVote} of the stores in this
   * repository set them (see {@link io.github.agentfeedback.spi.FeedbackStore}). A replayed
   * duplicate is not counted again; a vote changed from one rating to another moves one
   * count from the old rating to the new one.
   *
   * @return the counts, or {@code null} when the store did not report them (a store that
   *     does not count, a batch append of a store that cannot return them, or a result a
   *     hook made anew)
   */
  public @Nullable SessionCounts counts() {
    return counts;
  }

  /**
   * A result for newly stored feedback: a shorthand for a result with outcome
   * {@link Outcome#CREATED}.
   *
   * @param feedback the stored feedback
   * @return a result with outcome {@link Outcome#CREATED}
   */
  public static FeedbackResult created(Feedback feedback) {
    return new FeedbackResult(feedback, Outcome.CREATED, null, null);
  }

  /**
   * A result for feedback whose id was already stored.
   *
   * @param feedback the feedback that was sent again
   * @return a result with outcome {@link Outcome#DUPLICATE}
   */
  public static FeedbackResult duplicate(Feedback feedback) {
    return new FeedbackResult(feedback, Outcome.DUPLICATE, null, null);
  }

  /**
   * A result for stored feedback that was replaced.
   *
   * @param feedback the feedback as now stored
   * @param previous the rating the replaced feedback had as stored before the call, or
   *     {@code null} when it had none (see {@link #previousRating()})
   * @return a result with outcome {@link Outcome#REPLACED}
   */
  public static FeedbackResult replaced(Feedback feedback, @Nullable Rating previous) {
    return new FeedbackResult(feedback, Outcome.REPLACED, previous, null);
  }

  /**
   * A result for a replacement that found no stored feedback with the id.
   *
   * @param feedback the feedback that was sent
   * @return a result with outcome {@link Outcome#NOT_FOUND}
   */
  public static FeedbackResult notFound(Feedback feedback) {
    return new FeedbackResult(feedback, Outcome.NOT_FOUND, null, null);
  }

  /**
   * A result for a vote whose content the store already held (one-vote mode; see
   * {@link io.github.agentfeedback.spi.Votes}).
   *
   * @param stored the vote as the store holds it
   * @return a result with outcome {@link Outcome#UNCHANGED}
   */
  public static FeedbackResult unchanged(Feedback stored) {
    return new FeedbackResult(stored, Outcome.UNCHANGED, null, null);
  }

  /**
   * A result for a vote that is not newer than the one the store holds (one-vote mode; see
   * {@link io.github.agentfeedback.spi.Votes}).
   *
   * @param stored the newer vote the store holds, left as it was
   * @return a result with outcome {@link Outcome#STALE}
   */
  public static FeedbackResult stale(Feedback stored) {
    return new FeedbackResult(stored, Outcome.STALE, null, null);
  }

  /**
   * A result for feedback that a store's retention cap dropped at once, because the session
   * holds as many feedbacks created later.
   *
   * @param feedback the feedback as sent
   * @return a result with outcome {@link Outcome#TRIMMED}
   */
  public static FeedbackResult trimmed(Feedback feedback) {
    return new FeedbackResult(feedback, Outcome.TRIMMED, null, null);
  }

  /**
   * Whether this call stored new feedback. {@code false} for a retried call whose id was
   * already stored, so side effects that must happen once can be skipped, and for feedback
   * a retention cap trimmed at once ({@link Outcome#TRIMMED}), which is not stored.
   *
   * @return true for {@link Outcome#CREATED}
   */
  public boolean created() {
    return outcome == Outcome.CREATED;
  }

  /**
   * Whether this call changed the feedback a session holds: new feedback, or a replacement.
   * {@code false} for every other outcome, including {@link Outcome#UNCHANGED} (even when
   * it moved a vote's {@code updatedAt} forward) and {@link Outcome#STALE}.
   *
   * @return true for {@link Outcome#CREATED} and {@link Outcome#REPLACED}
   */
  public boolean changed() {
    return outcome == Outcome.CREATED || outcome == Outcome.REPLACED;
  }

  /**
   * A result is equal to a result with equal feedback, outcome and
   * {@linkplain #previousRating() previous rating}: what the call did. The {@link #counts()}
   * describe the session at the time of the call, not what the call did, and take no part.
   */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof FeedbackResult r
            && outcome == r.outcome
            && previousRating == r.previousRating
            && feedback.equals(r.feedback));
  }

  @Override
  public int hashCode() {
    return Objects.hash(feedback, outcome, previousRating);
  }

  /** Describes the result; the feedback as {@link Feedback#toString()} does, without text. */
  @Override
  public String toString() {
    return "FeedbackResult[outcome="
        + outcome
        + (previousRating == null ? "" : ", previousRating=" + previousRating)
        + ", feedback="
        + feedback
        + (counts == null ? "" : ", counts=" + counts)
        + "]";
  }

  /**
   * Builds a {@link FeedbackResult}. Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Feedback feedback;
    private @Nullable Outcome outcome;
    private @Nullable Rating previousRating;
    private @Nullable SessionCounts counts;

    private Builder() {}

    /**
     * Sets the rating the replaced feedback had, as {@link FeedbackResult#previousRating()}
     * describes it. Optional; only for outcome {@link Outcome#REPLACED}.
     *
     * @param previousRating the replaced feedback's rating, or {@code null} when it had none
     *     or the store does not report it
     * @return this builder
     */
    public Builder previousRating(@Nullable Rating previousRating) {
      this.previousRating = previousRating;
      return this;
    }

    /**
     * Sets the session's counts after the call, as {@link FeedbackResult#counts()}
     * describes them. Optional.
     *
     * @param counts the counts, or {@code null} when the store does not report them
     * @return this builder
     */
    public Builder counts(@Nullable SessionCounts counts) {
      this.counts = counts;
      return this;
    }

    /**
     * Sets the feedback. Required.
     *
     * @param feedback the feedback, as {@link FeedbackResult#feedback()} describes it
     * @return this builder
     */
    public Builder feedback(Feedback feedback) {
      this.feedback = feedback;
      return this;
    }

    /**
     * Sets what the call did. Required.
     *
     * @param outcome the outcome
     * @return this builder
     */
    public Builder outcome(Outcome outcome) {
      this.outcome = outcome;
      return this;
    }

    /**
     * Builds the result.
     *
     * @return the result
     * @throws NullPointerException naming {@code feedback} or {@code outcome} if it is not
     *     set
     * @throws IllegalArgumentException if the feedback has no id, or naming
     *     {@code previousRating} if it is set for an outcome other than
     *     {@link Outcome#REPLACED}
     */
    public FeedbackResult build() {
      return new FeedbackResult(feedback, outcome, previousRating, counts);
    }
  }

  /**
   * What a call did. Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Outcome {
    /** New feedback was stored. */
    CREATED,
    /** Feedback with the id was already stored; nothing changed (a retried add). */
    DUPLICATE,
    /**
     * Stored feedback with the id was replaced; its creation time was kept. In one-vote
     * mode: the user's vote with other content and a later (or the same) event time
     * replaced the stored one.
     */
    REPLACED,
    /** No stored feedback has the id; nothing changed. */
    NOT_FOUND,
    /**
     * One-vote mode: the store already holds a vote of the user on the message that
     * expresses the same ({@link io.github.agentfeedback.spi.Votes#sameVote}), such as a
     * retried call. The content is not rewritten; only when this vote's event time is later
     * than the stored one does the stored vote's {@code updatedAt} move forward to it, so
     * that an older vote arriving afterwards still loses. Not a change of what the user
     * expressed.
     */
    UNCHANGED,
    /**
     * One-vote mode: the store holds a vote of the user on the message with other content
     * and a later event time than this one's (a delayed retry of an earlier click). This
     * vote was ignored; nothing was written.
     */
    STALE,
    /**
     * The store's retention cap (a maximum of feedbacks per session, which keeps the newest
     * by creation time) dropped this feedback in the same write that added it: the session
     * holds as many feedbacks created later (for example, a replay of feedback trimmed
     * earlier, or the oldest items of a batch larger than the cap). It is not stored, and
     * nothing the session held was evicted for it.
     */
    TRIMMED
  }
}
