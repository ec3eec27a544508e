package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.spi.AppendResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the store kit does not cover, on both engines: hostile ids, table names, the schema
 * script run again, the data sources a caller may hand over, dialect detection, and the
 * translation of a constraint the store did not create.
 */
@ExtendWith(PostgresTestServer.class)
class JdbcFeedbackStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.250Z");

  private static Feedback up(String id, String user) {
    return Feedback.up("fine").toBuilder().id(id).userId(user).createdAt(T0).build();
  }

  /** {@code n} CJK ideographs in a pseudo-random order. */
  private static String cjk(int n, long seed) {
    java.util.Random random = new java.util.Random(seed);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) (0x4E00 + random.nextInt(20_000)));
    }
    return sb.toString();
  }

  /** The store's two table names, as its toString names them. */
  static String[] tables(JdbcFeedbackStore store) {
    String s = store.toString();
    return s.substring(s.indexOf('[') + 1, s.length() - 1).split(", ");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void hostileIdsKeysAndValuesAreStoredLiterally(Engine engine) {
    JdbcFeedbackStore store = engine.store();
    String feedbackTable = tables(store)[1];
    String session = "'); DROP TABLE " + feedbackTable + ";--";
    String id = "x' OR '1'='1";
    String user = "u\"; DELETE FROM " + feedbackTable + "; --";
    String key = "k'); DROP TABLE x;--\"$a[0]";
    Feedback f =
        up(id, user).toBuilder()
            .comment("'; DROP TABLE " + feedbackTable + "; --")
            .tags(List.of("t' OR 1=1 --"))
            .attribute("a'b", "c\"d")
            .build();
    assertThat(store.append(session, f, UnknownSessionPolicy.CREATE).created()).isTrue();
    store.append("bystander", up("b", "someone"), UnknownSessionPolicy.CREATE);
    store.updateMetadata(session, Map.of(key, "v'; --", "plain", 1));

    assertThat(store.list(session)).containsExactly(f);
    assertThat(store.metadata(session)).isEqualTo(Map.of(key, "v'; --", "plain", 1));
    assertThat(stream(store, FeedbackQuery.builder().metadata(key, "v'; --").build()))
        .containsExactly(new SessionFeedback(session, f));
    assertThat(stream(store, FeedbackQuery.builder().userId(user).tag("t' OR 1=1 --").build()))
        .containsExactly(new SessionFeedback(session, f));
    assertThat(stream(store, FeedbackQuery.session(session))).hasSize(1);
    store.deleteMetadata(session, List.of(key));
    assertThat(store.metadata(session)).isEqualTo(Map.of("plain", 1));
    assertThat(store.eraseUser(user)).isEqualTo(1);
    assertThat(store.delete(session, id)).isFalse();
    // The tables are still there, and so is everyone else's feedback.
    assertThat(store.list("bystander")).extracting(Feedback::id).containsExactly("b");
  }

  @Test
  void tableNamesMustBeLowerCaseIdentifiers() {
    JdbcFeedbackStore.Builder b = JdbcFeedbackStore.builder();
    for (String bad :
        List.of(
            "",
            "Feedback",
            "1feedback",
            "feedback;drop table x",
            "feedback\"",
            "public.feedback",
            "f".repeat(49))) {
      assertThatThrownBy(() -> b.feedbackTable(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("feedbackTable")
          .hasMessageContaining("at most 48");
      assertThatThrownBy(() -> b.sessionsTable(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sessionsTable");
    }
    assertThat(b.feedbackTable("_f" + "1".repeat(46))).isSameAs(b);
    DataSource ds = Engine.sqlite(Engine.freshFile());
    assertThatThrownBy(
            () ->
                JdbcFeedbackStore.builder()
                    .dataSource(ds)
                    .sessionsTable("same")
                    .feedbackTable("same")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
    assertThatThrownBy(() -> JdbcFeedbackStore.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataSource");
  }

  /**
   * A batch is written the way single appends are (on PostgreSQL one text array per column,
   * cast by the server): every kind of value reads back equal, the first and last instants
   * the model allows included.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void aBatchStoresEveryValueAsSingleAppendsDo(Engine engine) {
    JdbcFeedbackStore store = engine.store();
    List<Feedback> odd =
        List.of(
            Feedback.scored(-0.0, new Scale("signed", -1, 1)).toBuilder()
                .id("a")
                .createdAt(Instant.parse("2026-03-01T10:15:30.123456789Z"))
                .updatedAt(Instant.parse("2026-03-01T10:15:30.123456500Z"))
                .build(),
            Feedback.down("nul \u0000 and \u0001 kept, 'quoted' {\"x\"}").toBuilder()
                .id("b")
                .createdAt(Instant.parse("0001-01-01T00:00:00.000000500Z"))
                .userId("u1")
                .messageId("m1")
                .tags(List.of("t,1", "{t2}", "t\"3"))
                .dimension(Dimension.ACCURACY, 1)
                .dimension(Dimension.SAFETY, 5)
                .attribute("big", 1e300)
                .attribute("long", Long.MAX_VALUE)
                .model(ModelRef.of("gpt-4o", "2024-08-06"))
                .build(),
            Feedback.up("").toBuilder()
                .id("c")
                .createdAt(Instant.parse("9999-12-31T23:59:59.999000499Z"))
                .score(Score.of(4.000000000000001, Scale.STARS_5))
                .review(new Review(ReviewStatus.APPROVED, "lead", Instant.EPOCH))
                .build());
    List<SessionFeedback> batch = odd.stream().map(f -> new SessionFeedback("batch", f)).toList();
    assertThat(store.appendAll(batch, UnknownSessionPolicy.CREATE))
        .extracting(AppendResult::failure)
        .containsOnlyNulls();
    odd.forEach(f -> store.append("single", f, UnknownSessionPolicy.CREATE));
    assertThat(store.list("batch")).isEqualTo(store.list("single")).hasSize(3);
    assertThat(store.list("batch")).isEqualTo(odd);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void createSchemaIsIdempotentAndKeepsTheData(Engine engine) {
    JdbcFeedbackStore store = engine.store();
    store.append("s1", up("a", "u1"), UnknownSessionPolicy.CREATE);
    store.updateMetadata("s1", Map.of("plan", "pro"));
    store.createSchema();
    store.createSchema();
    assertThat(store.list("s1")).containsExactly(up("a", "u1"));
    assertThat(store.metadata("s1")).isEqualTo(Map.of("plan", "pro"));
    assertThat(store.dialect()).isEqualTo(Dialect.valueOf(engine.name()));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void theDriversOwnDataSourceWorksAndCloseLeavesAPoolOpen(Engine engine) throws Exception {
    DataSource plain;
    if (engine == Engine.SQLITE) {
      plain = Engine.sqlite(Engine.freshFile());
    } else {
      HikariDataSource pool = (HikariDataSource) PostgresTestServer.dataSource();
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setUrl(pool.getJdbcUrl());
      pg.setUser(pool.getUsername());
      if (pool.getPassword() != null) {
        pg.setPassword(pool.getPassword());
      }
      plain = pg;
    }
    JdbcFeedbackStore store =
        JdbcFeedbackStore.builder()
            .dataSource(plain)
            .dialect(Dialect.valueOf(engine.name()))
            .sessionsTable("plain_sessions")
            .feedbackTable("plain_feedback")
            .build();
    store.createSchema();
    try {
      store.append("s1", up("a", "u1"), UnknownSessionPolicy.CREATE);
      assertThat(store.list("s1")).extracting(Feedback::id).containsExactly("a");
    } finally {
      try (Connection c = plain.getConnection();
          Statement st = c.createStatement()) {
        st.execute("DROP TABLE plain_feedback");
        st.execute("DROP TABLE plain_sessions");
      }
    }

    DataSource pool = engine.dataSource();
    JdbcFeedbackStore onPool = engine.builder(pool).build();
    onPool.createSchema();
    onPool.append("s1", up("a", "u1"), UnknownSessionPolicy.CREATE);
    onPool.close();
    assertThat(((HikariDataSource) pool).isClosed()).isFalse();
    try (Connection c = pool.getConnection()) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  /**
   * A pool that hands out connections with auto-commit off (HikariCP's {@code autoCommit},
   * as applications using JPA set it) loses no write: the pool rolls back what a borrower
   * left uncommitted, so every write must commit before the connection goes back.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void everyWriteCommitsOnAPoolWhoseConnectionsHaveAutoCommitOff(Engine engine) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(
        engine == Engine.POSTGRESQL
            ? PostgresTestServer.dataSource()
            : Engine.sqlite(Engine.freshFile()));
    config.setAutoCommit(false);
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      JdbcFeedbackStore store = engine.builder(pool).build();
      store.createSchema();
      store.append("s1", up("a", "u1"), UnknownSessionPolicy.CREATE);
      store.appendAll(
          List.of(new SessionFeedback("s1", up("b", "u1"))), UnknownSessionPolicy.CREATE);
      Review review = new Review(ReviewStatus.APPROVED, "lead", T0);
      assertThat(store.review("s1", "a", review)).isTrue();
      store.replace("s1", up("b", "u2"));
      store.updateMetadata("s1", Map.of("plan", "pro", "tier", 1));
      store.deleteMetadata("s1", List.of("tier"));

      assertThat(store.list("s1"))
          .containsExactly(up("a", "u1").toBuilder().review(review).build(), up("b", "u2"));
      assertThat(store.metadata("s1")).isEqualTo(Map.of("plan", "pro"));
      assertThat(store.delete("s1", "a")).isTrue();
      assertThat(store.eraseUser("u2")).isEqualTo(1);
      assertThat(store.list("s1")).isEmpty();
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }
  }

  /**
   * A batch that gets no connection from the pool sends nothing: its items fail retry-safe
   * and not stored ({@code maybeStored} false), capped or not, and a single call says that
   * nothing was sent; the pool works afterwards.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void aBatchThatGetsNoConnectionFailsItsItemsAsNotStored(Engine engine) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setDataSource(
        engine == Engine.POSTGRESQL
            ? PostgresTestServer.dataSource()
            : Engine.sqlite(Engine.freshFile()));
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250); // HikariCP's shortest
    try (HikariDataSource pool = new HikariDataSource(config)) {
      for (JdbcFeedbackStore store :
          List.of(
              engine.builder(pool).build(),
              engine.builder(pool).maxFeedbacksPerSession(5).build())) {
        store.createSchema();
        List<SessionFeedback> items =
            List.of(
                new SessionFeedback("s1", up("a", "u1")), new SessionFeedback("s2", up("b", "u1")));
        try (Connection held = pool.getConnection()) {
          assertThat(store.appendAll(items, UnknownSessionPolicy.CREATE))
              .hasSize(2)
              .allSatisfy(
                  r -> {
                    assertThat(r.failure())
                        .isInstanceOfSatisfying(
                            FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isTrue());
                    assertThat(r.maybeStored()).isFalse();
                  });
          assertThatThrownBy(() -> store.append("s1", up("c", "u1"), UnknownSessionPolicy.CREATE))
              .isInstanceOfSatisfying(
                  FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isTrue())
              .hasMessageContaining("nothing was sent");
          assertThatThrownBy(() -> store.stream(FeedbackQuery.all()))
              .isInstanceOfSatisfying(
                  FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isTrue())
              .hasMessageContaining("nothing was sent");
        }
        assertThat(store.appendAll(items, UnknownSessionPolicy.CREATE))
            .extracting(AppendResult::failure)
            .containsOnlyNulls();
      }
    }
  }

  /**
   * A limit of PostgreSQL that docs/jdbc.md states: the session id, and the session id with
   * the feedback id, are keys of B-tree indexes, whose entries hold at most 2,704 bytes. Ids
   * within the model's limits in text of 3 UTF-8 bytes a char (CJK) can exceed it; such an
   * append fails, not retry-safe, and writes nothing. SQLite stores them.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void idsAtTheirLimitsInMultiByteText(Engine engine) {
    DataSource ds = engine.dataSource();
    JdbcFeedbackStore store = engine.builder(ds).build();
    store.createSchema();
    // Chars of 3 UTF-8 bytes each, varied so that no compression shortens them.
    String session = cjk(FeedbackLimits.MAX_SESSION_ID_LENGTH, 1);
    Feedback f = up(cjk(FeedbackLimits.MAX_ID_LENGTH, 2), "u1");
    if (engine == Engine.SQLITE) {
      assertThat(store.append(session, f, UnknownSessionPolicy.CREATE).created()).isTrue();
      assertThat(store.list(session)).containsExactly(f);
      return;
    }
    assertThatThrownBy(() -> store.append(session, f, UnknownSessionPolicy.CREATE))
        .isInstanceOfSatisfying(
            FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isFalse())
        .hasMessageContaining("exceeds btree")
        .hasMessageContaining(session.substring(0, 64) + "…'");
    assertThat(store.stream(FeedbackQuery.all())).isEmpty();
    // 2,000 bytes of session id and 768 of feedback id are over as a pair, under alone.
    String shorter = cjk(666, 1);
    assertThatThrownBy(() -> store.append(shorter, f, UnknownSessionPolicy.CREATE))
        .isInstanceOf(FeedbackStoreException.class);
    Feedback g = up(cjk(FeedbackLimits.MAX_ID_LENGTH / 2, 2), "u1");
    assertThat(store.append(shorter, g, UnknownSessionPolicy.CREATE).created()).isTrue();
    assertThat(store.list(shorter)).containsExactly(g);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aUniqueConstraintTheStoreDidNotCreateFailsOneItemNotRetrySafe(Engine engine)
      throws SQLException {
    DataSource ds = engine.dataSource();
    JdbcFeedbackStore store = engine.builder(ds).build();
    store.createSchema();
    String feedbackTable = tables(store)[1];
    store.append("s1", up("a", "u1"), UnknownSessionPolicy.CREATE);
    execute(
        ds,
        "CREATE UNIQUE INDEX " + feedbackTable + "_user_idx ON " + feedbackTable + " (user_id)");
    assertThatThrownBy(() -> store.append("s1", up("b", "u1"), UnknownSessionPolicy.CREATE))
        .isInstanceOfSatisfying(
            FeedbackStoreException.class,
            e -> {
              assertThat(e.retrySafe()).isFalse();
              assertThat(e.operation()).isEqualTo("append");
              assertThat(e.sessionId()).contains("s1");
              assertThat(e.feedbackId()).contains("b");
              assertThat(e).hasMessageContaining("unique constraint");
            });
    List<AppendResult> results =
        store.appendAll(
            List.of(
                new SessionFeedback("s1", up("c", "u2")),
                new SessionFeedback("s1", up("d", "u1")),
                new SessionFeedback("s2", up("e", "u3"))),
            UnknownSessionPolicy.CREATE);
    assertThat(results.get(0).result().outcome()).isEqualTo(FeedbackResult.Outcome.CREATED);
    assertThat(results.get(1).failure()).isInstanceOf(FeedbackStoreException.class);
    assertThat(results.get(1).maybeStored()).isFalse();
    assertThat(results.get(2).result().outcome()).isEqualTo(FeedbackResult.Outcome.CREATED);
    assertThat(store.list("s1")).extracting(Feedback::id).containsExactly("a", "c");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aStoredRowThatBreaksTheModelsRulesFailsTheReadsNotRetrySafe(Engine engine)
      throws SQLException {
    DataSource ds = engine.dataSource();
    JdbcFeedbackStore store = engine.builder(ds).build();
    store.createSchema();
    store.append("s1", up("a", "u1"), UnknownSessionPolicy.CREATE);
    // as another program might: a user id past the model's 256 chars
    execute(ds, "UPDATE " + tables(store)[1] + " SET user_id = '" + "u".repeat(300) + "'");
    List<ThrowingCallable> reads =
        List.of(() -> store.list("s1"), () -> stream(store, FeedbackQuery.all()));
    for (ThrowingCallable read : reads) {
      assertThatThrownBy(read)
          .isInstanceOfSatisfying(
              FeedbackStoreException.class,
              e -> {
                assertThat(e.retrySafe()).isFalse();
                assertThat(e).hasMessageContaining("session 's1' breaks the model's rules");
                assertThat(e).hasMessageContaining("userId");
              });
    }
  }

  /** Runs a statement of another program on the store's database. */
  private static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static List<SessionFeedback> stream(JdbcFeedbackStore store, FeedbackQuery query) {
    try (Stream<SessionFeedback> s = store.stream(query)) {
      return s.toList();
    }
  }
}
