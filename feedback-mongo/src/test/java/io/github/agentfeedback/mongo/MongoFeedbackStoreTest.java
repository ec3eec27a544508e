package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.FeedbackStoreContract;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MongoDB store meets the store contract, and does what only it can. */
class MongoFeedbackStoreTest extends FeedbackStoreContract {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant NOW = Instant.parse("2026-04-01T08:00:00Z");

  private String database;

  @Override
  protected int appendsPerThread() {
    return 50; // ConcurrencyTest covers the 16 x 500 against this server
  }

  @Override
  protected FeedbackStore newStore() {
    database = mongo.newDatabaseName();
    return builder(mongo.client()).build();
  }

  @Override
  protected FeedbackStore newCappedStore(int max) {
    return MongoFeedbackStore.builder()
        .client(mongo.client())
        .database(mongo.newDatabaseName())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .maxFeedbacksPerSession(max)
        .build();
  }

  /**
   * Only on a real MongoDB: the embedded server sorts strings by UTF-16 units, MongoDB by
   * simple binary comparison (their UTF-8 bytes, so by code point); see docs/mongodb.md.
   */
  @Override
  @Test
  public void streamOrderAndTheCapsTiesFollowCodePoints() {
    assumeFalse(mongo.isEmbedded(), "the embedded server orders strings by UTF-16 units");
    super.streamOrderAndTheCapsTiesFollowCodePoints();
  }

