package io.github.agentfeedback.hooks.notify;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link NotificationDispatcher} had done when it was closed, and what it could not
 * deliver.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stats the counters at the end of the close
 * @param undelivered the notifications abandoned by the close, oldest first; a
 *     notification meant for several notifiers appears once per notifier it missed
 * @param timedOut whether the drain timeout expired before the queue was empty
 * @since 0.1.0
 */
public record DeliveryReport(
    DeliveryStats stats, List<Notification> undelivered, boolean timedOut) {

  /**
   * Validates and copies the components.
   *
   * @throws NullPointerException if the stats, the list or one of its notifications is null
   */
  public DeliveryReport {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(undelivered, "undelivered");
    for (Notification n : undelivered) {
      Objects.requireNonNull(n, "undelivered must not contain null");
    }
    undelivered = List.copyOf(undelivered);
  }

  /**
   * Whether every notification was delivered.
   *
   * @return {@code true} when nothing was dropped, failed or abandoned, and nothing is
   *     still pending
   */
  public boolean complete() {
    return stats.dropped() == 0
        && stats.failed() == 0
        && stats.undelivered() == 0
        && stats.pending() == 0;
  }
}
