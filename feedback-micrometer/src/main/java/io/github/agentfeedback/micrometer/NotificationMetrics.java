package io.github.agentfeedback.micrometer;

import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.notify.DeliveryStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Binds the delivery counters of a {@link NotificationHook} (or of anything that reports
 * {@link DeliveryStats}) to a registry, read when the registry publishes:
 * <ul>
 *   <li>{@code feedback.notifications.accepted}, {@code .delivered}, {@code .failed} (after
 *       the notifier's retries), {@code .dropped} (the queue was full) and
 *       {@code .undelivered} (still queued at shutdown) — function counters;
 *   <li>{@code feedback.notifications.queued} — a gauge of the queue's depth.
 * </ul>
 * Each carries the tag {@code notifier} with the name given, and the tags given.
 *
 * <pre>{@code
 * new NotificationMetrics("webhook", notificationHook).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Needs {@code feedback-hooks} on the class path. Immutable and thread-safe; the
 * statistics supplier must be thread-safe, as {@link NotificationHook#stats()} is.
 *
 * @since 0.1.0
 */
public final class NotificationMetrics implements MeterBinder {

  private final Supplier<DeliveryStats> stats;
  private final Tags tags;

  /**
   * Metrics of a notification hook.
   *
   * @param name a short, fixed name for the notifier, the value of the tag {@code notifier}
   * @param hook the hook
   */
  public NotificationMetrics(String name, NotificationHook hook) {
    this(name, Objects.requireNonNull(hook, "hook")::stats, Tags.empty());
  }

  /**
   * Metrics of any source of delivery statistics.
   *
   * @param name a short, fixed name for the notifier, the value of the tag {@code notifier}
   * @param stats the current statistics, read at every publication
   * @param tags more tags for every meter
   */
  public NotificationMetrics(String name, Supplier<DeliveryStats> stats, Iterable<Tag> tags) {
    this.stats = Objects.requireNonNull(stats, "stats");
    this.tags = Tags.of(tags).and("notifier", Objects.requireNonNull(name, "name"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "accepted", "Notifications accepted into the queue", DeliveryStats::accepted);
    counter(registry, "delivered", "Notifications delivered", DeliveryStats::delivered);
    counter(
        registry,
        "failed",
        "Notifications that failed after the notifier's retries",
        DeliveryStats::failed);
    counter(
        registry, "dropped", "Notifications dropped: the queue was full", DeliveryStats::dropped);
    counter(
        registry,
        "undelivered",
        "Notifications still queued when the dispatcher shut down",
        DeliveryStats::undelivered);
    Gauge.builder("feedback.notifications.queued", this, m -> m.stats.get().queued())
        .description("Notifications waiting in the queue")
        .baseUnit("notifications")
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      ToDoubleFunction<DeliveryStats> value) {
    // A function counter holds its object weakly and its function strongly: the function
    // reads this binder's supplier itself, so that the binder lives as long as any of its
    // counters (also when a filter denies the gauge, the only meter that holds it strongly).
    FunctionCounter.builder(
            "feedback.notifications." + name, this, m -> value.applyAsDouble(stats.get()))
        .description(description)
        .baseUnit("notifications")
        .tags(tags)
        .register(registry);
  }
}
