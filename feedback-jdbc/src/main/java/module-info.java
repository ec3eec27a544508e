/** The JDBC store: one row per feedback on PostgreSQL or SQLite, analytics in SQL. */
module io.github.agentfeedback.jdbc {
  requires transitive io.github.agentfeedback.core;
  requires transitive java.sql;
  requires org.slf4j;

  exports io.github.agentfeedback.jdbc;
}
