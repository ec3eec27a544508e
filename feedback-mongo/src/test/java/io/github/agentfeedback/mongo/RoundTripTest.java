package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Counts the commands (round trips) each operation sends, with a {@code CommandListener}. */
class RoundTripTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private final CommandRecorder commands = new CommandRecorder();
  private MongoFeedbackStore store;
  private FeedbackManager manager;

  @BeforeEach
  void open() {
    store =
        MongoFeedbackStore.builder()
            .client(mongo.newClient(commands))
            .database(mongo.newDatabaseName())
            .build();
    manager = FeedbackManager.builder().store(store).build();
    commands.clear();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void addFeedbackIsOneRoundTrip() {
    manager.addFeedback("s1", Feedback.up("creates the session"));
    // One findAndModify: the upsert, which also counts the feedback ($inc) and returns the
    // session's counts.
    assertThat(commands.commands()).containsExactly("findAndModify");
    BsonDocument update = commands.documents().get(0);
    assertThat(update.getBoolean("upsert").getValue()).isTrue();
    assertThat(update.getDocument("query").getDocument("feedbacks.id").containsKey("$ne")).isTrue();
    assertThat(update.getDocument("update").keySet())
        .containsExactlyInAnyOrder("$push", "$set", "$setOnInsert", "$inc");
    assertThat(update.getDocument("fields").keySet()).containsExactlyInAnyOrder("counters", "_id");

    for (int i = 0; i < 50; i++) {
      commands.clear();
      manager.addFeedback("s1", Feedback.down("adds to it " + i));
      assertThat(commands.commands()).containsExactly("findAndModify");
    }
    assertThat(commands.failures()).isEmpty();
  }

  @Test
  void replayedFeedbackCostsOneMoreRoundTrip() {
    FeedbackResult first = manager.addFeedback("s1", Feedback.up("once"));
    commands.clear();
    assertThat(manager.addFeedback("s1", first.feedback()).created()).isFalse();
    // The duplicate key cannot tell a stored id from a session created concurrently (or a
    // foreign unique index), so one read from the primary confirms the id is stored.
    // The read returns the session's counts too.
    assertThat(commands.commands()).containsExactly("findAndModify", "find");
    assertThat(manager.getFeedbacks("s1")).hasSize(1);
  }

  @Test
  void refusingUnknownSessionsCostsOneRoundTripForKnownOnes() {
    FeedbackManager refusing =
        FeedbackManager.builder().store(store).unknownSessions(UnknownSessionPolicy.REFUSE).build();
    manager.updateMetadata("known", Map.of("variant", "A"));
    commands.clear();
    refusing.addFeedback("known", Feedback.up("ok"));
    assertThat(commands.commands()).containsExactly("findAndModify");
    commands.clear();
    assertThatThrownBy(() -> refusing.addFeedback("unknown", Feedback.up("refused")))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(commands.commands()).containsExactly("findAndModify", "find");
  }

  @Test
  void readsAreOneRoundTripEach() {
    for (int i = 0; i < 20; i++) {
      manager.addFeedback("s" + (i % 3), Feedback.up("c" + i));
    }
    manager.updateMetadata("s1", Map.of("variant", "B"));
    for (Runnable read :
        List.<Runnable>of(
            () -> manager.getFeedbacks("s1"),
            () -> manager.getMetadata("s1"),
            () -> manager.analytics().summary(FeedbackQuery.all()),
            () -> manager.retractFeedback("s1", "nothing"),
            () -> manager.deleteMetadata("s1", List.of("variant")))) {
      commands.clear();
      read.run();
      assertThat(commands.commands()).hasSize(1);
    }
    commands.clear();
    assertThat(manager.eraseUser("nobody")).isZero();
    assertThat(commands.commands()).containsExactly("find");
  }
}
