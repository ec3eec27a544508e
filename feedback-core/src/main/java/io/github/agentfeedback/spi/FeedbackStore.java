package io.github.agentfeedback.spi;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.SessionCounts;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.UnknownSessionPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where feedback is kept: one list of feedback and one metadata map per session.
 *
 * <p>Callers (normally {@link io.github.agentfeedback.capture.FeedbackManager}) pass arguments that
 * are already validated: session ids are non-blank and at most 1,024 chars, feedback has
 * its id and creation time, metadata keys are safe document keys.
 *
 * <p>Implementations must be thread-safe, must make {@link #append} atomic and idempotent
 * on the feedback id, must make {@link #replaceVote} decide and write in one atomic step,
 * and must report failures as {@link FeedbackStoreException}.
 *
 * <p><b>Retention cap.</b> A store may keep at most a configured number of feedbacks per
 * session. It then keeps the newest by creation time (ties broken by id in Unicode code point
 * order, so that the order is total), holds each session's feedback in that order, and drops
 * the oldest in the same atomic step that adds new feedback. Feedback that would be dropped
 * in the step that adds it is reported {@link FeedbackResult.Outcome#TRIMMED}, is not stored
 * and evicts nothing: so a replay of feedback trimmed earlier (which the idempotency check no
 * longer sees) sorts before everything kept and falls off again, instead of pushing out real
 * feedback.
 *
 * <p><b>Session counts.</b> The results of {@link #append}, {@link #replace} and
 * {@link #replaceVote} carry the session's {@link SessionCounts} (feedback held, by rating)
 * counted in the same atomic step as the write, so that rules over a session's history see
 * one truth across replicas at no extra round trip: a duplicate or trimmed append and a
 * vote left unchanged count nothing; a replaced feedback or vote whose rating changed moves
 * one count from the old rating to the new one; deletes, erasures and the retention cap
 * leave the counts matching what the session holds. Concurrent writes to one session are
 * counted one after the other: each result's counts include its own write and every write
 * counted before it. A store that cannot count returns {@code null} counts, and
 * {@link #appendAll} may too (see each store); {@code NOT_FOUND} results have none.
 *
 * <p><b>The replaced rating.</b> A {@code REPLACED} result of {@link #replace} and
 * {@link #replaceVote} carries {@link FeedbackResult#previousRating()}: the rating the
 * replaced feedback had as stored, read in the same atomic step as the write (the rating
 * whose count the write moved), {@code null} when it had none. So a rule tells a vote changed
 * to DOWN from an edit of a DOWN that stays DOWN. A store that does not report it leaves it
 * {@code null}.
 *
 * @since 0.1.0
 */
public interface FeedbackStore extends AutoCloseable {

  /**
   * Appends feedback to a session, atomically. If the session already holds feedback with
   * the same id, nothing changes and the result has {@code created() == false}. Under a
   * retention cap, feedback older than everything the full session keeps is
   * {@link FeedbackResult.Outcome#TRIMMED} (see the class description).
   *
   * @param sessionId the session
   * @param feedback the feedback, with id and creation time set
   * @param policy whether an unknown session is created or refused
   * @return the result
   * @throws SessionNotFoundException if the session is unknown and {@code policy} is
   *     {@link UnknownSessionPolicy#REFUSE}
   * @throws FeedbackStoreException if the store fails
   */
  FeedbackResult append(String sessionId, Feedback feedback, UnknownSessionPolicy policy);

  /**
   * Appends many feedbacks, possibly to many sessions, each exactly as {@link #append}
   * would: atomic and idempotent per item. Items are independent: one that fails does not
   * stop the others, and the result says per item what happened, in the order given. Under
   * a retention cap, an item that is not held when the call returns because the cap dropped
   * it (older than everything its full session keeps, or pushed out by newer items of the
   * same call, even one that was already stored before) is
   * {@link FeedbackResult.Outcome#TRIMMED}, never {@code CREATED} or {@code DUPLICATE}.
   *
   * <p>The default appends one item after another. A store that can write many items in
   * one round trip (MongoDB's bulk write) should override it. Either way it never throws
   * for one item's failure: a failure that concerns the whole call (the connection lost)
   * is reported for every item it may have affected, with
   * {@link AppendResult#maybeStored()} telling which items may be stored anyway.
   *
   * @param items the sessions and feedbacks, each with id and creation time set; items of
   *     one session are stored in the order given
   * @param policy whether unknown sessions are created or refused
   * @return one result per item, in order
   * @throws NullPointerException naming {@code items} or {@code policy} if null
   */
  default List<AppendResult> appendAll(List<SessionFeedback> items, UnknownSessionPolicy policy) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(policy, "policy");
    List<AppendResult> results = new ArrayList<>(items.size());
    for (SessionFeedback item : items) {
      try {
        results.add(AppendResult.of(append(item.sessionId(), item.feedback(), policy)));
      } catch (FeedbackStoreException e) {
        results.add(AppendResult.failed(e, true));
      } catch (FeedbackException e) {
        results.add(AppendResult.failed(e, false));
      }
    }
    return results;
  }

  /**
   * Replaces the stored feedback that has the same id, atomically, keeping its place in the
   * session and its stored creation time; {@code feedback.updatedAt()} is stored as the time
   * of replacement. Everything else comes from {@code feedback}: a review the stored
   * feedback had is not carried over, since it judged the content being replaced.
   *
   * @param sessionId the session
   * @param feedback the new content, with id set
   * @return {@link FeedbackResult.Outcome#REPLACED} with the feedback as now stored (its
   *     creation time the stored one) and the rating it had before as
   *     {@link FeedbackResult#previousRating()}, or {@link FeedbackResult.Outcome#NOT_FOUND}
   *     when the session holds no feedback with the id
   * @throws FeedbackStoreException if the store fails
   */
  FeedbackResult replace(String sessionId, Feedback feedback);

  /**
   * Replaces a user's stored vote on a message (one-vote mode) with a new vote that has the
   * same id, if the new vote is newer, in one atomic step: the store reads the vote it holds,
   * applies {@link Votes#decide} and writes what it decided, without letting a concurrent
   * write of the same vote (another replacement, an append, a delete) fall in between. So
   * concurrent and delayed votes of one user on one message leave the vote with the latest
   * event time, whatever order they arrive in.
   *
   * @param sessionId the session
   * @param vote the new vote, with id and creation time set
   * @return {@link FeedbackResult.Outcome#REPLACED}, {@link FeedbackResult.Outcome#UNCHANGED}
   *     or {@link FeedbackResult.Outcome#STALE} as {@link Votes#decide} says, with the vote as
   *     the store holds it after the call (and, for {@code REPLACED}, the stored vote's rating
   *     as {@link FeedbackResult#previousRating()}); or
   *     {@link FeedbackResult.Outcome#NOT_FOUND}, with
   *     {@code vote}, when the session holds no feedback with the id (nothing is written; the
   *     caller appends the vote)
   * @throws FeedbackStoreException if the store fails
   * @since 0.1.0
   */
  FeedbackResult replaceVote(String sessionId, Feedback vote);

  /**
   * Sets the training-data review of one stored feedback, atomically, leaving everything
   * else as it is.
   *
   * @param sessionId the session
   * @param feedbackId the feedback id
   * @param review the review
   * @return whether a feedback with the id was found
   * @throws FeedbackStoreException if the store fails
   */
  boolean review(String sessionId, String feedbackId, Review review);

  /**
   * A session's feedback, oldest first.
   *
   * @param sessionId the session
   * @return an immutable list, empty for an unknown session
   */
  List<Feedback> list(String sessionId);

  /**
   * Streams the feedback a query selects, lazily and in constant memory. Close the stream
   * (try-with-resources) to release what it holds, such as a database cursor.
   *
   * @param query the criteria
   * @return a stream, in session id order (by Unicode code point) and then oldest first
   *     within a session
   */
  Stream<SessionFeedback> stream(FeedbackQuery query);

  /**
   * Removes one feedback from a session.
   *
   * @param sessionId the session
   * @param feedbackId the feedback id
   * @return whether a feedback was removed
   */
  boolean delete(String sessionId, String feedbackId);

  /**
   * Removes every feedback a user gave, in every session (the right to erasure).
   *
   * @param userId the user
   * @return how many feedbacks were removed
   */
  long eraseUser(String userId);

  /**
   * Removes every feedback a user gave in one session, in one atomic step, and nothing in any
   * other session. Feedback the user adds to the session afterwards is kept.
   *
   * @param sessionId the session
   * @param userId the user
   * @return exactly how many feedbacks were removed; 0 for an unknown session
   * @throws FeedbackStoreException if the store fails
   * @since 0.1.0
   */
  long eraseUser(String sessionId, String userId);

  /**
   * A session's metadata.
   *
   * @param sessionId the session
   * @return an immutable map, empty for an unknown session
   */
  Map<String, Object> metadata(String sessionId);

  /**
   * Sets metadata keys of a session, creating the session if needed. Keys not named are
   * kept.
   *
   * @param sessionId the session
   * @param values the keys to set and their values
   */
  void updateMetadata(String sessionId, Map<String, Object> values);

  /**
   * Removes metadata keys from a session. Unknown keys and sessions are ignored.
   *
   * @param sessionId the session
   * @param keys the keys to remove
   */
  void deleteMetadata(String sessionId, Collection<String> keys);

  /**
   * Analytics sums over the selected feedback: the {@link Tally} of all of it, and what the
   * request adds (tallies per group, pairwise comparison counts, term counts of negative
   * comments). Only aggregates are returned. The default streams {@link #stream} once
   * through the reference fold, which defines every sum; a store that can aggregate closer
   * to the data (a MongoDB {@code $group}, SQL {@code GROUP BY}) should override it and
   * must return an equal result. Term counts need the library's tokenizer, so such a store
   * may stream only the comments of feedback rated down for them.
   *
   * @param request what to compute
   * @return the sums
   * @throws FeedbackStoreException if the store fails
   * @since 0.1.0
   */
  default AnalyticsResult analyze(AnalyticsRequest request) {
    return ReferenceFold.run(this, request);
  }

  /**
   * Releases what the store owns (connections, clients it created). Idempotent. The
   * default does nothing.
   */
  @Override
  default void close() {}
}
