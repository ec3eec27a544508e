package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.tck.LeasesContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;

/** The leases kit on PostgreSQL; replicas share the pool and the table. */
@ExtendWith(PostgresTestServer.class)
class PostgresLeasesTest extends LeasesContract {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private String table;

  @Override
  protected Leases newLeases() {
    table = "lease_" + System.nanoTime() % 1_000_000_000L + "_" + TABLES.incrementAndGet();
    JdbcLeases leases =
        JdbcLeases.builder().dataSource(PostgresTestServer.dataSource()).table(table).build();
    leases.createSchema();
    leases.createSchema(); // idempotent
    return leases;
  }

  @Override
  protected Leases replica() {
    return JdbcLeases.builder().dataSource(PostgresTestServer.dataSource()).table(table).build();
  }
}
