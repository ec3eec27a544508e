package io.github.agentfeedback.export;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures export throughput (rows read per second) and heap use for the
 * {@link SyntheticFeedback} data set, and prints them. Not a test: run it with the command
 * in this module's pom, from the project root:
 *
 * <pre>./mvnw -B -q -pl feedback-export -am test-compile exec:exec@measure -Dexec.executable=java</pre>
 *
 * <p>That starts a JVM with {@code -Xmx32m} and 100,000 rows. It runs every task once to
 * warm up: generating the rows alone, and exporting them in each format to a file in a
 * temporary directory. Then it runs each task five times and reports the median time as
 * rows read per second; export throughput includes generating the rows. Two heap figures
 * are given, the largest of the five runs: the peak, the sum of the heap pools' peak use (an
 * upper bound: the pools may peak at different moments, and the collector lets garbage fill
 * the heap before it collects), and the largest heap in use right after a collection, which
 * is the live data the export holds.
 */
public final class ExportMeasurement {

  private static final long SEED = 20260301L;
  private static final double MIB = 1 << 20;
  private static final int RUNS = 5;

  private ExportMeasurement() {}

  /**
   * Runs the measurement.
   *
   * @param args the number of rows (default 100,000)
   * @throws IOException if the temporary files cannot be handled
   */
  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "%,d rows; max heap %.0f MiB; %d processors; Java %s;"
            + " median of %d runs after a warm-up%n",
        rows,
        rt.maxMemory() / MIB,
        rt.availableProcessors(),
        Runtime.version(),
        RUNS);
    HeapAfterGc afterGc = new HeapAfterGc();
    Path dir = Files.createTempDirectory("feedback-export-measure");
    try {
      Map<String, Callable<ExportSummary>> tasks = new LinkedHashMap<>();
      tasks.put(
          "generate only",
          () -> {
            generate(rows);
            return null;
          });
      tasks.put("sft", export(FeedbackExporter.sft("Be brief."), rows, dir.resolve("sft")));
      tasks.put("dpo", export(FeedbackExporter.dpo(), rows, dir.resolve("dpo")));
      tasks.put("dump", export(FeedbackExporter.dump(), rows, dir.resolve("dump")));
      for (Callable<ExportSummary> task : tasks.values()) {
        call(task); // warm-up
      }
      for (Map.Entry<String, Callable<ExportSummary>> task : tasks.entrySet()) {
        measure(task.getKey(), rows, afterGc, task.getValue());
      }
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }

  private static Callable<ExportSummary> export(FeedbackExporter exporter, int rows, Path file) {
    return () -> exporter.export(SyntheticFeedback.rows(SEED, rows), file);
  }

  /** Runs the task {@link #RUNS} times and prints the figures. */
  private static void measure(
      String name, int rows, HeapAfterGc afterGc, Callable<ExportSummary> task) throws IOException {
    List<MemoryPoolMXBean> heap = heapPools();
    long[] nanos = new long[RUNS];
    long peak = 0;
    long live = 0;
    ExportSummary summary = null;
    for (int run = 0; run < RUNS; run++) {
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      afterGc.reset();
      long start = System.nanoTime();
      summary = call(task);
      nanos[run] = System.nanoTime() - start;
      peak = Math.max(peak, heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
      live = Math.max(live, afterGc.max());
    }
    Arrays.sort(nanos);
    double seconds = nanos[RUNS / 2] / 1e9;
    String written =
        summary == null
            ? ""
            : String.format(
                Locale.ROOT,
                "; %,d rows written, %.1f MiB",
                summary.rowsWritten(),
                summary.bytesWritten() / MIB);
    System.out.printf(
        Locale.ROOT,
        "%-13s %.2f s: %,9.0f rows/s%s; peak heap %.1f MiB," + " largest heap after GC %.1f MiB%n",
        name,
        seconds,
        rows / seconds,
        written,
        peak / MIB,
        live / MIB);
  }

  private static ExportSummary call(Callable<ExportSummary> task) throws IOException {
    try {
      return task.call();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Generates every row (a filter, so that count() cannot skip generating). */
  private static long generate(int rows) {
    return SyntheticFeedback.rows(SEED, rows).filter(r -> r.feedback() != null).count();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  /** The largest heap in use right after a collection: the live data. */
  private static final class HeapAfterGc implements NotificationListener {
    private final AtomicLong max = new AtomicLong();

    HeapAfterGc() {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).addNotificationListener(this, null, null);
      }
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
      if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
        Map<String, MemoryUsage> after =
            GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                .getGcInfo()
                .getMemoryUsageAfterGc();
        max.accumulateAndGet(
            heapPools().stream()
                .map(p -> after.get(p.getName()))
                .filter(Objects::nonNull)
                .mapToLong(MemoryUsage::getUsed)
                .sum(),
            Math::max);
      }
    }

    void reset() {
      max.set(0);
    }

    long max() {
      return max.get();
    }
  }

  private static void report(String name, long rows, long nanos, String more) {
    System.out.printf(
        Locale.ROOT,
        "%-13s %,d rows in %.2f s: %,.0f rows/s%s%n",
        name,
        rows,
        nanos / 1e9,
        rows / (nanos / 1e9),
        more);
  }
}
