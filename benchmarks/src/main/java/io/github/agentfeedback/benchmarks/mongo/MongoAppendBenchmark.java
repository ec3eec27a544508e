package io.github.agentfeedback.benchmarks.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
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
 * What {@code addFeedback} through {@link MongoFeedbackStore} costs against the raw driver
 * doing the same write: {@code updateOne({_id, "feedbacks.id": {$ne: id}}, {$push, $set,
 * $setOnInsert}, upsert)} with a document of the same fields. Both run against one
 * in-process mongo-java-server (memory backend, 127.0.0.1, see {@link CountingMongo})
 * started in {@link #start()}.
 *
 * <p>Feedback rotates over 1,000 sessions, and both databases are dropped before each
 * iteration, so that documents and collections stay small: the embedded server's cost per
 * update grows with both. Every call stores a new feedback with a fresh UUID id and the
 * current time, in both benchmarks. The manager has no hooks. The client counts the
 * commands sent; the tear-down logs commands per call, which is the number of round trips
 * per {@code addFeedback}.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar MongoAppend -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel=warn",
      "-Dorg.slf4j.simpleLogger.log.org.mongodb.driver=warn"
    })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MongoAppendBenchmark {

  private static final Logger log = LoggerFactory.getLogger(MongoAppendBenchmark.class);
  private static final int SESSIONS = 1_000;
  private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

  private final AtomicLong counter = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private CountingMongo mongo;
  private FeedbackManager manager;
  private MongoCollection<Document> raw;

  /** Starts the embedded server, a counting client, the store and the raw collection. */
  @Setup(Level.Trial)
  public void start() {
    mongo = CountingMongo.start();
    manager =
        FeedbackManager.builder()
            .store(
                MongoFeedbackStore.builder().client(mongo.client()).database("bench_store").build())
            .build();
    raw = mongo.client().getDatabase("bench_raw").getCollection("sessions");
  }

  /** Empties both databases, so that every iteration starts from the same state. */
  @Setup(Level.Iteration)
  public void empty() {
    mongo.drop("bench_store", "bench_raw");
  }

  /** Logs commands per call and stops everything. */
  @TearDown(Level.Trial)
  public void stop() {
    log.info(
        "{} commands for {} calls: {} round trips per call",
        mongo.commands(),
        calls.get(),
        calls.get() == 0 ? 0 : (double) mongo.commands() / calls.get());
    manager.close();
    mongo.close();
  }

  /** One {@code addFeedback} through the manager (no hooks) and the Mongo store. */
  @Benchmark
  public FeedbackResult storeAddFeedback() {
    long n = counter.incrementAndGet();
    calls.incrementAndGet();
    return manager.addFeedback("session-" + (n % SESSIONS), Feedback.up("Clear instructions"));
  }

  /** The same upsert, built by hand and sent with the raw driver. */
  @Benchmark
  public Object rawDriverUpdateOne() {
    long n = counter.incrementAndGet();
    calls.incrementAndGet();
    String session = "session-" + (n % SESSIONS);
    String id = UUID.randomUUID().toString();
    @SuppressWarnings("JavaUtilDate") // the raw driver writes a BSON date from a Date
    Date now = new Date();
    Document feedback =
        new Document("id", id)
            .append("rating", "up")
            .append("comment", "Clear instructions")
            .append("created_at", now);
    return raw.updateOne(
        new Document("_id", session).append("feedbacks.id", new Document("$ne", id)),
        new Document("$push", new Document("feedbacks", feedback))
            .append("$set", new Document("updated_at", now))
            .append("$setOnInsert", new Document("session_id", session).append("created_at", now)),
        UPSERT);
  }
}
