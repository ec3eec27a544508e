package io.github.agentfeedback.spring.autoconfigure;

import static io.github.agentfeedback.spring.autoconfigure.SqliteDatabases.query;
import static io.github.agentfeedback.spring.autoconfigure.SqliteDatabases.sqlite;
import static io.github.agentfeedback.spring.autoconfigure.SqliteDatabases.tables;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.jdbc.Dialect;
import io.github.agentfeedback.jdbc.JdbcFeedbackStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spring.autoconfigure.health.FeedbackHealthAutoConfiguration;
import io.github.agentfeedback.spring.autoconfigure.health.FeedbackStoreHealthIndicator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.sqlite.SQLiteDataSource;

/**
 * The JDBC store chosen by the auto-configuration, on a real SQLite database in a temporary
 * file (and on embedded PostgreSQL servers, once with Flyway): picked under AUTO when the
 * context has a DataSource, its feedback kept across a restart, its properties applied, its
 * schema made after Flyway's, and the failures and back-offs around it.
 */
class FeedbackJdbcStoreTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  @TempDir Path dir;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  FeedbackAutoConfiguration.class, FeedbackHealthAutoConfiguration.class));

  /** The store on the DataSource Spring Boot makes from {@code spring.datasource.*}. */
  private final ApplicationContextRunner boot =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  FeedbackAutoConfiguration.class, DataSourceAutoConfiguration.class));

  @Test
  void autoStoresInTheApplicationsDataSourceAcrossRestarts() {
    Path file = dir.resolve("app.db");
    runner
        .withBean(DataSource.class, () -> sqlite(file))
        .run(
            context -> {
              assertThat(context).hasSingleBean(JdbcFeedbackStore.class);
              assertThat(context).doesNotHaveBean(InMemoryFeedbackStore.class);
              context.getBean(FeedbackManager.class).addFeedback("s1", Feedback.up("kept"));
              assertThat(
                      context.getBean(FeedbackStoreHealthIndicator.class).health(true).getStatus())
                  .isEqualTo(Status.UP);
            });
    runner
        .withBean(DataSource.class, () -> sqlite(file))
        .run(
            context ->
                assertThat(context.getBean(FeedbackManager.class).getFeedbacks("s1"))
                    .extracting(Feedback::comment)
                    .containsExactly("kept"));
  }

  @Test
  void autoUsesTheDataSourceSpringBootMakesFromItsProperties() {
    Path file = dir.resolve("boot.db");
    boot.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + file)
        .run(FeedbackJdbcStoreTest::storesOneFeedback);
    assertThat(count(sqlite(file), "feedback")).isEqualTo(1);
  }

  @Test
  void onPostgresqlTheFeedbackSurvivesARestart() throws IOException {
    try (EmbeddedPostgres server = postgres()) {
      ApplicationContextRunner onPostgres = boot.withPropertyValues(on(server));
      onPostgres.run(
          context -> {
            assertThat(context.getBean(JdbcFeedbackStore.class).dialect())
                .isEqualTo(Dialect.POSTGRESQL);
            context.getBean(FeedbackManager.class).addFeedback("s1", Feedback.down("lost?"));
          });
      onPostgres.run(
          context ->
              assertThat(context.getBean(FeedbackManager.class).getFeedbacks("s1"))
                  .extracting(Feedback::comment)
                  .containsExactly("lost?"));
    }
  }

  /**
   * With Flyway running the store's script as its first migration (the documented way) and
   * the default {@code initialize-schema=true}, Flyway migrates first: had the store created
   * its tables before, Flyway would refuse the non-empty schema it has no history of.
   */
  @Test
  void flywayMigratesBeforeTheStoreCreatesItsSchema() throws IOException {
    Path migrations = Files.createDirectories(dir.resolve("migrations"));
    try (InputStream script =
        JdbcFeedbackStore.class.getResourceAsStream("schema-postgresql.sql")) {
      assertThat(script).isNotNull();
      Files.write(migrations.resolve("V1__agent_feedback.sql"), script.readAllBytes());
    }
    try (EmbeddedPostgres server = postgres()) {
      boot.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
          .withPropertyValues(on(server))
          .withPropertyValues(
              "spring.flyway.locations=filesystem:" + migrations,
              "spring.flyway.placeholders.sessions_table="
                  + JdbcFeedbackStore.DEFAULT_SESSIONS_TABLE,
              "spring.flyway.placeholders.feedback_table="
                  + JdbcFeedbackStore.DEFAULT_FEEDBACK_TABLE)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                context.getBean(FeedbackManager.class).addFeedback("s1", Feedback.up("migrated"));
                DataSource dataSource = context.getBean(DataSource.class);
                assertThat(query(dataSource, "SELECT version FROM flyway_schema_history"))
                    .containsExactly("1");
                assertThat(count(dataSource, JdbcFeedbackStore.DEFAULT_FEEDBACK_TABLE))
                    .isEqualTo(1);
              });
    }
  }

  /** spring-boot-sql, which holds the ordering annotation, is optional: without it, no order. */
  @Test
  void withoutSpringBootSqlTheStoreStillStarts() {
    Path file = dir.resolve("no-sql-init.db");
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.sql"))
        .withBean(DataSource.class, () -> sqlite(file))
        .run(FeedbackJdbcStoreTest::storesOneFeedback);
    assertThat(count(sqlite(file), "feedback")).isEqualTo(1);
  }

  @Test
  void theApplicationsPoolStaysOpenAfterTheContextCloses() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(sqlite(dir.resolve("pool.db")));
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      runner
          .withBean(DataSource.class, () -> pool, d -> d.setDestroyMethodName(""))
          .withPropertyValues("agent-feedback.store.type=jdbc")
          .run(
              context ->
                  context.getBean(FeedbackManager.class).addFeedback("s1", Feedback.up("ok")));
      assertThat(pool.isClosed()).isFalse();
      assertThat(tables(pool)).contains("feedback", "feedback_sessions");
    }
  }

  @Test
  void withoutSchemaInitializationNoTableIsCreated() {
    SQLiteDataSource dataSource = sqlite(dir.resolve("migrated.db"));
    runner
        .withBean(DataSource.class, () -> dataSource)
        .withPropertyValues("agent-feedback.store.jdbc.initialize-schema=false")
        .run(context -> assertThat(context).hasSingleBean(JdbcFeedbackStore.class));
    assertThat(tables(dataSource)).isEmpty();
  }

  @Test
  void theTablesAndTimeoutComeFromTheProperties() {
    SQLiteDataSource dataSource = sqlite(dir.resolve("named.db"));
    runner
        .withBean(DataSource.class, () -> dataSource)
        .withPropertyValues(
            "agent-feedback.store.jdbc.sessions-table=chat_sessions",
            "agent-feedback.store.jdbc.feedback-table=chat_feedback",
            "agent-feedback.store.jdbc.statement-timeout=30s",
            "agent-feedback.store.jdbc.max-feedbacks-per-session=2",
            "agent-feedback.store.jdbc.fetch-size=1",
            "agent-feedback.store.jdbc.batch-size=1")
        .run(
            context -> {
              assertThat(context.getBean(FeedbackProperties.class).getStore().getJdbc())
                  .extracting(FeedbackProperties.Jdbc::getStatementTimeout)
                  .isEqualTo(Duration.ofSeconds(30));
              FeedbackManager manager = context.getBean(FeedbackManager.class);
              manager.addFeedback("s1", down("slow", 1));
              manager.addFeedbacks(
                  List.of(
                      new SessionFeedback("s1", down("slower", 2)),
                      new SessionFeedback("s1", down("slowest", 3))));
              // the cap keeps the two newest; a stream of one row per fetch reads them
              assertThat(manager.getFeedbacks("s1"))
                  .extracting(Feedback::comment)
                  .containsExactly("slower", "slowest");
            });
    assertThat(tables(dataSource)).containsExactlyInAnyOrder("chat_sessions", "chat_feedback");
    assertThat(count(dataSource, "chat_feedback")).isEqualTo(2);
  }

  @Test
  void badSettingsFailNamingThem() {
    SQLiteDataSource dataSource = sqlite(dir.resolve("bad.db"));
    runner
        .withBean(DataSource.class, () -> dataSource)
        .withPropertyValues("agent-feedback.store.jdbc.sessions-table=Chat-Sessions")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining(
                        "IllegalArgumentException: agent-feedback.store.jdbc.sessions-table:"
                            + " sessionsTable must"
                            + " be a lower-case SQL identifier")
                    .hasStackTraceContaining("was 'Chat-Sessions'"));
    runner
        .withBean(DataSource.class, () -> dataSource)
        .withPropertyValues("agent-feedback.store.jdbc.statement-timeout=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining(
                        "agent-feedback.store.jdbc.statement-timeout: statementTimeout must be at least"
                            + " 1 ms"));
    runner
        .withBean(DataSource.class, () -> dataSource)
        .withPropertyValues(
            "agent-feedback.store.jdbc.sessions-table=same",
            "agent-feedback.store.jdbc.feedback-table=same")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining(
                        "agent-feedback.store.jdbc.feedback-table: sessionsTable and feedbackTable"
                            + " must differ"));
    for (String[] bad :
        new String[][] {
          {"max-feedbacks-per-session=-1", "maxFeedbacksPerSession must be 0 (off) or positive"},
          {"fetch-size=0", "fetchSize must be positive"},
          {"batch-size=820", "batchSize must be within 1..819"}
        }) {
      String property = bad[0].substring(0, bad[0].indexOf('='));
      runner
          .withBean(DataSource.class, () -> dataSource)
          .withPropertyValues("agent-feedback.store.jdbc." + bad[0])
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .hasStackTraceContaining(
                          "agent-feedback.store.jdbc." + property + ": " + bad[1]));
    }
    assertThat(tables(dataSource)).isEmpty();
  }

  @Test
  void withoutASingleDataSourceTheStartFailsNamingIt() {
    runner
        .withPropertyValues("agent-feedback.store.type=jdbc")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("agent-feedback.store.type is jdbc")
                    .hasMessageContaining("no single DataSource bean"));
    runner
        .withBean("first", DataSource.class, () -> sqlite(dir.resolve("first.db")))
        .withBean("second", DataSource.class, () -> sqlite(dir.resolve("second.db")))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("agent-feedback.store.type is auto")
                    .hasMessageContaining("several and none @Primary"));
  }

  @Test
  void jdbcWithoutTheModuleFailsNamingIt() {
    runner
        .withClassLoader(new FilteredClassLoader(JdbcFeedbackStore.class))
        .withBean(DataSource.class, () -> sqlite(dir.resolve("unused.db")))
        .withPropertyValues("agent-feedback.store.type=jdbc")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "agent-feedback.store.type is jdbc but"
                            + " io.github.agentfeedback:feedback-jdbc is not on the class path"));
  }

  @Test
  void withoutTheModuleAutoStaysInMemory() {
    runner
        .withClassLoader(new FilteredClassLoader(JdbcFeedbackStore.class))
        .withBean(DataSource.class, () -> sqlite(dir.resolve("unused.db")))
        .run(context -> assertThat(context).hasSingleBean(InMemoryFeedbackStore.class));
  }

  @Test
  void aMongoClientStillWinsUnderAuto() {
    SQLiteDataSource dataSource = sqlite(dir.resolve("second.db"));
    runner
        .withBean(MongoClient.class, mongo::client, d -> d.setDestroyMethodName(""))
        .withBean(DataSource.class, () -> dataSource)
        .withPropertyValues("agent-feedback.store.mongodb.database=" + mongo.newDatabaseName())
        .run(
            context -> {
              assertThat(context).hasSingleBean(MongoFeedbackStore.class);
              assertThat(context).doesNotHaveBean(JdbcFeedbackStore.class);
            });
    assertThat(tables(dataSource)).isEmpty();
  }

  @Test
  void theApplicationsStoreOrMemoryByChoiceWin() {
    SQLiteDataSource dataSource = sqlite(dir.resolve("own.db"));
    InMemoryFeedbackStore own = new InMemoryFeedbackStore();
    runner
        .withBean(DataSource.class, () -> dataSource)
        .withBean(FeedbackStore.class, () -> own)
        .run(
            context -> {
              assertThat(context).getBean(FeedbackStore.class).isSameAs(own);
              assertThat(context).doesNotHaveBean(JdbcFeedbackStore.class);
            });
    runner
        .withBean(DataSource.class, () -> dataSource)
        .withPropertyValues("agent-feedback.store.type=memory")
        .run(context -> assertThat(context).hasSingleBean(InMemoryFeedbackStore.class));
    assertThat(tables(dataSource)).isEmpty();
  }

  @Test
  void theDefaultsAreTheStoresDefaults() {
    FeedbackProperties.Jdbc jdbc = new FeedbackProperties().getStore().getJdbc();
    assertThat(jdbc.getSessionsTable()).isEqualTo(JdbcFeedbackStore.DEFAULT_SESSIONS_TABLE);
    assertThat(jdbc.getFeedbackTable()).isEqualTo(JdbcFeedbackStore.DEFAULT_FEEDBACK_TABLE);
    assertThat(jdbc.getStatementTimeout())
        .isEqualTo(Duration.ofSeconds(JdbcFeedbackStore.DEFAULT_STATEMENT_TIMEOUT_SECONDS));
    assertThat(jdbc.isInitializeSchema()).isTrue();
    assertThat(jdbc.getMaxFeedbacksPerSession()).isZero();
    assertThat(jdbc.getFetchSize()).isEqualTo(JdbcFeedbackStore.DEFAULT_FETCH_SIZE);
    assertThat(jdbc.getBatchSize()).isEqualTo(JdbcFeedbackStore.DEFAULT_BATCH_SIZE);
  }

  @Test
  void configurationMetadataDescribesTheJdbcProperties() throws IOException {
    String metadata = ConfigurationMetadata.text();
    for (String property :
        List.of(
            "sessions-table",
            "feedback-table",
            "statement-timeout",
            "initialize-schema",
            "max-feedbacks-per-session",
            "fetch-size",
            "batch-size")) {
      assertThat(metadata).contains("\"name\": \"agent-feedback.store.jdbc." + property + "\"");
    }
    assertThat(metadata).contains("false when Flyway or Liquibase run the store's schema script");
  }

  /** An embedded PostgreSQL server, without fsync. */
  private static EmbeddedPostgres postgres() throws IOException {
    return EmbeddedPostgres.builder()
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .start();
  }

  /** The {@code spring.datasource.*} properties of a server. */
  private static String[] on(EmbeddedPostgres server) {
    return new String[] {
      "spring.datasource.url=" + server.getJdbcUrl("postgres", "postgres"),
      "spring.datasource.username=postgres"
    };
  }

  /** Checks the context has the JDBC store and stores one feedback through it. */
  private static void storesOneFeedback(AssertableApplicationContext context) {
    assertThat(context).hasSingleBean(JdbcFeedbackStore.class);
    context.getBean(FeedbackManager.class).addFeedback("s1", Feedback.up("ok"));
  }

  /** A down vote made {@code second} seconds into 2026. */
  private static Feedback down(String comment, int second) {
    return Feedback.builder()
        .rating(Rating.DOWN)
        .comment(comment)
        .createdAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second))
        .build();
  }

  private static long count(DataSource dataSource, String table) {
    return Long.parseLong(query(dataSource, "SELECT count(*) FROM " + table).get(0));
  }
}
