package io.github.agentfeedback.escalation;

import io.github.agentfeedback.analytics.ScaleFigures;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates {@link WindowRule window rules} over the store's analytics on a schedule, in one
 * replica at a time, and raises what they find into an {@link EscalationStore}.
 *
 * <pre>{@code
 * WindowCheck check = WindowCheck.builder()
 *     .store(feedbackStore).escalations(escalationStore).leases(leases)
 *     .rule(FigureDropRule.builder().name("satisfaction_drop_by_model")
 *         .figure(FigureDropRule.Figure.SATISFACTION).below(70)
 *         .window(Duration.ofDays(1)).groupBy(GroupKey.model()).build())
 *     .period(Duration.ofMinutes(5))
 *     .build();
 * check.start();        // every 5 minutes; check.close() on shutdown
 * }</pre>
 *
 * <h2>One replica at a time</h2>
 *
 * Each run first asks the {@link Leases} for the lease {@link Builder#leaseName} (default
 * {@value #DEFAULT_LEASE}) for {@link Builder#leaseDuration} (default twice the period) at
 * the clock's time. The replica that holds it evaluates every rule and raises; the others
 * skip the run. The holder renews the lease at each run, so it keeps it while it runs; when
 * it stops (or {@link #close()} releases the lease), another replica takes over at its first
 * run after the lease expired. Three replicas with the same rules thus raise one escalation
 * per breach, not three. The lease decides who starts a run: a run longer than the lease, or
 * clocks further apart than the lease is longer than the period, can let two replicas
 * evaluate the same period; the store then counts the second raise as a repeat of the open
 * escalation (see {@link Leases} on clock skew).
 *
 * <h2>Errors</h2>
 *
 * A rule that throws, or whose escalations the store refuses, is logged (WARN, with the
 * rule's name) and the other rules are evaluated; a failing lease store skips the run (WARN).
 * Nothing escapes a scheduled run, so the schedule goes on.
 *
 * <p>Thread-safe: runs are serialised (a {@link #runOnce} called while a scheduled run is in
 * progress waits for it). {@link #close()} is idempotent.
 *
 * @since 0.1.0
 */
public final class WindowCheck implements AutoCloseable {

  /** The lease's name unless {@link Builder#leaseName} sets another. */
  public static final String DEFAULT_LEASE = "window-check";

  private static final Logger log = LoggerFactory.getLogger(WindowCheck.class);

  private final FeedbackStore store;
  private final EscalationStore escalations;
  private final Leases leases;
  private final List<WindowRule> rules;
  private final Duration period;
  private final Duration leaseDuration;
  private final String leaseName;
  private final String owner;
  private final Clock clock;
  private final ScaleFigures scaleFigures;
  private final String sentimentAttribute;
  private final @Nullable ScheduledExecutorService givenScheduler;
  private @Nullable ScheduledExecutorService ownScheduler;
  private @Nullable ScheduledFuture<?> scheduled;
  private boolean closed;

  private WindowCheck(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.escalations = Objects.requireNonNull(b.escalations, "escalations");
    this.leases = Objects.requireNonNull(b.leases, "leases");
    if (b.rules.isEmpty()) {
      throw new IllegalArgumentException("rules must hold at least one rule");
    }
    Set<String> names = new HashSet<>();
    for (WindowRule r : b.rules) {
      if (!names.add(r.name())) {
        throw new IllegalArgumentException(
            "rules must have distinct names, '" + r.name() + "' repeats");
      }
    }
    this.rules = List.copyOf(b.rules);
    this.period = b.period;
    this.leaseDuration = b.leaseDuration != null ? b.leaseDuration : b.period.multipliedBy(2);
    this.leaseName = b.leaseName;
    this.owner = b.owner != null ? b.owner : "window-check-" + UUID.randomUUID();
    Lease.of(leaseName, owner, leaseDuration, Instant.EPOCH); // checks the lease's settings
    this.clock = b.clock;
    this.scaleFigures = b.scaleFigures;
    this.sentimentAttribute = b.sentimentAttribute;
    this.givenScheduler = b.scheduler;
  }

  /**
   * A builder; {@code store}, {@code escalations}, {@code leases} and at least one rule are
   * required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Schedules a run every {@link Builder#period} (the first at once), on the scheduler given
   * to the builder or on a daemon thread of its own. Calling it again does nothing.
   *
   * @throws IllegalStateException if the check is closed
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the window check is closed");
    }
    if (scheduled != null) {
      return;
    }
    ScheduledExecutorService scheduler = givenScheduler;
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "window-check");
                t.setDaemon(true);
                return t;
              });
      ownScheduler = scheduler;
    }
    scheduled =
        scheduler.scheduleWithFixedDelay(
            this::scheduledRun, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void scheduledRun() {
    try {
      synchronized (this) {
        if (!closed) {
          runOnce(clock.instant());
        }
      }
    } catch (RuntimeException e) { // runOnce catches what it can; keep the schedule alive
      log.warn("window check run failed", e);
    }
  }

  /**
   * One run at {@code now}, for tests and for callers that schedule it themselves (cron):
   * under the lease, every rule is evaluated and what it returns raised.
   *
   * @param now the time of the run, the end of the current windows
   * @return what the run did
   * @throws IllegalStateException if the check is closed (it released its lease)
   */
  public synchronized Run runOnce(Instant now) {
    Objects.requireNonNull(now, "now");
    if (closed) {
      throw new IllegalStateException("the window check is closed");
    }
    boolean held;
    try {
      held = leases.tryAcquire(leaseName, owner, leaseDuration, now);
    } catch (RuntimeException e) {
      log.warn("window check skipped: lease '{}' could not be asked for", leaseName, e);
      return new Run(false, List.of(), List.of());
    }
    if (!held) {
      log.debug("window check skipped: lease '{}' is held by another owner", leaseName);
      return new Run(false, List.of(), List.of());
    }
    WindowContext context = WindowContext.of(now, store, scaleFigures, sentimentAttribute);
    List<Raised> raised = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (WindowRule rule : rules) {
      try {
        for (Escalation e : rule.evaluate(context)) {
          raised.add(escalations.raise(e));
        }
      } catch (RuntimeException e) {
        failed.add(rule.name());
        log.warn("window rule '{}' failed at {}", rule.name(), now, e);
      }
    }
    return new Run(true, raised, failed);
  }

  /**
   * The owner this check holds the lease as.
   *
   * @return the owner
   */
  public String owner() {
    return owner;
  }

  /**
   * Stops the schedule (waiting for a run in progress on its own thread), shuts down its own
   * scheduler (never one it was given) and releases the lease if it holds it. Idempotent.
   */
  @Override
  public void close() {
    ScheduledExecutorService own;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
      own = ownScheduler;
    }
    if (own != null) {
      own.shutdown();
      try {
        if (!own.awaitTermination(30, TimeUnit.SECONDS)) {
          own.shutdownNow();
        }
      } catch (InterruptedException e) {
        own.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    try {
      leases.release(leaseName, owner);
    } catch (RuntimeException e) {
      log.warn("lease '{}' could not be released; it expires by itself", leaseName, e);
    }
  }

  @Override
  public String toString() {
    return "WindowCheck[" + rules.size() + " rules every " + period + ", lease " + leaseName + "]";
  }

  /**
   * What one run did.
   *
   * <p>Immutable and thread-safe.
   *
   * @param ran whether this replica held the lease and evaluated the rules
   * @param raised what the store made of each escalation raised, in rule order
   * @param failedRules the names of the rules that failed (logged)
   * @since 0.1.0
   */
  public record Run(boolean ran, List<Raised> raised, List<String> failedRules) {

    /**
     * Copies the lists.
     *
     * @throws NullPointerException if a value is null
     */
    public Run {
      raised = List.copyOf(raised);
      failedRules = List.copyOf(failedRules);
    }
  }

  /**
   * Configures a {@link WindowCheck}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable FeedbackStore store;
    private @Nullable EscalationStore escalations;
    private @Nullable Leases leases;
    private final List<WindowRule> rules = new ArrayList<>();
    private Duration period = Duration.ofMinutes(5);
    private @Nullable Duration leaseDuration;
    private String leaseName = DEFAULT_LEASE;
    private @Nullable String owner;
    private Clock clock = Clock.systemUTC();
    private ScaleFigures scaleFigures = ScaleFigures.defaults();
    private String sentimentAttribute = AnalyticsRequest.DEFAULT_SENTIMENT_ATTRIBUTE;
    private @Nullable ScheduledExecutorService scheduler;

    private Builder() {}

    /**
     * The feedback store whose analytics the rules read. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(FeedbackStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Where escalations are raised, shared by the replicas. Required.
     *
     * @param escalations the escalation store
     * @return this builder
     */
    public Builder escalations(EscalationStore escalations) {
      this.escalations = Objects.requireNonNull(escalations, "escalations");
      return this;
    }

    /**
     * The leases shared by the replicas. Required.
     *
     * @param leases the leases
     * @return this builder
     */
    public Builder leases(Leases leases) {
      this.leases = Objects.requireNonNull(leases, "leases");
      return this;
    }

    /**
     * Adds a rule.
     *
     * @param rule the rule, its name distinct from the other rules'
     * @return this builder
     */
    public Builder rule(WindowRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * The time between the end of one scheduled run and the start of the next; 5 minutes
     * unless set.
     *
     * @param period at least one second
     * @return this builder
     * @throws IllegalArgumentException naming {@code period} if shorter
     */
    public Builder period(Duration period) {
      if (Objects.requireNonNull(period, "period").compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("period must be at least 1 s, was " + period);
      }
      this.period = period;
      return this;
    }

    /**
     * How long a run holds the lease; twice the period unless set. Make it longer than the
     * period plus the clock skew between replicas, so that the holder renews it in time.
     *
     * @param duration at least 1 ms
     * @return this builder
     */
    public Builder leaseDuration(Duration duration) {
      this.leaseDuration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /**
     * The lease's name; {@value #DEFAULT_LEASE} unless set. Checks with other rules sharing a
     * lease store use other names.
     *
     * @param name non-blank, at most 256 chars
     * @return this builder
     */
    public Builder leaseName(String name) {
      this.leaseName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Who this replica is, as the lease records it; {@code window-check-<random UUID>} unless
     * set. Two replicas must not share an owner.
     *
     * @param owner non-blank, at most 256 chars
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = Objects.requireNonNull(owner, "owner");
      return this;
    }

    /**
     * The clock of scheduled runs; the system's UTC clock unless set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Which scales are read as NPS and CSAT; {@link ScaleFigures#defaults()} unless set.
     *
     * @param scaleFigures the declarations
     * @return this builder
     */
    public Builder scaleFigures(ScaleFigures scaleFigures) {
      this.scaleFigures = Objects.requireNonNull(scaleFigures, "scaleFigures");
      return this;
    }

    /**
     * The attribute holding each feedback's sentiment; {@code "sentiment"} unless set.
     *
     * @param attribute the attribute's key
     * @return this builder
     */
    public Builder sentimentAttribute(String attribute) {
      this.sentimentAttribute = Objects.requireNonNull(attribute, "attribute");
      return this;
    }

    /**
     * A scheduler to run on, owned by the caller (the check cancels its task on close but
     * never shuts it down); a daemon thread of the check's own unless set.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Builds the check; {@link WindowCheck#start()} schedules it.
     *
     * @return the check
     * @throws NullPointerException naming {@code store}, {@code escalations} or {@code leases}
     *     if not set
     * @throws IllegalArgumentException if there is no rule, two rules share a name, or the
     *     lease's name, owner or duration is invalid
     */
    public WindowCheck build() {
      return new WindowCheck(this);
    }
  }
}
