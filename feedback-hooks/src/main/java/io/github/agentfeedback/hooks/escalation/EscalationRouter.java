package io.github.agentfeedback.hooks.escalation;

import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.hooks.notify.DeliveryStats;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.NotificationDispatcher;
import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.hooks.notify.internal.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends raised escalations to notifiers by severity and type, with quiet hours and a minimum
 * interval per escalation, without ever making the caller wait.
 *
 * <pre>{@code
 * EscalationRouter router = EscalationRouter.builder()
 *     .store(escalations)                                   // shared by every replica
 *     .route(EscalationRoute.atLeast(Severity.HIGH, pager)) // first match wins
 *     .route(EscalationRoute.ofType("session_negatives", slack))
 *     .defaultRoute(log)
 *     .quietHours(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), zone))
 *     .minInterval(Duration.ofMinutes(30))
 *     .build();
 * EscalationHook hook =
 *     EscalationHook.builder()
 *         .escalations(store).negativeRatings(3).listener(router::route).build();
 * }</pre>
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li><b>Routes</b>: tried in the order added; the <em>first</em> that {@linkplain
 *       EscalationRoute#matches matches} takes the escalation, so put the narrow, urgent
 *       routes first. None matches: the default route, if set; otherwise the escalation is
 *       counted {@code unrouted}. Each route delivers to its notifiers through its own
 *       {@link NotificationDispatcher} (a bounded queue and a worker thread), as a {@link
 *       Notification} of type {@link Notification#TYPE_ESCALATION} carrying the escalation.
 *   <li><b>Quiet hours</b>: an escalation routed in {@link QuietHours} with a severity below
 *       the bypass ({@link Severity#CRITICAL} unless set) is held in this router's memory, by
 *       its id, once however often it is raised. When quiet hours end ({@link
 *       #releaseHeld()}, called by the router's thread every {@link Builder#releaseCheckPeriod
 *       minute}), each held escalation is read again from the store and routed as it is
 *       then (with its count and severity as they grew meanwhile); one resolved meanwhile is
 *       not sent. Closing the router after quiet hours ended releases them first. Held
 *       escalations live in the process: a router closed or killed in quiet hours does not
 *       send them (close logs how many), though they stay in the store. At most {@link
 *       Builder#maxHeld maxHeld} escalations are held (10,000 unless set), so that a night of
 *       new sessions cannot fill the memory; one more is counted {@code dropped} and logged
 *       (at WARN the first time in a night), and it stays open in the store, so that its
 *       next raise after quiet hours is sent.
 *   <li><b>Minimum interval</b>: before sending, the router claims the escalation's
 *       notification in the store ({@link EscalationStore#claimNotification}); a repeat of
 *       the same escalation (same rule and subject) within the interval is not sent again
 *       and is counted {@code suppressed}. The claim is a compare-and-set in the store, so
 *       the interval holds across replicas and restarts: of three replicas routing the same
 *       escalation at once, one sends it. An escalation made after the previous one was
 *       resolved is a new escalation and is sent.
 *   <li><b>Never blocking</b>: {@link #route} decides the route and quiet hours in memory
 *       and hands the rest (the store's claim, the submission) to the router's own daemon
 *       thread through a bounded queue ({@link Builder#queueCapacity}); when it is full the
 *       escalation is counted {@code dropped} and logged. Errors never reach the caller.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops its thread and its dispatchers, idempotently.
 *
 * @since 0.1.0
 */
public final class EscalationRouter implements AutoCloseable {

  /** The default most escalations held in quiet hours. */
  public static final int DEFAULT_MAX_HELD = 10_000;

  /** The default minimum interval between two notifications of one escalation. */
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(15);

  private static final Logger log = LoggerFactory.getLogger(EscalationRouter.class);
  private static final AtomicInteger instances = new AtomicInteger();

  private final EscalationStore store;
  private final List<EscalationRoute> routes;
  private final List<NotificationDispatcher> dispatchers;
  private final @Nullable QuietHours quietHours;
  private final Severity bypass;
  private final Duration minInterval;
  private final Clock clock;
  private final int queueCapacity;
  private final int maxHeld;
  private final Duration closeTimeout;
  private final ScheduledThreadPoolExecutor executor;
  private final ScheduledFuture<?> releaseTask;
  private final AtomicInteger queued = new AtomicInteger();

  /**
   * The ids of the escalations held, in the order first held; guarded by itself. Ids only: a
   * held escalation is read again from the store when released, and an escalation may list
   * a thousand sessions, feedback refs and groups.
   */
  private final Set<String> held = new LinkedHashSet<>();

  private boolean heldFullLogged; // guarded by held
  private final LongAdder routed = new LongAdder();
  private final LongAdder suppressed = new LongAdder();
  private final LongAdder heldCount = new LongAdder();
  private final LongAdder released = new LongAdder();
  private final LongAdder unrouted = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private volatile boolean closed;
  private @Nullable RoutingStats finalStats; // guarded by this

  private EscalationRouter(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store must be set");
    List<EscalationRoute> all = new ArrayList<>(b.routes);
    if (b.defaultRoute != null) {
      all.add(b.defaultRoute);
    }
    if (all.isEmpty()) {
      throw new IllegalStateException("at least one route or a default route must be set");
    }
    this.routes = List.copyOf(all);
    this.quietHours = b.quietHours;
    this.bypass = b.bypass;
    this.minInterval = b.minInterval;
    this.clock = b.clock;
    this.queueCapacity = b.queueCapacity;
    this.maxHeld = b.maxHeld;
    this.closeTimeout = b.closeTimeout;
    int instance = instances.incrementAndGet();
    List<NotificationDispatcher> built = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      built.add(
          NotificationDispatcher.builder()
              .name("route-" + instance + "-" + (i + 1))
              .notifiers(routes.get(i).notifiers())
              .closeTimeout(b.closeTimeout)
              .build());
    }
    this.dispatchers = List.copyOf(built);
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "agent-feedback-router-" + instance);
              t.setDaemon(true);
              return t;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    long period = Durations.saturatedNanos(b.releaseCheckPeriod);
    this.releaseTask =
        executor.scheduleWithFixedDelay(this::releaseQuietly, period, period, TimeUnit.NANOSECONDS);
  }

  /**
   * A builder; the store and at least one route (or a default route) are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Routes a raised escalation (created or repeated), as the class description says. Fits
   * an escalation hook's listener as {@code router::route}. Never blocks on I/O
   * and never throws for a failure downstream.
   *
   * @param raised what the store's raise returned
   * @throws NullPointerException if {@code raised} is null
   */
  public void route(Raised raised) {
    Escalation e = Objects.requireNonNull(raised, "raised").escalation();
    if (closed) {
      dropped.increment();
      log.debug("Router closed; escalation {} not routed", e.id());
      return;
    }
    if (routeOf(e) < 0) {
      unrouted.increment();
      log.debug("No route for escalation {} ({}, {})", e.id(), e.type(), e.severity());
      return;
    }
    Instant now = clock.instant();
    if (quiet(now) && e.severity().compareTo(bypass) < 0) {
      String id = Objects.requireNonNull(e.id());
      boolean full;
      boolean warn = false;
      synchronized (held) {
        full = held.size() >= maxHeld && !held.contains(id);
        if (!full) {
          held.add(id);
        } else if (!heldFullLogged) {
          heldFullLogged = true;
          warn = true;
        }
      }
      if (full) {
        dropped.increment();
        if (warn) {
          log.warn(
              "{} holds {} escalations (maxHeld) in quiet hours; escalation {} and further"
                  + " ones are not held (they stay open in the store)",
              this,
              maxHeld,
              id);
        } else {
          log.debug("Quiet hours' hold full; escalation {} not held", id);
        }
        return;
      }
      heldCount.increment();
      log.debug("Holding escalation {} in quiet hours", id);
      return;
    }
    if (queued.incrementAndGet() > queueCapacity) {
      queued.decrementAndGet();
      dropped.increment();
      log.warn("Routing queue full ({}); escalation {} not routed", queueCapacity, e.id());
      return;
    }
    try {
      executor.execute(
          () -> {
            queued.decrementAndGet();
            send(e, now);
          });
    } catch (RuntimeException rejected) { // closed meanwhile
      queued.decrementAndGet();
      dropped.increment();
    }
  }

  /**
   * Sends the held escalations if quiet hours are over, on the calling thread (the router's
   * thread calls it periodically): each is read again from the store; one resolved
   * meanwhile, or gone, is counted suppressed; the others are routed as they are now, within
   * the minimum interval.
   *
   * @return how many held escalations were released (sent or suppressed); 0 in quiet hours
   */
  public int releaseHeld() {
    Instant now = clock.instant();
    if (quiet(now)) {
      return 0;
    }
    List<String> due;
    synchronized (held) {
      due = new ArrayList<>(held);
      held.clear();
      heldFullLogged = false;
    }
    for (String id : due) {
      released.increment();
      Escalation current;
      try {
        current = store.find(id).orElse(null);
      } catch (RuntimeException | Error ex) { // an Error too: one read lost, not the rest
        dropped.increment();
        log.warn("Could not read held escalation {} again; not routed", id, ex);
        rethrowIfFatal(ex);
        continue;
      }
      if (current == null || !current.status().isOpen()) {
        suppressed.increment();
        log.debug("Held escalation {} was resolved meanwhile; not sent", id);
        continue;
      }
      send(current, now);
    }
    return due.size();
  }

  private void releaseQuietly() {
    try {
      releaseHeld();
    } catch (RuntimeException | Error e) { // an Error too, so that the schedule goes on
      log.warn("Releasing held escalations failed", e);
      rethrowIfFatal(e);
    }
  }

  /** Rethrows a {@link VirtualMachineError}: the JVM, not one call, is in trouble. */
  private static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError error) {
      throw error;
    }
  }

  private boolean quiet(Instant now) {
    QuietHours q = quietHours;
    return q != null && q.contains(now);
  }

  private int routeOf(Escalation e) {
    for (int i = 0; i < routes.size(); i++) {
      if (routes.get(i).matches(e)) {
        return i;
      }
    }
    return -1;
  }

  private void send(Escalation e, Instant at) {
    int route = routeOf(e);
    if (route < 0) {
      unrouted.increment();
      return;
    }
    String id = Objects.requireNonNull(e.id());
    try {
      if (!store.claimNotification(id, at, minInterval)) {
        suppressed.increment();
        log.debug("Escalation {} was notified within {}; suppressed", id, minInterval);
        return;
      }
    } catch (RuntimeException | Error ex) { // an Error too: counted and logged, not lost
      dropped.increment();
      log.warn("Could not claim the notification of escalation {}; not routed", id, ex);
      rethrowIfFatal(ex);
      return;
    }
    dispatchers.get(route).submit(notification(e, at));
    routed.increment();
  }

  /** The notification the routes' notifiers receive for an escalation. */
  static Notification notification(Escalation e, Instant at) {
    return Notification.builder()
        .type(Notification.TYPE_ESCALATION)
        .sessionId(e.sessionIds().isEmpty() ? null : e.sessionIds().get(0))
        .escalation(e)
        .count(e.count())
        .time(at)
        .reason(e.rule())
        .message(
            e.severity()
                + " escalation "
                + e.type()
                + ": rule "
                + e.rule()
                + " on "
                + e.subject()
                + ", raised "
                + e.count()
                + (e.count() == 1 ? " time" : " times"))
        .build();
  }

  /**
   * The counters now.
   *
   * @return a snapshot
   */
  public RoutingStats stats() {
    long accepted = 0;
    long delivered = 0;
    long failed = 0;
    long lost = 0;
    long undelivered = 0;
    int waitingDeliveries = 0;
    for (NotificationDispatcher d : dispatchers) {
      DeliveryStats s = d.stats();
      accepted += s.accepted();
      delivered += s.delivered();
      failed += s.failed();
      lost += s.dropped();
      undelivered += s.undelivered();
      waitingDeliveries += s.queued();
    }
    int waiting;
    synchronized (held) {
      waiting = held.size();
    }
    return new RoutingStats(
        routed.sum(),
        suppressed.sum(),
        heldCount.sum(),
        released.sum(),
        unrouted.sum(),
        dropped.sum(),
        waiting,
        new DeliveryStats(accepted, delivered, failed, lost, undelivered, waitingDeliveries));
  }

  /** Stops routing and closes the dispatchers within the close timeout; idempotent. */
  @Override
  public void close() {
    shutdown(closeTimeout);
  }

  /**
   * Stops accepting escalations, finishes the routing already queued and delivers what the
   * dispatchers hold, within {@code timeout} for each stage; logs held escalations that will
   * not be sent. Idempotent: later calls return the first result.
   *
   * @param timeout how long each stage may wait: zero or more, any length
   * @return the counters at the end
   * @throws IllegalArgumentException if the timeout is negative (nothing is stopped then)
   */
  public synchronized RoutingStats shutdown(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
    if (finalStats != null) {
      return finalStats;
    }
    // Quiet hours that ended since the last periodic check release their escalations now,
    // before the router's thread and the dispatchers stop.
    releaseQuietly();
    closed = true;
    releaseTask.cancel(false);
    executor.shutdown();
    try {
      executor.awaitTermination(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    for (NotificationDispatcher d : dispatchers) {
      d.shutdown(timeout);
    }
    RoutingStats s = stats();
    if (s.waiting() > 0) {
      log.warn(
          "{} closed in quiet hours with {} held escalations not sent (they stay in the store)",
          this,
          s.waiting());
    }
    finalStats = s;
    return s;
  }

  @Override
  public String toString() {
    return "EscalationRouter[routes=" + routes.size() + ", minInterval=" + minInterval + "]";
  }

  /**
   * Configures an {@link EscalationRouter}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable EscalationStore store;
    private final List<EscalationRoute> routes = new ArrayList<>();
    private @Nullable EscalationRoute defaultRoute;
    private @Nullable QuietHours quietHours;
    private Severity bypass = Severity.CRITICAL;
    private Duration minInterval = DEFAULT_MIN_INTERVAL;
    private Clock clock = Clock.systemUTC();
    private int queueCapacity = NotificationDispatcher.DEFAULT_QUEUE_CAPACITY;
    private int maxHeld = DEFAULT_MAX_HELD;
    private Duration releaseCheckPeriod = Duration.ofMinutes(1);
    private Duration closeTimeout = NotificationDispatcher.DEFAULT_CLOSE_TIMEOUT;

    private Builder() {}

    /**
     * The escalation store that keeps the minimum interval across replicas and from which
     * held escalations are read again. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(EscalationStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Adds a route, tried after those added before; the first match wins.
     *
     * @param route the route
     * @return this builder
     */
    public Builder route(EscalationRoute route) {
      routes.add(Objects.requireNonNull(route, "route"));
      return this;
    }

    /**
     * Where escalations that match no route go; without one they are counted unrouted.
     *
     * @param notifiers at least one
     * @return this builder
     */
    public Builder defaultRoute(Notifier... notifiers) {
      this.defaultRoute = EscalationRoute.atLeast(Severity.LOW, notifiers);
      return this;
    }

    /**
     * Quiet hours; none unless set.
     *
     * @param quietHours the daily range, or {@code null} for none
     * @return this builder
     */
    public Builder quietHours(@Nullable QuietHours quietHours) {
      this.quietHours = quietHours;
      return this;
    }

    /**
     * The lowest severity sent even in quiet hours; {@link Severity#CRITICAL} unless set.
     *
     * @param severity the severity
     * @return this builder
     */
    public Builder quietHoursBypass(Severity severity) {
      this.bypass = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /**
     * The least time between two notifications of one escalation; 15 minutes unless set.
     *
     * @param interval zero (every raise is sent) or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder minInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("minInterval must not be negative, was " + interval);
      }
      this.minInterval = interval;
      return this;
    }

    /**
     * The clock for quiet hours and notification times; the UTC system clock unless set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many escalations may wait for the router's thread; 1,000 unless set.
     *
     * @param capacity 1 to {@link NotificationDispatcher#MAX_QUEUE_CAPACITY}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1 || capacity > NotificationDispatcher.MAX_QUEUE_CAPACITY) {
        throw new IllegalArgumentException(
            "queueCapacity must be within 1.."
                + NotificationDispatcher.MAX_QUEUE_CAPACITY
                + ", was "
                + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Most escalations held in quiet hours; {@value EscalationRouter#DEFAULT_MAX_HELD} unless
     * set. Beyond it, an escalation not held already is counted dropped and stays open in
     * the store.
     *
     * @param maxHeld at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxHeld(int maxHeld) {
      if (maxHeld < 1) {
        throw new IllegalArgumentException("maxHeld must be at least 1, was " + maxHeld);
      }
      this.maxHeld = maxHeld;
      return this;
    }

    /**
     * How often the router's thread checks whether quiet hours ended; 1 minute unless set.
     *
     * @param period at least 1 millisecond, any length
     * @return this builder
     * @throws IllegalArgumentException if shorter
     */
    public Builder releaseCheckPeriod(Duration period) {
      if (period.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException(
            "releaseCheckPeriod must be at least 1 ms, was " + period);
      }
      this.releaseCheckPeriod = period;
      return this;
    }

    /**
     * How long {@link EscalationRouter#close()} waits for each stage; 10 seconds unless set.
     *
     * @param timeout zero or more, any length
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder closeTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative, was " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * Builds the router and starts its thread and its routes' dispatchers.
     *
     * @return the router
     * @throws NullPointerException if no store was set
     * @throws IllegalStateException if no route was set
     */
    public EscalationRouter build() {
      return new EscalationRouter(this);
    }
  }
}
