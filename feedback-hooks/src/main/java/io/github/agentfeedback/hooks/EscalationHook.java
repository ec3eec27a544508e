package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.internal.BoundedMap;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.NotificationDispatcher;
import io.github.agentfeedback.hooks.notify.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches stored feedback for patterns that need a human and raises an {@link Escalation}
 * to its {@link EscalationListener}s — once per breach, not on every feedback while the
 * breach lasts.
 *
 * <p>Rules:
 * <ul>
 *   <li>{@link Builder#downStreak(int) downStreak(n)} (name {@value #DOWN_STREAK}): a
 *       session received {@code n} {@link Rating#DOWN} in a row. It fires on the
 *       {@code n}-th; any other rating ends the streak and re-arms the rule for that
 *       session.
 *   <li>{@link Builder#lowSatisfaction(double, int, int) lowSatisfaction(percent, window,
 *       minRated)} (name {@value #LOW_SATISFACTION}): over the last {@code window} feedbacks
 *       of all sessions, of which at least {@code minRated} were rated up or down,
 *       up / (up + down) × 100 is below {@code percent}. It fires when satisfaction falls
 *       below the threshold and re-arms once it is back at or above it.
 * </ul>
 * {@link #defaults(EscalationListener)} uses "3 DOWN in a row" and "below 60% over the last
 * 50, at least 20 rated". Feedback without a rating (a score alone, such as an NPS survey
 * answer) is no verdict: it neither extends nor ends a streak, and takes no place in the
 * satisfaction window.
 *
 * <p>Only new feedback is considered: an {@link FeedbackAction#ADD} whose result is
 * {@code created()}. Retried calls are not, and neither are replacements —
 * {@code updateFeedback} ({@link FeedbackAction#UPDATE}) or a user's new vote on a message
 * in one-vote mode (outcome {@code REPLACED}) — so a changed rating neither extends nor
 * ends a streak, nor enters the satisfaction window again; nor are votes the store left as
 * they were ({@code UNCHANGED}, {@code STALE}) or feedback a retention cap dropped at once
 * ({@code TRIMMED}). The work
 * happens after storage and never fails the caller: errors of rules and listeners are
 * logged. Each escalation is also logged at WARN. Streaks are kept for at most
 * {@link Builder#maxSessions(int) maxSessions} sessions at once (default
 * {@value #DEFAULT_MAX_SESSIONS}); beyond that the streaks of the sessions that went longest
 * without a DOWN are forgotten.
 *
 * <p>Listeners run on the caller's thread after storage; {@link Builder#notifier(Notifier)
 * notifiers} run asynchronously on the hook's own worker thread, so close the hook (or the
 * manager) when done. Thread-safe.
 *
 * @since 0.1.0
 */
public final class EscalationHook implements FeedbackHook, AutoCloseable {

  /** Default name of the down-streak rule. */
  public static final String DOWN_STREAK = "down_streak";

  /** Default name of the low-satisfaction rule. */
  public static final String LOW_SATISFACTION = "low_satisfaction";

  /** Default most sessions whose streak is tracked. */
  public static final int DEFAULT_MAX_SESSIONS = 10_000;

  /** Largest window of a low-satisfaction rule: the window is kept in memory. */
  public static final int MAX_WINDOW = 1_000_000;

  private static final Logger log = LoggerFactory.getLogger(EscalationHook.class);

  private final Clock clock;
  private final List<Rule> rules;
  private final List<EscalationListener> listeners;
  private final @Nullable NotificationDispatcher dispatcher; // null without notifiers

  private EscalationHook(Builder b) {
    this.clock = b.clock;
    List<EscalationListener> all = new ArrayList<>(b.listeners);
    if (b.notifiers.isEmpty()) {
      this.dispatcher = null;
    } else {
      NotificationDispatcher d =
          NotificationDispatcher.builder().name("escalation").notifiers(b.notifiers).build();
      this.dispatcher = d;
      all.add(e -> dispatch(d, e));
    }
    this.listeners = List.copyOf(all);
    List<Rule> built = new ArrayList<>();
    for (RuleSpec spec : b.rules) {
      built.add(spec.build(b.maxSessions));
    }
    this.rules = List.copyOf(built);
  }

  /**
   * A hook with the default rules, reporting to {@code listener}, with the UTC system clock.
   *
   * @param listener receives the escalations
   * @return the hook
   */
  public static EscalationHook defaults(EscalationListener listener) {
    return builder().defaultRules().listener(listener).build();
  }

  /**
   * A builder without rules or listeners.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Proceeds, then checks the rules against what was stored. */
  @Override
  public FeedbackResult intercept(Chain chain) {
    FeedbackResult result = chain.proceed(chain.feedback());
    if (chain.action() != FeedbackAction.ADD || !result.created()) {
      return result;
    }
    Feedback stored = result.feedback();
    Instant now = null;
    for (Rule rule : rules) {
      String message;
      try {
        message = rule.observe(chain.sessionId(), stored);
      } catch (RuntimeException e) {
        log.warn(
            "Escalation rule {} failed on feedback {} in session {}",
            rule.name(),
            stored.id(),
            chain.sessionId(),
            e);
        continue;
      }
      if (message != null) {
        now = now == null ? clock.instant() : now;
        raise(
            new Escalation(
                rule.name(),
                rule.perSession() ? chain.sessionId() : null,
                message,
                chain.sessionId(),
                stored,
                now));
      }
    }
    return result;
  }

  /**
   * Stops the notifiers' worker threads after delivering what is queued, within the
   * dispatcher's close timeout. Idempotent; does nothing when no notifier was configured.
   */
  @Override
  public void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private static void dispatch(NotificationDispatcher dispatcher, Escalation e) {
    dispatcher.submit(
        Notification.ofFeedback(
            Notification.TYPE_ESCALATION,
            e.triggerSessionId(),
            e.feedback(),
            0,
            e.time(),
            e.rule(),
            e.message()));
  }

  private void raise(Escalation escalation) {
    log.warn("Escalation {}: {}", escalation.rule(), escalation.message());
    for (EscalationListener listener : listeners) {
      try {
        listener.onEscalation(escalation);
      } catch (RuntimeException e) {
        log.warn(
            "Escalation listener {} failed for rule {} (feedback {})",
            listener.getClass().getName(),
            escalation.rule(),
            escalation.feedbackId(),
            e);
      }
    }
  }

  /** A rule's state machine; returns a message when the rule starts to be broken. */
  private interface Rule {
    String name();

    boolean perSession();

    /** The message of a breach this feedback makes, or null. */
    @Nullable String observe(String sessionId, Feedback stored);
  }

  private interface RuleSpec {
    Rule build(int maxSessions);
  }

  /** Counts DOWN in a row per session; only sessions in a streak are kept. */
  private static final class DownStreak implements Rule {
    private final String name;
    private final int length;
    private final BoundedMap<String, AtomicInteger> streaks;

    DownStreak(String name, int length, int maxSessions) {
      this.name = name;
      this.length = length;
      this.streaks = BoundedMap.create(maxSessions);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean perSession() {
      return true;
    }

    @Override
    public @Nullable String observe(String sessionId, Feedback stored) {
      Rating rating = stored.rating();
      if (rating == null) {
        return null; // a score alone neither extends nor ends a streak
      }
      if (rating != Rating.DOWN) {
        streaks.remove(sessionId);
        return null;
      }
      int streak =
          streaks
              .computeIfAbsent(sessionId, k -> new AtomicInteger())
              .accumulateAndGet(length + 1, (n, cap) -> Math.min(n + 1, cap));
      return streak == length ? length + " DOWN ratings in a row in session " + sessionId : null;
    }
  }

  /** Satisfaction over a sliding window of the last feedbacks of all sessions. */
  private static final class LowSatisfaction implements Rule {
    private final String name;
    private final double percent;
    private final int minRated;
    private final Rating[] window;
    private int head;
    private int size;
    private int up;
    private int down;
    private boolean breached;

    LowSatisfaction(String name, double percent, int window, int minRated) {
      this.name = name;
      this.percent = percent;
      this.window = new Rating[window];
      this.minRated = minRated;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean perSession() {
      return false;
    }

    @Override
    public synchronized @Nullable String observe(String sessionId, Feedback stored) {
      Rating rating = stored.rating();
      if (rating == null) {
        return null; // a score alone is no verdict: it takes no place in the window
      }
      if (size == window.length) {
        count(window[head], -1);
      } else {
        size++;
      }
      window[head] = rating;
      count(rating, 1);
      head = (head + 1) % window.length;
      int rated = up + down;
      if (rated < minRated) {
        return null;
      }
      double satisfaction = up * 100.0 / rated;
      if (satisfaction >= percent) {
        breached = false;
        return null;
      }
      if (breached) {
        return null;
      }
      breached = true;
      return String.format(
          Locale.ROOT,
          "Satisfaction %.1f%% over the last %d feedbacks (%d rated) is below %.1f%%",
          satisfaction,
          size,
          rated,
          percent);
    }

    private void count(Rating rating, int delta) {
      if (rating == Rating.UP) {
        up += delta;
      } else if (rating == Rating.DOWN) {
        down += delta;
      }
    }
  }

  /**
   * Configures an {@link EscalationHook}. Starts without rules or listeners. Not
   * thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private final List<RuleSpec> rules = new ArrayList<>();
    private final List<EscalationListener> listeners = new ArrayList<>();
    private final List<Notifier> notifiers = new ArrayList<>();
    private int maxSessions = DEFAULT_MAX_SESSIONS;

    private Builder() {}

    /**
     * The clock that stamps escalations. Defaults to the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Adds the default rules: {@code downStreak(3)} and
     * {@code lowSatisfaction(60, 50, 20)}.
     *
     * @return this builder
     */
    public Builder defaultRules() {
      return downStreak(3).lowSatisfaction(60, 50, 20);
    }

    /**
     * Adds a rule named {@value EscalationHook#DOWN_STREAK}: {@code length} DOWN in a row
     * in one session.
     *
     * @param length how many in a row, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code length < 1}
     */
    public Builder downStreak(int length) {
      return downStreak(DOWN_STREAK, length);
    }

    /**
     * Adds a named rule: {@code length} DOWN in a row in one session.
     *
     * @param name the rule name used in escalations
     * @param length how many in a row, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code length < 1} or the name is blank
     */
    public Builder downStreak(String name, int length) {
      checkName(name);
      if (length < 1) {
        throw new IllegalArgumentException("downStreak length must be at least 1, was " + length);
      }
      rules.add(max -> new DownStreak(name, length, max));
      return this;
    }

    /**
     * Adds a rule named {@value EscalationHook#LOW_SATISFACTION}: satisfaction below
     * {@code percent} over the last {@code window} feedbacks of all sessions, when at least
     * {@code minRated} of them were rated up or down.
     *
     * @param percent the threshold, in (0, 100]
     * @param window how many recent feedbacks are considered, from 1 to
     *     {@value EscalationHook#MAX_WINDOW}
     * @param minRated fewest up or down ratings in the window for the rule to apply, from 1
     *     to {@code window}
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public Builder lowSatisfaction(double percent, int window, int minRated) {
      return lowSatisfaction(LOW_SATISFACTION, percent, window, minRated);
    }

    /**
     * Adds a named low-satisfaction rule.
     *
     * @param name the rule name used in escalations
     * @param percent the threshold, in (0, 100]
     * @param window how many recent feedbacks are considered, from 1 to
     *     {@value EscalationHook#MAX_WINDOW}
     * @param minRated fewest up or down ratings in the window, from 1 to {@code window}
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range or the name is blank
     * @see #lowSatisfaction(double, int, int)
     */
    public Builder lowSatisfaction(String name, double percent, int window, int minRated) {
      checkName(name);
      if (!(percent > 0 && percent <= 100)
          || window < 1
          || window > MAX_WINDOW
          || minRated < 1
          || minRated > window) {
        throw new IllegalArgumentException(
            "lowSatisfaction needs 0 < percent <= 100, 1 <="
                + " window <= "
                + MAX_WINDOW
                + " and 1 <= minRated <= window; were "
                + percent
                + ", "
                + window
                + ", "
                + minRated);
      }
      rules.add(max -> new LowSatisfaction(name, percent, window, minRated));
      return this;
    }

    /**
     * Adds a listener. Escalations are logged even without one.
     *
     * @param listener a thread-safe listener
     * @return this builder
     */
    public Builder listener(EscalationListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Delivers each escalation to a {@link Notifier} as a {@link Notification} of type
     * {@value Notification#TYPE_ESCALATION}, asynchronously: the hook then owns a
     * {@link NotificationDispatcher} (bounded queue, one worker thread) that
     * {@link EscalationHook#close()} drains. The caller never waits for the notifier.
     *
     * @param notifier a thread-safe notifier, such as a {@code WebhookNotifier}
     * @return this builder
     */
    public Builder notifier(Notifier notifier) {
      notifiers.add(Objects.requireNonNull(notifier, "notifier"));
      return this;
    }

    /**
     * Most sessions whose DOWN streak is tracked at once. Defaults to
     * {@value EscalationHook#DEFAULT_MAX_SESSIONS}.
     *
     * @param maxSessions the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxSessions < 1}
     */
    public Builder maxSessions(int maxSessions) {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
      }
      this.maxSessions = maxSessions;
      return this;
    }

    /**
     * Builds the hook. Each build starts with fresh rule state.
     *
     * @return a thread-safe hook
     * @throws IllegalStateException if no rule was added
     */
    public EscalationHook build() {
      if (rules.isEmpty()) {
        throw new IllegalStateException(
            "EscalationHook needs at least one rule; see defaultRules()");
      }
      return new EscalationHook(this);
    }

    private static void checkName(@Nullable String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("rule name must not be blank");
      }
    }
  }
}
