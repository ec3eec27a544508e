package io.github.agentfeedback.mongo;

import com.mongodb.event.CommandListener;
import io.github.agentfeedback.hooks.TriageFiguresScenario;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.FeedbackStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The triage figures on MongoDB: counts and trends by category computed by the database. */
class MongoTriageFiguresTest extends TriageFiguresScenario {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private final String database = mongo.newDatabaseName();

  @Override
  protected FeedbackStore store() {
    return MongoFeedbackStore.builder()
        .client(mongo.newClient(new CommandListener() {}))
        .database(database)
        .build();
  }
}
