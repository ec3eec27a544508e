package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where escalations are kept. Implementations: {@code InMemoryEscalationStore}
 * (feedback-core, for tests and one process), {@code MongoEscalationStore} (a collection,
 * feedback-mongo) and {@code JdbcEscalationStore} (a table, feedback-jdbc); the store test
 * kit's {@code EscalationStoreContract} checks each.
 *
 * <p>Implementations must be thread-safe and must keep the rules below under concurrent
 * calls from several processes sharing the store (several replicas of an application):
 *
 * <ul>
 *   <li><b>One escalation that is not resolved per rule and subject.</b> {@link #raise}
 *       either creates one, or, when one of the same rule and subject is open or
 *       acknowledged, repeats it ({@link Escalation#repeatedBy}) in one atomic step: its
 *       count goes up by one, no raise is lost and none is counted twice.
 *   <li><b>Transitions.</b> {@link EscalationStatus#OPEN} → {@link
 *       EscalationStatus#ACKNOWLEDGED} → {@link EscalationStatus#RESOLVED}, or open →
 *       resolved; each transition happens once, atomically: of two concurrent resolutions
 *       exactly one succeeds.
 *   <li><b>A minimum interval between notifications.</b> {@link #claimNotification} is a
 *       compare-and-set on the escalation's last notification time: of replicas that claim
 *       within the interval, one succeeds.
 *   <li><b>Loop-closing events.</b> The resolution records, in the same atomic step, one
 *       pending loop-closing event per feedback the escalation lists ({@link
 *       Escalation#feedback()}, each named by session and id: two sessions' feedback of the
 *       same id are two events). {@link #claimLoopClosings} leases resolved escalations with
 *       pending events to one claimant at a time; {@link #loopClosingsSent} marks events
 *       sent, after which they are never handed out again.
 * </ul>
 *
 * @since 0.1.0
 */
public interface EscalationStore extends AutoCloseable {

  /**
   * Raises an escalation: stores it with a new id, or repeats the one of the same rule and
   * subject that is not resolved.
   *
   * @param candidate the escalation as the rule raised it; its id, status, count, last raise
   *     time and actions are ignored (a new escalation is {@link EscalationStatus#OPEN} with
   *     count 1)
   * @return the escalation as stored, and whether it was created
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails; a raise is not
   *     idempotent (a repeat counts again), so a failure after which it may have been stored,
   *     such as a connection lost while it was sent or answered, is not {@link
   *     io.github.agentfeedback.FeedbackStoreException#retrySafe() retry-safe}
   */
  Raised raise(Escalation candidate);

  /**
   * One escalation.
   *
   * @param id its id
   * @return the escalation, or empty if the store holds none with the id
   */
  Optional<Escalation> find(String id);

  /**
   * The escalations a query selects, newest first raise first (ties by id).
   *
   * @param query the criteria
   * @return an immutable list of at most {@code query.limit()} escalations
   */
  List<Escalation> list(EscalationQuery query);

  /**
   * Acknowledges an open escalation.
   *
   * @param id its id
   * @param by who
   * @param at when
   * @param note a note, "" for none
   * @return the escalation acknowledged, or empty if the store holds none with the id
   * @throws IllegalStateException if it is not {@link EscalationStatus#OPEN} (acknowledged
   *     or resolved already), naming its status
   * @throws io.github.agentfeedback.InvalidFeedbackException if {@code by} or {@code note}
   *     is invalid
   */
  Optional<Escalation> acknowledge(String id, String by, Instant at, String note);

  /**
   * Resolves an open or acknowledged escalation. A later raise of its rule and subject makes
   * a new escalation. In the same atomic step, one loop-closing event per feedback the
   * escalation lists ({@link Escalation#feedback()}) becomes pending ({@link
   * #claimLoopClosings}).
   *
   * @param id its id
   * @param by who
   * @param at when
   * @param note what was done, "" for none
   * @return the escalation resolved, or empty if the store holds none with the id
   * @throws IllegalStateException if it is resolved already
   * @throws io.github.agentfeedback.InvalidFeedbackException if {@code by} or {@code note}
   *     is invalid
   */
  Optional<Escalation> resolve(String id, String by, Instant at, String note);

  /**
   * Claims the right to notify about an escalation at {@code at}: succeeds, and records
   * {@code at} as its last notification time, when it was never notified or last notified
   * at or before {@code at - minInterval}; one atomic compare-and-set, so of replicas that
   * claim the same escalation within the interval exactly one succeeds. The time survives
   * repeats, acknowledgement and resolution of the escalation.
   *
   * @param id the escalation's id
   * @param at the time of the notification
   * @param minInterval the least time between two notifications; zero or more, any length
   * @return {@code true} if the caller may notify; {@code false} if another notification
   *     was claimed within the interval, or the store holds no escalation with the id
   * @throws IllegalArgumentException if the interval is negative, or {@code at} lies outside
   *     the model's range ({@link #latestPriorNotification})
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails
   */
  boolean claimNotification(String id, Instant at, Duration minInterval);

  /**
   * For implementations of {@link #claimNotification}: the latest last notification time at
   * which a claim at {@code at} succeeds, {@code at - minInterval}; when the interval reaches
   * back beyond {@link FeedbackLimits#MIN_INSTANT} (such as {@code
   * ChronoUnit.FOREVER.getDuration()}, "notify once"), the millisecond before it, which no
   * notification time precedes. Every store takes any interval and no time outside the model's
   * range this way.
   *
   * @param at the time of the claim
   * @param minInterval the least time between two notifications
   * @return the latest last notification time that lets the claim succeed
   * @throws IllegalArgumentException naming {@code minInterval} if it is negative, or {@code at}
   *     if it lies outside {@link FeedbackLimits#MIN_INSTANT} and {@link
   *     FeedbackLimits#MAX_INSTANT}
   * @throws NullPointerException if a part is null
   */
  static Instant latestPriorNotification(Instant at, Duration minInterval) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(minInterval, "minInterval");
    if (minInterval.isNegative()) {
      throw new IllegalArgumentException("minInterval must not be negative, was " + minInterval);
    }
    if (!Checks.inRange(at)) {
      throw new IllegalArgumentException(
          "at must be within "
              + FeedbackLimits.MIN_INSTANT
              + ".."
              + FeedbackLimits.MAX_INSTANT
              + ", was "
              + at);
    }
    return minInterval.compareTo(Duration.between(FeedbackLimits.MIN_INSTANT, at)) > 0
        ? FeedbackLimits.MIN_INSTANT.minusMillis(1)
        : at.minus(minInterval);
  }

  /**
   * Leases up to {@code claim.limit()} resolved escalations whose loop-closing events are not
   * all sent, oldest resolution first, to one claimant until {@link LoopClaim#until()}: an
   * escalation leased to someone, and not expired, is not handed out again, so two replicas
   * that drain at once never both get it. Events not marked sent when the lease expires are
   * handed out again (after a crash, or a failed delivery). A claim returns fewer than its
   * limit only when no more are due: escalations another claimant leased first are replaced by
   * the next due ones.
   *
   * @param claim who claims, when, for how long, how many
   * @return the claimed escalations with their pending events; empty when none is due
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails
   */
  List<LoopClosing> claimLoopClosings(LoopClaim claim);

  /**
   * Marks loop-closing events sent (or settled without sending, such as for feedback without
   * a user id): they are never handed out again. An event is named by the feedback's session
   * and id together: settling one session's feedback leaves another session's feedback of the
   * same id pending. Refs not pending are ignored, and so is an unknown escalation id. Atomic
   * per event, whoever holds the lease.
   *
   * @param escalationId the resolved escalation
   * @param sent the feedback whose events are settled
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails
   */
  void loopClosingsSent(String escalationId, Collection<FeedbackRef> sent);

  /**
   * The figures of the escalations a query selects ({@link EscalationFigures#of}).
   *
   * @param query the criteria
   * @return the figures
   */
  default EscalationFigures figures(EscalationQuery query) {
    return EscalationFigures.of(list(query));
  }

  /** Releases what the store owns. Idempotent; the default does nothing. */
  @Override
  default void close() {}
}
