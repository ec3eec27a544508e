package io.github.agentfeedback.mongo;

import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import io.github.agentfeedback.mongo.internal.Clients;
import io.github.agentfeedback.mongo.internal.DriverSupport;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link MongoFeedbackStore}s that share one {@link MongoClient}: the Java form of the
 * Python library's session manager factory, for applications that build a
 * {@link io.github.agentfeedback.capture.FeedbackManager} per tenant, database or collection but want
 * one connection pool.
 *
 * <pre>{@code
 * MongoFeedbackStores stores = MongoFeedbackStores.builder()
 *     .connectionString("mongodb://db:27017")   // or .client(existingClient)
 *     .database("chat_db")
 *     .build();                                  // at start-up
 * FeedbackManager a = FeedbackManager.builder().store(stores.store()).build();
 * FeedbackManager b = FeedbackManager.builder().store(stores.store("archive_sessions")).build();
 * stores.close();                                // at shut-down
 * }</pre>
 *
 * <p>Stores made here never close the shared client; {@link #close()} closes it if the
 * factory created it from a connection string, and leaves a client given to the builder
 * open. There is no global instance: hold the factory where the application keeps its
 * other singletons (a DI container, the main class) so tests can replace it.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class MongoFeedbackStores implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MongoFeedbackStores.class);

  private final MongoClient client;
  private final boolean ownsClient;
  private final MongoFeedbackStore.Builder template;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MongoFeedbackStores(
      MongoClient client, boolean ownsClient, MongoFeedbackStore.Builder template) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.template = template.client(client);
  }

  /**
   * A builder; a client or a connection string, and a default database, are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A store on the default database and collection, with the factory's settings.
   *
   * @return a new store sharing the factory's client
   * @throws IllegalStateException if the factory is closed
   */
  public MongoFeedbackStore store() {
    return storeBuilder().build();
  }

  /**
   * A store on another collection of the default database.
   *
   * @param collection the collection name
   * @return a new store sharing the factory's client
   * @throws IllegalStateException if the factory is closed
   */
  public MongoFeedbackStore store(String collection) {
    return storeBuilder().collection(collection).build();
  }

  /**
   * A store on another database and collection.
   *
   * @param database the database name
   * @param collection the collection name
   * @return a new store sharing the factory's client
   * @throws IllegalStateException if the factory is closed
   */
  public MongoFeedbackStore store(String database, String collection) {
    return storeBuilder().database(database).collection(collection).build();
  }

  /**
   * A store builder preset with the shared client and the factory's settings, to override
   * some of them (such as the retention cap) for one store. Changing its client makes a
   * store that no longer shares the factory's.
   *
   * @return a new builder
   * @throws IllegalStateException if the factory is closed
   */
  public MongoFeedbackStore.Builder storeBuilder() {
    if (closed.get()) {
      throw new IllegalStateException("this MongoFeedbackStores is closed");
    }
    // The template is never changed after construction; each caller gets its own copy.
    return template.copy();
  }

  /**
   * The default database of the stores it makes: where the application's other parts that
   * share the client (escalations, leases) keep their collections too.
   *
   * @return the database name
   */
  public String database() {
    return template.databaseName();
  }

  /**
   * The shared client.
   *
   * @return the client; owned by the factory when it was built from a connection string
   */
  public MongoClient client() {
    return client;
  }

  /**
   * Closes the shared client if the factory created it; stores made by the factory stop
   * working then. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
      log.debug("Closed the shared MongoDB client");
    }
  }

  /**
   * Configures {@link MongoFeedbackStores}. The settings become the defaults of every store
   * made. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable MongoClient client;
    private @Nullable String connectionString;
    private @Nullable Duration serverSelectionTimeout;
    private final MongoFeedbackStore.Builder template = MongoFeedbackStore.builder();

    private Builder() {}

    /**
     * Shares a client the caller owns; {@link MongoFeedbackStores#close()} leaves it open.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(MongoClient client) {
      this.client = Objects.requireNonNull(client, "client");
      this.connectionString = null;
      return this;
    }

    /**
     * Creates the shared client from a connection string; the factory owns and closes it.
     *
     * @param connectionString a {@code mongodb://} or {@code mongodb+srv://} string
     * @return this builder
     */
    public Builder connectionString(String connectionString) {
      this.connectionString = Objects.requireNonNull(connectionString, "connectionString");
      this.client = null;
      return this;
    }

    /**
     * Server selection timeout of a client created from a connection string.
     *
     * @param timeout a duration of at least one millisecond
     * @return this builder
     * @see MongoFeedbackStore.Builder#serverSelectionTimeout(Duration)
     */
    public Builder serverSelectionTimeout(Duration timeout) {
      template.serverSelectionTimeout(timeout);
      this.serverSelectionTimeout = timeout;
      return this;
    }

    /**
     * The default database. Required.
     *
     * @param database the database name
     * @return this builder
     */
    public Builder database(String database) {
      template.database(database);
      return this;
    }

    /**
     * The default collection; defaults to {@value MongoFeedbackStore#DEFAULT_COLLECTION}.
     *
     * @param collection the collection name
     * @return this builder
     */
    public Builder collection(String collection) {
      template.collection(collection);
      return this;
    }

    /**
     * The stores' write concern.
     *
     * @param writeConcern an acknowledged write concern
     * @return this builder
     * @see MongoFeedbackStore.Builder#writeConcern(WriteConcern)
     */
    public Builder writeConcern(WriteConcern writeConcern) {
      template.writeConcern(writeConcern);
      return this;
    }

    /**
     * The stores' read preference.
     *
     * @param readPreference the read preference
     * @return this builder
     * @see MongoFeedbackStore.Builder#readPreference(ReadPreference)
     */
    public Builder readPreference(ReadPreference readPreference) {
      template.readPreference(readPreference);
      return this;
    }

    /**
     * The stores' retention cap.
     *
     * @param max a positive cap, or 0 for none
     * @return this builder
     * @see MongoFeedbackStore.Builder#maxFeedbacksPerSession(int)
     */
    public Builder maxFeedbacksPerSession(int max) {
      template.maxFeedbacksPerSession(max);
      return this;
    }

    /**
     * Metadata keys the stores index.
     *
     * @param fields metadata keys
     * @return this builder
     * @see MongoFeedbackStore.Builder#metadataIndexFields(Collection)
     */
    public Builder metadataIndexFields(Collection<String> fields) {
      template.metadataIndexFields(fields);
      return this;
    }

    /**
     * The stores' clock.
     *
     * @param clock the clock
     * @return this builder
     * @see MongoFeedbackStore.Builder#clock(Clock)
     */
    public Builder clock(Clock clock) {
      template.clock(clock);
      return this;
    }

    /**
     * The stores' stream batch size.
     *
     * @param batchSize a positive size
     * @return this builder
     * @see MongoFeedbackStore.Builder#batchSize(int)
     */
    public Builder batchSize(int batchSize) {
      template.batchSize(batchSize);
      return this;
    }

    /**
     * The stores' bulk write size.
     *
     * @param size from 1 to {@value MongoFeedbackStore#MAX_BULK_WRITE_SIZE}
     * @return this builder
     * @see MongoFeedbackStore.Builder#bulkWriteSize(int)
     */
    public Builder bulkWriteSize(int size) {
      template.bulkWriteSize(size);
      return this;
    }

    /**
     * The stores' operation timeout.
     *
     * @param timeout a positive duration of at least one millisecond
     * @return this builder
     * @see MongoFeedbackStore.Builder#operationTimeout(Duration)
     */
    public Builder operationTimeout(Duration timeout) {
      template.operationTimeout(timeout);
      return this;
    }

    /**
     * The stores' session defaults.
     *
     * @param defaults the defaults
     * @return this builder
     * @see MongoFeedbackStore.Builder#sessionDefaults(SessionDefaults)
     */
    public Builder sessionDefaults(SessionDefaults defaults) {
      template.sessionDefaults(defaults);
      return this;
    }

    /**
     * Builds the factory; with a connection string, this creates the shared client.
     *
     * @return the factory
     * @throws IllegalStateException if neither a client nor a connection string, or no
     *     database, was set, or if the MongoDB driver on the class path is older than
     *     {@value io.github.agentfeedback.mongo.internal.DriverSupport#MINIMUM_VERSION}
     * @throws IllegalArgumentException if the write concern (of the builder, the client or
     *     the connection string) is unacknowledged, or the connection string is malformed
     */
    public MongoFeedbackStores build() {
      DriverSupport.check();
      MongoFeedbackStore.Builder defaults = template.copy();
      if (client != null) {
        defaults.validate();
        defaults.checkAcknowledged(client);
        return new MongoFeedbackStores(client, false, defaults);
      }
      if (connectionString == null) {
        throw new IllegalStateException("set client(MongoClient) or connectionString(String)");
      }
      defaults.validate();
      MongoClient owned = Clients.create(connectionString, serverSelectionTimeout);
      try {
        defaults.checkAcknowledged(owned);
        return new MongoFeedbackStores(owned, true, defaults);
      } catch (RuntimeException e) {
        owned.close();
        throw e;
      }
    }
  }
}
