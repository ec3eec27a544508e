package io.github.agentfeedback.hooks.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.agentfeedback.Feedback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NotificationDispatcherTest {

  private final List<NotificationDispatcher> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() {
    toClose.forEach(d -> d.shutdown(Duration.ZERO));
  }

  private NotificationDispatcher dispatcher(
      Notifier notifier, int capacity, OverflowPolicy policy) {
    NotificationDispatcher d =
        NotificationDispatcher.builder()
            .notifier(notifier)
            .queueCapacity(capacity)
            .overflowPolicy(policy)
            .build();
    toClose.add(d);
    return d;
  }

  private static Notification notification(String feedbackId) {
    return Notification.ofFeedback(
        Notification.TYPE_FEEDBACK,
        "s",
        Feedback.down("x").toBuilder().id(feedbackId).build(),
        1,
        Instant.EPOCH,
        "rating_down",
        "1st negative feedback in s");
  }

  /** Submits n1 and waits until its delivery is held, then submits the others. */
  private static List<Boolean> fill(
      NotificationDispatcher d, RecordingNotifier held, String... more)
      throws InterruptedException {
    List<Boolean> queued = new ArrayList<>();
    queued.add(d.submit(notification("n1")));
    assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
    for (String id : more) {
      queued.add(d.submit(notification(id)));
    }
    return queued;
  }

  @Test
  void dropNewestIsTheDefault() {
    NotificationDispatcher d =
        NotificationDispatcher.builder().notifier(new RecordingNotifier()).build();
    toClose.add(d);
    assertThat(d.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
  }

  @ParameterizedTest
  @EnumSource(OverflowPolicy.class)
  void aFullQueueDropsTheNewestOrTheOldestAndCountsIt(OverflowPolicy policy) throws Exception {
    boolean newest = policy == OverflowPolicy.DROP_NEWEST;
    RecordingNotifier held = RecordingNotifier.gated();
    NotificationDispatcher d = dispatcher(held, 2, policy);

    // n1 is being delivered, n2 and n3 fill the queue, n4 and n5 overflow it.
    assertThat(fill(d, held, "n2", "n3", "n4", "n5"))
        .containsExactly(true, true, true, !newest, !newest);
    assertThat(d.stats()).isEqualTo(new DeliveryStats(3, 0, 0, 2, 0, 2));

    held.release();
    DeliveryReport report = d.shutdown(Duration.ofSeconds(10));
    assertThat(report.stats()).isEqualTo(new DeliveryStats(3, 3, 0, 2, 0, 0));
    assertThat(held.drained())
        .extracting(n -> n.feedback().id())
        .containsExactlyElementsOf(newest ? List.of("n1", "n2", "n3") : List.of("n1", "n4", "n5"));
  }

  @Test
  void concurrentSubmittersNeverBlockAndEveryDeliveryIsCountedOnce() throws Exception {
    for (OverflowPolicy policy : OverflowPolicy.values()) {
      RecordingNotifier held = RecordingNotifier.gated();
      NotificationDispatcher d = dispatcher(held, 3, policy);
      d.submit(notification("first"));
      assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue(); // the worker holds it
      int threads = 4;
      int each = 250;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      d.submit(notification(thread + "-" + i));
                    }
                  }));
        }
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> {
              for (Future<?> f : futures) {
                f.get();
              }
            });
      } finally {
        pool.shutdownNow();
      }

      // The held delivery and a full queue are accepted; everything else was dropped.
      assertThat(d.stats())
          .as(policy.name())
          .isEqualTo(new DeliveryStats(4, 0, 0, threads * each + 1 - 4, 0, 3));
      held.release();
      DeliveryStats after = d.shutdown(Duration.ofSeconds(10)).stats();
      assertThat(after).isEqualTo(new DeliveryStats(4, 4, 0, threads * each + 1 - 4, 0, 0));
      assertThat(held.drained()).hasSize(4);
    }
  }

  @Test
  void theLongestShutdownTimeoutIsAcceptedAndNegativeOnesAreRefused() {
    NotificationDispatcher d = dispatcher(new RecordingNotifier(), 10, OverflowPolicy.DROP_NEWEST);
    assertThatThrownBy(() -> d.shutdown(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> d.shutdown(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");

    DeliveryReport report =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> d.shutdown(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
    assertThat(report.complete()).isTrue();

    NotificationDispatcher longest =
        NotificationDispatcher.builder()
            .notifier(new RecordingNotifier())
            .closeTimeout(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))
            .build();
    assertTimeoutPreemptively(Duration.ofSeconds(10), longest::close);
    assertThat(longest.isClosed()).isTrue();
  }

  @Test
  void builderRefusesNonsenseNamingTheSetting() {
    NotificationDispatcher.Builder b = NotificationDispatcher.builder();
    for (int capacity : new int[] {0, -1, NotificationDispatcher.MAX_QUEUE_CAPACITY + 1}) {
      assertThatThrownBy(() -> b.queueCapacity(capacity))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("queueCapacity");
    }
    for (int threads : new int[] {0, 65}) {
      assertThatThrownBy(() -> b.workerThreads(threads))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workerThreads");
    }
    assertThatThrownBy(() -> b.closeTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("closeTimeout");
    assertThatThrownBy(() -> b.closeTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("closeTimeout");
    assertThatThrownBy(() -> b.overflowPolicy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("overflowPolicy");
    assertThatThrownBy(() -> b.notifiers(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("notifiers");
    assertThatThrownBy(() -> b.notifiers(Arrays.asList(new RecordingNotifier(), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("notifiers");
    assertThatThrownBy(() -> b.name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("notifier");
  }

  @Test
  void reportsAndStatsRefuseWhatCannotBe() {
    DeliveryStats zero = new DeliveryStats(0, 0, 0, 0, 0, 0);
    assertThatThrownBy(() -> new DeliveryStats(0, 0, 0, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dropped");
    assertThatThrownBy(() -> new DeliveryReport(zero, null, false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("undelivered");
    assertThatThrownBy(() -> new DeliveryReport(zero, Arrays.asList((Notification) null), false))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("undelivered");
    assertThatThrownBy(() -> new LoggingNotifier().deliver(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("notification");
  }
}
