package io.github.agentfeedback.examples;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Where the examples find MongoDB: the server named by the {@code MONGODB_URI} environment
 * variable, or else an in-process MongoDB wire-protocol server on 127.0.0.1 that lives as
 * long as this object.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private final MongoServer server;
  private final String connectionString;

  private EmbeddedMongo(MongoServer server, String connectionString) {
    this.server = server;
    this.connectionString = connectionString;
  }

  /**
   * Uses {@code MONGODB_URI} when set, otherwise starts an in-memory server on a free port.
   *
   * @return the running server's handle
   */
  public static EmbeddedMongo start() {
    String uri = System.getenv("MONGODB_URI");
    if (uri != null && !uri.isBlank()) {
      return new EmbeddedMongo(null, uri);
    }
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    return new EmbeddedMongo(server, server.getConnectionString());
  }

  /**
   * The connection string to give the MongoDB driver.
   *
   * @return a {@code mongodb://} connection string
   */
  public String connectionString() {
    return connectionString;
  }

  /**
   * Says which server is used.
   *
   * @return a short description for the console
   */
  public String describe() {
    return server == null ? "MongoDB at MONGODB_URI" : "embedded MongoDB wire server " + connectionString;
  }

  /** Stops the embedded server, if one was started. */
  @Override
  public void close() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
