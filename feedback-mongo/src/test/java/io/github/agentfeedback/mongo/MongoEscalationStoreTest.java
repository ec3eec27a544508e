package io.github.agentfeedback.mongo;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.tck.EscalationStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MongoDB escalation store runs the kit's {@link EscalationStoreContract}; its replicas
 * are stores on clients of their own over the same database.
 */
class MongoEscalationStoreTest extends EscalationStoreContract {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private String database;

  @Override
  protected EscalationStore newStore() {
    database = mongo.newDatabaseName();
    return MongoEscalationStore.builder().client(mongo.client()).database(database).build();
  }

  @Override
  protected EscalationStore replica() {
    return MongoEscalationStore.builder()
        .client(mongo.newClient(new com.mongodb.event.CommandListener() {}))
        .database(database)
        .build();
  }
}
