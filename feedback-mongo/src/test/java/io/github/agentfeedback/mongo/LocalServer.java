package io.github.agentfeedback.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-process mongo-java-server of one test's own, for tests that break or restart it
 * (the shared server of {@link EmbeddedMongo} must stay healthy). Closing it closes the
 * clients it made, then the server.
 */
final class LocalServer implements AutoCloseable {

  private final MongoServer server;
  private final int port;
  private final List<MongoClient> clients = new ArrayList<>();

  /** Starts a server on a free port of 127.0.0.1. */
  LocalServer(MongoBackend backend) {
    this(backend, 0);
  }

  /** Starts a server on the given port of 127.0.0.1 (0 for a free one). */
  LocalServer(MongoBackend backend, int port) {
    server = new MongoServer(backend);
    server.bind("127.0.0.1", port);
    this.port = server.getLocalAddress().getPort();
  }

  int port() {
    return port;
  }

  String connectionString() {
    return "mongodb://127.0.0.1:" + port;
  }

  /** A client of this server that reports its commands to a listener. */
  MongoClient client(CommandListener listener) {
    return client(connectionString(), listener);
  }

  /** A client for a connection string, closed with this server. */
  synchronized MongoClient client(String connectionString, CommandListener listener) {
    MongoClient c = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(connectionString))
        .addCommandListener(listener)
        .build());
    clients.add(c);
    return c;
  }

  /** Stops the server at once, as a crash would, keeping the clients. */
  void stop() {
    server.shutdownNow();
  }

  @Override
  public synchronized void close() {
    clients.forEach(MongoClient::close);
    server.shutdownNow();
  }
}
