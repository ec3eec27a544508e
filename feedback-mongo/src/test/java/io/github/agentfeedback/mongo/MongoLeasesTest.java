package io.github.agentfeedback.mongo;

import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.tck.LeasesContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MongoDB leases run the kit's {@link LeasesContract}; replicas are leases on clients of
 * their own over the same database.
 */
class MongoLeasesTest extends LeasesContract {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private String database;

  @Override
  protected Leases newLeases() {
    database = mongo.newDatabaseName();
    return MongoLeases.builder().client(mongo.client()).database(database).build();
  }

  @Override
  protected Leases replica() {
    return MongoLeases.builder()
        .client(mongo.newClient(new com.mongodb.event.CommandListener() {}))
        .database(database)
        .build();
  }
}
