package io.github.agentfeedback.memory;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.SessionCounts;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.internal.CodePointOrder;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spi.StoreChecks;
import io.github.agentfeedback.spi.Votes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FeedbackStore} in the JVM's heap, for tests, demos and small applications whose
 * feedback need not survive a restart.
 *
 * <p>Thread-safe: each session is guarded by its own lock, so writers to different
 * sessions never wait for each other. Appends are atomic and idempotent on the feedback
 * id; a session's feedback keeps insertion order (under a retention cap, creation-time
 * order). {@link #stream} visits sessions in ascending id order (by Unicode code point, as
 * MongoDB and a database's binary collation order them) and copies one session at a time.
 *
 * <p>An optional retention cap ({@link Builder#maxFeedbacksPerSession(int)}) behaves as
 * MongoDB's: each session keeps its newest feedbacks by creation time (ties by id, by code
 * point), in that order, and feedback older than everything a full session keeps is
 * {@link FeedbackResult.Outcome#TRIMMED}, not stored, evicting nothing.
 *
 * <p>Each session keeps its {@link SessionCounts} beside its feedback, changed under the
 * session's lock by every write (appends, replacements, votes, deletes, erasures and the
 * retention cap), so the counts a result carries always match what the session holds; a
 * batch append's results carry the counts at the end of their session's step.
 *
 * @since 0.1.0
 */
public final class InMemoryFeedbackStore implements FeedbackStore {

  /**
   * The order a retention cap keeps: by creation time, then id by code point; what sorts
   * first is dropped first.
   */
  private static final Comparator<Feedback> AGE =
      Comparator.comparing(Feedback::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Feedback::id, CodePointOrder.NULLS_FIRST);

  /** The sessions by id in code point order, the order of a stream. */
  private final ConcurrentNavigableMap<String, Session> sessions =
      new ConcurrentSkipListMap<>(CodePointOrder.STRINGS);

  private final int maxFeedbacksPerSession;

  /** Creates an empty store without a retention cap. */
  public InMemoryFeedbackStore() {
    this.maxFeedbacksPerSession = 0;
  }

  private InMemoryFeedbackStore(Builder b) {
    this.maxFeedbacksPerSession = b.maxFeedbacksPerSession;
  }

  /**
   * A builder, for a store with options; {@code new InMemoryFeedbackStore()} is a store
   * without any.
   *
   * @return a new builder
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public FeedbackResult append(String sessionId, Feedback feedback, UnknownSessionPolicy policy) {
    StoreChecks.appendable(sessionId, feedback);
    Objects.requireNonNull(policy, "policy");
    Session session =
        policy == UnknownSessionPolicy.CREATE
            ? sessions.computeIfAbsent(sessionId, id -> new Session())
            : sessions.get(sessionId);
    if (session == null) {
      throw new SessionNotFoundException(sessionId);
    }
    synchronized (session) {
      return session.counted(session.append(feedback, maxFeedbacksPerSession));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Appends the items of each session in the order given, all under the session's lock,
   * as one step (like one update of MongoDB's); under a retention cap, items that are not
   * held at the end of that step (created or found held, then pushed out by a later item of
   * the same call) are reported {@link FeedbackResult.Outcome#TRIMMED}.
   * An item can fail only for its own reasons (invalid, or an unknown session refused), and
   * is then certainly not stored.
   */
  @Override
  public List<AppendResult> appendAll(List<SessionFeedback> items, UnknownSessionPolicy policy) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(policy, "policy");
    AppendResult[] results = new AppendResult[items.size()];
    Map<String, List<Integer>> bySession = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      SessionFeedback item = items.get(i);
      try {
        StoreChecks.appendable(item.sessionId(), item.feedback());
        bySession.computeIfAbsent(item.sessionId(), k -> new ArrayList<>()).add(i);
      } catch (InvalidFeedbackException e) {
        results[i] = AppendResult.failed(e, false);
      }
    }
    bySession.forEach(
        (sessionId, indexes) -> {
          Session session =
              policy == UnknownSessionPolicy.CREATE
                  ? sessions.computeIfAbsent(sessionId, id -> new Session())
                  : sessions.get(sessionId);
          if (session == null) {
            indexes.forEach(
                i ->
                    results[i] =
                        AppendResult.failed(new SessionNotFoundException(sessionId), false));
            return;
          }
          synchronized (session) {
            for (int i : indexes) {
              results[i] =
                  AppendResult.of(session.append(items.get(i).feedback(), maxFeedbacksPerSession));
            }
            for (int i : indexes) { // held, then pushed out by a later item of this call
              FeedbackResult r = Objects.requireNonNull(results[i].result()); // appended above
              if (!session.feedbacks.containsKey(r.feedbackId())) {
                r = FeedbackResult.trimmed(r.feedback());
              }
              results[i] = AppendResult.of(session.counted(r));
            }
          }
        });
    return List.of(results);
  }

  @Override
  public FeedbackResult replace(String sessionId, Feedback feedback) {
    StoreChecks.appendable(sessionId, feedback);
    Session session = sessions.get(sessionId);
    if (session == null) {
      return FeedbackResult.notFound(feedback);
    }
    synchronized (session) {
      Feedback stored = session.feedbacks.get(feedback.id());
      if (stored == null) {
        return FeedbackResult.notFound(feedback);
      }
      Feedback kept = feedback.toBuilder().createdAt(stored.createdAt()).build();
      session.put(kept);
      return session.counted(FeedbackResult.replaced(kept, stored.rating()));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads, decides and writes under the session's lock.
   */
  @Override
  public FeedbackResult replaceVote(String sessionId, Feedback vote) {
    StoreChecks.appendable(sessionId, vote);
    Session session = sessions.get(sessionId);
    if (session == null) {
      return FeedbackResult.notFound(vote);
    }
    synchronized (session) {
      Feedback stored = session.feedbacks.get(vote.id());
      if (stored == null) {
        return FeedbackResult.notFound(vote);
      }
      Votes.Decision decision = Votes.decide(stored, vote);
      if (decision.write()) {
        session.put(decision.result().feedback());
      }
      return session.counted(decision.result());
    }
  }

  @Override
  public boolean review(String sessionId, String feedbackId, Review review) {
    Objects.requireNonNull(review, "review");
    Session session = sessions.get(sessionId);
    if (session == null) {
      return false;
    }
    synchronized (session) {
      return session.feedbacks.computeIfPresent(
              feedbackId, (id, f) -> f.toBuilder().review(review).build())
          != null;
    }
  }

  @Override
  public List<Feedback> list(String sessionId) {
    Session session = sessions.get(sessionId);
    return session == null ? List.of() : session.feedbacks();
  }

  @Override
  public Stream<SessionFeedback> stream(FeedbackQuery query) {
    Set<String> ids = query.sessionIds();
    Stream<Map.Entry<String, Session>> selected =
        ids.isEmpty()
            ? sessions.entrySet().stream()
            : ids.stream()
                .sorted(CodePointOrder.STRINGS)
                .filter(sessions::containsKey)
                .map(id -> Map.entry(id, sessions.get(id)));
    return selected
        .filter(e -> query.matchesMetadata(e.getValue().metadata()))
        .flatMap(
            e ->
                e.getValue().feedbacks().stream()
                    .filter(query::matches)
                    .map(f -> new SessionFeedback(e.getKey(), f)));
  }

  @Override
  public boolean delete(String sessionId, String feedbackId) {
    Session session = sessions.get(sessionId);
    if (session == null) {
      return false;
    }
    synchronized (session) {
      return session.remove(feedbackId) != null;
    }
  }

  @Override
  public long eraseUser(String userId) {
    Objects.requireNonNull(userId, "userId");
    long removed = 0;
    for (Session session : sessions.values()) {
      removed += erase(session, userId);
    }
    return removed;
  }

  @Override
  public long eraseUser(String sessionId, String userId) {
    Objects.requireNonNull(userId, "userId");
    Session session = sessions.get(sessionId);
    return session == null ? 0 : erase(session, userId);
  }

  private static int erase(Session session, String userId) {
    synchronized (session) {
      List<String> ids = new ArrayList<>();
      session.feedbacks.forEach(
          (id, f) -> {
            if (userId.equals(f.userId())) {
              ids.add(id);
            }
          });
      ids.forEach(session::remove);
      return ids.size();
    }
  }

  @Override
  public Map<String, Object> metadata(String sessionId) {
    Session session = sessions.get(sessionId);
    return session == null ? Map.of() : session.metadata();
  }

  @Override
  public void updateMetadata(String sessionId, Map<String, Object> values) {
    Session session = sessions.computeIfAbsent(sessionId, id -> new Session());
    synchronized (session) {
      session.metadata.putAll(values);
    }
  }

  @Override
  public void deleteMetadata(String sessionId, Collection<String> keys) {
    Session session = sessions.get(sessionId);
    if (session != null) {
      synchronized (session) {
        session.metadata.keySet().removeAll(keys);
      }
    }
  }

  @Override
  public String toString() {
    return "InMemoryFeedbackStore[sessions="
        + sessions.size()
        + (maxFeedbacksPerSession > 0 ? ", maxFeedbacksPerSession=" + maxFeedbacksPerSession : "")
        + "]";
  }

  /**
   * One session's state; guarded by its own monitor. Feedback is added and removed through
   * {@link #put} and {@link #remove} (or, for reordering, without changing what is held), so
   * that {@link #counts} always matches {@link #feedbacks}.
   */
  private static final class Session {
    final LinkedHashMap<String, Feedback> feedbacks = new LinkedHashMap<>();
    final LinkedHashMap<String, Object> metadata = new LinkedHashMap<>();
    SessionCounts counts = SessionCounts.EMPTY;

    /** Adds or replaces feedback and counts it. The caller holds the monitor. */
    void put(Feedback f) {
      Feedback old = feedbacks.put(f.id(), f);
      counts = old == null ? counts.plus(f.rating(), 1) : counts.moved(old.rating(), f.rating());
    }

    /** Removes feedback and uncounts it. The caller holds the monitor. */
    @Nullable Feedback remove(String id) {
      Feedback old = feedbacks.remove(id);
      if (old != null) {
        counts = counts.plus(old.rating(), -1);
      }
      return old;
    }

    /** The result with the session's counts. The caller holds the monitor. */
    FeedbackResult counted(FeedbackResult result) {
      return result.toBuilder().counts(counts).build();
    }

    /**
     * Appends unless the id is held; under a cap ({@code max > 0}) keeps the {@code max}
     * newest in {@link #AGE} order. The caller holds the monitor.
     */
    FeedbackResult append(Feedback f, int max) {
      if (feedbacks.containsKey(f.id())) {
        return FeedbackResult.duplicate(f);
      }
      if (max <= 0) {
        put(f);
        return FeedbackResult.created(f);
      }
      if (feedbacks.size() >= max) {
        Feedback oldest = feedbacks.values().iterator().next();
        if (AGE.compare(f, oldest) < 0) {
          return FeedbackResult.trimmed(f);
        }
        remove(StoreChecks.assignedId(oldest));
      }
      Feedback newest = null;
      for (Feedback kept : feedbacks.values()) {
        newest = kept;
      }
      put(f);
      if (newest != null && AGE.compare(f, newest) < 0) { // out of order: sort again
        List<Feedback> all = new ArrayList<>(feedbacks.values());
        all.sort(AGE);
        feedbacks.clear(); // reordered only: the same feedback, so the same counts
        all.forEach(kept -> feedbacks.put(kept.id(), kept));
      }
      return FeedbackResult.created(f);
    }

    synchronized List<Feedback> feedbacks() {
      return Collections.unmodifiableList(new ArrayList<>(feedbacks.values()));
    }

    synchronized Map<String, Object> metadata() {
      return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  /**
   * Configures an {@link InMemoryFeedbackStore}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int maxFeedbacksPerSession;

    private Builder() {}

    /**
     * Keeps at most this many feedbacks per session: the newest by creation time (ties by
     * id), in that order, as {@code MongoFeedbackStore.Builder.maxFeedbacksPerSession} does.
     * Feedback older than everything a full session keeps is reported
     * {@link FeedbackResult.Outcome#TRIMMED} and not stored. Off (0) by default.
     *
     * @param max a positive cap, or 0 for none
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxFeedbacksPerSession(int max) {
      if (max < 0) {
        throw new IllegalArgumentException(
            "maxFeedbacksPerSession must be 0 (off) or " + "positive, was " + max);
      }
      this.maxFeedbacksPerSession = max;
      return this;
    }

    /**
     * Builds an empty store.
     *
     * @return the store
     */
    public InMemoryFeedbackStore build() {
      return new InMemoryFeedbackStore(this);
    }
  }
}
