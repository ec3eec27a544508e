package io.github.agentfeedback.hooks.notify;

/**
 * Counters of a {@link NotificationDispatcher}. Each counts deliveries — one notification
 * to one notifier — so a notification sent to two notifiers counts twice.
 *
 * <p>Immutable and thread-safe: a snapshot taken at one moment.
 *
 * @param accepted deliveries queued since the dispatcher started
 * @param delivered deliveries whose notifier returned normally
 * @param failed deliveries whose notifier threw (after its own retries)
 * @param dropped deliveries refused because the queue was full or the dispatcher closed;
 *     they were never queued and are not part of {@code accepted}
 * @param undelivered accepted deliveries abandoned when the dispatcher closed before they
 *     were done: still queued when the drain timeout expired, or still running then (they
 *     are interrupted)
 * @param queued deliveries waiting in the queue at the moment of the snapshot
 * @since 0.1.0
 */
public record DeliveryStats(
    long accepted, long delivered, long failed, long dropped, long undelivered, int queued) {

  /**
   * Deliveries accepted but not yet finished: queued or running.
   *
   * @return {@code accepted - delivered - failed - undelivered}
   */
  public long pending() {
    return accepted - delivered - failed - undelivered;
  }
}
