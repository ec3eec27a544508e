package io.github.agentfeedback.hooks.escalation;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationAction;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.Lease;
import io.github.agentfeedback.escalation.LoopClaim;
import io.github.agentfeedback.escalation.LoopClosing;
import io.github.agentfeedback.hooks.notify.FeedbackResolved;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.hooks.notify.internal.Durations;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the loop with users: when an escalation is resolved, each linked feedback that
 * carries a user id yields one "resolved" event ({@link FeedbackResolved}: escalation,
 * feedback, session, user, the note, who, when), delivered to a notifier as a {@link
 * Notification} of type {@link Notification#TYPE_RESOLVED}, so the application can tell the
 * user their feedback was acted on.
 *
 * <pre>{@code
 * LoopCloser closer = LoopCloser.builder()
 *     .escalations(escalations).feedback(feedbackStore).notifier(webhook)
 *     .drainEvery(Duration.ofMinutes(1))        // optional: a scheduled drain
 *     .build();
 * escalations.resolve(id, "ann", Instant.now(), "tool fixed");
 * closer.drain();                               // or wait for the scheduled drain
 * }</pre>
 *
 * <h2>Once, across restarts and replicas</h2>
 * The resolution leaves one pending event per linked feedback in the {@link EscalationStore},
 * in the same atomic step. {@link #drain()} claims resolved escalations with pending events
 * ({@link EscalationStore#claimLoopClosings}, leased to this closer's claimant so that no
 * other replica gets them meanwhile), looks each linked feedback up in its own session in the
 * {@link FeedbackStore} (read only: one {@code list} per distinct session of the pending
 * feedback; an escalation links feedback by session and id, {@link FeedbackRef}, so two
 * sessions' feedback of the same id are two users told once each), delivers one event per
 * feedback with a user id, and marks the escalation's events settled ({@link
 * EscalationStore#loopClosingsSent}) — those delivered and those without a user id (or gone
 * from their session), which yield no event. A later drain, by this closer, a new one after a
 * restart, or another replica's, never sends a settled event again.
 *
 * <p>Delivery is <b>at least once</b>, with a stable id: a crash between a delivery and the
 * mark resends, after the lease, the events of that one escalation; an event the notifier
 * refused stays pending and is tried again after the lease. Receivers drop a repeat by {@link
 * FeedbackResolved#id()}, unique per escalation, session and feedback. Exactly once cannot be had
 * without the receiver's help: the notifier's side effect and the store's mark are not one
 * transaction.
 *
 * <p>{@link #drain()} runs on the calling thread and calls the notifier synchronously (it must
 * know a delivery succeeded before marking it); call it after resolving, from a request that
 * may wait, or let {@link Builder#drainEvery} run it on the closer's own daemon thread.
 *
 * <p>A notifier's exception, or {@link Error} other than a {@link VirtualMachineError},
 * fails that one event (counted {@code failed}, tried again after the lease); the drain goes
 * on with the others, and so does the schedule. {@link #close()} ends a running drain after
 * the delivery in progress, without losing or repeating an event.
 *
 * <p>Thread-safe; drains of one closer do not run at the same time.
 *
 * @since 0.1.0
 */
public final class LoopCloser implements AutoCloseable {

  /** The default lease of a claim. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

  /** The default number of escalations claimed at a time. */
  public static final int DEFAULT_BATCH_SIZE = 50;

  /** The longest lease: from the epoch to the latest instant the model keeps. */
  private static final Duration MAX_LEASE =
      Duration.between(Instant.EPOCH, FeedbackLimits.MAX_INSTANT);

  private static final Logger log = LoggerFactory.getLogger(LoopCloser.class);

  private final EscalationStore escalations;
  private final FeedbackStore feedback;
  private final Notifier notifier;
  private final Clock clock;
  private final String claimant;
  private final Duration lease;
  private final int batchSize;
  private final LongSupplier ticker;
  private final long usableNanos;
  private final @Nullable ScheduledExecutorService scheduler;
  private final @Nullable ScheduledFuture<?> drainTask;
  private volatile @Nullable Thread drainThread;
  private volatile boolean closed;
  private final LongAdder claimed = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder failed = new LongAdder();

  private LoopCloser(Builder b) {
    this.escalations = Objects.requireNonNull(b.escalations, "escalations must be set");
    this.feedback = Objects.requireNonNull(b.feedback, "feedback must be set");
    this.notifier = Objects.requireNonNull(b.notifier, "notifier must be set");
    this.clock = b.clock;
    this.claimant = b.claimant;
    this.lease = b.lease;
    this.batchSize = b.batchSize;
    this.ticker = b.ticker;
    this.usableNanos = Durations.saturatedNanos(usable(lease));
    Duration every = b.drainEvery;
    if (every == null) {
      this.scheduler = null;
      this.drainTask = null;
    } else {
      ScheduledThreadPoolExecutor s =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "agent-feedback-loop-closer-" + claimant);
                t.setDaemon(true);
                drainThread = t;
                return t;
              });
      long period = Durations.saturatedNanos(every);
      this.drainTask =
          s.scheduleWithFixedDelay(this::drainQuietly, period, period, TimeUnit.NANOSECONDS);
      this.scheduler = s;
    }
  }

  /**
   * A builder; the escalation store, the feedback store and the notifier are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends the pending loop-closing events of every resolved escalation this closer can claim,
   * batch by batch, until none is left to claim. A delivery starts only while at least a
   * tenth of its claim's lease is left; the events left then wait until the lease ends, so
   * that slow deliveries do not run into another replica's claim of the same escalations.
   * For the same reason a drain claims only while nine tenths of the lease have not passed
   * since it started: it tries each escalation at most once, and a backlog larger than that
   * is left to the next drain. Time is measured both on the clock and on {@link
   * System#nanoTime()}, so that a clock stepped back does not stretch a lease.
   *
   * @return what this drain did
   * @throws IllegalStateException if this closer is {@linkplain #close() closed}
   * @throws io.github.agentfeedback.FeedbackStoreException if a store fails (events not yet
   *     marked are sent again after the lease); a failure on one escalation ends the drain
   *     once the other escalations of its batch are done, the first failure thrown with the
   *     others suppressed
   */
  public synchronized LoopStats drain() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
    return drainOpen();
  }

  private synchronized LoopStats drainOpen() {
    long[] before = {claimed.sum(), sent.sum(), skipped.sum(), failed.sum()};
    Instant start = clock.instant();
    long startNanos = ticker.getAsLong();
    boolean go = true;
    while (go && !closed && !Thread.currentThread().isInterrupted()) {
      Instant now = clock.instant();
      long nowNanos = ticker.getAsLong();
      // Later, an escalation this drain claimed and could not settle would be due again.
      if (!leaseLeft(start, startNanos, now, nowNanos)) {
        break;
      }
      List<LoopClosing> batch =
          escalations.claimLoopClosings(new LoopClaim(claimant, now, lease, batchSize));
      if (batch.isEmpty()) {
        break;
      }
      // A store failing on one escalation (a session it cannot read, say) fails that one:
      // the others of the batch go on, so that it cannot hold them up at every lease.
      @Nullable Throwable failure = null;
      for (LoopClosing loop : batch) {
        claimed.increment();
        if (!go) {
          continue;
        }
        try {
          go = close(loop, now, nowNanos);
        } catch (RuntimeException | Error e) {
          if (e instanceof VirtualMachineError) {
            throw e;
          }
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      rethrow(failure);
    }
    return new LoopStats(
        claimed.sum() - before[0],
        sent.sum() - before[1],
        skipped.sum() - before[2],
        failed.sum() - before[3]);
  }

  /**
   * Whether a tenth of a lease taken at {@code claimedAt} (and {@code claimedNanos} on the
   * ticker) is still left at {@code now}, by the clock and by the ticker alike.
   */
  private boolean leaseLeft(Instant claimedAt, long claimedNanos, Instant now, long nowNanos) {
    return Duration.between(claimedAt, now).compareTo(usable(lease)) <= 0
        && nowNanos - claimedNanos <= usableNanos;
  }

  /** The part of a lease in which work starts: all but its last tenth. */
  private static Duration usable(Duration lease) {
    return lease.minus(lease.dividedBy(10));
  }

  /** Throws a failure caught as a {@link RuntimeException} or an {@link Error}, if any. */
  private static void rethrow(@Nullable Throwable failure) {
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  private void drainQuietly() {
    try {
      drainOpen();
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError error) {
        log.error("Closing the loop with users failed; the scheduled drain stops", e);
        throw error;
      }
      log.warn("Closing the loop with users failed; pending events are tried again later", e);
    }
  }

  /**
   * Closes one escalation's pending events; false if the lease ran out, or the closer was
   * closed, before all were tried.
   */
  private boolean close(LoopClosing loop, Instant claimedAt, long claimedNanos) {
    Escalation e = loop.escalation();
    String escalationId = Objects.requireNonNull(e.id());
    EscalationAction resolution = Objects.requireNonNull(e.resolved());
    Map<FeedbackRef, Feedback> linked = find(loop.pending());
    List<FeedbackRef> settled = new ArrayList<>();
    try {
      for (FeedbackRef ref : loop.pending()) {
        Feedback f = linked.get(ref);
        String userId = f == null ? null : f.userId();
        if (f == null || userId == null) {
          skipped.increment();
          settled.add(ref);
          continue;
        }
        if (closed) {
          log.info("{} is closed; the other events of escalation {} wait", this, escalationId);
          return false;
        }
        if (!leaseLeft(claimedAt, claimedNanos, clock.instant(), ticker.getAsLong())) {
          log.info(
              "The lease on escalation {} is running out; its other events wait for the next"
                  + " claim",
              escalationId);
          return false;
        }
        FeedbackResolved event =
            FeedbackResolved.builder()
                .escalationId(escalationId)
                .feedbackId(ref.feedbackId())
                .sessionId(ref.sessionId())
                .userId(userId)
                .note(resolution.note())
                .by(resolution.by())
                .at(resolution.at())
                .build();
        try {
          notifier.deliver(notification(event, e));
          sent.increment();
          settled.add(ref);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          failed.increment();
          return false; // the finally block marks what was sent
        } catch (Exception | Error ex) { // an Error too: one receiver's bug fails one event
          failed.increment();
          log.warn(
              "Could not deliver resolved event {} to {}; tried again after the lease",
              event.id(),
              notifier,
              ex);
          if (ex instanceof VirtualMachineError error) {
            throw error; // the finally block marks what was sent
          }
        }
      }
    } finally {
      if (!settled.isEmpty()) {
        escalations.loopClosingsSent(escalationId, settled);
      }
    }
    return true;
  }

  /**
   * The pending feedback still stored, each looked up in its own session: every distinct
   * session of the pending refs is read once.
   */
  private Map<FeedbackRef, Feedback> find(List<FeedbackRef> pending) {
    Map<String, Set<String>> wantedBySession = new LinkedHashMap<>();
    for (FeedbackRef ref : pending) {
      wantedBySession.computeIfAbsent(ref.sessionId(), s -> new HashSet<>()).add(ref.feedbackId());
    }
    Map<FeedbackRef, Feedback> found = new HashMap<>();
    wantedBySession.forEach(
        (sessionId, wanted) -> {
          for (Feedback f : feedback.list(sessionId)) {
            String id = f.id();
            if (id != null && wanted.contains(id)) {
              found.putIfAbsent(new FeedbackRef(sessionId, id), f);
            }
          }
        });
    return found;
  }

  private Notification notification(FeedbackResolved event, Escalation e) {
    return Notification.builder()
        .type(Notification.TYPE_RESOLVED)
        .sessionId(event.sessionId())
        .resolved(event)
        .time(clock.instant())
        .reason("resolved")
        .message("Escalation " + e.id() + " (" + e.type() + ") was resolved by " + event.by())
        .build();
  }

  /**
   * What this closer did since it was built.
   *
   * @return the counters
   */
  public LoopStats stats() {
    return new LoopStats(claimed.sum(), sent.sum(), skipped.sum(), failed.sum());
  }

  /**
   * Stops this closer; idempotent. A drain running now, scheduled or called, ends after the
   * delivery in progress, having marked what it sent; the events it has not tried wait for
   * the end of their claim's lease, when this or another closer claims them. Waits up to 10
   * seconds for a scheduled drain to end, then interrupts it. Later calls of {@link #drain()}
   * throw.
   */
  @Override
  public void close() {
    closed = true;
    ScheduledExecutorService s = scheduler;
    ScheduledFuture<?> task = drainTask;
    if (s == null || task == null) {
      return;
    }
    task.cancel(false);
    s.shutdown();
    if (Thread.currentThread() == drainThread) {
      return; // closed from a delivery: the drain ends when it returns
    }
    try {
      if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("{}: a delivery outlasted close() by 10 seconds; interrupting it", this);
        s.shutdownNow();
      }
    } catch (InterruptedException e) {
      s.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LoopCloser[" + claimant + ", " + notifier + "]";
  }

  /**
   * Configures a {@link LoopCloser}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable EscalationStore escalations;
    private @Nullable FeedbackStore feedback;
    private @Nullable Notifier notifier;
    private Clock clock = Clock.systemUTC();
    private String claimant = "loop-closer-" + UUID.randomUUID();
    private Duration lease = DEFAULT_LEASE;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private @Nullable Duration drainEvery;
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /**
     * The escalation store that keeps the pending events. Required.
     *
     * @param escalations the store
     * @return this builder
     */
    public Builder escalations(EscalationStore escalations) {
      this.escalations = Objects.requireNonNull(escalations, "escalations");
      return this;
    }

    /**
     * The feedback store in which linked feedback is looked up (read only). Required.
     *
     * @param feedback the store
     * @return this builder
     */
    public Builder feedback(FeedbackStore feedback) {
      this.feedback = Objects.requireNonNull(feedback, "feedback");
      return this;
    }

    /**
     * Where the events go; called on the draining thread. Required.
     *
     * @param notifier the notifier
     * @return this builder
     */
    public Builder notifier(Notifier notifier) {
      this.notifier = Objects.requireNonNull(notifier, "notifier");
      return this;
    }

    /**
     * The clock for claims and notification times; the UTC system clock unless set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Who claims, as the store records it (a replica's name); a random name unless set.
     *
     * @param claimant not blank, at most {@value Lease#MAX_LENGTH} chars
     * @return this builder
     * @throws IllegalArgumentException if blank or longer
     */
    public Builder claimant(String claimant) {
      if (claimant.isBlank() || claimant.length() > Lease.MAX_LENGTH) {
        throw new IllegalArgumentException(
            "claimant must be non-blank and at most "
                + Lease.MAX_LENGTH
                + " chars, was "
                + claimant.length()
                + " chars");
      }
      this.claimant = claimant;
      return this;
    }

    /**
     * How long a claim keeps other closers away; 5 minutes unless set. Longer than a drain
     * of one batch takes, or another replica may send the same events.
     *
     * @param lease at least 1 ms (stores keep whole milliseconds), at most the time from the
     *     epoch to {@link FeedbackLimits#MAX_INSTANT}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder lease(Duration lease) {
      if (lease.compareTo(Duration.ofMillis(1)) < 0 || lease.compareTo(MAX_LEASE) > 0) {
        throw new IllegalArgumentException(
            "lease must be within 1 ms.." + MAX_LEASE + ", was " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * How many escalations one claim takes; 50 unless set.
     *
     * @param size 1 to 10,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder batchSize(int size) {
      if (size < 1 || size > 10_000) {
        throw new IllegalArgumentException("batchSize must be within 1..10000, was " + size);
      }
      this.batchSize = size;
      return this;
    }

    /**
     * Drains on the closer's own daemon thread at this period; no scheduled drain unless set.
     *
     * @param period at least 1 millisecond, any length, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if shorter than 1 millisecond
     */
    public Builder drainEvery(@Nullable Duration period) {
      if (period != null && period.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException("drainEvery must be at least 1 ms, was " + period);
      }
      this.drainEvery = period;
      return this;
    }

    /** The monotonic time in nanoseconds; {@link System#nanoTime()} unless a test sets it. */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the closer and starts its scheduled drain, if set.
     *
     * @return the closer
     * @throws NullPointerException naming a required part not set
     */
    public LoopCloser build() {
      return new LoopCloser(this);
    }
  }
}
