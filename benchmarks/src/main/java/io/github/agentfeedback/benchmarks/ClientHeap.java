package io.github.agentfeedback.benchmarks;

import io.github.agentfeedback.spi.FeedbackStore;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client allocation per report, for the benchmarks that compare analytics in a database
 * with the client fold: the bytes the benchmark thread allocated while computing reports in
 * the measurement iterations ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}), divided
 * by their number, logged when the trial ends. With a synchronous driver that reads and
 * decodes replies on the calling thread, that is the client's heap use.
 *
 * <p>Also makes the store whose analytics are the client fold ({@link #foldingOnTheClient}).
 *
 * <p>A JMH thread state: one per benchmark thread, not shared.
 */
@State(Scope.Thread)
public class ClientHeap {
  private static final Logger log = LoggerFactory.getLogger(ClientHeap.class);
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
    log.info(
        "{}: the client allocated {} MB per report (mean of {} measured reports)",
        benchmark.getBenchmark(),
        String.format(Locale.ROOT, "%.1f", bytes / 1e6 / Math.max(1, reports)),
        reports);
  }

  /**
   * Computes a report, counting what this thread allocates for it.
   *
   * @param report computes the report
   * @param <T> the report's type
   * @return the report
   */
  public <T> T measure(Supplier<T> report) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    T result = report.get();
    if (measuring) {
      bytes += THREADS.getCurrentThreadAllocatedBytes() - before;
      reports++;
    }
    return result;
  }

  /**
   * The store with every method forwarded to it except {@code analyze}, which runs
   * {@link FeedbackStore}'s default on the forwarding store: it streams every selected
   * feedback to the client and folds it there.
   *
   * @param store the store
   * @return the folding store
   */
  public static FeedbackStore foldingOnTheClient(FeedbackStore store) {
    InvocationHandler forward =
        (proxy, method, args) -> {
          if (method.getName().equals("analyze")) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause(); // the store's own exception
          }
        };
    return (FeedbackStore)
        Proxy.newProxyInstance(
            FeedbackStore.class.getClassLoader(), new Class<?>[] {FeedbackStore.class}, forward);
  }
}
