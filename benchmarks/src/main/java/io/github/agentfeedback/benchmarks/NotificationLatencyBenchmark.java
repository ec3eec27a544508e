package io.github.agentfeedback.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.notify.DeliveryStats;
import io.github.agentfeedback.hooks.notify.OverflowPolicy;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.webhooks.WebhookNotifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the caller of {@code addFeedback} waits for a slow webhook: the latency of
 * {@code addFeedback} over an {@link InMemoryFeedbackStore} with a {@link NotificationHook}
 * posting every feedback through a {@link WebhookNotifier} ({@code withWebhook}), against
 * the same manager without the notification hook ({@code withoutNotifier}). The receiver
 * is a local {@link HttpServer} that answers 204 after 200 ms, with 32 threads so that it
 * holds the notifier's 16 concurrent requests. {@code hooks} is {@code none} (the
 * notification hook alone against a bare manager) or {@code fullChain} (both managers also
 * run the hooks of {@link Workload#fullChain}; the notification hook is innermost).
 *
 * <p>Every feedback is a {@code DOWN} (the {@link Workload#negativeSample} shapes over
 * 10,000 sessions), so every call queues a notification. The calls come far faster than
 * a 200 ms receiver takes them, so any queue fills: it holds 10,000 deliveries, and the
 * overflow policy is {@link OverflowPolicy#DROP_OLDEST}, so every call still enqueues its
 * notification (in place of the oldest queued one) and the queue's memory stays bounded.
 * (A queue large enough for every call of an iteration would hold hundreds of thousands of
 * notifications, and the garbage collector's copying of them would dominate the figure.)
 * The hook, like the store, is new for every one-second iteration; the iteration's
 * tear-down shuts the hook down without waiting (what is queued is abandoned) and logs its
 * delivery counts and the requests the receiver got; it fails the run if a call did not
 * queue a notification or a delivery failed. The dispatcher's own close report, a warning
 * listing the abandoned notifications, is silenced (level {@code error} for
 * {@code io.github.agentfeedback.hooks.notify}), since abandoning them is intended here.
 *
 * <p>Mode {@code SampleTime}: the score is the mean latency in µs; the percentiles show
 * whether some calls wait. {@link BenchmarkRatios} prints {@code withWebhook} over
 * {@code withoutNotifier} per {@code hooks} value, mean (target ≤ 1.1) and median; the
 * median is the steadier on a busy machine, where the mean follows rare pauses.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar NotificationLatency -f 1 -wi 2 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.log.io.github.agentfeedback.hooks.notify=error"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NotificationLatencyBenchmark {

  private static final Logger log = LoggerFactory.getLogger(NotificationLatencyBenchmark.class);
  private static final int SESSIONS = 10_000;
  private static final int RECEIVER_THREADS = 32;
  private static final int NOTIFIER_THREADS = 16;
  private static final int QUEUE_CAPACITY = 10_000;
  private static final long RECEIVER_DELAY_MILLIS = 200;

  /** The other hooks both managers run: {@code none} or {@code fullChain}. */
  @Param({"none", "fullChain"})
  public String hooks;

  private final String[] sessionIds = Workload.sessionIds(SESSIONS);
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private ExecutorService receiverThreads;
  private HttpServer receiver;
  private WebhookNotifier webhook;
  private NotificationHook notification;
  private FeedbackManager manager;

  /** Starts the slow receiver and builds the notifier. */
  @Setup(Level.Trial)
  public void start() throws IOException {
    if (!"none".equals(hooks) && !"fullChain".equals(hooks)) {
      throw new IllegalArgumentException("hooks must be none or fullChain, was " + hooks);
    }
    receiverThreads =
        Executors.newFixedThreadPool(
            RECEIVER_THREADS,
            r -> {
              Thread t = new Thread(r, "slow-receiver");
              t.setDaemon(true);
              return t;
            });
    receiver =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), RECEIVER_THREADS);
    receiver.createContext(
        "/hook",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            received.incrementAndGet();
            Thread.sleep(RECEIVER_DELAY_MILLIS);
            exchange.sendResponseHeaders(204, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            exchange.close();
          }
        });
    receiver.setExecutor(receiverThreads);
    receiver.start();
    webhook =
        WebhookNotifier.builder()
            .uri("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
            .build();
  }

  /**
   * A new manager and store for every iteration, and for {@code withWebhook} a new
   * notification hook.
   *
   * @param benchmark which benchmark runs
   */
  @Setup(Level.Iteration)
  public void manager(BenchmarkParams benchmark) {
    List<FeedbackHook> chain =
        new ArrayList<>("fullChain".equals(hooks) ? Workload.fullChain(SESSIONS) : List.of());
    notification = null;
    if (benchmark.getBenchmark().endsWith(".withWebhook")) {
      notification =
          NotificationHook.builder()
              .notifier(webhook)
              .workerThreads(NOTIFIER_THREADS)
              .queueCapacity(QUEUE_CAPACITY)
              .overflowPolicy(OverflowPolicy.DROP_OLDEST)
              .build();
      chain.add(notification);
    }
    manager = FeedbackManager.builder().store(new InMemoryFeedbackStore()).hooks(chain).build();
    calls.set(0);
    received.set(0);
  }

  /**
   * Stops the notification hook without draining, logs what it did, closes the manager.
   *
   * @throws IllegalStateException if a call did not queue a notification or a delivery
   *     failed
   */
  @TearDown(Level.Iteration)
  public void closeManager() {
    if (notification == null) {
      manager.close();
      return;
    }
    DeliveryStats s = notification.shutdown(Duration.ZERO).stats();
    manager.close();
    log.info(
        "{} calls queued {} notifications: {} delivered, {} dropped from the full "
            + "queue (oldest first), {} abandoned at close; the receiver got {} requests",
        calls.get(),
        s.accepted() + s.dropped(),
        s.delivered(),
        s.dropped(),
        s.undelivered(),
        received.get());
    if (s.accepted() + s.dropped() != calls.get() || s.failed() > 0) {
      throw new IllegalStateException(
          calls.get()
              + " calls queued "
              + (s.accepted() + s.dropped())
              + " notifications, and "
              + s.failed()
              + " deliveries failed");
    }
  }

  /** Stops the receiver. */
  @TearDown(Level.Trial)
  public void stop() {
    receiver.stop(0);
    receiverThreads.shutdownNow();
  }

  /**
   * The baseline: the same hooks and store, no notification.
   *
   * @return the result
   */
  @Benchmark
  public FeedbackResult withoutNotifier() {
    return add();
  }

  /**
   * Every call queues a webhook notification.
   *
   * @return the result
   */
  @Benchmark
  public FeedbackResult withWebhook() {
    return add();
  }

  private FeedbackResult add() {
    long n = calls.incrementAndGet();
    return manager.addFeedback(sessionIds[(int) (n % SESSIONS)], Workload.negativeSample(n));
  }
}
