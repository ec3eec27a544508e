package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.SessionCounts;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.jdbc.internal.Analytics;
import io.github.agentfeedback.jdbc.internal.ColumnArrays;
import io.github.agentfeedback.jdbc.internal.Connections;
import io.github.agentfeedback.jdbc.internal.Counts;
import io.github.agentfeedback.jdbc.internal.FeedbackRow;
import io.github.agentfeedback.jdbc.internal.JdbcErrors;
import io.github.agentfeedback.jdbc.internal.Json;
import io.github.agentfeedback.jdbc.internal.Params;
import io.github.agentfeedback.jdbc.internal.Statements;
import io.github.agentfeedback.jdbc.internal.Tables;
import io.github.agentfeedback.jdbc.internal.Where;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spi.StoreChecks;
import io.github.agentfeedback.spi.StoredValues;
import io.github.agentfeedback.spi.Votes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FeedbackStore} on a relational database, PostgreSQL or SQLite, through a
 * {@link DataSource} the application owns: one row per session and one row per feedback, so
 * that an append writes one row whatever the session holds, and analytics run as SQL
 * {@code GROUP BY}s.
 *
 * <pre>{@code
 * JdbcFeedbackStore store = JdbcFeedbackStore.builder()
 *     .dataSource(dataSource)          // caller-owned (HikariCP, the driver's): never closed
 *     .build();                        // dialect detected from the first connection
 * store.createSchema();                // explicit and idempotent; or run the script yourself
 * }</pre>
 *
 * <p><b>Schema.</b> The scripts {@code schema-postgresql.sql} and {@code schema-sqlite.sql}
 * in this jar ({@link Dialect#schemaScript()}) create the tables
 * ({@value #DEFAULT_SESSIONS_TABLE} and {@value #DEFAULT_FEEDBACK_TABLE} unless
 * {@link Builder#sessionsTable(String)} and {@link Builder#feedbackTable(String)} name
 * others) and their indexes; {@link #createSchema()} runs the one of the dialect, and
 * {@code docs/jdbc.md} shows how to run it from Flyway or Liquibase instead. A feedback row
 * has a column per field that queries and analytics read, and JSON for the rest (tags, the
 * comparison, attributes); the session row holds the metadata as JSON ({@code jsonb} on
 * PostgreSQL).
 *
 * <p><b>Writes.</b> On PostgreSQL, {@link #append} is one statement: an
 * {@code INSERT ... ON CONFLICT (session_id, id) DO NOTHING RETURNING rating} of the feedback
 * feeding the upsert of its session (created unless it exists) that adds what was inserted
 * to the session's counts and returns them, one transaction and one round trip; a replayed
 * feedback id changes nothing and reports {@code created() == false}. {@link #appendAll} writes a batch in inserts of up to
 * {@link Builder#batchSize(int)} rows, one statement each (on PostgreSQL one array per
 * column, on SQLite a multi-row {@code VALUES}). On SQLite the same statements run
 * in one {@code BEGIN IMMEDIATE} transaction. Replacing is one statement on PostgreSQL and
 * reviewing one {@code UPDATE}; deleting and erasing are a {@code DELETE} and the update of
 * the counts in one transaction; {@link #replaceVote} reads the stored
 * vote with {@code SELECT ... FOR UPDATE} (SQLite: inside its write transaction), decides
 * with {@link Votes#decide} and writes in the same transaction, so concurrent votes cannot
 * interleave. Metadata merges with {@code jsonb ||} and deletes with {@code jsonb - keys} on
 * PostgreSQL, {@code json_set} and {@code json_remove} on SQLite, in one statement.
 *
 * <p><b>Session counts.</b> The session row holds the session's
 * {@link io.github.agentfeedback.SessionCounts} in four columns ({@code count_up},
 * {@code count_down}, {@code count_neutral}, {@code count_total}), changed by every write in
 * its own statement or transaction: appends and batches add what they inserted (the
 * session row's lock orders concurrent appends to one session), replacements and votes move
 * one count from the old rating to the new one, deletes and erasures take off what they
 * deleted, and an append under a retention cap counts its (capped) session again. The
 * results of {@link #append}, {@link #replace}, {@link #replaceVote} and {@link #appendAll}
 * carry them; {@link #createSchema()} adds the columns to an older table and counts every
 * session once.
 *
 * <p><b>Reads.</b> {@link #list} is one query in the session's order; {@link #stream} one
 * query whose rows are fetched {@link Builder#fetchSize(int)} at a time through a
 * server-side cursor on PostgreSQL (SQLite steps through its result), so memory stays
 * constant; it holds its connection until the stream is closed. {@link #analyze} is one
 * query that returns one row per group (see {@code docs/jdbc.md}); its result equals the
 * reference fold's.
 *
 * <p><b>Retention cap.</b> {@link Builder#maxFeedbacksPerSession(int)} keeps the newest
 * feedbacks of each session by creation time (ties by id), as every store does; a session
 * is then listed and streamed in creation order. An append to a capped store locks the
 * session row and trims in the same transaction, so it costs a few statements.
 *
 * <p><b>Errors and time.</b> Every statement gets the statement timeout
 * ({@link Builder#statementTimeout(Duration)}, JDBC's {@code setQueryTimeout}, whole
 * seconds). Every {@link SQLException} becomes a {@link FeedbackStoreException} naming the
 * operation, session and feedback, with {@link FeedbackStoreException#retrySafe()} set for
 * lost connections, timeouts, serialization failures, deadlocks and a busy SQLite database.
 * Values are always bind parameters: no input ever becomes SQL text.
 *
 * <p>Thread-safe: share one store across the application. {@link #close()} leaves the data
 * source open: the application owns it.
 *
 * @since 0.1.0
 */
public final class JdbcFeedbackStore implements FeedbackStore {

  private static final Logger log = LoggerFactory.getLogger(JdbcFeedbackStore.class);

  /** The sessions table used when none is configured. */
  public static final String DEFAULT_SESSIONS_TABLE = "feedback_sessions";

  /** The feedback table used when none is configured. */
  public static final String DEFAULT_FEEDBACK_TABLE = "feedback";

  /** The statement timeout used when none is configured, in seconds. */
  public static final int DEFAULT_STATEMENT_TIMEOUT_SECONDS = 10;

  /** How many rows a stream fetches per round trip when none is configured. */
  public static final int DEFAULT_FETCH_SIZE = 500;

  /** How many rows one insert of {@link #appendAll} carries when none is configured. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /**
   * The most rows one insert of {@link #appendAll} may carry: with a parameter per column,
   * it stays below SQLite's limit of 32,766 parameters per statement.
   */
  public static final int MAX_BATCH_SIZE = 32_766 / 40;

  private final DataSource dataSource;
  private final Tables tables;
  private final Duration statementTimeout;
  private final int timeoutSeconds;
  private final Clock clock;
  private final int maxFeedbacksPerSession;
  private final int fetchSize;
  private final int batchSize;
  private final Statements postgres;
  private final Statements sqlite;
  private volatile @Nullable Dialect dialect;

  private JdbcFeedbackStore(Builder b, DataSource dataSource) {
    this.dataSource = dataSource;
    this.tables = new Tables(b.sessionsTable, b.feedbackTable);
    this.statementTimeout = b.statementTimeout;
    this.timeoutSeconds = Connections.seconds(b.statementTimeout);
    this.clock = b.clock;
    this.maxFeedbacksPerSession = b.maxFeedbacksPerSession;
    this.fetchSize = b.fetchSize;
    this.batchSize = b.batchSize;
    this.dialect = b.dialect;
    boolean capped = maxFeedbacksPerSession > 0;
    this.postgres = new Statements(true, tables, capped);
    this.sqlite = new Statements(false, tables, capped);
  }

  /**
   * A builder; a data source is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the tables and indexes if they do not exist, running the dialect's schema script
   * ({@link Dialect#schemaScript()}) with the configured table names, in one transaction.
   * Idempotent; call it at deployment or start-up, or run the script with a migration tool.
   *
   * <p>A sessions table made before the session counts existed (without the columns
   * {@code count_up}, {@code count_down}, {@code count_neutral} and {@code count_total}) gets
   * them in the same transaction, and every session is then counted once from its feedback
   * rows: on PostgreSQL under an {@code ACCESS EXCLUSIVE} lock of the sessions table (writes
   * wait until the transaction ends), on SQLite inside {@code BEGIN IMMEDIATE}, so that no
   * write is counted twice or lost. A table that has the columns is not counted again.
   *
   * @throws FeedbackStoreException if the database fails
   */
  public void createSchema() {
    call(
        "createSchema",
        null,
        null,
        (c, sql) -> {
          List<String> statements = tables.script(getClass(), dialect(c).schemaScript());
          return transaction(
              c,
              sql,
              () -> {
                try (Statement st = c.createStatement()) {
                  st.setQueryTimeout(timeoutSeconds);
                  for (String statement : statements) {
                    st.execute(statement);
                  }
                }
                addCountColumns(c, sql);
                return statements.size();
              });
        });
    log.debug("Ensured the tables {} and {}", tables.sessions(), tables.feedback());
  }

  /**
   * Adds the count columns to a sessions table made without them, and counts every session;
   * inside {@link #createSchema()}'s transaction.
   */
  private void addCountColumns(Connection c, Statements sql) throws SQLException {
    if (hasCountColumns(c, sql)) {
      return;
    }
    if (sql.postgres) { // no write may slip between the new columns and the count
      execute(c, "LOCK TABLE " + tables.sessions() + " IN ACCESS EXCLUSIVE MODE");
      if (hasCountColumns(c, sql)) { // another process added them while this one waited
        return;
      }
    }
    for (String column : Statements.COUNT_COLUMN_NAMES) {
      execute(
          c,
          "ALTER TABLE "
              + tables.sessions()
              + " ADD COLUMN "
              + column
              + (sql.postgres ? " bigint" : " INTEGER")
              + " NOT NULL DEFAULT 0");
    }
    int sessions;
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(timeoutSeconds);
      sessions = st.executeUpdate(sql.recountAll);
    }
    log.info(
        "Added the session count columns to {} and counted its {} sessions",
        tables.sessions(),
        sessions);
  }

  private boolean hasCountColumns(Connection c, Statements sql) throws SQLException {
    String query =
        sql.postgres
            ? "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attname = 'count_total' AND NOT attisdropped"
            : "SELECT 1 FROM pragma_table_info(?) WHERE name = 'count_total'";
    try (PreparedStatement ps = prepare(c, query)) {
      ps.setString(1, tables.sessions());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The dialect of the database, detected from a connection the first time it is needed
   * unless the builder set it.
   *
   * @return the dialect
   * @throws FeedbackStoreException if the database cannot be reached to detect it
   */
  public Dialect dialect() {
    Dialect d = dialect;
    return d != null ? d : call("dialect", null, null, (c, sql) -> dialect(c));
  }

  // ---------------------------------------------------------------------------------------
  // Appends

  /**
   * {@inheritDoc}
   *
   * <p>PostgreSQL: one statement (see the class description); SQLite: one transaction of the
   * session insert and the feedback insert. Under
   * {@link UnknownSessionPolicy#REFUSE} the insert is guarded by the session's existence,
   * and one more read tells an unknown session from a replayed feedback. Under a retention
   * cap: the session row is locked, the feedback inserted, and the oldest beyond the cap
   * deleted in the same transaction. Feedback without a creation time gets the store
   * clock's instant.
   *
   * @throws InvalidFeedbackException if the session id is invalid or the feedback has no id
   *     or is too large
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public FeedbackResult append(String sessionId, Feedback feedback, UnknownSessionPolicy policy) {
    StoreChecks.appendable(sessionId, feedback);
    Objects.requireNonNull(policy, "policy");
    Feedback f = stamped(feedback);
    boolean create = policy == UnknownSessionPolicy.CREATE;
    if (maxFeedbacksPerSession > 0) {
      return call(
          "append",
          sessionId,
          f.id(),
          (c, sql) -> appendCapped(c, sql, sessionId, List.of(f), create).get(0));
    }
    return call(
        "append",
        sessionId,
        f.id(),
        (c, sql) -> {
          Instant now = clock.instant();
          if (sql.postgres) {
            try (PreparedStatement ps = prepare(c, create ? sql.append : sql.appendToKnown)) {
              int i = FeedbackRow.bind(ps, 1, true, sessionId, f);
              ps.setString(i++, sessionId);
              if (create) {
                FeedbackRow.setInstant(ps, i++, true, now);
                FeedbackRow.setInstant(ps, i, true, now);
              } else {
                ps.setString(i, sessionId);
              }
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) { // else the session is unknown: nothing was inserted
                  FeedbackResult result =
                      rs.getLong(1) > 0 ? FeedbackResult.created(f) : FeedbackResult.duplicate(f);
                  return counted(result, Counts.read(rs, 2, sessionId));
                }
              }
            }
            throw new SessionNotFoundException(sessionId);
          }
          return transaction(
              c,
              sql,
              () -> {
                enterSession(c, sql, sessionId, create, now);
                boolean inserted;
                try (PreparedStatement ps = prepare(c, sql.append)) {
                  FeedbackRow.bind(ps, 1, false, sessionId, f);
                  try (ResultSet rs = ps.executeQuery()) {
                    inserted = rs.next();
                  }
                }
                FeedbackResult result =
                    inserted ? FeedbackResult.created(f) : FeedbackResult.duplicate(f);
                Counts delta = new Counts();
                if (inserted) {
                  delta.add(f.rating(), 1);
                }
                return counted(result, countsAfter(c, sql, sessionId, delta));
              });
        });
  }

  /** The result with the session's counts. */
  private static FeedbackResult counted(FeedbackResult result, @Nullable SessionCounts counts) {
    return counts == null ? result : result.toBuilder().counts(counts).build();
  }

  /**
   * Adds a delta to a session's counts, or, when it changes nothing, reads them; inside the
   * write's transaction.
   *
   * @return the counts after the delta, or null when the session does not exist
   */
  private @Nullable SessionCounts countsAfter(
      Connection c, Statements sql, String sessionId, Counts delta) throws SQLException {
    try (PreparedStatement ps = prepare(c, delta.isZero() ? sql.readCounts : sql.addCounts)) {
      if (delta.isZero()) {
        ps.setString(1, sessionId);
      } else {
        delta.bind(ps, sessionId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Counts.read(rs, 1, sessionId) : null;
      }
    }
  }

  /**
   * Counts a session's feedback rows again and keeps the counts, inside the write's
   * transaction (the retention cap's trim, whose deletes are bounded by the cap).
   *
   * @return the counts, or null when the session does not exist
   */
  private @Nullable SessionCounts recount(Connection c, Statements sql, String sessionId)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql.recount)) {
      ps.setString(1, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Counts.read(rs, 1, sessionId) : null;
      }
    }
  }

  /**
   * Creates the session (or, under REFUSE, checks that it exists) inside a transaction.
   *
   * @throws SessionNotFoundException if the session is unknown and may not be created
   */
  private void enterSession(
      Connection c, Statements sql, String sessionId, boolean create, Instant now)
      throws SQLException {
    if (create) {
      try (PreparedStatement ps = prepare(c, sql.createSession)) {
        ps.setString(1, sessionId);
        FeedbackRow.setInstant(ps, 2, sql.postgres, now);
        FeedbackRow.setInstant(ps, 3, sql.postgres, now);
        ps.executeUpdate();
      }
    } else if (!sessionExists(c, sql, sessionId)) {
      throw new SessionNotFoundException(sessionId);
    }
  }

  private boolean sessionExists(Connection c, Statements sql, String sessionId)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql.sessionExists)) {
      ps.setString(1, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Appends feedbacks to one session of a capped store, in one transaction: locks the
   * session row, inserts each, and deletes the oldest beyond the cap; items not held at the
   * end are trimmed.
   */
  private List<FeedbackResult> appendCapped(
      Connection c, Statements sql, String sessionId, List<Feedback> items, boolean create)
      throws SQLException {
    return transaction(
        c,
        sql,
        () -> {
          Instant now = clock.instant();
          enterSession(c, sql, sessionId, create, now);
          if (sql.postgres) { // SQLite's BEGIN IMMEDIATE excludes every other writer already
            try (PreparedStatement ps =
                prepare(c, "SELECT 1 FROM " + tables.sessions() + " WHERE id = ? FOR UPDATE")) {
              ps.setString(1, sessionId);
              ps.executeQuery().close();
            }
          }
          List<FeedbackResult> results = new ArrayList<>(items.size());
          try (PreparedStatement ps =
              prepare(
                  c,
                  "INSERT INTO "
                      + tables.feedback()
                      + " "
                      + sql.columns
                      + " VALUES "
                      + sql.row
                      + " ON CONFLICT (session_id, id) DO NOTHING")) {
            for (Feedback f : items) {
              FeedbackRow.bind(ps, 1, sql.postgres, sessionId, f);
              results.add(
                  ps.executeUpdate() > 0 ? FeedbackResult.created(f) : FeedbackResult.duplicate(f));
            }
          }
          Set<String> dropped = new HashSet<>();
          String trim =
              "DELETE FROM "
                  + tables.feedback()
                  + " WHERE seq IN (SELECT f.seq FROM "
                  + tables.feedback()
                  + " f WHERE f.session_id = ? ORDER BY f.created_at, f.id LIMIT"
                  + " (SELECT CASE WHEN count(*) > ? THEN count(*) - ? ELSE 0 END FROM "
                  + tables.feedback()
                  + " WHERE session_id = ?)) RETURNING id";
          try (PreparedStatement ps = prepare(c, trim)) {
            ps.setString(1, sessionId);
            ps.setInt(2, maxFeedbacksPerSession);
            ps.setInt(3, maxFeedbacksPerSession);
            ps.setString(4, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                dropped.add(rs.getString(1));
              }
            }
          }
          SessionCounts counts = recount(c, sql, sessionId);
          for (int i = 0; i < results.size(); i++) {
            FeedbackResult r = results.get(i);
            if (dropped.contains(r.feedback().id())) {
              r = FeedbackResult.trimmed(r.feedback());
            }
            results.set(i, counted(r, counts));
          }
          return results;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Writes the items in chunks of {@link Builder#batchSize(int)} rows: on PostgreSQL each
   * chunk is one statement, an {@code INSERT ... SELECT ... FROM unnest(...) ON CONFLICT DO
   * NOTHING RETURNING session_id, id, rating} that binds one array per column (the same
   * statement for every chunk size), feeding the upsert of the chunk's sessions (grouped
   * and sorted, so that concurrent batches lock them in one order) that adds the rows to
   * their counts; on SQLite the same in one transaction. Each item's result carries its
   * session's counts after the chunk, unless no row of its session was inserted. Rows
   * are inserted in the order given, so each session's items land in that order. Per item:
   * {@code CREATED} when the insert returned it, else {@code DUPLICATE}; an item repeated in
   * the call is written once. Under {@link UnknownSessionPolicy#REFUSE} one query per chunk
   * finds the known sessions first, and items of the others fail with
   * {@link SessionNotFoundException}. A chunk that fails for one row (a constraint someone
   * else added) is written again one item at a time, so that only that item fails; a chunk
   * that fails because the connection broke fails its items with
   * {@link AppendResult#maybeStored()} {@code true}, and the chunks after it are not sent
   * (their items fail, not stored); so does a chunk that gets no connection from the data
   * source, whose items were not sent either. Under a retention cap each session's items
   * are written in one transaction, as {@link #append} writes one.
   *
   * @throws NullPointerException if {@code items}, one of them, or {@code policy} is null
   */
  @Override
  public List<AppendResult> appendAll(List<SessionFeedback> items, UnknownSessionPolicy policy) {
    List<SessionFeedback> copy = StoreChecks.nonNullElements("items", items);
    Objects.requireNonNull(policy, "policy");
    boolean create = policy == UnknownSessionPolicy.CREATE;
    AppendResult[] results = new AppendResult[copy.size()];
    List<Integer> valid = new ArrayList<>(copy.size());
    List<Feedback> stamped = new ArrayList<>(copy.size());
    for (int i = 0; i < copy.size(); i++) {
      SessionFeedback item = copy.get(i);
      Feedback f = null;
      try {
        StoreChecks.appendable(item.sessionId(), item.feedback());
        f = stamped(item.feedback());
        valid.add(i);
      } catch (InvalidFeedbackException e) {
        results[i] = AppendResult.failed(e, false);
      }
      stamped.add(f == null ? item.feedback() : f);
    }
    if (maxFeedbacksPerSession > 0) {
      appendAllCapped(copy, stamped, valid, create, results);
    } else {
      FeedbackStoreException broken = null;
      for (int from = 0; from < valid.size(); from += batchSize) {
        List<Integer> chunk = valid.subList(from, Math.min(valid.size(), from + batchSize));
        if (broken != null) {
          for (int i : chunk) {
            results[i] = AppendResult.failed(broken, false);
          }
          continue;
        }
        broken = appendChunk(copy, stamped, chunk, create, results);
      }
    }
    return List.of(results);
  }

  /**
   * Writes one chunk; returns the failure that should stop the batch (a broken connection),
   * else null.
   */
  private @Nullable FeedbackStoreException appendChunk(
      List<SessionFeedback> items,
      List<Feedback> stamped,
      List<Integer> chunk,
      boolean create,
      AppendResult[] results) {
    // The first occurrence of each (session, id) is written; repeats are duplicates.
    Map<List<String>, Integer> first = new LinkedHashMap<>();
    for (int i : chunk) {
      first.putIfAbsent(List.of(items.get(i).sessionId(), stamped.get(i).id()), i);
    }
    TreeSet<String> sessions = new TreeSet<>(StoredValues.codePointOrder());
    first.keySet().forEach(k -> sessions.add(k.get(0)));
    Connection c;
    try {
      c = connection("appendAll", null, null);
    } catch (FeedbackStoreException none) { // nothing sent; the chunks after it are not either
      for (int i : chunk) {
        if (results[i] == null) {
          results[i] = AppendResult.failed(none, false);
        }
      }
      return none;
    }
    try (c) {
      Statements sql = statements(c);
      Set<String> known = create ? sessions : knownSessions(c, sql, sessions);
      List<Integer> rows = new ArrayList<>();
      for (Map.Entry<List<String>, Integer> e : first.entrySet()) {
        if (known.contains(e.getKey().get(0))) {
          rows.add(e.getValue());
        } else {
          results[e.getValue()] =
              AppendResult.failed(new SessionNotFoundException(e.getKey().get(0)), false);
        }
      }
      Map<String, SessionCounts> counts = new HashMap<>();
      Set<List<String>> created = insertRows(c, sql, items, stamped, rows, create, known, counts);
      for (int i : chunk) {
        if (results[i] != null) {
          continue;
        }
        List<String> key = List.of(items.get(i).sessionId(), stamped.get(i).id());
        if (!known.contains(key.get(0))) {
          results[i] = AppendResult.failed(new SessionNotFoundException(key.get(0)), false);
        } else {
          boolean isFirst = Integer.valueOf(i).equals(first.get(key));
          results[i] =
              AppendResult.of(
                  counted(
                      isFirst && created.contains(key)
                          ? FeedbackResult.created(stamped.get(i))
                          : FeedbackResult.duplicate(stamped.get(i)),
                      counts.get(key.get(0))));
        }
      }
      return null;
    } catch (SQLException e) {
      FeedbackStoreException failure =
          JdbcErrors.translate(e, "appendAll", null, null, statementTimeout);
      if (JdbcErrors.connectionLost(e) || chunk.size() == 1) {
        boolean lost = JdbcErrors.connectionLost(e);
        for (int i : chunk) {
          if (results[i] == null) {
            results[i] = AppendResult.failed(failure, lost);
          }
        }
        return lost ? failure : null;
      }
      // One row may be at fault: write the chunk again one item at a time.
      for (int i : chunk) {
        if (results[i] == null) {
          try {
            results[i] =
                AppendResult.of(
                    append(
                        items.get(i).sessionId(),
                        stamped.get(i),
                        create ? UnknownSessionPolicy.CREATE : UnknownSessionPolicy.REFUSE));
          } catch (FeedbackStoreException one) {
            results[i] = AppendResult.failed(one, false);
          } catch (FeedbackException one) {
            results[i] = AppendResult.failed(one, false);
          }
        }
      }
      return null;
    }
  }

  private Set<String> knownSessions(Connection c, Statements sql, Set<String> sessions)
      throws SQLException {
    Params p = new Params(sql.postgres);
    String ids = p.json(Json.strings(sessions));
    String query =
        "SELECT id FROM "
            + tables.sessions()
            + " WHERE id IN (SELECT "
            + (sql.postgres
                ? "jsonb_array_elements_text(" + ids + ")"
                : "value FROM json_each(" + ids + ")")
            + ")";
    Set<String> known = new HashSet<>();
    try (PreparedStatement ps = prepare(c, query)) {
      p.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          known.add(rs.getString(1));
        }
      }
    }
    return known;
  }

  /**
   * Inserts rows and adds them to their sessions' counts in one statement (SQLite: one
   * transaction); returns the (session, id) stored, and puts the counts after the insert of
   * every session that received a row into {@code counts}.
   */
  private Set<List<String>> insertRows(
      Connection c,
      Statements sql,
      List<SessionFeedback> items,
      List<Feedback> stamped,
      List<Integer> rows,
      boolean create,
      Set<String> sessions,
      Map<String, SessionCounts> counts)
      throws SQLException {
    Set<List<String>> created = new HashSet<>();
    if (rows.isEmpty()) {
      return created;
    }
    Instant now = clock.instant();
    if (sql.postgres) {
      // The sessions are created, or their counts added to, by the same statement.
      try (PreparedStatement ps = prepare(c, sql.batchInsert)) {
        ColumnArrays arrays = new ColumnArrays(rows.size());
        for (int row : rows) {
          arrays.add(items.get(row).sessionId(), stamped.get(row));
        }
        int i = arrays.bind(ps, 1);
        FeedbackRow.setInstant(ps, i++, true, now);
        FeedbackRow.setInstant(ps, i, true, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String sessionId = rs.getString(1);
            created.add(List.of(sessionId, rs.getString(2)));
            SessionCounts after = Counts.read(rs, 3, sessionId);
            if (after != null) {
              counts.put(sessionId, after);
            }
          }
        }
      }
      return created;
    }
    String insert =
        "INSERT INTO "
            + tables.feedback()
            + " "
            + sql.columns
            + " VALUES "
            + String.join(", ", Collections.nCopies(rows.size(), sql.row))
            + " ON CONFLICT (session_id, id) DO NOTHING RETURNING session_id, id, rating";
    List<String> sessionList = new ArrayList<>(sessions);
    return transaction(
        c,
        sql,
        () -> {
          if (create) {
            try (PreparedStatement ps = prepare(c, createSessions(sessionList.size()))) {
              bindSessions(ps, 1, false, sessionList, now);
              ps.executeUpdate();
            }
          }
          Map<String, Counts> deltas = new TreeMap<>(StoredValues.codePointOrder());
          try (PreparedStatement ps = prepare(c, insert)) {
            int i = 1;
            for (int row : rows) {
              i = FeedbackRow.bind(ps, i, false, items.get(row).sessionId(), stamped.get(row));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String sessionId = rs.getString(1);
                created.add(List.of(sessionId, rs.getString(2)));
                deltas.computeIfAbsent(sessionId, k -> new Counts()).addStored(rs.getString(3), 1);
              }
            }
          }
          for (Map.Entry<String, Counts> e : deltas.entrySet()) {
            SessionCounts after = countsAfter(c, sql, e.getKey(), e.getValue());
            if (after != null) {
              counts.put(e.getKey(), after);
            }
          }
          return created;
        });
  }

  /** Creates sessions unless they exist: {@code n} rows of id, created_at, updated_at. */
  private String createSessions(int n) {
    StringBuilder sb =
        new StringBuilder("INSERT INTO ")
            .append(tables.sessions())
            .append(" (id, created_at, updated_at) VALUES ");
    for (int k = 0; k < n; k++) {
      sb.append(k == 0 ? "" : ", ").append("(?, ?, ?)");
    }
    return sb.append(" ON CONFLICT (id) DO NOTHING").toString();
  }

  private static int bindSessions(
      PreparedStatement ps, int first, boolean postgres, List<String> sessions, Instant now)
      throws SQLException {
    int i = first;
    for (String s : sessions) {
      ps.setString(i++, s);
      FeedbackRow.setInstant(ps, i++, postgres, now);
      FeedbackRow.setInstant(ps, i++, postgres, now);
    }
    return i;
  }

  private void appendAllCapped(
      List<SessionFeedback> items,
      List<Feedback> stamped,
      List<Integer> valid,
      boolean create,
      AppendResult[] results) {
    Map<String, List<Integer>> bySession = new LinkedHashMap<>();
    for (int i : valid) {
      bySession.computeIfAbsent(items.get(i).sessionId(), k -> new ArrayList<>()).add(i);
    }
    bySession.forEach(
        (sessionId, indexes) -> {
          // Repeats within the call: the first is written, the others share its outcome.
          Map<String, Integer> first = new LinkedHashMap<>();
          for (int i : indexes) {
            first.putIfAbsent(stamped.get(i).id(), i);
          }
          List<Feedback> feedbacks = new ArrayList<>();
          first.values().forEach(i -> feedbacks.add(stamped.get(i)));
          Connection c;
          try {
            c = connection("appendAll", sessionId, null);
          } catch (FeedbackStoreException none) { // nothing sent
            indexes.forEach(i -> results[i] = AppendResult.failed(none, false));
            return;
          }
          try (c) {
            List<FeedbackResult> written =
                appendCapped(c, statements(c), sessionId, feedbacks, create);
            Map<String, FeedbackResult> byId = new HashMap<>();
            written.forEach(r -> byId.put(r.feedback().id(), r));
            for (int i : indexes) {
              FeedbackResult r = Objects.requireNonNull(byId.get(stamped.get(i).id()));
              boolean isFirst = Integer.valueOf(i).equals(first.get(stamped.get(i).id()));
              results[i] =
                  AppendResult.of(
                      counted(
                          r.outcome() == FeedbackResult.Outcome.TRIMMED
                              ? FeedbackResult.trimmed(stamped.get(i))
                              : isFirst ? r : FeedbackResult.duplicate(stamped.get(i)),
                          r.counts()));
            }
          } catch (SQLException e) {
            FeedbackStoreException failure =
                JdbcErrors.translate(e, "appendAll", sessionId, null, statementTimeout);
            boolean lost = JdbcErrors.connectionLost(e);
            indexes.forEach(i -> results[i] = AppendResult.failed(failure, lost));
          } catch (FeedbackException e) {
            indexes.forEach(i -> results[i] = AppendResult.failed(e, false));
          }
        });
  }

  private Feedback stamped(Feedback feedback) {
    return feedback.createdAt() != null
        ? feedback
        : feedback.toBuilder().createdAt(clock.instant()).build();
  }

  // ---------------------------------------------------------------------------------------
  // Changes

  /**
   * {@inheritDoc}
   *
   * <p>PostgreSQL: one statement, an {@code UPDATE} of the row's content columns (not its
   * creation time) from a sub-select of the stored row {@code FOR UPDATE}, which gives the
   * old rating beside the new one, feeding the {@code UPDATE} of the session's counts that
   * moves one count from the old rating to the new one; it returns the stored creation time,
   * the old rating (the result's {@link FeedbackResult#previousRating()}) and the counts.
   * SQLite: the same three steps in one {@code BEGIN IMMEDIATE} transaction.
   *
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public FeedbackResult replace(String sessionId, Feedback feedback) {
    StoreChecks.appendable(sessionId, feedback);
    return call(
        "replace",
        sessionId,
        feedback.id(),
        (c, sql) -> {
          if (sql.postgres) {
            try (PreparedStatement ps = prepare(c, sql.replace)) {
              ps.setString(1, sessionId);
              ps.setString(2, feedback.id());
              int i = FeedbackRow.bindContent(ps, 3, true, feedback, false);
              ps.setString(i, sessionId);
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  return FeedbackResult.notFound(feedback);
                }
                Instant storedAt = FeedbackRow.instant(rs, 1, true);
                Rating previous = FeedbackRow.rating(rs.getString(2));
                return counted(
                    replaced(feedback, storedAt, previous), Counts.read(rs, 3, sessionId));
              }
            }
          }
          return transaction(
              c,
              sql,
              () -> {
                Feedback stored = selectStored(c, sql, sessionId, feedback.id());
                if (stored == null) {
                  return FeedbackResult.notFound(feedback);
                }
                writeContent(c, sql, sessionId, feedback);
                Counts delta = new Counts().move(stored.rating(), feedback.rating());
                return counted(
                    replaced(feedback, stored.createdAt(), stored.rating()),
                    countsAfter(c, sql, sessionId, delta));
              });
        });
  }

  /** A replacement's result: the feedback with the stored creation time, and the old rating. */
  private static FeedbackResult replaced(
      Feedback feedback, @Nullable Instant storedAt, @Nullable Rating previous) {
    return FeedbackResult.replaced(
        storedAt == null ? feedback : feedback.toBuilder().createdAt(storedAt).build(), previous);
  }

  /**
   * Reads one stored feedback ({@code FOR UPDATE} on PostgreSQL), inside a transaction.
   *
   * @return the feedback, or null when the session holds none with the id
   */
  private @Nullable Feedback selectStored(
      Connection c, Statements sql, String sessionId, @Nullable String id) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql.selectForUpdate)) {
      ps.setString(1, sessionId);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? FeedbackRow.read(rs, 1, sql.postgres, sessionId) : null;
      }
    }
  }

  /** Writes a stored feedback's content columns. */
  private void writeContent(Connection c, Statements sql, String sessionId, Feedback f)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql.update)) {
      int i = FeedbackRow.bindContent(ps, 1, sql.postgres, f, false);
      ps.setString(i++, sessionId);
      ps.setString(i, f.id());
      ps.executeUpdate();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: {@code SELECT ... FOR UPDATE} of the stored vote (on SQLite, inside
   * {@code BEGIN IMMEDIATE}, which excludes other writers), {@link Votes#decide}, and the
   * {@code UPDATE} it asks for; a stale or unchanged vote writes nothing. A concurrent
   * append, replacement or delete of the same vote waits for the lock, so none is lost.
   *
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public FeedbackResult replaceVote(String sessionId, Feedback vote) {
    StoreChecks.appendable(sessionId, vote);
    return call(
        "replaceVote",
        sessionId,
        vote.id(),
        (c, sql) ->
            transaction(
                c,
                sql,
                () -> {
                  Feedback stored = selectStored(c, sql, sessionId, vote.id());
                  if (stored == null) {
                    return FeedbackResult.notFound(vote);
                  }
                  Votes.Decision decision = Votes.decide(stored, vote);
                  Feedback written = decision.result().feedback();
                  if (decision.write()) {
                    writeContent(c, sql, sessionId, written);
                  }
                  Counts delta =
                      decision.write()
                          ? new Counts().move(stored.rating(), written.rating())
                          : new Counts();
                  return counted(decision.result(), countsAfter(c, sql, sessionId, delta));
                }));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code UPDATE} of the review columns.
   *
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public boolean review(String sessionId, String feedbackId, Review review) {
    StoreChecks.sessionId(sessionId);
    StoreChecks.id("feedbackId", feedbackId);
    Objects.requireNonNull(review, "review");
    return changeRows(
            "review",
            sessionId,
            feedbackId,
            "UPDATE "
                + tables.feedback()
                + " SET review_status = ?, review_by = ?, review_at = ?"
                + " WHERE session_id = ? AND id = ?",
            (ps, pg) -> {
              int i = FeedbackRow.bindReview(ps, 1, pg, review);
              ps.setString(i++, sessionId);
              ps.setString(i++, feedbackId);
              return i;
            })
        > 0;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: a {@code DELETE} by session and id that returns the deleted row's
   * rating, and the {@code UPDATE} that takes it off the session's counts.
   *
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public boolean delete(String sessionId, String feedbackId) {
    StoreChecks.sessionId(sessionId);
    StoreChecks.id("feedbackId", feedbackId);
    return deleteRows(
            "delete",
            sessionId,
            feedbackId,
            "DELETE FROM " + tables.feedback() + " WHERE session_id = ? AND id = ?" + UNCOUNTED,
            (ps, pg) -> {
              ps.setString(1, sessionId);
              ps.setString(2, feedbackId);
              return 3;
            })
        > 0;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: a {@code DELETE ... WHERE user_id = ?} (the index on {@code user_id}
   * finds the rows) that returns the deleted rows' sessions and ratings, whose count is what
   * the database deleted, and one {@code UPDATE} per session (in session order) that takes
   * them off its counts. Atomic: feedback the user adds while it runs is either erased or
   * added after it.
   *
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public long eraseUser(String userId) {
    StoreChecks.id("userId", userId);
    long removed =
        deleteRows(
            "eraseUser",
            null,
            null,
            "DELETE FROM " + tables.feedback() + " WHERE user_id = ?" + UNCOUNTED,
            (ps, pg) -> {
              ps.setString(1, userId);
              return 2;
            });
    log.debug("Erased {} feedbacks of user {}", removed, userId);
    return removed;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: a {@code DELETE ... WHERE session_id = ? AND user_id = ?} that
   * returns the deleted rows' ratings, and the {@code UPDATE} that takes them off the
   * session's counts.
   *
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public long eraseUser(String sessionId, String userId) {
    StoreChecks.sessionId(sessionId);
    StoreChecks.id("userId", userId);
    return deleteRows(
        "eraseUser",
        sessionId,
        null,
        "DELETE FROM " + tables.feedback() + " WHERE session_id = ? AND user_id = ?" + UNCOUNTED,
        (ps, pg) -> {
          ps.setString(1, sessionId);
          ps.setString(2, userId);
          return 3;
        });
  }

  /** Binds a change's parameters; returns the next index. */
  @FunctionalInterface
  private interface Binding {
    int bind(PreparedStatement ps, boolean postgres) throws SQLException;
  }

  /** What a delete of feedback rows returns, so that they are taken off their counts. */
  private static final String UNCOUNTED = " RETURNING session_id, rating";

  /**
   * Runs a {@code DELETE} of feedback rows that returns their sessions and ratings
   * ({@link #UNCOUNTED}) and takes them off their sessions' counts, in one transaction;
   * returns how many rows were deleted.
   */
  private long deleteRows(
      String operation,
      @Nullable String sessionId,
      @Nullable String feedbackId,
      String delete,
      Binding binding) {
    return call(
        operation,
        sessionId,
        feedbackId,
        (c, sql) ->
            transaction(
                c,
                sql,
                () -> {
                  // The sessions locked in the order the batch statement locks them in.
                  Map<String, Counts> deltas = new TreeMap<>(StoredValues.codePointOrder());
                  long removed = 0;
                  try (PreparedStatement ps = prepare(c, delete)) {
                    binding.bind(ps, sql.postgres);
                    try (ResultSet rs = ps.executeQuery()) {
                      while (rs.next()) {
                        deltas
                            .computeIfAbsent(rs.getString(1), k -> new Counts())
                            .addStored(rs.getString(2), -1);
                        removed++;
                      }
                    }
                  }
                  for (Map.Entry<String, Counts> e : deltas.entrySet()) {
                    countsAfter(c, sql, e.getKey(), e.getValue());
                  }
                  return removed;
                }));
  }

  /** Runs a change of feedback rows; returns how many rows changed. */
  private long changeRows(
      String operation,
      @Nullable String sessionId,
      @Nullable String feedbackId,
      String change,
      Binding binding) {
    return call(
        operation,
        sessionId,
        feedbackId,
        (c, sql) -> {
          try (PreparedStatement ps = prepare(c, change)) {
            binding.bind(ps, sql.postgres);
            return (long) ps.executeUpdate();
          }
        });
  }

  // ---------------------------------------------------------------------------------------
  // Reads

  /**
   * {@inheritDoc}
   *
   * <p>One query by session, in insertion order (creation order under a retention cap).
   *
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public List<Feedback> list(String sessionId) {
    StoreChecks.sessionId(sessionId);
    return call(
        "list",
        sessionId,
        null,
        (c, sql) -> {
          List<Feedback> out = new ArrayList<>();
          try (PreparedStatement ps = prepare(c, sql.list)) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(FeedbackRow.read(rs, 1, sql.postgres, sessionId));
              }
            }
          }
          return List.copyOf(out);
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One query, ordered by session id (byte order of its UTF-8, which is Java's order for
   * text without characters beyond U+FFFF) and then as {@link #list} orders, read through
   * a cursor in batches of {@link Builder#fetchSize(int)} rows (on PostgreSQL inside a
   * read-only transaction, which server-side cursors need). The query starts when this method
   * is called; the stream holds its connection until it is closed. The statement timeout
   * bounds the query and each fetch.
   *
   * @throws FeedbackStoreException if the database fails or times out, now or while the
   *     stream is consumed
   */
  @Override
  public Stream<SessionFeedback> stream(FeedbackQuery query) {
    Objects.requireNonNull(query, "query");
    Connection c = null;
    boolean restoreAutoCommit = false;
    PreparedStatement ps = null;
    ResultSet rs = null;
    try {
      c = connection("stream", null, null);
      Statements sql = statements(c);
      Params p = new Params(sql.postgres);
      StringBuilder where = new StringBuilder(" WHERE 1 = 1");
      boolean join = Where.append(where, p, query, sql.postgres);
      String statement =
          "SELECT f.session_id, "
              + sql.readColumns
              + " FROM "
              + tables.feedback()
              + " f"
              + (join ? " JOIN " + tables.sessions() + " s ON s.id = f.session_id" : "")
              + where
              + " ORDER BY f.session_id, "
              + sql.order;
      if (sql.postgres && c.getAutoCommit()) {
        c.setAutoCommit(false);
        restoreAutoCommit = true;
      }
      ps = prepare(c, statement);
      ps.setFetchSize(fetchSize);
      p.bind(ps);
      rs = ps.executeQuery();
      return rows(c, ps, rs, sql.postgres, restoreAutoCommit);
    } catch (SQLException e) {
      closeQuietly(c, ps, rs, restoreAutoCommit);
      throw JdbcErrors.translate(e, "stream", null, null, statementTimeout);
    } catch (RuntimeException e) {
      closeQuietly(c, ps, rs, restoreAutoCommit);
      throw e;
    }
  }

  private Stream<SessionFeedback> rows(
      Connection c, PreparedStatement ps, ResultSet rs, boolean postgres, boolean restore) {
    Iterator<SessionFeedback> iterator =
        new Iterator<>() {
          private @Nullable SessionFeedback next;
          private boolean done;

          @Override
          public boolean hasNext() {
            if (next == null && !done) {
              try {
                if (rs.next()) {
                  String sessionId = rs.getString(1);
                  next =
                      new SessionFeedback(sessionId, FeedbackRow.read(rs, 2, postgres, sessionId));
                } else {
                  done = true;
                }
              } catch (SQLException e) {
                throw JdbcErrors.translate(e, "stream", null, null, statementTimeout);
              }
            }
            return next != null;
          }

          @Override
          public SessionFeedback next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            SessionFeedback out = Objects.requireNonNull(next);
            next = null;
            return out;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(() -> closeQuietly(c, ps, rs, restore));
  }

  private static void closeQuietly(
      @Nullable Connection c,
      @Nullable PreparedStatement ps,
      @Nullable ResultSet rs,
      boolean restoreAutoCommit) {
    try {
      if (rs != null) {
        rs.close();
      }
      if (ps != null) {
        ps.close();
      }
      if (c != null && restoreAutoCommit) {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      log.debug("Closing a stream's cursor failed", e);
    } finally {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException e) {
          log.debug("Closing a stream's connection failed", e);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Metadata

  /**
   * {@inheritDoc}
   *
   * <p>One query of the session row's metadata.
   *
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public Map<String, Object> metadata(String sessionId) {
    StoreChecks.sessionId(sessionId);
    return call(
        "metadata",
        sessionId,
        null,
        (c, sql) -> {
          try (PreparedStatement ps = prepare(c, sql.metadata)) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Map.<String, Object>of();
              }
              try {
                return metadataMap(Json.readObject(rs.getString(1)));
              } catch (IllegalArgumentException e) {
                throw new SQLException(
                    "the metadata of session '" + sessionId + "' is not a JSON object", "22000", e);
              }
            }
          }
        });
  }

  /** Metadata as the SPI types it; its values may be null, as the in-memory store keeps them. */
  @SuppressWarnings("unchecked") // a map of nullable values, read as the SPI declares it
  private static Map<String, Object> metadataMap(Map<String, @Nullable Object> values) {
    return (Map<String, Object>) (Map<String, ?>) values;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One upsert of the session row: PostgreSQL merges with {@code metadata || ?::jsonb},
   * SQLite with {@code json_set}; a {@code null} value is stored as JSON null.
   *
   * @throws InvalidFeedbackException naming every bad key or value
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public void updateMetadata(String sessionId, Map<String, Object> values) {
    StoreChecks.sessionId(sessionId);
    Map<String, Object> copy = StoreChecks.metadata(values);
    if (copy.isEmpty()) {
      return;
    }
    String document = Json.write(copy);
    call(
        "updateMetadata",
        sessionId,
        null,
        (c, sql) -> {
          Instant now = clock.instant();
          String insert =
              "INSERT INTO "
                  + tables.sessions()
                  + " (id, created_at, updated_at, metadata) VALUES (?, ?, ?, "
                  + (sql.postgres ? "?::jsonb" : "?")
                  + ") ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at, metadata = ";
          Params p = new Params(sql.postgres);
          if (sql.postgres) {
            insert += tables.sessions() + ".metadata || EXCLUDED.metadata";
          } else {
            StringBuilder set = new StringBuilder("json_set(metadata");
            copy.forEach(
                (k, v) ->
                    set.append(", ")
                        .append(p.text("$." + Json.quote(k)))
                        .append(", json(")
                        .append(p.text(Json.write(v)))
                        .append(')'));
            insert += set.append(')');
          }
          try (PreparedStatement ps = prepare(c, insert)) {
            ps.setString(1, sessionId);
            FeedbackRow.setInstant(ps, 2, sql.postgres, now);
            FeedbackRow.setInstant(ps, 3, sql.postgres, now);
            ps.setString(4, document);
            p.bind(ps, 5);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code UPDATE} of the session row: {@code metadata - ?::text[]} on PostgreSQL,
   * {@code json_remove} on SQLite.
   *
   * @throws InvalidFeedbackException naming every bad key
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public void deleteMetadata(String sessionId, Collection<String> keys) {
    StoreChecks.sessionId(sessionId);
    List<String> copy = List.copyOf(Objects.requireNonNull(keys, "keys"));
    StoreChecks.metadataKeys(copy);
    if (copy.isEmpty()) {
      return;
    }
    call(
        "deleteMetadata",
        sessionId,
        null,
        (c, sql) -> {
          Params p = new Params(sql.postgres);
          String removed;
          if (sql.postgres) {
            removed =
                "metadata - ARRAY(SELECT jsonb_array_elements_text("
                    + p.json(Json.strings(copy))
                    + "))";
          } else {
            StringBuilder sb = new StringBuilder("json_remove(metadata");
            copy.forEach(k -> sb.append(", ").append(p.text("$." + Json.quote(k))));
            removed = sb.append(')').toString();
          }
          try (PreparedStatement ps =
              prepare(
                  c,
                  "UPDATE "
                      + tables.sessions()
                      + " SET metadata = "
                      + removed
                      + ", updated_at = ? WHERE id = ?")) {
            int i = p.bind(ps);
            FeedbackRow.setInstant(ps, i++, sql.postgres, clock.instant());
            ps.setString(i, sessionId);
            return ps.executeUpdate();
          }
        });
  }

  // ---------------------------------------------------------------------------------------
  // Analytics

  /**
   * {@inheritDoc}
   *
   * <p>One query (in a read-only transaction on PostgreSQL): the selected rows are
   * materialized once and grouped by every breakdown's key, the score values, the pairs of
   * models and the negative comments, each a {@code GROUP BY} of a {@code UNION ALL}; the
   * client reads one row per group and feeds the sums to the reference fold, which ranks and
   * orders them. Period keys are cut in the requested time zone with the offsets of the
   * JVM's time-zone rules, sent as parameters (the database's own zone data is not used), so
   * the buckets are those of the in-memory store to the millisecond, daylight saving days
   * included. Term counts read the distinct negative comments with their counts and split
   * them with the library's tokenizer. See {@code docs/jdbc.md} for the statement.
   *
   * @throws FeedbackStoreException if the database fails or times out
   */
  @Override
  public AnalyticsResult analyze(AnalyticsRequest request) {
    Objects.requireNonNull(request, "request");
    return call(
        "analyze", null, null, (c, sql) -> new Analytics(c, sql, request, timeoutSeconds).run());
  }

  /**
   * Does nothing: the data source belongs to the application, and the store holds no other
   * resource (open streams hold their own connection until they are closed).
   */
  @Override
  public void close() {}

  /**
   * Names the store by its tables.
   *
   * @return {@code JdbcFeedbackStore[<sessions table>, <feedback table>]}
   */
  @Override
  public String toString() {
    return "JdbcFeedbackStore[" + tables.sessions() + ", " + tables.feedback() + "]";
  }

  // ---------------------------------------------------------------------------------------
  // Plumbing

  /** A unit of work on a connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c, Statements sql) throws SQLException;
  }

  /** A unit of work inside a transaction. */
  @FunctionalInterface
  private interface TxWork<T> {
    T run() throws SQLException;
  }

  private <T> T call(
      String operation, @Nullable String sessionId, @Nullable String feedbackId, Work<T> work) {
    Connection c = connection(operation, sessionId, feedbackId);
    try (c) {
      return work.run(c, statements(c));
    } catch (SQLException e) {
      throw JdbcErrors.translate(e, operation, sessionId, feedbackId, statementTimeout);
    }
  }

  /**
   * A connection of the data source with auto-commit on, which a pool may hand out off
   * (HikariCP's {@code autoCommit}): a single-statement write would otherwise stay
   * uncommitted and be rolled back when the connection goes back to the pool. Transactions
   * turn it off or begin one themselves.
   *
   * @throws FeedbackStoreException if the data source gives no connection: nothing was sent
   */
  private Connection connection(
      String operation, @Nullable String sessionId, @Nullable String feedbackId) {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw JdbcErrors.unavailable(e, operation, sessionId, feedbackId);
    }
    try {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return c;
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw JdbcErrors.translate(e, operation, sessionId, feedbackId, statementTimeout);
    }
  }

  /**
   * Runs work in a transaction: on PostgreSQL with auto-commit off, on SQLite in
   * {@code BEGIN IMMEDIATE}, which takes the write lock first (waiting up to the
   * statement timeout, which sqlite-jdbc applies as the busy timeout) so that a transaction that reads before it writes cannot
   * deadlock with another.
   */
  private <T> T transaction(Connection c, Statements sql, TxWork<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    if (sql.postgres) {
      if (autoCommit) {
        c.setAutoCommit(false);
      }
    } else {
      if (!autoCommit) {
        c.setAutoCommit(true);
      }
      execute(c, "BEGIN IMMEDIATE");
    }
    T result;
    try {
      result = work.run();
      if (sql.postgres) {
        c.commit();
      } else {
        execute(c, "COMMIT");
      }
    } catch (Throwable failure) {
      // The work failed first and its failure says what happened (a pool closes a broken
      // connection, whose later calls fail with no SQL state): keep it, whatever follows.
      try {
        if (sql.postgres) {
          c.rollback();
        } else {
          execute(c, "ROLLBACK");
        }
      } catch (SQLException e) {
        log.debug("Rolling back failed", e);
      }
      try {
        restoreAutoCommit(c, autoCommit);
      } catch (SQLException e) {
        log.debug("Restoring auto-commit after a failed transaction failed", e);
      }
      throw failure;
    }
    restoreAutoCommit(c, autoCommit);
    return result;
  }

  private static void restoreAutoCommit(Connection c, boolean autoCommit) throws SQLException {
    if (c.getAutoCommit() != autoCommit) {
      c.setAutoCommit(autoCommit);
    }
  }

  /** Runs a statement without parameters (transaction control), under the timeout. */
  private void execute(Connection c, String statement) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(timeoutSeconds);
      st.execute(statement);
    }
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(timeoutSeconds);
    return ps;
  }

  private Statements statements(Connection c) throws SQLException {
    return dialect(c) == Dialect.POSTGRESQL ? postgres : sqlite;
  }

  private Dialect dialect(Connection c) throws SQLException {
    Dialect d = dialect;
    if (d == null) {
      d = Dialect.of(c);
      dialect = d;
      log.debug("{} speaks {}", this, d);
    }
    return d;
  }

  /**
   * Configures a {@link JdbcFeedbackStore}. Only {@link #dataSource(DataSource)} is required.
   *
   * <p>Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable Dialect dialect;
    private String sessionsTable = DEFAULT_SESSIONS_TABLE;
    private String feedbackTable = DEFAULT_FEEDBACK_TABLE;
    private Duration statementTimeout = Duration.ofSeconds(DEFAULT_STATEMENT_TIMEOUT_SECONDS);
    private Clock clock = Clock.systemUTC();
    private int maxFeedbacksPerSession;
    private int fetchSize = DEFAULT_FETCH_SIZE;
    private int batchSize = DEFAULT_BATCH_SIZE;

    private Builder() {}

    /**
     * The data source the store takes connections from, one per call (a stream keeps its
     * own until closed). The application owns it: {@link JdbcFeedbackStore#close()} leaves it
     * open. Its connections may come with auto-commit off: the store turns it on for its
     * statements, and each write commits before the connection goes back. Use a pool
     * (HikariCP, the driver's pooling data source) in production; the driver's plain data
     * source opens a connection per call. Required.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * The database's dialect; by default detected from the first connection the store
     * gets.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * The sessions table; defaults to {@value JdbcFeedbackStore#DEFAULT_SESSIONS_TABLE}. Put
     * the tables in another PostgreSQL schema with the connection's {@code search_path}
     * ({@code currentSchema} in the JDBC URL).
     *
     * @param name a lower-case SQL identifier ({@code [a-z_][a-z0-9_]*}, at most 48 chars)
     * @return this builder
     * @throws IllegalArgumentException if the name is not such an identifier
     */
    public Builder sessionsTable(String name) {
      this.sessionsTable = Tables.check("sessionsTable", Objects.requireNonNull(name, "name"));
      return this;
    }

    /**
     * The feedback table; defaults to {@value JdbcFeedbackStore#DEFAULT_FEEDBACK_TABLE}.
     *
     * @param name a lower-case SQL identifier ({@code [a-z_][a-z0-9_]*}, at most 48 chars)
     * @return this builder
     * @throws IllegalArgumentException if the name is not such an identifier
     */
    public Builder feedbackTable(String name) {
      this.feedbackTable = Tables.check("feedbackTable", Objects.requireNonNull(name, "name"));
      return this;
    }

    /**
     * How long one statement may run before the driver cancels it
     * ({@link Statement#setQueryTimeout(int)}, rounded up to whole seconds); the call then
     * fails with a retry-safe {@link FeedbackStoreException}. Defaults to
     * {@value JdbcFeedbackStore#DEFAULT_STATEMENT_TIMEOUT_SECONDS} s. Waiting for a pooled
     * connection is bounded by the pool's own setting (HikariCP's
     * {@code connectionTimeout}), and a connection to a server that stops answering by the
     * driver's socket timeout (PostgreSQL's {@code socketTimeout}).
     *
     * @param timeout at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if the timeout is shorter
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = Connections.statementTimeout(timeout);
      return this;
    }

    /**
     * The clock for the sessions' {@code created_at} and {@code updated_at} (and feedback
     * handed over without a creation time). Defaults to the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Keeps at most this many feedbacks per session: the newest by creation time (ties by
     * id), each session listed in that order. Feedback older than everything a full session
     * keeps is {@link FeedbackResult.Outcome#TRIMMED} and not stored, evicting nothing. Off
     * (0) by default; an append then locks the session row and costs a few statements.
     *
     * @param max a positive cap, or 0 for none
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxFeedbacksPerSession(int max) {
      if (max < 0) {
        throw new IllegalArgumentException(
            "maxFeedbacksPerSession must be 0 (off) or positive, was " + max);
      }
      this.maxFeedbacksPerSession = max;
      return this;
    }

    /**
     * How many rows a stream fetches per round trip; defaults to
     * {@value JdbcFeedbackStore#DEFAULT_FETCH_SIZE}.
     *
     * @param rows a positive count
     * @return this builder
     * @throws IllegalArgumentException if {@code rows} is not positive
     */
    public Builder fetchSize(int rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("fetchSize must be positive, was " + rows);
      }
      this.fetchSize = rows;
      return this;
    }

    /**
     * How many rows one insert of {@link JdbcFeedbackStore#appendAll} carries; defaults to
     * {@value JdbcFeedbackStore#DEFAULT_BATCH_SIZE}.
     *
     * @param rows from 1 to {@link JdbcFeedbackStore#MAX_BATCH_SIZE}
     * @return this builder
     * @throws IllegalArgumentException if {@code rows} is outside that range
     */
    public Builder batchSize(int rows) {
      if (rows < 1 || rows > MAX_BATCH_SIZE) {
        throw new IllegalArgumentException(
            "batchSize must be within 1.." + MAX_BATCH_SIZE + ", was " + rows);
      }
      this.batchSize = rows;
      return this;
    }

    /**
     * Builds the store. Connects to nothing: the dialect, unless set, is detected on the
     * first call, and the tables are created only by {@link JdbcFeedbackStore#createSchema()}.
     *
     * @return the store
     * @throws IllegalStateException if no data source was set
     * @throws IllegalArgumentException if the two tables have the same name
     */
    public JdbcFeedbackStore build() {
      DataSource ds = dataSource;
      if (ds == null) {
        throw new IllegalStateException("set dataSource(DataSource)");
      }
      if (sessionsTable.equals(feedbackTable)) {
        throw new IllegalArgumentException(
            "sessionsTable and feedbackTable must differ, both were '" + sessionsTable + "'");
      }
      return new JdbcFeedbackStore(this, ds);
    }
  }
}
