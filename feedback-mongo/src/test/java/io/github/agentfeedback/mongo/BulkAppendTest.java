package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import de.bwaldvogel.mongo.bson.Document;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spi.AppendResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MongoFeedbackStore#appendAll}: per-item outcomes exactly as single appends would
 * have them, in as few round trips as the items allow.
 */
class BulkAppendTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-04-01T08:00:00Z");

  static Feedback feedback(String id) {
    return Feedback.builder().id(id).rating(Rating.UP).comment("c " + id).createdAt(T0).build();
  }

  static SessionFeedback item(String sessionId, String feedbackId) {
    return new SessionFeedback(sessionId, feedback(feedbackId));
  }

  /** Each result as one word: the outcome, or the failure's type and whether maybe stored. */
  static List<String> outcomes(List<AppendResult> results) {
    return results.stream()
        .map(
            r ->
                r.result() != null
                    ? r.result().outcome().name()
                    : (r.maybeStored() ? "MAYBE " : "FAILED ")
                        + r.failure().getClass().getSimpleName())
        .toList();
  }

  /** Feedback {@code f<from>..f<to - 1>}, item {@code i} in session {@code s<i % 50>}. */
  private static List<SessionFeedback> spread(int from, int to) {
    List<SessionFeedback> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      batch.add(item("s" + i % 50, "f" + i));
    }
    return batch;
  }

  private static List<String> ids(MongoFeedbackStore store, String sessionId) {
    return store.list(sessionId).stream().map(Feedback::id).toList();
  }

  private MongoFeedbackStore.Builder embedded(CommandRecorder commands) {
    return MongoFeedbackStore.builder()
        .client(mongo.newClient(commands))
        .database(mongo.newDatabaseName())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aMixedBatchGetsEachItemsOwnOutcomeInFourRoundTrips() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoTestServer server =
            MongoTestServer.startEmbedded(new FaultyBackend().refusePushOntoNull());
        MongoFeedbackStore store =
            MongoFeedbackStore.builder()
                .client(server.newClient(commands))
                .database("chat")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build()) {
      MongoCollection<BsonDocument> raw =
          server
              .newClient(new CommandRecorder())
              .getDatabase("chat")
              .getCollection("sessions", BsonDocument.class);
      raw.createIndex(BsonDocument.parse("{session_id: 1}"), new IndexOptions().unique(true));
      raw.insertOne(BsonDocument.parse("{_id: 'other-tool-1', session_id: 'claimed'}"));
      raw.insertOne(
          BsonDocument.parse("{_id: 'nul', session_id: 'nul', feedbacks: null, agents: {x: 1}}"));
      raw.insertOne(
          BsonDocument.parse(
              "{_id: 'obj', session_id: 'obj', feedbacks: {id: 'o1', rating: 'up'}}"));
      raw.insertOne(BsonDocument.parse("{_id: 'str', session_id: 'str', feedbacks: 'broken'}"));
      store.append("existing", feedback("old-1"), UnknownSessionPolicy.CREATE);
      commands.clear();

      List<SessionFeedback> batch =
          new ArrayList<>(
              List.of(
                  item("new-a", "a1"),
                  item("existing", "e1"),
                  item("many", "m0"),
                  new SessionFeedback(
                      "existing", feedback("old-1").toBuilder().comment("sent again").build()),
                  item("nul", "n1"),
                  item("many", "m1"),
                  item("obj", "o1"),
                  item("obj", "o2"),
                  item("claimed", "c1"),
                  item("str", "s1"),
                  item("existing", "e1"),
                  new SessionFeedback(" ", feedback("blank-session")),
                  new SessionFeedback(
                      "new-b", Feedback.up("no time").toBuilder().id("b1").build())));
      for (int i = 2; i < 10; i++) {
        batch.add(item("many", "m" + i));
      }
      batch.add(item("new-a", "a2"));

      List<AppendResult> results = store.appendAll(batch, UnknownSessionPolicy.CREATE);

      List<String> expected =
          new ArrayList<>(
              List.of(
                  "CREATED",
                  "CREATED",
                  "CREATED",
                  "DUPLICATE",
                  "CREATED",
                  "CREATED",
                  "FAILED FeedbackStoreException",
                  "FAILED FeedbackStoreException",
                  "FAILED FeedbackStoreException",
                  "FAILED FeedbackStoreException",
                  "DUPLICATE",
                  "FAILED InvalidFeedbackException",
                  "CREATED"));
      expected.addAll(Collections.nCopies(9, "CREATED"));
      assertThat(outcomes(results)).containsExactlyElementsOf(expected);
      assertThat(results.get(3).result().feedback().comment()).isEqualTo("sent again");
      assertThat(results.get(12).result().feedback().createdAt()).isEqualTo(NOW);
      assertThat(results.get(6).failure())
          .hasMessageContaining("session 'obj'")
          .hasMessageContaining("feedback 'o1'")
          .hasMessageContaining("'feedbacks' is of BSON type object, not an array");
      assertThat(results.get(7).failure()).hasMessageContaining("feedback 'o2'");
      assertThat(results.get(8).failure())
          .hasMessageContaining("unique index 'session_id_1'")
          .hasMessageContaining("NOT stored");
      assertThat(results.get(9).failure())
          .hasMessageContaining("'feedbacks' is of BSON type string, not an array");
      assertThat(results.get(11).failure()).hasMessageContaining("sessionId");
      for (int i : new int[] {6, 7, 8, 9}) {
        FeedbackStoreException e = (FeedbackStoreException) results.get(i).failure();
        assertThat(e.operation()).isEqualTo("appendAll");
        assertThat(e.retrySafe()).isFalse();
      }

      // The bulk write; one read of the three sessions it could not settle; the repair of
      // the null; the bulk write of what is left.
      assertThat(commands.commands()).containsExactly("update", "aggregate", "update", "update");
      assertThat(commands.documents().get(0).getArray("updates")).hasSize(8);
      assertThat(commands.documents().get(3).getArray("updates")).hasSize(2);

      assertThat(ids(store, "new-a")).containsExactly("a1", "a2");
      assertThat(ids(store, "existing")).containsExactly("old-1", "e1");
      assertThat(ids(store, "many"))
          .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
      assertThat(ids(store, "nul")).containsExactly("n1");
      assertThat(ids(store, "new-b")).containsExactly("b1");
      assertThat(store.list("existing").get(0).comment()).isEqualTo("c old-1");
      BsonDocument nul = raw.find(Filters.eq("_id", "nul")).first();
      assertThat(nul.getDocument("agents")).isEqualTo(BsonDocument.parse("{x: 1}"));
      assertThat(raw.find(Filters.eq("_id", "obj")).first().get("feedbacks"))
          .isEqualTo(BsonDocument.parse("{id: 'o1', rating: 'up'}"));
      assertThat(raw.find(Filters.eq("_id", "str")).first().get("feedbacks"))
          .isEqualTo(new BsonString("broken"));
      assertThat(raw.countDocuments(Filters.eq("_id", "claimed"))).isZero();
      assertThat(raw.countDocuments(Filters.eq("_id", " "))).isZero();
    }
  }

  @Test
  void aChunkOfNewFeedbackIsOneBulkWriteWithOneUpdatePerSession() {
    CommandRecorder commands = new CommandRecorder();
    List<SessionFeedback> batch = spread(0, 500);
    try (MongoFeedbackStore store = embedded(commands).bulkWriteSize(500).build()) {
      List<AppendResult> results = store.appendAll(batch, UnknownSessionPolicy.CREATE);
      assertThat(outcomes(results)).containsOnly("CREATED").hasSize(500);
      assertThat(commands.commands()).containsExactly("update");
      BsonArray updates = commands.documents().get(0).getArray("updates");
      assertThat(updates).hasSize(50);
      assertThat(updates.get(0).asDocument().getBoolean("upsert").getValue()).isTrue();
      assertThat(commands.documents().get(0).getBoolean("ordered").getValue()).isFalse();
      for (int s = 0; s < 50; s++) {
        List<String> expected = new ArrayList<>();
        for (int i = s; i < 500; i += 50) {
          expected.add("f" + i);
        }
        assertThat(ids(store, "s" + s)).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void aBatchCostsOneBulkWritePerChunkAndAReplayOneReadMore() {
    CommandRecorder commands = new CommandRecorder();
    List<SessionFeedback> batch = spread(0, 500);
    try (MongoFeedbackStore store = embedded(commands).bulkWriteSize(100).build()) {
      assertThat(outcomes(store.appendAll(batch, UnknownSessionPolicy.CREATE)))
          .containsOnly("CREATED");
      assertThat(commands.commands())
          .containsExactly("update", "update", "update", "update", "update");

      commands.clear();
      assertThat(outcomes(store.appendAll(batch, UnknownSessionPolicy.CREATE)))
          .containsOnly("DUPLICATE")
          .hasSize(500);
      assertThat(commands.commands())
          .containsExactly(
              "update",
              "aggregate",
              "update",
              "aggregate",
              "update",
              "aggregate",
              "update",
              "aggregate",
              "update",
              "aggregate");

      commands.clear();
      List<SessionFeedback> known = spread(500, 700);
      assertThat(outcomes(store.appendAll(known, UnknownSessionPolicy.REFUSE)))
          .containsOnly("CREATED")
          .hasSize(200);
      assertThat(commands.commands()).containsExactly("aggregate", "update", "aggregate", "update");
      assertThat(store.list("s0")).hasSize(14);

      commands.clear();
      assertThat(outcomes(store.appendAll(known, UnknownSessionPolicy.REFUSE)))
          .containsOnly("DUPLICATE")
          .hasSize(200);
      assertThat(commands.commands()).containsExactly("aggregate", "aggregate");
      assertThat(store.list("s0")).hasSize(14);
    }
  }

  @Test
  void theRefusePolicyRefusesUnknownSessionsWithoutUpsertingAndFindsDuplicatesBeforeWriting() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoFeedbackStore store = embedded(commands).build()) {
      store.updateMetadata("known", Map.of("variant", "A")); // a session without feedbacks
      store.append("holding", feedback("f-1"), UnknownSessionPolicy.CREATE);
      commands.clear();

      List<AppendResult> results =
          store.appendAll(
              List.of(
                  item("known", "k1"),
                  item("nobody", "x1"),
                  item("holding", "f-1"),
                  item("holding", "f-2"),
                  item("known", "k2"),
                  item("nobody", "x2")),
              UnknownSessionPolicy.REFUSE);

      assertThat(outcomes(results))
          .containsExactly(
              "CREATED",
              "FAILED SessionNotFoundException",
              "DUPLICATE",
              "CREATED",
              "CREATED",
              "FAILED SessionNotFoundException");
      assertThat(((SessionNotFoundException) results.get(1).failure()).sessionId())
          .isEqualTo("nobody");
      assertThat(commands.commands()).containsExactly("aggregate", "update");
      for (BsonValue update : commands.documents().get(1).getArray("updates")) {
        assertThat(update.asDocument().getBoolean("upsert", BsonBoolean.FALSE).getValue())
            .isFalse();
      }
      assertThat(ids(store, "known")).containsExactly("k1", "k2");
      assertThat(ids(store, "holding")).containsExactly("f-1", "f-2");
      assertThat(store.metadata("nobody")).isEmpty();
      assertThat(store.list("nobody")).isEmpty();
    }
  }

  @Test
  void underRefuseAnUpdateThatMatchedNothingIsAttributedByTheNextRead() {
    CommandRecorder commands = new CommandRecorder();
    FaultyBackend backend = new FaultyBackend();
    try (MongoTestServer server = MongoTestServer.startEmbedded(backend);
        MongoFeedbackStore store =
            MongoFeedbackStore.builder()
                .client(server.newClient(commands))
                .database("chat")
                .build()) {
      store.append("k1", feedback("f0"), UnknownSessionPolicy.CREATE);
      store.updateMetadata("k2", Map.of("variant", "B"));
      commands.clear();
      // Another tool deletes k2 between the store's read and its write.
      backend.beforeNextUpdate(
          "delete",
          new Document("delete", "sessions")
              .append(
                  "deletes",
                  List.of(new Document("q", new Document("_id", "k2")).append("limit", 1))));

      List<AppendResult> results =
          store.appendAll(List.of(item("k1", "x"), item("k2", "y")), UnknownSessionPolicy.REFUSE);

      assertThat(outcomes(results)).containsExactly("CREATED", "FAILED SessionNotFoundException");
      assertThat(commands.commands()).containsExactly("aggregate", "update", "aggregate");
      assertThat(ids(store, "k1")).containsExactly("f0", "x");
      assertThat(store.metadata("k2")).isEmpty();
    }
  }

  /**
   * The documented limit of REFUSE: MongoDB counts the updates that matched but does not say
   * which, so an id another writer stores in the same session between the read and the
   * write is reported created here too. It is stored once.
   */
  @Test
  void underRefuseAnIdAnotherWriterStoresMeanwhileIsStoredOnce() {
    FaultyBackend backend = new FaultyBackend();
    try (MongoTestServer server = MongoTestServer.startEmbedded(backend);
        MongoFeedbackStore store =
            MongoFeedbackStore.builder()
                .client(server.newClient(new CommandRecorder()))
                .database("chat")
                .build()) {
      store.append("k1", feedback("f0"), UnknownSessionPolicy.CREATE);
      store.append("k2", feedback("g0"), UnknownSessionPolicy.CREATE);
      backend.beforeNextUpdate(
          "update",
          new Document("update", "sessions")
              .append(
                  "updates",
                  List.of(
                      new Document("q", new Document("_id", "k1"))
                          .append(
                              "u",
                              new Document(
                                  "$push",
                                  new Document(
                                      "feedbacks",
                                      new Document("id", "x")
                                          .append("rating", "up")
                                          .append("comment", "other writer")))))));

      List<AppendResult> results =
          store.appendAll(List.of(item("k1", "x"), item("k2", "y")), UnknownSessionPolicy.REFUSE);

      assertThat(outcomes(results)).containsExactly("CREATED", "CREATED");
      assertThat(ids(store, "k1")).containsExactly("f0", "x");
      assertThat(store.list("k1").get(1).comment()).isEqualTo("other writer");
      assertThat(ids(store, "k2")).containsExactly("g0", "y");
    }
  }

  @Test
  void theRetentionCapAppliesToEachSessionsUpdateAndTrimmedItemsAreReportedSo() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoFeedbackStore store = embedded(commands).maxFeedbacksPerSession(3).build()) {
      store.append("s1", feedback("old"), UnknownSessionPolicy.CREATE);
      commands.clear();
      // All were given at T0: the cap keeps the three greatest ids, "old" among them.
      List<AppendResult> results =
          store.appendAll(
              List.of(
                  item("s1", "f0"),
                  item("s2", "g0"),
                  item("s1", "f1"),
                  item("s1", "f2"),
                  item("s1", "f3"),
                  item("s2", "g1")),
              UnknownSessionPolicy.CREATE);
      assertThat(outcomes(results))
          .containsExactly("TRIMMED", "CREATED", "TRIMMED", "CREATED", "CREATED", "CREATED");
      // One update per session, then the read that tells which items the cap kept.
      assertThat(commands.commands()).containsExactly("update", "aggregate");
      assertThat(ids(store, "s1")).containsExactly("f2", "f3", "old");
      assertThat(ids(store, "s2")).containsExactly("g0", "g1");
      BsonDocument push =
          commands
              .documents()
              .get(0)
              .getArray("updates")
              .get(0)
              .asDocument()
              .getDocument("u")
              .getDocument("$push")
              .getDocument("feedbacks");
      assertThat(push.getInt32("$slice").getValue()).isEqualTo(-3);
      assertThat(push.getDocument("$sort")).isEqualTo(BsonDocument.parse("{created_at: 1, id: 1}"));
      assertThat(push.getArray("$each")).hasSize(4);

      assertThat(
              outcomes(
                  store.appendAll(
                      List.of(item("s1", "f3"), item("s2", "g0"), item("s1", "f0")),
                      UnknownSessionPolicy.CREATE)))
          .containsExactly("DUPLICATE", "DUPLICATE", "TRIMMED");
      assertThat(ids(store, "s1")).containsExactly("f2", "f3", "old");
    }
  }

  @Test
  void anUpdateOfSeveralItemsThatMongoRefusesIsWrittenAgainOneItemAtATime() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoTestServer server =
            MongoTestServer.startEmbedded(new FaultyBackend().refuseAsTooLarge("big"));
        MongoFeedbackStore store =
            MongoFeedbackStore.builder()
                .client(server.newClient(commands))
                .database("chat")
                .build()) {
      List<AppendResult> results =
          store.appendAll(
              List.of(item("s", "t1"), item("u", "u1"), item("s", "big"), item("s", "t3")),
              UnknownSessionPolicy.CREATE);

      assertThat(outcomes(results))
          .containsExactly("CREATED", "CREATED", "FAILED FeedbackStoreException", "CREATED");
      assertThat(results.get(2).failure())
          .hasMessageContaining("16 MB")
          .hasMessageContaining("maxFeedbacksPerSession");
      assertThat(((FeedbackStoreException) results.get(2).failure()).retrySafe()).isFalse();
      // s's update fails as a whole; then its items go one per bulk write, in order.
      assertThat(commands.commands()).containsExactly("update", "update", "update", "update");
      assertThat(ids(store, "s")).containsExactly("t1", "t3");
      assertThat(ids(store, "u")).containsExactly("u1");
    }
  }

  @Test
  void aForeignUniqueIndexFailsOnlyTheItemsItRefuses() {
    String database = mongo.newDatabaseName();
    try (MongoFeedbackStore store =
        MongoFeedbackStore.builder().client(mongo.client()).database(database).build()) {
      MongoCollection<BsonDocument> raw =
          mongo.client().getDatabase(database).getCollection("sessions", BsonDocument.class);
      raw.createIndex(BsonDocument.parse("{'feedbacks.id': 1}"), new IndexOptions().unique(true));
      store.append("a", feedback("taken"), UnknownSessionPolicy.CREATE);

      List<AppendResult> results =
          store.appendAll(
              List.of(item("m", "m1"), item("m", "taken"), item("m", "m3"), item("a", "taken")),
              UnknownSessionPolicy.CREATE);

      assertThat(outcomes(results))
          .containsExactly("CREATED", "FAILED FeedbackStoreException", "CREATED", "DUPLICATE");
      assertThat(results.get(1).failure())
          .hasMessageContaining("unique index 'feedbacks.id_1'")
          .hasMessageContaining("NOT stored");
      assertThat(ids(store, "m")).containsExactly("m1", "m3");
      assertThat(ids(store, "a")).containsExactly("taken");
    }
  }

  @Test
  void aSessionsItemsBeyondEightMegabytesGoIntoTheNextBulkWriteInOrder() {
    CommandRecorder commands = new CommandRecorder();
    String comment = "x".repeat(900_000);
    List<SessionFeedback> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(new SessionFeedback("big", feedback("f" + i).toBuilder().comment(comment).build()));
    }
    batch.add(item("small", "s0"));
    try (MongoFeedbackStore store = embedded(commands).build()) {
      assertThat(outcomes(store.appendAll(batch, UnknownSessionPolicy.CREATE)))
          .containsOnly("CREATED")
          .hasSize(11);
      assertThat(commands.commands()).containsExactly("update", "update");
      assertThat(commands.documents().get(0).getArray("updates")).hasSize(2);
      assertThat(ids(store, "big"))
          .containsExactly("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9");
    }
  }

  @Test
  void aWriteConcernErrorLeavesTheAppliedItemsMaybeStored() {
    FaultyBackend backend = new FaultyBackend();
    try (MongoTestServer server = MongoTestServer.startEmbedded(backend);
        MongoFeedbackStore store =
            MongoFeedbackStore.builder()
                .client(server.newClient(new CommandRecorder()))
                .database("chat")
                .bulkWriteSize(2)
                .build()) {
      store.append("s1", feedback("old"), UnknownSessionPolicy.CREATE);
      backend.writeConcernError(64, "waiting for replication timed out", true);

      List<AppendResult> results =
          store.appendAll(
              List.of(item("s1", "old"), item("s2", "n1"), item("s3", "later")),
              UnknownSessionPolicy.CREATE);

      // s1's update met a duplicate key that no read explained; s2's was applied, not
      // confirmed; s3's chunk was never sent.
      assertThat(outcomes(results))
          .containsExactly(
              "MAYBE FeedbackStoreException",
              "MAYBE FeedbackStoreException",
              "FAILED FeedbackStoreException");
      assertThat(results.get(1).failure())
          .hasMessageContaining("could not tell whether this item is stored")
          .hasMessageContaining(
              "applied on the primary, but its write concern was not " + "confirmed");
      assertThat(results.get(2).failure()).hasMessageContaining("was not sent");
      assertThat(results)
          .allSatisfy(r -> assertThat(((FeedbackStoreException) r.failure()).retrySafe()).isTrue());

      backend.confirmWrites();
      assertThat(
              outcomes(
                  store.appendAll(
                      List.of(item("s1", "old"), item("s2", "n1"), item("s3", "later")),
                      UnknownSessionPolicy.CREATE)))
          .containsExactly("DUPLICATE", "DUPLICATE", "CREATED");
      assertThat(ids(store, "s1")).containsExactly("old");
      assertThat(ids(store, "s2")).containsExactly("n1");
    }
  }

  @Test
  void badArgumentsAreNamedAndInvalidItemsFailAlone() {
    try (MongoFeedbackStore store = TestStores.fresh(mongo).build()) {
      assertThatThrownBy(() -> store.appendAll(null, UnknownSessionPolicy.CREATE))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("items");
      assertThatThrownBy(
              () ->
                  store.appendAll(Arrays.asList(item("s", "a"), null), UnknownSessionPolicy.CREATE))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("items[1]");
      assertThatThrownBy(() -> store.appendAll(List.of(item("s", "a")), null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("policy");
      assertThat(store.list("s")).isEmpty();

      List<AppendResult> results =
          store.appendAll(
              List.of(
                  new SessionFeedback("s", Feedback.up("no id")),
                  item("x".repeat(1025), "a"),
                  item("s", "ok")),
              UnknownSessionPolicy.CREATE);
      assertThat(outcomes(results))
          .containsExactly(
              "FAILED InvalidFeedbackException", "FAILED InvalidFeedbackException", "CREATED");
      assertThat(((InvalidFeedbackException) results.get(1).failure()).fields())
          .contains("sessionId");
      assertThat(store.appendAll(List.of(), UnknownSessionPolicy.CREATE)).isEmpty();
    }
  }

  @Test
  void theBulkWriteSizeIsCheckedAndSharedByFactoryStores() {
    assertThatThrownBy(() -> MongoFeedbackStore.builder().bulkWriteSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bulkWriteSize")
        .hasMessageContaining("1..100000");
    assertThatThrownBy(() -> MongoFeedbackStore.builder().bulkWriteSize(100_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bulkWriteSize");
    assertThatThrownBy(() -> MongoFeedbackStores.builder().bulkWriteSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bulkWriteSize");

    CommandRecorder commands = new CommandRecorder();
    try (MongoFeedbackStores stores =
        MongoFeedbackStores.builder()
            .client(mongo.newClient(commands))
            .database(mongo.newDatabaseName())
            .bulkWriteSize(2)
            .build()) {
      MongoFeedbackStore store = stores.store();
      assertThat(
              outcomes(
                  store.appendAll(
                      List.of(
                          item("s", "a"),
                          item("s", "b"),
                          item("s", "c"),
                          item("t", "d"),
                          item("t", "e")),
                      UnknownSessionPolicy.CREATE)))
          .containsOnly("CREATED");
      assertThat(commands.commands()).containsExactly("update", "update", "update");
      assertThat(ids(store, "s")).containsExactly("a", "b", "c");
    }
  }

  @Test
  void resultsCarryTheFeedbackAsStored() {
    try (MongoFeedbackStore store =
        TestStores.fresh(mongo).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
      Feedback untimed = Feedback.down("no time").toBuilder().id("u1").build();
      List<AppendResult> results =
          store.appendAll(List.of(new SessionFeedback("s", untimed)), UnknownSessionPolicy.CREATE);
      FeedbackResult r = results.get(0).result();
      assertThat(r.created()).isTrue();
      assertThat(r.feedback()).isEqualTo(untimed.toBuilder().createdAt(NOW).build());
      assertThat(store.list("s")).containsExactly(untimed.toBuilder().createdAt(NOW).build());
    }
  }
}
