package io.github.agentfeedback.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paired timing of two operations that a benchmark compares, for a machine whose speed
 * drifts (a database server sharing two cores with the client, a neighbour's build): each
 * invocation runs both, one right after the other, the order swapped every time, and times
 * each. Measured separately, in trials minutes apart with a server started for each, the two
 * see different machines; paired, they see the same one. When the trial ends the medians of
 * both in the measurement iterations are logged with their ratio, and the quartiles of the
 * ratio of each pair, which say how much it varies.
 *
 * <p>The JMH score of a paired benchmark is the time of both operations together; the ratio
 * is in the log line.
 *
 * <p>A JMH thread state: one per benchmark thread, not shared.
 */
@State(Scope.Thread)
public class Paired {
  private static final Logger log = LoggerFactory.getLogger(Paired.class);

  private boolean measuring;
  private boolean swapped;
  private long[] first = new long[1 << 12];
  private long[] second = new long[1 << 12];
  private int pairs;
  private @Nullable String firstName;
  private @Nullable String secondName;

  /**
   * Records only in measurement iterations.
   *
   * @param iteration the iteration about to run
   */
  @Setup(Level.Iteration)
  public void iteration(IterationParams iteration) {
    measuring = iteration.getType() == IterationType.MEASUREMENT;
  }

  /**
   * Runs both operations, in the order opposite to the last call's, and records their times.
   *
   * @param blackhole consumes the results
   * @param name the first operation's name, for the log
   * @param operation the first operation
   * @param otherName the second operation's name
   * @param other the second operation, the ratio's denominator
   * @throws Exception if either operation fails
   */
  public void run(
      Blackhole blackhole, String name, Callable<?> operation, String otherName, Callable<?> other)
      throws Exception {
    firstName = name;
    secondName = otherName;
    long a;
    long b;
    swapped = !swapped;
    if (swapped) {
      b = time(blackhole, other);
      a = time(blackhole, operation);
    } else {
      a = time(blackhole, operation);
      b = time(blackhole, other);
    }
    if (measuring) {
      if (pairs == first.length) {
        first = Arrays.copyOf(first, pairs * 2);
        second = Arrays.copyOf(second, pairs * 2);
      }
      first[pairs] = a;
      second[pairs++] = b;
    }
  }

  private static long time(Blackhole blackhole, Callable<?> operation) throws Exception {
    long start = System.nanoTime();
    blackhole.consume(operation.call());
    return System.nanoTime() - start;
  }

  /**
   * Logs both medians, their ratio and the quartiles of the ratios of the pairs.
   *
   * @param benchmark the benchmark that ran
   */
  @TearDown(Level.Trial)
  public void logRatio(BenchmarkParams benchmark) {
    if (pairs == 0) {
      return;
    }
    double[] ratios = new double[pairs];
    for (int i = 0; i < pairs; i++) {
      ratios[i] = (double) first[i] / second[i];
    }
    Arrays.sort(ratios);
    double a = median(Arrays.copyOf(first, pairs));
    double b = median(Arrays.copyOf(second, pairs));
    log.info(
        "{}: {} median {} µs, {} median {} µs: {} ÷ {} = {}× (pairs' ratios: quartiles {}× to"
            + " {}×, {} pairs)",
        benchmark.getBenchmark(),
        firstName,
        format(a / 1e3),
        secondName,
        format(b / 1e3),
        firstName,
        secondName,
        format(a / b),
        format(ratios[pairs / 4]),
        format(ratios[pairs * 3 / 4]),
        pairs);
  }

  private static double median(long[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, value < 10 ? "%.3f" : "%.1f", value);
  }
}
