package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.BatchResult;
import io.github.agentfeedback.capture.BatchResult.Status;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FeedbackManager#addFeedbacks} through hooks into the MongoDB store's bulk append. */
class MongoBatchIngestTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

  /** How many items the hooks saw created, after proceed. */
  private final AtomicInteger createdSeen = new AtomicInteger();

  /** Marks what it passes on, and counts what comes back created. */
  private final FeedbackHook markAndCount =
      chain -> {
        FeedbackResult r =
            chain.proceed(chain.feedback().toBuilder().attribute("checked", true).build());
        if (r.created()) {
          createdSeen.incrementAndGet();
        }
        return r;
      };

  private final FeedbackHook refuseTaggedSpam =
      chain -> {
        if (chain.feedback().tags().contains("spam")) {
          throw new FeedbackRejectedException("spam", "tagged as spam");
        }
        return chain.proceed(chain.feedback());
      };

  private static SessionFeedback item(String session, Feedback f) {
    return new SessionFeedback(session, f);
  }

  @Test
  void eachItemGetsItsStatusAndItsHooksTheirOutcomeFromOneAppendAllCall() {
    CommandRecorder commands = new CommandRecorder();
    String database = mongo.newDatabaseName();
    try (MongoFeedbackStore store =
            MongoFeedbackStore.builder()
                .client(mongo.newClient(commands))
                .database(database)
                .build();
        FeedbackManager manager =
            FeedbackManager.builder().store(store).hooks(markAndCount, refuseTaggedSpam).build()) {
      mongo
          .client()
          .getDatabase(database)
          .getCollection("sessions", BsonDocument.class)
          .insertOne(BsonDocument.parse("{_id: 'broken', feedbacks: {id: 'x'}}"));
      manager.addFeedback("s1", Feedback.up("earlier").toBuilder().id("dup").build());
      createdSeen.set(0);
      commands.clear();

      BatchResult result =
          manager.addFeedbacks(
              List.of(
                  item("s1", Feedback.up("one")),
                  item("s2", Feedback.down("two").toBuilder().id("f-2").build()),
                  item(" ", Feedback.up("bad session")),
                  item("s1", Feedback.up("buy now").toBuilder().tags(List.of("spam")).build()),
                  item("s1", Feedback.up("again").toBuilder().id("dup").build()),
                  item("broken", Feedback.up("into a broken document")),
                  item("s3", Feedback.neutral("three").toBuilder().createdAt(T0).build()),
                  item("s1", Feedback.up("four"))));

      assertThat(result.items())
          .extracting(BatchResult.Item::status)
          .containsExactly(
              Status.CREATED,
              Status.CREATED,
              Status.REJECTED,
              Status.REJECTED,
              Status.DUPLICATE,
              Status.FAILED,
              Status.CREATED,
              Status.CREATED);
      assertThat(result.items().get(2).error()).isInstanceOf(InvalidFeedbackException.class);
      assertThat(result.items().get(5).error())
          .isInstanceOf(FeedbackStoreException.class)
          .hasMessageContaining("not an array");
      assertThat(result.retryable()).extracting(BatchResult.Item::index).containsExactly(5);
      // One appendAll call for the six survivors: one bulk write; one read for the duplicate
      // and the broken document; one bulk write of the new items that shared s1's update
      // with the duplicate.
      assertThat(commands.commands()).containsExactly("update", "aggregate", "update");
      assertThat(result.items().get(3).error()).isInstanceOf(FeedbackRejectedException.class);
      // Each item's hooks saw its own outcome after proceed, and stored is what they passed.
      assertThat(createdSeen).hasValue(4);
      assertThat(manager.getFeedbacks("s1"))
          .extracting(Feedback::comment)
          .containsExactly("earlier", "one", "four");
      assertThat(manager.getFeedbacks("s1"))
          .allSatisfy(f -> assertThat(f.attributes()).containsEntry("checked", true));
      assertThat(manager.getFeedbacks("s3"))
          .singleElement()
          .satisfies(f -> assertThat(f.createdAt()).isEqualTo(T0));
    }
  }

  @Test
  void inOneVoteModeTheLaterVoteOfABatchReplacesTheFirst() {
    try (MongoFeedbackStore store = TestStores.fresh(mongo).build();
        FeedbackManager manager =
            FeedbackManager.builder().store(store).oneVotePerUserAndMessage(true).build()) {
      BatchResult result =
          manager.addFeedbacks(
              List.of(
                  item(
                      "s", Feedback.builder().userId("u").messageId("m").rating(Rating.UP).build()),
                  item(
                      "s",
                      Feedback.builder()
                          .userId("u")
                          .messageId("m")
                          .rating(Rating.DOWN)
                          .comment("changed my mind")
                          .build())));
      assertThat(result.items())
          .extracting(BatchResult.Item::status)
          .containsExactly(Status.CREATED, Status.REPLACED);
      assertThat(manager.getFeedbacks("s"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.rating()).isEqualTo(Rating.DOWN);
                assertThat(f.id()).isEqualTo(Feedback.voteId("u", "m"));
              });
    }
  }
}
