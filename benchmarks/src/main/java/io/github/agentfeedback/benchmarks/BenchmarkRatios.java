package io.github.agentfeedback.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs benchmarks exactly as {@code java -jar benchmarks.jar} does (same arguments, same
 * output), then prints the ratios the performance issue asks for, each against a baseline
 * measured in the same run. Only ratios whose benchmarks ran are printed; machines differ,
 * so compare ratios rather than absolute figures.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.agentfeedback.benchmarks.BenchmarkRatios \
 *     "HookChain|MongoAppend|BatchIngest|Concurrency|NotificationLatency|LargeSession" \
 *     -f 1 -prof gc
 * </pre>
 *
 * <p>The ratios:
 * <ul>
 *   <li>{@code MongoAppendBenchmark}: the store's time per call over the raw driver's
 *       (target ≤ 1.10);
 *   <li>{@code HookChainBenchmark}: the µs the full chain adds per call (target ≤ 2.0), and
 *       with {@code -prof gc} the bytes allocated per call;
 *   <li>{@code BatchIngestBenchmark}: the time of 500 single calls over one batch of 500,
 *       without and with hooks (target ≥ 2);
 *   <li>{@code ConcurrencyBenchmark}: throughput at 2, 4, 8 and 16 threads over 1 thread,
 *       per store and id generator;
 *   <li>{@code NotificationLatencyBenchmark}: latency with the webhook over without, mean
 *       (target ≤ 1.10) and median, per hook set;
 *   <li>{@code LargeSessionBenchmark}: time per append at N = 1,000 and 10,000, and capped,
 *       over N = 100;
 *   <li>{@code JdbcAppendBenchmark}: the JDBC store's time per call over a hand-written
 *       insert (target ≤ 1.10), and 500 singles over one batch of 500 (target ≥ 5);
 *   <li>{@code JdbcLargeSessionBenchmark}: time per append at N = 10,000 over N = 100
 *       (target ≤ 1.5);
 *   <li>{@code JdbcAnalyticsBenchmark}: the client fold's time per report over the SQL
 *       pushdown's (target ≥ 10); the client heap of each is logged.
 * </ul>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class BenchmarkRatios {

  private final Collection<RunResult> results;

  private BenchmarkRatios(Collection<RunResult> results) {
    this.results = results;
  }

  /**
   * Runs the benchmarks the arguments select and prints the ratios to standard output.
   * Arguments that only ask for help or a list are passed to JMH's own main.
   *
   * @param args JMH's command-line arguments
   * @throws Exception if JMH fails to parse the arguments or to run
   */
  public static void main(String[] args) throws Exception {
    CommandLineOptions options = new CommandLineOptions(args);
    if (options.shouldHelp()
        || options.shouldList()
        || options.shouldListWithParams()
        || options.shouldListProfilers()
        || options.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    Collection<RunResult> results = new Runner(options).run();
    PrintStream out = System.out;
    out.println();
    out.println("Ratios (each against a baseline from this run):");
    List<String> lines = report(results);
    if (lines.isEmpty()) {
      out.println("  none: no pair of the issue's benchmarks ran");
    }
    for (String line : lines) {
      out.println("  " + line);
    }
  }

  /**
   * The ratio lines for the results given, for the benchmarks that ran.
   *
   * @param results JMH's results
   * @return one line per ratio
   */
  static List<String> report(Collection<RunResult> results) {
    BenchmarkRatios r = new BenchmarkRatios(results);
    List<String> lines = new ArrayList<>();
    r.mongoAppend(lines);
    r.hookChain(lines);
    r.batchIngest(lines);
    r.concurrency(lines);
    r.notificationLatency(lines);
    r.largeSession(lines);
    r.jdbc(lines);
    return lines;
  }

  private void mongoAppend(List<String> lines) {
    // Throughput: time ratio store/raw is raw ops over store ops.
    ratio(
            "MongoAppend: store / raw driver time per call (target <= 1.10)",
            score("MongoAppendBenchmark.rawDriverUpdateOne"),
            score("MongoAppendBenchmark.storeAddFeedback"))
        .ifPresent(lines::add);
  }

  private void hookChain(List<String> lines) {
    Optional<RunResult> bare = find("HookChainBenchmark.noHooks");
    Optional<RunResult> full =
        find("HookChainBenchmark.validationSanitizingPiiRateLimitAuditAnalytics");
    if (bare.isEmpty() || full.isEmpty()) {
      return;
    }
    double addedMicros = (primary(full.get()) - primary(bare.get())) / 1_000;
    lines.add(
        String.format(
            Locale.ROOT,
            "HookChain: the full chain adds %.2f us per call (target <= 2.0)",
            addedMicros));
    Optional<Double> bareBytes = secondary(bare.get(), "gc.alloc.rate.norm");
    Optional<Double> fullBytes = secondary(full.get(), "gc.alloc.rate.norm");
    if (bareBytes.isPresent() && fullBytes.isPresent()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "HookChain: %.0f B allocated per call without hooks, %.0f B with the full chain",
              bareBytes.get(),
              fullBytes.get()));
    }
  }

  private void batchIngest(List<String> lines) {
    for (String pair : List.of("NoHooks", "FullChain")) {
      ratio(
              "BatchIngest " + pair + ": 500 singles / one batch of 500 (target >= 2)",
              score("BatchIngestBenchmark.singles" + pair),
              score("BatchIngestBenchmark.batch" + pair))
          .ifPresent(lines::add);
    }
  }

  private void notificationLatency(List<String> lines) {
    for (String hooks : List.of("none", "fullChain")) {
      Optional<RunResult> with = find("NotificationLatencyBenchmark.withWebhook", "hooks=" + hooks);
      Optional<RunResult> without =
          find("NotificationLatencyBenchmark.withoutNotifier", "hooks=" + hooks);
      String label = "NotificationLatency hooks=" + hooks + ": with webhook / without notifier";
      ratio(
              label + ", mean (target <= 1.10)",
              with.map(BenchmarkRatios::primary),
              without.map(BenchmarkRatios::primary))
          .ifPresent(lines::add);
      ratio(
              label + ", median",
              with.flatMap(x -> secondary(x, "p0.50")),
              without.flatMap(x -> secondary(x, "p0.50")))
          .ifPresent(lines::add);
    }
  }

  private void concurrency(List<String> lines) {
    for (String store : List.of("memory", "mongo")) {
      for (String ids : List.of("default", "threadLocal")) {
        String[] params = {"store=" + store, "ids=" + ids};
        Optional<Double> one = score("ConcurrencyBenchmark.threads01", params);
        if (one.isEmpty()) {
          continue;
        }
        StringBuilder curve =
            new StringBuilder(
                "Concurrency store=" + store + " ids=" + ids + ": throughput / 1 thread:");
        for (String threads : List.of("02", "04", "08", "16")) {
          score("ConcurrencyBenchmark.threads" + threads, params)
              .ifPresent(
                  s ->
                      curve.append(
                          String.format(
                              Locale.ROOT,
                              "  %d threads %.2f",
                              Integer.parseInt(threads),
                              s / one.get())));
        }
        lines.add(curve.toString());
      }
    }
  }

  private void largeSession(List<String> lines) {
    Optional<Double> small = score("LargeSessionBenchmark.append", "feedbacks=100");
    for (String n : List.of("1000", "10000")) {
      ratio(
              "LargeSession: append at N=" + n + " / N=100",
              score("LargeSessionBenchmark.append", "feedbacks=" + n),
              small)
          .ifPresent(lines::add);
    }
    Optional<Double> capped = score("LargeSessionBenchmark.appendCapped");
    ratio("LargeSession: append capped at 1,000 (session of 10,000) / N=100", capped, small)
        .ifPresent(lines::add);
    ratio(
            "LargeSession: append capped at 1,000 / uncapped at N=10000",
            capped,
            score("LargeSessionBenchmark.append", "feedbacks=10000"))
        .ifPresent(lines::add);
  }

  private void jdbc(List<String> lines) {
    ratio(
            "JdbcAppend: store / hand-written insert time per call (target <= 1.10)",
            score("JdbcAppendBenchmark.storeAddFeedback"),
            score("JdbcAppendBenchmark.handWrittenInsert"))
        .ifPresent(lines::add);
    ratio(
            "JdbcAppend: 500 singles / one batch of 500 (target >= 5)",
            score("JdbcAppendBenchmark.singles500"),
            score("JdbcAppendBenchmark.batchOf500"))
        .ifPresent(lines::add);
    ratio(
            "JdbcLargeSession: append at N=10000 / N=100 (target <= 1.5)",
            score("JdbcLargeSessionBenchmark.append", "feedbacks=10000"),
            score("JdbcLargeSessionBenchmark.append", "feedbacks=100"))
        .ifPresent(lines::add);
    ratio(
            "JdbcAnalytics: client fold / pushdown time per report (target >= 10)",
            score("JdbcAnalyticsBenchmark.clientFold"),
            score("JdbcAnalyticsBenchmark.pushdown"))
        .ifPresent(lines::add);
    ratio(
            "JdbcAnalytics: client fold / pushdown time, grouped figures only",
            score("JdbcAnalyticsBenchmark.clientFoldGroupsOnly"),
            score("JdbcAnalyticsBenchmark.pushdownGroupsOnly"))
        .ifPresent(lines::add);
  }

  private Optional<String> ratio(
      String label, Optional<Double> numerator, Optional<Double> denominator) {
    if (numerator.isEmpty() || denominator.isEmpty() || denominator.get() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(Locale.ROOT, "%s: %.2f", label, numerator.get() / denominator.get()));
  }

  private Optional<Double> score(String benchmark, String... params) {
    return find(benchmark, params).map(BenchmarkRatios::primary);
  }

  private static double primary(RunResult r) {
    return r.getPrimaryResult().getScore();
  }

  /** A secondary result whose label ends with {@code label}, such as a percentile. */
  private static Optional<Double> secondary(RunResult r, String label) {
    for (String key : r.getSecondaryResults().keySet()) {
      if (key.endsWith(label)) {
        Result<?> result = r.getSecondaryResults().get(key);
        return Optional.of(result.getScore());
      }
    }
    return Optional.empty();
  }

  /**
   * The result of {@code Class.method} (simple class name) whose parameters include every
   * {@code name=value} given.
   */
  private Optional<RunResult> find(String benchmark, String... params) {
    for (RunResult r : results) {
      if (!r.getParams().getBenchmark().endsWith("." + benchmark)) {
        continue;
      }
      boolean matches = true;
      for (String param : params) {
        String[] kv = param.split("=", 2);
        matches &= kv[1].equals(r.getParams().getParam(kv[0]));
      }
      if (matches) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
