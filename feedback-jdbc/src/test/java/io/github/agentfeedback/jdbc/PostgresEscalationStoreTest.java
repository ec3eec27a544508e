package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.tck.EscalationStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;

/** The escalation store kit on PostgreSQL; replicas share the pool and the table. */
@ExtendWith(PostgresTestServer.class)
class PostgresEscalationStoreTest extends EscalationStoreContract {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private String table;

  @Override
  protected EscalationStore newStore() {
    table = "esc_" + System.nanoTime() % 1_000_000_000L + "_" + TABLES.incrementAndGet();
    JdbcEscalationStore store =
        JdbcEscalationStore.builder()
            .dataSource(PostgresTestServer.dataSource())
            .table(table)
            .build();
    store.createSchema();
    return store;
  }

  @Override
  protected EscalationStore replica() {
    return JdbcEscalationStore.builder()
        .dataSource(PostgresTestServer.dataSource())
        .table(table)
        .build();
  }
}
