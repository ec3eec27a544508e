package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spi.AnalyticsRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * Every operation finishes or fails within the operation timeout, whatever the server does;
 * write concerns are acknowledged and their timeouts explained.
 */
class TimeoutTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** Slack for a loaded CI machine; the bound is the timeout, not a performance target. */
  private static final Duration MARGIN = Duration.ofMillis(1500);

  private static final Duration HANG_GUARD = Duration.ofSeconds(20);

  @Test
  void aServerThatStopsAnsweringFailsEveryOperationWithinTheTimeout() throws Exception {
    try (MongoTestServer server = MongoTestServer.startEmbedded();
        StallingProxy proxy = new StallingProxy(server.port())) {
      CommandRecorder commands = new CommandRecorder();
      MongoFeedbackStore store =
          MongoFeedbackStore.builder()
              .client(server.newClient(proxy.connectionString(), commands))
              .database("chat")
              .operationTimeout(TIMEOUT)
              .build();
      Feedback f = Feedback.up("before").toBuilder().id("f-1").build();
      store.append("s1", f, UnknownSessionPolicy.CREATE);
      assertThat(store.list("s1")).hasSize(1);

      Map<String, Runnable> operations = new LinkedHashMap<>();
      operations.put(
          "append",
          () ->
              store.append(
                  "s1",
                  Feedback.up("x").toBuilder().id("f-2").build(),
                  UnknownSessionPolicy.CREATE));
      operations.put("list", () -> store.list("s1"));
      operations.put(
          "stream",
          () -> {
            try (Stream<SessionFeedback> s = store.stream(FeedbackQuery.all())) {
              s.count();
            }
          });
      operations.put(
          "analyze", () -> store.analyze(AnalyticsRequest.builder(FeedbackQuery.all()).build()));
      operations.put("metadata", () -> store.metadata("s1"));
      operations.put("updateMetadata", () -> store.updateMetadata("s1", Map.of("k", "v")));
      operations.put("deleteMetadata", () -> store.deleteMetadata("s1", List.of("k")));
      operations.put("delete", () -> store.delete("s1", "f-1"));
      operations.put("eraseUser", () -> store.eraseUser("u"));
      operations.put("ensureIndexes", store::ensureIndexes);

      proxy.stall();
      for (Map.Entry<String, Runnable> op : operations.entrySet()) {
        long start = System.nanoTime();
        FeedbackStoreException e =
            assertTimeoutPreemptively(
                HANG_GUARD,
                () -> catchThrowableOfType(FeedbackStoreException.class, op.getValue()::run),
                op.getKey() + " hung");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e).as(op.getKey() + " fails").isNotNull();
        assertThat(took).as(op.getKey()).isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(e.operation()).isEqualTo(op.getKey());
        assertThat(e.retrySafe()).as(op.getKey()).isTrue();
        assertThat(e).as(op.getKey()).hasMessageContaining("operation timeout of 500 ms");
      }

      proxy.resume();
      assertTimeoutPreemptively(
          HANG_GUARD,
          () -> {
            assertThat(
                    store
                        .append(
                            "s1",
                            Feedback.up("after").toBuilder().id("f-3").build(),
                            UnknownSessionPolicy.CREATE)
                        .created())
                .isTrue();
            assertThat(store.list("s1")).extracting(Feedback::id).contains("f-1", "f-3");
            assertThat(
                    store
                        .analyze(AnalyticsRequest.builder(FeedbackQuery.all()).build())
                        .total()
                        .total())
                .isGreaterThanOrEqualTo(2);
          });
    }
  }

  @Test
  void everyCommandCarriesTheTimeLeftToItsOperation() {
    try (MongoTestServer server = MongoTestServer.startEmbedded()) {
      CommandRecorder commands = new CommandRecorder();
      MongoFeedbackStore store =
          MongoFeedbackStore.builder()
              .client(server.newClient(commands))
              .database("chat")
              .operationTimeout(Duration.ofSeconds(3))
              .build();
      Feedback f = Feedback.up("x").toBuilder().id("f-1").userId("u").build();
      store.append("s1", f, UnknownSessionPolicy.CREATE);
      store.append("s1", f, UnknownSessionPolicy.CREATE); // the replay reads too
      store.list("s1");
      store.metadata("s1");
      store.updateMetadata("s1", Map.of("k", "v"));
      store.deleteMetadata("s1", List.of("k"));
      store.analyze(AnalyticsRequest.builder(FeedbackQuery.all()).build());
      store.delete("s1", "f-2");
      store.ensureIndexes();
      assertThat(commands.commands())
          .containsExactly(
              "findAndModify",
              "findAndModify",
              "find",
              "find",
              "find",
              "update",
              "update",
              "aggregate",
              "update",
              "createIndexes");
      assertCarryTheTimeout(commands.documents());

      // Cursors a store call iterates while it works (eraseUser's sessions, a stream's
      // feedback) bound each batch on the client instead: the driver sends no maxTimeMS
      // with a cursor whose timeout applies per iteration.
      commands.clear();
      assertThat(store.eraseUser("u")).isEqualTo(1);
      assertThat(commands.commands()).containsExactly("find", "findAndModify", "find");
      assertThat(commands.documents().get(0).containsKey("maxTimeMS")).isFalse();
      assertCarryTheTimeout(commands.documents().subList(1, 2));
    }
  }

  private static void assertCarryTheTimeout(List<BsonDocument> sent) {
    for (BsonDocument command : sent) {
      assertThat(command.containsKey("maxTimeMS")).as(command.getFirstKey()).isTrue();
      assertThat(command.getNumber("maxTimeMS").longValue())
          .as(command.getFirstKey())
          .isBetween(1L, 3000L);
    }
  }

  @Test
  void aWriteConcernNotConfirmedInTimeSaysTheWriteWasAppliedAndARetryIsSafe() {
    FaultyBackend backend =
        new FaultyBackend().writeConcernError(64, "waiting for replication timed out", true);
    try (MongoTestServer server = MongoTestServer.startEmbedded(backend)) {
      MongoFeedbackStore store =
          MongoFeedbackStore.builder()
              .client(server.newClient(new CommandRecorder()))
              .database("chat")
              .writeConcern(WriteConcern.MAJORITY)
              .build();
      Feedback f = Feedback.up("x").toBuilder().id("f-1").build();
      assertThatThrownBy(() -> store.append("s1", f, UnknownSessionPolicy.CREATE))
          .isInstanceOfSatisfying(
              FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isTrue())
          .hasMessageContaining(
              "applied on the primary, but its write concern was not "
                  + "confirmed within the operation timeout of 10 s")
          .hasMessageContaining("created() == false");

      backend.writeConcernError(50, "operation exceeded time limit", false);
      assertThatThrownBy(
              () ->
                  store.append(
                      "s1",
                      Feedback.up("y").toBuilder().id("f-2").build(),
                      UnknownSessionPolicy.CREATE))
          .isInstanceOfSatisfying(
              FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isTrue())
          .hasMessageContaining("operation timeout of 10 s")
          .hasMessageContaining("applied without its write concern being confirmed");

      backend.confirmWrites();
      assertThat(store.append("s1", f, UnknownSessionPolicy.CREATE).created()).isFalse();
      assertThat(
              store
                  .append(
                      "s1",
                      Feedback.up("y").toBuilder().id("f-2").build(),
                      UnknownSessionPolicy.CREATE)
                  .created())
          .isFalse();
      assertThat(store.list("s1")).extracting(Feedback::id).containsExactly("f-1", "f-2");
    }
  }

  @Test
  void anUnacknowledgedWriteConcernIsRefusedWhicheverWayItIsConfigured() {
    try (MongoTestServer server = MongoTestServer.startEmbedded()) {
      String unacknowledgedUri = server.connectionString() + "/?w=0";
      assertThatThrownBy(
              () -> MongoFeedbackStore.builder().writeConcern(WriteConcern.UNACKNOWLEDGED))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("writeConcern")
          .hasMessageContaining("unacknowledged");

      MongoClient bySettings =
          MongoClients.create(
              MongoClientSettings.builder()
                  .applyConnectionString(new ConnectionString(server.connectionString()))
                  .writeConcern(WriteConcern.UNACKNOWLEDGED)
                  .build());
      MongoClient byUri = server.newClient(unacknowledgedUri, new CommandRecorder());
      try {
        for (MongoClient client : List.of(bySettings, byUri)) {
          assertThatThrownBy(
                  () -> MongoFeedbackStore.builder().client(client).database("d").build())
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("client's write concern")
              .hasMessageContaining("unacknowledged");
          assertThatThrownBy(
                  () -> MongoFeedbackStores.builder().client(client).database("d").build())
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("unacknowledged");
          // An acknowledged write concern of the store's own overrides the client's.
          MongoFeedbackStore fixed =
              MongoFeedbackStore.builder()
                  .client(client)
                  .database(client == byUri ? "by_uri" : "by_settings")
                  .writeConcern(WriteConcern.W1)
                  .build();
          assertThat(
                  fixed
                      .append(
                          "s",
                          Feedback.up("x").toBuilder().id("f").build(),
                          UnknownSessionPolicy.CREATE)
                      .created())
              .isTrue();
          assertThat(
                  fixed
                      .append(
                          "s",
                          Feedback.up("x").toBuilder().id("f").build(),
                          UnknownSessionPolicy.CREATE)
                      .created())
              .isFalse();
        }
      } finally {
        bySettings.close();
      }
      assertThatThrownBy(
              () ->
                  MongoFeedbackStore.builder()
                      .connectionString(unacknowledgedUri)
                      .database("d")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("w=0");
      assertThatThrownBy(
              () ->
                  MongoFeedbackStores.builder()
                      .connectionString(unacknowledgedUri)
                      .database("d")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("w=0");
    }
  }

  @Test
  void theOperationTimeoutMustBeAtLeastOneMillisecond() {
    assertThatThrownBy(() -> MongoFeedbackStore.builder().operationTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operationTimeout")
        .hasMessageContaining("1 ms");
    assertThatThrownBy(() -> MongoFeedbackStore.builder().operationTimeout(Duration.ofNanos(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MongoFeedbackStore.builder().operationTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operationTimeout");
  }

  @Test
  void theEscalationStoreAndTheLeasesTakeTheTimeoutByTheSameRule() {
    // Under 1 ms the driver's maxTimeMS would be 0: no limit at all.
    Duration underAMillisecond = Duration.ofNanos(999_999);
    assertThatThrownBy(() -> MongoEscalationStore.builder().operationTimeout(underAMillisecond))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("operationTimeout must be at least 1 ms, was " + underAMillisecond);
    assertThatThrownBy(() -> MongoLeases.builder().operationTimeout(underAMillisecond))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("operationTimeout must be at least 1 ms, was " + underAMillisecond);
    assertThatThrownBy(() -> MongoLeases.builder().operationTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operationTimeout");
  }

  @Test
  void aTimeoutTooLongToCountInNanosecondsStillWorks() {
    Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
    try (MongoTestServer server = MongoTestServer.startEmbedded()) {
      MongoFeedbackStore store =
          MongoFeedbackStore.builder()
              .client(server.client())
              .database("chat")
              .operationTimeout(forever)
              .build();
      store.append(
          "s1", Feedback.up("kept").toBuilder().id("f-1").build(), UnknownSessionPolicy.CREATE);
      assertThat(store.list("s1")).hasSize(1);
      MongoLeases leases =
          MongoLeases.builder()
              .client(server.client())
              .database("chat")
              .operationTimeout(forever)
              .build();
      assertThat(
              leases.tryAcquire(
                  "check", "replica-1", Duration.ofMinutes(1), java.time.Instant.now()))
          .isTrue();
    }
  }
}
