package io.github.agentfeedback.mongo;

import com.mongodb.event.CommandListener;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.hooks.ReplicaEscalationScenario;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.FeedbackStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replicas' scenario on MongoDB: each replica (and each restarted one) has its own
 * client and stores over the same database.
 */
class MongoReplicaEscalationTest extends ReplicaEscalationScenario {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private final String database = mongo.newDatabaseName();

  @Override
  protected FeedbackStore feedbackStore() {
    return MongoFeedbackStore.builder()
        .client(mongo.newClient(new CommandListener() {}))
        .database(database)
        .build();
  }

  @Override
  protected EscalationStore escalationStore() {
    return MongoEscalationStore.builder()
        .client(mongo.newClient(new CommandListener() {}))
        .database(database)
        .build();
  }
}
