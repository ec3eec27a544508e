package io.github.agentfeedback.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The PostgreSQL server of the tests: one real server per test run, shared by every test
 * class that registers this extension, started from the embedded binaries published on Maven
 * Central (no Docker, no download at run time) with durability settings a test does not need
 * turned off ({@code fsync}, {@code synchronous_commit}), and stopped when the run ends. When
 * {@code JDBC_URL} is set (with {@code JDBC_USER} and {@code JDBC_PASSWORD}), the tests use
 * that PostgreSQL server instead. Every store of the tests gets tables of its own, so tests
 * never see each other's rows.
 */
final class PostgresTestServer implements BeforeAllCallback {

  private static HikariDataSource pool;
  private static EmbeddedPostgres server;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent(
            PostgresTestServer.class,
            k -> {
              start();
              return (AutoCloseable) PostgresTestServer::stop;
            },
            AutoCloseable.class);
  }

  /** The shared pool of the test server; the extension must be registered. */
  static synchronized DataSource dataSource() {
    if (pool == null) {
      start();
    }
    return pool;
  }

  private static synchronized void start() {
    if (pool != null) {
      return;
    }
    String url = System.getenv("JDBC_URL");
    if (url == null || url.isBlank()) {
      server = embedded(null, 0);
      url = server.getJdbcUrl("postgres", "postgres");
    }
    pool = pool(url);
  }

  private static synchronized void stop() throws IOException {
    if (pool != null) {
      pool.close();
      pool = null;
    }
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** A pool of up to 24 connections to a URL, with JDBC_USER and JDBC_PASSWORD when set. */
  static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    String user = System.getenv("JDBC_USER");
    if (user != null) {
      config.setUsername(user);
      config.setPassword(System.getenv("JDBC_PASSWORD"));
    } else if (server != null) {
      config.setUsername("postgres");
    }
    config.setMaximumPoolSize(24);
    config.setConnectionTimeout(5_000);
    config.setPoolName("feedback-jdbc-tests");
    return new HikariDataSource(config);
  }

  /**
   * Starts an embedded server of its own (for tests that stop it), on a data directory that
   * survives a stop when given.
   *
   * @param dataDirectory the directory, or null for a fresh temporary one
   * @param port the port, or 0 for a free one
   */
  static EmbeddedPostgres embedded(Path dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder b =
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .setServerConfig("max_connections", "100");
      if (dataDirectory != null) {
        b.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      if (port != 0) {
        b.setPort(port);
      }
      return b.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the tests run on a server of their own (not JDBC_URL). */
  static boolean embedded() {
    String url = System.getenv("JDBC_URL");
    return url == null || url.isBlank();
  }
}
