package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.escalation.Lease;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.jdbc.internal.Connections;
import io.github.agentfeedback.jdbc.internal.Tables;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link Leases} in one table (default {@value #DEFAULT_TABLE}) of PostgreSQL or SQLite,
 * through a {@link DataSource} the application owns, shared by every replica:
 *
 * <pre>
 * name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL (epoch milliseconds)
 * </pre>
 *
 * <p>{@link #createSchema()} creates the table (idempotent; the same statement works on both
 * databases). Acquiring is one statement that both databases run atomically: {@code INSERT
 * ... VALUES (name, owner, expiry) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,
 * expires_at = excluded.expires_at WHERE expires_at <= now OR owner = ?}; it changes a row
 * (the lease is acquired) or none (another owner holds it). On PostgreSQL a concurrent insert
 * of the same name waits for the other transaction and then takes the update path, whose
 * condition is checked against the row just committed; SQLite runs one writer at a time.
 * Releasing deletes the row when the owner holds it.
 *
 * <p>Thread-safe. It never closes the data source.
 *
 * @since 0.1.0
 */
public final class JdbcLeases implements Leases {

  /** The table unless {@link Builder#table(String)} names another. */
  public static final String DEFAULT_TABLE = "feedback_leases";

  private final Connections connections;
  private final String table;

  private JdbcLeases(Builder b, DataSource dataSource) {
    this.table = b.table;
    this.connections = new Connections(dataSource, Connections.seconds(b.statementTimeout));
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the table unless it exists.
   *
   * @throws io.github.agentfeedback.FeedbackStoreException if the database fails
   */
  public void createSchema() {
    connections.call(
        "createSchema",
        c -> {
          try (Statement st = c.createStatement()) {
            st.setQueryTimeout(connections.timeoutSeconds());
            st.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + table
                    + " (name TEXT PRIMARY KEY, owner TEXT NOT NULL,"
                    + " expires_at BIGINT NOT NULL)");
          }
          return Boolean.TRUE;
        });
  }

  @Override
  public boolean tryAcquire(String name, String owner, Duration duration, Instant now) {
    Lease wanted = Lease.of(name, owner, duration, now);
    return connections.call(
        "tryAcquire",
        c -> {
          try (PreparedStatement ps =
              connections.prepare(
                  c,
                  "INSERT INTO "
                      + table
                      + " (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
                      + " SET owner = excluded.owner, expires_at = excluded.expires_at WHERE "
                      + table
                      + ".expires_at <= ? OR "
                      + table
                      + ".owner = ?")) {
            ps.setString(1, name);
            ps.setString(2, owner);
            ps.setLong(3, wanted.expiresAt().toEpochMilli());
            ps.setLong(4, Lease.millis(now).toEpochMilli());
            ps.setString(5, owner);
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public boolean release(String name, String owner) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    return connections.call(
        "release",
        c -> {
          try (PreparedStatement ps =
              connections.prepare(c, "DELETE FROM " + table + " WHERE name = ? AND owner = ?")) {
            ps.setString(1, name);
            ps.setString(2, owner);
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Optional<Lease> find(String name) {
    Objects.requireNonNull(name, "name");
    return connections.call(
        "find",
        c -> {
          try (PreparedStatement ps =
              connections.prepare(
                  c, "SELECT owner, expires_at FROM " + table + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new Lease(name, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public String toString() {
    return "JdbcLeases[" + table + "]";
  }

  /**
   * Configures {@link JdbcLeases}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private Duration statementTimeout =
        Duration.ofSeconds(JdbcFeedbackStore.DEFAULT_STATEMENT_TIMEOUT_SECONDS);

    private Builder() {}

    /**
     * The data source, owned by the caller. Required.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * The table; {@value #DEFAULT_TABLE} unless set.
     *
     * @param name a lower-case SQL identifier, at most 48 chars
     * @return this builder
     * @throws IllegalArgumentException if the name is not such an identifier
     */
    public Builder table(String name) {
      this.table = Tables.check("table", name);
      return this;
    }

    /**
     * The timeout of each statement, in whole seconds (at least 1).
     *
     * @param timeout at least one millisecond, rounded up to whole seconds
     * @return this builder
     * @throws IllegalArgumentException if shorter than one millisecond
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = Connections.statementTimeout(timeout);
      return this;
    }

    /**
     * Builds the leases. Call {@link JdbcLeases#createSchema()} once to create the table.
     *
     * @return the leases
     * @throws NullPointerException naming {@code dataSource} if not set
     */
    public JdbcLeases build() {
      return new JdbcLeases(this, Objects.requireNonNull(dataSource, "dataSource"));
    }
  }
}
