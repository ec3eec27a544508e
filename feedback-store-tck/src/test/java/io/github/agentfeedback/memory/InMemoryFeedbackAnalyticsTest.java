package io.github.agentfeedback.memory;

import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.FeedbackAnalyticsContract;

/**
 * The in-memory store, the reference every other store is compared with, runs the kit's
 * {@link FeedbackAnalyticsContract} here: feedback-core's own tests cannot depend on the
 * kit, which depends on feedback-core.
 */
class InMemoryFeedbackAnalyticsTest extends FeedbackAnalyticsContract {

  @Override
  protected FeedbackStore newStore() {
    return new InMemoryFeedbackStore();
  }
}
