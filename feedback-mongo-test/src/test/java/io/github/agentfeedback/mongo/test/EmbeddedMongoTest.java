package io.github.agentfeedback.mongo.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.event.CommandListener;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension: one server for the run, a test's databases and clients gone after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedMongoTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static String database;
  private static MongoClient own;

  @Test
  @Order(1)
  void aTestGetsFreshDatabasesAndClients() {
    database = mongo.newDatabaseName();
    assertThat(mongo.newDatabaseName()).isNotEqualTo(database);
    mongo.client().getDatabase(database).getCollection("c").insertOne(new Document("_id", 1));
    own = mongo.newClient(new CommandListener() {});
    assertThat(own.getDatabase(database).getCollection("c").countDocuments()).isEqualTo(1);
    assertThat(mongo.isEmbedded()).isEqualTo(MongoTestServer.externalUri() == null);
    assertThat(mongo.connectionString()).isEqualTo(mongo.server().connectionString());
  }

  @Test
  @Order(2)
  void afterTheTestItsDatabasesAreDroppedAndItsClientsClosed() {
    assertThat(mongo.client().listDatabaseNames()).doesNotContain(database);
    assertThatThrownBy(() -> own.listDatabaseNames().first())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anExtensionThatJUnitNeverStartedSaysHowToRegisterIt() {
    assertThatThrownBy(() -> new EmbeddedMongo().client())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("static field");
  }
}
