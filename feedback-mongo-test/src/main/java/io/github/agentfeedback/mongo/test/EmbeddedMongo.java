package io.github.agentfeedback.mongo.test;

import com.mongodb.client.MongoClient;
import com.mongodb.event.CommandListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MongoDB for JUnit 5 tests: one {@link MongoTestServer#start()} (the in-process server on
 * 127.0.0.1, or the server at {@code MONGODB_URI}) shared by every test class of the run and
 * stopped when the run ends.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedMongo mongo = new EmbeddedMongo();
 *
 * @Test
 * void storesFeedback() {
 *   MongoFeedbackStore store = MongoFeedbackStore.builder()
 *       .client(mongo.client()).database(mongo.newDatabaseName()).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Each call of {@link #newDatabaseName()} gives a database no other test uses; it is
 * dropped after the test, and clients made by {@link #newClient} are closed then. Register
 * it on a static field, as above: the server is looked up before the first test of the
 * class.
 *
 * <p>Thread-safe: tests of one class may run in parallel.
 */
public final class EmbeddedMongo implements BeforeAllCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedMongo.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private volatile @Nullable MongoTestServer server;
  private final List<String> databases = new ArrayList<>();
  private final List<MongoClient> clients = new ArrayList<>();

  /** Creates the extension; register it with {@code @RegisterExtension} on a static field. */
  public EmbeddedMongo() {}

  /**
   * Finds the run's server, starting it for the first test class that needs it.
   *
   * @param context the test class's context
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    // JUnit closes AutoCloseable values of the root store when the run ends.
    server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(
                MongoTestServer.class, k -> MongoTestServer.start(), MongoTestServer.class);
  }

  /**
   * Drops the databases the test asked for and closes its own clients.
   *
   * @param context the test's context
   */
  @Override
  public synchronized void afterEach(ExtensionContext context) {
    for (String db : databases) {
      server().client().getDatabase(db).drop();
    }
    databases.clear();
    clients.forEach(MongoClient::close);
    clients.clear();
  }

  /**
   * The server of the run.
   *
   * @return the server; JUnit stops it when the run ends
   * @throws IllegalStateException if the extension is not registered on a static field
   */
  public MongoTestServer server() {
    MongoTestServer s = server;
    if (s == null) {
      throw new IllegalStateException(
          "EmbeddedMongo has not started: register it with "
              + "@RegisterExtension on a static field");
    }
    return s;
  }

  /**
   * The connection string of the server.
   *
   * @return a {@code mongodb://} connection string
   */
  public String connectionString() {
    return server().connectionString();
  }

  /**
   * Whether the server is the in-process one (not {@code MONGODB_URI}).
   *
   * @return true for the in-process server
   */
  public boolean isEmbedded() {
    return server().isEmbedded();
  }

  /**
   * A client shared by all tests.
   *
   * @return the client; never close it
   */
  public MongoClient client() {
    return server().client();
  }

  /**
   * A database name no other test uses, dropped after the test.
   *
   * @return the name
   */
  public synchronized String newDatabaseName() {
    String name =
        "feedback_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    databases.add(name);
    return name;
  }

  /**
   * A client of its own that reports every command to a listener; closed after the test.
   *
   * @param listener the listener
   * @return the new client
   */
  public synchronized MongoClient newClient(CommandListener listener) {
    MongoClient c = MongoTestServer.listeningClient(connectionString(), listener);
    clients.add(c);
    return c;
  }
}
