package io.github.agentfeedback.spring.autoconfigure.health;

import io.github.agentfeedback.spi.FeedbackStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of the feedback store: UP when a read of the store answers, DOWN with the
 * error when it fails (a MongoDB that cannot be reached, a closed store). The read is the
 * metadata of a session id no application uses, {@value #PROBE_SESSION}: one indexed lookup
 * that finds nothing. Shown under the name {@code feedback}. Thread-safe.
 *
 * @since 0.1.0
 */
public class FeedbackStoreHealthIndicator extends AbstractHealthIndicator {

  /** The session id the probe reads. */
  public static final String PROBE_SESSION = "agent-feedback-health-probe";

  private final FeedbackStore store;

  /**
   * An indicator of one store.
   *
   * @param store the store
   */
  public FeedbackStoreHealthIndicator(FeedbackStore store) {
    super("Feedback store health check failed");
    this.store = store;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    store.metadata(PROBE_SESSION);
    builder.up().withDetail("store", store.getClass().getSimpleName());
  }
}
