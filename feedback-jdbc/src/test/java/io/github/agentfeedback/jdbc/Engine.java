package io.github.agentfeedback.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The two real engines the tests run on, each making fresh stores: PostgreSQL (the shared
 * {@link PostgresTestServer}, fresh tables per store) and SQLite (a fresh temporary file per
 * store, in WAL mode as docs/jdbc.md recommends, behind HikariCP).
 */
enum Engine {
  POSTGRESQL,
  SQLITE;

  private static final AtomicInteger TABLES = new AtomicInteger();

  /**
   * Tells this run's tables from those of earlier runs on the same server (JDBC_URL): the
   * time the run started, in base 36.
   */
  private static final String RUN = Long.toString(System.currentTimeMillis() / 1000, 36);

  /** A fresh, empty store with its schema created. */
  JdbcFeedbackStore store() {
    return store(b -> b);
  }

  /** A fresh, empty store, configured further, with its schema created. */
  JdbcFeedbackStore store(UnaryOperator<JdbcFeedbackStore.Builder> settings) {
    JdbcFeedbackStore store = settings.apply(builder()).build();
    store.createSchema();
    return store;
  }

  /** A builder on a fresh database (SQLite) or fresh table names (PostgreSQL). */
  JdbcFeedbackStore.Builder builder() {
    return builder(dataSource());
  }

  /** A builder on a data source of this engine, with fresh table names. */
  JdbcFeedbackStore.Builder builder(DataSource dataSource) {
    int n = TABLES.incrementAndGet();
    return JdbcFeedbackStore.builder()
        .dataSource(dataSource)
        .sessionsTable("t" + RUN + "_" + n + "_sessions")
        .feedbackTable("t" + RUN + "_" + n + "_feedback");
  }

  /**
   * The shared PostgreSQL pool, or a pool of four connections to a fresh SQLite file (pools
   * are closed when the JVM exits; the tests of the driver's own data source use
   * {@link #sqlite(Path)}).
   */
  DataSource dataSource() {
    if (this == POSTGRESQL) {
      return PostgresTestServer.dataSource();
    }
    HikariConfig config = new HikariConfig();
    config.setDataSource(sqlite(freshFile()));
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    config.setIdleTimeout(10_000);
    config.setPoolName("sqlite-" + TABLES.get());
    HikariDataSource pool = new HikariDataSource(config);
    Runtime.getRuntime().addShutdownHook(new Thread(pool::close));
    return pool;
  }

  /** A SQLite data source on a file: WAL, synchronous NORMAL, a 10 s busy timeout. */
  static SQLiteDataSource sqlite(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }

  static Path freshFile() {
    try {
      Path dir = Files.createTempDirectory("feedback-jdbc-");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("feedback.db");
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        dir.resolve("feedback.db" + suffix).toFile().deleteOnExit();
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
