package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.LoopClaim;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.tck.EscalationStoreContract;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MongoDB escalation store runs the kit's {@link EscalationStoreContract}; its replicas
 * are stores on clients of their own over the same database. A document an earlier snapshot
 * wrote, with plain feedback ids, is refused clearly. A raise applied without its write
 * concern confirmed is not retry-safe, since it was counted.
 */
class MongoEscalationStoreTest extends EscalationStoreContract {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private String database;

  @Override
  protected EscalationStore newStore() {
    database = mongo.newDatabaseName();
    return MongoEscalationStore.builder().client(mongo.client()).database(database).build();
  }

  @Override
  protected EscalationStore replica() {
    return MongoEscalationStore.builder()
        .client(mongo.newClient(new com.mongodb.event.CommandListener() {}))
        .database(database)
        .build();
  }

  @Test
  void aDocumentWithPlainFeedbackIdsIsRefusedNamingIt() {
    String id = store.raise(candidate("s1", T0, "f1")).escalation().id();
    setFeedbackIds(id, List.of("f1"));
    assertThatThrownBy(() -> store.find(id))
        .isInstanceOf(FeedbackStoreException.class)
        .hasMessageContaining("escalation " + id)
        .hasMessageContaining("feedback_ids")
        .hasMessageContaining("session_id");
  }

  @Test
  void aDocumentThatBreaksTheModelsRulesIsRefusedNamingIt() {
    String id = store.raise(candidate("s1", T0, "f1")).escalation().id();
    setFeedbackIds(id, List.of(new Document("session_id", "s1").append("feedback_id", " ")));
    assertThatThrownBy(() -> store.find(id))
        .isInstanceOfSatisfying(
            FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isFalse())
        .hasMessageContaining("escalation " + id + " breaks the model's rules")
        .hasMessageContaining("feedbackId");
  }

  @Test
  void aPendingEventThatBreaksTheModelsRulesIsRefusedNamingTheEscalation() {
    String id = store.raise(candidate("s1", T0, "f1")).escalation().id();
    store.resolve(id, "ann", T0.plusSeconds(1), "");
    set(id, "loop_pending", List.of(new Document("session_id", " ").append("feedback_id", "f1")));
    assertThatThrownBy(
            () ->
                store.claimLoopClosings(
                    new LoopClaim("r1", T0.plusSeconds(2), Duration.ofMinutes(1), 10)))
        .isInstanceOfSatisfying(
            FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isFalse())
        .hasMessageContaining("escalation " + id)
        .hasMessageContaining("loop_pending")
        .hasMessageContaining("sessionId");
  }

  /**
   * A primary applies the raise but its secondaries do not confirm it in time (a backend
   * that reports a write concern timeout with every write): the first raise was stored and
   * the second counted, so neither failure may say that repeating the raise is safe.
   */
  @Test
  void aRaiseAppliedWithoutItsWriteConcernConfirmedIsNotRetrySafe() {
    FaultyBackend backend = new FaultyBackend();
    try (MongoTestServer server = MongoTestServer.startEmbedded(backend)) {
      MongoEscalationStore primary =
          MongoEscalationStore.builder()
              .client(server.newClient(new CommandRecorder()))
              .database("escalations")
              .build();
      Escalation candidate = candidate("s1", T0, "f1");
      backend.writeConcernError(64, "waiting for replication timed out", true);
      for (int raise = 1; raise <= 2; raise++) {
        assertThatThrownBy(() -> primary.raise(candidate))
            .as("raise %d", raise)
            .isInstanceOfSatisfying(
                FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isFalse())
            .hasMessageContaining("may have been applied");
      }
      backend.confirmWrites();
      assertThat(primary.list(EscalationQuery.all()))
          .singleElement()
          .extracting(Escalation::count)
          .isEqualTo(2L);
    }
  }

  /** Overwrites an escalation's stored feedback list, as another program might. */
  private void setFeedbackIds(String id, List<?> value) {
    set(id, "feedback_ids", value);
  }

  private void set(String id, String field, List<?> value) {
    mongo
        .client()
        .getDatabase(database)
        .getCollection(MongoEscalationStore.DEFAULT_COLLECTION)
        .updateOne(new Document("_id", id), new Document("$set", new Document(field, value)));
  }
}
