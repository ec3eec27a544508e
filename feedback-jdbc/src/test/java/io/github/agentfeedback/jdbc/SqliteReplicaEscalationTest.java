package io.github.agentfeedback.jdbc;

/** The replicas' scenario on SQLite (one file shared by every replica's stores). */
class SqliteReplicaEscalationTest extends JdbcReplicaEscalation {

  SqliteReplicaEscalationTest() {
    super(Engine.SQLITE);
  }
}
