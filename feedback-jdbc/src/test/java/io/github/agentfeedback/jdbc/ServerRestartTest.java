package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL server of its own (embedded, whatever JDBC_URL says) stops while three
 * writers append and a stream is half read, and starts again on the same data: every
 * acknowledged write is there after the restart, every failed call failed with a retry-safe
 * {@link FeedbackStoreException} instead of hanging, the half-read stream fails the same
 * way, and the same store and pool work again once the server is back.
 */
class ServerRestartTest {

  private static final int WRITERS = 3;

  /** A bound no call should reach: the timeouts below are one to two seconds. */
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;

  /** One append and how it ended. */
  private record Call(String sessionId, String feedbackId, boolean created, Throwable failure) {}

  @Test
  void acknowledgedWritesSurviveAndFailuresAreRetrySafe() throws Exception {
    Path data = dir.resolve("pgdata");
    EmbeddedPostgres first = PostgresTestServer.embedded(data, 0);
    int port = first.getPort();
    EmbeddedPostgres second = null;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(first.getJdbcUrl("postgres", "postgres") + "&socketTimeout=5");
    config.setUsername("postgres");
    config.setMaximumPoolSize(WRITERS + 2);
    config.setConnectionTimeout(1_000);
    config.setInitializationFailTimeout(-1);
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    try (HikariDataSource pool = new HikariDataSource(config)) {
      JdbcFeedbackStore store =
          JdbcFeedbackStore.builder()
              .dataSource(pool)
              .statementTimeout(Duration.ofSeconds(2))
              .fetchSize(10)
              .build();
      store.createSchema();
      for (int i = 0; i < 100; i++) {
        store.append("reader", feedback("r-" + i), UnknownSessionPolicy.CREATE);
      }
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String session = "session-" + w;
        running.add(
            writers.submit(
                () -> {
                  for (int i = 0; writing.get(); i++) {
                    String id = session + "-" + i;
                    try {
                      boolean created =
                          store
                              .append(session, feedback(id), UnknownSessionPolicy.CREATE)
                              .created();
                      calls.add(new Call(session, id, created, null));
                    } catch (RuntimeException e) {
                      failures.incrementAndGet();
                      calls.add(new Call(session, id, false, e));
                    }
                  }
                }));
      }
      await(() -> calls.size() >= 60);
      Stream<SessionFeedback> stream = store.stream(FeedbackQuery.session("reader"));
      Iterator<SessionFeedback> rows = stream.iterator();
      assertThat(rows.next().feedback().id()).isEqualTo("r-0");

      first.close();
      await(() -> failures.get() >= WRITERS);
      assertTimeoutPreemptively(
          BOUND,
          () ->
              assertThatThrownBy(
                      () -> {
                        while (rows.hasNext()) {
                          rows.next();
                        }
                      })
                  .isInstanceOfSatisfying(
                      FeedbackStoreException.class, e -> assertThat(e.retrySafe()).isTrue()));
      stream.close();

      second = PostgresTestServer.embedded(data, port);
      int before = calls.size();
      await(() -> calls.size() >= before + 60 * WRITERS);
      writing.set(false);
      for (Future<?> f : running) {
        assertTimeoutPreemptively(BOUND, () -> f.get());
      }

      Set<String> stored = new HashSet<>();
      for (int w = 0; w < WRITERS; w++) {
        store.list("session-" + w).forEach(f -> stored.add(f.id()));
      }
      assertThat(failures.get()).isGreaterThanOrEqualTo(WRITERS);
      for (Call call : calls) {
        if (call.failure() == null) {
          assertThat(call.created()).as(call.feedbackId()).isTrue();
          assertThat(stored).as("acknowledged %s", call.feedbackId()).contains(call.feedbackId());
        } else {
          assertThat(call.failure()).isInstanceOf(FeedbackStoreException.class);
          assertThat(((FeedbackStoreException) call.failure()).retrySafe()).isTrue();
        }
      }
      // Each writer's last calls went through the same store and pool after the restart.
      List<Call> last = new ArrayList<>(calls).subList(calls.size() - 3 * WRITERS, calls.size());
      assertThat(last).allSatisfy(call -> assertThat(call.failure()).isNull());
      assertThat(store.list("reader")).hasSize(100);
    } finally {
      writing.set(false);
      writers.shutdownNow();
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  private static Feedback feedback(String id) {
    return Feedback.up("write " + id).toBuilder().id(id).createdAt(Instant.now()).build();
  }

  /** Waits, at most {@link #BOUND}, until a condition holds. */
  private static void await(java.util.function.BooleanSupplier condition) {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          while (!condition.getAsBoolean()) {
            Thread.sleep(5);
          }
        });
  }
}
