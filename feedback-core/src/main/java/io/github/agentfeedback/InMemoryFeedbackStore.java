package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.FeedbackStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A {@link FeedbackStore} in the JVM's heap, for tests, demos and small applications whose
 * feedback need not survive a restart.
 *
 * <p>Thread-safe: each session is guarded by its own lock, so writers to different
 * sessions never wait for each other. Appends are atomic and idempotent on the feedback
 * id; a session's feedback keeps insertion order. {@link #stream} visits sessions in
 * ascending id order and copies one session at a time.
 *
 * @since 0.1.0
 */
public final class InMemoryFeedbackStore implements FeedbackStore {

  private final ConcurrentNavigableMap<String, Session> sessions = new ConcurrentSkipListMap<>();

  /** Creates an empty store. */
  public InMemoryFeedbackStore() {}

  @Override
  public FeedbackResult append(String sessionId, Feedback feedback, UnknownSessionPolicy policy) {
    Checks.appendable(sessionId, feedback);
    Objects.requireNonNull(policy, "policy");
    Session session = policy == UnknownSessionPolicy.CREATE
        ? sessions.computeIfAbsent(sessionId, id -> new Session())
        : sessions.get(sessionId);
    if (session == null) {
      throw new SessionNotFoundException(sessionId);
    }
    synchronized (session) {
      return session.feedbacks.putIfAbsent(feedback.id(), feedback) == null
          ? FeedbackResult.created(feedback)
          : FeedbackResult.duplicate(feedback);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Appends item after item under each session's own lock; an item can fail only for
   * its own reasons (invalid, or an unknown session refused), and is then certainly not
   * stored.
   */
  @Override
  public List<AppendResult> appendAll(List<SessionFeedback> items, UnknownSessionPolicy policy) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(policy, "policy");
    List<AppendResult> results = new ArrayList<>(items.size());
    for (SessionFeedback item : items) {
      try {
        results.add(AppendResult.of(append(item.sessionId(), item.feedback(), policy)));
      } catch (InvalidFeedbackException | SessionNotFoundException e) {
        results.add(AppendResult.failed(e, false));
      }
    }
    return results;
  }

  @Override
  public FeedbackResult replace(String sessionId, Feedback feedback) {
    Checks.appendable(sessionId, feedback);
    Session session = sessions.get(sessionId);
    if (session == null) {
      return FeedbackResult.notFound(feedback);
    }
    synchronized (session) {
      Feedback stored = session.feedbacks.get(feedback.id());
      if (stored == null) {
        return FeedbackResult.notFound(feedback);
      }
      Feedback kept = feedback.withCreatedAt(stored.createdAt());
      session.feedbacks.put(kept.id(), kept);
      return FeedbackResult.replaced(kept);
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
      return session.feedbacks.computeIfPresent(feedbackId, (id, f) -> f.withReview(review))
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
    Stream<Map.Entry<String, Session>> selected = ids.isEmpty()
        ? sessions.entrySet().stream()
        : ids.stream().sorted().filter(sessions::containsKey)
            .map(id -> Map.entry(id, sessions.get(id)));
    return selected
        .filter(e -> query.matchesMetadata(e.getValue().metadata()))
        .flatMap(e -> e.getValue().feedbacks().stream()
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
      return session.feedbacks.remove(feedbackId) != null;
    }
  }

  @Override
  public long eraseUser(String userId) {
    long removed = 0;
    for (Session session : sessions.values()) {
      synchronized (session) {
        int before = session.feedbacks.size();
        session.feedbacks.values().removeIf(f -> userId.equals(f.userId()));
        removed += before - session.feedbacks.size();
      }
    }
    return removed;
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
    return "InMemoryFeedbackStore[sessions=" + sessions.size() + "]";
  }

  /** One session's state; guarded by its own monitor. */
  private static final class Session {
    final LinkedHashMap<String, Feedback> feedbacks = new LinkedHashMap<>();
    final LinkedHashMap<String, Object> metadata = new LinkedHashMap<>();

    synchronized List<Feedback> feedbacks() {
      return Collections.unmodifiableList(new ArrayList<>(feedbacks.values()));
    }

    synchronized Map<String, Object> metadata() {
      return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }
}
