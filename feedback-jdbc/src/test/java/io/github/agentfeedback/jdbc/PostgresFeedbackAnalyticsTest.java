package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.FeedbackAnalyticsContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The analytics kit on PostgreSQL: the SQL analytics give the reference fold's sums. */
@ExtendWith(PostgresTestServer.class)
class PostgresFeedbackAnalyticsTest extends FeedbackAnalyticsContract {

  @Override
  protected FeedbackStore newStore() {
    return Engine.POSTGRESQL.store();
  }
}
