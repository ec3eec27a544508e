package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code eraseUser} reports exactly what it removed, and never reports success while the
 * user's feedback remains; in one session, it touches no other.
 */
class EraseUserTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Pattern REMOVED_SO_FAR = Pattern.compile("\\((\\d+) removed so far\\)");

  private String database;

  /** Writes as "another instance of the application" would, on a client of its own. */
  private MongoFeedbackStore other;

  @BeforeEach
  void open() {
    database = mongo.newDatabaseName();
    other = MongoFeedbackStore.builder().client(mongo.client()).database(database).build();
  }

  private MongoFeedbackStore store(CommandListener listener) {
    return MongoFeedbackStore.builder()
        .client(mongo.newClient(listener))
        .database(database)
        .build();
  }

  private void add(String sessionId, String feedbackId, String userId) {
    other.append(
        sessionId,
        Feedback.up("c").toBuilder().id(feedbackId).userId(userId).build(),
        UnknownSessionPolicy.CREATE);
  }

  private long remaining(String userId) {
    return FeedbackAnalytics.of(other)
        .summary(FeedbackQuery.builder().userId(userId).build())
        .ratings()
        .total();
  }

  @Test
  void feedbackAddedWhileAPassRunsIsFoundByTheNextPassAndCounted() {
    for (int s = 0; s < 4; s++) {
      add("s" + s, "f" + s, "u");
      add("s" + s, "keep" + s, "someone-else");
    }
    AtomicBoolean injected = new AtomicBoolean();
    CommandListener lateWriter =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("findAndModify")
                && injected.compareAndSet(false, true)) {
              add("late", "late-1", "u"); // a session the running pass has not listed
              add("s3", "late-2", "u");
            }
          }
        };
    try (MongoFeedbackStore store = store(lateWriter)) {
      assertThat(store.eraseUser("u")).isEqualTo(6);
    }
    assertThat(remaining("u")).isZero();
    assertThat(remaining("someone-else")).isEqualTo(4);
  }

  @Test
  void anErasureThatNeverCatchesUpFailsInsteadOfReportingSuccess() {
    add("s0", "f0", "u");
    AtomicInteger added = new AtomicInteger();
    CommandListener relentless =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("findAndModify")) {
              int n = added.incrementAndGet();
              add("new-" + n, "f-new-" + n, "u");
            }
          }
        };
    try (MongoFeedbackStore store = store(relentless)) {
      assertThatThrownBy(() -> store.eraseUser("u"))
          .isInstanceOfSatisfying(
              FeedbackStoreException.class,
              e -> {
                assertThat(e.operation()).isEqualTo("eraseUser");
                assertThat(e.retrySafe()).isTrue();
              })
          .hasMessageContaining("still found after 3 passes");
    }
    assertThat(remaining("u")).isPositive();
  }

  @Test
  void theCountIsExactWhileAnotherThreadKeepsAddingTheUsersFeedback() throws Exception {
    int total = 300;
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < total; i++) {
                add("s" + (i % 10), "w-" + i, "u");
              }
            });
    long erased = 0;
    try (MongoFeedbackStore store = store(new CommandRecorder())) {
      writer.start();
      while (writer.isAlive()) {
        erased += assertTimeoutPreemptively(Duration.ofSeconds(30), () -> eraseCounting(store));
      }
      writer.join();
      erased += store.eraseUser("u"); // nobody writes now: this one always completes
    }
    // Whatever is gone was counted, once; nothing is left.
    assertThat(remaining("u")).isZero();
    assertThat(erased).isEqualTo(total);
  }

  @Test
  void erasingInOneSessionCountsUserIdsOfEveryStoredTypeAndLeavesOtherDocumentsAlone() {
    MongoCollection<BsonDocument> raw =
        mongo.client().getDatabase(database).getCollection("sessions", BsonDocument.class);
    String at = "created_at: {$date: '2026-03-01T10:00:00Z'}";
    raw.insertOne(
        BsonDocument.parse(
            "{_id: 's1', feedbacks: ["
                + "{id: 'a', rating: 'up', comment: '', user_id: 123, "
                + at
                + "},"
                + "{id: 'b', rating: 'up', comment: '', user_id: '123', "
                + at
                + "},"
                + "{id: 'c', rating: 'down', comment: '', user_id: 'other', "
                + at
                + "},"
                + "{rating: 'up', comment: 'written by Python', user_id: 123, "
                + at
                + "}]}"));
    BsonDocument s2 =
        BsonDocument.parse(
            "{_id: 's2', feedbacks: [{id: 'd', rating: 'up', comment: '', user_id: 123, "
                + at
                + "}]}");
    BsonDocument broken = BsonDocument.parse("{_id: 'broken', feedbacks: {user_id: '123'}}");
    raw.insertMany(List.of(s2, broken));

    assertThat(other.eraseUser("s1", "123")).isEqualTo(3);
    assertThat(other.eraseUser("s1", "123")).isZero();
    assertThat(other.eraseUser("broken", "123")).isZero();
    assertThat(other.eraseUser("missing", "123")).isZero();

    assertThat(other.list("s1")).extracting(Feedback::id).containsExactly("c");
    assertThat(raw.find(Filters.eq("_id", "s2")).first()).isEqualTo(s2);
    assertThat(raw.find(Filters.eq("_id", "broken")).first()).isEqualTo(broken);
    assertThat(raw.countDocuments()).isEqualTo(3); // no session was created
  }

  /**
   * The number an erasure removed; one the writer outran fails, retry-safe, and says how
   * many it had removed.
   */
  private static long eraseCounting(MongoFeedbackStore store) {
    try {
      return store.eraseUser("u");
    } catch (FeedbackStoreException e) {
      assertThat(e.retrySafe()).isTrue();
      Matcher removed = REMOVED_SO_FAR.matcher(e.getMessage());
      assertThat(removed.find()).as(e.getMessage()).isTrue();
      return Long.parseLong(removed.group(1));
    }
  }
}
