package io.github.agentfeedback.jdbc.internal;

import java.util.List;

/**
 * The text of the store's fixed statements for one dialect and one pair of tables: made once
 * per store, every value a parameter.
 *
 * <p>Immutable and thread-safe.
 */
public final class Statements {

  /** Whether these are PostgreSQL's statements (else SQLite's). */
  public final boolean postgres;

  /** The tables. */
  public final Tables tables;

  /** {@code (session_id, id, ...)}: the feedback columns a write lists. */
  public final String columns;

  /** {@code f.id, f.vote_id, ...}: the columns {@link FeedbackRow#read} reads. */
  public final String readColumns;

  /** One row of placeholders for the feedback columns. */
  public final String row;

  /**
   * PostgreSQL: creates the session unless it exists (binds id, created_at, updated_at) and
   * appends one feedback, in one statement; returns a row when the feedback was stored.
   * SQLite: inserts the feedback only.
   */
  public final String append;

  /**
   * PostgreSQL: appends one feedback to a session that exists (binds the feedback, then the
   * session id); returns a row when the feedback was stored.
   */
  public final String appendToKnown;

  /**
   * PostgreSQL: the insert of a batch, one {@code text[]} per column
   * ({@link ColumnArrays#insert}); returns the session id and id of each row stored.
   */
  public final String batchInsert;

  /** Creates a session unless it exists (binds id, created_at, updated_at). */
  public final String createSession;

  /** Whether a session exists (binds id). */
  public final String sessionExists;

  /** A session's feedback in its order (binds the session id). */
  public final String list;

  /** One stored feedback, locked on PostgreSQL (binds session id and id). */
  public final String selectForUpdate;

  /** Replaces the content of one feedback; binds the content, then session id and id. */
  public final String update;

  /** A session's metadata (binds id). */
  public final String metadata;

  /** The order of a session's feedback: insertion order, or creation order under a cap. */
  public final String order;

  /**
   * Makes the statements.
   *
   * @param postgres whether the database is PostgreSQL
   * @param tables the tables
   * @param capped whether the store keeps a retention cap (sessions in creation order)
   */
  public Statements(boolean postgres, Tables tables, boolean capped) {
    this.postgres = postgres;
    this.tables = tables;
    String s = tables.sessions();
    String f = tables.feedback();
    this.columns = "(" + String.join(", ", FeedbackRow.COLUMNS) + ")";
    this.readColumns = "f." + String.join(", f.", FeedbackRow.READ_COLUMNS);
    this.row = FeedbackRow.placeholders(postgres);
    this.order = capped ? "f.created_at, f.id" : "f.seq";
    String insert = "INSERT INTO " + f + " " + columns;
    if (postgres) {
      this.append =
          "WITH s AS (INSERT INTO "
              + s
              + " (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING) "
              + insert
              + " VALUES "
              + row
              + " ON CONFLICT (session_id, id) DO NOTHING RETURNING 1";
      this.appendToKnown =
          insert
              + " SELECT "
              + row.substring(1, row.length() - 1)
              + " WHERE EXISTS (SELECT 1 FROM "
              + s
              + " WHERE id = ?) ON CONFLICT (session_id, id) DO NOTHING RETURNING 1";
    } else {
      this.append = insert + " VALUES " + row + " ON CONFLICT (session_id, id) DO NOTHING";
      this.appendToKnown = append;
    }
    this.batchInsert = ColumnArrays.insert(f);
    this.createSession =
        "INSERT INTO "
            + s
            + " (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING";
    this.sessionExists = "SELECT 1 FROM " + s + " WHERE id = ?";
    this.list =
        "SELECT " + readColumns + " FROM " + f + " f WHERE f.session_id = ? ORDER BY " + order;
    this.selectForUpdate =
        "SELECT "
            + readColumns
            + " FROM "
            + f
            + " f WHERE f.session_id = ? AND f.id = ?"
            + (postgres ? " FOR UPDATE" : "");
    StringBuilder set = new StringBuilder();
    List<String> updated = FeedbackRow.UPDATE_COLUMNS;
    for (String column : updated) {
      if (set.length() > 0) {
        set.append(", ");
      }
      boolean json =
          column.equals("tags") || column.equals("comparison") || column.equals("attributes");
      set.append(column).append(" = ").append(postgres && json ? "?::jsonb" : "?");
    }
    this.update = "UPDATE " + f + " SET " + set + " WHERE session_id = ? AND id = ?";
    this.metadata = "SELECT metadata FROM " + s + " WHERE id = ?";
  }
}
