package io.github.agentfeedback.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases {@link JdbcFeedbackStore} speaks. The store detects the dialect from the
 * first connection it gets ({@link java.sql.DatabaseMetaData#getDatabaseProductName()}),
 * unless {@link JdbcFeedbackStore.Builder#dialect(Dialect)} sets it.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum Dialect {
  /**
   * PostgreSQL 12 or later: {@code jsonb} columns, {@code timestamptz} times, one statement
   * per append, server-side cursors for streams.
   */
  POSTGRESQL("schema-postgresql.sql", "drop-postgresql.sql"),

  /**
   * SQLite 3.38 or later (its JSON functions and {@code ->}, {@code RETURNING}, upserts):
   * JSON as text, times as epoch milliseconds, writes in {@code BEGIN IMMEDIATE}
   * transactions.
   */
  SQLITE("schema-sqlite.sql", "drop-sqlite.sql");

  private final String schemaScript;
  private final String dropScript;

  Dialect(String schemaScript, String dropScript) {
    this.schemaScript = schemaScript;
    this.dropScript = dropScript;
  }

  /**
   * The name of the script in this jar, beside {@code JdbcFeedbackStore.class}, that creates
   * the tables and indexes: {@code schema-postgresql.sql} or {@code schema-sqlite.sql}. It
   * holds the placeholders {@code ${sessions_table}} and {@code ${feedback_table}}, which
   * Flyway and Liquibase fill in (see {@code docs/jdbc.md}).
   *
   * @return the resource name, relative to the package {@code io.github.agentfeedback.jdbc}
   */
  public String schemaScript() {
    return schemaScript;
  }

  /**
   * The name of the script beside {@link #schemaScript()} that drops both tables.
   *
   * @return the resource name, relative to the package {@code io.github.agentfeedback.jdbc}
   */
  public String dropScript() {
    return dropScript;
  }

  /**
   * The dialect of a connection's database.
   *
   * @param connection an open connection
   * @return the dialect
   * @throws SQLException if the connection fails
   * @throws IllegalArgumentException if the database is neither PostgreSQL nor SQLite
   */
  public static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.contains("postgres")) {
      return POSTGRESQL;
    }
    if (name.contains("sqlite")) {
      return SQLITE;
    }
    throw new IllegalArgumentException(
        "JdbcFeedbackStore speaks PostgreSQL and SQLite, not "
            + product
            + "; set JdbcFeedbackStore.Builder.dialect(..) if this database speaks one of them");
  }
}
