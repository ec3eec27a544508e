package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.FeedbackStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole store kit on PostgreSQL. */
@ExtendWith(PostgresTestServer.class)
class PostgresFeedbackStoreTest extends FeedbackStoreContract {

  @Override
  protected FeedbackStore newStore() {
    return Engine.POSTGRESQL.store();
  }

  @Override
  protected FeedbackStore newCappedStore(int max) {
    return Engine.POSTGRESQL.store(b -> b.maxFeedbacksPerSession(max));
  }

  /** 16 threads x 500 appends to one session. */
  @Override
  protected int appendsPerThread() {
    return 500;
  }
}
