package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.tck.LeasesContract;
import javax.sql.DataSource;

/** The leases kit on SQLite; replicas share the file through one pool. */
class SqliteLeasesTest extends LeasesContract {

  private DataSource dataSource;

  @Override
  protected Leases newLeases() {
    dataSource = Engine.SQLITE.dataSource();
    JdbcLeases leases = JdbcLeases.builder().dataSource(dataSource).build();
    leases.createSchema();
    leases.createSchema(); // idempotent
    return leases;
  }

  @Override
  protected Leases replica() {
    return JdbcLeases.builder().dataSource(dataSource).build();
  }
}
