package io.github.agentfeedback.hooks.notify;

/**
 * Counters of a {@link NotificationDispatcher}. Each counts deliveries — one notification
 * to one notifier — so a notification sent to two notifiers counts twice.
 *
 * <p>Every delivery submitted is counted once, as {@code accepted} or {@code dropped}; every
 * accepted one ends up {@code delivered}, {@code failed} or {@code undelivered}, and is
 * {@link #pending() pending} until then.
 *
 * <p>Immutable and thread-safe: a snapshot taken at one moment (the counters are read one
 * after the other, so a snapshot taken while deliveries run may be off by the ones that
 * finished in between).
 *
 * @param accepted deliveries queued since the dispatcher started and not dropped later
 *     (under {@link OverflowPolicy#DROP_OLDEST}, a queued delivery pushed out by a newer one
 *     moves from here to {@code dropped})
 * @param delivered deliveries whose notifier returned normally
 * @param failed deliveries whose notifier threw (after its own retries)
 * @param dropped deliveries lost because the queue was full (the new one under
 *     {@link OverflowPolicy#DROP_NEWEST}, the oldest queued one under
 *     {@link OverflowPolicy#DROP_OLDEST}) or because the dispatcher was closed when they
 *     were submitted; not part of {@code accepted}
 * @param undelivered accepted deliveries abandoned when the dispatcher closed before they
 *     were done: still queued when the drain timeout expired, or still running then (they
 *     are interrupted)
 * @param queued deliveries waiting in the queue at the moment of the snapshot
 * @since 0.1.0
 */
public record DeliveryStats(
    long accepted, long delivered, long failed, long dropped, long undelivered, int queued) {

  /**
   * Checks that no counter is negative.
   *
   * @throws IllegalArgumentException naming the first negative counter
   */
  public DeliveryStats {
    nonNegative(accepted, "accepted");
    nonNegative(delivered, "delivered");
    nonNegative(failed, "failed");
    nonNegative(dropped, "dropped");
    nonNegative(undelivered, "undelivered");
    nonNegative(queued, "queued");
  }

  /**
   * Deliveries accepted but not yet finished: queued or running.
   *
   * @return {@code accepted - delivered - failed - undelivered}
   */
  public long pending() {
    return accepted - delivered - failed - undelivered;
  }

  private static void nonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be at least 0, was " + value);
    }
  }
}
