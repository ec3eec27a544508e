package io.github.agentfeedback.hooks.notify;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to {@link Notifier}s on its own worker threads, through a bounded
 * queue, so that whoever submits never waits for a receiver.
 *
 * <pre>{@code
 * NotificationDispatcher dispatcher = NotificationDispatcher.builder()
 *     .notifier(WebhookNotifier.builder().uri("https://hooks.example.com/feedback").build())
 *     .queueCapacity(1_000)
 *     .build();
 * dispatcher.submit(notification);   // never blocks, never throws a notifier's error
 * DeliveryReport report = dispatcher.shutdown(Duration.ofSeconds(5));
 * }</pre>
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li>{@link #submit} queues one delivery per notifier and returns at once. When the
 *       queue is full, the delivery is <em>dropped</em>: counted in
 *       {@link DeliveryStats#dropped()} and logged at WARN (at most once every 10 seconds,
 *       DEBUG otherwise). The submitter is never blocked.
 *   <li>Worker threads take deliveries in queue order. A notifier that throws is counted in
 *       {@link DeliveryStats#failed()} and logged at WARN with the session and feedback ids
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
  private static final Task STOP = new Task(null, null);

  private final String name;
  private final List<Notifier> notifiers;
  private final BlockingQueue<Task> queue;
  private final List<Thread> workers;
  private final Duration closeTimeout;

  /** Submissions hold the read lock, close takes the write lock to set {@code closing}. */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private boolean closing;
  /** Set when close gave up waiting: whatever is still running is abandoned. */
  private volatile boolean abandoned;
  private volatile boolean draining;

  private final LongAdder accepted = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder undelivered = new LongAdder();
  private final ConcurrentLinkedQueue<Notification> abandonedNotifications =
      new ConcurrentLinkedQueue<>();
  private final Set<Task> running = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastDropWarning =
      new AtomicLong(System.nanoTime() - DROP_WARN_INTERVAL_NANOS);

  private DeliveryReport report; // guarded by this

  private NotificationDispatcher(Builder b) {
    if (b.notifiers.isEmpty()) {
      throw new IllegalStateException("at least one notifier must be set");
    }
    this.name = b.name;
    this.notifiers = List.copyOf(b.notifiers);
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.closeTimeout = b.closeTimeout;
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
   * notifier's error.
   *
   * @param notification what to deliver
   * @return {@code true} if every delivery was queued; {@code false} if at least one was
   *     dropped because the queue was full or the dispatcher is closed
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
        if (queue.offer(new Task(notifier, notification))) {
          accepted.increment();
        } else {
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
      if (t != STOP) {
        queued++;
      }
    }
    return new DeliveryStats(accepted.sum(), delivered.sum(), failed.sum(), dropped.sum(),
        undelivered.sum(), queued);
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
   * INFO when everything was delivered and at WARN otherwise, naming the session and
   * feedback ids (never the comments) of up to 10 abandoned notifications.
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
      finished = joinWorkers(System.nanoTime() + saturatedNanos(timeout));
    } catch (InterruptedException e) {
      interrupted = true;
      finished = false;
    }
    if (!finished) {
      abandoned = true;
      List<Task> left = new ArrayList<>();
      queue.drainTo(left);
      for (Task t : left) {
        if (t != STOP) {
          abandon(t);
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
      for (Task t : running) {
        abandon(t); // still running after the grace period: not delivered as far as we know
      }
    }
    List<Task> late = new ArrayList<>();
    queue.drainTo(late); // left only when closed from a worker thread
    for (Task t : late) {
      if (t != STOP) {
        abandon(t);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    report = new DeliveryReport(stats(), List.copyOf(abandonedNotifications), !finished);
    logReport(report);
    return report;
  }

  @Override
  public String toString() {
    return "NotificationDispatcher[" + name + ", notifiers=" + notifiers.size()
        + ", workers=" + workers.size() + "]";
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
      if (task == null) {
        if (draining && queue.isEmpty()) {
          return;
        }
        continue;
      }
      if (abandoned) {
        abandon(task);
        continue;
      }
      run(task);
    }
  }

  private void run(Task task) {
    Notification n = task.notification;
    running.add(task);
    try {
      task.notifier.deliver(n);
      if (task.settle()) {
        delivered.increment();
        log.debug("Delivered {} notification for feedback {} in session {} to {}",
            n.type(), n.feedback().id(), n.sessionId(), describe(task.notifier));
      }
    } catch (Throwable e) {
      if (abandoned) {
        abandon(task);
        log.debug("Abandoned {} notification for feedback {} in session {} to {} at close",
            n.type(), n.feedback().id(), n.sessionId(), describe(task.notifier), e);
      } else if (task.settle()) {
        failed.increment();
        log.warn("Failed to deliver {} notification for feedback {} in session {} to {}",
            n.type(), n.feedback().id(), n.sessionId(), describe(task.notifier), e);
      }
      if (e instanceof VirtualMachineError error) {
        throw error;
      }
    } finally {
      running.remove(task);
    }
  }

  /** Counts a task as undelivered, unless it was already counted one way or another. */
  private void abandon(Task task) {
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
      log.warn("Dropped {} notification for feedback {} in session {} because {} {}; "
              + "{} dropped so far (further drops are logged at DEBUG for 10 s)",
          n.type(), n.feedback().id(), n.sessionId(), this, why, dropped.sum());
    } else {
      log.debug("Dropped {} notification for feedback {} in session {} because {} {}",
          n.type(), n.feedback().id(), n.sessionId(), this, why);
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
      ids.add(n.sessionId() + "/" + n.feedback().id());
    }
    log.warn("{} closed{}: {} delivered, {} failed, {} dropped, {} undelivered, {} still "
            + "running; undelivered (session/feedback): {}",
        this, r.timedOut() ? " after its drain timeout expired" : "", s.delivered(),
        s.failed(), s.dropped(), s.undelivered(), s.pending(), ids);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  private static String describe(Notifier notifier) {
    return notifier.toString();
  }

  private static ThreadFactory defaultThreadFactory(String name) {
    int instance = instances.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r,
          "agent-feedback-" + name + "-" + instance + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One notification for one notifier, counted exactly once. */
  private static final class Task {
    final Notifier notifier;
    final Notification notification;
    private final AtomicBoolean settled = new AtomicBoolean();

    Task(Notifier notifier, Notification notification) {
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
    private ThreadFactory threadFactory;

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
     */
    public Builder notifiers(List<? extends Notifier> notifiers) {
      List<Notifier> copy = List.copyOf(notifiers);
      this.notifiers.clear();
      this.notifiers.addAll(copy);
      return this;
    }

    /**
     * How many deliveries may wait in the queue; more are dropped. Defaults to 1,000.
     *
     * @param capacity at least 1
     * @return this builder
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1, was " + capacity);
      }
      this.queueCapacity = capacity;
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
        throw new IllegalArgumentException(
            "workerThreads must be within 1..64, was " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    /**
     * How long {@link #close()} waits for the queue to drain. Defaults to 10 seconds.
     *
     * @param timeout zero or more
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
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
