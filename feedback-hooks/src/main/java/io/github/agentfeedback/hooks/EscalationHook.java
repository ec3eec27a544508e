package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises escalations on the hot path from what the store answered: after each write that
 * changed a session, its {@link EscalationRule}s look at the write and the session's
 * {@link io.github.agentfeedback.SessionCounts}, which the store counted in the same atomic
 * step as the write, and what they return is raised into an {@link EscalationStore}; then
 * the {@link EscalationListener}s are told.
 *
 * <pre>{@code
 * EscalationHook hook = EscalationHook.builder()
 *     .escalations(escalationStore)          // shared by every replica
 *     .negativeRatings(3)                    // the third DOWN of a session, in any order
 *     .listener(raised -> log.warn("{}", raised.escalation()))
 *     .build();
 * }</pre>
 *
 * <p><b>Across replicas and restarts.</b> The hook keeps no state: the counts come from the
 * store with each write, and a rule that needs the order or the times of a session's
 * feedback (a streak, a time window) reads them from the store (see
 * {@link Builder#feedbackStore}). So three replicas, each receiving a third of a session's
 * feedback, see the same counts, and a restart forgets nothing. The escalation store keeps
 * one open escalation per rule and subject: replicas whose rules fire for the same session
 * raise one escalation, whose {@link Escalation#count()} says how many times.
 *
 * <p><b>Which writes.</b> Outcome {@link FeedbackResult.Outcome#CREATED}, and
 * {@link FeedbackResult.Outcome#REPLACED} (a user's changed vote in one-vote mode, or
 * {@code updateFeedback}), counted by the new rating (the store moved the count from the
 * old one, which the result names: {@link FeedbackResult#previousRating()}). The rules of
 * {@link EscalationRule} fire on a write that adds a rating ({@link SessionWrite#counted}):
 * a vote changed from UP to DOWN is one more DOWN, a comment fix of a DOWN that stays DOWN
 * is none. A replayed duplicate, a vote left unchanged or stale, and feedback a retention
 * cap dropped never raise. A result without counts (a store that does not count, or an item
 * of a MongoDB batch) is checked by no rule; the first such result is logged at WARN, the
 * others at DEBUG. Batches ({@code addFeedbacks}) run each item through the
 * hook with the counts the store returned for it (see each store).
 *
 * <p>The work happens after storage and never fails the caller: errors of rules, of the
 * escalation store and of listeners are logged at WARN. Listeners run on the caller's
 * thread, after the raise; hand slow work to a queue (an {@code EscalationRouter} delivers
 * to notifiers asynchronously).
 *
 * <p>Thread-safe; holds no resource.
 *
 * @since 0.1.0
 */
public final class EscalationHook implements FeedbackHook {

  /** The type of the escalations of {@link EscalationRule#negativeRatings}. */
  public static final String SESSION_NEGATIVES = "session_negatives";

  /** The type of the escalations of {@link EscalationRule#downStreak}. */
  public static final String DOWN_STREAK = "down_streak";

  private static final Logger log = LoggerFactory.getLogger(EscalationHook.class);

  private final AtomicBoolean warnedNoCounts = new AtomicBoolean();

  private final Clock clock;
  private final EscalationStore escalations;
  private final @Nullable FeedbackStore feedbackStore;
  private final List<EscalationRule> rules;
  private final List<EscalationListener> listeners;

  private EscalationHook(Builder b, EscalationStore escalations) {
    this.clock = b.clock;
    this.escalations = escalations;
    this.feedbackStore = b.feedbackStore;
    this.rules = List.copyOf(b.rules);
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * A builder without rules or listeners.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Proceeds, then checks the rules against what the store answered. */
  @Override
  public FeedbackResult intercept(Chain chain) {
    FeedbackResult result = chain.proceed(chain.feedback());
    FeedbackResult.Outcome outcome = result.outcome();
    if (outcome != FeedbackResult.Outcome.CREATED && outcome != FeedbackResult.Outcome.REPLACED) {
      return result;
    }
    if (result.counts() == null) {
      // A store without counts, or a MongoDB batch (a bulk write returns no documents): said
      // once at WARN, so that rules silently never firing do not go unnoticed.
      if (warnedNoCounts.compareAndSet(false, true)) {
        log.warn(
            "The store returned no session counts for feedback {} in session {}: escalation"
                + " rules skip such writes (MongoDB batches carry none); said once",
            result.feedbackId(),
            chain.sessionId());
      } else {
        log.debug(
            "No session counts for feedback {} in session {}: escalation rules skipped",
            result.feedbackId(),
            chain.sessionId());
      }
      return result;
    }
    String sessionId = chain.sessionId();
    SessionWrite write =
        new SessionWrite(sessionId, chain.action(), result, clock.instant(), history(sessionId));
    for (EscalationRule rule : rules) {
      Optional<Escalation> candidate;
      try {
        candidate = rule.check(write);
      } catch (RuntimeException e) {
        log.warn(
            "Escalation rule {} failed on feedback {} in session {}",
            rule,
            result.feedbackId(),
            sessionId,
            e);
        continue;
      }
      candidate.ifPresent(c -> raise(c, write));
    }
    return result;
  }

  private Supplier<List<Feedback>> history(String sessionId) {
    FeedbackStore store = feedbackStore;
    return () -> {
      if (store == null) {
        throw new IllegalStateException(
            "this rule reads the session's feedback: set EscalationHook.Builder.feedbackStore");
      }
      return store.list(sessionId);
    };
  }

  private void raise(Escalation candidate, SessionWrite write) {
    Raised raised;
    try {
      raised = escalations.raise(candidate);
    } catch (RuntimeException e) {
      log.warn(
          "Raising escalation {} for session {} failed", candidate.rule(), write.sessionId(), e);
      return;
    }
    Escalation e = raised.escalation();
    log.warn(
        "Escalation {} {} ({}, {}): rule {}, subject {}, count {}",
        e.id(),
        raised.created() ? "raised" : "repeated",
        e.type(),
        e.severity(),
        e.rule(),
        e.subject(),
        e.count());
    for (EscalationListener listener : listeners) {
      try {
        listener.onEscalation(raised);
      } catch (RuntimeException ex) {
        log.warn(
            "Escalation listener {} failed for escalation {}",
            listener.getClass().getName(),
            e.id(),
            ex);
      }
    }
  }

  /**
   * Configures an {@link EscalationHook}. An escalation store and at least one rule are
   * required. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable EscalationStore escalations;
    private @Nullable FeedbackStore feedbackStore;
    private final List<EscalationRule> rules = new ArrayList<>();
    private final List<EscalationListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Where escalations are raised: share one store between every replica of the
     * application, so that they raise one escalation per rule and subject. Required.
     *
     * @param store the escalation store; the hook does not close it
     * @return this builder
     */
    public Builder escalations(EscalationStore store) {
      this.escalations = Objects.requireNonNull(store, "escalations");
      return this;
    }

    /**
     * The feedback store the manager writes to, for rules that read a session's feedback
     * beyond the write's counts ({@link EscalationRule#downStreak},
     * {@link EscalationRule#negativeRatings(int, Duration)}, and custom rules calling
     * {@link SessionWrite#history()}). Without it such a rule fails, which is logged.
     *
     * @param store the store; the hook does not close it
     * @return this builder
     */
    public Builder feedbackStore(FeedbackStore store) {
      this.feedbackStore = Objects.requireNonNull(store, "feedbackStore");
      return this;
    }

    /**
     * The clock that stamps escalations and ends time windows. Defaults to the UTC system
     * clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Adds a rule; rules are checked in the order added.
     *
     * @param rule a thread-safe rule
     * @return this builder
     */
    public Builder rule(EscalationRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds {@link EscalationRule#negativeRatings(int) negativeRatings(threshold)}.
     *
     * @param threshold how many DOWN in a session, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold < 1}
     */
    public Builder negativeRatings(int threshold) {
      return rule(EscalationRule.negativeRatings(threshold));
    }

    /**
     * Adds {@link EscalationRule#downStreak(int) downStreak(length)}; needs
     * {@link #feedbackStore}.
     *
     * @param length how many DOWN in a row, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code length < 1}
     */
    public Builder downStreak(int length) {
      return rule(EscalationRule.downStreak(length));
    }

    /**
     * Adds a listener, told of each raise after it is stored.
     *
     * @param listener a thread-safe listener, such as an {@code EscalationRouter}'s
     *     {@code route}
     * @return this builder
     */
    public Builder listener(EscalationListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return a thread-safe hook
     * @throws IllegalStateException if no escalation store or no rule was set
     */
    public EscalationHook build() {
      EscalationStore store = escalations;
      if (store == null) {
        throw new IllegalStateException("EscalationHook needs escalations(EscalationStore)");
      }
      if (rules.isEmpty()) {
        throw new IllegalStateException(
            "EscalationHook needs at least one rule, such as negativeRatings(3)");
      }
      return new EscalationHook(this, store);
    }
  }
}
