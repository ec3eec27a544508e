package io.github.agentfeedback.hooks.notify;

/**
 * What a {@link NotificationDispatcher} does with a delivery when its bounded queue is full.
 * Either way the submitter is never blocked, one delivery is lost, and it is counted in
 * {@link DeliveryStats#dropped()} and logged (WARN at most once every 10 seconds, DEBUG
 * otherwise; ids only, never the comment).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum OverflowPolicy {

  /**
   * Keep what is queued and drop the new delivery. The default: the oldest notifications,
   * queued first, are delivered first, and a burst cannot push them out.
   */
  DROP_NEWEST,

  /**
   * Drop the oldest queued delivery to make room for the new one. Suits receivers for whom
   * recent notifications matter more than old ones, for example after a long outage. The
   * dropped delivery was accepted when it was queued; it then counts as dropped instead
   * (see {@link DeliveryStats#accepted()}).
   */
  DROP_OLDEST
}
