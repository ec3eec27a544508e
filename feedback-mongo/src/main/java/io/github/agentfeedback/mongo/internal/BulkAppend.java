package io.github.agentfeedback.mongo.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.mongo.internal.StoreCall.Budget;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.StoreChecks;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code appendAll} call of the MongoDB store: many appends, in chunks, each chunk in as
 * few round trips as its items allow.
 *
 * <p>Within a chunk every session gets at most one update per bulk write: the append upsert
 * of a single append, extended to several feedbacks ({@code "feedbacks.id": {$nin: ids}},
 * {@code $push} with {@code $each}). One update of one document is atomic and keeps the
 * order of {@code $each}, so the items of a session land in the order given, whatever order
 * MongoDB runs the updates of an unordered bulk write in (which it does not promise: it may
 * run them in parallel and reorder them). A bulk write of new feedback therefore settles
 * every item of the chunk; the rarer outcomes cost further round trips, shared by the whole
 * chunk:
 *
 * <ul>
 *   <li>A duplicate key on {@code _id} (the session holds one of the ids, or two first
 *       writers raced to create it) and a {@code feedbacks} that is no array are told apart
 *       by one read from the primary of all such sessions, which returns, per session,
 *       whether {@code feedbacks} is an array, which of the chunk's ids it holds, and what it
 *       holds if it is neither an array nor null. Ids held are duplicates; the rest is
 *       written again in the next bulk write, after one update that replaces every null
 *       {@code feedbacks} found with an empty array.
 *   <li>Any other error of an update of several items (a foreign unique index, a document
 *       that would grow too large) is not yet blamed on any of them: the session's items are
 *       then written one per bulk write, in order, so each gets its own outcome. An update
 *       of one item that fails is that item's failure; it was not stored.
 *   <li>Under {@link io.github.agentfeedback.UnknownSessionPolicy#REFUSE} every bulk write is
 *       preceded by that read, for all sessions of the pending items: unknown sessions are
 *       refused and held ids are duplicates without any write, and the updates do not
 *       upsert. Without an upsert an update that matches nothing raises no error, and
 *       MongoDB reports only how many updates matched, not which: when fewer matched than
 *       were sent (another writer changed a session between the read and the write), the
 *       next read attributes them: an update whose items are not all held did not match;
 *       one whose items are all held is reported created, which is exact unless another
 *       writer stored the same id in the same session at that moment (then both may report
 *       it created; it is stored once).
 * </ul>
 *
 * <p>Under a retention cap, an update that answers without error does not tell which of its
 * items the cap dropped ({@code $slice} keeps the newest by creation time, possibly fewer
 * than were pushed, or none of them for a replay of trimmed feedback): once nothing is left
 * to write, one more read from the primary of the sessions those items went to tells which
 * are held; the others are {@link FeedbackResult.Outcome#TRIMMED}. An item pushed out later
 * in the same call by another of its items is reported trimmed too.
 *
 * <p>Each item is written at most {@code attempts} times while concurrent changes keep its
 * outcome open; then it fails, retry-safe. Items of a session repeated within a chunk (same
 * session and id) are written once and the repeats reported as duplicates of the first.
 *
 * <p>The chunk's round trips share the operation timeout ({@link Budget#WHOLE_OPERATION}).
 * When one of them fails as a whole (network, timeout, a write concern error), the chunk's
 * open items fail, with {@link AppendResult#maybeStored()} {@code true} when this call may
 * have stored them (a write that carried them did not answer, or was applied without its
 * write concern confirmed, or answered with a duplicate key no read has explained yet) and
 * {@code false} when it did not; items settled before keep their results, and later chunks
 * are not sent (they fail, not stored).
 *
 * <p>Not thread-safe: one instance per call of the store, on the calling thread.
 */
public final class BulkAppend {

  /** Builds the append update of a session, the one a single append sends. */
  @FunctionalInterface
  public interface Statements {
    /**
     * The update that appends the feedbacks, in order, to the session, unless the session
     * holds one of their ids.
     *
     * @param sessionId the session
     * @param feedbacks at least one feedback, with distinct ids
     * @param create whether the update may create the session (upsert)
     * @return the update
     */
    UpdateOneModel<Document> append(String sessionId, List<Feedback> feedbacks, boolean create);
  }

  /** The store operation named in failures. */
  public static final String OPERATION = "appendAll";

  /**
   * How many bytes of feedback (as {@link Feedback#storedSize()} estimates them) one update
   * pushes at most; a session's further items of the chunk go into the next bulk write. It
   * keeps every update far below MongoDB's 16 MB limit on one statement.
   */
  public static final long MAX_UPDATE_BYTES = 8L << 20;

  private static final Logger log = LoggerFactory.getLogger(BulkAppend.class);
  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

  private static final String ARRAY = "array";
  private static final String HELD = "held";
  private static final String OTHER = "other";

  private final MongoCollection<Document> sessions;
  private final MongoCollection<BsonDocument> primary;
  private final Statements statements;
  private final Clock clock;
  private final int chunkSize;
  private final Duration timeout;
  private final int attempts;
  private final boolean create;
  private final boolean capped;

  /**
   * @param sessions the collection the updates are written to, with the feedback codec
   * @param primary the same collection, read from the primary
   * @param statements builds each session's update
   * @param clock gives feedback without a creation time one
   * @param chunkSize the most items one bulk write carries
   * @param timeout the operation timeout, for each chunk
   * @param attempts how often an item is written while concurrent changes keep its outcome
   *     open
   * @param create whether unknown sessions are created (else refused)
   * @param capped whether the updates push under a retention cap, so that what they stored
   *     must be read to be known
   */
  public BulkAppend(
      MongoCollection<Document> sessions,
      MongoCollection<BsonDocument> primary,
      Statements statements,
      Clock clock,
      int chunkSize,
      Duration timeout,
      int attempts,
      boolean create,
      boolean capped) {
    this.sessions = sessions;
    this.primary = primary;
    this.statements = statements;
    this.clock = clock;
    this.chunkSize = chunkSize;
    this.timeout = timeout;
    this.attempts = attempts;
    this.create = create;
    this.capped = capped;
  }

  /**
   * Appends the items.
   *
   * @param items the items; none is null
   * @return one result per item, in order
   */
  public List<AppendResult> run(List<SessionFeedback> items) {
    AppendResult[] results = new AppendResult[items.size()];
    List<Item> valid = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      SessionFeedback sf = items.get(i);
      try {
        StoreChecks.appendable(sf.sessionId(), sf.feedback());
      } catch (FeedbackException e) {
        results[i] = AppendResult.failed(e, false);
        continue;
      }
      Feedback f =
          sf.feedback().createdAt() == null
              ? sf.feedback().toBuilder().createdAt(clock.instant()).build()
              : sf.feedback();
      valid.add(new Item(i, sf.sessionId(), f));
    }
    FeedbackStoreException stopped = null;
    for (int from = 0; from < valid.size(); from += chunkSize) {
      List<Item> chunk = valid.subList(from, Math.min(valid.size(), from + chunkSize));
      if (stopped == null) {
        stopped = new Chunk(chunk).run();
      } else {
        for (Item item : chunk) {
          item.result =
              AppendResult.failed(
                  failure(
                      item,
                      "this item was not sent: a chunk "
                          + "before it failed as a whole and the call stopped there. Re-sending it is safe ("
                          + stopped.getMessage()
                          + ")",
                      stopped.retrySafe(),
                      stopped),
                  false);
        }
      }
    }
    for (Item item : valid) {
      results[item.index] = item.result;
    }
    return List.of(results);
  }

  private static FeedbackStoreException failure(
      Item item, String message, boolean retrySafe, @Nullable Throwable cause) {
    return new FeedbackStoreException(
        message, OPERATION, item.sessionId, item.feedback.id(), retrySafe, cause);
  }

  /** Why a pending item waits: what its last write, if any, answered. */
  private enum Pending {
    /** Not written yet, or written again next. */
    NEW,
    /** A duplicate key on {@code _id}: held, or the session was created meanwhile. */
    CONFLICT,
    /** {@code feedbacks} is no array. */
    NOT_ARRAY,
    /** Under REFUSE, in an update of a bulk write in which fewer updates matched than sent. */
    UNMATCHED
  }

  /** One valid item of the call. */
  private static final class Item {
    final int index;
    final String sessionId;
    final Feedback feedback;
    final long bytes;

    /** The earlier item of the chunk with the same session and id, or null. */
    @Nullable Item first;

    @Nullable AppendResult result;
    Pending pending = Pending.NEW;

    /**
     * Whether the item may be stored while its outcome is open: a write that carried it has
     * not answered, or answered with a duplicate key that a read has yet to explain.
     */
    boolean mayBeStored;

    /**
     * Under a cap: held at some point of the chunk (written by an update that answered
     * without error, or found held), and not yet read, after the chunk's last write, to tell
     * whether the cap kept it.
     */
    boolean unconfirmed;

    /** What an unconfirmed item is if the read finds it held: created or duplicate. */
    FeedbackResult.@Nullable Outcome ifKept;

    int writes;

    Item(int index, String sessionId, Feedback feedback) {
      this.index = index;
      this.sessionId = sessionId;
      this.feedback = feedback;
      this.bytes = feedback.storedSize();
    }

    /** Whether the item still waits to be written. */
    boolean open() {
      return result == null && first == null && !unconfirmed;
    }

    /** Whether the item has no outcome yet (waiting to be written or confirmed). */
    boolean unsettled() {
      return result == null && first == null;
    }
  }

  /** What a read found in a session: whether an array, the ids held, else the value. */
  private record Found(boolean array, Set<String> held, @Nullable BsonValue other) {}

  /** The items of a chunk and what is known about their sessions. */
  private final class Chunk {
    private final List<Item> items;

    /** The sessions last read; a session read and absent maps to null. */
    private final Map<String, Found> found = new HashMap<>();

    private final Set<String> toRead = new LinkedHashSet<>();
    private final Set<String> toRepair = new LinkedHashSet<>();

    /** Sessions whose items are written one per bulk write. */
    private final Set<String> oneAtATime = new HashSet<>();

    /** REFUSE: the updates of the last bulk write that matched nothing, not yet attributed. */
    private int unmatched;

    private List<List<Item>> unattributed = List.of();
    private int roundTrips;

    Chunk(List<Item> items) {
      this.items = items;
      Map<String, Map<String, Item>> firsts = new HashMap<>();
      for (Item item : items) {
        item.first =
            firsts
                .computeIfAbsent(item.sessionId, s -> new HashMap<>())
                .putIfAbsent(item.feedback.id(), item);
      }
    }

    /** Settles every item; returns the failure that ended the chunk, or null. */
    @Nullable FeedbackStoreException run() {
      FeedbackStoreException failed = null;
      try {
        StoreCall.of(OPERATION, null, null, timeout, Budget.WHOLE_OPERATION).execute(this::passes);
      } catch (FeedbackStoreException e) {
        failed = e;
        for (Item item : items) {
          if (item.unsettled()) {
            item.result = AppendResult.failed(unsettled(item, e), item.mayBeStored);
          }
        }
      }
      for (Item item : items) {
        if (item.first != null) {
          // Settled by now: the passes settle every item they write, a failure all the rest.
          AppendResult firstResult = Objects.requireNonNull(item.first.result, "first result");
          FeedbackResult first = firstResult.result();
          item.result =
              first == null
                  ? firstResult
                  : AppendResult.of(
                      first.outcome() == FeedbackResult.Outcome.TRIMMED
                          ? FeedbackResult.trimmed(item.feedback)
                          : FeedbackResult.duplicate(item.feedback));
        }
      }
      log.debug("Settled a chunk of {} items in {} round trips", items.size(), roundTrips);
      return failed;
    }

    private FeedbackStoreException unsettled(Item item, FeedbackStoreException e) {
      String what =
          item.mayBeStored
              ? "this call could not tell whether this item is stored: the round trip that would "
                  + "have told failed. Re-sending it is safe: appends are idempotent on the "
                  + "feedback id, so a stored item comes back as a duplicate ("
              : "this call did not store this item: its chunk failed as a whole before the item "
                  + "was written successfully. Re-sending it is safe (";
      return failure(item, what + e.getMessage() + ")", e.retrySafe(), e);
    }

    private void passes(StoreCall c) {
      while (true) {
        if (!create) {
          for (Item item : items) {
            if (item.open()) {
              toRead.add(item.sessionId);
            }
          }
        }
        if (!toRead.isEmpty()) {
          read(c);
          decide();
        }
        if (!toRepair.isEmpty()) {
          roundTrips++;
          FeedbacksField.repairNulls(c, primary, toRepair);
          toRepair.clear();
        }
        List<List<Item>> updates = updates();
        if (updates.isEmpty()) {
          confirmKept(c);
          return;
        }
        write(c, updates);
      }
    }

    /** One update per session with open items: a prefix of them, in order. */
    private List<List<Item>> updates() {
      Map<String, List<Item>> bySession = new LinkedHashMap<>();
      Map<String, Long> bytes = new HashMap<>();
      Set<String> full = new HashSet<>();
      for (Item item : items) {
        String s = item.sessionId;
        if (!item.open() || full.contains(s)) {
          continue;
        }
        List<Item> update = bySession.computeIfAbsent(s, k -> new ArrayList<>());
        long total = bytes.getOrDefault(s, 0L) + item.bytes;
        if (!update.isEmpty() && (oneAtATime.contains(s) || total > MAX_UPDATE_BYTES)) {
          full.add(s); // later items of the session wait, so that their order holds
          continue;
        }
        update.add(item);
        bytes.put(s, total);
      }
      return new ArrayList<>(bySession.values());
    }

    private void write(StoreCall c, List<List<Item>> updates) {
      List<UpdateOneModel<Document>> models = new ArrayList<>(updates.size());
      for (List<Item> update : updates) {
        models.add(
            statements.append(
                update.get(0).sessionId, update.stream().map(i -> i.feedback).toList(), create));
      }
      MongoCollection<Document> target = c.on(sessions);
      updates.forEach(
          u ->
              u.forEach(
                  i -> {
                    i.mayBeStored = true;
                    i.writes++;
                  }));
      roundTrips++;
      BulkWriteResult written;
      Map<Integer, MongoWriteException> errors = new HashMap<>();
      MongoBulkWriteException failed = null;
      try {
        written = target.bulkWrite(models, UNORDERED);
      } catch (MongoBulkWriteException e) {
        failed = e;
        written = e.getWriteResult();
        for (BulkWriteError error : e.getWriteErrors()) {
          errors.put(error.getIndex(), MongoErrors.statementError(error, e));
        }
      }
      List<List<Item>> clean = new ArrayList<>();
      for (int i = 0; i < updates.size(); i++) {
        MongoWriteException error = errors.get(i);
        if (error == null) {
          clean.add(updates.get(i));
        } else {
          refused(updates.get(i), error);
        }
      }
      if (failed != null && failed.getWriteConcernError() != null) {
        throw failed; // applied, not confirmed: the clean updates' items stay in flight
      }
      if (create || written.getMatchedCount() == clean.size()) {
        clean.forEach(u -> u.forEach(item -> settle(item, FeedbackResult.Outcome.CREATED)));
      } else {
        // Without upsert an update that matches nothing is no error; the next read tells.
        unmatched = clean.size() - written.getMatchedCount();
        unattributed = clean;
        clean.forEach(u -> u.forEach(item -> item.pending = Pending.UNMATCHED));
      }
    }

    /**
     * An update MongoDB refused: it stored nothing, but after a duplicate key on {@code _id}
     * the session may hold the items already.
     */
    private void refused(List<Item> update, MongoWriteException error) {
      String s = update.get(0).sessionId;
      String index = MongoErrors.duplicateKeyIndex(error);
      boolean conflict =
          MongoErrors.isDuplicateKey(error)
              && (index == null || MongoErrors.ID_INDEX.equals(index));
      update.forEach(item -> item.mayBeStored = conflict);
      if (conflict) {
        update.forEach(item -> item.pending = Pending.CONFLICT);
        toRead.add(s);
      } else if (MongoErrors.isNotAnArray(error, Schema.FEEDBACKS)) {
        update.forEach(item -> item.pending = Pending.NOT_ARRAY);
        toRead.add(s);
      } else if (update.size() > 1) {
        oneAtATime.add(s); // blame no item yet: write them one by one
      } else {
        Item item = update.get(0);
        item.result =
            AppendResult.failed(
                index != null
                    ? failure(item, MongoErrors.foreignUniqueIndex(index, error), false, error)
                    : MongoErrors.translate(error, OPERATION, s, item.feedback.id(), timeout),
                false);
      }
    }

    /**
     * Gives an item that is held (stored by this call, or before) its outcome; under a cap
     * only once {@link #confirmKept} has read that a later write of the chunk did not push
     * it out.
     */
    private void settle(Item item, FeedbackResult.Outcome ifKept) {
      if (capped) {
        item.unconfirmed = true;
        item.ifKept = ifKept;
        item.mayBeStored = true; // until the read tells
      } else {
        item.mayBeStored = false;
        item.result = AppendResult.of(outcome(item, ifKept));
      }
    }

    private FeedbackResult outcome(Item item, FeedbackResult.Outcome kept) {
      return kept == FeedbackResult.Outcome.DUPLICATE
          ? FeedbackResult.duplicate(item.feedback)
          : FeedbackResult.created(item.feedback);
    }

    /** One read from the primary of the sessions in {@link #toRead}. */
    private void read(StoreCall c) {
      Set<String> ids = new LinkedHashSet<>();
      for (String s : toRead) {
        found.put(s, null);
      }
      for (Item item : items) {
        if (item.open() && toRead.contains(item.sessionId)) {
          ids.add(item.feedback.id());
        }
      }
      found.putAll(readHeld(c, toRead, ids));
    }

    /**
     * Under a cap: one read from the primary, after the chunk's last write, of the sessions of
     * the items held during the chunk; those still held get their outcome, the others the cap
     * dropped.
     */
    private void confirmKept(StoreCall c) {
      Set<String> sessionIds = new LinkedHashSet<>();
      Set<String> ids = new LinkedHashSet<>();
      for (Item item : items) {
        if (item.unconfirmed) {
          sessionIds.add(item.sessionId);
          ids.add(item.feedback.id());
        }
      }
      if (sessionIds.isEmpty()) {
        return;
      }
      Map<String, Found> kept = readHeld(c, sessionIds, ids);
      for (Item item : items) {
        if (item.unconfirmed) {
          Found f = kept.get(item.sessionId);
          boolean held = f != null && f.array() && f.held().contains(item.feedback.id());
          item.unconfirmed = false;
          item.mayBeStored = false;
          item.result =
              AppendResult.of(
                  held
                      // settle() set ifKept when it marked the item unconfirmed
                      ? outcome(item, Objects.requireNonNull(item.ifKept, "ifKept"))
                      : FeedbackResult.trimmed(item.feedback));
        }
      }
    }

    /** Per session read (absent when the session is): whether an array, which ids held. */
    private Map<String, Found> readHeld(StoreCall c, Set<String> sessionIds, Set<String> ids) {
      List<BsonValue> sessionValues = new ArrayList<>(sessionIds.size());
      sessionIds.forEach(s -> sessionValues.add(new BsonString(s)));
      List<BsonValue> idValues = new ArrayList<>(ids.size());
      ids.forEach(id -> idValues.add(new BsonString(id)));
      roundTrips++;
      Map<String, Found> read = new HashMap<>();
      for (BsonDocument doc :
          c.on(primary)
              .aggregate(heldIds(sessionValues, idValues))
              .batchSize(sessionValues.size())
              .into(new ArrayList<>())) {
        Set<String> held = new HashSet<>();
        BsonValue heldValue = doc.get(HELD);
        if (heldValue != null && heldValue.isArray()) {
          heldValue
              .asArray()
              .forEach(
                  v -> {
                    if (v.isString()) {
                      held.add(v.asString().getValue());
                    }
                  });
        }
        BsonValue other = doc.get(OTHER);
        read.put(
            doc.getString(Schema.ID).getValue(),
            new Found(
                doc.getBoolean(ARRAY, BsonBoolean.FALSE).getValue(),
                held,
                other == null || other.isNull() ? null : other));
      }
      return read;
    }

    /** Settles what the last read tells, and marks what to write again. */
    private void decide() {
      List<List<Item>> allHeld = new ArrayList<>();
      for (List<Item> update : unattributed) {
        if (update.stream().allMatch(this::held)) {
          allHeld.add(update);
        }
      }
      int matchedNothing = unmatched - (unattributed.size() - allHeld.size());
      if (matchedNothing > 0) {
        log.warn(
            "{} of {} updates whose feedback ids are now all held matched nothing: "
                + "another writer stored the same ids at the same moment; all {} are reported "
                + "created",
            matchedNothing,
            allHeld.size(),
            allHeld.size());
      }
      // An update not all of whose ids are held did not match: it is decided item by item.
      allHeld.forEach(
          update -> update.forEach(item -> settle(item, FeedbackResult.Outcome.CREATED)));
      unattributed = List.of();
      unmatched = 0;
      for (Item item : items) {
        if (item.open() && toRead.contains(item.sessionId)) {
          item.mayBeStored = false;
          decide(item, found.get(item.sessionId));
        }
      }
      toRead.clear();
    }

    private boolean held(Item item) {
      Found f = found.get(item.sessionId);
      return f != null && f.array() && f.held().contains(item.feedback.id());
    }

    private void decide(Item item, @Nullable Found f) {
      Pending why = item.pending;
      item.pending = Pending.NEW;
      if (f == null && !create) {
        item.result = AppendResult.failed(new SessionNotFoundException(item.sessionId), false);
      } else if (f != null && f.other() != null) {
        item.result =
            AppendResult.failed(
                failure(item, FeedbacksField.notAnArray(f.other()), false, null), false);
      } else if (held(item)) {
        settle(item, FeedbackResult.Outcome.DUPLICATE);
      } else {
        if (why == Pending.NOT_ARRAY && f != null && !f.array()) {
          toRepair.add(item.sessionId);
        }
        if (why != Pending.NEW && item.writes >= attempts) {
          item.result =
              AppendResult.failed(
                  failure(
                      item,
                      "the session changed concurrently "
                          + "while this item was written "
                          + item.writes
                          + " times; retry",
                      true,
                      null),
                  false);
        }
      }
    }
  }

  /**
   * Per session: whether {@code feedbacks} is an array, which of the ids it holds, and
   * otherwise its value ({@code null} for null; missing when the field is).
   */
  private static List<BsonDocument> heldIds(List<BsonValue> sessionIds, List<BsonValue> ids) {
    BsonDocument isArray = new BsonDocument("$isArray", new BsonString("$" + Schema.FEEDBACKS));
    BsonDocument heldIds =
        new BsonDocument(
            "$setIntersection",
            new BsonArray(
                List.of(
                    new BsonString("$" + Schema.feedbackPath(Schema.F_ID)),
                    new BsonDocument("$literal", new BsonArray(ids)))));
    return List.of(
        new BsonDocument(
            "$match",
            new BsonDocument(Schema.ID, new BsonDocument("$in", new BsonArray(sessionIds)))),
        new BsonDocument(
            "$project",
            new BsonDocument(ARRAY, isArray)
                .append(HELD, cond(isArray, heldIds, new BsonArray()))
                .append(
                    OTHER, cond(isArray, BsonNull.VALUE, new BsonString("$" + Schema.FEEDBACKS)))
                .append(Schema.ID, new BsonInt32(1))));
  }

  private static BsonDocument cond(BsonValue condition, BsonValue then, BsonValue otherwise) {
    return new BsonDocument("$cond", new BsonArray(List.of(condition, then, otherwise)));
  }
}
