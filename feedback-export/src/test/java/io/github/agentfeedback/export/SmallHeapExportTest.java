package io.github.agentfeedback.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.export.SyntheticFeedback.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports 100,000 lazily generated rows in each format with a 32 MB heap: the surefire
 * execution {@code small-heap} runs this class alone in a JVM started with {@code -Xmx32m}.
 * The dump it writes is larger than that heap, so the export cannot hold its output (or its
 * rows) in memory.
 */
@Tag("small-heap")
class SmallHeapExportTest {

  private static final int ROWS = 100_000;
  private static final long SEED = 20260301L;
  private static final long HEAP_LIMIT = 32L << 20;

  @TempDir Path dir;

  @BeforeAll
  static void runsWithASmallHeap() {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("max heap; this class must run in the small-heap surefire execution")
        .isLessThanOrEqualTo(HEAP_LIMIT);
  }

  @Test
  void dumpOfHundredThousandRowsLargerThanTheHeapSucceeds() throws IOException {
    Path file = dir.resolve("dump.jsonl");

    ExportSummary summary = FeedbackExporter.dump().export(rows(), file);

    assertThat(summary).isEqualTo(SyntheticFeedback.expected(ROWS, k -> null, Files.size(file)));
    assertThat(summary.bytesWritten()).isGreaterThan(Runtime.getRuntime().maxMemory());
    assertThat(countLines(file)).isEqualTo(ROWS);
  }

  @Test
  void sftOfHundredThousandRowsSucceeds() throws IOException {
    assertExport(FeedbackExporter.sft("Be brief."), k -> k.sft, "sft.jsonl");
  }

  @Test
  void dpoOfHundredThousandRowsSucceeds() throws IOException {
    assertExport(FeedbackExporter.dpo(), k -> k.dpo, "dpo.jsonl");
  }

  private void assertExport(FeedbackExporter exporter, Function<Kind, SkipReason> fate, String name)
      throws IOException {
    Path file = dir.resolve(name);

    ExportSummary summary = exporter.export(rows(), file);

    assertThat(summary).isEqualTo(SyntheticFeedback.expected(ROWS, fate, Files.size(file)));
    assertThat(countLines(file)).isEqualTo(summary.rowsWritten());
  }

  private static Stream<SessionFeedback> rows() {
    return SyntheticFeedback.rows(SEED, ROWS);
  }

  private static long countLines(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return in.lines().count();
    }
  }
}
