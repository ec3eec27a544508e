package io.github.agentfeedback.benchmarks.jdbc;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.ReportRequest;
import io.github.agentfeedback.benchmarks.ClientHeap;
import io.github.agentfeedback.jdbc.JdbcFeedbackStore;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.RandomFeedback;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
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
 * {@link #pushdownGroupsOnly} and {@link #clientFoldGroupsOnly} compute the grouped figures
 * alone (summary, groups by variant, daily trend), without the report's problem analysis,
 * whose term counts the SQL cannot compute: it sends each distinct negative comment to the
 * client, which splits it with the library's tokenizer.
 *
 * {@link #pushdownSummaryOnly} is the week's summary alone in SQL: one pass over the
 * week's rows with one group, the least any statement that reads every selected row costs.
 * The report's breakdowns (by variant, a metadata value chosen at query time, and by tag,
 * session, message and day) each add their own grouping of those rows, so the report's
 * speed-up over {@link #clientFold} cannot exceed the summary's.
 *
 * <p>The data is the test kit's {@link RandomFeedback} (every kind of value) over the seven
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
  private static final FeedbackQuery WEEK =
      FeedbackQuery.builder()
          .since(MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant())
          .until(MONDAY.plusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant())
          .build();

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
    fold = FeedbackAnalytics.of(ClientHeap.foldingOnTheClient(store));
    if (!report(pushdown).equals(report(fold)) || !groups(pushdown).equals(groups(fold))) {
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
    return heap.measure(() -> report(pushdown));
  }

  /**
   * The report folded on the client from every feedback streamed to it.
   *
   * @param heap the client allocation counter
   * @return the report
   */
  @Benchmark
  public FeedbackReport clientFold(ClientHeap heap) {
    return heap.measure(() -> report(fold));
  }

  /**
   * The week's summary alone, in SQL: the least a statement reading every selected row
   * costs (see the class description).
   *
   * @param heap the client allocation counter
   * @return the summary
   */
  @Benchmark
  public FeedbackSummary pushdownSummaryOnly(ClientHeap heap) {
    return heap.measure(() -> pushdown.summary(WEEK));
  }

  /**
   * The grouped figures alone, in SQL: summary, groups by variant and a daily trend, without
   * the report's term counts (see the class description).
   *
   * @param heap the client allocation counter
   * @return the figures
   */
  @Benchmark
  public List<Object> pushdownGroupsOnly(ClientHeap heap) {
    return heap.measure(() -> groups(pushdown));
  }

  /**
   * The same grouped figures folded on the client.
   *
   * @param heap the client allocation counter
   * @return the figures
   */
  @Benchmark
  public List<Object> clientFoldGroupsOnly(ClientHeap heap) {
    return heap.measure(() -> groups(fold));
  }

  private static List<Object> groups(FeedbackAnalytics analytics) {
    FeedbackQuery all = FeedbackQuery.all();
    return List.of(
        analytics.summary(all),
        analytics.groupBy(all, GroupKey.metadata("variant")),
        analytics.trend(all, Granularity.DAY, ZoneOffset.UTC));
  }

  private static FeedbackReport report(FeedbackAnalytics analytics) {
    return analytics.report(
        ReportRequest.builder()
            .week(MONDAY)
            .zone(ZoneOffset.UTC)
            .groupBy(GroupKey.metadata("variant"), GroupOptions.builder().build())
            .build());
  }
}
