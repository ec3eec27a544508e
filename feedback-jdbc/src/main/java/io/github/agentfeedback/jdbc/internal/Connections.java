package io.github.agentfeedback.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * One call on a connection of the caller's data source, in auto-commit, with every statement
 * under the same timeout and every {@link SQLException} translated by {@link JdbcErrors}: what
 * the escalation store and the leases share. Thread-safe.
 */
public final class Connections {

  /**
   * Work on one connection.
   *
   * @param <T> what the work returns
   */
  @FunctionalInterface
  public interface Work<T> {

    /**
     * Does the work.
     *
     * @param c the connection, in auto-commit
     * @return the result
     * @throws SQLException if the database fails
     */
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final int timeoutSeconds;

  /**
   * Calls on a data source.
   *
   * @param dataSource the caller's data source
   * @param timeoutSeconds the timeout of each statement, at least 1
   */
  public Connections(DataSource dataSource, int timeoutSeconds) {
    this.dataSource = dataSource;
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * Checks a statement timeout as every JDBC builder takes it.
   *
   * @param timeout the timeout
   * @return the timeout
   * @throws NullPointerException naming {@code statementTimeout} if it is null
   * @throws IllegalArgumentException naming {@code statementTimeout} if shorter than 1 ms
   */
  public static Duration statementTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "statementTimeout");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("statementTimeout must be at least 1 ms, was " + timeout);
    }
    return timeout;
  }

  /**
   * A statement timeout in the whole seconds {@code setQueryTimeout} takes: rounded up, and at
   * most {@link Integer#MAX_VALUE}.
   *
   * @param timeout a timeout {@link #statementTimeout} accepted
   * @return seconds, at least 1
   */
  public static int seconds(Duration timeout) {
    long whole = Math.min(timeout.getSeconds(), Integer.MAX_VALUE - 1L);
    return (int) Math.max(1, whole + (timeout.getNano() > 0 ? 1 : 0));
  }

  /**
   * The timeout of each statement.
   *
   * @return seconds
   */
  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  /**
   * Runs work whose writes are idempotent on a connection taken from the data source and given
   * back after it.
   *
   * @param operation the operation's name, for errors
   * @param work the work
   * @param <T> what the work returns
   * @return what the work returned
   * @throws io.github.agentfeedback.FeedbackStoreException translated from a database failure
   */
  public <T> T call(String operation, Work<T> work) {
    return call(operation, true, work);
  }

  /**
   * Runs work on a connection taken from the data source and given back after it.
   *
   * @param operation the operation's name, for errors
   * @param idempotent whether the work's writes may be repeated without effect; when not (an
   *     escalation's raise, which counts), a connection lost during the work fails as not
   *     retry-safe ({@link JdbcErrors#translateNotIdempotent})
   * @param work the work
   * @param <T> what the work returns
   * @return what the work returned
   * @throws io.github.agentfeedback.FeedbackStoreException translated from a database failure
   */
  public <T> T call(String operation, boolean idempotent, Work<T> work) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw JdbcErrors.unavailable(e, operation, null, null);
    }
    try (Connection c = connection) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      Duration timeout = Duration.ofSeconds(timeoutSeconds);
      throw idempotent
          ? JdbcErrors.translate(e, operation, null, null, timeout)
          : JdbcErrors.translateNotIdempotent(e, operation, timeout);
    }
  }

  /**
   * Prepares a statement under the timeout.
   *
   * @param c the connection
   * @param sql the statement
   * @return the prepared statement
   * @throws SQLException if the database fails
   */
  public PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(timeoutSeconds);
    return ps;
  }
}
