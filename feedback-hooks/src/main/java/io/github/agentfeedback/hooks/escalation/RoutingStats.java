package io.github.agentfeedback.hooks.escalation;

import io.github.agentfeedback.hooks.notify.DeliveryStats;
import java.util.Objects;

/**
 * Counters of an {@link EscalationRouter}, each counting escalations routed (one call of
 * {@link EscalationRouter#route} or one release of a held escalation), and the deliveries of
 * its notifiers summed over its routes.
 *
 * <p>Immutable and thread-safe: a snapshot (counters read one after the other).
 *
 * @param routed handed to a route's notifiers
 * @param suppressed not sent: the escalation was notified within the minimum interval (by
 *     this router or another replica), or it was resolved while held
 * @param held held because they came in quiet hours below the bypass severity (a repeat of
 *     one already held counts again)
 * @param released held ones sent, or suppressed, when quiet hours ended
 * @param unrouted matched no route and there is no default route
 * @param dropped lost: the routing queue was full, the router was closed, the store failed
 *     to claim the interval, or quiet hours held {@code maxHeld} escalations already
 * @param waiting held now, waiting for quiet hours to end
 * @param delivery the deliveries of the routes' notifiers, summed
 * @since 0.1.0
 */
public record RoutingStats(
    long routed,
    long suppressed,
    long held,
    long released,
    long unrouted,
    long dropped,
    int waiting,
    DeliveryStats delivery) {

  /**
   * Checks the delivery counters.
   *
   * @throws NullPointerException if {@code delivery} is null
   */
  public RoutingStats {
    Objects.requireNonNull(delivery, "delivery");
  }
}
