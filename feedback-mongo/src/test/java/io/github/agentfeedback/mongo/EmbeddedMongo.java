package io.github.agentfeedback.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MongoDB server for integration tests: one in-process mongo-java-server
 * ({@link MemoryBackend}, bound to 127.0.0.1 on a free port) shared by every test class of the
 * run, or the server named by the {@code MONGODB_URI} environment variable when it is set.
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();
 * MongoFeedbackStore store = mongo.storeBuilder().build();   // fresh database
 * }</pre>
 *
 * <p>Each call of {@link #newDatabaseName()} gives a database no other test uses; it is
 * dropped after the test, and clients made by {@link #newClient} are closed then.
 */
public final class EmbeddedMongo implements BeforeAllCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedMongo.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private Server server;
  private final List<String> databases = new ArrayList<>();
  private final List<MongoClient> clients = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    server = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Server.class, k -> new Server(), Server.class);
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    for (String db : databases) {
      server.client.getDatabase(db).drop();
    }
    databases.clear();
    clients.forEach(MongoClient::close);
    clients.clear();
  }

  /** The connection string of the server. */
  public String connectionString() {
    return server.connectionString;
  }

  /** The {@code MONGODB_URI} environment variable, or null when unset or blank. */
  static String externalUri() {
    String uri = System.getenv("MONGODB_URI");
    return uri == null || uri.isBlank() ? null : uri;
  }

  /** Whether the server is the in-process one (not {@code MONGODB_URI}). */
  public boolean isEmbedded() {
    return server.embedded != null;
  }

  /** A client shared by all tests; never close it. */
  public MongoClient client() {
    return server.client;
  }

  /** A database name no other test uses, dropped after the test. */
  public synchronized String newDatabaseName() {
    String name = "feedback_test_" + ProcessHandle.current().pid() + "_"
        + DATABASES.incrementAndGet();
    databases.add(name);
    return name;
  }

  /** A store builder on the shared client and a fresh database. */
  public MongoFeedbackStore.Builder storeBuilder() {
    return MongoFeedbackStore.builder().client(client()).database(newDatabaseName());
  }

  /** A client of its own that reports every command to a listener; closed after the test. */
  public synchronized MongoClient newClient(CommandListener listener) {
    MongoClient c = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(connectionString()))
        .addCommandListener(listener)
        .build());
    clients.add(c);
    return c;
  }

  /** The server of the run; closed by JUnit when the run ends. */
  private static final class Server implements ExtensionContext.Store.CloseableResource {
    final MongoServer embedded;
    final String connectionString;
    final MongoClient client;

    Server() {
      String uri = externalUri();
      if (uri != null) {
        embedded = null;
        connectionString = uri;
      } else {
        embedded = new MongoServer(new MemoryBackend());
        embedded.bind("127.0.0.1", 0);
        InetSocketAddress address = embedded.getLocalAddress();
        connectionString = "mongodb://127.0.0.1:" + address.getPort();
      }
      client = MongoClients.create(connectionString);
    }

    @Override
    public void close() {
      client.close();
      if (embedded != null) {
        embedded.shutdownNow();
      }
    }
  }
}
