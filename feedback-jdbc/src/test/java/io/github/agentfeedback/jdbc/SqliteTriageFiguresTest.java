package io.github.agentfeedback.jdbc;

/** The triage figures on SQLite. */
class SqliteTriageFiguresTest extends JdbcTriageFigures {

  SqliteTriageFiguresTest() {
    super(Engine.SQLITE);
  }
}
