package io.github.agentfeedback.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.notify.DeliveryStats;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NotificationMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double counter(String name) {
    return registry
        .get("feedback.notifications." + name)
        .tag("notifier", "webhook")
        .functionCounter()
        .count();
  }

  @Test
  void deliveriesAndFailuresOfARealHookAreCounted() {
    NotificationHook hook =
        NotificationHook.builder()
            .notifier(
                n -> {
                  if (n.feedback().comment().contains("fail")) {
                    throw new IllegalStateException("receiver down");
                  }
                })
            .build();
    new NotificationMetrics("webhook", hook).bindTo(registry);
    try (FeedbackManager manager =
        FeedbackManager.builder().store(new InMemoryFeedbackStore()).hooks(hook).build()) {
      manager.addFeedback("s", Feedback.down("slow"));
      manager.addFeedback("s", Feedback.down("fail please"));
      manager.addFeedback("s", Feedback.up("not notified"));
      hook.shutdown(Duration.ofSeconds(10));
    }

    assertThat(counter("accepted")).isEqualTo(2);
    assertThat(counter("delivered")).isEqualTo(1);
    assertThat(counter("failed")).isEqualTo(1);
    assertThat(counter("dropped")).isZero();
    assertThat(registry.get("feedback.notifications.queued").gauge().value()).isZero();
  }

  @Test
  void dropsAndQueueDepthAreReadAtEachPublication() {
    AtomicReference<DeliveryStats> stats =
        new AtomicReference<>(new DeliveryStats(0, 0, 0, 0, 0, 0));
    new NotificationMetrics("sns", stats::get, Tags.of("region", "eu")).bindTo(registry);
    stats.set(new DeliveryStats(10, 4, 1, 3, 0, 5));

    assertThat(
            registry
                .get("feedback.notifications.dropped")
                .tags("notifier", "sns", "region", "eu")
                .functionCounter()
                .count())
        .isEqualTo(3);
    assertThat(registry.get("feedback.notifications.queued").tag("notifier", "sns").gauge().value())
        .isEqualTo(5);
  }

  @Test
  void countersKeepCountingWhenTheQueueGaugeIsFilteredOut() {
    // The function counters hold their object weakly; with the gauge (the one strong holder)
    // denied by a filter, the binder must still be kept alive by the counters themselves.
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("feedback.notifications.queued"));
    DeliveryStats stats = new DeliveryStats(10, 4, 1, 3, 0, 5);
    new NotificationMetrics("webhook", () -> stats, Tags.empty()).bindTo(registry);

    collectGarbage();

    assertThat(registry.find("feedback.notifications.queued").gauge()).isNull();
    assertThat(counter("accepted")).isEqualTo(10);
    assertThat(counter("dropped")).isEqualTo(3);
  }

  /** Runs the collector until an object only weakly reachable is gone (or 50 tries). */
  private static void collectGarbage() {
    WeakReference<Object> sentinel = new WeakReference<>(new Object());
    for (int i = 0; i < 50 && sentinel.get() != null; i++) {
      System.gc();
    }
    assertThat(sentinel.get()).as("garbage collected").isNull();
  }
}
