package io.github.agentfeedback.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;

/** The replicas' scenario on PostgreSQL. */
@ExtendWith(PostgresTestServer.class)
class PostgresReplicaEscalationTest extends JdbcReplicaEscalation {

  PostgresReplicaEscalationTest() {
    super(Engine.POSTGRESQL);
  }
}
