package io.github.agentfeedback.mongo;

import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.FeedbackAnalyticsContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The analytics contract, hand-computed figures included, on the MongoDB store, whose
 * {@code analyze} runs on the server.
 */
class MongoFeedbackAnalyticsTest extends FeedbackAnalyticsContract {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  @Override
  protected FeedbackStore newStore() {
    return TestStores.fresh(mongo).build();
  }
}
