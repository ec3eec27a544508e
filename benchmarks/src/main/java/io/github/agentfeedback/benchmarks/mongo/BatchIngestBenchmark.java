package io.github.agentfeedback.benchmarks.mongo;

import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.benchmarks.Workload;
import io.github.agentfeedback.capture.BatchResult;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * What ingesting 500 feedbacks costs through {@code FeedbackManager.addFeedbacks} (one call;
 * with hooks one {@code FeedbackStore.appendAll} per group of
 * {@value FeedbackManager#DEFAULT_BATCH_GROUP_SIZE} items, the default group size, without
 * hooks one for the whole batch) against
 * the same 500 items given one by one to {@code addFeedback}, on {@link MongoFeedbackStore}
 * over the in-process MongoDB of {@link CountingMongo}. One operation is 500 feedbacks; the
 * speed-up of batching is the singles' time divided by the batch's time, printed by
 * {@link io.github.agentfeedback.benchmarks.BenchmarkRatios}.
 *
 * <p>Both sides send the same data: each batch holds 500 items for 250 sessions (two each,
 * 250 items apart), the four {@link Workload} shapes in turn, without ids, so the manager
 * gives every item a new id and every item is stored. Four batches rotate over 1,000
 * sessions. Two pairs run: without hooks ({@code batchNoHooks}, {@code singlesNoHooks}) and
 * with the full synchronous chain of {@link Workload#fullChain} ({@code batchFullChain},
 * {@code singlesFullChain}). Every call checks that all 500 items were created, so a
 * benchmark that stored nothing fails instead of looking fast. The database is dropped
 * before each iteration, so that documents stay small.
 *
 * <p>The client counts commands; the tear-down logs round trips per 500 feedbacks. The
 * singles send 500. The batch sends 500 too as long as the store keeps the default,
 * item-by-item {@code appendAll}; a bulk {@code appendAll} sends one command per group: 8
 * for 500 items with hooks, 1 without.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar BatchIngest -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel=warn",
      "-Dorg.slf4j.simpleLogger.log.org.mongodb.driver=warn"
    })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BatchIngestBenchmark {

  private static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(BatchIngestBenchmark.class);
  private static final int SESSIONS = 1_000;
  private static final int SESSIONS_PER_BATCH = BATCH / 2;
  private static final String DATABASE = "bench_batch";

  private final List<List<SessionFeedback>> batches = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong operations = new AtomicLong();
  private CountingMongo mongo;
  private FeedbackManager bare;
  private FeedbackManager hooked;

  /** Starts the server, builds both managers and the four batches. */
  @Setup(Level.Trial)
  public void start() {
    mongo = CountingMongo.start();
    String[] sessions = Workload.sessionIds(SESSIONS);
    for (int b = 0; b < SESSIONS / SESSIONS_PER_BATCH; b++) {
      List<SessionFeedback> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        batch.add(
            new SessionFeedback(
                sessions[b * SESSIONS_PER_BATCH + i % SESSIONS_PER_BATCH], Workload.sample(i)));
      }
      batches.add(List.copyOf(batch));
    }
    bare = manager(false);
    hooked = manager(true);
  }

  private FeedbackManager manager(boolean hooks) {
    FeedbackManager.Builder builder =
        FeedbackManager.builder()
            .store(MongoFeedbackStore.builder().client(mongo.client()).database(DATABASE).build())
            .idGenerator(() -> "f-" + ids.incrementAndGet());
    if (hooks) {
      builder.hooks(Workload.fullChain(SESSIONS));
    }
    return builder.build();
  }

  /** Empties the database, so that every iteration starts from the same state. */
  @Setup(Level.Iteration)
  public void empty() {
    mongo.drop(DATABASE);
  }

  /** Logs round trips per 500 feedbacks and stops everything. */
  @TearDown(Level.Trial)
  public void stop() {
    long ops = operations.get();
    log.info(
        "{} commands for {} operations of {} feedbacks: {} round trips per {}",
        mongo.commands(),
        ops,
        BATCH,
        ops == 0 ? 0 : (double) mongo.commands() / ops,
        BATCH);
    bare.close();
    hooked.close();
    mongo.close();
  }

  /** 500 items in one {@code addFeedbacks} call, no hooks. */
  @Benchmark
  public BatchResult batchNoHooks() {
    return batch(bare);
  }

  /** The same 500 items, one {@code addFeedback} call each, no hooks. */
  @Benchmark
  public int singlesNoHooks() {
    return singles(bare);
  }

  /** 500 items in one {@code addFeedbacks} call, through the full hook chain. */
  @Benchmark
  public BatchResult batchFullChain() {
    return batch(hooked);
  }

  /** The same 500 items, one {@code addFeedback} call each, through the full hook chain. */
  @Benchmark
  public int singlesFullChain() {
    return singles(hooked);
  }

  private List<SessionFeedback> nextBatch() {
    return batches.get((int) (operations.getAndIncrement() % batches.size()));
  }

  private BatchResult batch(FeedbackManager manager) {
    BatchResult result = manager.addFeedbacks(nextBatch());
    int created = result.count(BatchResult.Status.CREATED);
    if (created != BATCH) {
      throw new IllegalStateException(
          "addFeedbacks created " + created + " of " + BATCH + " items: " + result.counts());
    }
    return result;
  }

  /** Adds the next batch one item at a time; returns how many were created (all). */
  private int singles(FeedbackManager manager) {
    int created = 0;
    for (SessionFeedback item : nextBatch()) {
      FeedbackResult r = manager.addFeedback(item.sessionId(), item.feedback());
      if (!r.created()) {
        throw new IllegalStateException(
            "addFeedback did not create feedback " + r.feedbackId() + ": " + r.outcome());
      }
      created++;
    }
    return created;
  }
}
