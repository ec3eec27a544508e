package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.bson.Document;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spi.AppendResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the store contract cannot show about one-vote mode and the retention cap on MongoDB:
 * the round trips, the documents as stored, and a write of another client that lands between
 * the store's own round trips.
 */
class VotesAndRetentionTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private String database;
  private MongoCollection<BsonDocument> raw;

  @BeforeEach
  void open() {
    database = mongo.newDatabaseName();
    raw = mongo.client().getDatabase(database).getCollection("sessions", BsonDocument.class);
  }

  private static Feedback feedback(String id, Instant at) {
    return Feedback.builder().id(id).rating(Rating.UP).comment("c " + id).createdAt(at).build();
  }

  private static Feedback vote(Rating rating, String comment, Instant at) {
    return Feedback.builder()
        .id(Feedback.voteId("u", "m"))
        .userId("u")
        .messageId("m")
        .rating(rating)
        .comment(comment)
        .createdAt(at)
        .build();
  }

  private List<String> storedIds(String sessionId) {
    List<String> ids = new ArrayList<>();
    for (BsonValue f : raw.find(Filters.eq("_id", sessionId)).first().getArray("feedbacks")) {
      ids.add(f.isDocument() ? f.asDocument().getString("id").getValue() : String.valueOf(f));
    }
    return ids;
  }

  @Test
  void aVoteWrittenBetweenTheReadAndTheWriteIsNeverOverwritten() {
    FaultyBackend backend = new FaultyBackend();
    CommandRecorder commands = new CommandRecorder();
    try (MongoTestServer server = MongoTestServer.startEmbedded(backend);
        MongoFeedbackStore store =
            MongoFeedbackStore.builder()
                .client(server.newClient(commands))
                .database("chat")
                .build()) {
      store.append("s", vote(Rating.UP, "first", T0), UnknownSessionPolicy.CREATE);
      // Another instance stores the user's newest vote just before this one's write lands.
      Document newest =
          new Document("id", Feedback.voteId("u", "m"))
              .append("rating", "down")
              .append("comment", "newest")
              .append("created_at", T0)
              .append("user_id", "u")
              .append("message_id", "m")
              .append("updated_at", T0.plusSeconds(20));
      backend.beforeNextUpdate(
          "update",
          new Document("update", "sessions")
              .append(
                  "updates",
                  List.of(
                      new Document("q", new Document("_id", "s"))
                          .append(
                              "u",
                              new Document("$set", new Document("feedbacks", List.of(newest)))))));
      commands.clear();

      FeedbackResult r = store.replaceVote("s", vote(Rating.NEUTRAL, "older", T0.plusSeconds(10)));

      // The compare-and-set write matched nothing; the store read again and saw it is older.
      assertThat(commands.commands()).containsExactly("find", "findAndModify", "find");
      assertThat(r.outcome()).isEqualTo(FeedbackResult.Outcome.STALE);
      assertThat(r.feedback().comment()).isEqualTo("newest");
      assertThat(store.list("s"))
          .singleElement()
          .satisfies(f -> assertThat(f.comment()).isEqualTo("newest"));
    }
  }

  @Test
  void aStaleOrUnchangedVoteCostsOneReadAndAReplacementOneReadAndOneWrite() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoFeedbackStore store =
        MongoFeedbackStore.builder().client(mongo.newClient(commands)).database(database).build()) {
      store.append("s", vote(Rating.UP, "first", T0), UnknownSessionPolicy.CREATE);
      commands.clear();
      assertThat(store.replaceVote("s", vote(Rating.DOWN, "second", T0.plusSeconds(5))).outcome())
          .isEqualTo(FeedbackResult.Outcome.REPLACED);
      // The write returns the session's counts; the read returned them for the others.
      assertThat(commands.commands()).containsExactly("find", "findAndModify");
      commands.clear();
      assertThat(store.replaceVote("s", vote(Rating.DOWN, "second", T0.plusSeconds(5))).outcome())
          .isEqualTo(FeedbackResult.Outcome.UNCHANGED);
      assertThat(store.replaceVote("s", vote(Rating.UP, "first", T0)).outcome())
          .isEqualTo(FeedbackResult.Outcome.STALE);
      assertThat(commands.commands()).containsExactly("find", "find");

      BsonDocument stored = raw.find().first().getArray("feedbacks").get(0).asDocument();
      assertThat(stored.getString("comment").getValue()).isEqualTo("second");
      assertThat(stored.getDateTime("created_at").getValue()).isEqualTo(T0.toEpochMilli());
      assertThat(stored.getDateTime("updated_at").getValue())
          .isEqualTo(T0.plusSeconds(5).toEpochMilli());
    }
  }

  @Test
  void underTheCapASingleAppendIsOneRoundTripThatSaysWhetherTheFeedbackWasKept() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoFeedbackStore store =
        MongoFeedbackStore.builder()
            .client(mongo.newClient(commands))
            .database(database)
            .maxFeedbacksPerSession(2)
            .build()) {
      store.append("s", feedback("b", T0.plusSeconds(2)), UnknownSessionPolicy.CREATE);
      store.append("s", feedback("a", T0.plusSeconds(1)), UnknownSessionPolicy.CREATE);
      commands.clear();
      assertThat(
              store
                  .append("s", feedback("c", T0.plusSeconds(3)), UnknownSessionPolicy.CREATE)
                  .outcome())
          .isEqualTo(FeedbackResult.Outcome.CREATED);
      assertThat(
              store
                  .append("s", feedback("a", T0.plusSeconds(1)), UnknownSessionPolicy.CREATE)
                  .outcome())
          .isEqualTo(FeedbackResult.Outcome.TRIMMED);
      assertThat(commands.commands()).containsExactly("findAndModify", "findAndModify");
      // The array is kept in creation order, whatever order the feedback arrived in.
      assertThat(storedIds("s")).containsExactly("b", "c");
      // What the findAndModify returns is the ids and ratings of the (capped) array, from
      // which the store tells whether the feedback was kept and counts the session.
      assertThat(
              commands
                  .replies()
                  .get(1)
                  .getDocument("value")
                  .getArray("feedbacks", new org.bson.BsonArray()))
          .allSatisfy(
              e -> assertThat(e.asDocument().keySet()).containsExactlyInAnyOrder("id", "rating"))
          .hasSize(2);
      commands.clear();
      assertThat(
              store
                  .append("s", feedback("c", T0.plusSeconds(3)), UnknownSessionPolicy.CREATE)
                  .outcome())
          .isEqualTo(FeedbackResult.Outcome.DUPLICATE);
      // Under a cap the read that finds the duplicate cannot also return the array's
      // ratings: one more read counts the session.
      assertThat(commands.commands()).containsExactly("findAndModify", "find", "find");
    }
  }

  @Test
  void underTheCapABulkChunkCostsOneMoreReadAndReportsEachItemTruthfully() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoFeedbackStore store =
        MongoFeedbackStore.builder()
            .client(mongo.newClient(commands))
            .database(database)
            .maxFeedbacksPerSession(3)
            .build()) {
      store.append("s1", feedback("kept-before", T0.plusSeconds(100)), UnknownSessionPolicy.CREATE);
      commands.clear();
      List<SessionFeedback> items = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        items.add(new SessionFeedback("s1", feedback("n" + i, T0.plusSeconds(i * 50))));
      }
      items.add(new SessionFeedback("s2", feedback("other", T0)));
      List<AppendResult> results = store.appendAll(items, UnknownSessionPolicy.CREATE);
      // n1 (50 s) is older than everything kept; n2 (100 s) ties with kept-before but sorts
      // first by id: both trimmed, as kept-before is, pushed out by this batch.
      assertThat(results)
          .extracting(r -> r.result().outcome())
          .containsExactly(
              FeedbackResult.Outcome.TRIMMED, FeedbackResult.Outcome.TRIMMED,
              FeedbackResult.Outcome.CREATED, FeedbackResult.Outcome.CREATED,
              FeedbackResult.Outcome.CREATED, FeedbackResult.Outcome.CREATED);
      assertThat(storedIds("s1")).containsExactly("n3", "n4", "n5");
      assertThat(commands.commands()).containsExactly("update", "aggregate");
    }
  }
}
