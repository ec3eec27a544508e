package io.github.agentfeedback.benchmarks.jdbc;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.jdbc.JdbcFeedbackStore;
import io.github.agentfeedback.spi.AppendResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One append to a session that already holds {@link #feedbacks} feedbacks, on PostgreSQL
 * (the embedded server of {@link EmbeddedPostgresServer}): with one row per feedback, an
 * append writes one row and checks one unique-index entry whatever the session holds, so
 * N = 10,000 should cost about what N = 100 costs. The session is filled in the set-up;
 * each call appends a new feedback to it (so it grows by the calls of the trial).
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar JdbcLargeSession -f 1 -wi 2 -i 3
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
public class JdbcLargeSessionBenchmark {

  /** How many feedbacks the session holds before the first measured append. */
  @Param({"100", "10000"})
  public int feedbacks;

  private EmbeddedPostgresServer server;
  private JdbcFeedbackStore store;
  private long next;

  /** Starts the server and fills the session. */
  @Setup(Level.Trial)
  public void start() {
    server = EmbeddedPostgresServer.start();
    store = server.store("large", Duration.ofSeconds(60));
    List<SessionFeedback> items = new ArrayList<>(feedbacks);
    for (int i = 0; i < feedbacks; i++) {
      items.add(new SessionFeedback("big", feedback("filler-" + i)));
    }
    check(store.appendAll(items, UnknownSessionPolicy.CREATE));
    // A neighbour of the same size, so that the table is not the session alone.
    items.replaceAll(sf -> new SessionFeedback("other", sf.feedback()));
    check(store.appendAll(items, UnknownSessionPolicy.CREATE));
  }

  private static void check(List<AppendResult> results) {
    for (AppendResult r : results) {
      if (r.failure() != null) {
        throw new IllegalStateException("filling the session failed", r.failure());
      }
    }
  }

  /** Stops the server. */
  @TearDown(Level.Trial)
  public void stop() throws IOException {
    server.close();
  }

  /**
   * One append of a new feedback to the large session.
   *
   * @return the result
   */
  @Benchmark
  public FeedbackResult append() {
    next++;
    return store.append("big", feedback("new-" + next), UnknownSessionPolicy.CREATE);
  }

  /** A feedback with an id, as the manager would hand it to the store. */
  private static Feedback feedback(String id) {
    return Feedback.up("Clear instructions").toBuilder().id(id).build();
  }
}
