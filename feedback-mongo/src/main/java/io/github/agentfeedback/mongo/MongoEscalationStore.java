package io.github.agentfeedback.mongo;

import com.mongodb.MongoException;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationAction;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStatus;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.LoopClaim;
import io.github.agentfeedback.escalation.LoopClosing;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.mongo.internal.MongoErrors;
import io.github.agentfeedback.mongo.internal.StoreCall;
import io.github.agentfeedback.mongo.internal.StoreCall.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.bson.BSONException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EscalationStore} in a MongoDB collection (default
 * {@value #DEFAULT_COLLECTION}), one document per escalation, shared by every replica of the
 * application:
 *
 * <pre>
 * { _id: "&lt;id&gt;", type, severity: "high", rule, subject, status: "open",
 *   open_key: Escalation.dedupKey(),   // "resolved:&lt;id&gt;" once resolved; unique index
 *   count: 3, raised_at: Date, last_raised_at: Date, figures: {down: 3.0, ...},
 *   session_ids: [..], groups: [..],
 *   feedback_ids: [{session_id, feedback_id}, ..],   // Escalation.feedback()
 *   acknowledged?: {by, at: Date, note}, resolved?: {by, at: Date, note},
 *   notified_at?: Date,                 // the last notification claimed
 *   loop_pending?: [{session_id, feedback_id}, ..],  // loop-closing events not sent yet
 *   loop_lease_owner?, loop_lease_until?: Date }
 * </pre>
 *
 * <p>Each linked feedback is a sub-document naming its session and its id ({@link
 * FeedbackRef}), always written with {@code session_id} first. A document written by an
 * earlier snapshot, whose {@code feedback_ids} or {@code loop_pending} hold plain feedback
 * ids, is refused when read, with a {@link io.github.agentfeedback.FeedbackStoreException} that
 * names the escalation: its feedback's sessions are unknown, so delete such documents (nothing
 * was released that wrote them).
 *
 * <p>One escalation that is not resolved per rule and subject: {@code open_key} carries a
 * unique index (made by {@link Builder#build()}, idempotently), so of two replicas that raise
 * the same new escalation at once one insert wins and the other repeats it. A repeat,
 * an acknowledgement and a resolution read the document from the primary, compute the new
 * one ({@link Escalation#repeatedBy}, {@link Escalation#acknowledgedBy},
 * {@link Escalation#resolvedBy}) and {@code $set} its fields with a compare-and-set on its
 * count and status, reading again when another write came between: no raise is lost or
 * counted twice, and each transition happens once. Times are stored as BSON dates
 * (milliseconds).
 *
 * <p>{@link #claimNotification} is one conditional update of {@code notified_at}. The
 * resolution sets {@code loop_pending} in its own update; {@link #claimLoopClosings} finds
 * due escalations and leases each with a {@code findOneAndUpdate} conditioned on the lease
 * being free, so of two claimants one gets it (the other finds the next due ones);
 * {@link #loopClosingsSent} is a {@code $pullAll} of the settled sub-documents from
 * {@code loop_pending} (which matches a sub-document only with its fields in the same order,
 * as the store always writes them).
 *
 * <p>Thread-safe. It never closes the client it was given.
 *
 * @since 0.1.0
 */
public final class MongoEscalationStore implements EscalationStore {

  /** The collection unless {@link Builder#collection(String)} names another. */
  public static final String DEFAULT_COLLECTION = "escalations";

  private static final int ATTEMPTS = 50;
  private static final String NOTIFIED_AT = "notified_at";
  private static final String FEEDBACK_IDS = "feedback_ids";
  private static final String LOOP_PENDING = "loop_pending";
  private static final String SESSION_ID = "session_id";
  private static final String FEEDBACK_ID = "feedback_id";
  private static final String LOOP_LEASE_OWNER = "loop_lease_owner";
  private static final String LOOP_LEASE_UNTIL = "loop_lease_until";

  private final MongoCollection<Document> escalations;
  private final Duration timeout;

  private MongoEscalationStore(Builder b, MongoClient client, String database) {
    this.escalations =
        client
            .getDatabase(database)
            .getCollection(b.collection)
            .withReadPreference(ReadPreference.primary());
    this.timeout = b.operationTimeout;
    call(
        "createIndex",
        c ->
            c.on(escalations)
                .createIndex(
                    Indexes.ascending("open_key"),
                    new IndexOptions().unique(true).name("open_key_1")));
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
    return operation(operation).run(body);
  }

  private StoreCall operation(String name) {
    return StoreCall.of(name, null, null, timeout, Budget.WHOLE_OPERATION);
  }

  private static String openKey(Escalation e) {
    return e.status().isOpen() ? e.dedupKey() : "resolved:" + Objects.requireNonNull(e.id());
  }

  @Override
  public Raised raise(Escalation candidate) {
    Objects.requireNonNull(candidate, "candidate");
    String key = candidate.dedupKey();
    return operation("raise")
        .notIdempotent() // a repeated raise counts again
        .run(
            c -> {
              for (int attempt = 1; ; attempt++) {
                Document found = c.on(escalations).find(new Document("open_key", key)).first();
                if (found == null) {
                  Escalation created = candidate.created(UUID.randomUUID().toString());
                  try {
                    c.on(escalations).insertOne(encode(created));
                    return new Raised(created, true);
                  } catch (MongoException e) {
                    if (!MongoErrors.isDuplicateKey(e)) {
                      throw e;
                    }
                  }
                } else {
                  Escalation stored = decode(found);
                  Escalation repeated = stored.repeatedBy(candidate);
                  if (replace(c, stored, repeated)) {
                    return new Raised(repeated, false);
                  }
                }
                if (attempt == ATTEMPTS) {
                  throw c.failure(
                      "the escalation changed concurrently " + ATTEMPTS + " times; retry",
                      true,
                      null);
                }
              }
            });
  }

  /**
   * Writes the changed escalation while its count and status are as read: a {@code $set} of
   * its fields, which keeps the notification time and loop-closing fields; a resolution sets
   * its pending loop-closing events in the same update.
   */
  private boolean replace(StoreCall c, Escalation stored, Escalation changed) {
    Bson unchanged =
        new Document("_id", stored.id())
            .append("count", stored.count())
            .append("status", wire(stored.status()));
    Document set = encode(changed);
    set.remove("_id");
    if (stored.status().isOpen() && !changed.status().isOpen() && !changed.feedback().isEmpty()) {
      set.append(LOOP_PENDING, refs(changed.feedback()));
    }
    return c.on(escalations).updateOne(unchanged, new Document("$set", set)).getMatchedCount() > 0;
  }

  @Override
  public boolean claimNotification(String id, Instant at, Duration minInterval) {
    Objects.requireNonNull(id, "id");
    Instant latest = EscalationStore.latestPriorNotification(at, minInterval);
    Bson due =
        new Document("_id", id)
            .append(
                "$or",
                List.of(
                    new Document(NOTIFIED_AT, null),
                    new Document(NOTIFIED_AT, new Document("$lte", Date.from(latest)))));
    Bson set = new Document("$set", new Document(NOTIFIED_AT, Date.from(at)));
    return call(
        "claimNotification", c -> c.on(escalations).updateOne(due, set).getMatchedCount() > 0);
  }

  @Override
  public List<LoopClosing> claimLoopClosings(LoopClaim claim) {
    Objects.requireNonNull(claim, "claim");
    Document due =
        new Document(LOOP_PENDING + ".0", new Document("$exists", true))
            .append(
                "$or",
                List.of(
                    new Document(LOOP_LEASE_UNTIL, null),
                    new Document(LOOP_LEASE_UNTIL, new Document("$lte", Date.from(claim.now())))));
    Bson lease =
        new Document(
            "$set",
            new Document(LOOP_LEASE_OWNER, claim.claimant())
                .append(LOOP_LEASE_UNTIL, Date.from(claim.until())));
    return call(
        "claimLoopClosings",
        c -> {
          List<LoopClosing> claimed = new ArrayList<>();
          // A candidate another claimant leased first is skipped and the due ones are found
          // again (those leased here are no longer due), so that a claim returns fewer than its
          // limit only when no more are due.
          for (int attempt = 1; claimed.size() < claim.limit() && attempt <= ATTEMPTS; attempt++) {
            List<String> candidates = new ArrayList<>();
            for (Document d :
                c.on(escalations)
                    .find(due)
                    .projection(new Document("_id", 1))
                    .sort(Sorts.orderBy(Sorts.ascending("resolved.at"), Sorts.ascending("_id")))
                    .limit(claim.limit() - claimed.size())) {
              candidates.add(d.getString("_id"));
            }
            if (candidates.isEmpty()) {
              break;
            }
            for (String id : candidates) {
              Document doc =
                  c.on(escalations)
                      .findOneAndUpdate(
                          new Document(due).append("_id", id),
                          lease,
                          new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
              if (doc != null) {
                claimed.add(new LoopClosing(decode(doc), refs(doc, LOOP_PENDING)));
              }
            }
          }
          return List.copyOf(claimed);
        });
  }

  @Override
  public void loopClosingsSent(String escalationId, Collection<FeedbackRef> sent) {
    Objects.requireNonNull(escalationId, "escalationId");
    List<Document> refs = refs(sent);
    if (refs.isEmpty()) {
      return;
    }
    call(
        "loopClosingsSent",
        c ->
            c.on(escalations)
                .updateOne(
                    new Document("_id", escalationId),
                    new Document("$pullAll", new Document(LOOP_PENDING, refs))));
  }

  @Override
  public Optional<Escalation> find(String id) {
    Objects.requireNonNull(id, "id");
    return call(
        "find",
        c ->
            Optional.ofNullable(c.on(escalations).find(new Document("_id", id)).first())
                .map(MongoEscalationStore::decode));
  }

  @Override
  public List<Escalation> list(EscalationQuery query) {
    Document filter = new Document();
    if (!query.statuses().isEmpty()) {
      filter.append(
          "status",
          new Document("$in", query.statuses().stream().map(MongoEscalationStore::wire).toList()));
    }
    if (query.rule() != null) {
      filter.append("rule", query.rule());
    }
    if (query.subject() != null) {
      filter.append("subject", query.subject());
    }
    return call(
        "list",
        c -> {
          List<Escalation> out = new ArrayList<>();
          for (Document d :
              c.on(escalations)
                  .find(filter)
                  .sort(Sorts.orderBy(Sorts.descending("raised_at"), Sorts.ascending("_id")))
                  .limit(query.limit())) {
            out.add(decode(d));
          }
          return List.copyOf(out);
        });
  }

  @Override
  public Optional<Escalation> acknowledge(String id, String by, Instant at, String note) {
    EscalationAction action = new EscalationAction(by, at, note);
    return change("acknowledge", id, e -> e.acknowledgedBy(action));
  }

  @Override
  public Optional<Escalation> resolve(String id, String by, Instant at, String note) {
    EscalationAction action = new EscalationAction(by, at, note);
    return change("resolve", id, e -> e.resolvedBy(action));
  }

  private Optional<Escalation> change(String operation, String id, UnaryOperator<Escalation> step) {
    Objects.requireNonNull(id, "id");
    return call(
        operation,
        c -> {
          for (int attempt = 1; ; attempt++) {
            Document found = c.on(escalations).find(new Document("_id", id)).first();
            if (found == null) {
              return Optional.empty();
            }
            Escalation stored = decode(found);
            Escalation changed = step.apply(stored);
            if (replace(c, stored, changed)) {
              return Optional.of(changed);
            }
            if (attempt == ATTEMPTS) {
              throw c.failure(
                  "the escalation changed concurrently " + ATTEMPTS + " times; retry", true, null);
            }
          }
        });
  }

  private static String wire(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static Document encode(Escalation e) {
    Document figures = new Document();
    e.figures().forEach(figures::append);
    Document d =
        new Document("_id", e.id())
            .append("type", e.type())
            .append("severity", wire(e.severity()))
            .append("rule", e.rule())
            .append("subject", e.subject())
            .append("status", wire(e.status()))
            .append("open_key", openKey(e))
            .append("count", e.count())
            .append("raised_at", Date.from(e.raisedAt()))
            .append("last_raised_at", Date.from(e.lastRaisedAt()))
            .append("figures", figures)
            .append("session_ids", e.sessionIds())
            .append(FEEDBACK_IDS, refs(e.feedback()))
            .append("groups", e.groups());
    EscalationAction ack = e.acknowledged();
    if (ack != null) {
      d.append("acknowledged", action(ack));
    }
    EscalationAction res = e.resolved();
    if (res != null) {
      d.append("resolved", action(res));
    }
    return d;
  }

  /** The sub-documents of feedback refs, each {@code {session_id, feedback_id}} in that order. */
  private static List<Document> refs(Collection<FeedbackRef> refs) {
    List<Document> out = new ArrayList<>(refs.size());
    for (FeedbackRef r : refs) {
      out.add(new Document(SESSION_ID, r.sessionId()).append(FEEDBACK_ID, r.feedbackId()));
    }
    return out;
  }

  /**
   * The feedback refs in a field of a document; refuses an entry that is not such a
   * sub-document (a plain feedback id, as an earlier snapshot wrote them).
   */
  private static List<FeedbackRef> refs(Document d, String field) {
    List<?> entries = d.getList(field, Object.class, List.of());
    List<FeedbackRef> out = new ArrayList<>(entries.size());
    for (Object entry : entries) {
      if (!(entry instanceof Document ref)
          || !(ref.get(SESSION_ID) instanceof String session)
          || !(ref.get(FEEDBACK_ID) instanceof String feedbackId)) {
        throw new BSONException(
            String.format(
                "escalation %s: %s holds %s, not a {session_id, feedback_id} sub-document;"
                    + " a document written before feedback was named by session cannot be"
                    + " read: delete it",
                d.get("_id"), field, entry));
      }
      try {
        out.add(new FeedbackRef(session, feedbackId));
      } catch (FeedbackException e) {
        throw new BSONException(
            String.format(
                "escalation %s breaks the model's rules (was it written by another program?):"
                    + " %s: %s",
                d.get("_id"), field, e.getMessage()),
            e);
      }
    }
    return out;
  }

  private static Document action(EscalationAction a) {
    return new Document("by", a.by()).append("at", Date.from(a.at())).append("note", a.note());
  }

  private static @Nullable EscalationAction action(@Nullable Document d) {
    return d == null
        ? null
        : new EscalationAction(d.getString("by"), d.getDate("at").toInstant(), d.getString("note"));
  }

  /**
   * Reads one document; a document that breaks the model's rules (as another program may
   * write it) fails as a BSON error naming the escalation, which the store reports as not
   * retry-safe.
   */
  private static Escalation decode(Document d) {
    try {
      return fields(d);
    } catch (IllegalArgumentException
        | FeedbackException
        | NullPointerException
        | ClassCastException e) {
      throw new BSONException(
          "escalation "
              + d.get("_id")
              + " breaks the model's rules (was it written by another program?): "
              + e.getMessage(),
          e);
    }
  }

  private static Escalation fields(Document d) {
    Map<String, Double> figures = new LinkedHashMap<>();
    Document f = d.get("figures", Document.class);
    if (f != null) {
      f.forEach((k, v) -> figures.put(k, ((Number) v).doubleValue()));
    }
    return Escalation.builder()
        .id(d.getString("_id"))
        .type(d.getString("type"))
        .severity(Severity.valueOf(d.getString("severity").toUpperCase(Locale.ROOT)))
        .rule(d.getString("rule"))
        .subject(d.getString("subject"))
        .status(EscalationStatus.valueOf(d.getString("status").toUpperCase(Locale.ROOT)))
        .count(Objects.requireNonNull((Number) d.get("count"), "count").longValue())
        .raisedAt(d.getDate("raised_at").toInstant())
        .lastRaisedAt(d.getDate("last_raised_at").toInstant())
        .figures(figures)
        .sessionIds(d.getList("session_ids", String.class, List.of()))
        .feedback(refs(d, FEEDBACK_IDS))
        .groups(d.getList("groups", String.class, List.of()))
        .acknowledged(action(d.get("acknowledged", Document.class)))
        .resolved(action(d.get("resolved", Document.class)))
        .build();
  }

  @Override
  public String toString() {
    return "MongoEscalationStore[" + escalations.getNamespace() + "]";
  }

  /**
   * Configures a {@link MongoEscalationStore}. Not thread-safe.
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
     * The client, owned by the caller and never closed by the store. Required.
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
     * Builds the store and makes its unique index on {@code open_key} (idempotent).
     *
     * @return the store
     * @throws NullPointerException naming {@code client} or {@code database} if not set
     * @throws io.github.agentfeedback.FeedbackStoreException if MongoDB fails
     */
    public MongoEscalationStore build() {
      return new MongoEscalationStore(
          this,
          Objects.requireNonNull(client, "client"),
          Objects.requireNonNull(database, "database"));
    }
  }
}
