package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aRowThatBreaksTheModelsRulesIsRefusedNamingIt(Engine engine) throws SQLException {
    DataSource dataSource = engine.dataSource();
    String table = "escalations_" + TABLES.incrementAndGet();
    JdbcEscalationStore store =
        JdbcEscalationStore.builder().dataSource(dataSource).table(table).build();
    store.createSchema();
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
}
