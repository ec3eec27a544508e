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

  /** The session's count columns, in the order {@link Counts#read} reads them. */
  public static final List<String> COUNT_COLUMN_NAMES =
      List.of("count_up", "count_down", "count_neutral", "count_total");

  /** {@link #COUNT_COLUMN_NAMES}, comma-separated. */
  public static final String COUNT_COLUMNS = String.join(", ", COUNT_COLUMN_NAMES);

  /**
   * PostgreSQL: appends one feedback (binds the feedback first) and creates its session
   * unless it exists (then binds id, created_at, updated_at), adding what was inserted to the
   * session's counts, in one statement; returns one row: how many feedbacks were inserted (0
   * or 1), then the session's counts. SQLite: inserts the feedback only, returning its
   * rating when it was stored.
   */
  public final String append;

  /**
   * PostgreSQL: appends one feedback to a session that exists and adds it to the session's
   * counts (binds the feedback, then the session id twice); returns no row when the session
   * does not exist, else one as {@link #append} does.
   */
  public final String appendToKnown;

  /**
   * PostgreSQL: the insert of a batch, one {@code text[]} per column
   * ({@link ColumnArrays#insert}), then the upsert of its sessions that adds the rows
   * inserted to their counts (binds created_at and updated_at of sessions it creates);
   * returns the session id and id of each row stored, then its session's counts.
   */
  public final String batchInsert;

  /**
   * PostgreSQL: replaces the content of one feedback and moves its session's counts from
   * the old rating to the new one, in one statement (binds session id and id, the content,
   * then the session id); returns no row when the session holds no such feedback, else the
   * stored creation time, then the session's counts.
   */
  public final String replace;

  /**
   * Adds to a session's counts (binds up, down, neutral, total, then the session id);
   * returns the counts.
   */
  public final String addCounts;

  /** A session's counts (binds the session id). */
  public final String readCounts;

  /**
   * Counts a session's feedback rows again and keeps the counts (binds the session id);
   * returns the counts.
   */
  public final String recount;

  /** Counts every session's feedback rows again and keeps the counts. */
  public final String recountAll;

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
    // The sums of what a CTE's rows add, as up, down, neutral, total.
    String added =
        "count(*) FILTER (WHERE rating = 'up'), count(*) FILTER (WHERE rating = 'down'),"
            + " count(*) FILTER (WHERE rating = 'neutral'), count(*)";
    String upsertCounts =
        " ON CONFLICT (id) DO UPDATE SET count_up = s.count_up + EXCLUDED.count_up,"
            + " count_down = s.count_down + EXCLUDED.count_down,"
            + " count_neutral = s.count_neutral + EXCLUDED.count_neutral,"
            + " count_total = s.count_total + EXCLUDED.count_total";
    String sessionColumns = " (id, created_at, updated_at, " + COUNT_COLUMNS + ")";
    String returning = " RETURNING s.count_up, s.count_down, s.count_neutral, s.count_total";
    if (postgres) {
      // The feedback insert feeds the session upsert, which takes the session row's lock:
      // appends to one session are counted one after the other; a replay inserts nothing
      // and adds nothing.
      this.append =
          "WITH f AS ("
              + insert
              + " VALUES "
              + row
              + " ON CONFLICT (session_id, id) DO NOTHING RETURNING rating) INSERT INTO "
              + s
              + " AS s"
              + sessionColumns
              + " SELECT ?, ?, ?, "
              + added
              + " FROM f"
              + upsertCounts
              + " RETURNING (SELECT count(*) FROM f),"
              + returning.substring(" RETURNING".length());
      this.appendToKnown =
          "WITH f AS ("
              + insert
              + " SELECT "
              + row.substring(1, row.length() - 1)
              + " WHERE EXISTS (SELECT 1 FROM "
              + s
              + " WHERE id = ?) ON CONFLICT (session_id, id) DO NOTHING RETURNING rating),"
              + " x AS (SELECT count(*) FILTER (WHERE rating = 'up') AS up,"
              + " count(*) FILTER (WHERE rating = 'down') AS down,"
              + " count(*) FILTER (WHERE rating = 'neutral') AS neutral, count(*) AS n FROM f)"
              + " UPDATE "
              + s
              + " AS s SET count_up = s.count_up + x.up, count_down = s.count_down + x.down,"
              + " count_neutral = s.count_neutral + x.neutral,"
              + " count_total = s.count_total + x.n FROM x WHERE s.id = ?"
              + " RETURNING x.n,"
              + returning.substring(" RETURNING".length());
      this.batchInsert =
          "WITH f AS ("
              + ColumnArrays.insert(f)
              + ", rating), c AS (INSERT INTO "
              + s
              + " AS s"
              + sessionColumns
              + " SELECT session_id, ?, ?, "
              + added
              + " FROM f GROUP BY session_id ORDER BY session_id"
              + upsertCounts
              + " RETURNING s.id, "
              + COUNT_COLUMNS
              + ") SELECT f.session_id, f.id, c."
              + COUNT_COLUMNS.replace(", ", ", c.")
              + " FROM f JOIN c ON c.id = f.session_id";
    } else {
      this.append =
          insert + " VALUES " + row + " ON CONFLICT (session_id, id) DO NOTHING RETURNING rating";
      this.appendToKnown = append;
      this.batchInsert = "";
    }
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
    this.replace =
        postgres
            ? "WITH o AS (SELECT seq, rating FROM "
                + f
                + " WHERE session_id = ? AND id = ? FOR UPDATE), u AS (UPDATE "
                + f
                + " t SET "
                + set
                + " FROM o WHERE t.seq = o.seq RETURNING t.created_at, o.rating AS old_rating,"
                + " t.rating AS new_rating) UPDATE "
                + s
                + " AS s SET count_up = s.count_up + x.up, count_down = s.count_down + x.down,"
                + " count_neutral = s.count_neutral + x.neutral FROM (SELECT max(created_at) AS"
                + " created_at, max(old_rating) AS old_rating, "
                + moved("up")
                + " AS up, "
                + moved("down")
                + " AS down, "
                + moved("neutral")
                + " AS neutral, count(*) AS n FROM u) x WHERE s.id = ? AND x.n > 0"
                + " RETURNING x.created_at, x.old_rating,"
                + returning.substring(" RETURNING".length())
            : "";
    this.addCounts =
        "UPDATE "
            + s
            + " SET count_up = count_up + ?, count_down = count_down + ?,"
            + " count_neutral = count_neutral + ?, count_total = count_total + ? WHERE id = ?"
            + " RETURNING "
            + COUNT_COLUMNS;
    this.readCounts = "SELECT " + COUNT_COLUMNS + " FROM " + s + " WHERE id = ?";
    String recounted =
        "UPDATE "
            + s
            + " SET ("
            + COUNT_COLUMNS
            + ") = (SELECT "
            + added
            + " FROM "
            + f
            + " WHERE "
            + f
            + ".session_id = "
            + s
            + ".id)";
    this.recount = recounted + " WHERE id = ? RETURNING " + COUNT_COLUMNS;
    this.recountAll = recounted;
    this.metadata = "SELECT metadata FROM " + s + " WHERE id = ?";
  }

  /** How a replacement moves one rating's count: {@code +1} to the new, {@code -1} from the old. */
  private static String moved(String rating) {
    return "count(*) FILTER (WHERE new_rating = '"
        + rating
        + "') - count(*) FILTER (WHERE old_rating = '"
        + rating
        + "')";
  }
}
