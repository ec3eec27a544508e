package io.github.agentfeedback.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A claim of loop-closing events ({@link EscalationStore#claimLoopClosings}): who claims, when,
 * for how long, and how many resolved escalations at most.
 *
 * <p>Immutable and thread-safe.
 *
 * @param claimant who claims, for the store's records (a replica's name); not blank
 * @param now the time of the claim
 * @param lease how long the claim holds; positive
 * @param limit the most escalations to claim; positive
 * @since 0.1.0
 */
public record LoopClaim(String claimant, Instant now, Duration lease, int limit) {

  /**
   * Checks the parts.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException naming the claimant, the lease or the limit when it is
   *     blank or not positive
   */
  public LoopClaim {
    Objects.requireNonNull(claimant, "claimant");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    if (claimant.isBlank()) {
      throw new IllegalArgumentException("claimant must not be blank");
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, was " + lease);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  /**
   * When the claim expires.
   *
   * @return {@code now + lease}
   */
  public Instant until() {
    return now.plus(lease);
  }
}
