package io.github.agentfeedback.mongo;

import com.mongodb.event.CommandListener;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.WindowCheckContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The window check kit on MongoDB: the rules read the server's aggregations; the replicas'
 * escalation stores and leases are on clients of their own over one database.
 */
class MongoWindowCheckTest extends WindowCheckContract {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private String database;

  @Override
  protected FeedbackStore newFeedbackStore() {
    return TestStores.fresh(mongo).build();
  }

  @Override
  protected EscalationStore newEscalationStore() {
    database = mongo.newDatabaseName();
    return MongoEscalationStore.builder().client(mongo.client()).database(database).build();
  }

  @Override
  protected EscalationStore replicaEscalationStore() {
    return MongoEscalationStore.builder()
        .client(mongo.newClient(new CommandListener() {}))
        .database(database)
        .build();
  }

  @Override
  protected Leases newLeases() {
    return MongoLeases.builder().client(mongo.client()).database(database).build();
  }

  @Override
  protected Leases replicaLeases() {
    return MongoLeases.builder()
        .client(mongo.newClient(new CommandListener() {}))
        .database(database)
        .build();
  }
}
