package io.github.agentfeedback.capture;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.capture.internal.BatchRun;
import io.github.agentfeedback.capture.internal.BatchWorkers;
import io.github.agentfeedback.capture.internal.Closeables;
import io.github.agentfeedback.capture.internal.RandomIds;
import io.github.agentfeedback.capture.internal.RealChain;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.Values;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: adds feedback to sessions through the hook chain and reads it back.
 *
 * <pre>{@code
 * FeedbackManager manager = FeedbackManager.builder()
 *     .store(new InMemoryFeedbackStore())
 *     .hooks(validation, audit)            // first = outermost
 *     .build();
 * manager.session("user-123").addFeedback(Feedback.up("Clear instructions"));
 * }</pre>
 *
 * <p>Before any hook runs, the manager gives feedback without an id a generated one and
 * feedback without a creation time the clock's current instant, so every hook sees the
 * final values.
 *
 * <h2>Errors</h2>
 * Every method checks its arguments before any hook or store sees them:
 * <ul>
 *   <li>bad data (a blank, too long or not well-formed session id, feedback id or user id;
 *       a bad metadata key or value; see {@link FeedbackLimits}) raises
 *       {@link InvalidFeedbackException}, naming each field and limit;
 *   <li>a {@code null} where an object is required raises {@link NullPointerException}
 *       whose message is the parameter's name, as Java's own libraries do;
 *   <li>a misconfiguration (an id generator that returns an invalid id) raises
 *       {@link IllegalStateException}, as does a hook that breaks the chain's rules
 *       ({@link FeedbackHook});
 *   <li>everything else that can go wrong at run time is a {@link FeedbackException}:
 *       {@link FeedbackRejectedException} from hooks, {@link SessionNotFoundException} and
 *       {@link FeedbackStoreException} from the store.
 * </ul>
 *
 * <p>Thread-safe: build one per application and share it. {@link #close()} closes the
 * hooks that are {@link AutoCloseable}, then the store.
 *
 * @since 0.1.0
 */
public final class FeedbackManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FeedbackManager.class);

  /** The default {@link Builder#batchGroupSize(int)}. */
  public static final int DEFAULT_BATCH_GROUP_SIZE = 64;

  /** The largest {@link Builder#batchGroupSize(int)}. */
  public static final int MAX_BATCH_GROUP_SIZE = 1_000;

  private final FeedbackStore store;
  private final List<FeedbackHook> hooks;
  private final Clock clock;
  private final Supplier<String> idGenerator;
  private final UnknownSessionPolicy unknownSessions;
  private final boolean oneVote;
  private final int batchGroupSize;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final BatchWorkers batchWorkers = new BatchWorkers();

  private FeedbackManager(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store must be set");
    this.hooks = List.copyOf(b.hooks);
    this.clock = b.clock;
    this.idGenerator = b.idGenerator;
    this.unknownSessions = b.unknownSessions;
    this.oneVote = b.oneVote;
    this.batchGroupSize = b.batchGroupSize;
  }

  /**
   * A builder; only the store is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A cheap handle on one session. Handles hold no state beyond the id; create them freely.
   *
   * @param sessionId the session
   * @return the handle
   * @throws InvalidFeedbackException if the session id is blank or longer than 1,024 chars
   */
  public AgentSession session(String sessionId) {
    return new AgentSession(this, Checks.sessionId(sessionId));
  }

  /**
   * Adds feedback to a session through the hooks, then the store.
   *
   * @param sessionId the session
   * @param feedback the feedback; id and creation time are filled in when absent
   * @return the stored feedback and whether this call stored it ({@code false} for an id
   *     that was already stored, and for feedback the store's retention cap dropped at once
   *     because the session holds as many feedbacks created later: outcome
   *     {@link FeedbackResult.Outcome#TRIMMED}, nothing evicted); in one-vote mode also
   *     {@code REPLACED}, {@code UNCHANGED} or {@code STALE} (see
   *     {@link Builder#oneVotePerUserAndMessage(boolean)})
   * @throws InvalidFeedbackException if the session id or the feedback is invalid
   * @throws NullPointerException if {@code feedback} is null
   * @throws IllegalStateException if the id generator returns an invalid id, or a hook
   *     breaks the chain's rules
   * @throws FeedbackRejectedException if a hook refused the feedback
   * @throws SessionNotFoundException if the session is unknown and unknown sessions are
   *     refused
   * @throws FeedbackStoreException if the store failed
   */
  public FeedbackResult addFeedback(String sessionId, Feedback feedback) {
    return addFeedback(sessionId, feedback, CallContext.empty());
  }

  /**
   * Adds feedback to a session through the hooks, then the store, with what the caller
   * knows about the call: the hooks read it from {@link FeedbackHook.Chain#context()} (a
   * rate limit by client address, an audit of the principal) and it is not stored. Otherwise
   * the same as {@link #addFeedback(String, Feedback)}.
   *
   * @param sessionId the session
   * @param feedback the feedback; id and creation time are filled in when absent
   * @param context the caller's context; {@link CallContext#empty()} for none
   * @return as {@link #addFeedback(String, Feedback)}
   * @throws InvalidFeedbackException if the session id or the feedback is invalid
   * @throws NullPointerException if {@code feedback} or {@code context} is null
   * @throws IllegalStateException if the id generator returns an invalid id, or a hook
   *     breaks the chain's rules
   * @throws FeedbackRejectedException if a hook refused the feedback
   * @throws SessionNotFoundException if the session is unknown and unknown sessions are
   *     refused
   * @throws FeedbackStoreException if the store failed
   * @since 0.1.0
   */
  public FeedbackResult addFeedback(String sessionId, Feedback feedback, CallContext context) {
    Checks.sessionId(sessionId);
    Objects.requireNonNull(feedback, "feedback");
    Objects.requireNonNull(context, "context");
    return add(sessionId, complete(feedback), context, oneVote && isVote(feedback));
  }

  /**
   * Adds a vote under the id the caller gives it, through the hooks, then the store: the
   * first feedback with the id is appended, and a later one with the same id replaces it
   * instead of adding a second, by the rules of {@link Builder#oneVotePerUserAndMessage}
   * (event time decides; outcomes {@code CREATED}, {@code REPLACED}, {@code UNCHANGED},
   * {@code STALE}), whether or not that mode is on. For votes whose voter is not a user id,
   * such as a feedback token's ({@code TokenClaims.vote(feedback)} gives the vote its id).
   *
   * @param sessionId the session
   * @param vote the vote, with its id and a message id; the creation time is filled in when
   *     absent
   * @param context the caller's context; {@link CallContext#empty()} for none
   * @return as {@link #addFeedback(String, Feedback)}
   * @throws InvalidFeedbackException if the session id or the vote is invalid, or the vote
   *     has no id or no message id
   * @throws NullPointerException if {@code vote} or {@code context} is null
   * @throws FeedbackRejectedException if a hook refused the vote
   * @throws SessionNotFoundException if the session is unknown and unknown sessions are
   *     refused
   * @throws FeedbackStoreException if the store failed
   * @since 0.1.0
   */
  public FeedbackResult addVote(String sessionId, Feedback vote, CallContext context) {
    Checks.sessionId(sessionId);
    Objects.requireNonNull(vote, "vote");
    Objects.requireNonNull(context, "context");
    if (vote.id() == null || vote.messageId() == null) {
      throw InvalidFeedbackException.of(
          vote.id() == null ? "id" : "messageId",
          "required",
          "a vote needs " + (vote.id() == null ? "an id" : "a message id"));
    }
    return add(sessionId, complete(vote), context, true);
  }

  private FeedbackResult add(
      String sessionId, Feedback complete, CallContext context, boolean asVote) {
    FeedbackResult result =
        RealChain.run(
            hooks,
            sessionId,
            FeedbackAction.ADD,
            context,
            complete,
            f -> {
              FeedbackResult appended = store.append(sessionId, f, unknownSessions);
              return appended.outcome() == FeedbackResult.Outcome.DUPLICATE && asVote
                  ? vote(sessionId, f)
                  : appended;
            });
    if (log.isDebugEnabled()) {
      log.debug("Feedback {} {} in session {}", result.feedbackId(), result.outcome(), sessionId);
    }
    return result;
  }

  /**
   * Adds many feedbacks, to any sessions, as if each were given to
   * {@link #addFeedback(String, Feedback)}, but with one store call per group of items.
   *
   * <p>Every item passes every hook on its own: a hook may reject one item without failing
   * the others. The items that pass reach the store together, in groups of
   * {@link Builder#batchGroupSize(int)} (one {@link FeedbackStore#appendAll} call each;
   * MongoDB makes it one bulk write; without hooks the whole batch is one call, which the
   * store splits by its own limits), and then each item's hooks see its own outcome, as
   * after a single call. Hooks see the items in list order, before and after the store
   * call alike, so that a batch has the side effects of the same items sent one by one
   * (the same notifications with the same counts, in the same order); what a hook can rely
   * on in a batch is stated in {@link FeedbackHook}. Nothing is all-or-nothing: the result
   * says per item what happened ({@link BatchResult.Status}: created, already stored, a vote
   * replaced, unchanged or stale, trimmed by a retention cap, rejected, failed, or, when the
   * store failed in a way that leaves it open, unknown); sending the unknown items again is
   * safe because appends are idempotent on the id.
   *
   * @param items the sessions and feedbacks; ids and creation times are filled in when
   *     absent, as for single calls
   * @return one outcome per item, in order
   * @throws NullPointerException naming {@code items} or {@code items[i]} if the list or an
   *     item is null (checked before anything is stored)
   */
  public BatchResult addFeedbacks(List<SessionFeedback> items) {
    List<SessionFeedback> all = Checks.nonNullElements("items", items);
    BatchRun run =
        new BatchRun(
            hooks,
            store,
            unknownSessions,
            f -> oneVote && isVote(f),
            (sessionId, f) -> vote(sessionId, f),
            batchWorkers);
    BatchResult.Item[] out = new BatchResult.Item[all.size()];
    // A group bounds the items waiting at their store step; without hooks none waits, and
    // the store splits the batch by its own limits.
    int groupSize = hooks.isEmpty() ? Math.max(1, all.size()) : batchGroupSize;
    List<SessionFeedback> group = new ArrayList<>(Math.min(groupSize, all.size()));
    int[] indexes = new int[Math.min(groupSize, all.size())];
    for (int i = 0; i < all.size(); i++) {
      SessionFeedback item = all.get(i);
      try {
        group.add(
            new SessionFeedback(Checks.sessionId(item.sessionId()), complete(item.feedback())));
        indexes[group.size() - 1] = i;
      } catch (RuntimeException e) {
        out[i] =
            BatchResult.Item.builder()
                .index(i)
                .sessionId(item.sessionId())
                .feedback(item.feedback())
                .status(BatchResult.Status.REJECTED)
                .error(e)
                .build();
        continue;
      }
      if (group.size() == groupSize) {
        runGroup(run, group, indexes, out);
      }
    }
    runGroup(run, group, indexes, out);
    return BatchResult.builder().items(Arrays.asList(out)).build();
  }

  private static void runGroup(
      BatchRun run, List<SessionFeedback> group, int[] indexes, BatchResult.Item[] out) {
    if (!group.isEmpty()) {
      for (BatchResult.Item item : run.runGroup(group, Arrays.copyOf(indexes, group.size()))) {
        out[item.index()] = item;
      }
      group.clear();
    }
  }

  /**
   * Replaces stored feedback that has the same id, through the hooks (action
   * {@link FeedbackAction#UPDATE}, so validation and redaction apply as for new feedback),
   * then the store. The store keeps the feedback's place and its stored creation time and
   * sets {@link Feedback#updatedAt()} to the clock's instant; the replacement is one atomic
   * step. The rest comes from {@code feedback}: a training-data review of the old content
   * is not carried over unless {@code feedback} carries it.
   *
   * @param sessionId the session
   * @param feedback the new content; its id names the feedback to replace
   * @return {@link FeedbackResult.Outcome#REPLACED} with the feedback as stored, or
   *     {@link FeedbackResult.Outcome#NOT_FOUND} when the session holds no feedback with the
   *     id (nothing is stored then)
   * @throws InvalidFeedbackException if the session id or the feedback is invalid, or the
   *     feedback has no id
   * @throws FeedbackRejectedException if a hook refused the feedback
   * @throws FeedbackStoreException if the store failed
   */
  public FeedbackResult updateFeedback(String sessionId, Feedback feedback) {
    Checks.sessionId(sessionId);
    Objects.requireNonNull(feedback, "feedback");
    if (feedback.id() == null) {
      throw InvalidFeedbackException.of(
          "id", "required", "updateFeedback needs the id of the feedback to replace");
    }
    Instant now = clock.instant();
    Feedback.Builder copy = feedback.toBuilder().updatedAt(now); // checks only what is set
    if (feedback.createdAt() == null) {
      copy.createdAt(now);
    }
    Feedback complete = copy.build();
    Checks.storable(complete);
    return RealChain.run(
        hooks, sessionId, FeedbackAction.UPDATE, complete, f -> store.replace(sessionId, f));
  }

  /**
   * Stores a vote whose id the store already held: {@link FeedbackStore#replaceVote} decides
   * by event time and content whether it replaces the stored vote; if the vote is gone by
   * then (retracted concurrently), it is appended again. Retries the pair when a concurrent
   * retraction removes the vote between the two steps.
   */
  private FeedbackResult vote(String sessionId, Feedback f) {
    for (int attempt = 0; attempt < 3; attempt++) {
      FeedbackResult replaced = store.replaceVote(sessionId, f);
      if (replaced.outcome() != FeedbackResult.Outcome.NOT_FOUND) {
        return replaced;
      }
      FeedbackResult appended = store.append(sessionId, f, unknownSessions);
      if (appended.outcome() != FeedbackResult.Outcome.DUPLICATE) {
        return appended;
      }
    }
    throw new FeedbackStoreException(
        "the vote was retracted concurrently three times; retry",
        "vote",
        sessionId,
        f.id(),
        true,
        null);
  }

  private static boolean isVote(Feedback f) {
    return f.userId() != null && f.messageId() != null;
  }

  /**
   * A session's feedback, oldest first.
   *
   * @param sessionId the session
   * @return an immutable list, empty for an unknown session
   */
  public List<Feedback> getFeedbacks(String sessionId) {
    return store.list(Checks.sessionId(sessionId));
  }

  /**
   * A session's metadata.
   *
   * @param sessionId the session
   * @return an immutable map, empty for an unknown session
   */
  public Map<String, Object> getMetadata(String sessionId) {
    return store.metadata(Checks.sessionId(sessionId));
  }

  /**
   * Sets metadata keys of a session (creating it if needed); other keys are kept.
   *
   * @param sessionId the session
   * @param values keys and values; keys must not be empty, start with {@code $}, or
   *     contain {@code .} or NUL; values as for feedback attributes, or {@code null} (kept as
   *     a null value, as the Python library writes it), each at most
   *     {@link FeedbackLimits#MAX_METADATA_VALUE_BYTES} as stored
   * @throws InvalidFeedbackException naming every bad key or value
   */
  public void updateMetadata(String sessionId, Map<String, ?> values) {
    Checks.sessionId(sessionId);
    Objects.requireNonNull(values, "values");
    Checks checks = new Checks();
    Map<String, Object> copy = Values.metadata(values, checks);
    checks.throwIfAny();
    if (!copy.isEmpty()) {
      store.updateMetadata(sessionId, copy);
    }
  }

  /**
   * Removes metadata keys from a session.
   *
   * @param sessionId the session
   * @param keys the keys to remove
   * @throws InvalidFeedbackException naming every bad key
   */
  public void deleteMetadata(String sessionId, Collection<String> keys) {
    Checks.sessionId(sessionId);
    Checks.metadataKeys(Objects.requireNonNull(keys, "keys"));
    List<String> copy = List.copyOf(keys);
    if (!copy.isEmpty()) {
      store.deleteMetadata(sessionId, copy);
    }
  }

  /**
   * Removes one feedback from a session: the user withdrew it, or an administrator removes
   * it.
   *
   * @param sessionId the session
   * @param feedbackId the feedback id
   * @return whether a feedback was removed
   * @throws InvalidFeedbackException if the session id or feedback id is invalid
   * @throws FeedbackStoreException if the store failed
   */
  public boolean retractFeedback(String sessionId, String feedbackId) {
    Checks.sessionId(sessionId);
    Checks.idArgument("feedbackId", feedbackId);
    return store.delete(sessionId, feedbackId);
  }

  /**
   * Withdraws a user's vote on a message, stored in one-vote mode under
   * {@link Feedback#voteId(String, String)}.
   *
   * @param sessionId the session
   * @param userId the user
   * @param messageId the message
   * @return whether a vote was removed
   * @throws InvalidFeedbackException if an id is invalid
   * @throws FeedbackStoreException if the store failed
   */
  public boolean retractVote(String sessionId, String userId, String messageId) {
    return retractFeedback(sessionId, Feedback.voteId(userId, messageId));
  }

  /**
   * Records a reviewer's decision on using one feedback as a training example, stamped with
   * the clock's instant. One atomic change; the rest of the feedback is left as it is.
   *
   * @param sessionId the session
   * @param feedbackId the feedback id
   * @param status the decision
   * @param reviewer who decided, or {@code null}
   * @return whether the feedback was found
   * @throws InvalidFeedbackException if an id is invalid
   * @throws FeedbackStoreException if the store failed
   */
  public boolean review(String sessionId, String feedbackId, ReviewStatus status, String reviewer) {
    Checks.sessionId(sessionId);
    Checks.idArgument("feedbackId", feedbackId);
    Review review = new Review(Objects.requireNonNull(status, "status"), reviewer, clock.instant());
    return store.review(sessionId, feedbackId, review);
  }

  /**
   * Removes every feedback a user gave, in every session (the right to erasure). To erase a
   * user in one session only, call {@link AgentSession#eraseUser(String)} on its handle.
   *
   * @param userId the user
   * @return how many feedbacks were removed
   * @throws InvalidFeedbackException if the user id is invalid
   * @throws FeedbackStoreException if the store failed
   */
  public long eraseUser(String userId) {
    Checks.idArgument("userId", userId);
    long removed = store.eraseUser(userId);
    log.info("Erased {} feedbacks of a user", removed);
    return removed;
  }

  /** Removes every feedback a user gave in one session; see {@link AgentSession#eraseUser}. */
  long eraseUser(String sessionId, String userId) {
    Checks.sessionId(sessionId);
    Checks.idArgument("userId", userId);
    long removed = store.eraseUser(sessionId, userId);
    log.info("Erased {} feedbacks of a user in session {}", removed, sessionId);
    return removed;
  }

  /**
   * Analytics over this manager's store: summaries, trends, groups, cohort comparisons,
   * win rates, problems and reports.
   *
   * @return the analytics, a cheap thread-safe view of the store
   * @since 0.1.0
   */
  public FeedbackAnalytics analytics() {
    return FeedbackAnalytics.of(store);
  }

  /**
   * Streams the selected feedback lazily; close the stream when done.
   *
   * @param query the criteria
   * @return the stream
   */
  public Stream<SessionFeedback> stream(FeedbackQuery query) {
    return store.stream(Objects.requireNonNull(query, "query"));
  }

  /**
   * Closes the hooks that implement {@link AutoCloseable}, last first, then the store.
   * Idempotent. A failure to close one does not stop the others; it is logged.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    batchWorkers.close();
    List<Object> closeables = new ArrayList<>(hooks);
    closeables.add(0, store);
    Closeables.closeAll(closeables);
  }

  private Feedback complete(Feedback feedback) {
    String id = feedback.id();
    if (oneVote && isVote(feedback)) {
      String vote = Feedback.voteId(feedback.userId(), feedback.messageId());
      if (id != null && !id.equals(vote)) {
        throw InvalidFeedbackException.of(
            "id",
            "not_vote_id",
            "in one-vote mode feedback "
                + "with a user id and a message id has the id Feedback.voteId(userId, messageId) "
                + "= '"
                + vote
                + "'; leave the id unset");
      }
      id = vote;
    } else if (id == null) {
      id = idGenerator.get();
      if (id == null || !Checks.isValidId(id, Checks.MAX_ID_LENGTH)) {
        throw new IllegalStateException(
            "the idGenerator returned "
                + (id == null ? "null" : "an invalid id '" + Checks.shown(id) + "'")
                + "; it must return non-blank, "
                + "well-formed ids of at most "
                + Checks.MAX_ID_LENGTH
                + " chars without NUL");
      }
    }
    Feedback complete = feedback;
    if (!id.equals(feedback.id()) || feedback.createdAt() == null) {
      Feedback.Builder copy = feedback.toBuilder(); // checks only the fields set again
      if (!id.equals(feedback.id())) {
        copy.id(id);
      }
      if (feedback.createdAt() == null) {
        copy.createdAt(clock.instant());
      }
      complete = copy.build();
    }
    Checks.storable(complete);
    return complete;
  }

  /**
   * Configures a {@link FeedbackManager}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable FeedbackStore store;
    private List<FeedbackHook> hooks = List.of();
    private Clock clock = Clock.systemUTC();
    private Supplier<String> idGenerator = RandomIds::uuid;
    private UnknownSessionPolicy unknownSessions = UnknownSessionPolicy.CREATE;
    private boolean oneVote;
    private int batchGroupSize = DEFAULT_BATCH_GROUP_SIZE;

    private Builder() {}

    /**
     * Where feedback is kept. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(FeedbackStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The hooks, first outermost. Replaces any hooks set before.
     *
     * @param hooks the hooks
     * @return this builder
     */
    public Builder hooks(FeedbackHook... hooks) {
      return hooks(Arrays.asList(Objects.requireNonNull(hooks, "hooks")));
    }

    /**
     * The hooks, first outermost. Replaces any hooks set before.
     *
     * @param hooks the hooks
     * @return this builder
     * @throws NullPointerException naming {@code hooks[i]} if a hook is null
     */
    public Builder hooks(List<? extends FeedbackHook> hooks) {
      this.hooks = Checks.nonNullElements("hooks", hooks);
      return this;
    }

    /**
     * The clock that stamps {@code createdAt}. Defaults to the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Generates ids for feedback that has none. Defaults to random (version 4) UUIDs drawn
     * from a secure random generator per thread, so that threads never wait for each other.
     * Must be thread-safe and produce unique, non-blank ids of at most 256 chars.
     *
     * @param idGenerator the generator
     * @return this builder
     */
    public Builder idGenerator(Supplier<String> idGenerator) {
      this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator");
      return this;
    }

    /**
     * What happens to feedback for a session the store does not know. Defaults to
     * {@link UnknownSessionPolicy#CREATE}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder unknownSessions(UnknownSessionPolicy policy) {
      this.unknownSessions = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * One vote per user per answer: feedback that has both a user id and a message id gets
     * the id {@link Feedback#voteId(String, String)}, so the user's later feedback on the
     * same message replaces the earlier one instead of adding a second. Such feedback must
     * not carry another id. Off by default.
     *
     * <p>Which vote stays is decided by event time, not by arrival: a vote's event time is
     * the {@link Feedback#createdAt() createdAt} the caller gives (the time the user voted;
     * the clock's instant when absent), and a stored vote's is its
     * {@link Feedback#updatedAt() updatedAt} when set, else its creation time. The store
     * compares them in one atomic step ({@link FeedbackStore#replaceVote}, rules in
     * {@link io.github.agentfeedback.spi.Votes}), and the outcome says what happened:
     * <ul>
     *   <li>{@link FeedbackResult.Outcome#CREATED}: the user's first vote on the message;
     *   <li>{@link FeedbackResult.Outcome#REPLACED}: a vote with other content and a later
     *       event time (or the same: then the order of arrival decides) replaced the stored
     *       one, keeping the first creation time and setting {@code updatedAt} to the new
     *       vote's event time;
     *   <li>{@link FeedbackResult.Outcome#UNCHANGED}: the same vote (equal rating, score,
     *       comment, tags, dimensions, correction and comparison; attributes and times do not
     *       count) was already stored, such as a retried call; the content is not rewritten
     *       (a later event time only moves the stored {@code updatedAt} forward);
     *   <li>{@link FeedbackResult.Outcome#STALE}: a vote with other content and an earlier
     *       event time than the stored one's (a delayed retry of an earlier click); ignored,
     *       the newer vote stays.
     * </ul>
     * So concurrent, retried and delayed calls leave the vote with the latest event time.
     * Clients that retry should send the time of the click as {@code createdAt}: without it
     * every retry is stamped when it is processed and counts as the latest vote.
     *
     * @param enabled whether to keep one vote per user and message
     * @return this builder
     */
    public Builder oneVotePerUserAndMessage(boolean enabled) {
      this.oneVote = enabled;
      return this;
    }

    /**
     * How many items of {@link FeedbackManager#addFeedbacks} pass the hooks together and
     * reach the store in one call. While the group is stored, each of its items but the last
     * waits at its store step on a thread of its own (from a pool the manager keeps, whose
     * idle threads end after a minute), so a group of {@code n} items holds {@code n - 1}
     * threads for the duration of the call; larger groups save store round trips. Without
     * hooks no thread is used and no group is made: the whole batch is one store call.
     * Defaults to
     * {@value FeedbackManager#DEFAULT_BATCH_GROUP_SIZE}.
     *
     * @param size from 1 to {@value FeedbackManager#MAX_BATCH_GROUP_SIZE}
     * @return this builder
     * @throws IllegalArgumentException if the size is outside that range
     */
    public Builder batchGroupSize(int size) {
      if (size < 1 || size > MAX_BATCH_GROUP_SIZE) {
        throw new IllegalArgumentException(
            "batchGroupSize must be within 1.." + MAX_BATCH_GROUP_SIZE + ", was " + size);
      }
      this.batchGroupSize = size;
      return this;
    }

    /**
     * Builds the manager.
     *
     * @return the manager
     * @throws NullPointerException if no store was set
     */
    public FeedbackManager build() {
      return new FeedbackManager(this);
    }
  }
}
