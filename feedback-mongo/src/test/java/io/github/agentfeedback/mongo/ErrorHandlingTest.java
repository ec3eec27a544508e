package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.bulk.WriteConcernError;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.internal.MongoErrors;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Driver failures become clear {@link FeedbackStoreException}s; nothing hangs. */
class ErrorHandlingTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ServerAddress ADDRESS = new ServerAddress("127.0.0.1", 27017);

  private static final Feedback FEEDBACK =
      Feedback.builder()
          .id("f-1")
          .rating(Rating.UP)
          .comment("hi")
          .createdAt(Instant.parse("2026-03-01T00:00:00Z"))
          .build();

  @Test
  void unreachableServerFailsWithinTheServerSelectionTimeout() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (MongoFeedbackStore store =
        MongoFeedbackStore.builder()
            .connectionString("mongodb://127.0.0.1:" + closedPort + "/?connectTimeoutMS=500")
            .serverSelectionTimeout(Duration.ofMillis(500))
            .database("unreachable")
            .build()) {
      // A hang guard, not a performance assertion.
      FeedbackStoreException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () ->
                  catchThrowableOfType(
                      FeedbackStoreException.class,
                      () -> store.append("s1", FEEDBACK, UnknownSessionPolicy.CREATE)));
      assertThat(e).isNotNull();
      assertThat(e.operation()).isEqualTo("append");
      assertThat(e.sessionId()).contains("s1");
      assertThat(e.feedbackId()).contains("f-1");
      assertThat(e.retrySafe()).isTrue();
      assertThat(e)
          .hasMessageContaining("server selection timeout")
          .hasMessageContaining("'s1'")
          .hasMessageContaining("'f-1'");
      assertThat(e.getCause()).isInstanceOf(com.mongodb.MongoTimeoutException.class);

      FeedbackStoreException read =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () -> catchThrowableOfType(FeedbackStoreException.class, () -> store.list("s1")));
      assertThat(read).isNotNull();
      assertThat(read.operation()).isEqualTo("list");
    }
  }

  @Test
  void aFeedbackOverTheCoreLimitNeverReachesTheServer() {
    try (MongoFeedbackStore store = TestStores.fresh(mongo).build();
        FeedbackManager manager = FeedbackManager.builder().store(store).build()) {
      assertThatThrownBy(
              () ->
                  manager.addFeedback(
                      "s1",
                      Feedback.down("x".repeat(17 * 1024 * 1024)).toBuilder().id("huge").build()))
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageContaining(String.valueOf(FeedbackLimits.MAX_FEEDBACK_BYTES));
      assertThat(manager.getFeedbacks("s1")).isEmpty();
    }
  }

  /**
   * A session that outgrows 16 MB one feedback at a time. Only a real MongoDB enforces the
   * limit on updates (mongo-java-server does not); the translation itself is checked for
   * every server in {@link #serverSideSizeErrorsAreRecognised()}.
   */
  @Test
  void aSessionGrowingPastSixteenMegabytesNamesTheLimitAndTheRetentionCap() {
    assumeFalse(mongo.isEmbedded(), "the embedded server does not enforce 16 MB on updates");
    try (MongoFeedbackStore store = TestStores.fresh(mongo).build();
        FeedbackManager manager = FeedbackManager.builder().store(store).build()) {
      String megabyte = "x".repeat(1_000_000);
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 20; i++) {
                  manager.addFeedback(
                      "s1", Feedback.down(megabyte).toBuilder().id("f-" + i).build());
                }
              })
          .isInstanceOfSatisfying(
              FeedbackStoreException.class,
              e -> {
                assertThat(e.retrySafe()).isFalse();
                assertThat(e.feedbackId()).isPresent();
              })
          .hasMessageContaining("16 MB")
          .hasMessageContaining("maxFeedbacksPerSession");
      assertThat(manager.getFeedbacks("s1")).hasSizeBetween(15, 16);
    }
  }

  @Test
  void oversizedMetadataIsRefusedBeforeTheServerAsOnEveryStore() {
    try (MongoFeedbackStore store = TestStores.fresh(mongo).build()) {
      Map<String, Object> huge = new LinkedHashMap<>();
      for (int i = 0; i < 17; i++) {
        huge.put("k" + i, "x".repeat(1024 * 1024));
      }
      assertThatThrownBy(() -> store.updateMetadata("s1", huge))
          .isInstanceOfSatisfying(
              InvalidFeedbackException.class, e -> assertThat(e.fields()).contains("metadata"))
          .hasMessageContaining(String.valueOf(16L << 20));
      assertThatThrownBy(
              () ->
                  store.updateMetadata(
                      "s1", Map.of("one", "x".repeat(FeedbackLimits.MAX_METADATA_VALUE_BYTES + 1))))
          .isInstanceOfSatisfying(
              InvalidFeedbackException.class,
              e -> assertThat(e.fields()).containsExactly("metadata.one"));
      assertThat(store.metadata("s1")).isEmpty();
    }
  }

  @Test
  void aBsonDocumentTooLargeForTheDriverIsAStoreFailureNamingTheLimit() {
    FeedbackStoreException e =
        MongoErrors.translate(
            new BsonMaximumSizeExceededException(
                "Payload document size is larger than maximum of " + "16793600."),
            "updateMetadata",
            "s1",
            null,
            TIMEOUT);
    assertThat(e.operation()).isEqualTo("updateMetadata");
    assertThat(e.retrySafe()).isFalse();
    assertThat(e).hasMessageContaining("16 MB");
  }

  /** Session metadata that outgrows 16 MB over several calls; only a real MongoDB refuses. */
  @Test
  void metadataGrowingPastSixteenMegabytesIsAStoreFailure() {
    assumeFalse(mongo.isEmbedded(), "the embedded server does not enforce 16 MB on updates");
    try (MongoFeedbackStore store = TestStores.fresh(mongo).build()) {
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 20; i++) {
                  store.updateMetadata("s1", Map.of("k" + i, "x".repeat(1_000_000)));
                }
              })
          .isInstanceOfSatisfying(
              FeedbackStoreException.class,
              e -> assertThat(e.operation()).isEqualTo("updateMetadata"))
          .hasMessageContaining("16 MB");
    }
  }

  @Test
  void writeConcernTimeoutsSayAppliedButNotConfirmedAndRetrySafe() {
    MongoWriteConcernException wtimeout =
        new MongoWriteConcernException(
            new WriteConcernError(
                64,
                "WriteConcernFailed",
                "waiting for replication timed out",
                new BsonDocument("wtimeout", BsonBoolean.TRUE)),
            null,
            ADDRESS,
            Set.of());
    FeedbackStoreException e = MongoErrors.translate(wtimeout, "append", "s1", "f-1", TIMEOUT);
    assertThat(e.retrySafe()).isTrue();
    assertThat(e)
        .hasMessageContaining("applied on the primary")
        .hasMessageContaining("not confirmed within the operation timeout of 10 s")
        .hasMessageContaining("idempotent");
    assertThat(
            MongoErrors.isWriteConcernTimeout(
                new MongoWriteConcernException(
                    new WriteConcernError(
                        79, "UnknownReplWriteConcern", "no such tag", new BsonDocument()),
                    null,
                    ADDRESS,
                    Set.of())))
        .isFalse();
  }

  @Test
  void anExpiredStreamCursorSaysTheConsumerIdled() {
    MongoCursorNotFoundException gone =
        new MongoCursorNotFoundException(
            42L,
            new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(43))
                .append("errmsg", new BsonString("cursor id 42 not found")),
            ADDRESS);
    FeedbackStoreException e = MongoErrors.translate(gone, "stream", null, null, TIMEOUT);
    assertThat(e.retrySafe()).isTrue();
    assertThat(e)
        .hasMessageContaining("cursor expired while the consumer was idle")
        .hasMessageContaining("start a new stream");
  }

  @Test
  void duplicateKeyErrorsNameTheirIndex() {
    assertThat(
            MongoErrors.duplicateKeyIndex(
                duplicateKey(
                    "E11000 duplicate key error "
                        + "collection: chat.sessions index: _id_ dup key: { _id: \"s1\" }")))
        .isEqualTo("_id_");
    assertThat(
            MongoErrors.duplicateKeyIndex(
                duplicateKey(
                    "E11000 duplicate key error "
                        + "collection: chat.sessions index: feedbacks.id_1 dup key: { feedbacks.id: \"f\" }")))
        .isEqualTo("feedbacks.id_1");
    assertThat(
            MongoErrors.duplicateKeyIndex(
                duplicateKey(
                    "E11000 duplicate key error index: chat.sessions.$session_id_1 dup key: { : \"s\" }")))
        .isEqualTo("session_id_1");
    assertThat(MongoErrors.duplicateKeyIndex(duplicateKey("E11000 duplicate key error"))).isNull();
    assertThat(MongoErrors.duplicateKeyIndex(new MongoException(2, "BadValue"))).isNull();
  }

  private static MongoWriteException duplicateKey(String message) {
    return new MongoWriteException(
        new WriteError(11000, message, new BsonDocument()), ADDRESS, Set.of());
  }

  @Test
  void serverSideSizeErrorsAreRecognised() {
    ServerAddress address = ADDRESS;
    MongoWriteException grown =
        new MongoWriteException(
            new WriteError(
                17419,
                "Resulting document after update is larger than 16777216",
                new BsonDocument()),
            address,
            Set.of());
    FeedbackStoreException e = MongoErrors.translate(grown, "append", "s1", "f-1", TIMEOUT);
    assertThat(e).hasMessageContaining("16 MB").hasMessageContaining("maxFeedbacksPerSession");
    assertThat(e.retrySafe()).isFalse();
    assertThat(e.getCause()).isSameAs(grown);

    MongoCommandException tooLarge =
        new MongoCommandException(
            new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(10334))
                .append("errmsg", new BsonString("BSONObj size: 17000000 is invalid")),
            address);
    assertThat(MongoErrors.translate(tooLarge, "updateMetadata", "s1", null, TIMEOUT))
        .hasMessageContaining("16 MB");
  }

  @Test
  void retrySafetyFollowsTheKindOfFailure() {
    ServerAddress address = ADDRESS;
    assertThat(
            MongoErrors.translate(
                    new MongoSocketReadException("reset", address), "append", "s1", "f", TIMEOUT)
                .retrySafe())
        .isTrue();
    MongoException labelled = new MongoException(91, "shutting down");
    labelled.addLabel("RetryableWriteError");
    assertThat(MongoErrors.translate(labelled, "append", "s1", "f", TIMEOUT).retrySafe()).isTrue();
    MongoWriteException duplicate =
        new MongoWriteException(
            new WriteError(11000, "E11000 duplicate key error", new BsonDocument()),
            address,
            Set.of());
    assertThat(MongoErrors.isDuplicateKey(duplicate)).isTrue();
    assertThat(MongoErrors.translate(duplicate, "updateMetadata", "s1", null, TIMEOUT).retrySafe())
        .isFalse();
    assertThat(
            MongoErrors.translate(new MongoException(2, "BadValue"), "stats", null, null, TIMEOUT))
        .hasMessage("stats failed: BadValue")
        .satisfies(e -> assertThat(e.retrySafe()).isFalse());
  }
}
