package io.github.agentfeedback.mongo;

import com.mongodb.MongoException;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.github.agentfeedback.escalation.Lease;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.mongo.internal.MongoErrors;
import io.github.agentfeedback.mongo.internal.StoreCall;
import io.github.agentfeedback.mongo.internal.StoreCall.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * {@link Leases} in a MongoDB collection (default {@value #DEFAULT_COLLECTION}), one small
 * document per lease, shared by every replica of the application:
 *
 * <pre>
 * { _id: "&lt;name&gt;", owner: "&lt;owner&gt;", expires_at: Date }
 * </pre>
 *
 * <p>Acquiring is one {@code findOneAndUpdate} with {@code upsert}, filtered on {@code {_id:
 * name, $or: [{expires_at: {$lte: now}}, {owner: owner}]}}: it updates a lease that expired
 * or that the owner holds, inserts a lease that does not exist, and, when another owner
 * holds it, tries to insert a second document with the same {@code _id}, which the unique
 * {@code _id} index refuses with a duplicate key error (read as "refused"). Two owners that
 * upsert a missing lease at once also meet that error: the loser asks once more, so that an
 * owner racing with itself (two threads of one replica) still gets its own lease. The
 * primary decides, so at most one owner holds a lease at any instant. Releasing deletes the
 * document when the owner holds it.
 *
 * <p>Thread-safe. It never closes the client it was given.
 *
 * @since 0.1.0
 */
public final class MongoLeases implements Leases {

  /** The collection unless {@link Builder#collection(String)} names another. */
  public static final String DEFAULT_COLLECTION = "leases";

  private static final FindOneAndUpdateOptions UPSERT =
      new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);

  private final MongoCollection<Document> leases;
  private final Duration timeout;

  private MongoLeases(Builder b, MongoClient client, String database) {
    this.leases =
        client
            .getDatabase(database)
            .getCollection(b.collection)
            .withReadPreference(ReadPreference.primary());
    this.timeout = b.operationTimeout;
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private <T> T call(String operation, StoreCall.Body<T> body) {
    return StoreCall.of(operation, null, null, timeout, Budget.WHOLE_OPERATION).run(body);
  }

  @Override
  public boolean tryAcquire(String name, String owner, Duration duration, Instant now) {
    Lease wanted = Lease.of(name, owner, duration, now);
    Bson filter =
        Filters.and(
            Filters.eq("_id", name),
            Filters.or(
                Filters.lte("expires_at", Date.from(Lease.millis(now))),
                Filters.eq("owner", owner)));
    Bson update =
        Updates.combine(
            Updates.set("owner", owner), Updates.set("expires_at", Date.from(wanted.expiresAt())));
    return call(
        "tryAcquire",
        c -> {
          for (int attempt = 1; ; attempt++) {
            try {
              Document after = c.on(leases).findOneAndUpdate(filter, update, UPSERT);
              return after != null && owner.equals(after.getString("owner"));
            } catch (MongoException e) {
              if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
              }
              if (attempt == 2) {
                return false; // another owner holds the lease
              }
            }
          }
        });
  }

  @Override
  public boolean release(String name, String owner) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    return call(
        "release",
        c ->
            c.on(leases)
                    .deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner)))
                    .getDeletedCount()
                > 0);
  }

  @Override
  public Optional<Lease> find(String name) {
    Objects.requireNonNull(name, "name");
    return call(
        "find",
        c -> {
          Document d = c.on(leases).find(Filters.eq("_id", name)).first();
          return d == null
              ? Optional.empty()
              : Optional.of(
                  new Lease(name, d.getString("owner"), d.getDate("expires_at").toInstant()));
        });
  }

  @Override
  public String toString() {
    return "MongoLeases[" + leases.getNamespace() + "]";
  }

  /**
   * Configures {@link MongoLeases}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable MongoClient client;
    private @Nullable String database;
    private String collection = DEFAULT_COLLECTION;
    private Duration operationTimeout = MongoFeedbackStore.DEFAULT_OPERATION_TIMEOUT;

    private Builder() {}

    /**
     * The client, owned by the caller and never closed by the leases. Required.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(MongoClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The database. Required.
     *
     * @param database its name
     * @return this builder
     */
    public Builder database(String database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /**
     * The collection; {@value #DEFAULT_COLLECTION} unless set.
     *
     * @param collection its name
     * @return this builder
     */
    public Builder collection(String collection) {
      this.collection = Objects.requireNonNull(collection, "collection");
      return this;
    }

    /**
     * The time all round trips of one call together may take; as the feedback store's
     * default unless set.
     *
     * @param timeout at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if shorter than one millisecond
     */
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout = StoreCall.timeout(timeout, "operationTimeout");
      return this;
    }

    /**
     * Builds the leases; they need no index beyond {@code _id}'s.
     *
     * @return the leases
     * @throws NullPointerException naming {@code client} or {@code database} if not set
     */
    public MongoLeases build() {
      return new MongoLeases(
          this,
          Objects.requireNonNull(client, "client"),
          Objects.requireNonNull(database, "database"));
    }
  }
}
