package io.github.agentfeedback.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.mongo.MongoEscalationStore;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.FeedbackStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TourTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static String tour(FeedbackStore store, EscalationStore escalations) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Tour.run(store, escalations, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void assertTourOutput(String out) {
    assertThat(out)
        .contains("cleaned on the way in: \"Couldn't find my order number, mail me at [EMAIL]\"")
        .contains("created=false, still 3 feedbacks")
        .contains("rejected bad metadata")
        .contains("rejected feedback: comment")
        .contains("4 feedbacks, 2 up, 1 down, 1 neutral, satisfaction 66.7%")
        .contains("variant B: satisfaction 66.7%, dimension mean 4.5/5")
        .contains("live analytics hook: 4 stored, satisfaction 66.7% (the same figures)")
        .contains(
            "batch of 5: {CREATED=3, DUPLICATE=1, REPLACED=0, REJECTED=1, FAILED=0, "
                + "UNKNOWN=0, UNCHANGED=0, STALE=0, TRIMMED=0}")
        .contains("satisfaction A 33.3% vs B 66.7%: +33.3 points, no test: TOO_FEW")
        .contains(
            "DPO export: 1 row: {\"prompt\":\"Where is my order number?\",\"chosen\":"
                + "\"It is in your confirmation e-mail, in the subject line.\",\"rejected\":"
                + "\"I don't know.\"}")
        .contains(
            "10. DOWN, UP, DOWN, DOWN in session user-321: escalation session_negatives:3, HIGH,"
                + " count 1")
        .contains("the webhook received it: high session_negatives about session:user-321")
        .contains(
            "11. resolved by ann; 1 loop-closing event sent: user u-321 hears \"Order numbers"
                + " are read from the e-mail now\"")
        .contains("== done");
  }

  @Test
  void tourRunsOnTheEmbeddedMongoDefault() {
    String database = mongo.newDatabaseName();
    try (FeedbackStore store =
            MongoFeedbackStore.builder().client(mongo.client()).database(database).build();
        EscalationStore escalations =
            MongoEscalationStore.builder().client(mongo.client()).database(database).build()) {
      assertTourOutput(tour(store, escalations));
    }
  }

  @Test
  void tourRunsOnPostgresqlAsJdbcUrlMakesIt() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      DataSource dataSource =
          Tour.postgres(postgres.getJdbcUrl("postgres", "postgres"), null, null);
      try (FeedbackStore store = Tour.feedbackTables(dataSource, "tour_1");
          EscalationStore escalations = Tour.escalationTable(dataSource, "tour_1")) {
        assertThat(store.toString()).contains("tour_1");
        assertTourOutput(tour(store, escalations));
      }
    }
  }

  @Test
  void tourRunsOnTheInMemoryStore() {
    assertTourOutput(tour(new InMemoryFeedbackStore(), new InMemoryEscalationStore()));
  }
}
