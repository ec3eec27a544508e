package io.github.agentfeedback.memory;

import io.github.agentfeedback.spi.FeedbackAnalyticsContract;
import io.github.agentfeedback.spi.FeedbackStore;

class InMemoryFeedbackAnalyticsTest extends FeedbackAnalyticsContract {

  @Override
  protected FeedbackStore newStore() {
    return new InMemoryFeedbackStore();
  }
}
