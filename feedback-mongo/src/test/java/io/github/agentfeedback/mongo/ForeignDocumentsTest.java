package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.bson.Document;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.mongo.internal.FeedbacksField;
import io.github.agentfeedback.mongo.internal.StoreCall;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session documents other tools wrote: a {@code feedbacks} that is null or no array, UUIDs
 * of older Python drivers, unique indexes the store did not create.
 */
class ForeignDocumentsTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private MongoFeedbackStore store;
  private MongoCollection<BsonDocument> raw;

  @BeforeEach
  void open() {
    String database = mongo.newDatabaseName();
    store = MongoFeedbackStore.builder().client(mongo.client()).database(database).build();
    raw = mongo.client().getDatabase(database).getCollection("sessions", BsonDocument.class);
  }

  private static Feedback feedback(String id) {
    return Feedback.builder().id(id).rating(Rating.UP).comment("c " + id).createdAt(T0).build();
  }

  private BsonValue storedFeedbacks(String sessionId) {
    return raw.find(Filters.eq("_id", sessionId)).first().get("feedbacks");
  }

  @Test
  void aNullFeedbacksListsNothingAndTakesTheNextAppend() {
    raw.insertOne(BsonDocument.parse("{_id: 's', session_id: 's', feedbacks: null}"));
    assertThat(store.list("s")).isEmpty();
    assertThat(total(FeedbackQuery.all())).isZero();

    assertThat(store.append("s", feedback("f-1"), UnknownSessionPolicy.CREATE).created()).isTrue();
    assertThat(store.list("s")).containsExactly(feedback("f-1"));
    assertThat(storedFeedbacks("s").isArray()).isTrue();
    assertThat(store.append("s", feedback("f-1"), UnknownSessionPolicy.REFUSE).created()).isFalse();
  }

  @Test
  void whereMongoDbRefusesToPushOntoNullTheNullIsReplacedAndTheAppendRepeated() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoTestServer server =
            MongoTestServer.startEmbedded(new FaultyBackend().refusePushOntoNull());
        MongoFeedbackStore faithful =
            MongoFeedbackStore.builder()
                .client(server.newClient(commands))
                .database("chat")
                .build()) {
      MongoCollection<BsonDocument> sessions =
          server
              .newClient(new CommandRecorder())
              .getDatabase("chat")
              .getCollection("sessions", BsonDocument.class);
      sessions.insertOne(BsonDocument.parse("{_id: 'a', feedbacks: null, agents: {x: 1}}"));
      sessions.insertOne(BsonDocument.parse("{_id: 'b', feedbacks: null}"));

      assertThat(faithful.append("a", feedback("f-1"), UnknownSessionPolicy.CREATE).created())
          .isTrue();
      // the refused push, the read that finds the null, the repair, the push again; then,
      // since the store did not create the session, it counts the array once (a read and a
      // compare-and-set write of the counts)
      assertThat(commands.commands())
          .containsExactly("findAndModify", "find", "update", "findAndModify", "find", "update");
      // MongoDB answers a refused findAndModify with a command error, which the store reads
      assertThat(commands.failures()).containsExactly("findAndModify");
      assertThat(faithful.list("a")).containsExactly(feedback("f-1"));
      assertThat(sessions.find(Filters.eq("_id", "a")).first().getDocument("agents"))
          .isEqualTo(BsonDocument.parse("{x: 1}"));

      assertThat(faithful.append("b", feedback("f-2"), UnknownSessionPolicy.REFUSE).created())
          .isTrue();
      assertThat(faithful.list("b")).containsExactly(feedback("f-2"));
    }
  }

  @Test
  void aFeedbacksThatIsNoArrayIsRefusedNamingTheSessionAndWhatItHolds() {
    raw.insertOne(BsonDocument.parse("{_id: 'obj', feedbacks: {id: 'other', rating: 'up'}}"));
    raw.insertOne(BsonDocument.parse("{_id: 'str', feedbacks: 'broken'}"));
    for (UnknownSessionPolicy policy : UnknownSessionPolicy.values()) {
      assertThatThrownBy(() -> store.append("obj", feedback("f-1"), policy))
          .isInstanceOfSatisfying(
              FeedbackStoreException.class,
              e -> {
                assertThat(e.operation()).isEqualTo("append");
                assertThat(e.sessionId()).contains("obj");
                assertThat(e.retrySafe()).isFalse();
              })
          .hasMessageContaining("'feedbacks' is of BSON type object, not an array");
      assertThatThrownBy(() -> store.append("str", feedback("f-1"), policy))
          .isInstanceOf(FeedbackStoreException.class)
          .hasMessageContaining("'str'")
          .hasMessageContaining("'feedbacks' is of BSON type string, not an array");
    }
    assertThat(storedFeedbacks("obj")).isEqualTo(BsonDocument.parse("{id: 'other', rating: 'up'}"));
    assertThat(storedFeedbacks("str")).isEqualTo(new BsonString("broken"));
  }

  @Test
  void anObjectHoldingTheSameIdIsNoDuplicate() {
    raw.insertOne(BsonDocument.parse("{_id: 's', feedbacks: {id: 'f-1', rating: 'up'}}"));
    for (UnknownSessionPolicy policy : UnknownSessionPolicy.values()) {
      assertThatThrownBy(() -> store.append("s", feedback("f-1"), policy))
          .isInstanceOf(FeedbackStoreException.class)
          .hasMessageContaining("not an array");
    }
  }

  @Test
  void listStreamAndStatsAgreeThatANonArrayHoldsNoFeedback() {
    raw.insertOne(
        BsonDocument.parse(
            "{_id: 'a-object', feedbacks: {id: 'x', rating: 'up', "
                + "comment: 'looks like feedback'}}"));
    raw.insertOne(BsonDocument.parse("{_id: 'b-string', feedbacks: 'up'}"));
    raw.insertOne(BsonDocument.parse("{_id: 'c-null', feedbacks: null}"));
    raw.insertOne(
        BsonDocument.parse(
            "{_id: 'd-mixed', feedbacks: ['up', 7, null, "
                + "{id: 'y', rating: 'down', comment: 'real'}]}"));
    raw.insertOne(BsonDocument.parse("{_id: 'e-none'}"));

    for (String s : List.of("a-object", "b-string", "c-null", "e-none")) {
      assertThat(store.list(s)).as(s).isEmpty();
    }
    assertThat(store.list("d-mixed")).extracting(Feedback::id).containsExactly("y");
    try (Stream<SessionFeedback> all = store.stream(FeedbackQuery.all())) {
      assertThat(all.map(sf -> sf.sessionId() + "/" + sf.feedback().id()))
          .containsExactly("d-mixed/y");
    }
    assertThat(total(FeedbackQuery.all())).isEqualTo(1);
    assertThat(total(FeedbackQuery.builder().rating(Rating.UP).build())).isZero();
    assertThat(store.eraseUser("nobody")).isZero();
  }

  @Test
  void uuidsOfOlderPythonDriversReadAsTheirText() {
    // pymongo's PYTHON_LEGACY writes uuid.bytes as they are, with subtype 3; the Java
    // driver's legacy order would reverse each half and read another UUID.
    UUID uuid = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    byte[] pythonBytes = new byte[16];
    for (int i = 0; i < 16; i++) {
      pythonBytes[i] = (byte) (i * 0x11);
    }
    BsonBinary legacy = new BsonBinary(BsonBinarySubType.UUID_LEGACY, pythonBytes);
    assertThat(legacy.asUuid(UuidRepresentation.JAVA_LEGACY)).isNotEqualTo(uuid);
    raw.insertOne(
        new BsonDocument("_id", new BsonString("py"))
            .append("metadata", new BsonDocument("customer", legacy))
            .append(
                "feedbacks",
                new org.bson.BsonArray(
                    List.of(
                        BsonDocument.parse(
                                "{rating: 'up', comment: 'uuid', created_at: {$date: '2026-03-01T10:00:00Z'}}")
                            .append("user_id", legacy)
                            .append("request", legacy)
                            .append("trace", new BsonBinary(uuid))))));

    assertThat(store.metadata("py")).containsEntry("customer", uuid.toString());
    Feedback read = store.list("py").get(0);
    assertThat(read.userId()).isEqualTo(uuid.toString());
    assertThat(read.attributes())
        .containsEntry("request", uuid.toString())
        .containsEntry("trace", uuid.toString());
    assertThat(total(FeedbackQuery.builder().userId(uuid.toString()).build())).isEqualTo(1);
    assertThat(store.eraseUser(uuid.toString())).isEqualTo(1);
    assertThat(store.list("py")).isEmpty();
  }

  @Test
  void aForeignUniqueIndexOnFeedbackIdsFailsTheAppendInsteadOfReportingADuplicate() {
    raw.createIndex(BsonDocument.parse("{'feedbacks.id': 1}"), new IndexOptions().unique(true));
    assertThat(store.append("a", feedback("f-1"), UnknownSessionPolicy.CREATE).created()).isTrue();

    for (String session : List.of("b", "a-existing")) {
      if (session.equals("a-existing")) {
        store.append(session, feedback("f-0"), UnknownSessionPolicy.CREATE);
      }
      assertThatThrownBy(() -> store.append(session, feedback("f-1"), UnknownSessionPolicy.CREATE))
          .isInstanceOfSatisfying(
              FeedbackStoreException.class,
              e -> {
                assertThat(e.retrySafe()).isFalse();
                assertThat(e.getCause()).isNotNull();
              })
          .hasMessageContaining("unique index 'feedbacks.id_1'")
          .hasMessageContaining("NOT stored");
    }
    assertThat(store.list("b")).isEmpty();
    assertThat(store.list("a-existing")).extracting(Feedback::id).containsExactly("f-0");
    // A true replay is still a duplicate: the read confirms the session holds the id.
    assertThat(store.append("a", feedback("f-1"), UnknownSessionPolicy.CREATE).created()).isFalse();
  }

  @Test
  void aForeignUniqueIndexOnSessionIdFailsAppendsAndMetadataUpdates() {
    raw.createIndex(BsonDocument.parse("{session_id: 1}"), new IndexOptions().unique(true));
    raw.insertOne(BsonDocument.parse("{_id: 'other-tool-1', session_id: 's'}"));
    assertThatThrownBy(() -> store.append("s", feedback("f-1"), UnknownSessionPolicy.CREATE))
        .isInstanceOf(FeedbackStoreException.class)
        .hasMessageContaining("unique index 'session_id_1'");
    assertThatThrownBy(() -> store.updateMetadata("s", Map.of("variant", "A")))
        .isInstanceOfSatisfying(
            FeedbackStoreException.class,
            e -> assertThat(e.operation()).isEqualTo("updateMetadata"))
        .hasMessageContaining("unique index 'session_id_1'");
    assertThat(raw.countDocuments(Filters.eq("_id", "s"))).isZero();
  }

  @Test
  void theNullRepairLeavesAnArrayAloneEvenWithANullElement() {
    raw.insertOne(BsonDocument.parse("{_id: 'null', feedbacks: null}"));
    raw.insertOne(BsonDocument.parse("{_id: 'holes', feedbacks: [null, {id: 'x'}, null]}"));
    raw.insertOne(BsonDocument.parse("{_id: 'missing', agents: {}}"));
    FeedbacksField.repairNulls(
        StoreCall.of(
            "append", null, null, Duration.ofSeconds(10), StoreCall.Budget.WHOLE_OPERATION),
        raw,
        List.of("null", "holes", "missing"));
    assertThat(raw.find(Filters.eq("_id", "null")).first().getArray("feedbacks")).isEmpty();
    assertThat(raw.find(Filters.eq("_id", "holes")).first())
        .isEqualTo(BsonDocument.parse("{_id: 'holes', feedbacks: [null, {id: 'x'}, null]}"));
    assertThat(raw.find(Filters.eq("_id", "missing")).first())
        .isEqualTo(BsonDocument.parse("{_id: 'missing', agents: {}}"));
  }

  @Test
  void feedbackStoredBetweenTheReadOfANullAndItsRepairIsKept() {
    FaultyBackend backend = new FaultyBackend().refusePushOntoNull();
    Document other =
        new Document("id", "x")
            .append("rating", "up")
            .append("comment", "kept")
            .append("created_at", T0);
    // When the store reads the null, another writer puts an array there, with a null in it
    // (once: later reads, such as the one that counts the session, meet no interloper).
    java.util.concurrent.atomic.AtomicBoolean once =
        new java.util.concurrent.atomic.AtomicBoolean();
    CommandListener interloper =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("find") && once.compareAndSet(false, true)) {
              backend.beforeNextUpdate(
                  "update",
                  new Document("update", "sessions")
                      .append(
                          "updates",
                          List.of(
                              new Document("q", new Document("_id", "a"))
                                  .append(
                                      "u",
                                      new Document(
                                          "$set",
                                          new Document(
                                              "feedbacks",
                                              java.util.Arrays.asList(null, other)))))));
            }
          }
        };
    try (MongoTestServer server = MongoTestServer.startEmbedded(backend);
        MongoFeedbackStore store =
            MongoFeedbackStore.builder()
                .client(server.newClient(interloper))
                .database("chat")
                .build()) {
      MongoCollection<BsonDocument> sessions =
          server
              .newClient(new CommandRecorder())
              .getDatabase("chat")
              .getCollection("sessions", BsonDocument.class);
      sessions.insertOne(BsonDocument.parse("{_id: 'a', feedbacks: null}"));

      assertThat(store.append("a", feedback("f-1"), UnknownSessionPolicy.CREATE).created())
          .isTrue();
      assertThat(store.list("a")).extracting(Feedback::id).containsExactly("x", "f-1");
      assertThat(sessions.find().first().getArray("feedbacks")).hasSize(3);
    }
  }

  private long total(FeedbackQuery query) {
    return FeedbackAnalytics.of(store).summary(query).ratings().total();
  }
}
