package io.github.agentfeedback.jdbc.internal;

import io.github.agentfeedback.FeedbackStoreException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link SQLException}s into {@link FeedbackStoreException}s that name the operation,
 * the session and the feedback, explain what happened and say whether repeating the call is
 * safe. Every write of the feedback store is idempotent (appends on the feedback id, the rest
 * by their nature), so every transient failure is retry-safe: a lost connection, a statement
 * timeout or cancellation, a serialization failure or deadlock, a server shutting down or
 * refusing connections, SQLite's busy and locked database. An escalation's raise is not
 * idempotent: {@link #translateNotIdempotent} says so after a lost connection.
 *
 * <p>Stateless and thread-safe.
 */
public final class JdbcErrors {

  /** SQLite's primary result codes the store meets. */
  private static final int SQLITE_BUSY = 5;

  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_INTERRUPT = 9;
  private static final int SQLITE_CONSTRAINT = 19;

  private JdbcErrors() {}

  /**
   * Translates a failure.
   *
   * @param e the driver's exception
   * @param operation the store operation, such as {@code "append"}
   * @param sessionId the session, or null
   * @param feedbackId the feedback, or null
   * @param timeout the statement timeout, named in timeout messages
   * @return the exception to throw
   */
  public static FeedbackStoreException translate(
      SQLException e,
      String operation,
      @Nullable String sessionId,
      @Nullable String feedbackId,
      Duration timeout) {
    return new FeedbackStoreException(
        describe(e, timeout), operation, sessionId, feedbackId, retrySafe(e), e);
  }

  /**
   * Translates a failure of work whose writes are not idempotent, such as an escalation's
   * raise, which counts: after a lost connection its write may have been applied, and
   * repeating it would apply it again, so such a failure is not retry-safe. Any other failure
   * translates as {@link #translate} does (a statement cancelled by its timeout, a
   * serialization failure or a deadlock kept nothing of it).
   *
   * @param e the driver's exception
   * @param operation the store operation, such as {@code "raise"}
   * @param timeout the statement timeout, named in timeout messages
   * @return the exception to throw
   */
  public static FeedbackStoreException translateNotIdempotent(
      SQLException e, String operation, Duration timeout) {
    if (!connectionLost(e)) {
      return translate(e, operation, null, null, timeout);
    }
    return new FeedbackStoreException(
        "the connection to the database failed while the "
            + operation
            + " was sent or answered: it may have been applied, and repeating it would apply it"
            + " again, so retrying is not safe ("
            + cause(e)
            + ")",
        operation,
        null,
        null,
        false,
        e);
  }

  /**
   * Translates a failure to get a connection from the data source (a pool that has none to
   * give within its timeout, a database that refuses to connect): nothing was sent.
   *
   * @param e the data source's exception
   * @param operation the store operation, such as {@code "append"}
   * @param sessionId the session, or null
   * @param feedbackId the feedback, or null
   * @return the exception to throw
   */
  public static FeedbackStoreException unavailable(
      SQLException e, String operation, @Nullable String sessionId, @Nullable String feedbackId) {
    boolean retrySafe = retrySafe(e);
    return new FeedbackStoreException(
        "the data source gave no connection (the pool's connection timeout, or the database"
            + " refused to connect), so nothing was sent"
            + (retrySafe ? "; retrying is safe (" : " (")
            + cause(e)
            + ")",
        operation,
        sessionId,
        feedbackId,
        retrySafe,
        e);
  }

  /**
   * Whether the failure is transient, so that repeating the call is safe and may succeed.
   *
   * @param e the driver's exception
   * @return true for transient failures
   */
  public static boolean retrySafe(SQLException e) {
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = state(e);
    if (state.startsWith("08") // connection exception
        || state.startsWith("40") // serialization failure, deadlock
        || state.startsWith("53") // insufficient resources: too many connections, disk full
        || state.equals("57014") // query canceled: the statement timeout
        || state.startsWith("57P")) { // admin shutdown, crash shutdown, cannot connect now
      return true;
    }
    int code = e.getErrorCode() & 0xff;
    return isSqlite(e)
        && (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_INTERRUPT);
  }

  /**
   * Whether the connection broke, so that a write sent on it may or may not have been
   * applied.
   *
   * @param e the driver's exception
   * @return true for connection failures
   */
  public static boolean connectionLost(SQLException e) {
    return e instanceof SQLRecoverableException
        || e instanceof java.sql.SQLNonTransientConnectionException
        || e instanceof java.sql.SQLTransientConnectionException
        || state(e).startsWith("08")
        || state(e).startsWith("57P");
  }

  /** Whether the failure is a unique violation (of an index the store did not expect). */
  public static boolean uniqueViolation(SQLException e) {
    return "23505".equals(state(e))
        || (isSqlite(e)
            && (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT
            && String.valueOf(e.getMessage()).contains("UNIQUE"));
  }

  private static boolean isTimeout(SQLException e) {
    return e instanceof SQLTimeoutException
        || "57014".equals(state(e))
        || (isSqlite(e) && (e.getErrorCode() & 0xff) == SQLITE_INTERRUPT);
  }

  private static boolean isSqlite(SQLException e) {
    return e.getClass().getName().startsWith("org.sqlite.")
        || String.valueOf(e.getMessage()).startsWith("[SQLITE_");
  }

  private static String state(SQLException e) {
    return e.getSQLState() == null ? "" : e.getSQLState();
  }

  /** {@code 1500 ms}, {@code 10 s}: a duration as people write it. */
  private static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /** The driver's message and SQL state. */
  private static String cause(SQLException e) {
    return e.getMessage() + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]");
  }

  private static String describe(SQLException e, Duration timeout) {
    String cause = cause(e);
    if (isTimeout(e)) {
      return "the statement did not finish within the statement timeout of "
          + format(timeout)
          + " (JdbcFeedbackStore.Builder.statementTimeout) and was cancelled; nothing of it "
          + "was kept. Retrying is safe: appends are idempotent on the feedback id ("
          + cause
          + ")";
    }
    if (connectionLost(e)) {
      return "the connection to the database failed; a write sent before may or may not have "
          + "been applied. Retrying is safe: appends are idempotent on the feedback id ("
          + cause
          + ")";
    }
    if (state(e).startsWith("40")) {
      return "the database aborted the transaction (serialization failure or deadlock); "
          + "nothing of it was kept and retrying is safe ("
          + cause
          + ")";
    }
    if (isSqlite(e)
        && ((e.getErrorCode() & 0xff) == SQLITE_BUSY
            || (e.getErrorCode() & 0xff) == SQLITE_LOCKED)) {
      return "the SQLite database stayed locked by another writer for longer than the "
          + "statement timeout of "
          + format(timeout)
          + " (JdbcFeedbackStore.Builder.statementTimeout, which sqlite-jdbc uses as the busy "
          + "timeout of each statement); nothing was kept and retrying is safe (use WAL, keep "
          + "write transactions short) ("
          + cause
          + ")";
    }
    if (uniqueViolation(e)) {
      return "a unique constraint that JdbcFeedbackStore does not create refused the write: "
          + "nothing was stored. Feedback ids are unique per session only; drop that "
          + "constraint or give the store tables of its own ("
          + cause
          + ")";
    }
    return cause;
  }
}
