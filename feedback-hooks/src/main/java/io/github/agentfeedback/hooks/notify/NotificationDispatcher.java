package io.github.agentfeedback.hooks.notify;

import io.github.agentfeedback.hooks.notify.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to {@link Notifier}s on its own worker threads, through a bounded
 * queue, so that whoever submits never waits for a receiver.
 *
 * <pre>{@code
 * NotificationDispatcher dispatcher = NotificationDispatcher.builder()
 *     .notifier(WebhookNotifier.builder()           // from feedback-webhooks
 *         .uri("https://hooks.example.com/feedback").build())
 *     .queueCapacity(1_000)
 *     .overflowPolicy(OverflowPolicy.DROP_NEWEST)    // the default
 *     .build();
 * dispatcher.submit(notification);   // never blocks, never throws a notifier's error
 * DeliveryReport report = dispatcher.shutdown(Duration.ofSeconds(5));
 * }</pre>
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li>{@link #submit} queues one delivery per notifier and returns at once; the
 *       submitter is never blocked. The queue holds at most
 *       {@link Builder#queueCapacity(int) queueCapacity} deliveries (1,000 by default).
 *       When it is full, the {@link OverflowPolicy} decides which delivery is lost:
 *       {@link OverflowPolicy#DROP_NEWEST} (the default) drops the new one,
 *       {@link OverflowPolicy#DROP_OLDEST} drops the oldest queued one to make room. The
 *       lost delivery is counted in {@link DeliveryStats#dropped()} and logged at WARN (at
 *       most once every 10 seconds, DEBUG otherwise) with what it is about ({@link Notification#about()}); it
 *       is not retried.
 *   <li>Worker threads take deliveries in queue order. A notifier that throws is counted in
 *       {@link DeliveryStats#failed()} and logged at WARN with what it is about
 *       (never the comment); it is not retried here — retrying is the notifier's business.
 *   <li>{@link #close()} and {@link #shutdown(Duration)} stop accepting (later submissions
 *       are dropped), wait up to the timeout for the queue to drain, then abandon what is
 *       left: queued deliveries are removed and running ones are interrupted. Abandoned
 *       deliveries are counted in {@link DeliveryStats#undelivered()} and listed in the
 *       {@link DeliveryReport}, which is logged (INFO when complete, WARN otherwise).
 *       Closing is idempotent: later calls return the first report.
 * </ul>
 *
 * <p>Worker threads are daemon threads by default, so a dispatcher that is never closed
 * does not keep the JVM alive; close it to deliver what is queued.
 *
 * <p>Thread-safe: any number of threads may submit concurrently, and close concurrently
 * with submissions.
 *
 * @since 0.1.0
 */
public final class NotificationDispatcher implements AutoCloseable {

  /** The default queue capacity, in deliveries. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1_000;

  /** The largest queue capacity a builder accepts, in deliveries. */
  public static final int MAX_QUEUE_CAPACITY = 1_000_000;

  /** The default time {@link #close()} waits for the queue to drain. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

  /** How long an idle worker waits before checking whether it should stop. */
  private static final long IDLE_POLL_MILLIS = 250;

  /** How long a close waits for interrupted deliveries to end. */
  private static final long INTERRUPT_GRACE_MILLIS = 500;

  private static final long DROP_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int MAX_IDS_LOGGED = 10;

  private static final AtomicInteger instances = new AtomicInteger();

  /** Put in the queue by close, one per worker: the worker that takes it stops. */
  private static final Task STOP = new Task() {};

  private final String name;
  private final List<Notifier> notifiers;
  private final BlockingQueue<Task> queue;
  private final List<Thread> workers;
  private final Duration closeTimeout;
  private final OverflowPolicy overflowPolicy;

  /** Submissions hold the read lock, close takes the write lock to set {@code closing}. */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  private boolean closing;

  /** Set when close gave up waiting: whatever is still running is abandoned. */
  private volatile boolean abandoned;

  private volatile boolean draining;

  /** Not a LongAdder: DROP_OLDEST takes back, and a sum must never be read below zero. */
  private final AtomicLong accepted = new AtomicLong();

  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder undelivered = new LongAdder();
  private final ConcurrentLinkedQueue<Notification> abandonedNotifications =
      new ConcurrentLinkedQueue<>();
  private final Set<Delivery> running = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastDropWarning =
      new AtomicLong(System.nanoTime() - DROP_WARN_INTERVAL_NANOS);

  private @Nullable DeliveryReport report; // guarded by this

  private NotificationDispatcher(Builder b) {
    if (b.notifiers.isEmpty()) {
      throw new IllegalStateException("at least one notifier must be set");
    }
    this.name = b.name;
    this.notifiers = List.copyOf(b.notifiers);
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.closeTimeout = b.closeTimeout;
    this.overflowPolicy = b.overflowPolicy;
    ThreadFactory factory = b.threadFactory != null ? b.threadFactory : defaultThreadFactory(name);
    List<Thread> threads = new ArrayList<>(b.workerThreads);
    for (int i = 0; i < b.workerThreads; i++) {
      Thread t = factory.newThread(this::work);
      if (t == null) {
        throw new IllegalStateException("threadFactory returned null");
      }
      threads.add(t);
    }
    this.workers = List.copyOf(threads);
    workers.forEach(Thread::start);
  }

  /**
   * A builder; at least one notifier is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Queues the notification for every notifier. Never blocks and never throws a
   * notifier's error. When the queue is full, the {@link OverflowPolicy} decides which
   * delivery is dropped.
   *
   * @param notification what to deliver
   * @return {@code true} if every delivery was queued (under
   *     {@link OverflowPolicy#DROP_OLDEST}, possibly in place of an older one);
   *     {@code false} if at least one was dropped because the queue was full or the
   *     dispatcher is closed
   * @throws NullPointerException if the notification is null
   */
  public boolean submit(Notification notification) {
    Objects.requireNonNull(notification, "notification");
    gate.readLock().lock();
    try {
      if (closing) {
        drop(notification, notifiers.size(), "it is closed");
        return false;
      }
      boolean all = true;
      for (Notifier notifier : notifiers) {
        Delivery task = new Delivery(notifier, notification);
        accepted.incrementAndGet(); // before a worker can take it and count it finished
        if (!enqueue(task)) {
          accepted.decrementAndGet();
          drop(notification, 1, "its queue is full");
          all = false;
        }
      }
      return all;
    } finally {
      gate.readLock().unlock();
    }
  }

  /**
   * The counters now.
   *
   * @return a snapshot of the counters
   */
  public DeliveryStats stats() {
    int queued = 0;
    for (Task t : queue) {
      if (t instanceof Delivery) {
        queued++;
      }
    }
    // Finished counts first: a delivery is accepted before it can finish, so pending() is
    // not read below zero.
    long delivered = this.delivered.sum();
    long failed = this.failed.sum();
    long undelivered = this.undelivered.sum();
    long dropped = this.dropped.sum();
    return new DeliveryStats(accepted.get(), delivered, failed, dropped, undelivered, queued);
  }

  /**
   * The policy applied when the queue is full.
   *
   * @return the overflow policy
   */
  public OverflowPolicy overflowPolicy() {
    return overflowPolicy;
  }

  /**
   * Whether {@link #close()} or {@link #shutdown(Duration)} has been called.
   *
   * @return {@code true} once closing has begun
   */
  public boolean isClosed() {
    gate.readLock().lock();
    try {
      return closing;
    } finally {
      gate.readLock().unlock();
    }
  }

  /**
   * Stops accepting notifications, waits up to the configured close timeout for the
   * queue to drain, and logs the report. Idempotent.
   *
   * @see #shutdown(Duration)
   */
  @Override
  public void close() {
    shutdown(closeTimeout);
  }

  /**
   * Stops accepting notifications, waits up to {@code timeout} for queued and running
   * deliveries to finish, then abandons the rest: queued deliveries are removed, running
   * ones are interrupted and given a short grace period (500 ms) to end; those still
   * running after it count as undelivered even if they complete later. Logs the report at
   * INFO when everything was delivered and at WARN otherwise, naming what up to 10
   * abandoned notifications were about (never a comment).
   *
   * <p>Idempotent: a second call waits for nothing and returns the first report. If the
   * calling thread is interrupted while waiting, it stops waiting, abandons the rest and
   * keeps its interrupt status.
   *
   * @param timeout how long to wait for the queue to drain; zero abandons everything
   *     queued at once
   * @return what was delivered, failed, dropped and abandoned
   * @throws IllegalArgumentException if the timeout is negative
   */
  public synchronized DeliveryReport shutdown(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
    if (report != null) {
      return report;
    }
    gate.writeLock().lock();
    try {
      closing = true;
    } finally {
      gate.writeLock().unlock();
    }
    draining = true;
    for (int i = 0; i < workers.size(); i++) {
      queue.offer(STOP); // when the queue is full, idle workers notice `draining` instead
    }
    boolean interrupted = false;
    boolean finished;
    try {
      finished = joinWorkers(System.nanoTime() + Durations.saturatedNanos(timeout));
    } catch (InterruptedException e) {
      interrupted = true;
      finished = false;
    }
    if (!finished) {
      abandoned = true;
      List<Task> left = new ArrayList<>();
      queue.drainTo(left);
      for (Task t : left) {
        if (t instanceof Delivery d) {
          abandon(d);
        }
      }
      for (Thread t : workers) {
        if (t != Thread.currentThread()) {
          t.interrupt();
        }
      }
      try {
        joinWorkers(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERRUPT_GRACE_MILLIS));
      } catch (InterruptedException e) {
        interrupted = true;
      }
      for (Delivery t : running) {
        abandon(t); // still running after the grace period: not delivered as far as we know
      }
    }
    List<Task> late = new ArrayList<>();
    queue.drainTo(late); // left only when closed from a worker thread
    for (Task t : late) {
      if (t instanceof Delivery d) {
        abandon(d);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    DeliveryReport done =
        new DeliveryReport(stats(), List.copyOf(abandonedNotifications), !finished);
    report = done;
    logReport(done);
    return done;
  }

  @Override
  public String toString() {
    return "NotificationDispatcher["
        + name
        + ", notifiers="
        + notifiers.size()
        + ", workers="
        + workers.size()
        + "]";
  }

  private void work() {
    while (!abandoned) {
      Task task;
      try {
        task = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        if (abandoned) {
          return;
        }
        continue; // a stray interrupt: keep serving the queue
      }
      if (task == STOP) {
        return;
      }
      if (!(task instanceof Delivery delivery)) { // null: the poll timed out
        if (draining && queue.isEmpty()) {
          return;
        }
        continue;
      }
      if (abandoned) {
        abandon(delivery);
        continue;
      }
      run(delivery);
    }
  }

  private void run(Delivery task) {
    Notification n = task.notification;
    running.add(task);
    try {
      task.notifier.deliver(n);
      if (task.settle()) {
        delivered.increment();
        log.debug(
            "Delivered {} notification for {} to {}", n.type(), n.about(), describe(task.notifier));
      }
    } catch (Throwable e) {
      if (abandoned) {
        abandon(task);
        log.debug(
            "Abandoned {} notification for {} to {} at close",
            n.type(),
            n.about(),
            describe(task.notifier),
            e);
      } else if (task.settle()) {
        failed.increment();
        log.warn(
            "Failed to deliver {} notification for {} to {}",
            n.type(),
            n.about(),
            describe(task.notifier),
            e);
      }
      if (e instanceof VirtualMachineError error) {
        throw error;
      }
    } finally {
      running.remove(task);
    }
  }

  /**
   * Queues a task as the overflow policy says. Called with the read lock held and
   * {@code closing} false, so the queue holds no STOP task.
   *
   * @return whether the task was queued
   */
  private boolean enqueue(Delivery task) {
    if (queue.offer(task)) {
      return true;
    }
    if (overflowPolicy == OverflowPolicy.DROP_NEWEST) {
      return false;
    }
    do {
      Task oldest = queue.poll(); // null when workers emptied the queue meanwhile
      if (oldest instanceof Delivery d && d.settle()) {
        accepted.decrementAndGet();
        drop(
            d.notification,
            1,
            "its queue is full and a newer notification took the "
                + "place of this, the oldest queued one");
      }
    } while (!queue.offer(task)); // other submitters may take the freed place first
    return true;
  }

  /** Counts a task as undelivered, unless it was already counted one way or another. */
  private void abandon(Delivery task) {
    if (task.settle()) {
      undelivered.increment();
      abandonedNotifications.add(task.notification);
    }
  }

  private void drop(Notification n, int count, String why) {
    dropped.add(count);
    long now = System.nanoTime();
    long last = lastDropWarning.get();
    if (now - last >= DROP_WARN_INTERVAL_NANOS && lastDropWarning.compareAndSet(last, now)) {
      log.warn(
          "Dropped {} notification for {} because {} {}; "
              + "{} dropped so far (further drops are logged at DEBUG for 10 s)",
          n.type(),
          n.about(),
          this,
          why,
          dropped.sum());
    } else {
      log.debug("Dropped {} notification for {} because {} {}", n.type(), n.about(), this, why);
    }
  }

  private boolean joinWorkers(long deadlineNanos) throws InterruptedException {
    for (Thread t : workers) {
      if (t == Thread.currentThread()) {
        continue; // closed from a notifier: don't wait for ourselves
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining > 0) {
        TimeUnit.NANOSECONDS.timedJoin(t, remaining);
      }
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  private void logReport(DeliveryReport r) {
    DeliveryStats s = r.stats();
    if (r.complete()) {
      log.info("{} closed: {} delivered", this, s.delivered());
      return;
    }
    List<String> ids = new ArrayList<>();
    for (Notification n : r.undelivered()) {
      if (ids.size() == MAX_IDS_LOGGED) {
        ids.add("...");
        break;
      }
      ids.add(n.about());
    }
    log.warn(
        "{} closed{}: {} delivered, {} failed, {} dropped, {} undelivered, {} still "
            + "running; undelivered: {}",
        this,
        r.timedOut() ? " after its drain timeout expired" : "",
        s.delivered(),
        s.failed(),
        s.dropped(),
        s.undelivered(),
        s.pending(),
        ids);
  }

  private static String describe(Notifier notifier) {
    return notifier.toString();
  }

  private static ThreadFactory defaultThreadFactory(String name) {
    int instance = instances.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t =
          new Thread(r, "agent-feedback-" + name + "-" + instance + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One notification for one notifier, counted exactly once. */
  /** What the queue holds: a {@link Delivery}, or {@link #STOP}. */
  private interface Task {}

  /** One notification for one notifier; compared by identity. */
  private static final class Delivery implements Task {
    final Notifier notifier;
    final Notification notification;
    private final AtomicBoolean settled = new AtomicBoolean();

    Delivery(Notifier notifier, Notification notification) {
      this.notifier = notifier;
      this.notification = notification;
    }

    /** Claims the right to count this task; true for the first caller only. */
    boolean settle() {
      return settled.compareAndSet(false, true);
    }
  }

  /**
   * Configures a {@link NotificationDispatcher}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String name = "notify";
    private final List<Notifier> notifiers = new ArrayList<>();
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private int workerThreads = 1;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_NEWEST;
    private @Nullable ThreadFactory threadFactory;

    private Builder() {}

    /**
     * A short name used in thread names and log messages. Defaults to {@code "notify"}.
     *
     * @param name the name; not blank
     * @return this builder
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Adds a notifier. Every notification goes to every notifier, each as its own
     * delivery.
     *
     * @param notifier the notifier
     * @return this builder
     */
    public Builder notifier(Notifier notifier) {
      notifiers.add(Objects.requireNonNull(notifier, "notifier"));
      return this;
    }

    /**
     * Replaces the notifiers.
     *
     * @param notifiers the notifiers
     * @return this builder
     * @throws NullPointerException if the list or one of its notifiers is null
     */
    public Builder notifiers(List<? extends Notifier> notifiers) {
      Objects.requireNonNull(notifiers, "notifiers");
      for (Notifier n : notifiers) {
        Objects.requireNonNull(n, "notifiers must not contain null");
      }
      List<Notifier> copy = List.copyOf(notifiers);
      this.notifiers.clear();
      this.notifiers.addAll(copy);
      return this;
    }

    /**
     * How many deliveries may wait in the queue; when it is full, the
     * {@link #overflowPolicy overflow policy} drops one. Defaults to 1,000. The queue's
     * memory is reserved when the dispatcher is built.
     *
     * @param capacity from 1 to {@link #MAX_QUEUE_CAPACITY} (1,000,000)
     * @return this builder
     * @throws IllegalArgumentException if the capacity is outside that range
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1 || capacity > MAX_QUEUE_CAPACITY) {
        throw new IllegalArgumentException(
            "queueCapacity must be within 1.." + MAX_QUEUE_CAPACITY + ", was " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Which delivery is dropped when the queue is full. Defaults to
     * {@link OverflowPolicy#DROP_NEWEST}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder overflowPolicy(OverflowPolicy policy) {
      this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
      return this;
    }

    /**
     * How many worker threads deliver concurrently. Defaults to 1, which delivers in
     * submission order.
     *
     * @param threads from 1 to 64
     * @return this builder
     */
    public Builder workerThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("workerThreads must be within 1..64, was " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    /**
     * How long {@link #close()} waits for the queue to drain. Defaults to 10 seconds.
     *
     * @param timeout zero (abandon what is queued at once) or more; longer than the JVM can
     *     count in nanoseconds means "wait without limit"
     * @return this builder
     * @throws IllegalArgumentException if the timeout is negative
     */
    public Builder closeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "closeTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative, was " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * Creates the worker threads. Defaults to daemon threads named
     * {@code agent-feedback-<name>-<instance>-<n>}.
     *
     * @param threadFactory the factory
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * Builds the dispatcher and starts its worker threads.
     *
     * @return the dispatcher
     * @throws IllegalStateException if no notifier was set
     */
    public NotificationDispatcher build() {
      return new NotificationDispatcher(this);
    }
  }
}
