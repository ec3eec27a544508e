package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.WindowCheckContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The window check kit on PostgreSQL: the rules read the SQL analytics; the replicas'
 * escalation stores and leases share the pool and the tables.
 */
@ExtendWith(PostgresTestServer.class)
class PostgresWindowCheckTest extends WindowCheckContract {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private String suffix;

  @Override
  protected FeedbackStore newFeedbackStore() {
    return Engine.POSTGRESQL.store();
  }

  @Override
  protected EscalationStore newEscalationStore() {
    suffix = System.nanoTime() % 1_000_000_000L + "_" + TABLES.incrementAndGet();
    JdbcEscalationStore store = (JdbcEscalationStore) replicaEscalationStore();
    store.createSchema();
    return store;
  }

  @Override
  protected EscalationStore replicaEscalationStore() {
    return JdbcEscalationStore.builder()
        .dataSource(PostgresTestServer.dataSource())
        .table("wesc_" + suffix)
        .build();
  }

  @Override
  protected Leases newLeases() {
    JdbcLeases leases = (JdbcLeases) replicaLeases();
    leases.createSchema();
    return leases;
  }

  @Override
  protected Leases replicaLeases() {
    return JdbcLeases.builder()
        .dataSource(PostgresTestServer.dataSource())
        .table("wlease_" + suffix)
        .build();
  }
}
