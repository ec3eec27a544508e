package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.WindowCheckContract;
import javax.sql.DataSource;

/** The window check kit on SQLite: one file holds the feedback, escalations and leases. */
class SqliteWindowCheckTest extends WindowCheckContract {

  private DataSource dataSource;

  @Override
  protected FeedbackStore newFeedbackStore() {
    dataSource = Engine.SQLITE.dataSource();
    return Engine.SQLITE.store(b -> b.dataSource(dataSource));
  }

  @Override
  protected EscalationStore newEscalationStore() {
    JdbcEscalationStore store = (JdbcEscalationStore) replicaEscalationStore();
    store.createSchema();
    return store;
  }

  @Override
  protected EscalationStore replicaEscalationStore() {
    return JdbcEscalationStore.builder().dataSource(dataSource).build();
  }

  @Override
  protected Leases newLeases() {
    JdbcLeases leases = (JdbcLeases) replicaLeases();
    leases.createSchema();
    return leases;
  }

  @Override
  protected Leases replicaLeases() {
    return JdbcLeases.builder().dataSource(dataSource).build();
  }
}
