package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationStatus;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.LoopClaim;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.escalation.Severity;
import java.sql.Connection;
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
 * An escalations table made before the notification and loop-closing columns existed gets
 * them from {@code createSchema()}, on both engines, and keeps its rows; a row whose lists hold
 * plain feedback ids (as the first store wrote them) is refused when read, naming it.
 */
@ExtendWith(PostgresTestServer.class)
class EscalationSchemaUpgradeTest {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

  @ParameterizedTest
  @EnumSource(Engine.class)
  void anOlderTableGetsTheNewColumnsAndWorks(Engine engine) throws SQLException {
    DataSource dataSource = engine.dataSource();
    String table = "old_escalations_" + TABLES.incrementAndGet();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      // The table as the first escalation store made it.
      st.execute(
          "CREATE TABLE "
              + table
              + " (id TEXT PRIMARY KEY, open_key TEXT NOT NULL UNIQUE,"
              + " type TEXT NOT NULL, severity TEXT NOT NULL, rule TEXT NOT NULL,"
              + " subject TEXT NOT NULL, status TEXT NOT NULL,"
              + " raise_count BIGINT NOT NULL, raised_at BIGINT NOT NULL,"
              + " last_raised_at BIGINT NOT NULL, ack_by TEXT, ack_at BIGINT,"
              + " ack_note TEXT, res_by TEXT, res_at BIGINT, res_note TEXT,"
              + " figures TEXT NOT NULL, session_ids TEXT NOT NULL,"
              + " feedback_ids TEXT NOT NULL, group_keys TEXT NOT NULL)");
      st.execute(
          "INSERT INTO "
              + table
              + " VALUES ('old-1', 'resolved:old-1', 'session_negatives', 'high', 'three_downs',"
              + " 'session:s0', 'resolved', 1, 0, 0, NULL, NULL, NULL, 'ann', 1, '', '{}',"
              + " '[\"s0\"]', '[\"f0\"]', '[]')");
    }
    JdbcEscalationStore store =
        JdbcEscalationStore.builder().dataSource(dataSource).table(table).build();
    store.createSchema();
    store.createSchema(); // idempotent

    Raised raised =
        store.raise(
            Escalation.builder()
                .type("session_negatives")
                .severity(Severity.HIGH)
                .rule("three_downs")
                .subject("session:s1")
                .sessionIds(List.of("s1"))
                .feedback(List.of(new FeedbackRef("s1", "f1")))
                .raisedAt(T0)
                .build());
    String id = raised.escalation().id();
    assertThat(store.claimNotification(id, T0, Duration.ofMinutes(5))).isTrue();
    assertThat(store.resolve(id, "ann", T0.plusSeconds(60), "fixed"))
        .get()
        .extracting(Escalation::status)
        .isEqualTo(EscalationStatus.RESOLVED);
    assertThat(
            store.claimLoopClosings(
                new LoopClaim("r1", T0.plusSeconds(61), Duration.ofMinutes(5), 10)))
        .singleElement()
        .satisfies(loop -> assertThat(loop.pending()).containsExactly(new FeedbackRef("s1", "f1")));
    assertThatThrownBy(() -> store.find("old-1"))
        .isInstanceOf(FeedbackStoreException.class)
        .hasMessageContaining("escalation old-1")
        .hasMessageContaining("feedback_ids")
        .hasMessageContaining("session_id");
  }
}
