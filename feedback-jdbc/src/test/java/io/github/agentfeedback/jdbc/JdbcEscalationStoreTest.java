package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the escalation store kit does not cover, on both engines: a row another program wrote
 * that breaks the model's rules is refused, naming it, as not retry-safe.
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

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aRowThatBreaksTheModelsRulesIsRefusedNamingIt(Engine engine) throws SQLException {
    DataSource dataSource = engine.dataSource();
    String table = "escalations_" + TABLES.incrementAndGet();
    JdbcEscalationStore store = store(dataSource, table);
    String id =
        store
            .raise(
                Escalation.builder().type("t").rule("r").subject("session:s1").raisedAt(T0).build())
            .escalation()
            .id();
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
}
