package io.github.agentfeedback.benchmarks;

import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.benchmarks.mongo.CountingMongo;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.spi.FeedbackStore;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * How {@code addFeedback} throughput scales with the number of calling threads: 1, 2, 4, 8
 * and 16 threads ({@code threads01} … {@code threads16}, one method per count because JMH
 * fixes {@code @Threads} per method) share one {@link FeedbackManager} with the full
 * synchronous hook chain of {@link Workload#fullChain} (sanitizing, PII redaction,
 * validation, rate limit, audit to a discarding sink, analytics) over either store
 * ({@code store} parameter): {@link InMemoryFeedbackStore}, or {@link MongoFeedbackStore} on
 * the in-process MongoDB of {@link CountingMongo}.
 *
 * <p>Each thread walks its own stretch of 10,000 sessions, so threads write to unrelated
 * sessions: a lock that serializes unrelated sessions, in a hook or a store, keeps the
 * throughput flat (or lower) as threads are added. Feedback ids ({@code ids} parameter)
 * come from the manager's default generator, as in an application that sets none, or from
 * a generator that threads do not share, so that the hooks and the store are measured
 * alone: {@link UUID#randomUUID()} draws from the JDK's one shared {@code SecureRandom},
 * whose lock every call takes. Stores and hooks are new for every iteration (the database
 * is dropped), so that they do not grow without bound.
 *
 * <p>{@link BenchmarkRatios} prints the curve as throughput at N threads over throughput at
 * 1 thread, per store and id generator. Do not pass {@code -t}: it would override the
 * thread counts. Read the curve against the cores of the machine, on a machine nothing else
 * runs on: beyond the cores threads only share them, the embedded server runs on the same
 * cores as the callers, and when other processes compete for the CPUs, more threads win a
 * larger share of them, which inflates the curve.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.agentfeedback.benchmarks.BenchmarkRatios \
 *     Concurrency -f 1
 * </pre>
 * Add {@code -prof stack:lines=10} to see where threads wait: the stacks of threads in
 * state {@code BLOCKED} end where a lock is taken.
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
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ConcurrencyBenchmark {

  private static final int SESSIONS = 10_000;
  private static final String DATABASE = "bench_concurrency";

  /** Which store the manager writes to: {@code memory} or {@code mongo}. */
  @Param({"memory", "mongo"})
  public String store;

  /**
   * Where feedback ids come from: {@code default}, the manager's default generator
   * ({@link UUID#randomUUID()}), or {@code threadLocal}, random UUIDs from
   * {@link ThreadLocalRandom}, which no two threads share.
   */
  @Param({"default", "threadLocal"})
  public String ids;

  private final String[] sessionIds = Workload.sessionIds(SESSIONS);
  private @Nullable CountingMongo mongo; // the mongo store only
  private FeedbackManager manager;

  /** Starts the embedded server when the store is MongoDB. */
  @Setup(Level.Trial)
  public void start() {
    if (!"default".equals(ids) && !"threadLocal".equals(ids)) {
      throw new IllegalArgumentException("ids must be default or threadLocal, was " + ids);
    }
    if ("mongo".equals(store)) {
      mongo = CountingMongo.start();
    } else if (!"memory".equals(store)) {
      throw new IllegalArgumentException("store must be memory or mongo, was " + store);
    }
  }

  /** A new store (an empty database) and new hooks for every iteration. */
  @Setup(Level.Iteration)
  public void manager() {
    FeedbackStore target;
    if (mongo != null) {
      mongo.drop(DATABASE);
      target = MongoFeedbackStore.builder().client(mongo.client()).database(DATABASE).build();
    } else {
      target = new InMemoryFeedbackStore();
    }
    FeedbackManager.Builder builder =
        FeedbackManager.builder().store(target).hooks(Workload.fullChain(SESSIONS));
    if ("threadLocal".equals(ids)) {
      builder.idGenerator(
          () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return new UUID(random.nextLong(), random.nextLong()).toString();
          });
    }
    manager = builder.build();
  }

  /** Closes the iteration's manager (its hooks and store). */
  @TearDown(Level.Iteration)
  public void closeManager() {
    manager.close();
  }

  /** Stops the embedded server. */
  @TearDown(Level.Trial)
  public void stop() {
    if (mongo != null) {
      mongo.close();
    }
  }

  /**
   * One calling thread's place in the sessions: threads start evenly spread over them and
   * move one session ahead per call.
   */
  @State(Scope.Thread)
  public static class Cursor {
    private int session;
    private long calls;

    /**
     * Places the thread at its share of the sessions.
     *
     * @param thread which thread this is, of how many
     */
    @Setup(Level.Trial)
    public void place(ThreadParams thread) {
      session = (int) ((long) thread.getThreadIndex() * SESSIONS / thread.getThreadCount());
    }

    int nextSession() {
      calls++;
      session = session + 1 == SESSIONS ? 0 : session + 1;
      return session;
    }
  }

  private FeedbackResult add(Cursor cursor) {
    int session = cursor.nextSession();
    return manager.addFeedback(sessionIds[session], Workload.sample(cursor.calls));
  }

  /**
   * One thread.
   *
   * @param cursor the thread's place
   * @return the result
   */
  @Benchmark
  @Threads(1)
  public FeedbackResult threads01(Cursor cursor) {
    return add(cursor);
  }

  /**
   * Two threads.
   *
   * @param cursor the thread's place
   * @return the result
   */
  @Benchmark
  @Threads(2)
  public FeedbackResult threads02(Cursor cursor) {
    return add(cursor);
  }

  /**
   * Four threads.
   *
   * @param cursor the thread's place
   * @return the result
   */
  @Benchmark
  @Threads(4)
  public FeedbackResult threads04(Cursor cursor) {
    return add(cursor);
  }

  /**
   * Eight threads.
   *
   * @param cursor the thread's place
   * @return the result
   */
  @Benchmark
  @Threads(8)
  public FeedbackResult threads08(Cursor cursor) {
    return add(cursor);
  }

  /**
   * Sixteen threads.
   *
   * @param cursor the thread's place
   * @return the result
   */
  @Benchmark
  @Threads(16)
  public FeedbackResult threads16(Cursor cursor) {
    return add(cursor);
  }
}