  private MongoFeedbackStore.Builder builder(MongoClient client) {
    return MongoFeedbackStore.builder()
        .client(client)
        .database(database)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private BsonDocument raw(String sessionId) {
    return mongo
        .client()
        .getDatabase(database)
        .getCollection("sessions", BsonDocument.class)
        .find(Filters.eq("_id", sessionId))
        .first();
  }

  @Test
  void documentsHaveTheSharedSchemaWithBsonDates() {
    add("s1", Feedback.neutral("later").toBuilder().id("n1").createdAt(T0).build());
    add(
        "s1",
        feedback("u1", Rating.UP, T0).toBuilder()
            .userId("u")
            .messageId("m")
            .tags(List.of("t"))
            .build());
    BsonDocument doc = raw("s1");
    assertThat(doc.getString("session_id").getValue()).isEqualTo("s1");
    assertThat(doc.get("created_at").getBsonType()).isEqualTo(BsonType.DATE_TIME);
    assertThat(doc.getDateTime("updated_at").getValue()).isEqualTo(NOW.toEpochMilli());
    BsonDocument neutral = doc.getArray("feedbacks").get(0).asDocument();
    assertThat(neutral.keySet()).containsExactly("id", "rating", "comment", "created_at");
    assertThat(neutral.get("rating").isNull()).isTrue();
    assertThat(neutral.getDateTime("created_at").getValue()).isEqualTo(T0.toEpochMilli());
    BsonDocument up = doc.getArray("feedbacks").get(1).asDocument();
    assertThat(up.getString("rating").getValue()).isEqualTo("up");
    assertThat(up.keySet())
        .containsExactly("id", "rating", "comment", "created_at", "user_id", "message_id", "tags");
  }

  @Test
  void feedbackWithoutCreationTimeGetsTheStoreClock() {
    Feedback f = Feedback.builder().id("x").build();
    assertThat(add("s1", f).feedback().createdAt()).isEqualTo(NOW);
    assertThat(store.list("s1").get(0).createdAt()).isEqualTo(NOW);
  }

  @Test
  void feedbackWithoutIdIsRejected() {
    assertThatThrownBy(() -> add("s1", Feedback.up("no id").toBuilder().createdAt(T0).build()))
        .isInstanceOf(InvalidFeedbackException.class)
        .hasMessageContaining("id");
  }

  @Test
  void badInputNeverReachesTheServer() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoFeedbackStore watched = builder(mongo.newClient(commands)).build()) {
      Feedback ok = feedback("a", Rating.UP, T0);
      assertThatThrownBy(() -> watched.updateMetadata("s1", Map.of("$where", "1")))
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageContaining("$where");
      assertThatThrownBy(() -> watched.updateMetadata("s1", Map.of("a.b", "1", "c", "2")))
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageContaining("a.b");
      assertThatThrownBy(() -> watched.updateMetadata("s1", Map.of("", "1")))
          .isInstanceOf(InvalidFeedbackException.class);
      assertThatThrownBy(() -> watched.updateMetadata("s1", Map.of("nul\0", "1")))
          .isInstanceOf(InvalidFeedbackException.class);
      assertThatThrownBy(() -> watched.updateMetadata("s1", Map.of("ok", Map.of("$gt", ""))))
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageContaining("$gt");
      assertThatThrownBy(() -> watched.deleteMetadata("s1", List.of("ok", "a.b")))
          .isInstanceOf(InvalidFeedbackException.class);
      assertThatThrownBy(() -> watched.append("", ok, UnknownSessionPolicy.CREATE))
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageContaining("sessionId");
      assertThatThrownBy(() -> watched.append("x".repeat(1025), ok, UnknownSessionPolicy.CREATE))
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageContaining("1024");
      assertThatThrownBy(() -> watched.list(" ")).isInstanceOf(InvalidFeedbackException.class);
      assertThatThrownBy(() -> ok.toBuilder().attribute("filter", Map.of("$gt", "")).build())
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageContaining("$gt");
      assertThatThrownBy(() -> ok.toBuilder().attribute("$where", "1").build())
          .isInstanceOf(InvalidFeedbackException.class);
      assertThat(commands.commands()).isEmpty();

      String longest = "x".repeat(1024);
      assertThat(watched.append(longest, ok, UnknownSessionPolicy.CREATE).created()).isTrue();
      assertThat(watched.list(longest)).containsExactly(ok);
    }
    assertThat(mongo.client().getDatabase(database).getCollection("sessions").countDocuments())
        .isEqualTo(1);
  }

  @Test
  void retentionCapKeepsTheNewest() {
    try (MongoFeedbackStore capped = builder(mongo.client()).maxFeedbacksPerSession(3).build()) {
      for (int i = 0; i < 5; i++) {
        capped.append(
            "s1", feedback("f" + i, Rating.UP, T0.plusSeconds(i)), UnknownSessionPolicy.CREATE);
      }
      assertThat(capped.list("s1")).extracting(Feedback::id).containsExactly("f2", "f3", "f4");
      assertThat(
              capped
                  .append("s1", feedback("f4", Rating.UP, T0), UnknownSessionPolicy.CREATE)
                  .created())
          .isFalse();
    }
  }

  @Test
  void streamReadsThroughACursorInBatchesAndClosesIt() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoFeedbackStore watched = builder(mongo.newClient(commands)).batchSize(2).build()) {
      for (int i = 0; i < 7; i++) {
        watched.append(
            "s" + (i % 2),
            feedback("f" + i, Rating.UP, T0.plusSeconds(i)),
            UnknownSessionPolicy.CREATE);
      }
      commands.clear();
      try (Stream<SessionFeedback> all = watched.stream(FeedbackQuery.all())) {
        assertThat(all.map(sf -> sf.sessionId() + "/" + sf.feedback().id()))
            .containsExactly("s0/f0", "s0/f2", "s0/f4", "s0/f6", "s1/f1", "s1/f3", "s1/f5");
      }
      assertThat(commands.documents().get(0).getDocument("cursor").getInt32("batchSize").getValue())
          .isEqualTo(2);
      if (mongo.isEmbedded()) {
        // mongo-java-server answers an aggregation in one batch, whatever the batch size.
        return;
      }
      assertThat(commands.commands().stream().filter("getMore"::equals).count())
          .isGreaterThanOrEqualTo(3);
      commands.clear();
      try (Stream<SessionFeedback> first = watched.stream(FeedbackQuery.all())) {
        assertThat(first.findFirst()).isPresent();
      }
      assertThat(commands.commands()).containsExactly("aggregate", "killCursors");
    }
  }

  @Test
  void ensureIndexesIsIdempotent() {
    try (MongoFeedbackStore indexed =
        builder(mongo.client()).metadataIndexFields("variant", "model").build()) {
      indexed.ensureIndexes();
      indexed.ensureIndexes();
      Set<String> keys =
          mongo
              .client()
              .getDatabase(database)
              .getCollection("sessions")
              .listIndexes()
              .into(new java.util.ArrayList<>())
              .stream()
              .map(ix -> ((Document) ix.get("key")).keySet().iterator().next())
              .collect(Collectors.toSet());
      // Only what the store's queries use: no feedbacks.id (always with _id equality) and
      // no updated_at (no query of the store).
      assertThat(keys)
          .containsExactlyInAnyOrder(
              "_id",
              "feedbacks.created_at",
              "feedbacks.user_id",
              "metadata.variant",
              "metadata.model");
    }
    assertThatThrownBy(() -> MongoFeedbackStore.builder().metadataIndexFields("a.b"))
        .isInstanceOf(InvalidFeedbackException.class);
  }

  @Test
  void closingNeverClosesACallerOwnedClient() {
    MongoClient own = mongo.newClient(new CommandRecorder());
    MongoFeedbackStore borrowed = builder(own).build();
    borrowed.close();
    borrowed.close();
    assertThat(own.getDatabase(database).getCollection("sessions").countDocuments()).isZero();

    MongoFeedbackStore owning =
        MongoFeedbackStore.builder()
            .connectionString(mongo.connectionString())
            .database(database)
            .build();
    owning.append("s1", feedback("a", Rating.UP, T0), UnknownSessionPolicy.CREATE);
    assertThat(owning.list("s1")).hasSize(1);
    owning.close();
    owning.close();
    assertThatThrownBy(() -> owning.list("s1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void factoryStoresShareOneClient() {
    MongoClient shared = mongo.newClient(new CommandRecorder());
    try (MongoFeedbackStores stores =
        MongoFeedbackStores.builder()
            .client(shared)
            .database(database)
            .maxFeedbacksPerSession(2)
            .build()) {
      MongoFeedbackStore a = stores.store();
      MongoFeedbackStore b = stores.store("archive");
      for (int i = 0; i < 3; i++) {
        a.append("s1", feedback("f" + i, Rating.UP, T0), UnknownSessionPolicy.CREATE);
      }
      b.append("s1", feedback("x", Rating.UP, T0), UnknownSessionPolicy.CREATE);
      assertThat(a.list("s1")).extracting(Feedback::id).containsExactly("f1", "f2");
      assertThat(b.list("s1")).extracting(Feedback::id).containsExactly("x");
      assertThat(stores.client()).isSameAs(shared);
      a.close();
      assertThat(b.list("s1")).hasSize(1);
    }
    assertThat(shared.getDatabase(database).getCollection("archive").countDocuments()).isEqualTo(1);

    MongoFeedbackStores owning =
        MongoFeedbackStores.builder()
            .connectionString(mongo.connectionString())
            .database(database)
            .build();
    MongoFeedbackStore c = owning.store();
    assertThat(c.list("s1")).hasSize(2);
    c.close();
    assertThat(owning.store().list("s1")).hasSize(2);
    owning.close();
    assertThatThrownBy(() -> c.list("s1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(owning::store).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRejectsIncompleteSettings() {
    assertThatThrownBy(() -> MongoFeedbackStore.builder().database("d").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client");
    assertThatThrownBy(() -> MongoFeedbackStore.builder().client(mongo.client()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("database");
    assertThatThrownBy(
            () ->
                MongoFeedbackStore.builder().writeConcern(com.mongodb.WriteConcern.UNACKNOWLEDGED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acknowledged");
    assertThatThrownBy(() -> MongoFeedbackStore.builder().maxFeedbacksPerSession(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MongoFeedbackStore.builder().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writeConcernAndReadPreferencePassThrough() {
    try (MongoFeedbackStore tuned =
        builder(mongo.client())
            .writeConcern(com.mongodb.WriteConcern.MAJORITY)
            .readPreference(com.mongodb.ReadPreference.primaryPreferred())
            .build()) {
      IntStream.range(0, 3)
          .forEach(
              i ->
                  tuned.append(
                      "s1", feedback("f" + i, Rating.DOWN, T0), UnknownSessionPolicy.CREATE));
      assertThat(tuned.list("s1")).hasSize(3);
      assertThat(FeedbackAnalytics.of(tuned).summary(FeedbackQuery.all()).ratings().down())
          .isEqualTo(3);
    }
  }
}
