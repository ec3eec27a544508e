package io.github.agentfeedback.memory;

import io.github.agentfeedback.escalation.Lease;
import io.github.agentfeedback.escalation.Leases;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Leases} in the JVM's heap, for tests and for several components of one process.
 *
 * <p>Thread-safe: every call runs under one lock.
 *
 * @since 0.1.0
 */
public final class InMemoryLeases implements Leases {

  private final Map<String, Lease> leases = new HashMap<>();

  /** Creates leases that nobody holds. */
  public InMemoryLeases() {}

  @Override
  public synchronized boolean tryAcquire(
      String name, String owner, Duration duration, Instant now) {
    Lease wanted = Lease.of(name, owner, duration, now);
    Lease held = leases.get(name);
    if (held != null && held.heldAt(now) && !held.owner().equals(owner)) {
      return false;
    }
    leases.put(name, wanted);
    return true;
  }

  @Override
  public synchronized boolean release(String name, String owner) {
    Objects.requireNonNull(owner, "owner");
    Lease held = leases.get(Objects.requireNonNull(name, "name"));
    if (held == null || !held.owner().equals(owner)) {
      return false;
    }
    leases.remove(name);
    return true;
  }

  @Override
  public synchronized Optional<Lease> find(String name) {
    return Optional.ofNullable(leases.get(Objects.requireNonNull(name, "name")));
  }

  @Override
  public String toString() {
    return "InMemoryLeases";
  }
}
