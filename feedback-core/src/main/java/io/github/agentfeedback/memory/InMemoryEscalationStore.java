package io.github.agentfeedback.memory;

import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationAction;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.LoopClaim;
import io.github.agentfeedback.escalation.LoopClosing;
import io.github.agentfeedback.escalation.Raised;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * An {@link EscalationStore} in the JVM's heap, for tests and single-process applications.
 *
 * <p>Thread-safe: every call runs under one lock, so a raise, an acknowledgement, a
 * resolution (with its loop-closing events), a notification claim and a loop-closing claim
 * are each one atomic step.
 *
 * @since 0.1.0
 */
public final class InMemoryEscalationStore implements EscalationStore {

  /** Newest first raise first, then by id: the order of {@link #list}. */
  static final Comparator<Escalation> NEWEST_FIRST =
      Comparator.comparing(Escalation::raisedAt)
          .reversed()
          .thenComparing(e -> Objects.requireNonNull(e.id()));

  /** The order of {@link #claimLoopClosings}: oldest resolution first, then by id. */
  private static final Comparator<Escalation> OLDEST_RESOLUTION_FIRST =
      Comparator.comparing((Escalation e) -> Objects.requireNonNull(e.resolved()).at())
          .thenComparing(e -> Objects.requireNonNull(e.id()));

  private final Map<String, Escalation> byId = new LinkedHashMap<>();
  private final Map<String, String> openByKey = new HashMap<>();
  private final Map<String, Instant> notifiedAt = new HashMap<>();

  /** Pending loop-closing events by escalation id; removed when none is left. */
  private final Map<String, Loop> loops = new LinkedHashMap<>();

  /** The pending events of one resolved escalation, and its lease. */
  private static final class Loop {
    final LinkedHashSet<FeedbackRef> pending;
    Instant leasedUntil = Instant.MIN;

    Loop(Collection<FeedbackRef> pending) {
      this.pending = new LinkedHashSet<>(pending);
    }
  }

  /** Creates an empty store. */
  public InMemoryEscalationStore() {}

  @Override
  public synchronized Raised raise(Escalation candidate) {
    Objects.requireNonNull(candidate, "candidate");
    String open = openByKey.get(candidate.dedupKey());
    if (open != null) {
      Escalation repeated = Objects.requireNonNull(byId.get(open)).repeatedBy(candidate);
      byId.put(open, repeated);
      return new Raised(repeated, false);
    }
    Escalation created = candidate.created(UUID.randomUUID().toString());
    String id = Objects.requireNonNull(created.id());
    byId.put(id, created);
    openByKey.put(created.dedupKey(), id);
    return new Raised(created, true);
  }

  @Override
  public synchronized Optional<Escalation> find(String id) {
    return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
  }

  @Override
  public synchronized List<Escalation> list(EscalationQuery query) {
    List<Escalation> selected = new ArrayList<>();
    for (Escalation e : byId.values()) {
      if (query.matches(e)) {
        selected.add(e);
      }
    }
    selected.sort(NEWEST_FIRST);
    return List.copyOf(selected.subList(0, Math.min(selected.size(), query.limit())));
  }

  @Override
  public Optional<Escalation> acknowledge(String id, String by, Instant at, String note) {
    EscalationAction action = new EscalationAction(by, at, note);
    return change(id, e -> e.acknowledgedBy(action));
  }

  @Override
  public Optional<Escalation> resolve(String id, String by, Instant at, String note) {
    EscalationAction action = new EscalationAction(by, at, note);
    return change(id, e -> e.resolvedBy(action));
  }

  private synchronized Optional<Escalation> change(String id, UnaryOperator<Escalation> step) {
    Escalation stored = byId.get(Objects.requireNonNull(id, "id"));
    if (stored == null) {
      return Optional.empty();
    }
    Escalation changed = step.apply(stored);
    byId.put(id, changed);
    if (!changed.status().isOpen()) {
      openByKey.remove(changed.dedupKey(), id);
      if (!changed.feedback().isEmpty()) {
        loops.put(id, new Loop(changed.feedback()));
      }
    }
    return Optional.of(changed);
  }

  @Override
  public synchronized boolean claimNotification(String id, Instant at, Duration minInterval) {
    Objects.requireNonNull(id, "id");
    Instant latest = EscalationStore.latestPriorNotification(at, minInterval);
    if (!byId.containsKey(id)) {
      return false;
    }
    Instant last = notifiedAt.get(id);
    if (last != null && last.isAfter(latest)) {
      return false;
    }
    notifiedAt.put(id, at);
    return true;
  }

  @Override
  public synchronized List<LoopClosing> claimLoopClosings(LoopClaim claim) {
    Objects.requireNonNull(claim, "claim");
    List<Escalation> due = new ArrayList<>();
    for (Map.Entry<String, Loop> entry : loops.entrySet()) {
      if (!entry.getValue().leasedUntil.isAfter(claim.now())) {
        due.add(Objects.requireNonNull(byId.get(entry.getKey())));
      }
    }
    due.sort(OLDEST_RESOLUTION_FIRST);
    List<LoopClosing> claimed = new ArrayList<>();
    for (Escalation e : due.subList(0, Math.min(claim.limit(), due.size()))) {
      Loop loop = Objects.requireNonNull(loops.get(e.id()));
      loop.leasedUntil = claim.until();
      claimed.add(new LoopClosing(e, List.copyOf(loop.pending)));
    }
    return List.copyOf(claimed);
  }

  @Override
  public synchronized void loopClosingsSent(String escalationId, Collection<FeedbackRef> sent) {
    List<FeedbackRef> settled = List.copyOf(sent);
    Loop loop = loops.get(Objects.requireNonNull(escalationId, "escalationId"));
    if (loop == null) {
      return;
    }
    settled.forEach(loop.pending::remove);
    if (loop.pending.isEmpty()) {
      loops.remove(escalationId);
    }
  }

  @Override
  public synchronized String toString() {
    return "InMemoryEscalationStore[escalations=" + byId.size() + "]";
  }
}
