package io.github.agentfeedback.mongo.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain API: an in-process server that clients reach, restart and close. */
class MongoTestServerTest {

  @TempDir Path dir;

  @Test
  void embeddedServerAnswersOn127001AndClosesItsClients() {
    List<String> commands = new ArrayList<>();
    MongoClient own;
    try (MongoTestServer server = MongoTestServer.startEmbedded()) {
      assertThat(server.isEmbedded()).isTrue();
      assertThat(server.connectionString()).isEqualTo("mongodb://127.0.0.1:" + server.port());
      assertThat(server.describe())
          .isEqualTo("embedded MongoDB wire server " + server.connectionString());
      assertThat(server.client()).isSameAs(server.client());
      server.client().getDatabase("t").getCollection("c").insertOne(new Document("_id", 1));
      own =
          server.newClient(
              new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                  commands.add(event.getCommandName());
                }
              });
      assertThat(own.getDatabase("t").getCollection("c").countDocuments()).isEqualTo(1);
      assertThat(commands).contains("aggregate");
    }
    assertThatThrownBy(() -> own.getDatabase("t").getCollection("c").countDocuments())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFileBackedServerRestartsOnItsPortWithItsData() {
    String file = dir.resolve("data.mv").toString();
    try (MongoTestServer first = MongoTestServer.startEmbedded(new H2Backend(file), 0)) {
      first.client().getDatabase("t").getCollection("c").insertOne(new Document("_id", 7));
      first.stop();
      try (MongoTestServer second =
          MongoTestServer.startEmbedded(new H2Backend(file), first.port())) {
        // The first server's client reaches the new server on the same port.
        MongoCollection<Document> c = first.client().getDatabase("t").getCollection("c");
        assertThat(c.find().first()).isEqualTo(new Document("_id", 7));
        assertThat(second.connectionString()).isEqualTo(first.connectionString());
      }
    }
  }

  @Test
  void aStoppedServerFailsItsClients() {
    try (MongoTestServer server = MongoTestServer.startEmbedded()) {
      MongoClient client =
          MongoTestServer.listeningClient(
              server.connectionString() + "/?serverSelectionTimeoutMS=200&connectTimeoutMS=200",
              new CommandListener() {});
      try (client) {
        server.stop();
        assertThatThrownBy(() -> client.getDatabase("t").runCommand(new Document("ping", 1)))
            .isInstanceOf(MongoException.class);
      }
    }
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> MongoTestServer.startEmbedded(new MemoryBackend(), 70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> MongoTestServer.startEmbedded(null, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("backend");
    try (MongoTestServer server = MongoTestServer.startEmbedded()) {
      assertThatThrownBy(() -> server.newClient(null)).hasMessage("listener");
    }
  }
}
