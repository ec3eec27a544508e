package io.github.agentfeedback.capture.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads on which the items of a batch group wait for the group's store call (see
 * {@link BatchRun}). A pool without a queue: every task starts at once, on an idle thread
 * or a new one, since a queued item would never reach its store step. Idle threads end after
 * a minute, so a manager that takes no batches holds none. Daemon threads, so that an
 * application that forgets to close its manager can still exit.
 *
 * <p>Thread-safe. {@link #close()} lets running tasks finish and refuses new ones.
 */
public final class BatchWorkers implements Executor, AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ThreadPoolExecutor pool;

  /** A pool that starts no thread until a batch needs one. */
  public BatchWorkers() {
    String prefix = "agent-feedback-batch-" + POOLS.incrementAndGet() + "-";
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            1,
            TimeUnit.MINUTES,
            new SynchronousQueue<>(),
            task -> {
              Thread t = new Thread(task, prefix + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /** Refuses new tasks; running ones finish. Idempotent. */
  @Override
  public void close() {
    pool.shutdown();
  }
}
