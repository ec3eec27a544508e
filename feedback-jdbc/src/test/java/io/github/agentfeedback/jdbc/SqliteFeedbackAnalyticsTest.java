package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.FeedbackAnalyticsContract;

/** The analytics kit on SQLite: the SQL analytics give the reference fold's sums. */
class SqliteFeedbackAnalyticsTest extends FeedbackAnalyticsContract {

  @Override
  protected FeedbackStore newStore() {
    return Engine.SQLITE.store();
  }
}
