package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.tck.EscalationStoreContract;
import javax.sql.DataSource;

/** The escalation store kit on SQLite; replicas share the file through one pool. */
class SqliteEscalationStoreTest extends EscalationStoreContract {

  private DataSource dataSource;

  @Override
  protected EscalationStore newStore() {
    dataSource = Engine.SQLITE.dataSource();
    JdbcEscalationStore store = JdbcEscalationStore.builder().dataSource(dataSource).build();
    store.createSchema();
    return store;
  }

  @Override
  protected EscalationStore replica() {
    return JdbcEscalationStore.builder().dataSource(dataSource).build();
  }
}
