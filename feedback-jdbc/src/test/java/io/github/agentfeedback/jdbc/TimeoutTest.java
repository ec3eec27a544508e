package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AppendResult;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Every call is bounded: with the tables locked by another transaction, each operation of
 * the store fails with a retry-safe {@link FeedbackStoreException} that names it, instead
 * of waiting for the lock; once the lock is gone the same store works.
 */
@ExtendWith(PostgresTestServer.class)
class TimeoutTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.250Z");

  /** A bound that no call should reach: the timeouts are one second. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  private static final Feedback F =
      Feedback.up("fine").toBuilder().id("f1").userId("u1").createdAt(T0).build();

  @Test
  void everyCallOnPostgresqlEndsAtTheStatementTimeout() throws Exception {
    JdbcFeedbackStore store =
        Engine.POSTGRESQL.store(b -> b.statementTimeout(Duration.ofSeconds(1)));
    store.append("s1", F, UnknownSessionPolicy.CREATE);
    String s = store.toString();
    String[] tables = s.substring(s.indexOf('[') + 1, s.length() - 1).split(", ");
    try (Connection locker = PostgresTestServer.dataSource().getConnection()) {
      locker.setAutoCommit(false);
      try (Statement st = locker.createStatement()) {
        st.execute("LOCK TABLE " + tables[0] + ", " + tables[1] + " IN ACCESS EXCLUSIVE MODE");
      }
      assertEachEndsRetrySafe(calls(store), "statement timeout of 1 s");
      List<AppendResult> batch =
          store.appendAll(
              List.of(new SessionFeedback("s2", F), new SessionFeedback("s3", F)),
              UnknownSessionPolicy.CREATE);
      assertThat(batch)
          .allSatisfy(
              r -> {
                assertThat(r.failure()).isInstanceOf(FeedbackStoreException.class);
                assertThat(((FeedbackStoreException) r.failure()).retrySafe()).isTrue();
              });
      locker.rollback();
    }
    assertThat(store.list("s1")).containsExactly(F);
    assertThat(store.append("s2", F, UnknownSessionPolicy.CREATE).created()).isTrue();
  }

  @Test
  void sqliteWritesEndAtTheStatementTimeoutWhileAnotherWriterHoldsTheLock() throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(60_000); // sqlite-jdbc waits the statement timeout instead
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + Engine.freshFile());
    JdbcFeedbackStore store =
        Engine.SQLITE.builder(ds).statementTimeout(Duration.ofSeconds(1)).build();
    store.createSchema();
    store.append("s1", F, UnknownSessionPolicy.CREATE);
    try (Connection locker = ds.getConnection();
        Statement st = locker.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      Map<String, ThrowingCallable> writes = new LinkedHashMap<>(calls(store));
      writes.keySet().removeAll(List.of("list", "stream", "metadata", "analyze"));
      assertEachEndsRetrySafe(writes, "locked by another writer", "statement timeout of 1 s");
      // Readers are not blocked in WAL mode.
      assertThat(store.list("s1")).containsExactly(F);
      st.execute("ROLLBACK");
    }
    assertThat(store.append("s2", F, UnknownSessionPolicy.CREATE).created()).isTrue();
  }

  /**
   * Each call fails, within {@link #BOUND}, with a retry-safe exception that names its
   * operation and says what the texts say. The calls wait for the same lock, so they run at
   * once, each on its own thread and connection: the test waits one timeout, not one per call,
   * and all of them must end within {@link #BOUND} of their start.
   */
  private static void assertEachEndsRetrySafe(Map<String, ThrowingCallable> calls, String... texts)
      throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(calls.size());
    long deadline = System.nanoTime() + BOUND.toNanos();
    try {
      Map<String, Future<?>> ends = new LinkedHashMap<>();
      calls.forEach(
          (name, call) ->
              ends.put(
                  name,
                  threads.submit(
                      () ->
                          assertThatThrownBy(call)
                              .as(name)
                              .isInstanceOfSatisfying(
                                  FeedbackStoreException.class,
                                  e -> {
                                    assertThat(e.retrySafe()).as(name).isTrue();
                                    assertThat(e.operation()).isEqualTo(name);
                                    for (String text : texts) {
                                      assertThat(e).hasMessageContaining(text);
                                    }
                                  }))));
      for (Map.Entry<String, Future<?>> end : ends.entrySet()) {
        try {
          end.getValue().get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          throw new AssertionError(end.getKey() + " failed the check", e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError(end.getKey() + " did not end within " + BOUND, e);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** Every operation of the store, by the name its exceptions carry. */
  private static Map<String, ThrowingCallable> calls(JdbcFeedbackStore store) {
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    Feedback other = F.toBuilder().id("f2").build();
    calls.put("append", () -> store.append("s1", other, UnknownSessionPolicy.CREATE));
    calls.put("replace", () -> store.replace("s1", F.toBuilder().comment("changed").build()));
    calls.put(
        "replaceVote", () -> store.replaceVote("s1", F.toBuilder().rating(Rating.DOWN).build()));
    calls.put(
        "review", () -> store.review("s1", "f1", new Review(ReviewStatus.APPROVED, "qa", T0)));
    calls.put("delete", () -> store.delete("s1", "f1"));
    calls.put("eraseUser", () -> store.eraseUser("u1"));
    calls.put("updateMetadata", () -> store.updateMetadata("s1", Map.of("k", "v")));
    calls.put("deleteMetadata", () -> store.deleteMetadata("s1", List.of("k")));
    calls.put("list", () -> store.list("s1"));
    calls.put("metadata", () -> store.metadata("s1"));
    calls.put(
        "stream",
        () -> {
          try (Stream<SessionFeedback> s = store.stream(FeedbackQuery.all())) {
            s.count();
          }
        });
    calls.put(
        "analyze", () -> store.analyze(AnalyticsRequest.builder(FeedbackQuery.all()).build()));
    return calls;
  }
}
