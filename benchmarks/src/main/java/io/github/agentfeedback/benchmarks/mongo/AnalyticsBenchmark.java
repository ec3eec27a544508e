package io.github.agentfeedback.benchmarks.mongo;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.benchmarks.ClientHeap;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.RandomFeedback;
import java.time.Duration;
import java.time.Instant;
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

/**
 * A grouped report computed on the server against the same report folded on the client:
 * {@code summary}, {@code groupBy(metadata "variant")} and {@code trend(DAY)} over 100,000
 * feedbacks in 10,000 sessions, through {@link FeedbackAnalytics}.
 *
 * <ul>
 *   <li>{@link #serverPipeline} uses {@link MongoFeedbackStore#analyze}: one aggregation per
 *       call, the client receives one small document per group.
 *   <li>{@link #clientFold} uses the same store behind a proxy that forwards every method
 *       but {@code analyze}, so {@link FeedbackStore#analyze}'s default runs: it streams
 *       every selected feedback to the client and folds it there (and reads each
 *       session's metadata for the grouping by variant).
 * </ul>
 * Both run against one in-process mongo-java-server (memory backend, 127.0.0.1), filled
 * once per trial through the store's batch appends with the shared
 * {@link RandomFeedback} data (every kind of value, in 10,000 sessions over 30 days).
 * Before measuring, the set-up checks that both give equal reports.
 *
 * <p>What is reported: the time per report ({@code avgt}, ms/op; the ratio of the two is
 * the speed-up), and, logged at the end of each trial, the megabytes the benchmark thread
 * allocated per report in the measurement iterations, measured with
 * {@code ThreadMXBean.getCurrentThreadAllocatedBytes}. The synchronous driver reads and
 * decodes replies on the calling thread, so that is the client's heap use; the embedded
 * server runs on its own threads and is not counted. {@code -prof gc} adds
 * {@code gc.alloc.rate.norm}, the allocation per report of the whole JVM, which includes the
 * embedded server.
 *
 * <p>mongo-java-server evaluates every aggregation expression interpretively in Java, and
 * {@code $unwind} copies a whole session document per element, so this measures the
 * embedded server, not MongoDB; on MongoDB the expressions run natively and the stream's
 * transfer and decoding weigh more.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar AnalyticsBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms2g",
      "-Xmx2g",
      "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel=warn",
      "-Dorg.slf4j.simpleLogger.log.org.mongodb.driver=warn"
    })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class AnalyticsBenchmark {

  private static final int SESSIONS = 10_000;
  private static final int FEEDBACKS = 100_000;
  private static final int BATCH = 1_000;

  private MongoTestServer server;
  private MongoFeedbackStore store;
  private FeedbackAnalytics pipeline;
  private FeedbackAnalytics fold;

  /** Starts the embedded server and fills it once, then checks both give one report. */
  @Setup(Level.Trial)
  public void start() {
    server = MongoTestServer.startEmbedded();
    store =
        MongoFeedbackStore.builder()
            .client(server.client())
            .database("bench")
            .operationTimeout(Duration.ofMinutes(5))
            .build();
    RandomFeedback data =
        RandomFeedback.builder()
            .seed(20_260_301L)
            .sessions(SESSIONS)
            .start(Instant.parse("2026-03-01T00:00:00Z"))
            .span(Duration.ofDays(30))
            .users(2_000)
            .build();
    for (int first = 0; first < FEEDBACKS; first += BATCH) {
      store.appendAll(
          IntStream.range(first, first + BATCH).mapToObj(data::get).toList(),
          UnknownSessionPolicy.CREATE);
    }
    data.metadata().forEach(store::updateMetadata);
    pipeline = FeedbackAnalytics.of(store);
    fold = FeedbackAnalytics.of(ClientHeap.foldingOnTheClient(store));
    if (!report(pipeline).equals(report(fold))) {
      throw new IllegalStateException("the server's report differs from the client's fold");
    }
  }

  /** Stops the server. */
  @TearDown(Level.Trial)
  public void stop() {
    store.close();
    server.close();
  }

  /**
   * The report computed by aggregations on the server.
   *
   * @param heap the client allocation counter
   * @return the report's parts
   */
  @Benchmark
  public Object serverPipeline(ClientHeap heap) {
    return heap.measure(() -> report(pipeline));
  }

  /**
   * The report folded on the client from every feedback streamed to it.
   *
   * @param heap the client allocation counter
   * @return the report's parts
   */
  @Benchmark
  public Object clientFold(ClientHeap heap) {
    return heap.measure(() -> report(fold));
  }

  private static List<Object> report(FeedbackAnalytics analytics) {
    FeedbackQuery all = FeedbackQuery.all();
    return List.of(
        analytics.summary(all),
        analytics.groupBy(all, GroupKey.metadata("variant")),
        analytics.trend(all, Granularity.DAY));
  }
}
