package io.github.agentfeedback.mongo.test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A MongoDB to test against: the server named by the {@code MONGODB_URI} environment
 * variable, or else an in-process MongoDB wire-protocol server (mongo-java-server) bound to
 * 127.0.0.1 on a free port, which lives as long as this object.
 *
 * <pre>{@code
 * try (MongoTestServer mongo = MongoTestServer.start()) {
 *   MongoFeedbackStore store = MongoFeedbackStore.builder()
 *       .client(mongo.client()).database("test").build();
 *   ...
 * }
 * }</pre>
 *
 * <p>The in-process server keeps its data in memory ({@link #start()},
 * {@link #startEmbedded()}) or in the backend given ({@link #startEmbedded(MongoBackend)}:
 * a file-backed {@code H2Backend} survives a restart on the same port). It speaks the
 * wire protocol to the real driver, and supports what the agent-feedback stores use; it has
 * no {@code $dateTrunc}, transactions or change streams.
 *
 * <p>For JUnit 5 tests, {@link EmbeddedMongo} shares one server between all test classes
 * of a run and gives each test fresh databases.
 *
 * <p>Thread-safe: the clients may be used from any thread; {@link #close()} and
 * {@link #stop()} may be called more than once.
 */
public final class MongoTestServer implements AutoCloseable {

  /** The environment variable naming a MongoDB to use instead of the in-process one. */
  public static final String URI_VARIABLE = "MONGODB_URI";

  private final @Nullable MongoServer embedded; // null for the server at MONGODB_URI
  private final int port;
  private final String connectionString;
  private final List<MongoClient> clients = new ArrayList<>();
  private @Nullable MongoClient client;
  private boolean stopped;

  private MongoTestServer(@Nullable MongoServer embedded, int port, String connectionString) {
    this.embedded = embedded;
    this.port = port;
    this.connectionString = connectionString;
  }

  /**
   * Uses the server at {@code MONGODB_URI} when the variable is set, otherwise starts an
   * in-process server with an in-memory backend on a free port of 127.0.0.1.
   *
   * @return the running server
   */
  public static MongoTestServer start() {
    String uri = externalUri();
    return uri != null ? new MongoTestServer(null, -1, uri) : startEmbedded();
  }

  /**
   * Starts an in-process server with an in-memory backend on a free port of 127.0.0.1,
   * whatever {@code MONGODB_URI} says: for tests that stop the server or that need what only
   * the in-process server offers.
   *
   * @return the running server
   */
  public static MongoTestServer startEmbedded() {
    return startEmbedded(new MemoryBackend());
  }

  /**
   * Starts an in-process server with the given backend on a free port of 127.0.0.1.
   *
   * @param backend where the server keeps its data, such as an {@code H2Backend} on a file,
   *     or a backend of the test's own that fails on purpose
   * @return the running server
   */
  public static MongoTestServer startEmbedded(MongoBackend backend) {
    return startEmbedded(backend, 0);
  }

  /**
   * Starts an in-process server with the given backend on a port of 127.0.0.1.
   *
   * @param backend where the server keeps its data, such as a {@code MemoryBackend}, or an
   *     {@code H2Backend} on a file to restart with the same data
   * @param port the port, or 0 for a free one
   * @return the running server
   * @throws IllegalArgumentException if the port is outside 0–65535
   */
  public static MongoTestServer startEmbedded(MongoBackend backend, int port) {
    Objects.requireNonNull(backend, "backend");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
    }
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", port);
    int bound = server.getLocalAddress().getPort();
    return new MongoTestServer(server, bound, "mongodb://127.0.0.1:" + bound);
  }

  /**
   * The {@code MONGODB_URI} environment variable.
   *
   * @return its value, or {@code null} when it is unset or blank
   */
  public static @Nullable String externalUri() {
    String uri = System.getenv(URI_VARIABLE);
    return uri == null || uri.isBlank() ? null : uri;
  }

  /**
   * The connection string to give the driver.
   *
   * @return a {@code mongodb://} connection string
   */
  public String connectionString() {
    return connectionString;
  }

  /**
   * Whether the server is the in-process one (not the one at {@code MONGODB_URI}).
   *
   * @return true for the in-process server
   */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /**
   * The port of the in-process server, also after {@link #stop()}: to start a server on
   * the same port again.
   *
   * @return the port
   * @throws IllegalStateException if the server is the one at {@code MONGODB_URI}
   */
  public int port() {
    if (embedded == null) {
      throw new IllegalStateException("the server at " + URI_VARIABLE + " has no port of ours");
    }
    return port;
  }

  /**
   * Says which server is used, for a console.
   *
   * @return "MongoDB at MONGODB_URI" or "embedded MongoDB wire server mongodb://..."
   */
  public String describe() {
    return embedded == null
        ? "MongoDB at " + URI_VARIABLE
        : "embedded MongoDB wire server " + connectionString;
  }

  /**
   * A client of this server, made on first use and shared; closed by {@link #close()}.
   *
   * @return the client; never close it yourself
   */
  public synchronized MongoClient client() {
    MongoClient c = client;
    if (c == null) {
      c = MongoClients.create(connectionString);
      clients.add(c);
      client = c;
    }
    return c;
  }

  /**
   * A client of its own that reports every command it sends to a listener; closed by
   * {@link #close()}.
   *
   * @param listener the listener
   * @return the new client
   */
  public MongoClient newClient(CommandListener listener) {
    return newClient(connectionString, listener);
  }

  /**
   * A client for another connection string (a proxy in front of this server, or this
   * server with options such as {@code /?w=0}) that reports its commands to a listener;
   * closed by {@link #close()}.
   *
   * @param connectionString the connection string
   * @param listener the listener
   * @return the new client
   */
  public synchronized MongoClient newClient(String connectionString, CommandListener listener) {
    Objects.requireNonNull(connectionString, "connectionString");
    MongoClient c = listeningClient(connectionString, listener);
    clients.add(c);
    return c;
  }

  /** A new client that reports its commands to a listener. */
  static MongoClient listeningClient(String connectionString, CommandListener listener) {
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(connectionString))
            .addCommandListener(Objects.requireNonNull(listener, "listener"))
            .build());
  }

  /**
   * Stops the in-process server at once, as a crash would, and keeps the clients, which
   * then fail until a server listens on the port again. Does nothing for the server at
   * {@code MONGODB_URI}, or when the server has stopped already.
   */
  public synchronized void stop() {
    if (embedded != null && !stopped) {
      stopped = true; // a second shutdownNow would wait forever for the closed event loop
      embedded.shutdownNow();
    }
  }

  /** Closes the clients this object made, then stops the in-process server, if any. */
  @Override
  public synchronized void close() {
    clients.forEach(MongoClient::close);
    clients.clear();
    client = null;
    stop();
  }
}
