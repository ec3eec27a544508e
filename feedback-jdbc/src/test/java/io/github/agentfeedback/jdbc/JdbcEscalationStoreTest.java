package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.LoopClaim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the escalation store kit does not cover: a row another program wrote that breaks the
 * model's rules is refused, naming it, as not retry-safe (both engines); a raise whose
 * connection broke is not retry-safe, since it may have been counted (PostgreSQL).
 */
@ExtendWith(PostgresTestServer.class)
class JdbcEscalationStoreTest {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

  /** A store on a fresh table, its schema made. */
  private static JdbcEscalationStore store(DataSource dataSource, String table) {
    JdbcEscalationStore store =
        JdbcEscalationStore.builder().dataSource(dataSource).table(table).build();
    store.createSchema();
    return store;
  }

  /** An escalation of session s1, as a rule raises it. */
  private static Escalation candidate() {
    return Escalation.builder().type("t").rule("r").subject("session:s1").raisedAt(T0).build();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aRowThatBreaksTheModelsRulesIsRefusedNamingIt(Engine engine) throws SQLException {
    DataSource dataSource = engine.dataSource();
    String table = "escalations_" + TABLES.incrementAndGet();
    JdbcEscalationStore store = store(dataSource, table);
    String id = store.raise(candidate()).escalation().id();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute("UPDATE " + table + " SET subject = ' '"); // a blank subject
    }
    assertThatThrownBy(() -> store.find(id))
        .isInstanceOfSatisfying(
            FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isFalse())
        .hasMessageContaining("escalation " + id + " breaks the model's rules")
        .hasMessageContaining("subject");
    assertThatThrownBy(() -> store.list(EscalationQuery.all()))
        .isInstanceOf(FeedbackStoreException.class);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void pendingEventsThatBreakTheModelsRulesAreRefusedNamingTheEscalation(Engine engine)
      throws SQLException {
    DataSource dataSource = engine.dataSource();
    String table = "escalations_" + TABLES.incrementAndGet();
    JdbcEscalationStore store = store(dataSource, table);
    String id =
        store
            .raise(
                Escalation.builder()
                    .type("t")
                    .rule("r")
                    .subject("session:s1")
                    .feedback(List.of(new FeedbackRef("s1", "f1")))
                    .raisedAt(T0)
                    .build())
            .escalation()
            .id();
    store.resolve(id, "ann", T0.plusSeconds(1), "");
    List<String> broken = List.of("[{\"feedback_id\": \"f1\", \"session_id\": \" \"}]", "not json");
    for (int i = 0; i < broken.size(); i++) {
      String pending = broken.get(i);
      // Each claim after the lease the one before took.
      LoopClaim claim =
          new LoopClaim("r1", T0.plus(Duration.ofHours(i + 1)), Duration.ofMinutes(1), 10);
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET loop_pending = ?")) {
        ps.setString(1, pending);
        ps.executeUpdate();
      }
      assertThatThrownBy(() -> store.claimLoopClosings(claim))
          .as(pending)
          .isInstanceOfSatisfying(
              FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isFalse())
          .hasMessageContaining("escalation " + id);
      assertThatThrownBy(() -> store.loopClosingsSent(id, List.of(new FeedbackRef("s1", "f1"))))
          .as(pending)
          .isInstanceOfSatisfying(
              FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isFalse())
          .hasMessageContaining("escalation " + id);
    }
  }

  /**
   * The raise's update commits on the server after the client gave up on its connection (a
   * socket timeout of 1 s, a trigger that makes the update take 2 s): the raise was counted,
   * so the failure must not say that repeating it is safe.
   */
  @Test
  void aRaiseWhoseConnectionBrokeIsNotRetrySafe() throws Exception {
    HikariDataSource shared = (HikariDataSource) PostgresTestServer.dataSource();
    String table = "escalations_" + TABLES.incrementAndGet();
    JdbcEscalationStore store = store(shared, table);
    Escalation candidate = candidate();
    String id = store.raise(candidate).escalation().id();
    try (Connection c = shared.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE FUNCTION "
              + table
              + "_slow() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(2); RETURN NEW; END $$"
              + " LANGUAGE plpgsql");
      st.execute(
          "CREATE TRIGGER slow BEFORE UPDATE ON "
              + table
              + " FOR EACH ROW EXECUTE FUNCTION "
              + table
              + "_slow()");
    }
    String url = shared.getJdbcUrl();
    try (HikariDataSource impatient =
        PostgresTestServer.pool(url + (url.contains("?") ? "&" : "?") + "socketTimeout=1")) {
      JdbcEscalationStore replica =
          JdbcEscalationStore.builder().dataSource(impatient).table(table).build();
      assertThatThrownBy(() -> replica.raise(candidate))
          .isInstanceOfSatisfying(
              FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isFalse())
          .hasMessageContaining("may have been applied");
    }
    Thread.sleep(2_000); // the update finishes on the server
    assertThat(store.find(id)).get().extracting(Escalation::count).isEqualTo(2L);
  }
}
