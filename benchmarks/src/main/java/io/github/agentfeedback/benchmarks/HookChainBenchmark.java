package io.github.agentfeedback.benchmarks;

import io.github.agentfeedback.FeedbackManager;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InMemoryFeedbackStore;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the ready hooks cost per {@code addFeedback} over an {@link InMemoryFeedbackStore}:
 * no hooks, against the documented order: sanitizing → PII redaction → validation → rate
 * limit (a limit never reached) → audit (to a sink that discards) → analytics.
 *
 * <p>Feedback rotates over 10,000 sessions and the {@link Workload} shapes (plain, with
 * markup, with an e-mail address); ids come from a counter, so every call stores a new
 * feedback. The store is replaced before each iteration so that it does not grow without
 * bound. Add {@code -prof gc} for the bytes allocated per call
 * ({@code gc.alloc.rate.norm}).
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar HookChain -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HookChainBenchmark {

  private static final int SESSIONS = 10_000;

  private final String[] sessionIds = Workload.sessionIds(SESSIONS);
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();

  private FeedbackManager bare;
  private FeedbackManager hooked;

  /** Fresh stores and hooks for every iteration. */
  @Setup(Level.Iteration)
  public void managers() {
    bare = FeedbackManager.builder()
        .store(new InMemoryFeedbackStore())
        .idGenerator(() -> "f-" + ids.incrementAndGet())
        .build();
    hooked = FeedbackManager.builder()
        .store(new InMemoryFeedbackStore())
        .idGenerator(() -> "f-" + ids.incrementAndGet())
        .hooks(Workload.fullChain(SESSIONS))
        .build();
  }

  /** The manager and store alone. */
  @Benchmark
  public FeedbackResult noHooks() {
    long n = calls.incrementAndGet();
    return bare.addFeedback(sessionIds[(int) (n % SESSIONS)], Workload.sample(n));
  }

  /**
   * The manager, six hooks in the documented order (sanitizing, PII, validation, rate limit,
   * audit, analytics) and the store. The name keeps the order of the first release so
   * figures stay comparable across releases.
   */
  @Benchmark
  public FeedbackResult validationSanitizingPiiRateLimitAuditAnalytics() {
    long n = calls.incrementAndGet();
    return hooked.addFeedback(sessionIds[(int) (n % SESSIONS)], Workload.sample(n));
  }
}
