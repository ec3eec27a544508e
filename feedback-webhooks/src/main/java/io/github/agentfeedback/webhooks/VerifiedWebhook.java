package io.github.agentfeedback.webhooks;

import java.time.Instant;
import java.util.Objects;

/**
 * A webhook request whose signature and timestamp a {@link WebhookVerifier} accepted.
 *
 * <p>Receivers should remember the {@link #id()} of what they processed (for longer than
 * the verifier's tolerance) and skip a request whose id they have seen: a retry of a
 * delivery carries the same id, so a notification is then processed once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the {@code webhook-id}: the delivery's id, the same on every retry of it
 * @param timestamp the {@code webhook-timestamp}: when this attempt was sent, to the second
 * @since 0.1.0
 */
public record VerifiedWebhook(String id, Instant timestamp) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if a component is null
   */
  public VerifiedWebhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
