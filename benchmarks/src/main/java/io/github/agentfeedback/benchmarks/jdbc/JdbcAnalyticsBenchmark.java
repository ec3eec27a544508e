package io.github.agentfeedback.benchmarks.jdbc;

import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.ReportRequest;
import io.github.agentfeedback.jdbc.JdbcFeedbackStore;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.RandomFeedback;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A weekly report with a breakdown by A/B variant ({@link FeedbackAnalytics#report}) over
 * 1,000,000 feedbacks in 10,000 sessions on PostgreSQL (the embedded server of
 * {@link EmbeddedPostgresServer}), computed two ways in one run:
 *
 * <ul>
 *   <li>{@link #pushdown} uses {@link JdbcFeedbackStore#analyze}: SQL {@code GROUP BY}s, the
 *       client reads one row per group;
 *   <li>{@link #clientFold} uses the same store behind a proxy that forwards every method
 *       but {@code analyze}, so {@link FeedbackStore#analyze}'s default runs: it streams every
 *       selected feedback to the client (through a server-side cursor) and folds it there.
 * </ul>
 *
 * The data is the test kit's {@link RandomFeedback} (every kind of value) over the seven
 * days of the reported week, loaded once per trial through the store's batch appends; the
 * set-up checks that both ways give equal reports. Reported: the time per report
 * ({@code ss}, seconds; the ratio is the speed-up) and, logged at the end of each trial, the
 * megabytes the benchmark thread allocated per report in the measurement iterations
 * ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}): the JDBC driver reads and decodes
 * rows on the calling thread, and the server is another process, so that is the client's
 * heap use.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar JdbcAnalytics
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.log.io.zonky=warn"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class JdbcAnalyticsBenchmark {

  private static final Logger log = LoggerFactory.getLogger(JdbcAnalyticsBenchmark.class);
  private static final int SESSIONS = 10_000;
  private static final int FEEDBACKS = 1_000_000;
  private static final int CHUNK = 10_000;
  private static final LocalDate MONDAY = LocalDate.parse("2026-03-02");

  private EmbeddedPostgresServer server;
  private FeedbackAnalytics pushdown;
  private FeedbackAnalytics fold;

  /** Starts the server and fills it once, then checks that both ways give one report. */
  @Setup(Level.Trial)
  public void start() {
    server = EmbeddedPostgresServer.start();
    JdbcFeedbackStore store = server.store("analytics", Duration.ofMinutes(10));
    RandomFeedback data =
        RandomFeedback.builder()
            .seed(20_260_302L)
            .sessions(SESSIONS)
            .start(MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant())
            .span(Duration.ofDays(7))
            .users(2_000)
            .build();
    long t0 = System.nanoTime();
    for (int first = 0; first < FEEDBACKS; first += CHUNK) {
      store.appendAll(
          IntStream.range(first, first + CHUNK).mapToObj(data::get).toList(),
          UnknownSessionPolicy.CREATE);
    }
    data.metadata().forEach(store::updateMetadata);
    log.info("Loaded {} feedbacks in {} s", FEEDBACKS, (System.nanoTime() - t0) / 1_000_000_000);
    pushdown = FeedbackAnalytics.of(store);
    fold = FeedbackAnalytics.of(foldingOnTheClient(store));
    if (!report(pushdown).equals(report(fold))) {
      throw new IllegalStateException("the SQL report differs from the client's fold");
    }
  }

  /** Stops the server. */
  @TearDown(Level.Trial)
  public void stop() throws IOException {
    server.close();
  }

  /**
   * The report computed in SQL.
   *
   * @param heap the client allocation counter
   * @return the report
   */
  @Benchmark
  public FeedbackReport pushdown(ClientHeap heap) {
    return heap.measure(pushdown);
  }

  /**
   * The report folded on the client from every feedback streamed to it.
   *
   * @param heap the client allocation counter
   * @return the report
   */
  @Benchmark
  public FeedbackReport clientFold(ClientHeap heap) {
    return heap.measure(fold);
  }

  private static FeedbackReport report(FeedbackAnalytics analytics) {
    return analytics.report(
        ReportRequest.builder()
            .week(MONDAY)
            .zone(ZoneOffset.UTC)
            .groupBy(GroupKey.metadata("variant"), GroupOptions.builder().build())
            .build());
  }

  /**
   * The store with every method forwarded to it except {@code analyze}, which runs
   * {@link FeedbackStore}'s default on the forwarding store: it streams and folds.
   */
  private static FeedbackStore foldingOnTheClient(FeedbackStore store) {
    InvocationHandler forward =
        (proxy, method, args) -> {
          if (method.getName().equals("analyze")) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (FeedbackStore)
        Proxy.newProxyInstance(
            FeedbackStore.class.getClassLoader(), new Class<?>[] {FeedbackStore.class}, forward);
  }

  /**
   * Client allocation per report: the bytes the benchmark thread allocated while computing
   * reports in the measurement iterations, divided by their number, logged when the trial
   * ends.
   */
  @State(Scope.Thread)
  public static class ClientHeap {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private boolean measuring;
    private long bytes;
    private long reports;

    /**
     * Counts only in measurement iterations.
     *
     * @param iteration the iteration about to run
     */
    @Setup(Level.Iteration)
    public void iteration(IterationParams iteration) {
      measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    /**
     * Logs the client's allocation per report.
     *
     * @param benchmark the benchmark that ran
     */
    @TearDown(Level.Trial)
    public void logAllocation(BenchmarkParams benchmark) {
      log.info(
          "{}: the client allocated {} MB per report (mean of {} measured reports)",
          benchmark.getBenchmark(),
          String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6 / Math.max(1, reports)),
          reports);
    }

    FeedbackReport measure(FeedbackAnalytics analytics) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      FeedbackReport report = report(analytics);
      if (measuring) {
        bytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        reports++;
      }
      return report;
    }
  }
}
