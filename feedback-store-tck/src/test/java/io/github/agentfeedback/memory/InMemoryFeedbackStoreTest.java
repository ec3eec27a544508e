package io.github.agentfeedback.memory;

import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.FeedbackStoreContract;

/**
 * The in-memory store, the reference every other store is compared with, runs the kit's
 * {@link FeedbackStoreContract} here: feedback-core's own tests cannot depend on the kit, which
 * depends on feedback-core.
 */
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
