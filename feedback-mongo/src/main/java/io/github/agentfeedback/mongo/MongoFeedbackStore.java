package io.github.agentfeedback.mongo;

import com.mongodb.MongoException;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStats;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.Values;
import io.github.agentfeedback.mongo.internal.BsonValues;
import io.github.agentfeedback.mongo.internal.Clients;
import io.github.agentfeedback.mongo.internal.FeedbackCodec;
import io.github.agentfeedback.mongo.internal.FeedbackList;
import io.github.agentfeedback.mongo.internal.MongoErrors;
import io.github.agentfeedback.mongo.internal.Pipelines;
import io.github.agentfeedback.mongo.internal.Schema;
import io.github.agentfeedback.mongo.internal.UnwoundFeedbackCodec;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonSerializationException;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FeedbackStore} that keeps each session's feedback as an array on the session's
 * MongoDB document, in the shape the Python mongodb-session-manager writes, so both can
 * share a collection.
 *
 * <pre>{@code
 * MongoFeedbackStore store = MongoFeedbackStore.builder()
 *     .client(mongoClient)            // caller-owned: close() leaves it open
 *     .database("chat_db")            // collection defaults to "sessions"
 *     .build();
 * store.ensureIndexes();              // explicit and idempotent
 * }</pre>
 *
 * <p>Document: {@code {_id: <session id>, session_id, created_at, updated_at, metadata: {..},
 * feedbacks: [..]}}; timestamps are BSON dates. Fields this store does not own
 * ({@code agents}, {@code session_viewer_password}, {@code guardrail_events}, ...) are never
 * read, rewritten or removed.
 *
 * <p>Writes:
 * <ul>
 *   <li>{@link #append} is one round trip, an upsert
 *       {@code updateOne({_id: s, "feedbacks.id": {$ne: id}}, {$push: {feedbacks: f},
 *       $set: {updated_at}, $setOnInsert: {session_id, created_at}})}. When the session
 *       already holds the id the filter matches nothing and the upsert's insert fails with a
 *       duplicate key on {@code _id}; the store then repeats the upsert once, because the
 *       same error also arises when two first feedbacks create the session concurrently. A
 *       second duplicate key means the id is stored: {@code created() == false}, no copy.
 *       So a new feedback costs one round trip and a replayed one two.
 *   <li>{@link #delete} is a {@code $pull} by id, {@link #eraseUser} one {@code updateMany}
 *       with {@code $pull} (after one aggregation that counts what it will remove), metadata
 *       changes are {@code $set}/{@code $unset} of {@code metadata.<key>}.
 * </ul>
 *
 * <p>Reads: {@link #list} projects only {@code feedbacks}; {@link #stream} runs an
 * aggregation ({@code $unwind}) through a cursor with a configurable batch size, so client
 * memory stays constant; {@link #stats} runs one aggregation with {@code $facet} and
 * receives one small document of sums, folded by the same accumulator as the in-memory
 * store, so both give equal {@link FeedbackStats} for equal data.
 *
 * <p>Reading never fails on documents written by other tools:
 * <ul>
 *   <li>Feedback without {@code id} (the Python library writes none) is read with a
 *       {@code null} id; no id is invented, since one derived from the array position would
 *       change when the array does. It is listed, streamed and counted, but cannot be
 *       deleted by id.
 *   <li>A {@code rating} other than {@code "up"} or {@code "down"} (null, missing, anything
 *       else) is {@link io.github.agentfeedback.Rating#NEUTRAL}, in reads, stream filters
 *       and statistics alike.
 *   <li>Unknown keys (such as {@code _validated_at}) become attributes. BSON types the model
 *       lacks are converted: ObjectId to its hex text, Decimal128 to a double, a non-finite
 *       number to its text, binary data to Base64 (a UUID to its text), a BSON timestamp to
 *       an instant; nulls are dropped, as are keys starting with {@code $} or holding
 *       {@code .}; nesting deeper than the model allows becomes JSON text.
 *   <li>{@code created_at} stored as ISO-8601 text is parsed (no offset means UTC); such
 *       feedback is left out of the hour and day counts of {@link #stats}, which group BSON
 *       dates only.
 *   <li>Values of known fields that break the model's rules (a blank id, a dimension rating
 *       of 9, a score outside its scale) are dropped rather than failing the read.
 * </ul>
 *
 * <p>Query criteria on metadata use MongoDB equality: a stored array matches a query value
 * it contains.
 *
 * <p>Errors: driver exceptions become {@link FeedbackStoreException} naming the operation,
 * session and feedback, with {@link FeedbackStoreException#retrySafe()} set for network
 * errors, timeouts and elections. A session document that would exceed MongoDB's 16 MB
 * limit fails with a message that says so and points to
 * {@link Builder#maxFeedbacksPerSession(int)}. An unreachable server fails after the
 * client's server selection timeout; it never hangs.
 *
 * <p>Thread-safe: share one store (and one {@link MongoClient}) across the application.
 * {@link #close()} closes the client only if the store created it from a connection string.
 *
 * @since 0.1.0
 */
public final class MongoFeedbackStore implements FeedbackStore {

  private static final Logger log = LoggerFactory.getLogger(MongoFeedbackStore.class);

  /** The sessions collection used when none is configured. */
  public static final String DEFAULT_COLLECTION = "sessions";

  /** Cursor batch size used by {@link #stream} when none is configured. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
  private static final UpdateOptions NO_UPSERT = new UpdateOptions();

  private final MongoClient client;
  private final boolean ownsClient;
  private final MongoCollection<Document> sessions;
  private final MongoCollection<BsonDocument> documents;
  private final MongoCollection<BsonDocument> primaryDocuments;
  private final MongoCollection<FeedbackList> feedbackLists;
  private final MongoCollection<SessionFeedback> unwound;
  private final int maxFeedbacksPerSession;
  private final List<String> metadataIndexFields;
  private final Clock clock;
  private final int batchSize;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MongoFeedbackStore(Builder b, MongoClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    FeedbackCodec feedbackCodec = new FeedbackCodec();
    MongoCollection<Document> base = client.getDatabase(b.database).getCollection(b.collection);
    CodecRegistry registry = CodecRegistries.fromRegistries(
        CodecRegistries.fromCodecs(feedbackCodec, new FeedbackList.ListCodec(feedbackCodec),
            new UnwoundFeedbackCodec(feedbackCodec)),
        base.getCodecRegistry());
    base = base.withCodecRegistry(registry);
    if (b.writeConcern != null) {
      base = base.withWriteConcern(b.writeConcern);
    }
    if (b.readPreference != null) {
      base = base.withReadPreference(b.readPreference);
    }
    this.sessions = base;
    this.documents = base.withDocumentClass(BsonDocument.class);
    this.primaryDocuments = documents.withReadPreference(ReadPreference.primary());
    this.feedbackLists = base.withDocumentClass(FeedbackList.class);
    this.unwound = base.withDocumentClass(SessionFeedback.class);
    this.maxFeedbacksPerSession = b.maxFeedbacksPerSession;
    this.metadataIndexFields = List.copyOf(b.metadataIndexFields);
    this.clock = b.clock;
    this.batchSize = b.batchSize;
  }

  /**
   * A builder; a client or a connection string, and a database, are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One upsert for a new feedback. A feedback without a creation time gets the store's
   * clock's instant. With a retention cap, the oldest feedbacks beyond the cap are dropped
   * in the same update; the idempotency check then covers only the feedbacks kept.
   *
   * @throws InvalidFeedbackException if the session id is invalid or the feedback has no id
   * @throws SessionNotFoundException if the session does not exist and the policy is
   *     {@link UnknownSessionPolicy#REFUSE}
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public FeedbackResult append(String sessionId, Feedback feedback, UnknownSessionPolicy policy) {
    Checks.appendable(sessionId, feedback);
    Objects.requireNonNull(policy, "policy");
    Feedback f = feedback.createdAt() == null ? feedback.withCreatedAt(clock.instant()) : feedback;
    Date now = Date.from(clock.instant());
    Document filter = new Document(Schema.ID, sessionId)
        .append(Schema.feedbackPath(Schema.F_ID), new Document("$ne", f.id()));
    Object pushed = maxFeedbacksPerSession > 0
        ? new Document("$each", List.of(f)).append("$slice", -maxFeedbacksPerSession)
        : f;
    Document update = new Document("$push", new Document(Schema.FEEDBACKS, pushed))
        .append("$set", new Document(Schema.UPDATED_AT, now));
    try {
      return policy == UnknownSessionPolicy.CREATE
          ? appendOrCreate(sessionId, f, filter,
              update.append("$setOnInsert", new Document(Schema.SESSION_ID, sessionId)
                  .append(Schema.CREATED_AT, now)))
          : appendToExisting(sessionId, f, filter, update);
    } catch (MongoException | BsonSerializationException e) {
      throw MongoErrors.translate(e, "append", sessionId, f.id());
    }
  }

  private FeedbackResult appendOrCreate(
      String sessionId, Feedback f, Document filter, Document update) {
    try {
      sessions.updateOne(filter, update, UPSERT);
      return FeedbackResult.created(f);
    } catch (MongoException e) {
      if (!MongoErrors.isDuplicateKey(e)) {
        throw e;
      }
    }
    // Either the id is stored, or another writer created the session between our filter
    // and our insert. Now the session exists, so a second duplicate key means the id is.
    try {
      sessions.updateOne(filter, update, UPSERT);
      log.debug("Feedback {} stored in session {} after a concurrent session creation",
          f.id(), sessionId);
      return FeedbackResult.created(f);
    } catch (MongoException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        return FeedbackResult.duplicate(f);
      }
      throw e;
    }
  }

  private FeedbackResult appendToExisting(
      String sessionId, Feedback f, Document filter, Document update) {
    for (int attempt = 0; attempt < 3; attempt++) {
      if (sessions.updateOne(filter, update, NO_UPSERT).getMatchedCount() > 0) {
        return FeedbackResult.created(f);
      }
      // Rare path: no session, or the id is already stored. One read decides.
      BsonDocument found = primaryDocuments.find(idFilter(sessionId))
          .projection(new BsonDocument(Schema.ID, new BsonInt32(1)).append(Schema.FEEDBACKS,
              new BsonDocument("$elemMatch",
                  new BsonDocument(Schema.F_ID, new BsonString(f.id())))))
          .first();
      if (found == null) {
        throw new SessionNotFoundException(sessionId);
      }
      BsonValue match = found.get(Schema.FEEDBACKS);
      if (match != null && match.isArray() && !match.asArray().isEmpty()) {
        return FeedbackResult.duplicate(f);
      }
      // The session was created after our update looked for it: try again.
    }
    throw new FeedbackStoreException("the session changed concurrently three times; retry",
        "append", sessionId, f.id(), true, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Projects only {@code feedbacks}. Feedback written without an {@code id} (by the
   * Python library) is listed with a {@code null} id.
   *
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public List<Feedback> list(String sessionId) {
    Checks.sessionId(sessionId);
    try {
      FeedbackList found = feedbackLists.find(idFilter(sessionId))
          .projection(new BsonDocument(Schema.FEEDBACKS, new BsonInt32(1))
              .append(Schema.ID, new BsonInt32(0)))
          .first();
      return found == null ? List.of() : found.feedbacks();
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "list", sessionId, null);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs one aggregation ({@code $match}, {@code $sort} by session id, {@code $unwind})
   * and reads it through a cursor in batches of the configured size. The aggregation starts
   * when this method is called; close the stream to close the cursor.
   *
   * @throws FeedbackStoreException if MongoDB fails, now or while the stream is consumed
   */
  @Override
  public Stream<SessionFeedback> stream(FeedbackQuery query) {
    Objects.requireNonNull(query, "query");
    MongoCursor<SessionFeedback> cursor;
    try {
      cursor = unwound.aggregate(Pipelines.stream(query)).batchSize(batchSize).cursor();
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "stream", null, null);
    }
    Iterator<SessionFeedback> iterator = new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return cursor.hasNext();
        } catch (MongoException e) {
          throw MongoErrors.translate(e, "stream", null, null);
        }
      }

      @Override
      public SessionFeedback next() {
        try {
          return cursor.next();
        } catch (MongoException e) {
          throw MongoErrors.translate(e, "stream", null, null);
        }
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
            Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(cursor::close);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One primary read of the stored feedback's creation time, then one update that
   * replaces the array element in place ({@code $set} of {@code feedbacks.$}) and sets the
   * session's {@code updated_at}. The creation time never changes once stored, so reading
   * it first does not weaken the replacement: concurrent replacements leave the last one.
   * The whole sub-document is replaced: keys other tools added to it are kept only if the
   * new feedback carries them (reads turn them into attributes).
   *
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public FeedbackResult replace(String sessionId, Feedback feedback) {
    Checks.appendable(sessionId, feedback);
    BsonDocument filter = elementFilter(sessionId, feedback.id());
    try {
      BsonDocument found = primaryDocuments.find(filter)
          .projection(new BsonDocument(Schema.ID, new BsonInt32(0)).append(Schema.FEEDBACKS,
              new BsonDocument("$elemMatch",
                  new BsonDocument(Schema.F_ID, new BsonString(feedback.id())))))
          .first();
      BsonValue elements = found == null ? null : found.get(Schema.FEEDBACKS);
      if (elements == null || !elements.isArray() || elements.asArray().isEmpty()
          || !elements.asArray().get(0).isDocument()) {
        return FeedbackResult.notFound(feedback);
      }
      BsonValue storedAt = elements.asArray().get(0).asDocument().get(Schema.F_CREATED_AT);
      java.time.Instant createdAt = storedAt == null ? null : FeedbackCodec.instant(storedAt);
      Feedback kept = createdAt == null ? feedback : feedback.withCreatedAt(createdAt);
      UpdateResult r = sessions.updateOne(filter, new Document("$set",
          new Document(Schema.FEEDBACKS + ".$", kept)
              .append(Schema.UPDATED_AT, Date.from(clock.instant()))));
      return r.getMatchedCount() > 0
          ? FeedbackResult.replaced(kept) : FeedbackResult.notFound(feedback);
    } catch (MongoException | BsonSerializationException e) {
      throw MongoErrors.translate(e, "replace", sessionId, feedback.id());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One update: {@code $set} of {@code feedbacks.$.review} and the session's
   * {@code updated_at}.
   *
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public boolean review(String sessionId, String feedbackId, Review review) {
    Checks.sessionId(sessionId);
    Checks.idArgument("feedbackId", feedbackId);
    Objects.requireNonNull(review, "review");
    BsonDocument update = new BsonDocument("$set",
        new BsonDocument(Schema.FEEDBACKS + ".$." + Schema.F_REVIEW, FeedbackCodec.review(review))
            .append(Schema.UPDATED_AT, now()));
    try {
      return documents.updateOne(elementFilter(sessionId, feedbackId), update)
          .getMatchedCount() > 0;
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "review", sessionId, feedbackId);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code $pull} by id, which also sets {@code updated_at}.
   *
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public boolean delete(String sessionId, String feedbackId) {
    Checks.sessionId(sessionId);
    Checks.idArgument("feedbackId", feedbackId);
    BsonDocument filter = idFilter(sessionId)
        .append(Schema.feedbackPath(Schema.F_ID), new BsonString(feedbackId));
    BsonDocument update = new BsonDocument("$pull", new BsonDocument(Schema.FEEDBACKS,
            new BsonDocument(Schema.F_ID, new BsonString(feedbackId))))
        .append("$set", new BsonDocument(Schema.UPDATED_AT, now()));
    try {
      return documents.updateOne(filter, update).getModifiedCount() > 0;
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "delete", sessionId, feedbackId);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One aggregation counts the user's feedback, then one {@code updateMany} pulls it
   * from every session that holds it. The count is exact unless the user adds feedback
   * while the erasure runs.
   *
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public long eraseUser(String userId) {
    Checks.idArgument("userId", userId);
    try {
      BsonDocument counted = primaryDocuments
          .aggregate(Pipelines.count(FeedbackQuery.builder().userId(userId).build()))
          .first();
      long count = counted == null ? 0 : counted.getNumber("n").longValue();
      if (count == 0) {
        return 0;
      }
      BsonValue user = Pipelines.userId(userId);
      UpdateResult r = documents.updateMany(
          new BsonDocument(Schema.feedbackPath(Schema.F_USER_ID), user),
          new BsonDocument("$pull", new BsonDocument(Schema.FEEDBACKS,
                  new BsonDocument(Schema.F_USER_ID, user)))
              .append("$set", new BsonDocument(Schema.UPDATED_AT, now())));
      log.debug("Erased {} feedbacks of user {} from {} sessions", count, userId,
          r.getModifiedCount());
      return count;
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "eraseUser", null, null);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Projects only {@code metadata}; values are converted as for feedback attributes.
   *
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public Map<String, Object> metadata(String sessionId) {
    Checks.sessionId(sessionId);
    try {
      BsonDocument found = documents.find(idFilter(sessionId))
          .projection(new BsonDocument(Schema.METADATA, new BsonInt32(1))
              .append(Schema.ID, new BsonInt32(0)))
          .first();
      BsonValue metadata = found == null ? null : found.get(Schema.METADATA);
      return metadata == null || !metadata.isDocument()
          ? Map.of() : BsonValues.map(metadata.asDocument(), 0);
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "metadata", sessionId, null);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One upsert with {@code $set} of each {@code metadata.<key>} and {@code updated_at}.
   * Keys and values are validated before anything is sent.
   *
   * @throws InvalidFeedbackException naming every bad key or value (empty, starting with
   *     {@code $}, holding {@code .} or NUL; unsupported value types)
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public void updateMetadata(String sessionId, Map<String, Object> values) {
    Checks.sessionId(sessionId);
    Checks checks = new Checks();
    Map<String, Object> copy = Values.metadata(values, checks);
    checks.throwIfAny();
    if (copy.isEmpty()) {
      return;
    }
    BsonDateTime now = now();
    BsonDocument set = new BsonDocument();
    copy.forEach((k, v) -> set.append(Schema.metadataPath(k), BsonValues.toBson(v)));
    set.append(Schema.UPDATED_AT, now);
    BsonDocument update = new BsonDocument("$set", set)
        .append("$setOnInsert", new BsonDocument(Schema.SESSION_ID, new BsonString(sessionId))
            .append(Schema.CREATED_AT, now));
    try {
      try {
        documents.updateOne(idFilter(sessionId), update, UPSERT);
      } catch (MongoException e) {
        // Two first writers created the session at once; now it exists.
        if (!MongoErrors.isDuplicateKey(e)) {
          throw e;
        }
        documents.updateOne(idFilter(sessionId), update, UPSERT);
      }
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "updateMetadata", sessionId, null);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code $unset} of each {@code metadata.<key>}; also sets {@code updated_at} of an
   * existing session.
   *
   * @throws InvalidFeedbackException naming every bad key
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public void deleteMetadata(String sessionId, Collection<String> keys) {
    Checks.sessionId(sessionId);
    List<String> copy = List.copyOf(keys);
    Checks.metadataKeys(copy);
    if (copy.isEmpty()) {
      return;
    }
    BsonDocument unset = new BsonDocument();
    copy.forEach(k -> unset.append(Schema.metadataPath(k), new BsonString("")));
    try {
      documents.updateOne(idFilter(sessionId), new BsonDocument("$unset", unset)
          .append("$set", new BsonDocument(Schema.UPDATED_AT, now())));
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "deleteMetadata", sessionId, null);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One aggregation on the server ({@code $unwind}, {@code $facet}, {@code $group});
   * the client receives one document of counts and sums. Feedback whose
   * {@code created_at} is not a BSON date (text from older writers) counts in every figure
   * except the hour and day counts when the query has no time range, and is left out of
   * queries with {@code since} or {@code until} (as in {@link #stream}).
   *
   * @throws FeedbackStoreException if MongoDB fails
   */
  @Override
  public FeedbackStats stats(FeedbackQuery query) {
    Objects.requireNonNull(query, "query");
    try {
      return Pipelines.readStats(documents.aggregate(Pipelines.stats(query)).first());
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "stats", null, null);
    }
  }

  /**
   * Creates the indexes the store's queries use, if they do not exist: on
   * {@code feedbacks.created_at}, {@code feedbacks.id}, {@code feedbacks.user_id},
   * {@code updated_at} and {@code metadata.<field>} for each configured metadata field.
   * Idempotent; call it at deployment or start-up, never per request.
   *
   * @throws FeedbackStoreException if MongoDB fails, for example because an index with the
   *     same keys but other options exists
   */
  public void ensureIndexes() {
    List<IndexModel> indexes = new ArrayList<>();
    for (String path : List.of(Schema.feedbackPath(Schema.F_CREATED_AT),
        Schema.feedbackPath(Schema.F_ID), Schema.feedbackPath(Schema.F_USER_ID),
        Schema.UPDATED_AT)) {
      indexes.add(new IndexModel(new BsonDocument(path, new BsonInt32(1))));
    }
    for (String field : metadataIndexFields) {
      indexes.add(new IndexModel(
          new BsonDocument(Schema.metadataPath(field), new BsonInt32(1))));
    }
    try {
      sessions.createIndexes(indexes);
      log.debug("Ensured {} indexes on {}", indexes.size(), sessions.getNamespace());
    } catch (MongoException e) {
      throw MongoErrors.translate(e, "ensureIndexes", null, null);
    }
  }

  /**
   * Closes the client if this store created it from a connection string; a client given to
   * the builder is left open. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
      log.debug("Closed the MongoDB client of {}", this);
    }
  }

  /**
   * Names the store by its namespace.
   *
   * @return {@code MongoFeedbackStore[<database>.<collection>]}
   */
  @Override
  public String toString() {
    return "MongoFeedbackStore[" + sessions.getNamespace() + "]";
  }

  /** Selects the session that holds the feedback; {@code feedbacks.$} then names it. */
  private static BsonDocument elementFilter(String sessionId, String feedbackId) {
    return idFilter(sessionId)
        .append(Schema.feedbackPath(Schema.F_ID), new BsonString(feedbackId));
  }

  private static BsonDocument idFilter(String sessionId) {
    return new BsonDocument(Schema.ID, new BsonString(sessionId));
  }

  private BsonDateTime now() {
    return new BsonDateTime(clock.millis());
  }

  /**
   * Configures a {@link MongoFeedbackStore}. Set either {@link #client(MongoClient)} or
   * {@link #connectionString(String)}, and {@link #database(String)}.
   *
   * <p>Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private MongoClient client;
    private String connectionString;
    private Duration serverSelectionTimeout;
    private String database;
    private String collection = DEFAULT_COLLECTION;
    private WriteConcern writeConcern;
    private ReadPreference readPreference;
    private int maxFeedbacksPerSession;
    private List<String> metadataIndexFields = List.of();
    private Clock clock = Clock.systemUTC();
    private int batchSize = DEFAULT_BATCH_SIZE;

    private Builder() {}

    /** A copy of this builder, for {@link MongoFeedbackStores}. */
    Builder copy() {
      Builder b = new Builder();
      b.client = client;
      b.connectionString = connectionString;
      b.serverSelectionTimeout = serverSelectionTimeout;
      b.database = database;
      b.collection = collection;
      b.writeConcern = writeConcern;
      b.readPreference = readPreference;
      b.maxFeedbacksPerSession = maxFeedbacksPerSession;
      b.metadataIndexFields = metadataIndexFields;
      b.clock = clock;
      b.batchSize = batchSize;
      return b;
    }

    /**
     * Uses a client the caller owns; {@link MongoFeedbackStore#close()} leaves it open.
     * Share one client across the application.
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
     * Creates a client the store owns from a connection string; the store's
     * {@link MongoFeedbackStore#close()} closes it.
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
     * How long an operation of a store-owned client waits for a suitable server before it
     * fails with {@link FeedbackStoreException}. Defaults to the connection string's
     * {@code serverSelectionTimeoutMS}, or the driver's 30 s. Ignored for a caller-owned
     * client, whose own settings apply.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder serverSelectionTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("serverSelectionTimeout must be positive, was "
            + timeout);
      }
      this.serverSelectionTimeout = timeout;
      return this;
    }

    /**
     * The database holding the sessions collection. Required.
     *
     * @param database the database name
     * @return this builder
     */
    public Builder database(String database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /**
     * The sessions collection; defaults to {@value MongoFeedbackStore#DEFAULT_COLLECTION}.
     *
     * @param collection the collection name
     * @return this builder
     */
    public Builder collection(String collection) {
      this.collection = Objects.requireNonNull(collection, "collection");
      return this;
    }

    /**
     * The write concern of the store's writes; defaults to the client's. It must be
     * acknowledged, since appends report whether they stored.
     *
     * @param writeConcern an acknowledged write concern
     * @return this builder
     */
    public Builder writeConcern(WriteConcern writeConcern) {
      if (!writeConcern.isAcknowledged()) {
        throw new IllegalArgumentException("writeConcern must be acknowledged: append reports "
            + "whether it stored the feedback");
      }
      this.writeConcern = writeConcern;
      return this;
    }

    /**
     * The read preference of {@link MongoFeedbackStore#list}, {@code stream},
     * {@code stats} and {@code metadata}; defaults to the client's. Decisions inside writes
     * always read from the primary.
     *
     * @param readPreference the read preference
     * @return this builder
     */
    public Builder readPreference(ReadPreference readPreference) {
      this.readPreference = Objects.requireNonNull(readPreference, "readPreference");
      return this;
    }

    /**
     * Keeps at most this many feedbacks per session, dropping the oldest in the same update
     * ({@code $push} with {@code $each} and {@code $slice}), so a session document cannot
     * grow past MongoDB's 16 MB limit. Off (0) by default. Idempotency then covers only the
     * feedbacks kept.
     *
     * @param max a positive cap, or 0 for none
     * @return this builder
     */
    public Builder maxFeedbacksPerSession(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxFeedbacksPerSession must be 0 (off) or "
            + "positive, was " + max);
      }
      this.maxFeedbacksPerSession = max;
      return this;
    }

    /**
     * Metadata keys that {@link MongoFeedbackStore#ensureIndexes()} indexes, such as
     * {@code "variant"}.
     *
     * @param fields metadata keys
     * @return this builder
     * @throws InvalidFeedbackException if a key is empty, starts with {@code $} or holds
     *     {@code .} or NUL
     */
    public Builder metadataIndexFields(Collection<String> fields) {
      List<String> copy = List.copyOf(fields);
      Checks.metadataKeys(copy);
      this.metadataIndexFields = copy;
      return this;
    }

    /**
     * Metadata keys to index; see {@link #metadataIndexFields(Collection)}.
     *
     * @param fields metadata keys
     * @return this builder
     */
    public Builder metadataIndexFields(String... fields) {
      return metadataIndexFields(List.of(fields));
    }

    /**
     * The clock for {@code created_at} and {@code updated_at} of session documents (and of
     * feedback handed over without a creation time). Defaults to the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many feedbacks {@link MongoFeedbackStore#stream} fetches per round trip; defaults
     * to {@value MongoFeedbackStore#DEFAULT_BATCH_SIZE}.
     *
     * @param batchSize a positive size
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Builds the store. With a connection string, this creates the store's own client.
     *
     * @return the store
     * @throws IllegalStateException if neither a client nor a connection string, or no
     *     database, was set
     * @throws IllegalArgumentException if the database or collection name is invalid or the
     *     connection string is malformed
     */
    public MongoFeedbackStore build() {
      if (client == null && connectionString == null) {
        throw new IllegalStateException("set client(MongoClient) or connectionString(String)");
      }
      validate();
      if (client != null) {
        return new MongoFeedbackStore(this, client, false);
      }
      MongoClient owned = Clients.create(connectionString, serverSelectionTimeout);
      try {
        return new MongoFeedbackStore(this, owned, true);
      } catch (RuntimeException e) {
        owned.close();
        throw e;
      }
    }

    /** Checks the settings that need no client. */
    void validate() {
      if (database == null) {
        throw new IllegalStateException("set database(String)");
      }
      if (database.isBlank() || collection.isBlank()) {
        throw new IllegalArgumentException("database and collection names must not be blank");
      }
    }
  }
}
