package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.internal.BoundedMap;
import io.github.agentfeedback.hooks.notify.DeliveryReport;
import io.github.agentfeedback.hooks.notify.DeliveryStats;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.NotificationDispatcher;
import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.hooks.notify.OverflowPolicy;
import io.github.agentfeedback.hooks.notify.internal.Texts;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people about feedback worth their attention — by default every negative one —
 * after it is stored, without making the caller wait.
 *
 * <pre>{@code
 * NotificationHook notification = NotificationHook.builder()
 *     .ratings(Rating.DOWN)                                   // the default
 *     .notifier(new LoggingNotifier())
 *     .notifier(WebhookNotifier.builder()                     // from feedback-webhooks
 *         .uri("https://hooks.slack.com/services/...")
 *         .format(WebhookNotifier.Format.SLACK)
 *         .build())
 *     .build();
 * FeedbackManager manager = FeedbackManager.builder()
 *     .store(store)
 *     .hooks(ReadyHooks.builder()                             // the documented order
 *         .validation(ValidationHook.defaults())
 *         .notification(notification)
 *         .build())
 *     .build();                                               // manager.close() closes it
 * }</pre>
 *
 * <h2>What it does</h2>
 * <ol>
 *   <li>Passes the feedback on first; nothing happens unless the store accepted it as new
 *       feedback: an {@link FeedbackAction#ADD} whose result is
 *       {@link FeedbackResult#created() created}. A duplicate (a retried call) notifies
 *       nobody, and neither does feedback that a later hook rejected. Replacements are not
 *       notified again either: neither {@code updateFeedback} ({@link FeedbackAction#UPDATE})
 *       nor a user's new vote on a message in one-vote mode (an ADD with outcome
 *       {@code REPLACED}); the counters count feedback as first given. A vote the store
 *       left as it was (the same vote again, {@code UNCHANGED}; an older click arriving
 *       late, {@code STALE}) is no change and notifies nobody, and neither does feedback a
 *       retention cap dropped at once ({@code TRIMMED}), which is not stored.
 *   <li>Tests the stored feedback against the predicate; for a match, adds one to the
 *       session's counter and builds a {@link Notification} of type
 *       {@value Notification#TYPE_FEEDBACK} with that count, the clock's time, the reason
 *       {@code rating_<up|down|neutral>} ({@code score_only} for feedback without a rating)
 *       and a message such as
 *       {@code "3rd negative feedback in session s-1"}.
 *   <li>Queues it on its own {@link NotificationDispatcher} and returns the stored result.
 *       Notifiers run on the dispatcher's worker threads; the caller never waits for a
 *       receiver and never sees a notifier's error.
 * </ol>
 *
 * <h2>When a receiver is down</h2>
 * The feedback is stored and {@code addFeedback} returns as usual: storage never depends on
 * a receiver. A notifier that retries (such as {@code WebhookNotifier}) keeps one worker
 * busy with its delivery while later notifications wait in the bounded queue
 * ({@link Builder#queueCapacity}, 1,000 deliveries by default). When the queue is full, the
 * {@link Builder#overflowPolicy overflow policy} drops one delivery — by default the new one
 * ({@link OverflowPolicy#DROP_NEWEST}), or the oldest queued one
 * ({@link OverflowPolicy#DROP_OLDEST}) — and counts it in {@link DeliveryStats#dropped()}.
 * A delivery whose notifier gave up counts in {@link DeliveryStats#failed()}. When the
 * receiver recovers, what is still queued or being retried is delivered.
 * {@link #shutdown(Duration)} returns a {@link DeliveryReport} with these counts and the
 * notifications that close abandoned ({@link DeliveryStats#undelivered()}); {@link #stats()}
 * shows them at any time.
 *
 * <p>Counters are kept in memory for at most {@link Builder#maxTrackedSessions} sessions
 * (10,000 by default); beyond that, the oldest of the sessions not notified again since they
 * were added or since the eviction hand last passed them is forgotten (the CLOCK
 * approximation of least recently used); a forgotten session counts from 1 again. They count matching feedback seen by this hook
 * since it was built, not what the store already held.
 *
 * <p>Thread-safe: share one hook between all threads. It owns threads; {@link #close()}
 * (called by {@code FeedbackManager.close()}) drains the queue. Errors in the predicate
 * or the counting are logged at WARN and never reach the caller.
 *
 * @since 0.1.0
 */
public final class NotificationHook implements FeedbackHook, AutoCloseable {

  /** The default number of sessions whose counters are kept. */
  public static final int DEFAULT_MAX_TRACKED_SESSIONS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(NotificationHook.class);

  private final Predicate<Feedback> predicate;
  private final String label;
  private final Clock clock;

  /** The event name per rating, {@code rating_up} and so on, made once. */
  private static final String[] RATING_EVENTS =
      Arrays.stream(Rating.values())
          .map(r -> "rating_" + r.name().toLowerCase(Locale.ROOT))
          .toArray(String[]::new);

  /** The event of feedback without a rating (a score alone). */
  private static final String UNRATED_EVENT = "score_only";

  private final BoundedMap<String, AtomicLong> counters;
  private final NotificationDispatcher dispatcher;

  private NotificationHook(Builder b) {
    this.predicate = b.predicate;
    this.label = b.label;
    this.clock = b.clock;
    this.counters = BoundedMap.create(b.maxTrackedSessions);
    this.dispatcher = b.dispatcher.build();
  }

  /**
   * A builder; at least one notifier is required.
   *
   * @return a new builder that notifies about negative feedback
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Passes the feedback on, then queues a notification if it was newly stored and
   * matches.
   *
   * @param chain the call
   * @return what the rest of the chain returned
   */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Objects.requireNonNull(chain, "chain");
    FeedbackResult result = chain.proceed(chain.feedback());
    if (chain.action() != FeedbackAction.ADD || !result.created()) {
      return result;
    }
    Feedback stored = result.feedback();
    try {
      if (predicate.test(stored)) {
        long count =
            counters.computeIfAbsent(chain.sessionId(), k -> new AtomicLong()).incrementAndGet();
        dispatcher.submit(
            Notification.ofFeedback(
                Notification.TYPE_FEEDBACK,
                chain.sessionId(),
                stored,
                count,
                clock.instant(),
                stored.rating() == null ? UNRATED_EVENT : RATING_EVENTS[stored.rating().ordinal()],
                Texts.ordinal(count) + " " + label + " in session " + chain.sessionId()));
      }
    } catch (RuntimeException e) {
      log.warn(
          "Could not queue a notification for feedback {} in session {}; the feedback "
              + "is stored",
          stored.id(),
          chain.sessionId(),
          e);
    }
    return result;
  }

  /**
   * The delivery counters now, for monitoring and tests.
   *
   * @return a snapshot of the dispatcher's counters
   */
  public DeliveryStats stats() {
    return dispatcher.stats();
  }

  /**
   * How many matching feedbacks this hook has counted for a session.
   *
   * @param sessionId the session
   * @return the count, 0 for a session not seen or no longer tracked
   * @throws NullPointerException if the session id is null
   */
  public long count(String sessionId) {
    AtomicLong count = counters.get(Objects.requireNonNull(sessionId, "sessionId"));
    return count == null ? 0 : count.get();
  }

  /**
   * Stops queueing notifications and waits up to the close timeout for queued ones to be
   * delivered, then logs the report. Idempotent. Feedback added after closing is still
   * stored; its notifications are dropped.
   *
   * @see NotificationDispatcher#shutdown(Duration)
   */
  @Override
  public void close() {
    dispatcher.close();
  }

  /**
   * Like {@link #close()} with an explicit timeout, returning the report.
   *
   * @param timeout how long to wait for the queue to drain; zero abandons what is queued
   * @return what was delivered, failed, dropped and abandoned; later calls return the
   *     first report
   * @throws IllegalArgumentException if the timeout is negative
   * @see NotificationDispatcher#shutdown(Duration)
   */
  public DeliveryReport shutdown(Duration timeout) {
    return dispatcher.shutdown(timeout);
  }

  @Override
  public String toString() {
    return "NotificationHook[" + label + ", " + dispatcher + "]";
  }

  /**
   * Configures a {@link NotificationHook}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Predicate<Feedback> predicate = f -> f.rating() == Rating.DOWN;
    private String label = "negative feedback";
    private Clock clock = Clock.systemUTC();
    private int maxTrackedSessions = DEFAULT_MAX_TRACKED_SESSIONS;
    private final NotificationDispatcher.Builder dispatcher =
        NotificationDispatcher.builder().name("notify");

    private Builder() {}

    /**
     * Notifies about feedback with one of these ratings. Defaults to {@link Rating#DOWN}.
     * Feedback without a rating (a score alone) matches none; choose it with
     * {@link #when}. Replaces any predicate set before; messages name the ratings ("negative feedback",
     * "negative or neutral feedback", or "feedback" for all three).
     *
     * @param ratings the ratings, at least one
     * @return this builder
     * @throws IllegalArgumentException if no rating is given
     * @throws NullPointerException if the array or a rating is null
     */
    public Builder ratings(Rating... ratings) {
      Objects.requireNonNull(ratings, "ratings");
      if (ratings.length == 0) {
        throw new IllegalArgumentException("ratings must name at least one rating");
      }
      Set<Rating> set = EnumSet.noneOf(Rating.class);
      for (Rating r : ratings) {
        set.add(Objects.requireNonNull(r, "ratings must not contain null"));
      }
      Set<Rating> chosen = Set.copyOf(set);
      String words =
          set.size() == Rating.values().length
              ? "feedback"
              : set.stream().map(Texts::adjective).collect(Collectors.joining(" or "))
                  + " feedback";
      return when(f -> f.rating() != null && chosen.contains(f.rating()), words);
    }

    /**
     * Notifies about feedback that matches the predicate, named "matching feedback" in
     * messages. Replaces any predicate set before.
     *
     * @param predicate tested on the stored feedback, on the caller's thread; must be fast,
     *     thread-safe and free of side effects
     * @return this builder
     */
    public Builder when(Predicate<Feedback> predicate) {
      return when(predicate, "matching feedback");
    }

    /**
     * Notifies about feedback that matches the predicate. Replaces any predicate set
     * before.
     *
     * @param predicate tested on the stored feedback, on the caller's thread; must be fast,
     *     thread-safe and free of side effects
     * @param label what matching feedback is called in messages, as in
     *     {@code "3rd <label> in session s-1"}
     * @return this builder
     */
    public Builder when(Predicate<Feedback> predicate, String label) {
      this.predicate = Objects.requireNonNull(predicate, "predicate");
      Objects.requireNonNull(label, "label");
      if (label.isBlank()) {
        throw new IllegalArgumentException("label must not be blank");
      }
      this.label = label;
      return this;
    }

    /**
     * Adds a notifier. Every notification goes to every notifier.
     *
     * @param notifier the notifier
     * @return this builder
     */
    public Builder notifier(Notifier notifier) {
      dispatcher.notifier(notifier);
      return this;
    }

    /**
     * Replaces the notifiers.
     *
     * @param notifiers the notifiers
     * @return this builder
     */
    public Builder notifiers(List<? extends Notifier> notifiers) {
      dispatcher.notifiers(notifiers);
      return this;
    }

    /**
     * How many deliveries may wait; when the queue is full, the overflow policy drops one
     * and counts it. Defaults to 1,000.
     *
     * @param capacity from 1 to {@link NotificationDispatcher#MAX_QUEUE_CAPACITY}
     * @return this builder
     * @throws IllegalArgumentException if the capacity is outside that range
     * @see NotificationDispatcher.Builder#queueCapacity(int)
     */
    public Builder queueCapacity(int capacity) {
      dispatcher.queueCapacity(capacity);
      return this;
    }

    /**
     * Which delivery is dropped when the queue is full: the new one
     * ({@link OverflowPolicy#DROP_NEWEST}, the default) or the oldest queued one
     * ({@link OverflowPolicy#DROP_OLDEST}).
     *
     * @param policy the policy
     * @return this builder
     * @see NotificationDispatcher.Builder#overflowPolicy(OverflowPolicy)
     */
    public Builder overflowPolicy(OverflowPolicy policy) {
      dispatcher.overflowPolicy(policy);
      return this;
    }

    /**
     * How many threads deliver concurrently. Defaults to 1.
     *
     * @param threads from 1 to 64
     * @return this builder
     * @throws IllegalArgumentException if the number is outside that range
     * @see NotificationDispatcher.Builder#workerThreads(int)
     */
    public Builder workerThreads(int threads) {
      dispatcher.workerThreads(threads);
      return this;
    }

    /**
     * How long {@link NotificationHook#close()} waits for the queue to drain. Defaults to
     * 10 seconds.
     *
     * @param timeout zero or more
     * @return this builder
     * @throws IllegalArgumentException if the timeout is negative
     */
    public Builder closeTimeout(Duration timeout) {
      dispatcher.closeTimeout(timeout);
      return this;
    }

    /**
     * Creates the worker threads. Defaults to daemon threads named
     * {@code agent-feedback-notify-...}.
     *
     * @param threadFactory the factory
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      dispatcher.threadFactory(threadFactory);
      return this;
    }

    /**
     * The clock that stamps {@link Notification#time()}. Defaults to the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many sessions' counters are kept in memory. Defaults to 10,000.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxTrackedSessions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxTrackedSessions must be at least 1, was " + max);
      }
      this.maxTrackedSessions = max;
      return this;
    }

    /**
     * Builds the hook and starts its worker threads.
     *
     * @return the hook
     * @throws IllegalStateException if no notifier was set
     */
    public NotificationHook build() {
      return new NotificationHook(this);
    }
  }
}
