package io.github.agentfeedback.mongo;

import com.mongodb.MongoException;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.cursor.TimeoutMode;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.SessionCounts;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.mongo.internal.AnalyticsPipelines;
import io.github.agentfeedback.mongo.internal.AnalyticsRows;
import io.github.agentfeedback.mongo.internal.BsonValues;
import io.github.agentfeedback.mongo.internal.BulkAppend;
import io.github.agentfeedback.mongo.internal.Clients;
import io.github.agentfeedback.mongo.internal.Counters;
import io.github.agentfeedback.mongo.internal.DriverSupport;
import io.github.agentfeedback.mongo.internal.FeedbackCodec;
import io.github.agentfeedback.mongo.internal.FeedbackList;
import io.github.agentfeedback.mongo.internal.FeedbacksField;
import io.github.agentfeedback.mongo.internal.MongoErrors;
import io.github.agentfeedback.mongo.internal.Pipelines;
import io.github.agentfeedback.mongo.internal.Schema;
import io.github.agentfeedback.mongo.internal.StoreCall;
import io.github.agentfeedback.mongo.internal.StoreCall.Budget;
import io.github.agentfeedback.mongo.internal.UnwoundFeedbackCodec;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spi.StoreChecks;
import io.github.agentfeedback.spi.Votes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.jspecify.annotations.Nullable;
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
 * feedbacks: [..]}}; timestamps are BSON dates. A session this store creates also gets the
 * configured {@link SessionDefaults} (the fields the Python library writes when it creates
 * one). Fields this store does not own ({@code agents}, {@code session_viewer_password},
 * {@code guardrail_events}, ...) are never read, rewritten or removed.
 *
 * <p>Writes:
 * <ul>
 *   <li>{@link #append} is one round trip, an upsert
 *       {@code updateOne({_id: s, "feedbacks.id": {$ne: id}}, {$push: {feedbacks: f},
 *       $set: {updated_at}, $setOnInsert: {session_id, created_at, <session defaults>}})}.
 *       When the session already holds the id the filter matches nothing and the upsert's
 *       insert fails with a duplicate key on {@code _id}; the store then confirms with one
 *       read from the primary that the session holds the id, and reports
 *       {@code created() == false} without storing a copy. So a new feedback costs one round
 *       trip and a replayed one two. If the read does not find the id, the session was
 *       created concurrently (two first feedbacks at once) and the upsert is repeated. A
 *       duplicate key on any other unique index (one someone else created, such as on
 *       {@code feedbacks.id} or {@code session_id}) is a failure, never a duplicate.
 *   <li>{@link #appendAll} writes a batch in chunks ({@link Builder#bulkWriteSize(int)}), each
 *       one unordered {@code bulkWrite} with one such update per session, pushing that
 *       session's items with {@code $each} in the order given: a chunk of new feedback is
 *       one round trip. Duplicates, races and broken documents are settled per item, with
 *       one read and one more bulk write shared by the whole chunk.
 *   <li>{@link #delete} is a {@code $pull} by id; {@link #eraseUser(String)} pulls the
 *       user's feedback session by session and repeats until a read finds none, and
 *       {@link #eraseUser(String, String)} pulls it from one session in one
 *       {@code findOneAndUpdate}; metadata changes are {@code $set}/{@code $unset} of
 *       {@code metadata.<key>}.
 * </ul>
 *
 * <p>Reads: {@link #list} and {@link #metadata} read one session from the primary, so they
 * see the caller's own writes whatever the configured read preference; {@link #stream}
 * runs an aggregation ({@code $unwind}) through a cursor with a configurable batch size, so
 * client memory stays constant; {@link #analyze} runs one aggregation whose single
 * {@code $group} returns the sums of each group, fed into the
 * {@link io.github.agentfeedback.spi.ReferenceFold}, so its result equals the in-memory
 * store's for equal data. Both use the configured read preference and may run on
 * secondaries.
 *
 * <p>Reading never fails on documents written by other tools:
 * <ul>
 *   <li>A {@code feedbacks} that is not an array holds no feedback, in {@link #list},
 *       {@link #stream} and {@link #analyze} alike. Appending to a session whose
 *       {@code feedbacks} is null (Python's None) first replaces the null with an empty
 *       array; appending to one that holds anything else (an object, a string) fails with a
 *       {@link FeedbackStoreException} naming the session and what it found.
 *   <li>Feedback without {@code id} (the Python library writes none) is read with a
 *       {@code null} id; no id is invented, since one derived from the array position would
 *       change when the array does. It is listed, streamed and counted, but cannot be
 *       deleted by id.
 *   <li>A {@code rating} other than {@code "up"} or {@code "down"} (null, missing, anything
 *       else) is {@link io.github.agentfeedback.Rating#NEUTRAL}, in reads, stream filters
 *       and analytics alike.
 *   <li>Unknown keys (such as {@code _validated_at}) become attributes. BSON types the model
 *       lacks are converted: ObjectId to its hex text, Decimal128 to a double, a non-finite
 *       number to its text, binary data to Base64 (a UUID, subtype 4 or Python's legacy
 *       subtype 3, to its text), a BSON timestamp to an instant; nulls are dropped from
 *       attributes but kept in metadata, and keys starting with {@code $} or holding
 *       {@code .} are dropped; nesting deeper than the model allows becomes JSON text.
 *   <li>{@code created_at} stored as ISO-8601 text is parsed (no offset means UTC), in
 *       reads and in the period groups of {@link #analyze} alike. A date outside years 1 to
 *       9999 reads as no creation time.
 *   <li>Values of known fields that break the model's rules (a blank id, a dimension rating
 *       of 9, a score outside its scale) are dropped rather than failing the read.
 * </ul>
 *
 * <p>Query criteria on metadata use MongoDB equality: a stored array matches a query value
 * it contains, and a {@code null} value matches a key that is missing or null.
 *
 * <p>Errors and time: every operation runs under one operation timeout
 * ({@link Builder#operationTimeout(Duration)}, default {@value #DEFAULT_OPERATION_TIMEOUT_SECONDS}
 * s), the driver's client-side operation timeout (CSOT, which needs driver 5.2 or later and
 * which the driver marks experimental): it bounds server selection, connection checkout,
 * connection establishment, every socket read and the server's {@code maxTimeMS}, so a
 * call does not wait longer than the timeout for a server that stops answering. It does not
 * bound socket writes: the synchronous driver cannot put a timeout on a blocking write
 * (Java sockets have none), so a write into a connection whose peer stops reading while the
 * connection stays open can block until the operating system gives up on it. Every driver,
 * BSON and codec failure becomes a
 * {@link FeedbackStoreException} naming the operation, session and feedback, with
 * {@link FeedbackStoreException#retrySafe()} set for network errors, timeouts, elections,
 * write concerns not confirmed in time and expired stream cursors. A session document that
 * would exceed MongoDB's 16 MB limit fails with a message that says so and points to
 * {@link Builder#maxFeedbacksPerSession(int)}. A client whose write concern is
 * unacknowledged is refused when the store is built.
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

  /** How many items one bulk write of {@link #appendAll} carries when none is configured. */
  public static final int DEFAULT_BULK_WRITE_SIZE = 1_000;

  /**
   * The most items one bulk write of {@link #appendAll} may carry: MongoDB's
   * {@code maxWriteBatchSize}.
   */
  public static final int MAX_BULK_WRITE_SIZE = 100_000;

  /** The operation timeout used when none is configured, in seconds. */
  public static final int DEFAULT_OPERATION_TIMEOUT_SECONDS = 10;

  /** The operation timeout used when none is configured. */
  public static final Duration DEFAULT_OPERATION_TIMEOUT =
      Duration.ofSeconds(DEFAULT_OPERATION_TIMEOUT_SECONDS);

  /** Groups per batch of {@link #analyze}: small documents, so most answers take one. */
  private static final int ANALYTICS_BATCH_SIZE = 10_000;

  /** How often {@link #eraseUser(String)} pulls and looks again before it gives up. */
  private static final int ERASE_PASSES = 3;

  /** How often {@link #append} writes before it reports concurrent changes. */
  private static final int APPEND_ATTEMPTS = 3;

  /**
   * How often {@link #replaceVote} reads and writes before it reports concurrent changes;
   * every lost race means another write of the same vote succeeded meanwhile.
   */
  private static final int VOTE_ATTEMPTS = 10;

  /** The order a retention cap keeps, {@code $sort} of {@code $push}: oldest first. */
  private static final Document AGE_ORDER =
      new Document(Schema.F_CREATED_AT, 1).append(Schema.F_ID, 1);

  private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
  private static final UpdateOptions NO_UPSERT = new UpdateOptions();

  private final MongoClient client;
  private final boolean ownsClient;
  private final MongoCollection<Document> sessions;
  private final MongoCollection<BsonDocument> documents;
  private final MongoCollection<BsonDocument> primaryDocuments;
  private final MongoCollection<FeedbackList> primaryFeedbackLists;
  private final MongoCollection<SessionFeedback> unwound;
  private final FeedbackCodec feedbackCodec;
  private final int maxFeedbacksPerSession;
  private final List<String> metadataIndexFields;
  private final Clock clock;
  private final int batchSize;
  private final int bulkWriteSize;
  private final Duration operationTimeout;
  private final SessionDefaults sessionDefaults;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MongoFeedbackStore(Builder b, MongoClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    FeedbackCodec feedbackCodec = new FeedbackCodec();
    MongoCollection<Document> base = client.getDatabase(b.database).getCollection(b.collection);
    CodecRegistry registry =
        CodecRegistries.fromRegistries(
            CodecRegistries.fromCodecs(
                feedbackCodec,
                new FeedbackList.ListCodec(feedbackCodec),
                new UnwoundFeedbackCodec(feedbackCodec)),
            base.getCodecRegistry());
    base = base.withCodecRegistry(registry);
    b.checkAcknowledged(client);
    if (b.writeConcern != null) {
      base = base.withWriteConcern(b.writeConcern);
    }
    if (b.readPreference != null) {
      base = base.withReadPreference(b.readPreference);
    }
    this.sessions = base;
    this.documents = base.withDocumentClass(BsonDocument.class);
    this.primaryDocuments = documents.withReadPreference(ReadPreference.primary());
    this.primaryFeedbackLists =
        base.withDocumentClass(FeedbackList.class).withReadPreference(ReadPreference.primary());
    this.unwound = base.withDocumentClass(SessionFeedback.class);
    this.feedbackCodec = feedbackCodec;
    this.maxFeedbacksPerSession = b.maxFeedbacksPerSession;
    this.metadataIndexFields = List.copyOf(b.metadataIndexFields);
    this.clock = b.clock;
    this.batchSize = b.batchSize;
    this.bulkWriteSize = b.bulkWriteSize;
    this.operationTimeout = b.operationTimeout;
    this.sessionDefaults = b.sessionDefaults;
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
   * <p>One upsert for a new feedback (one update without upsert under
   * {@link UnknownSessionPolicy#REFUSE}). A feedback without a creation time gets the
   * store's clock's instant. With a retention cap, the update pushes with {@code $sort} by
   * creation time and id and {@code $slice}, so the array stays in creation-time order and
   * the oldest beyond the cap are dropped in the same update; it is then a
   * {@code findOneAndUpdate} that returns only whether the pushed id is still in the array,
   * so the call still costs one round trip and says {@link FeedbackResult.Outcome#TRIMMED}
   * when the cap dropped the feedback at once (a replay of trimmed feedback, which the
   * idempotency check no longer sees, sorts first and falls off again, evicting nothing).
   * All round trips of one call together finish within the operation timeout.
   *
   * @throws InvalidFeedbackException if the session id is invalid or the feedback has no id
   * @throws SessionNotFoundException if the session does not exist and the policy is
   *     {@link UnknownSessionPolicy#REFUSE}
   * @throws FeedbackStoreException if MongoDB fails or times out, if the session's
   *     {@code feedbacks} is neither an array nor null, or if a unique index other than
   *     {@code _id} refuses the write
   * @throws IllegalStateException if the configured viewer password generator returns no
   *     password
   */
  @Override
  @SuppressWarnings("InvalidParam") // the javadoc names the stored field feedbacks
  public FeedbackResult append(String sessionId, Feedback feedback, UnknownSessionPolicy policy) {
    StoreChecks.appendable(sessionId, feedback);
    Objects.requireNonNull(policy, "policy");
    Feedback f =
        feedback.createdAt() != null
            ? feedback
            : feedback.toBuilder().createdAt(clock.instant()).build();
    boolean create = policy == UnknownSessionPolicy.CREATE;
    UpdateOneModel<Document> statement = appendStatement(sessionId, List.of(f), create);
    return StoreCall.of("append", sessionId, f.id(), operationTimeout, Budget.WHOLE_OPERATION)
        .run(call -> append(call, sessionId, f, statement, create));
  }

  /**
   * The update that appends feedbacks, in order, to a session unless it holds one of their
   * ids: {@code updateOne({_id: s, "feedbacks.id": {$ne: id}}, {$push: {feedbacks: f}, $set:
   * {updated_at}, $setOnInsert: {...}})} for one feedback; {@code $nin} and {@code $each}
   * for several; {@code $each} with {@code $slice} under a retention cap. The
   * {@code $setOnInsert} part and the upsert option only when it may create the session.
   */
  private UpdateOneModel<Document> appendStatement(
      String sessionId, List<Feedback> feedbacks, boolean create) {
    BsonDateTime now = now();
    Feedback only = feedbacks.size() == 1 ? feedbacks.get(0) : null;
    Document filter =
        new Document(Schema.ID, sessionId)
            .append(
                Schema.feedbackPath(Schema.F_ID),
                only != null
                    ? new Document("$ne", only.id())
                    : new Document("$nin", feedbacks.stream().map(Feedback::id).toList()));
    Object pushed;
    if (maxFeedbacksPerSession > 0) {
      pushed =
          new Document("$each", feedbacks)
              .append("$sort", AGE_ORDER)
              .append("$slice", -maxFeedbacksPerSession);
    } else {
      pushed = only != null ? only : new Document("$each", feedbacks);
    }
    Document update =
        new Document("$push", new Document(Schema.FEEDBACKS, pushed))
            .append("$set", new Document(Schema.UPDATED_AT, now));
    if (maxFeedbacksPerSession > 0) {
      Counters.drop(update);
    } else {
      Counters.countPushed(update, feedbacks);
    }
    if (create) {
      update.append("$setOnInsert", onInsert(sessionId, now));
    }
    return new UpdateOneModel<>(filter, update, create ? UPSERT : NO_UPSERT);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Writes the items in chunks of {@link Builder#bulkWriteSize(int)} items, each chunk as
   * one unordered {@code bulkWrite} holding one update per session: the update of
   * {@link #append}, with {@code "feedbacks.id": {$nin: ids}} and {@code $push} with
   * {@code $each} of the session's items in the order given (and {@code $slice} under a
   * retention cap). So a chunk of new feedback costs one round trip, however many sessions
   * and items it holds; the driver itself splits a bulk write that exceeds the server's
   * {@code maxWriteBatchSize} (100,000 updates) or 48 MB into several commands.
   *
   * <p>Order: MongoDB documents that an unordered bulk write may run its operations in
   * parallel and in any order, on a replica set as on a sharded cluster; what it guarantees
   * is that one update of one document is atomic. The store relies on that alone: a session
   * is one document and gets one update per bulk write, whose {@code $each} keeps the order
   * given, and the next bulk write starts only after the previous one answered. Items of one
   * session therefore land in the order given, on every deployment; items of different
   * sessions are independent.
   *
   * <p>Per item, as {@link #append} would: no error means {@code CREATED}. A duplicate key on
   * {@code _id} (the session holds an id, or two first writers raced) and a {@code feedbacks}
   * that is no array are settled by one read from the primary for all such sessions of the
   * chunk, projecting only which of the chunk's ids each holds: ids held are
   * {@code DUPLICATE} (never reported unless stored); the rest is written again in one more
   * bulk write, after one update that replaces every null {@code feedbacks} found with an
   * empty array; a {@code feedbacks} of another type fails the items, naming the session
   * and the type. A unique index other than {@code _id}, a document that would exceed
   * 16 MB, or any other error of one item's update fails that item, not stored; when the
   * update carried several items of a session, they are written again one per bulk write, in
   * order, so that only the items at fault fail. An item repeated within a chunk (same
   * session and id) is written once; the repeat is a duplicate. Under
   * {@link UnknownSessionPolicy#REFUSE}, each bulk write is preceded by that read for all
   * sessions of the chunk: unknown sessions fail the items with
   * {@link SessionNotFoundException} (not stored), held ids are duplicates, and the updates
   * do not upsert. MongoDB reports only how many such updates matched, not which, so when
   * another writer stores the same id in the same session between the read and the write,
   * both calls may report it created (it is stored once); with
   * {@link UnknownSessionPolicy#CREATE} every item is reported created by exactly one call.
   *
   * <p>Costs: a chunk of new feedback, one round trip ({@link UnknownSessionPolicy#REFUSE}:
   * two); a chunk that repeats stored feedback, two; a mix of both, three.
   *
   * <p>Under a retention cap ({@link Builder#maxFeedbacksPerSession(int)}) the updates push
   * with {@code $sort} and {@code $slice}, and an update that succeeds does not say which of
   * its items the cap kept: after the chunk's last write, one more read from the primary of
   * the sessions written returns which of the chunk's ids they hold. Items not held are
   * {@link FeedbackResult.Outcome#TRIMMED}: older than everything their full session keeps
   * (a replay of trimmed feedback, or the oldest items of a session that received more than
   * the cap), or pushed out by later items of the same call (even an item that was already
   * stored before the call). So the cap costs one round trip
   * per chunk. The read follows the write, so an item that a concurrent writer's newer
   * feedback pushed out, or a concurrent delete removed, in between is reported trimmed
   * too; if the read fails, the items it was to settle fail with
   * {@link AppendResult#maybeStored()} {@code true}.
   *
   * <p>Time and failures: the operation timeout bounds each chunk, all its round trips
   * together (a call of many chunks may take several timeouts; bound it by the batch size).
   * A failure of a whole round trip (network, timeout, the server gone, a write concern not
   * confirmed) fails the chunk's unsettled items with a {@link FeedbackStoreException} that
   * says re-sending is safe, and {@link AppendResult#maybeStored()} {@code true} when this
   * call may have stored the item (its bulk write did not answer, or was applied without its
   * write concern confirmed, or met a duplicate key the failed read was to explain) or
   * {@code false} when this call did not store it; items settled before keep their results,
   * and later chunks are not sent (their items fail, not stored by this call). Re-sending
   * failed items is safe: appends are idempotent on the feedback id.
   *
   * <p>Invalid items (a blank session id, no feedback id, too large) fail with
   * {@link InvalidFeedbackException}, not stored; feedback without a creation time gets the
   * store's clock's instant. One update pushes at most 8 MB of a session's feedback (as
   * {@link Feedback#storedSize()} estimates it); a session's further items of the chunk go
   * into the next bulk write, in order.
   *
   * @throws NullPointerException if {@code items}, one of them, or {@code policy} is null
   * @throws IllegalStateException if the configured viewer password generator returns no
   *     password
   */
  @Override
  public List<AppendResult> appendAll(List<SessionFeedback> items, UnknownSessionPolicy policy) {
    List<SessionFeedback> copy = StoreChecks.nonNullElements("items", items);
    Objects.requireNonNull(policy, "policy");
    return new BulkAppend(
            sessions,
            primaryDocuments,
            this::appendStatement,
            clock,
            bulkWriteSize,
            operationTimeout,
            APPEND_ATTEMPTS,
            policy == UnknownSessionPolicy.CREATE,
            maxFeedbacksPerSession > 0)
        .run(copy);
  }

  /**
   * The write, and the rare paths after it. The filter matches nothing when the session
   * already holds the id (the upsert's insert then fails on {@code _id}), when the session
   * does not exist (without upsert), and when a non-array {@code feedbacks} holds the id; a
   * {@code feedbacks} that is not an array also fails the {@code $push}. One read from the
   * primary tells these apart.
   */
  private FeedbackResult append(
      StoreCall call,
      String sessionId,
      Feedback f,
      UpdateOneModel<Document> statement,
      boolean create) {
    for (int attempt = 1; ; attempt++) {
      try {
        BsonDocument after =
            call.on(documents)
                .findOneAndUpdate(
                    statement.getFilter(),
                    statement.getUpdate(),
                    new FindOneAndUpdateOptions()
                        .upsert(create)
                        .returnDocument(ReturnDocument.AFTER)
                        .projection(countsProjection()));
        if (after != null) {
          FeedbackResult result =
              maxFeedbacksPerSession > 0 && !holds(after, StoreChecks.assignedId(f))
                  ? FeedbackResult.trimmed(f)
                  : FeedbackResult.created(f);
          return counted(call, sessionId, after, result);
        }
        // Without upsert: no session, or the id is stored, or 'feedbacks' is no array.
        BsonDocument held = duplicateOf(call, sessionId, StoreChecks.assignedId(f), true);
        if (held != null) {
          return duplicate(call, sessionId, held, f);
        }
        throwIfNotAnArray(call, sessionId);
      } catch (MongoException e) {
        if (MongoErrors.isDuplicateKey(e)) {
          BsonDocument held = duplicateOf(call, sessionId, StoreChecks.assignedId(f), false);
          if (held != null) {
            return duplicate(call, sessionId, held, f);
          }
          String index = MongoErrors.duplicateKeyIndex(e);
          if (index != null && !MongoErrors.ID_INDEX.equals(index)) {
            throw call.failure(MongoErrors.foreignUniqueIndex(index, e), false, e);
          }
          throwIfNotAnArray(call, sessionId);
        } else if (MongoErrors.isNotAnArray(e, Schema.FEEDBACKS)) {
          if (throwIfNotAnArray(call, sessionId)) {
            FeedbacksField.repairNulls(call, documents, List.of(sessionId));
          }
        } else {
          throw e;
        }
      }
      // Another writer created, deleted or repaired the session in between: write again.
      if (attempt == APPEND_ATTEMPTS) {
        throw call.failure(
            "the session changed concurrently "
                + APPEND_ATTEMPTS
                + " times during one append; retry",
            true,
            null);
      }
      log.debug(
          "Writing feedback {} to session {} again after a concurrent change", f.id(), sessionId);
    }
  }

  /**
   * Whether the session holds feedback with this id, read from the primary; if so, the
   * session with its kept {@code counters} projected (without a retention cap), else
   * {@code null}.
   *
   * @param refuseUnknown whether a missing session is refused
   * @throws SessionNotFoundException if the session is missing and {@code refuseUnknown}
   */
  private @Nullable BsonDocument duplicateOf(
      StoreCall call, String sessionId, String feedbackId, boolean refuseUnknown) {
    BsonDocument projection = element(feedbackId);
    if (maxFeedbacksPerSession == 0) {
      projection.append(Counters.FIELD, new BsonInt32(1));
    }
    BsonDocument found =
        call.on(primaryDocuments).find(idFilter(sessionId)).projection(projection).first();
    if (found == null && refuseUnknown) {
      throw new SessionNotFoundException(sessionId);
    }
    BsonValue match = found == null ? null : found.get(Schema.FEEDBACKS);
    return match != null && match.isArray() && !match.asArray().isEmpty() ? found : null;
  }

  /** A duplicate's result, counted from the read that found it (under a cap, read again). */
  private FeedbackResult duplicate(
      StoreCall call, String sessionId, BsonDocument found, Feedback f) {
    return counted(
        call, sessionId, maxFeedbacksPerSession == 0 ? found : null, FeedbackResult.duplicate(f));
  }

  /**
   * What a write's post-image projects so that {@link #counted} can count: the kept
   * {@code counters}; under a retention cap, the ids and ratings of the (bounded) array.
   */
  private BsonDocument countsProjection() {
    return maxFeedbacksPerSession > 0 ? Counters.arrayProjection() : Counters.projection();
  }

  /** Whether a post-image projected to the array's ids holds the id. */
  private static boolean holds(BsonDocument session, String feedbackId) {
    BsonValue array = session.get(Schema.FEEDBACKS);
    if (array != null && array.isArray()) {
      for (BsonValue e : array.asArray()) {
        if (e.isDocument() && new BsonString(feedbackId).equals(e.asDocument().get(Schema.F_ID))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The result with the session's counts: from the write's post-image ({@code session},
   * projected with {@link #countsProjection()}), or, when there is none (a write that wrote
   * nothing), read from the primary; a session whose counts are not kept (marked for a
   * recount, or never counted) is recounted once (see {@link Counters}).
   */
  private FeedbackResult counted(
      StoreCall call, String sessionId, @Nullable BsonDocument session, FeedbackResult result) {
    BsonDocument read =
        session != null
            ? session
            : call.on(primaryDocuments)
                .find(idFilter(sessionId))
                .projection(countsProjection())
                .first();
    SessionCounts counts;
    if (maxFeedbacksPerSession > 0) {
      counts = Counters.ofArray(read);
    } else {
      SessionCounts kept = Counters.kept(read);
      counts = kept != null ? kept : recount(call, sessionId);
    }
    return result.toBuilder().counts(counts).build();
  }

  /**
   * Counts a session's array and keeps the counts, unless another write changed the
   * {@code counters} sub-document in between (that write, or the next, counts again).
   */
  private SessionCounts recount(StoreCall call, String sessionId) {
    BsonDocument read =
        call.on(primaryDocuments)
            .find(idFilter(sessionId))
            .projection(Counters.arrayProjection())
            .first();
    if (read == null) {
      return SessionCounts.EMPTY;
    }
    SessionCounts counts = Counters.ofArray(read);
    boolean kept =
        call.on(documents)
                .updateOne(
                    Counters.recountFilter(new BsonString(sessionId), read),
                    Counters.recountUpdate(counts))
                .getMatchedCount()
            > 0;
    log.debug("Recounted session {}: {} (kept: {})", sessionId, counts, kept);
    return counts;
  }

  /**
   * Fails when the session's {@code feedbacks} is neither an array, nor null, nor missing,
   * which this store will not overwrite.
   *
   * @return whether {@code feedbacks} is null
   * @throws FeedbackStoreException naming the session and the type found
   */
  private boolean throwIfNotAnArray(StoreCall call, String sessionId) {
    BsonDocument found =
        call.on(primaryDocuments)
            .find(
                idFilter(sessionId)
                    .append(
                        Schema.FEEDBACKS,
                        new BsonDocument("$exists", BsonBoolean.TRUE)
                            .append("$not", new BsonDocument("$type", new BsonString("array")))))
            .projection(
                new BsonDocument(Schema.FEEDBACKS, new BsonInt32(1))
                    .append(Schema.ID, new BsonInt32(0)))
            .first();
    BsonValue value = found == null ? null : found.get(Schema.FEEDBACKS);
    if (value == null) {
      return false;
    }
    if (value.isNull()) {
      return true;
    }
    throw call.failure(FeedbacksField.notAnArray(value), false, null);
  }

  /**
   * The fields of a session this store creates, for {@code $setOnInsert}: the session id,
   * the creation time and the configured {@link SessionDefaults}.
   */
  private BsonDocument onInsert(String sessionId, BsonDateTime now) {
    BsonDocument fields =
        new BsonDocument(Schema.SESSION_ID, new BsonString(sessionId))
            .append(Schema.CREATED_AT, now);
    SessionDefaults d = sessionDefaults;
    String applicationName = d.applicationName();
    if (applicationName != null) {
      fields.append(Schema.APPLICATION_NAME, new BsonString(applicationName));
    }
    String sessionType = d.sessionType();
    if (sessionType != null) {
      fields.append(Schema.SESSION_TYPE, new BsonString(sessionType));
    }
    Supplier<String> viewerPassword = d.viewerPassword();
    if (viewerPassword != null) {
      String password = viewerPassword.get();
      if (password == null || password.isBlank()) {
        throw new IllegalStateException(
            "SessionDefaults.viewerPassword() returned no "
                + "password; the supplier must return non-blank text");
      }
      fields.append(Schema.SESSION_VIEWER_PASSWORD, new BsonString(password));
    }
    if (d.guardrailEvents()) {
      fields.append(Schema.GUARDRAIL_EVENTS, new BsonArray());
    }
    if (maxFeedbacksPerSession == 0) { // a new session's counts are kept from its first write
      fields.append(Counters.VALID, new BsonInt32(1));
    }
    return fields;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One read from the primary, whatever the configured read preference, so that a
   * session's own writes are seen at once; projects only {@code feedbacks}. Feedback
   * written without an {@code id} (by the Python library) is listed with a {@code null}
   * id; a {@code feedbacks} that is not an array holds none.
   *
   * @throws FeedbackStoreException if MongoDB fails or times out
   */
  @Override
  public List<Feedback> list(String sessionId) {
    StoreChecks.sessionId(sessionId);
    FeedbackList found =
        call(
            "list",
            sessionId,
            null,
            c ->
                c.on(primaryFeedbackLists)
                    .find(idFilter(sessionId))
                    .projection(
                        new BsonDocument(Schema.FEEDBACKS, new BsonInt32(1))
                            .append(Schema.ID, new BsonInt32(0)))
                    .first());
    return found == null ? List.of() : found.feedbacks();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs one aggregation ({@code $match}, {@code $sort} by session id, {@code $unwind})
   * with the configured read preference and reads it through a cursor in batches of the
   * configured size. The aggregation starts when this method is called; close the stream to
   * close the cursor. The operation timeout applies to each batch (the aggregation and each
   * {@code getMore}), not to the whole stream, so a long stream is fine; but MongoDB closes
   * a cursor left idle for 10 minutes (its {@code cursorTimeoutMillis}), which fails the
   * stream with a message that says so.
   *
   * @throws FeedbackStoreException if MongoDB fails or times out, now or while the stream
   *     is consumed
   */
  @Override
  public Stream<SessionFeedback> stream(FeedbackQuery query) {
    Objects.requireNonNull(query, "query");
    StoreCall call = StoreCall.of("stream", null, null, operationTimeout, Budget.EACH_ROUND_TRIP);
    MongoCursor<SessionFeedback> cursor =
        call.run(
            c ->
                c.on(unwound)
                    .aggregate(Pipelines.stream(query))
                    .allowDiskUse(true)
                    .timeoutMode(TimeoutMode.ITERATION)
                    .batchSize(batchSize)
                    .cursor());
    Iterator<SessionFeedback> iterator =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return call.guard(cursor::hasNext);
          }

          @Override
          public SessionFeedback next() {
            return call.guard(cursor::next);
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
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
    StoreChecks.appendable(sessionId, feedback);
    return call(
        "replace",
        sessionId,
        feedback.id(),
        c -> {
          for (int attempt = 1; ; attempt++) {
            BsonDocument element = storedElement(c, sessionId, feedback, false);
            if (element == null) {
              return FeedbackResult.notFound(feedback);
            }
            BsonValue storedAt = element.get(Schema.F_CREATED_AT);
            Instant createdAt = storedAt == null ? null : FeedbackCodec.instant(storedAt);
            Feedback kept =
                createdAt == null ? feedback : feedback.toBuilder().createdAt(createdAt).build();
            Document update =
                new Document(
                    "$set",
                    new Document(Schema.FEEDBACKS + ".$", kept)
                        .append(Schema.UPDATED_AT, Date.from(clock.instant())));
            BsonDocument after = writeElement(c, sessionId, element, kept, update);
            if (after != null) {
              return counted(
                  c, sessionId, after, FeedbackResult.replaced(kept, Counters.rating(element)));
            }
            if (attempt == VOTE_ATTEMPTS) {
              throw c.failure(
                  "the feedback changed concurrently "
                      + VOTE_ATTEMPTS
                      + " times while it was being replaced; retry",
                  true,
                  null);
            }
          }
        });
  }

  /**
   * The stored element with the feedback's id, read from the primary; with the kept
   * {@code counters} too when {@code withCounters}.
   *
   * @return the element, or {@code null} when the session holds no feedback with the id
   */
  private @Nullable BsonDocument storedElement(
      StoreCall c, String sessionId, Feedback feedback, boolean withCounters) {
    BsonDocument projection =
        element(StoreChecks.assignedId(feedback)).append(Schema.ID, new BsonInt32(0));
    if (withCounters) {
      projection.append(Counters.FIELD, new BsonInt32(1));
    }
    BsonDocument found =
        c.on(primaryDocuments)
            .find(elementFilter(sessionId, StoreChecks.assignedId(feedback)))
            .projection(projection)
            .first();
    BsonValue elements = found == null ? null : found.get(Schema.FEEDBACKS);
    if (found == null
        || elements == null
        || !elements.isArray()
        || elements.asArray().isEmpty()
        || !elements.asArray().get(0).isDocument()) {
      return null;
    }
    BsonDocument element = elements.asArray().get(0).asDocument();
    if (withCounters && found.containsKey(Counters.FIELD)) {
      element = element.clone().append(Counters.FIELD, found.get(Counters.FIELD));
    }
    return element;
  }

  /**
   * Replaces a stored element with a compare-and-set: the update applies only while the
   * session's array holds the element exactly as read ({@code {_id: s, feedbacks:
   * <element>}}), and moves the count of the element's rating to the new one's.
   *
   * @return the post-image projected for counting, or {@code null} when the element changed
   *     since it was read
   */
  private @Nullable BsonDocument writeElement(
      StoreCall c, String sessionId, BsonDocument element, Feedback written, Document update) {
    if (maxFeedbacksPerSession > 0) {
      Counters.drop(update);
    } else {
      Counters.countMoved(update, Counters.rating(element), written.rating());
    }
    return c.on(documents)
        .findOneAndUpdate(
            idFilter(sessionId).append(Schema.FEEDBACKS, element),
            update,
            new FindOneAndUpdateOptions()
                .returnDocument(ReturnDocument.AFTER)
                .projection(countsProjection()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the stored vote from the primary, decides with {@link Votes#decide}, and, when
   * there is something to write, writes with a compare-and-set filter: the update selects the
   * session only while its array holds the element exactly as it was just read
   * ({@code {_id: s, feedbacks: <element>}}, equality of the whole sub-document), and
   * replaces that element in place ({@code $set} of {@code feedbacks.$}; for the same vote
   * with a later event time, of {@code feedbacks.$.updated_at} only) with the session's
   * {@code updated_at}. If the update matches nothing, another write changed or removed the
   * vote since the read, and the store reads and decides again: no update is lost, and each
   * lost race means another writer succeeded. A stale or unchanged vote costs one read; a
   * replacement one read and one update. The read goes to the primary, so the decision sees
   * every acknowledged write.
   *
   * @throws FeedbackStoreException if MongoDB fails or times out, or if the vote kept
   *     changing under this call for {@value #VOTE_ATTEMPTS} attempts (retry-safe)
   */
  @Override
  public FeedbackResult replaceVote(String sessionId, Feedback vote) {
    StoreChecks.appendable(sessionId, vote);
    boolean withCounters = maxFeedbacksPerSession == 0;
    return call(
        "replaceVote",
        sessionId,
        vote.id(),
        c -> {
          for (int attempt = 1; ; attempt++) {
            BsonDocument read = storedElement(c, sessionId, vote, withCounters);
            if (read == null) {
              return FeedbackResult.notFound(vote);
            }
            BsonDocument element = read.clone();
            BsonValue counters = element.remove(Counters.FIELD);
            Feedback stored =
                feedbackCodec.decode(
                    new BsonDocumentReader(element), DecoderContext.builder().build());
            Votes.Decision decision = Votes.decide(stored, vote);
            if (!decision.write()) {
              BsonDocument keptCounters =
                  counters == null ? null : new BsonDocument(Counters.FIELD, counters);
              return counted(c, sessionId, withCounters ? keptCounters : null, decision.result());
            }
            Feedback written = decision.result().feedback();
            Document set =
                decision.result().outcome() == FeedbackResult.Outcome.UNCHANGED
                    ? new Document(
                        Schema.FEEDBACKS + ".$." + Schema.F_UPDATED_AT,
                        Date.from(written.updatedAt()))
                    : new Document(Schema.FEEDBACKS + ".$", written);
            BsonDocument after =
                writeElement(
                    c,
                    sessionId,
                    element,
                    written,
                    new Document(
                        "$set", set.append(Schema.UPDATED_AT, Date.from(clock.instant()))));
            if (after != null) {
              return counted(c, sessionId, after, decision.result());
            }
            if (attempt == VOTE_ATTEMPTS) {
              throw c.failure(
                  "the vote changed concurrently "
                      + VOTE_ATTEMPTS
                      + " times while it "
                      + "was being replaced; retry",
                  true,
                  null);
            }
            log.debug(
                "Deciding vote {} in session {} again after a concurrent write",
                vote.id(),
                sessionId);
          }
        });
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
    StoreChecks.sessionId(sessionId);
    StoreChecks.id("feedbackId", feedbackId);
    Objects.requireNonNull(review, "review");
    BsonDocument update =
        new BsonDocument(
            "$set",
            new BsonDocument(
                    Schema.FEEDBACKS + ".$." + Schema.F_REVIEW, FeedbackCodec.review(review))
                .append(Schema.UPDATED_AT, now()));
    return call(
        "review",
        sessionId,
        feedbackId,
        c ->
            c.on(documents)
                    .updateOne(elementFilter(sessionId, feedbackId), update)
                    .getMatchedCount()
                > 0);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code $pull} by id, which also sets {@code updated_at}.
   *
   * @throws FeedbackStoreException if MongoDB fails or times out
   */
  @Override
  public boolean delete(String sessionId, String feedbackId) {
    StoreChecks.sessionId(sessionId);
    StoreChecks.id("feedbackId", feedbackId);
    BsonDocument filter =
        idFilter(sessionId).append(Schema.feedbackPath(Schema.F_ID), new BsonString(feedbackId));
    BsonDocument update =
        new BsonDocument(
                "$pull",
                new BsonDocument(
                    Schema.FEEDBACKS, new BsonDocument(Schema.F_ID, new BsonString(feedbackId))))
            .append("$set", new BsonDocument(Schema.UPDATED_AT, now()));
    if (maxFeedbacksPerSession == 0) {
      Counters.markForRecount(update);
    }
    return call(
        "delete",
        sessionId,
        feedbackId,
        c -> c.on(documents).updateOne(filter, update).getModifiedCount() > 0);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Finds, on the primary, the sessions whose {@code feedbacks} array holds feedback of
   * the user (by {@code feedbacks.user_id}; numbers, ObjectIds and binary UUIDs that read
   * back as {@code userId} count too), and pulls it from each with one
   * {@code findOneAndUpdate} by {@code _id} that returns the feedback's user ids as they
   * were just before, so the count is exactly what was removed, even when the user adds
   * feedback meanwhile. Then it looks again, and repeats, because a pass can miss sessions:
   * feedback added during the erasure, or, on a sharded cluster, documents that a chunk
   * migration moved past the pass. It returns only when a read from the primary finds no
   * feedback of the user; if some still appears after {@value #ERASE_PASSES} passes it
   * fails rather than report an erasure that is not complete. Feedback the user adds after
   * that final read is not erased. A {@code feedbacks} that is not an array holds no
   * feedback and is left alone. Each round trip (not the whole erasure, whose work grows
   * with the user's sessions) is bounded by the operation timeout.
   *
   * @return the exact number of feedbacks removed
   * @throws InvalidFeedbackException if the user id is blank or too long
   * @throws FeedbackStoreException if MongoDB fails or times out (repeating is safe: the
   *     feedback removed before the failure is gone and no longer counted), or if the
   *     user's feedback keeps appearing
   */
  @Override
  public long eraseUser(String userId) {
    StoreChecks.id("userId", userId);
    BsonDocument holdsUser = holdsUser(userId);
    return StoreCall.of("eraseUser", null, null, operationTimeout, Budget.EACH_ROUND_TRIP)
        .run(
            c -> {
              long removed = 0;
              for (int pass = 1; ; pass++) {
                long before = removed;
                try (MongoCursor<BsonDocument> holding =
                    c.on(primaryDocuments)
                        .find(holdsUser)
                        .projection(new BsonDocument(Schema.ID, new BsonInt32(1)))
                        .batchSize(batchSize)
                        .timeoutMode(TimeoutMode.ITERATION)
                        .cursor()) {
                  if (!holding.hasNext()) {
                    log.debug(
                        "Erased {} feedbacks of user {} in {} passes", removed, userId, pass - 1);
                    return removed;
                  }
                  if (pass > ERASE_PASSES) {
                    throw c.failure(
                        "feedback of the user was still found after "
                            + ERASE_PASSES
                            + " passes ("
                            + removed
                            + " removed so far): it is being added as fast as "
                            + "it is erased; stop the writer and call eraseUser again",
                        true,
                        null);
                  }
                  while (holding.hasNext()) {
                    // Every document has an _id, and the projection keeps it.
                    BsonValue id = Objects.requireNonNull(holding.next().get(Schema.ID));
                    removed += pullUser(c, id, holdsUser, userId);
                  }
                }
                log.debug(
                    "Erasure pass {} removed {} feedbacks of user {}",
                    pass,
                    removed - before,
                    userId);
              }
            });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code findOneAndUpdate} on the primary, by {@code _id}, that pulls the user's
   * feedback (matched as {@link #eraseUser(String)} matches it) and returns the feedback's
   * user ids as they were just before, so the count is exactly what was removed. A session
   * without such feedback, or whose {@code feedbacks} is not an array, is left unchanged.
   *
   * @throws InvalidFeedbackException if the session id or user id is blank or too long
   * @throws FeedbackStoreException if MongoDB fails or times out (repeating is safe)
   */
  @Override
  public long eraseUser(String sessionId, String userId) {
    StoreChecks.sessionId(sessionId);
    StoreChecks.id("userId", userId);
    long removed =
        call(
            "eraseUser",
            sessionId,
            null,
            c -> pullUser(c, new BsonString(sessionId), holdsUser(userId), userId));
    log.debug("Erased {} feedbacks of user {} in session {}", removed, userId, sessionId);
    return removed;
  }

  /** Matches a session whose {@code feedbacks} array holds feedback of the user. */
  private static BsonDocument holdsUser(String userId) {
    return new BsonDocument(Schema.FEEDBACKS, new BsonDocument("$type", new BsonString("array")))
        .append(Schema.feedbackPath(Schema.F_USER_ID), Pipelines.userId(userId));
  }

  /**
   * Pulls the user's feedback from one session in one atomic step and counts it in the
   * pre-image, which is projected to the feedback's user ids.
   */
  private long pullUser(StoreCall c, BsonValue id, BsonDocument holdsUser, String userId) {
    BsonDocument filter = new BsonDocument(Schema.ID, id);
    filter.putAll(holdsUser);
    BsonDocument update =
        new BsonDocument(
                "$pull",
                new BsonDocument(
                    Schema.FEEDBACKS, new BsonDocument(Schema.F_USER_ID, Pipelines.userId(userId))))
            .append("$set", new BsonDocument(Schema.UPDATED_AT, now()));
    if (maxFeedbacksPerSession == 0) {
      Counters.markForRecount(update);
    }
    BsonDocument old =
        c.on(primaryDocuments)
            .findOneAndUpdate(
                filter,
                update,
                new FindOneAndUpdateOptions()
                    .projection(
                        new BsonDocument(Schema.feedbackPath(Schema.F_USER_ID), new BsonInt32(1))
                            .append(Schema.ID, new BsonInt32(0)))
                    .returnDocument(ReturnDocument.BEFORE));
    return countUser(old, userId);
  }

  /** How many feedbacks of the pre-image {@code {feedbacks: [{user_id}, ..]}} the user gave. */
  private static long countUser(@Nullable BsonDocument old, String userId) {
    BsonValue feedbacks = old == null ? null : old.get(Schema.FEEDBACKS);
    if (feedbacks == null || !feedbacks.isArray()) {
      return 0;
    }
    long n = 0;
    for (BsonValue f : feedbacks.asArray()) {
      if (f.isDocument() && Pipelines.isUser(f.asDocument().get(Schema.F_USER_ID), userId)) {
        n++;
      }
    }
    return n;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One read from the primary, like {@link #list}; projects only {@code metadata}. Values
   * are converted as for feedback attributes, except that a key stored with a null value
   * (as Python writes) is kept, with a {@code null} value.
   *
   * @throws FeedbackStoreException if MongoDB fails or times out
   */
  @Override
  public Map<String, Object> metadata(String sessionId) {
    StoreChecks.sessionId(sessionId);
    BsonDocument found =
        call(
            "metadata",
            sessionId,
            null,
            c ->
                c.on(primaryDocuments)
                    .find(idFilter(sessionId))
                    .projection(
                        new BsonDocument(Schema.METADATA, new BsonInt32(1))
                            .append(Schema.ID, new BsonInt32(0)))
                    .first());
    BsonValue metadata = found == null ? null : found.get(Schema.METADATA);
    return metadata == null || !metadata.isDocument()
        ? Map.of()
        : BsonValues.metadata(metadata.asDocument());
  }

  /**
   * {@inheritDoc}
   *
   * <p>One upsert with {@code $set} of each {@code metadata.<key>} (a {@code null} value as
   * BSON null) and {@code updated_at}; a session it creates gets the
   * {@link SessionDefaults}. Keys and values are validated before anything is sent.
   *
   * @throws InvalidFeedbackException naming every bad key or value (empty, starting with
   *     {@code $}, holding {@code .} or NUL; unsupported value types)
   * @throws FeedbackStoreException if MongoDB fails or times out, if the update would make
   *     the document exceed 16 MB, or if a unique index other than {@code _id} refuses it
   */
  @Override
  public void updateMetadata(String sessionId, Map<String, Object> values) {
    StoreChecks.sessionId(sessionId);
    Map<String, Object> copy = StoreChecks.metadata(values);
    if (copy.isEmpty()) {
      return;
    }
    BsonDateTime now = now();
    BsonDocument set = new BsonDocument();
    copy.forEach((k, v) -> set.append(Schema.metadataPath(k), BsonValues.toBson(v)));
    set.append(Schema.UPDATED_AT, now);
    BsonDocument update =
        new BsonDocument("$set", set).append("$setOnInsert", onInsert(sessionId, now));
    call(
        "updateMetadata",
        sessionId,
        null,
        c -> {
          try {
            return c.on(documents).updateOne(idFilter(sessionId), update, UPSERT);
          } catch (MongoException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
              throw e;
            }
            String index = MongoErrors.duplicateKeyIndex(e);
            if (index == null || MongoErrors.ID_INDEX.equals(index)) {
              // Two first writers created the session at once; now it exists.
              return c.on(documents).updateOne(idFilter(sessionId), update, UPSERT);
            }
            throw c.failure(MongoErrors.foreignUniqueIndex(index, e), false, e);
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code $unset} of each {@code metadata.<key>}; also sets {@code updated_at} of an
   * existing session.
   *
   * @throws InvalidFeedbackException naming every bad key
   * @throws FeedbackStoreException if MongoDB fails or times out
   */
  @Override
  public void deleteMetadata(String sessionId, Collection<String> keys) {
    StoreChecks.sessionId(sessionId);
    List<String> copy = List.copyOf(Objects.requireNonNull(keys, "keys"));
    StoreChecks.metadataKeys(copy);
    if (copy.isEmpty()) {
      return;
    }
    BsonDocument unset = new BsonDocument();
    copy.forEach(k -> unset.append(Schema.metadataPath(k), new BsonString("")));
    BsonDocument update =
        new BsonDocument("$unset", unset)
            .append("$set", new BsonDocument(Schema.UPDATED_AT, now()));
    call(
        "deleteMetadata",
        sessionId,
        null,
        c -> c.on(documents).updateOne(idFilter(sessionId), update));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One aggregation on the server, with the configured read preference,
   * {@code allowDiskUse} and the operation timeout (for the aggregation and the batches of
   * its cursor together), and without any {@code $sort}: one {@code $group} computes the
   * sums of the total, of every group of every breakdown, of the pairwise comparisons and,
   * when terms are requested, the count of each distinct negative comment. The client
   * receives one small document per group, whose score distribution is a list of counts per
   * score value (see {@code docs/mongodb.md} for the limits), turns stored keys into key
   * text as it reads
   * feedback, ranks top groups and splits the negative comments into terms. The result
   * equals the reference fold's; what the embedded test server lacks and how the pipeline
   * works around it is described in {@code docs/mongodb.md}.
   *
   * @throws NullPointerException if {@code request} is null
   * @throws FeedbackStoreException if MongoDB fails or times out, or does not know the time
   *     zone of a period grouping
   */
  @Override
  public AnalyticsResult analyze(AnalyticsRequest request) {
    Objects.requireNonNull(request, "request");
    List<BsonDocument> pipeline = AnalyticsPipelines.pipeline(request);
    return call(
        "analyze",
        null,
        null,
        c -> {
          try (MongoCursor<BsonDocument> groups =
              c.on(documents)
                  .aggregate(pipeline)
                  .allowDiskUse(true)
                  .batchSize(ANALYTICS_BATCH_SIZE)
                  .cursor()) {
            if (!request.sessionSums()) {
              return AnalyticsRows.read(request, groups);
            }
            // The session sums group by session first: a second aggregation, read together.
            try (MongoCursor<BsonDocument> sessions =
                c.on(documents)
                    .aggregate(AnalyticsPipelines.sessionPipeline(request))
                    .allowDiskUse(true)
                    .batchSize(ANALYTICS_BATCH_SIZE)
                    .cursor()) {
              return AnalyticsRows.read(request, groups, sessions);
            }
          }
        });
  }

  /**
   * Creates the indexes the store's queries use, if they do not exist:
   * {@code feedbacks.user_id} ({@link #eraseUser} and user filters),
   * {@code feedbacks.created_at} (time ranges of {@link #analyze} and {@link #stream}) and
   * {@code metadata.<field>} for each configured metadata field. Session lookups use the
   * {@code _id} index MongoDB always has; no query of the store needs an index on
   * {@code feedbacks.id} (it always comes with {@code _id} equality) or on
   * {@code updated_at}. Idempotent; call it at deployment or start-up, never per request.
   * Bounded by the operation timeout, which can abort building an index on a large
   * collection: build those ahead of time, or raise the timeout of the store that calls
   * this.
   *
   * @throws FeedbackStoreException if MongoDB fails or times out, for example because an
   *     index with the same keys but other options exists
   */
  public void ensureIndexes() {
    List<IndexModel> indexes = new ArrayList<>();
    for (String path :
        List.of(Schema.feedbackPath(Schema.F_USER_ID), Schema.feedbackPath(Schema.F_CREATED_AT))) {
      indexes.add(new IndexModel(new BsonDocument(path, new BsonInt32(1))));
    }
    for (String field : metadataIndexFields) {
      indexes.add(new IndexModel(new BsonDocument(Schema.metadataPath(field), new BsonInt32(1))));
    }
    StoreCall.of("ensureIndexes", null, null, operationTimeout, Budget.EACH_ROUND_TRIP)
        .run(c -> c.on(sessions).createIndexes(indexes));
    log.debug("Ensured {} indexes on {}", indexes.size(), sessions.getNamespace());
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

  /**
   * Selects the session that holds the feedback in a feedback array; {@code feedbacks.$}
   * then names the element.
   */
  private static BsonDocument elementFilter(String sessionId, String feedbackId) {
    return idFilter(sessionId)
        .append(Schema.FEEDBACKS, new BsonDocument("$type", new BsonString("array")))
        .append(Schema.feedbackPath(Schema.F_ID), new BsonString(feedbackId));
  }

  /** Projects a session's {@code _id} and its feedback with the id, if it holds it. */
  private static BsonDocument element(String feedbackId) {
    return new BsonDocument(Schema.ID, new BsonInt32(1))
        .append(
            Schema.FEEDBACKS,
            new BsonDocument(
                "$elemMatch", new BsonDocument(Schema.F_ID, new BsonString(feedbackId))));
  }

  /** Runs an operation whose round trips together get the operation timeout. */
  private <T> T call(
      String operation,
      @Nullable String sessionId,
      @Nullable String feedbackId,
      StoreCall.Body<T> body) {
    return StoreCall.of(operation, sessionId, feedbackId, operationTimeout, Budget.WHOLE_OPERATION)
        .run(body);
  }

  private static BsonDocument idFilter(String sessionId) {
    return new BsonDocument(Schema.ID, new BsonString(sessionId));
  }

  private BsonDateTime now() {
    return new BsonDateTime(clock.millis());
  }

  private static IllegalArgumentException unacknowledged(String source) {
    return new IllegalArgumentException(
        "writeConcern: "
            + source
            + " is unacknowledged; "
            + "MongoFeedbackStore needs acknowledged writes, because append reports whether it "
            + "stored the feedback. Configure the client with w >= 1, or set "
            + "MongoFeedbackStore.Builder.writeConcern(WriteConcern.W1) or a stronger one");
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
    private @Nullable MongoClient client;
    private @Nullable String connectionString;
    private @Nullable Duration serverSelectionTimeout;
    private @Nullable String database;
    private String collection = DEFAULT_COLLECTION;
    private @Nullable WriteConcern writeConcern;
    private @Nullable ReadPreference readPreference;
    private int maxFeedbacksPerSession;
    private List<String> metadataIndexFields = List.of();
    private Clock clock = Clock.systemUTC();
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int bulkWriteSize = DEFAULT_BULK_WRITE_SIZE;
    private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
    private SessionDefaults sessionDefaults = SessionDefaults.none();

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
      b.bulkWriteSize = bulkWriteSize;
      b.operationTimeout = operationTimeout;
      b.sessionDefaults = sessionDefaults;
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
     * client, whose own settings apply. The {@link #operationTimeout(Duration)} bounds it
     * too: the shorter wins.
     *
     * @param timeout a duration of at least one millisecond
     * @return this builder
     */
    public Builder serverSelectionTimeout(Duration timeout) {
      this.serverSelectionTimeout = StoreCall.timeout(timeout, "serverSelectionTimeout");
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
     * acknowledged, since appends report whether they stored; {@link #build()} also refuses
     * a client whose own write concern is unacknowledged (set in its settings or by
     * {@code w=0} in its connection string) unless this sets an acknowledged one. A
     * {@code wtimeout} in it is ignored: the {@link #operationTimeout(Duration)} bounds the
     * wait for the write concern instead.
     *
     * @param writeConcern an acknowledged write concern
     * @return this builder
     * @throws IllegalArgumentException if the write concern is unacknowledged
     */
    public Builder writeConcern(WriteConcern writeConcern) {
      Objects.requireNonNull(writeConcern, "writeConcern");
      if (!writeConcern.isAcknowledged()) {
        throw unacknowledged("writeConcern(" + writeConcern.asDocument() + ")");
      }
      this.writeConcern = writeConcern;
      return this;
    }

    /**
     * The read preference of {@link MongoFeedbackStore#stream} and
     * {@link MongoFeedbackStore#analyze}, which may then run on secondaries; defaults to the
     * client's. {@link MongoFeedbackStore#list} and {@link MongoFeedbackStore#metadata}
     * always read from the primary, so that they see the application's own writes at once,
     * and so do the decisions inside writes.
     *
     * @param readPreference the read preference
     * @return this builder
     */
    public Builder readPreference(ReadPreference readPreference) {
      this.readPreference = Objects.requireNonNull(readPreference, "readPreference");
      return this;
    }

    /**
     * Keeps at most this many feedbacks per session: the newest by creation time (ties by
     * id), dropping the oldest in the same update ({@code $push} with {@code $each},
     * {@code $sort: {created_at: 1, id: 1}} and {@code $slice}), so each session's array is
     * kept in creation-time order. Feedback older than everything a full session keeps is
     * dropped by the very update that adds it and reported
     * {@link FeedbackResult.Outcome#TRIMMED}, evicting nothing: in particular a replay of
     * feedback trimmed earlier, which the idempotency check (covering the feedbacks kept)
     * no longer sees. Off (0) by default.
     *
     * <p>Costs: a single append stays one round trip (a {@code findOneAndUpdate} that
     * returns only whether the pushed id survived); {@link MongoFeedbackStore#appendAll}
     * needs one more read per chunk to tell which items survived. Once the cap trims, every
     * append sorts and shifts the whole array, so its oplog entry and the storage engine's
     * write carry the whole array rather than one element. Elements that other writers
     * stored with a {@code created_at} that is not a date (text, or none) sort before every
     * date and are dropped first. The cap bounds the number of feedbacks, not the document:
     * fields other tools keep in the same document (the Python library's agent messages)
     * still count towards MongoDB's 16 MB limit.
     *
     * @param max a positive cap, or 0 for none
     * @return this builder
     */
    public Builder maxFeedbacksPerSession(int max) {
      if (max < 0) {
        throw new IllegalArgumentException(
            "maxFeedbacksPerSession must be 0 (off) or " + "positive, was " + max);
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
      List<String> copy = List.copyOf(Objects.requireNonNull(fields, "metadataIndexFields"));
      StoreChecks.metadataKeys(copy);
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
      return metadataIndexFields(List.of(Objects.requireNonNull(fields, "metadataIndexFields")));
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
     * How many items one bulk write of {@link MongoFeedbackStore#appendAll} carries at most;
     * a larger call is written in chunks of this size, one after the other, each within the
     * operation timeout. A chunk of new feedback costs one round trip, so larger chunks save
     * round trips; smaller ones bound the work one timeout covers and what one failure leaves
     * unknown. Defaults to {@value MongoFeedbackStore#DEFAULT_BULK_WRITE_SIZE}.
     *
     * @param size from 1 to {@value MongoFeedbackStore#MAX_BULK_WRITE_SIZE}
     * @return this builder
     * @throws IllegalArgumentException if the size is outside that range
     */
    public Builder bulkWriteSize(int size) {
      if (size < 1 || size > MAX_BULK_WRITE_SIZE) {
        throw new IllegalArgumentException(
            "bulkWriteSize must be within 1.." + MAX_BULK_WRITE_SIZE + ", was " + size);
      }
      this.bulkWriteSize = size;
      return this;
    }

    /**
     * The operation timeout: how long one call of the store may take, all its round trips
     * together (for {@link MongoFeedbackStore#appendAll}, each chunk; for
     * {@link MongoFeedbackStore#stream}, each batch; for
     * {@link MongoFeedbackStore#eraseUser} and {@link MongoFeedbackStore#ensureIndexes},
     * each round trip). It is the driver's client-side operation timeout
     * ({@code MongoCollection.withTimeout}, since driver 5.2, marked alpha), so it bounds
     * server selection, connection checkout and establishment, every socket read and the
     * server's {@code maxTimeMS}, and replaces any {@code wtimeout}. It does not bound socket
     * writes, which the synchronous driver cannot time out: a call can outlast it while a
     * request is being written to a connection whose peer stopped reading (see
     * {@code docs/mongodb.md}). A call that runs out fails with a retry-safe
     * {@link FeedbackStoreException}. Defaults to
     * {@value MongoFeedbackStore#DEFAULT_OPERATION_TIMEOUT_SECONDS} s; the client's own
     * {@code timeoutMS}, if any, does not apply to the store.
     *
     * @param timeout a positive duration of at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if the timeout is shorter than one millisecond
     */
    @SuppressWarnings("InvalidParam") // the javadoc names MongoDB settings, not parameters
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout = StoreCall.timeout(timeout, "operationTimeout");
      return this;
    }

    /**
     * Fields written once when a write of the store creates a session, such as
     * {@link SessionDefaults#pythonCompatible(String)} for a collection the Python library
     * shares. Defaults to {@link SessionDefaults#none()}.
     *
     * @param defaults the defaults
     * @return this builder
     */
    public Builder sessionDefaults(SessionDefaults defaults) {
      this.sessionDefaults = Objects.requireNonNull(defaults, "sessionDefaults");
      return this;
    }

    /**
     * Builds the store. With a connection string, this creates the store's own client.
     *
     * @return the store
     * @throws IllegalStateException if neither a client nor a connection string, or no
     *     database, was set, or if the MongoDB driver on the class path is older than
     *     {@value io.github.agentfeedback.mongo.internal.DriverSupport#MINIMUM_VERSION} (its
     *     message names the version found and how to override it)
     * @throws IllegalArgumentException if the database or collection name is invalid, the
     *     connection string is malformed, or the write concern (of the builder, the client
     *     or the connection string) is unacknowledged
     */
    public MongoFeedbackStore build() {
      DriverSupport.check();
      if (client != null) {
        validate();
        return new MongoFeedbackStore(this, client, false);
      }
      if (connectionString == null) {
        throw new IllegalStateException("set client(MongoClient) or connectionString(String)");
      }
      validate();
      MongoClient owned = Clients.create(connectionString, serverSelectionTimeout);
      try {
        return new MongoFeedbackStore(this, owned, true);
      } catch (RuntimeException e) {
        owned.close();
        throw e;
      }
    }

    /**
     * Refuses an unacknowledged write concern: the builder's, or else the client's (set in
     * its settings, or by {@code w=0} in its connection string).
     */
    void checkAcknowledged(MongoClient client) {
      WriteConcern effective =
          writeConcern != null ? writeConcern : client.getDatabase(database).getWriteConcern();
      if (!effective.isAcknowledged()) {
        throw unacknowledged(
            "the client's write concern "
                + effective.asDocument()
                + " (set in its settings, or by w=0 in its connection string)");
      }
    }

    /** Checks the settings that need no client. */
    /** The database set, once {@link #validate()} has passed. */
    String databaseName() {
      return Objects.requireNonNull(database, "database");
    }

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
