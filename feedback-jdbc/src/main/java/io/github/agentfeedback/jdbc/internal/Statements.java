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
   * PostgreSQL: appends one feedback and creates or touches its session, in one statement;
   * returns a row when the feedback was stored. SQLite: inserts the feedback only.
   */
  public final String append;

  /**
   * PostgreSQL: appends one feedback to a session that exists, touching it; returns a row
   * when the feedback was stored.
   */
  public final String appendToKnown;

  /** Creates a session unless it exists (binds id, created_at, updated_at). */
  public final String createSession;

  /** Touches a session: {@code updated_at} (binds time, id). */
  public final String touchSession;

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
          "WITH f AS ("
              + insert
              + " VALUES "
              + row
              + " ON CONFLICT (session_id, id) DO NOTHING RETURNING 1)"
              + " INSERT INTO "
              + s
              + " (id, created_at, updated_at) VALUES (?, ?, ?)"
              + " ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at"
              + " WHERE EXISTS (SELECT 1 FROM f) RETURNING (SELECT count(*) FROM f)";
      this.appendToKnown =
          "WITH f AS ("
              + insert
              + " SELECT "
              + row.substring(1, row.length() - 1)
              + " WHERE EXISTS (SELECT 1 FROM "
              + s
              + " WHERE id = ?) ON CONFLICT (session_id, id) DO NOTHING RETURNING 1)"
              + " UPDATE "
              + s
              + " SET updated_at = ? WHERE id = ? AND EXISTS (SELECT 1 FROM f) RETURNING 1";
    } else {
      this.append = insert + " VALUES " + row + " ON CONFLICT (session_id, id) DO NOTHING";
      this.appendToKnown = append;
    }
    this.createSession =
        "INSERT INTO "
            + s
            + " (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING";
    this.touchSession = "UPDATE " + s + " SET updated_at = ? WHERE id = ?";
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

  /**
   * A statement that changes feedback rows and returns the session id of each
   * ({@code RETURNING session_id}), wrapped so that it also touches those sessions: on
   * PostgreSQL one statement that returns the count (binds the change's parameters, then the
   * time); on SQLite the change itself (the caller touches the sessions).
   *
   * @param change an {@code UPDATE} or {@code DELETE} of the feedback table ending in
   *     {@code RETURNING session_id}
   * @return the statement
   */
  public String touching(String change) {
    if (!postgres) {
      return change;
    }
    return "WITH d AS ("
        + change
        + "), t AS (UPDATE "
        + tables.sessions()
        + " SET updated_at = ? WHERE id IN (SELECT session_id FROM d)) SELECT count(*) FROM d";
  }
}
