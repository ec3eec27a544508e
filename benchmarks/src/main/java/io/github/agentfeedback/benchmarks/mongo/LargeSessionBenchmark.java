package io.github.agentfeedback.benchmarks.mongo;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.benchmarks.Workload;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
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
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@code addFeedback} costs on {@link MongoFeedbackStore} when the session already
 * holds many feedbacks, on the in-process MongoDB of {@link CountingMongo}.
 *
 * <ul>
 *   <li>{@code append}: the session holds {@code feedbacks} = 100, 1,000 or 10,000
 *       feedbacks, written in one insert in the trial's set-up. Each call appends one (the
 *       store's upsert, whose filter checks the new id against every stored one), and a
 *       tear-down after each call, not timed, retracts it again, so every call sees exactly
 *       N.
 *   <li>{@code appendCapped}: the same 10,000-feedback session, written by a store with
 *       {@code maxFeedbacksPerSession(1000)}: the first append trims the session to the
 *       newest 1,000, and from then on each append pushes one and {@code $slice} drops the
 *       oldest, so the session stays at 1,000 with no tear-down.
 * </ul>
 *
 * <p>{@link io.github.agentfeedback.benchmarks.BenchmarkRatios} prints each time over the
 * time at N = 100. The trial's tear-down checks and logs how many feedbacks the session
 * holds. The cost grows with the document because the embedded server copies the whole
 * session document on every update; a real MongoDB also rewrites the document, and when
 * {@code $slice} trims it records the whole array in the oplog.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar LargeSession -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel=warn",
      "-Dorg.slf4j.simpleLogger.log.org.mongodb.driver=warn"
    })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LargeSessionBenchmark {

  private static final Logger log = LoggerFactory.getLogger(LargeSessionBenchmark.class);
  private static final String DATABASE = "bench_large";
  private static final String SESSION = "large-session";
  private static final int CAPPED_PREFILL = 10_000;
  private static final int CAP = 1_000;

  /** One large session on its own embedded server, and a manager writing to it. */
  abstract static class LargeSession {
    private final AtomicLong ids = new AtomicLong();
    private @Nullable CountingMongo mongo; // set by start
    private @Nullable FeedbackManager manager;

    /** Starts the server and writes the session, {@code size} feedbacks, in one insert. */
    void start(int size, int cap) {
      CountingMongo mongo = CountingMongo.start();
      this.mongo = mongo;
      @SuppressWarnings("JavaUtilDate") // the raw driver writes a BSON date from a Date
      Date now = new Date();
      List<Document> feedbacks = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        Feedback f = Workload.sample(i);
        Document d =
            new Document("id", "prefill-" + i)
                .append("rating", Objects.requireNonNull(f.rating()).wireValue())
                .append("comment", f.comment())
                .append("created_at", now);
        if (f.userId() != null) {
          d.append("user_id", f.userId());
        }
        feedbacks.add(d);
      }
      mongo
          .client()
          .getDatabase(DATABASE)
          .getCollection(MongoFeedbackStore.DEFAULT_COLLECTION)
          .insertOne(
              new Document("_id", SESSION)
                  .append("session_id", SESSION)
                  .append("created_at", now)
                  .append("updated_at", now)
                  .append("metadata", new Document())
                  .append("feedbacks", feedbacks));
      this.manager =
          FeedbackManager.builder()
              .store(
                  MongoFeedbackStore.builder()
                      .client(mongo.client())
                      .database(DATABASE)
                      .maxFeedbacksPerSession(cap)
                      .build())
              .idGenerator(() -> "f-" + ids.incrementAndGet())
              .build();
    }

    FeedbackResult append() {
      return manager().addFeedback(SESSION, Workload.sample(ids.get()));
    }

    private FeedbackManager manager() {
      if (manager == null) {
        throw new IllegalStateException("the session was not started");
      }
      return manager;
    }

    /** Retracts the feedback the last call appended. */
    void retractLast() {
      String id = "f-" + ids.get();
      if (!manager().retractFeedback(SESSION, id)) {
        throw new IllegalStateException("feedback " + id + " was not stored");
      }
    }

    /** Checks the session's size, logs it, and stops everything. */
    void stop(int expected) {
      int size = manager().getFeedbacks(SESSION).size();
      log.info("After {} appends the session holds {} feedbacks", ids.get(), size);
      manager().close();
      if (mongo != null) {
        mongo.close();
      }
      if (size != expected) {
        throw new IllegalStateException(
            "the session holds " + size + " feedbacks, not " + expected);
      }
    }
  }

  /** A session kept at N feedbacks. */
  @State(Scope.Benchmark)
  public static class Uncapped extends LargeSession {

    /** How many feedbacks the session holds before each append. */
    @Param({"100", "1000", "10000"})
    public int feedbacks;

    /** Writes the session. */
    @Setup(Level.Trial)
    public void prefill() {
      start(feedbacks, 0);
    }

    /** Brings the session back to N, untimed. */
    @TearDown(Level.Invocation)
    public void retract() {
      retractLast();
    }

    /** Checks that the session still holds N and stops the server. */
    @TearDown(Level.Trial)
    public void stop() {
      stop(feedbacks);
    }
  }

  /** A session of 10,000 feedbacks written to by a store capped at 1,000. */
  @State(Scope.Benchmark)
  public static class Capped extends LargeSession {

    /** Writes the session. */
    @Setup(Level.Trial)
    public void prefill() {
      start(CAPPED_PREFILL, CAP);
    }

    /** Checks that the cap holds the session at 1,000 and stops the server. */
    @TearDown(Level.Trial)
    public void stop() {
      stop(CAP);
    }
  }

  /**
   * One append to a session of N feedbacks.
   *
   * @param session the session
   * @return the result
   */
  @Benchmark
  public FeedbackResult append(Uncapped session) {
    return session.append();
  }

  /**
   * One append to the 10,000-feedback session through a store capped at 1,000.
   *
   * @param session the session
   * @return the result
   */
  @Benchmark
  public FeedbackResult appendCapped(Capped session) {
    return session.append();
  }
}
