package io.github.agentfeedback.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.hooks.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WebhookNotifier.Sleeper} that takes no real time: each sleep records its
 * duration, moves a test clock forward by it, and then waits until the test wakes it. The
 * test thus knows when a delivery is between two attempts and decides when it goes on.
 */
final class SteppingSleeper implements WebhookNotifier.Sleeper {

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final TestClock clock;
  private final Semaphore entered = new Semaphore(0);
  private final Semaphore wakeUps = new Semaphore(0);

  SteppingSleeper(TestClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    sleeps.add(duration);
    clock.advance(duration);
    entered.release();
    wakeUps.acquire();
  }

  /** Waits (at most 10 s) until one more delivery is waiting to retry. */
  void awaitSleeping() throws InterruptedException {
    assertThat(entered.tryAcquire(10, TimeUnit.SECONDS)).as("a delivery waiting to retry").isTrue();
  }

  /** Ends the current sleep (or the next one, if none is under way). */
  void wake() {
    wakeUps.release();
  }
}
