package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.internal.Pipelines;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.StoredValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Documents written by the Python mongodb-session-manager are read correctly, accept our
 * feedback, and keep every field we do not own byte-for-byte.
 */
class PythonCompatibilityTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant CREATED = Instant.parse("2026-01-10T09:30:00.123Z");
  private static final Instant FEEDBACK_1 = Instant.parse("2026-01-10T09:35:00Z");
  private static final Instant FEEDBACK_2 = Instant.parse("2026-01-10T09:40:00Z");

  private MongoFeedbackStore store;
  private FeedbackManager manager;
  private MongoCollection<Document> sessions;

  @BeforeEach
  void insertPythonSession() {
    String database = mongo.newDatabaseName();
    store =
        MongoFeedbackStore.builder()
            .client(mongo.client())
            .database(database)
            .collection("virtualagent_sessions")
            .build();
    manager = FeedbackManager.builder().store(store).build();
    sessions = mongo.client().getDatabase(database).getCollection("virtualagent_sessions");
    // Shaped exactly as MongoDBSessionRepository.create_session, create_agent,
    // create_message, update_metadata and add_feedback write it (pymongo encodes Python
    // ints as int32/int64, floats as double, datetimes as BSON dates, None as null).
    Document message =
        new Document("message_id", 0)
            .append("role", "user")
            .append("content", List.of(new Document("text", "Where is my order?")))
            .append("redact_message", null)
            .append("created_at", Date.from(CREATED))
            .append("updated_at", Date.from(CREATED))
            .append(
                "event_loop_metrics",
                new Document("cycle_count", 1)
                    .append("latency_ms", 812.5)
                    .append("tokens", 12_000_000_000L))
            .append("latency_ms", 812)
            .append("input_tokens", 42)
            .append("output_tokens", 128);
    Document agent =
        new Document(
                "agent_data",
                new Document("agent_id", "support-agent")
                    .append("state", new Document("step", 3))
                    .append(
                        "conversation_manager_state",
                        new Document("__name__", "SlidingWindow")
                            .append("removed_message_count", 0))
                    .append("created_at", Date.from(CREATED))
                    .append("updated_at", Date.from(CREATED))
                    .append("model", "eu.anthropic.claude-sonnet")
                    .append("system_prompt", "You are a helpful assistant."))
            .append("messages", List.of(message))
            .append("created_at", Date.from(CREATED))
            .append("updated_at", Date.from(CREATED));
    Document legacyUp =
        new Document("rating", "up")
            .append("comment", "Clear instructions")
            .append("created_at", Date.from(FEEDBACK_1));
    Document legacyNull =
        new Document("rating", null)
            .append("comment", "saving for later ✨")
            .append("_validated_at", Date.from(FEEDBACK_2))
            .append("_sentiment_score", -0.25)
            .append("ticket", new ObjectId("65a1b2c3d4e5f60718293a4b"))
            .append("amount", new Decimal128(new java.math.BigDecimal("12.50")))
            .append("note", null)
            .append("created_at", Date.from(FEEDBACK_2));
    Document session =
        new Document("_id", "py-session-1")
            .append("session_id", "py-session-1")
            .append("application_name", "support-bot")
            .append("session_type", "AGENT")
            .append("session_viewer_password", "q2xSdLk1-ZkVbYlq0Yb2WnRzUe2bHqV7")
            .append("created_at", Date.from(CREATED))
            .append("updated_at", Date.from(FEEDBACK_2))
            .append("agents", new Document("support-agent", agent))
            .append(
                "metadata",
                new Document("priority", "high").append("customer_tier", "").append("turns", 3))
            .append("feedbacks", List.of(legacyUp, legacyNull))
            .append(
                "guardrail_events",
                List.of(
                    new Document("type", "content_filter")
                        .append("action", "BLOCKED")
                        .append("at", Date.from(CREATED))
                        .append(
                            "details",
                            new Document("score", 0.97).append("labels", List.of("pii")))));
    sessions.insertOne(session);
  }

  @Test
  void pythonFeedbackIsReadWithoutError() {
    List<Feedback> list = manager.getFeedbacks("py-session-1");
    assertThat(list).hasSize(2);
    Feedback up = list.get(0);
    assertThat(up.id()).isNull();
    assertThat(up.rating()).isEqualTo(Rating.UP);
    assertThat(up.comment()).isEqualTo("Clear instructions");
    assertThat(up.createdAt()).isEqualTo(FEEDBACK_1);
    assertThat(up.attributes()).isEmpty();
    Feedback neutral = list.get(1);
    assertThat(neutral.id()).isNull();
    assertThat(neutral.rating()).isEqualTo(Rating.NEUTRAL);
    assertThat(neutral.comment()).isEqualTo("saving for later ✨");
    assertThat(neutral.attributes())
        .isEqualTo(
            Map.of(
                "_validated_at",
                FEEDBACK_2,
                "_sentiment_score",
                -0.25,
                "ticket",
                "65a1b2c3d4e5f60718293a4b",
                "amount",
                12.5));
    assertThat(manager.getMetadata("py-session-1"))
        .isEqualTo(Map.of("priority", "high", "customer_tier", "", "turns", 3));

    try (Stream<SessionFeedback> s = manager.stream(FeedbackQuery.all())) {
      assertThat(s.map(SessionFeedback::feedback)).containsExactlyElementsOf(list);
    }
    FeedbackSummary summary =
        manager.analytics().summary(FeedbackQuery.builder().metadata("priority", "high").build());
    assertThat(summary.ratings().total()).isEqualTo(2);
    assertThat(summary.ratings().up()).isEqualTo(1);
    assertThat(summary.ratings().neutral()).isEqualTo(1);
    assertThat(summary.comments().averageLength()).isEqualTo((18 + 18) / 2.0);
    try (Stream<SessionFeedback> s =
        manager.stream(FeedbackQuery.builder().rating(Rating.NEUTRAL).build())) {
      assertThat(s.map(sf -> sf.feedback().comment())).containsExactly("saving for later ✨");
    }
  }

  @Test
  void addingFeedbackLeavesEveryFieldWeDoNotOwnUnchanged() {
    RawBsonDocument before = raw();
    manager
        .session("py-session-1")
        .addFeedback(
            Feedback.down("Couldn't find my order number").toBuilder()
                .id("java-1")
                .userId("user-9")
                .build());
    manager.session("py-session-1").updateMetadata(Map.of("variant", "B"));
    assertThat(
            manager
                .session("py-session-1")
                .addFeedback(Feedback.down("again").toBuilder().id("java-1").build())
                .created())
        .isFalse();
    RawBsonDocument after = raw();

    // Every key stays where it was; the session's counts are added at the end.
    List<String> keys = new java.util.ArrayList<>(before.keySet());
    keys.add("counters");
    assertThat(after.keySet()).containsExactlyElementsOf(keys);
    for (String key : before.keySet()) {
      if (List.of("feedbacks", "updated_at", "metadata").contains(key)) {
        continue;
      }
      assertThat(bytes(after.get(key))).as(key).isEqualTo(bytes(before.get(key)));
    }
    BsonDocument metaBefore = before.getDocument("metadata");
    BsonDocument metaAfter = after.getDocument("metadata");
    for (String key : metaBefore.keySet()) {
      assertThat(bytes(metaAfter.get(key)))
          .as("metadata." + key)
          .isEqualTo(bytes(metaBefore.get(key)));
    }
    assertThat(metaAfter.getString("variant").getValue()).isEqualTo("B");
    List<BsonValue> feedbacksBefore = before.getArray("feedbacks").getValues();
    List<BsonValue> feedbacksAfter = after.getArray("feedbacks").getValues();
    assertThat(feedbacksAfter).hasSize(3);
    for (int i = 0; i < feedbacksBefore.size(); i++) {
      assertThat(bytes(feedbacksAfter.get(i)))
          .as("feedbacks[" + i + "]")
          .isEqualTo(bytes(feedbacksBefore.get(i)));
    }
    assertThat(feedbacksAfter.get(2).asDocument().getString("id").getValue()).isEqualTo("java-1");

    List<Feedback> list = manager.getFeedbacks("py-session-1");
    assertThat(list).extracting(Feedback::id).containsExactly(null, null, "java-1");
    assertThat(manager.retractFeedback("py-session-1", "java-1")).isTrue();
    assertThat(bytes(raw().get("feedbacks"))).isEqualTo(bytes(before.get("feedbacks")));
    assertThat(bytes(raw().get("agents"))).isEqualTo(bytes(before.get("agents")));
  }

  @Test
  void userIdsStoredAsNumbersOrObjectIdsAreFoundAndErased() {
    ObjectId oid = new ObjectId();
    sessions.updateOne(
        Filters.eq("_id", "py-session-1"),
        new Document(
            "$push",
            new Document(
                "feedbacks",
                new Document(
                    "$each",
                    List.of(
                        new Document("rating", "up")
                            .append("comment", "n")
                            .append("user_id", 123)
                            .append("created_at", Date.from(FEEDBACK_2)),
                        new Document("rating", "up")
                            .append("comment", "o")
                            .append("user_id", oid)
                            .append("created_at", Date.from(FEEDBACK_2)),
                        new Document("rating", "up")
                            .append("comment", "s")
                            .append("user_id", "0123")
                            .append("created_at", Date.from(FEEDBACK_2)))))));
    assertThat(manager.getFeedbacks("py-session-1"))
        .extracting(Feedback::userId)
        .contains("123", oid.toHexString(), "0123");
    assertThat(
            manager
                .analytics()
                .summary(FeedbackQuery.builder().userId("123").build())
                .ratings()
                .total())
        .isEqualTo(1);
    assertThat(manager.eraseUser("123")).isEqualTo(1);
    assertThat(manager.eraseUser(oid.toHexString())).isEqualTo(1);
    assertThat(manager.getFeedbacks("py-session-1"))
        .extracting(Feedback::comment)
        .doesNotContain("n", "o")
        .contains("s");
  }

  @Test
  void feedbackWithCreatedAtAsTextIsParsed() {
    sessions.updateOne(
        Filters.eq("_id", "py-session-1"),
        new Document(
            "$push",
            new Document(
                "feedbacks",
                new Document("rating", "down")
                    .append("comment", "old")
                    .append("created_at", "2025-12-31T23:59:58.500000+00:00"))));
    sessions.updateOne(
        Filters.eq("_id", "py-session-1"),
        new Document(
            "$push",
            new Document(
                "feedbacks",
                new Document("rating", "down")
                    .append("comment", 42)
                    .append("created_at", "2025-12-31 10:00:00"))));
    List<Feedback> list = store.list("py-session-1");
    assertThat(list.get(2).createdAt()).isEqualTo(Instant.parse("2025-12-31T23:59:58.500Z"));
    assertThat(list.get(3).createdAt()).isEqualTo(Instant.parse("2025-12-31T10:00:00Z"));
    assertThat(list.get(3).comment()).isEmpty();
    assertThat(FeedbackAnalytics.of(store).summary(FeedbackQuery.all()).ratings().down())
        .isEqualTo(2);
    // Text creation times count in their period as parsed, on the server as in the reads.
    assertThat(FeedbackAnalytics.of(store).trend(FeedbackQuery.all(), Granularity.DAY).points())
        .extracting(p -> p.period(), p -> p.summary().ratings().total())
        .containsExactly(tuple("2025-12-31", 2L), tuple("2026-01-10", 2L));
  }

  @Test
  void metadataKeysPythonSetToNoneAreKeptWithANullValue() {
    sessions.updateOne(
        Filters.eq("_id", "py-session-1"),
        new Document(
            "$set",
            new Document("metadata.closed_reason", null)
                .append("metadata.extra", new Document("agent", null))));
    Map<String, Object> metadata = manager.getMetadata("py-session-1");
    assertThat(metadata).containsEntry("closed_reason", null).containsEntry("priority", "high");
    assertThat(metadata.get("extra")).isEqualTo(Collections.singletonMap("agent", null));
  }

  @Test
  void aNullMetadataValueInAQueryMatchesAMissingOrNullKeyAsInTheInMemoryStore() {
    sessions.insertMany(
        List.of(
            new Document("_id", "null-value").append("metadata", new Document("k", null)),
            new Document("_id", "missing-key").append("metadata", new Document("other", 1)),
            new Document("_id", "no-metadata"),
            new Document("_id", "set").append("metadata", new Document("k", "v")),
            new Document("_id", "empty").append("metadata", new Document("k", ""))));
    Map<String, Object> criteria = Collections.singletonMap("k", null);
    List<Object> matched =
        sessions
            .find(Pipelines.metadataFilter(criteria))
            .map(d -> d.get("_id"))
            .into(new ArrayList<>());
    List<Object> expected = new ArrayList<>();
    for (String id :
        List.of("py-session-1", "null-value", "missing-key", "no-metadata", "set", "empty")) {
      // The stores' rule: StoredValues.same(queried value, session metadata value).
      if (StoredValues.same(null, manager.getMetadata(id).get("k"))) {
        expected.add(id);
      }
    }
    assertThat(expected)
        .containsExactlyInAnyOrder("py-session-1", "null-value", "missing-key", "no-metadata");
    assertThat(matched).containsExactlyInAnyOrderElementsOf(expected);
  }

  private RawBsonDocument raw() {
    return mongo
        .client()
        .getDatabase(sessions.getNamespace().getDatabaseName())
        .getCollection("virtualagent_sessions", RawBsonDocument.class)
        .find(Filters.eq("_id", "py-session-1"))
        .first();
  }

  /** The BSON encoding of a value: equal bytes mean equal types, order and values. */
  private static byte[] bytes(BsonValue value) {
    BasicOutputBuffer buffer = new BasicOutputBuffer();
    new BsonDocumentCodec()
        .encode(
            new org.bson.BsonBinaryWriter(buffer),
            new BsonDocument("v", value),
            EncoderContext.builder().build());
    return Arrays.copyOf(buffer.getInternalBuffer(), buffer.getPosition());
  }

  @Test
  void secondEditionFieldsAreSnakeCaseKeysAbsentWhenUnsetAndLeavePythonFeedbackAlone() {
    Document before = sessions.find(Filters.eq("_id", "py-session-1")).first();
    manager.addFeedback(
        "py-session-1", Feedback.up("plain").toBuilder().id("plain").createdAt(FEEDBACK_2).build());
    Feedback full =
        Feedback.builder()
            .id("full")
            .rating(Rating.DOWN)
            .comment("wrong")
            .createdAt(FEEDBACK_2)
            .source(io.github.agentfeedback.Source.REVIEWER, "ann")
            .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .spanId("00f067aa0ba902b7")
            .model(io.github.agentfeedback.ModelRef.of("claude-sonnet", "4"))
            .prompt("Where is my order?")
            .response("No idea.")
            .build();
    manager.addFeedback("py-session-1", full);
    manager.review("py-session-1", "full", io.github.agentfeedback.ReviewStatus.APPROVED, "lead");
    Document reviewed =
        (Document)
            sessions
                .find(Filters.eq("_id", "py-session-1"))
                .first()
                .getList("feedbacks", Object.class)
                .get(3);
    assertThat(reviewed.get("review", Document.class).getString("status")).isEqualTo("approved");
    // A replacement is new content: the review of the old content does not carry over.
    manager.updateFeedback("py-session-1", full.toBuilder().comment("very wrong").build());

    Document after = sessions.find(Filters.eq("_id", "py-session-1")).first();
    List<?> feedbacks = after.getList("feedbacks", Object.class);
    assertThat(feedbacks).hasSize(4);
    // Python's two feedbacks are unchanged, byte for byte.
    assertThat(feedbacks.subList(0, 2)).isEqualTo(before.getList("feedbacks", Object.class));
    Document plain = (Document) feedbacks.get(2);
    assertThat(plain.keySet()).containsExactly("id", "rating", "comment", "created_at");
    Document stored = (Document) feedbacks.get(3);
    assertThat(stored.keySet())
        .containsExactly(
            "id",
            "rating",
            "comment",
            "created_at",
            "source",
            "author_id",
            "trace_id",
            "span_id",
            "model",
            "prompt",
            "response",
            "updated_at");
    assertThat(stored.get("model", Document.class))
        .isEqualTo(new Document("name", "claude-sonnet").append("version", "4"));
    assertThat(stored.getString("comment")).isEqualTo("very wrong");
    assertThat(stored.getDate("created_at")).isEqualTo(Date.from(FEEDBACK_2));
    // Every field of the session that we do not own is unchanged.
    for (String key :
        List.of(
            "agents",
            "guardrail_events",
            "session_viewer_password",
            "application_name",
            "session_type",
            "metadata",
            "created_at")) {
      assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
    }
  }

  @Test
  void aPythonSessionIsCountedOnceAndKeepsItsCountsInASubDocumentPythonIgnores() {
    Document before = sessions.find(Filters.eq("_id", "py-session-1")).first();
    // Python's "up" and its null (neutral) rating are counted by the first write.
    FeedbackResult first =
        manager.addFeedback(
            "py-session-1", Feedback.down("no").toBuilder().id("d1").createdAt(FEEDBACK_2).build());
    assertThat(first.counts()).isEqualTo(new io.github.agentfeedback.SessionCounts(1, 1, 1, 3));
    Document counted = sessions.find(Filters.eq("_id", "py-session-1")).first();
    assertThat(counted.get("counters", Document.class))
        .containsEntry("v", 1)
        .containsEntry("up", 1L)
        .containsEntry("down", 1L)
        .containsEntry("neutral", 1L)
        .containsEntry("total", 3L);
    // Later writes count in their own update.
    FeedbackResult second =
        manager.addFeedback(
            "py-session-1", Feedback.down("no").toBuilder().id("d2").createdAt(FEEDBACK_2).build());
    assertThat(second.counts()).isEqualTo(new io.github.agentfeedback.SessionCounts(1, 2, 1, 4));
    assertThat(
            sessions
                .find(Filters.eq("_id", "py-session-1"))
                .first()
                .get("counters", Document.class)
                .get("down", Number.class)
                .longValue())
        .isEqualTo(2);
    // Feedback Python pushes without counting is counted again once a delete marks the
    // counts for a recount.
    sessions.updateOne(
        Filters.eq("_id", "py-session-1"),
        new Document(
            "$push",
            new Document(
                "feedbacks",
                new Document("rating", "down")
                    .append("comment", "from python")
                    .append("created_at", Date.from(FEEDBACK_2)))));
    assertThat(store.delete("py-session-1", "d1")).isTrue();
    FeedbackResult third =
        manager.addFeedback(
            "py-session-1", Feedback.up("ok").toBuilder().id("u1").createdAt(FEEDBACK_2).build());
    assertThat(third.counts()).isEqualTo(new io.github.agentfeedback.SessionCounts(2, 2, 1, 5));
    // Every field of the session that we do not own is unchanged.
    Document after = sessions.find(Filters.eq("_id", "py-session-1")).first();
    for (String key :
        List.of(
            "agents",
            "guardrail_events",
            "session_viewer_password",
            "application_name",
            "session_type",
            "metadata",
            "created_at")) {
      assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
    }
  }
}
