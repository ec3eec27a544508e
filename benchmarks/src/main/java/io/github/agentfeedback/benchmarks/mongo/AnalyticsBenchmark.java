package io.github.agentfeedback.benchmarks.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.mongo.internal.FeedbackCodec;
import io.github.agentfeedback.spi.FeedbackStore;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonString;
import org.bson.codecs.EncoderContext;
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
 * once per trial with one {@code insertMany} of the session documents the store's codec
 * writes, in the same run. Before measuring, the set-up checks that both give equal
 * reports.
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
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g",
    "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel=warn",
    "-Dorg.slf4j.simpleLogger.log.org.mongodb.driver=warn"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class AnalyticsBenchmark {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsBenchmark.class);
  private static final int SESSIONS = 10_000;
  private static final int FEEDBACK_PER_SESSION = 10;
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final String[] COMMENTS = {
    "", "", "ok", "Clear instructions", "too slow", "Checkout page timeout",
    "not working again", "wrong answer", "héllo wörld", "🙁 still broken"
  };

  private MongoServer server;
  private MongoClient client;
  private MongoFeedbackStore store;
  private FeedbackAnalytics pipeline;
  private FeedbackAnalytics fold;

  /** Starts the embedded server and fills it once, then checks both give one report. */
  @Setup(Level.Trial)
  public void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    client.getDatabase("bench").getCollection("sessions", BsonDocument.class)
        .insertMany(sessions(new Random(20_260_301L)));
    store = MongoFeedbackStore.builder().client(client).database("bench")
        .operationTimeout(Duration.ofMinutes(5)).build();
    pipeline = FeedbackAnalytics.of(store);
    fold = FeedbackAnalytics.of(foldingOnTheClient(store));
    if (!report(pipeline).equals(report(fold))) {
      throw new IllegalStateException("the server's report differs from the client's fold");
    }
  }

  /** Stops the server. */
  @TearDown(Level.Trial)
  public void stop() {
    store.close();
    client.close();
    server.shutdownNow();
  }

  /**
   * The report computed by aggregations on the server.
   *
   * @param heap the client allocation counter
   * @return the report's parts
   */
  @Benchmark
  public Object serverPipeline(ClientHeap heap) {
    return heap.measure(pipeline);
  }

  /**
   * The report folded on the client from every feedback streamed to it.
   *
   * @param heap the client allocation counter
   * @return the report's parts
   */
  @Benchmark
  public Object clientFold(ClientHeap heap) {
    return heap.measure(fold);
  }

  /**
   * The store with every method forwarded to it except {@code analyze}, which runs
   * {@link FeedbackStore}'s default on the forwarding store: it streams and folds.
   */
  private static FeedbackStore foldingOnTheClient(FeedbackStore store) {
    InvocationHandler forward = (proxy, method, args) -> {
      if (method.getName().equals("analyze")) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      try {
        return method.invoke(store, args);
      } catch (InvocationTargetException e) {
        throw e.getCause(); // the store's own exception
      }
    };
    return (FeedbackStore) Proxy.newProxyInstance(FeedbackStore.class.getClassLoader(),
        new Class<?>[] {FeedbackStore.class}, forward);
  }

  private static List<Object> report(FeedbackAnalytics analytics) {
    FeedbackQuery all = FeedbackQuery.all();
    return List.of(analytics.summary(all), analytics.groupBy(all, GroupKey.metadata("variant")),
        analytics.trend(all, Granularity.DAY));
  }

  /** Session documents as the store writes them: metadata and ten feedbacks each. */
  private static List<BsonDocument> sessions(Random random) {
    FeedbackCodec codec = new FeedbackCodec();
    EncoderContext context = EncoderContext.builder().build();
    List<BsonDocument> sessions = new ArrayList<>(SESSIONS);
    BsonDateTime created = new BsonDateTime(START.toEpochMilli());
    for (int s = 0; s < SESSIONS; s++) {
      BsonArray feedbacks = new BsonArray();
      for (int i = 0; i < FEEDBACK_PER_SESSION; i++) {
        BsonDocument encoded = new BsonDocument();
        codec.encode(new BsonDocumentWriter(encoded), feedback(random, s, i), context);
        feedbacks.add(encoded);
      }
      String id = "session-" + s;
      BsonDocument metadata = s % 4 == 3 ? new BsonDocument()
          : new BsonDocument("variant", new BsonString(String.valueOf((char) ('A' + s % 4))));
      sessions.add(new BsonDocument("_id", new BsonString(id))
          .append("session_id", new BsonString(id)).append("created_at", created)
          .append("updated_at", created).append("metadata", metadata)
          .append("feedbacks", feedbacks));
    }
    return sessions;
  }

  private static Feedback feedback(Random random, int session, int i) {
    Feedback.Builder b = Feedback.builder()
        .id(session + "-" + i)
        .rating(Rating.values()[random.nextInt(3)])
        .comment(COMMENTS[random.nextInt(COMMENTS.length)])
        .createdAt(START.plusSeconds(random.nextInt(30 * 24 * 3600)))
        .userId("user-" + random.nextInt(2_000));
    if (random.nextInt(3) == 0) {
      b.score(1 + random.nextInt(5), Scale.STARS_5);
    }
    if (random.nextInt(4) == 0) {
      b.dimension(Dimension.values()[random.nextInt(Dimension.values().length)],
          1 + random.nextInt(5));
    }
    if (random.nextInt(3) == 0) {
      b.attribute("sentiment", (random.nextInt(2001) - 1000) / 1000.0);
    }
    if (random.nextInt(5) == 0) {
      b.tags("billing");
    }
    return b.build();
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
      log.info("{}: the client allocated {} MB per report (mean of {} measured reports)",
          benchmark.getBenchmark(), String.format("%.1f", bytes / 1e6 / Math.max(1, reports)),
          reports);
    }

    List<Object> measure(FeedbackAnalytics analytics) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      List<Object> report = report(analytics);
      if (measuring) {
        bytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        reports++;
      }
      return report;
    }
  }
}
