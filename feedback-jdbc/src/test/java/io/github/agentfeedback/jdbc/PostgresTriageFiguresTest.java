package io.github.agentfeedback.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;

/** The triage figures on PostgreSQL. */
@ExtendWith(PostgresTestServer.class)
class PostgresTriageFiguresTest extends JdbcTriageFigures {

  PostgresTriageFiguresTest() {
    super(Engine.POSTGRESQL);
  }
}
