package io.github.agentfeedback.jdbc;

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
 * store, in WAL mode with a busy timeout, as docs/jdbc.md recommends).
 */
enum Engine {
  POSTGRESQL,
  SQLITE;

  private static final AtomicInteger TABLES = new AtomicInteger();

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
    int n = TABLES.incrementAndGet();
    return JdbcFeedbackStore.builder()
        .dataSource(dataSource())
        .sessionsTable("t" + n + "_sessions")
        .feedbackTable("t" + n + "_feedback");
  }

  /** The shared PostgreSQL pool, or a fresh SQLite file. */
  DataSource dataSource() {
    return this == POSTGRESQL ? PostgresTestServer.dataSource() : sqlite(freshFile());
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

  private static Path freshFile() {
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
