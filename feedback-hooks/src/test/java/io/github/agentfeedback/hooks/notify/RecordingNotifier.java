package io.github.agentfeedback.hooks.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records what it is given. Optionally holds every delivery until {@link #release()} and
 * signals when a delivery has started.
 */
public final class RecordingNotifier implements Notifier {

  private final BlockingQueue<Notification> delivered = new LinkedBlockingQueue<>();
  private final CountDownLatch gate;
  public final CountDownLatch started = new CountDownLatch(1);

  /** Delivers at once. */
  public RecordingNotifier() {
    this.gate = new CountDownLatch(0);
  }

  private RecordingNotifier(CountDownLatch gate) {
    this.gate = gate;
  }

  /** Holds every delivery until {@link #release()}. */
  public static RecordingNotifier gated() {
    return new RecordingNotifier(new CountDownLatch(1));
  }

  public void release() {
    gate.countDown();
  }

  @Override
  public void deliver(Notification notification) throws InterruptedException {
    started.countDown();
    gate.await();
    delivered.add(notification);
  }

  /** Waits for {@code n} deliveries (at most 10 s) and returns them, oldest first. */
  public List<Notification> await(int n) throws InterruptedException {
    List<Notification> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (out.size() < n) {
      Notification next = delivered.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError("expected " + n + " notifications, got " + out.size());
      }
      out.add(next);
    }
    return out;
  }

  /** What was delivered so far, without waiting. */
  public List<Notification> drained() {
    List<Notification> out = new ArrayList<>();
    delivered.drainTo(out);
    return out;
  }
}
