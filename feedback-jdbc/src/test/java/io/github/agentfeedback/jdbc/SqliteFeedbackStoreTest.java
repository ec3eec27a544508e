package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.FeedbackStoreContract;

/** The whole store kit on SQLite. */
class SqliteFeedbackStoreTest extends FeedbackStoreContract {

  @Override
  protected FeedbackStore newStore() {
    return Engine.SQLITE.store();
  }

  @Override
  protected FeedbackStore newCappedStore(int max) {
    return Engine.SQLITE.store(b -> b.maxFeedbacksPerSession(max));
  }

  /** 16 threads x 500 appends to one session. */
  @Override
  protected int appendsPerThread() {
    return 500;
  }
}
