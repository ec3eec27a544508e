package io.github.agentfeedback.benchmarks;

import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the ready hooks cost per {@code addFeedback} over an {@link InMemoryFeedbackStore}:
 * no hooks, against six hooks in the documented order: sanitizing → PII redaction →
 * validation → rate limit (a limit never reached) → audit (to a sink that discards) →
 * analytics.
 *
 * <p>Feedback rotates over 10,000 sessions and the four {@link Workload} shapes (plain,
 * plain and longer, with markup and references, with an e-mail address and a run of
 * spaces); ids come from a counter, so every call stores a new feedback. Both methods give
 * every {@value #CALLS_PER_STORE} calls to a fresh store (the hooks, with their state, stay), so
 * that the store's growing heap — garbage collection of half a million stored feedbacks —
 * does not drown the hooks' cost; most calls therefore also open their session in the
 * store, alike in both methods (with a store per 65,536 calls the GC noise is back). Compare
 * the two methods' figures, both time and {@code gc.alloc.rate.norm}, from one run.
 *
 * <p>The hook chain takes ten to fifteen seconds of this benchmark to be compiled fully on
 * a 2-core machine, running about four times slower until then; the default warm-up (ten
 * iterations of two seconds) therefore outlasts it. With fewer warm-up iterations
 * ({@code -wi 3}) the measured figures mix the two phases.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar HookChain -f 1 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class HookChainBenchmark {

  private static final int SESSIONS = 10_000;

  /** How many calls one store receives before the next replaces it; a power of two. */
  static final int CALLS_PER_STORE = 1 << 13;

  private final String[] sessionIds = Workload.sessionIds(SESSIONS);
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();

  private List<FeedbackHook> hooks;
  private volatile FeedbackManager bare;
  private volatile FeedbackManager hooked;

  /** Fresh stores and hooks for every iteration. */
  @Setup(Level.Iteration)
  public void managers() {
    hooks = Workload.fullChain(SESSIONS);
    bare = manager(List.of());
    hooked = manager(hooks);
  }

  private FeedbackManager manager(List<FeedbackHook> chain) {
    return FeedbackManager.builder()
        .store(new InMemoryFeedbackStore())
        .idGenerator(() -> "f-" + ids.incrementAndGet())
        .hooks(chain)
        .build();
  }

  /** The manager and store alone. */
  @Benchmark
  public FeedbackResult noHooks() {
    long n = calls.incrementAndGet();
    if ((n & (CALLS_PER_STORE - 1)) == 0) {
      bare = manager(List.of());
    }
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
    if ((n & (CALLS_PER_STORE - 1)) == 0) {
      hooked = manager(hooks);
    }
    return hooked.addFeedback(sessionIds[(int) (n % SESSIONS)], Workload.sample(n));
  }
}
