package io.github.agentfeedback.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Named leases shared by every replica of an application, so that work meant to run once
 * (such as a {@link WindowCheck}) runs in one replica at a time: a replica that {@link
 * #tryAcquire acquires} a lease holds it until it expires, renews it while it works, and
 * another replica takes it over only after it expires (or is {@link #release released}).
 * Implementations: {@code InMemoryLeases} (feedback-core, for tests and one process), {@code
 * MongoLeases} (a collection, feedback-mongo) and {@code JdbcLeases} (a table,
 * feedback-jdbc); the store test kit's {@code LeasesContract} checks each.
 *
 * <h2>Time</h2>
 *
 * The caller passes its current time ({@code now}, from its {@link java.time.Clock}); the
 * store compares the instants it is given (cut to milliseconds) and reads no clock of its
 * own. Replicas whose clocks differ by s can take a lease over up to s early (or late):
 * choose durations much longer than the clock skew between replicas (NTP keeps it within
 * milliseconds) and longer than the work done under the lease plus the interval between
 * renewals. A holder whose work outlasts its lease is not stopped: the lease only decides who
 * starts.
 *
 * <p>Implementations must be thread-safe and keep, under concurrent calls from several
 * processes sharing the store, <b>at most one holder per name at any instant</b>: of several
 * owners asking for a free or expired lease at once exactly one gets it.
 *
 * @since 0.1.0
 */
public interface Leases extends AutoCloseable {

  /**
   * Acquires or renews a lease: succeeds when nobody holds it at {@code now} (never
   * acquired, released, or expired: its expiry is at or before {@code now}) or when {@code
   * owner} holds it already, and then holds it for {@code owner} until {@code now + duration}
   * (a renewal may shorten it).
   *
   * @param name the lease's name
   * @param owner who asks
   * @param duration how long to hold it, at least 1 ms
   * @param now the caller's current time
   * @return true when {@code owner} holds the lease until {@code now + duration}; false when
   *     another owner holds it
   * @throws IllegalArgumentException naming {@code name}, {@code owner} or {@code duration}
   *     when invalid (see {@link Lease#of})
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails
   */
  boolean tryAcquire(String name, String owner, Duration duration, Instant now);

  /**
   * Gives a lease up, so that another owner can acquire it at once.
   *
   * @param name the lease's name
   * @param owner who gives it up
   * @return true when {@code owner} held it (expired or not) and it is released; false when
   *     another owner holds it or nobody does
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails
   */
  boolean release(String name, String owner);

  /**
   * The lease of a name as stored, expired or not.
   *
   * @param name the lease's name
   * @return the lease, or empty when nobody acquired it since it was last released
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails
   */
  Optional<Lease> find(String name);

  /** Releases what this object owns (not the leases held). Idempotent; the default does nothing. */
  @Override
  default void close() {}
}
