package io.github.agentfeedback.benchmarks.jdbc;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.benchmarks.Paired;
import io.github.agentfeedback.capture.BatchResult;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.jdbc.JdbcFeedbackStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What writes through {@link JdbcFeedbackStore} cost on PostgreSQL (the embedded server of
 * {@link EmbeddedPostgresServer}), each against a baseline in the same run:
 *
 * <ul>
 *   <li>{@link #storeAddFeedback}, one {@code addFeedback} through a manager without hooks,
 *       against {@link #handWrittenInsert}, the same row written by a hand-written JDBC
 *       statement (the session upsert and the feedback insert in one statement, as the
 *       store writes it, binding only the columns the row fills) on a connection of the same
 *       pool;
 *   <li>{@link #handWrittenTimedInsert}, the hand-written insert under the store's statement
 *       timeout, against {@link #handWrittenInsert}: what the timeout alone costs;
 *   <li>and against {@link #handWrittenCountedInsert}, the same row written by a hand-written
 *       statement that does what the store must do besides: keep the session's counts by
 *       rating (the feedback insert feeds the session upsert, which returns the counts) under
 *       the store's statement timeout ({@code setQueryTimeout}, which the PostgreSQL driver
 *       enforces with a timer task per execution);
 *   <li>{@link #batchOf500}, one {@code addFeedbacks} of 500, against {@link #singles500},
 *       500 {@code addFeedback} calls of the same kind of feedback.
 * </ul>
 *
 * <p>Each pair is measured twice: apart, one method each (JMH runs each in its own trial,
 * with a server of its own), and {@link Paired paired}, both in every invocation of one
 * method ({@link #pairedStoreAndInsert}, {@link #pairedTimedAndInsert},
 * {@link #pairedStoreAndCountedInsert}, {@link #pairedBatchAndSingles}), whose log line gives
 * the ratio of the medians. On a
 * machine where the server shares two cores with the client, the trials apart see speeds
 * that differ by more than the ratios asked for; the paired ratio does not depend on them.
 *
 * <p>Feedback rotates over 1,000 sessions; every call stores a new feedback with a fresh
 * UUID id and the current time. Both tables grow during the trial, the same way for each
 * pair.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar JdbcAppend -f 1 -wi 2 -i 3
 * java -jar benchmarks/target/benchmarks.jar JdbcAppendBenchmark.paired -f 1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.log.io.zonky=warn"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdbcAppendBenchmark {

  private static final int SESSIONS = 1_000;
  private static final int BATCH = 500;
  private static final String COMMENT = "Clear instructions";

  private final AtomicLong counter = new AtomicLong();
  private EmbeddedPostgresServer server;
  private FeedbackManager manager;
  private DataSource dataSource;
  private String rawInsert;
  private String timedInsert;
  private String countedInsert;

  /** Starts the server, the store (tables {@code store_*}) and the hand-written tables. */
  @Setup(Level.Trial)
  public void start() {
    server = EmbeddedPostgresServer.start();
    dataSource = server.dataSource();
    JdbcFeedbackStore store = server.store("store", Duration.ofSeconds(30));
    manager = FeedbackManager.builder().store(store).build();
    server.store("raw", Duration.ofSeconds(30)); // the same schema, for the hand-written SQL
    rawInsert =
        "WITH s AS (INSERT INTO raw_sessions (id, created_at, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING)"
            + " INSERT INTO raw_feedback"
            + " (session_id, id, rating, comment, comment_length, created_at, source)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, id) DO NOTHING";
    server.store("timed", Duration.ofSeconds(30));
    timedInsert = rawInsert.replace("raw_", "timed_");
    server.store("counted", Duration.ofSeconds(30));
    countedInsert =
        "WITH f AS (INSERT INTO counted_feedback"
            + " (session_id, id, rating, comment, comment_length, created_at, source)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, id) DO NOTHING"
            + " RETURNING rating)"
            + " INSERT INTO counted_sessions AS s"
            + " (id, created_at, updated_at, count_up, count_down, count_neutral, count_total)"
            + " SELECT ?, ?, ?, count(*) FILTER (WHERE rating = 'up'),"
            + " count(*) FILTER (WHERE rating = 'down'),"
            + " count(*) FILTER (WHERE rating = 'neutral'), count(*) FROM f"
            + " ON CONFLICT (id) DO UPDATE SET count_up = s.count_up + EXCLUDED.count_up,"
            + " count_down = s.count_down + EXCLUDED.count_down,"
            + " count_neutral = s.count_neutral + EXCLUDED.count_neutral,"
            + " count_total = s.count_total + EXCLUDED.count_total"
            + " RETURNING (SELECT count(*) FROM f), s.count_up, s.count_down, s.count_neutral,"
            + " s.count_total";
  }

  /** Stops the manager and the server. */
  @TearDown(Level.Trial)
  public void stop() throws IOException {
    manager.close();
    server.close();
  }

  private String nextSession() {
    return "session-" + (counter.incrementAndGet() % SESSIONS);
  }

  /**
   * One {@code addFeedback} through the manager (no hooks) and the JDBC store.
   *
   * @return the result
   */
  @Benchmark
  public FeedbackResult storeAddFeedback() {
    return manager.addFeedback(nextSession(), Feedback.up(COMMENT));
  }

  /**
   * The same row, written by a hand-written statement.
   *
   * @return the number of rows inserted
   * @throws SQLException if the database fails
   */
  @Benchmark
  public int handWrittenInsert() throws SQLException {
    return insert(rawInsert, 0);
  }

  /**
   * The same row, written by the hand-written statement of {@link #handWrittenInsert} to
   * tables of its own, under the store's statement timeout ({@code setQueryTimeout}, which the
   * PostgreSQL driver enforces with a timer task per execution).
   *
   * @return the number of rows inserted
   * @throws SQLException if the database fails
   */
  @Benchmark
  public int handWrittenTimedInsert() throws SQLException {
    return insert(timedInsert, 30);
  }

  private int insert(String sql, int timeoutSeconds) throws SQLException {
    String session = nextSession();
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setString(1, session);
      ps.setTimestamp(2, now);
      ps.setTimestamp(3, now);
      ps.setString(4, session);
      ps.setString(5, UUID.randomUUID().toString());
      ps.setString(6, "up");
      ps.setString(7, COMMENT);
      ps.setInt(8, COMMENT.length());
      ps.setTimestamp(9, now);
      ps.setString(10, "end_user");
      return ps.executeUpdate();
    }
  }

  /**
   * The same row, written by a hand-written statement that keeps the session's counts, under
   * the store's statement timeout.
   *
   * @return the session's count of feedback
   * @throws SQLException if the database fails
   */
  @Benchmark
  public long handWrittenCountedInsert() throws SQLException {
    String session = nextSession();
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(countedInsert)) {
      ps.setQueryTimeout(30);
      ps.setString(1, session);
      ps.setString(2, UUID.randomUUID().toString());
      ps.setString(3, "up");
      ps.setString(4, COMMENT);
      ps.setInt(5, COMMENT.length());
      ps.setTimestamp(6, now);
      ps.setString(7, "end_user");
      ps.setString(8, session);
      ps.setTimestamp(9, now);
      ps.setTimestamp(10, now);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(5);
      }
    }
  }

  /**
   * One {@code addFeedbacks} of 500 new feedbacks.
   *
   * @return the result
   */
  @Benchmark
  public BatchResult batchOf500() {
    List<SessionFeedback> items = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      items.add(new SessionFeedback(nextSession(), Feedback.up(COMMENT)));
    }
    return manager.addFeedbacks(items);
  }

  /**
   * 500 {@code addFeedback} calls of new feedbacks.
   *
   * @return the last result
   */
  @Benchmark
  public FeedbackResult singles500() {
    FeedbackResult last = null;
    for (int i = 0; i < BATCH; i++) {
      last = manager.addFeedback(nextSession(), Feedback.up(COMMENT));
    }
    return last;
  }

  /**
   * {@link #storeAddFeedback} and {@link #handWrittenInsert}, paired.
   *
   * @param paired times both
   * @param blackhole consumes the results
   * @throws Exception if a write fails
   */
  @Benchmark
  public void pairedStoreAndInsert(Paired paired, Blackhole blackhole) throws Exception {
    paired.run(
        blackhole,
        "storeAddFeedback",
        this::storeAddFeedback,
        "handWrittenInsert",
        this::handWrittenInsert);
  }

  /**
   * {@link #handWrittenTimedInsert} and {@link #handWrittenInsert}, paired.
   *
   * @param paired times both
   * @param blackhole consumes the results
   * @throws Exception if a write fails
   */
  @Benchmark
  public void pairedTimedAndInsert(Paired paired, Blackhole blackhole) throws Exception {
    paired.run(
        blackhole,
        "handWrittenTimedInsert",
        this::handWrittenTimedInsert,
        "handWrittenInsert",
        this::handWrittenInsert);
  }

  /**
   * {@link #storeAddFeedback} and {@link #handWrittenCountedInsert}, paired.
   *
   * @param paired times both
   * @param blackhole consumes the results
   * @throws Exception if a write fails
   */
  @Benchmark
  public void pairedStoreAndCountedInsert(Paired paired, Blackhole blackhole) throws Exception {
    paired.run(
        blackhole,
        "storeAddFeedback",
        this::storeAddFeedback,
        "handWrittenCountedInsert",
        this::handWrittenCountedInsert);
  }

  /**
   * {@link #batchOf500} and {@link #singles500}, paired.
   *
   * @param paired times both
   * @param blackhole consumes the results
   * @throws Exception if a write fails
   */
  @Benchmark
  public void pairedBatchAndSingles(Paired paired, Blackhole blackhole) throws Exception {
    paired.run(blackhole, "batchOf500", this::batchOf500, "singles500", this::singles500);
  }
}
