package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackManager;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.mongo.internal.MongoErrors;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Driver failures become clear {@link FeedbackStoreException}s; nothing hangs. */
class ErrorHandlingTest {

  @RegisterExtension
  static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Feedback FEEDBACK = Feedback.builder().id("f-1").rating(Rating.UP)
      .comment("hi").createdAt(Instant.parse("2026-03-01T00:00:00Z")).build();

  @Test
  void unreachableServerFailsWithinTheServerSelectionTimeout() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (MongoFeedbackStore store = MongoFeedbackStore.builder()
        .connectionString("mongodb://127.0.0.1:" + closedPort + "/?connectTimeoutMS=500")
        .serverSelectionTimeout(Duration.ofMillis(500))
        .database("unreachable").build()) {
      // A hang guard, not a performance assertion.
      FeedbackStoreException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> catchStoreException(() -> store.append("s1", FEEDBACK,
              UnknownSessionPolicy.CREATE)));
      assertThat(e.operation()).isEqualTo("append");
      assertThat(e.sessionId()).contains("s1");
      assertThat(e.feedbackId()).contains("f-1");
      assertThat(e.retrySafe()).isTrue();
      assertThat(e).hasMessageContaining("server selection timeout")
          .hasMessageContaining("'s1'").hasMessageContaining("'f-1'");
      assertThat(e.getCause()).isInstanceOf(com.mongodb.MongoTimeoutException.class);

      FeedbackStoreException read = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> catchStoreException(() -> store.list("s1")));
      assertThat(read.operation()).isEqualTo("list");
    }
  }

  @Test
  void aFeedbackOverTheCoreLimitNeverReachesTheServer() {
    try (MongoFeedbackStore store = mongo.storeBuilder().build();
        FeedbackManager manager = FeedbackManager.builder().store(store).build()) {
      assertThatThrownBy(() -> manager.addFeedback("s1",
              Feedback.down("x".repeat(17 * 1024 * 1024)).withId("huge")))
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
    try (MongoFeedbackStore store = mongo.storeBuilder().build();
        FeedbackManager manager = FeedbackManager.builder().store(store).build()) {
      String megabyte = "x".repeat(1_000_000);
      assertThatThrownBy(() -> {
        for (int i = 0; i < 20; i++) {
          manager.addFeedback("s1", Feedback.down(megabyte).withId("f-" + i));
        }
      }).isInstanceOfSatisfying(FeedbackStoreException.class, e -> {
        assertThat(e.retrySafe()).isFalse();
        assertThat(e.feedbackId()).isPresent();
      }).hasMessageContaining("16 MB").hasMessageContaining("maxFeedbacksPerSession");
      assertThat(manager.getFeedbacks("s1")).hasSizeBetween(15, 16);
    }
  }

  @Test
  void serverSideSizeErrorsAreRecognised() {
    ServerAddress address = new ServerAddress("127.0.0.1", 27017);
    MongoWriteException grown = new MongoWriteException(new WriteError(17419,
        "Resulting document after update is larger than 16777216", new BsonDocument()), address,
        Set.of());
    FeedbackStoreException e = MongoErrors.translate(grown, "append", "s1", "f-1");
    assertThat(e).hasMessageContaining("16 MB").hasMessageContaining("maxFeedbacksPerSession");
    assertThat(e.retrySafe()).isFalse();
    assertThat(e.getCause()).isSameAs(grown);

    MongoCommandException tooLarge = new MongoCommandException(new BsonDocument("ok",
        new BsonInt32(0)).append("code", new BsonInt32(10334))
        .append("errmsg", new BsonString("BSONObj size: 17000000 is invalid")), address);
    assertThat(MongoErrors.translate(tooLarge, "updateMetadata", "s1", null))
        .hasMessageContaining("16 MB");
  }

  @Test
  void retrySafetyFollowsTheKindOfFailure() {
    ServerAddress address = new ServerAddress("127.0.0.1", 27017);
    assertThat(MongoErrors.translate(new MongoSocketReadException("reset", address),
        "append", "s1", "f").retrySafe()).isTrue();
    MongoException labelled = new MongoException(91, "shutting down");
    labelled.addLabel("RetryableWriteError");
    assertThat(MongoErrors.translate(labelled, "append", "s1", "f").retrySafe()).isTrue();
    MongoWriteException duplicate = new MongoWriteException(new WriteError(11000,
        "E11000 duplicate key error", new BsonDocument()), address, Set.of());
    assertThat(MongoErrors.isDuplicateKey(duplicate)).isTrue();
    assertThat(MongoErrors.translate(duplicate, "updateMetadata", "s1", null).retrySafe())
        .isFalse();
    assertThat(MongoErrors.translate(new MongoException(2, "BadValue"), "stats", null, null))
        .hasMessage("stats failed: BadValue")
        .satisfies(e -> assertThat(e.retrySafe()).isFalse());
  }

  private static FeedbackStoreException catchStoreException(Runnable call) {
    try {
      call.run();
    } catch (FeedbackStoreException e) {
      return e;
    }
    throw new AssertionError("expected a FeedbackStoreException");
  }
}
