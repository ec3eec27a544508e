package io.github.agentfeedback.memory;

import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spi.FeedbackStoreContract;

class InMemoryFeedbackStoreTest extends FeedbackStoreContract {

  @Override
  protected FeedbackStore newStore() {
    return new InMemoryFeedbackStore();
  }

  @Override
  protected FeedbackStore newCappedStore(int max) {
    return InMemoryFeedbackStore.builder().maxFeedbacksPerSession(max).build();
  }
}
