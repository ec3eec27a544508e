package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A claim of loop-closing events ({@link EscalationStore#claimLoopClosings}): who claims, when,
 * for how long, and how many resolved escalations at most.
 *
 * <p>Every store can keep a claim as it is: the lease's end in whole milliseconds within the
 * model's range of instants, the claimant as a {@link Lease}'s owner. Immutable and
 * thread-safe.
 *
 * @param claimant who claims, for the store's records (a replica's name); not blank, at most
 *     {@value Lease#MAX_LENGTH} chars
 * @param now the time of the claim; within {@link FeedbackLimits#MIN_INSTANT} and {@link
 *     FeedbackLimits#MAX_INSTANT}
 * @param lease how long the claim holds; at least 1 ms (cut to milliseconds, a shorter one
 *     would end when it starts), ending by {@link FeedbackLimits#MAX_INSTANT}
 * @param limit the most escalations to claim; positive
 * @since 0.1.0
 */
public record LoopClaim(String claimant, Instant now, Duration lease, int limit) {

  /**
   * Checks the parts.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException naming the claimant, the time, the lease or the limit
   *     and its limit when it is out of range
   */
  public LoopClaim {
    Lease.check("claimant", claimant);
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    if (!Checks.inRange(now)) {
      throw new IllegalArgumentException(
          "now must be within "
              + FeedbackLimits.MIN_INSTANT
              + ".."
              + FeedbackLimits.MAX_INSTANT
              + ", was "
              + now);
    }
    if (lease.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("lease must be at least 1 ms, was " + lease);
    }
    if (Duration.between(now, FeedbackLimits.MAX_INSTANT).compareTo(lease) < 0) {
      throw new IllegalArgumentException(
          "lease must end by " + FeedbackLimits.MAX_INSTANT + ", was " + lease + " from " + now);
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
