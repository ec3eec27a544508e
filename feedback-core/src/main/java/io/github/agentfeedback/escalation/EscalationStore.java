package io.github.agentfeedback.escalation;

import java.time.Instant;
import java.util.List;
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
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails
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
   * a new escalation.
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
