package io.github.agentfeedback.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.export.GoldenRows.Case;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter's contract: targets, ordering, closing, and errors that name their cause. */
class FeedbackExporterTest {

  @TempDir Path dir;

  @Test
  void everyArgumentIsCheckedForNullByName() {
    FeedbackExporter exporter = FeedbackExporter.dump();
    Stream<SessionFeedback> rows = Stream.empty();
    Writer out = new StringWriter();
    Path file = dir.resolve("x.jsonl");
    FeedbackManager manager = FeedbackManager.builder().store(new InMemoryFeedbackStore()).build();
    FeedbackQuery all = FeedbackQuery.all();

    assertNpe(() -> exporter.export(null, out), "rows");
    assertNpe(() -> exporter.export(rows, (Writer) null), "out");
    assertNpe(() -> exporter.export(null, file), "rows");
    assertNpe(() -> exporter.export(rows, (Path) null), "file");
    assertNpe(() -> exporter.export(null, all, out), "manager");
    assertNpe(() -> exporter.export(manager, null, out), "query");
    assertNpe(() -> exporter.export(manager, all, (Writer) null), "out");
    assertNpe(() -> exporter.export(null, all, file), "manager");
    assertNpe(() -> exporter.export(manager, null, file), "query");
    assertNpe(() -> exporter.export(manager, all, (Path) null), "file");
    assertNpe(() -> FeedbackExporter.sft(null), "systemMessage");
    assertThat(file).doesNotExist();
  }

  @Test
  void systemMessageMustBeWritableText() {
    assertThatThrownBy(() -> FeedbackExporter.sft(" \n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("systemMessage")
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> FeedbackExporter.sft("broken \uD800 surrogate"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("systemMessage")
        .hasMessageContaining("surrogate");
  }

  @Test
  void systemMessageIsExposedButNeverPrinted() {
    FeedbackExporter exporter = FeedbackExporter.sft("secret instructions");

    assertThat(exporter.systemMessage()).contains("secret instructions");
    assertThat(FeedbackExporter.sft().systemMessage()).isEmpty();
    assertThat(FeedbackExporter.dpo().systemMessage()).isEmpty();
    assertThat(exporter.toString()).doesNotContain("secret").contains("sft", "19 chars");
  }

  @Test
  void nullRowIsReportedWithItsPosition() {
    Stream<SessionFeedback> rows = Stream.of(GoldenRows.cases().get(0).row(), null);

    assertThatThrownBy(() -> FeedbackExporter.dump().export(rows, new StringWriter()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("rows")
        .hasMessageContaining("row 1");
  }

  @Test
  void emptyStreamWritesAnEmptyFile() throws IOException {
    Path file = dir.resolve("empty.jsonl");

    ExportSummary summary = FeedbackExporter.sft().export(Stream.empty(), file);

    assertThat(summary).isEqualTo(ExportSummary.builder().build());
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void fileExportReplacesALongerFile() throws IOException {
    Path file = dir.resolve("dpo.jsonl");
    Files.writeString(file, "x".repeat(100_000));

    ExportSummary summary = FeedbackExporter.dpo().export(rows(), file);

    assertThat(Files.size(file)).isEqualTo(summary.bytesWritten());
    assertThat(Files.readString(file)).isEqualTo(exportToString(FeedbackExporter.dpo()));
  }

  @Test
  void aDpoPairWhoseAnswersDifferOnlyInOuterWhiteSpaceOrNormalFormIsSkippedAsTheSameText() {
    String composed = "Caf\u00e9 opens at 9.";
    String decomposed = "Cafe\u0301 opens at 9.";
    Stream<SessionFeedback> rows =
        Stream.of(
            dpoRow("padded", composed, "  " + composed + "\n"),
            dpoRow("normal-form", composed, decomposed),
            dpoRow("inner-space", "a  b", "a b"));
    StringWriter out = new StringWriter();

    ExportSummary summary = FeedbackExporter.dpo().export(rows, out);

    assertThat(summary.skipped(SkipReason.SAME_TEXT)).isEqualTo(2);
    assertThat(summary.rowsWritten()).as("white space inside a text is kept").isEqualTo(1);
    assertThat(out.toString()).contains("\"chosen\":\"a  b\"");
  }

  private static SessionFeedback dpoRow(String id, String correction, String response) {
    return new SessionFeedback(
        "s-dpo",
        Feedback.builder()
            .id(id)
            .rating(Rating.DOWN)
            .comment("wrong")
            .createdAt(Instant.parse("2026-03-02T00:00:00Z"))
            .prompt("When does the caf\u00e9 open?")
            .response(response)
            .correction(correction)
            .build());
  }

  @Test
  void callersWriterIsFlushedAndLeftOpen() throws IOException {
    RecordingWriter out = new RecordingWriter(Integer.MAX_VALUE);

    FeedbackExporter.sft().export(rows(), out);
    out.write("still open\n");

    assertThat(out.closed).isFalse();
    assertThat(out.flushes).isPositive();
    assertThat(out.text.toString())
        .isEqualTo(exportToString(FeedbackExporter.sft()) + "still open\n");
  }

  @Test
  void parallelStreamIsWrittenInEncounterOrder() {
    String sequential = exportToString(FeedbackExporter.dump());
    StringWriter out = new StringWriter();

    FeedbackExporter.dump().export(rows().parallel(), out);

    assertThat(out.toString()).isEqualTo(sequential);
  }

  @Test
  void oneExporterServesConcurrentExports() throws Exception {
    FeedbackExporter exporter = FeedbackExporter.sft("Be brief.");
    String expected = exportToString(exporter);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<String> export = () -> exportToString(exporter);
        results.add(pool.submit(export));
      }
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void writerFailureNamesTheTargetAndTheRowsItReceived() {
    // Big rows: the generator hands the writer several chunks before the limit is reached.
    Stream<SessionFeedback> rows = SyntheticFeedback.rows(7, 2_000);
    RecordingWriter out = new RecordingWriter(50_000);

    assertThatThrownBy(() -> FeedbackExporter.dump().export(rows, out))
        .isInstanceOfSatisfying(
            ExportException.class,
            e -> {
              assertThat(e.target()).isEqualTo("writer " + RecordingWriter.class.getName());
              assertThat(e.rowsWritten()).isPositive().isEqualTo(out.lines());
              assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessage("disk full");
              assertThat(e.getMessage())
                  .contains(e.target(), e.rowsWritten() + " rows", "disk full");
            });
  }

  @Test
  void fileThatCannotBeOpenedIsNamed() {
    Path file = dir.resolve("missing-dir").resolve("sft.jsonl");

    assertThatThrownBy(() -> FeedbackExporter.sft().export(rows(), file))
        .isInstanceOfSatisfying(
            ExportException.class,
            e -> {
              assertThat(e.target()).isEqualTo(file.toString());
              assertThat(e.rowsWritten()).isZero();
              assertThat(e.getCause()).isInstanceOf(NoSuchFileException.class);
            });
  }

  @Test
  void directoryIsNotAFileToWrite() {
    assertThatThrownBy(() -> FeedbackExporter.dump().export(rows(), dir))
        .isInstanceOfSatisfying(
            ExportException.class, e -> assertThat(e.target()).isEqualTo(dir.toString()));
  }

  @Test
  void streamFailurePassesThroughAndLeavesThePreviousFileAsItWas() throws IOException {
    // Yesterday's complete export must not become today's truncated one, which a training
    // job could not tell from a complete file.
    Path file = dir.resolve("dump.jsonl");
    String previous = exportToString(FeedbackExporter.dump());
    Files.writeString(file, previous);
    FeedbackStoreException failure =
        new FeedbackStoreException("connection reset", "stream", null, null, true, null);
    Stream<SessionFeedback> rows =
        Stream.concat(
            rows().limit(3),
            Stream.<SessionFeedback>generate(
                    () -> {
                      throw failure;
                    })
                .limit(1));

    assertThatThrownBy(() -> FeedbackExporter.dump().export(rows, file)).isSameAs(failure);

    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(previous);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void failedExportToANewFileCreatesNoFile() {
    Path file = dir.resolve("sft.jsonl");
    Stream<SessionFeedback> rows =
        Stream.concat(
            rows().limit(3),
            Stream.<SessionFeedback>generate(
                    () -> {
                      throw new IllegalStateException("store gone");
                    })
                .limit(1));

    assertThatThrownBy(() -> FeedbackExporter.sft().export(rows, file)).hasMessage("store gone");

    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
    Path real = Files.createDirectory(dir.resolve("exports")).resolve("2026-12-06.jsonl");
    Files.writeString(real, "old\n");
    Path link = Files.createSymbolicLink(dir.resolve("latest.jsonl"), real);

    FeedbackExporter.sft().export(rows(), link);

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo(exportToString(FeedbackExporter.sft()));
  }

  @Test
  void aReplacedFileKeepsItsPermissions() throws IOException {
    Assumptions.assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX only");
    Path file = dir.resolve("sft.jsonl");
    Files.writeString(file, "old\n");
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    Files.setPosixFilePermissions(file, ownerOnly);

    FeedbackExporter.sft().export(rows(), file);

    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(ownerOnly);
    assertThat(Files.readString(file)).isEqualTo(exportToString(FeedbackExporter.sft()));
  }

  @Test
  void aFileWhoseNameIsNearTheLongestAllowedIsWritten() throws IOException {
    // 246 chars: the temporary file beside it must not need a longer name (255 on most
    // file systems).
    Path file = dir.resolve("x".repeat(240) + ".jsonl");

    ExportSummary summary = FeedbackExporter.dump().export(rows(), file);

    assertThat(Files.size(file)).isEqualTo(summary.bytesWritten()).isPositive();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  private static Stream<SessionFeedback> rows() {
    return GoldenRows.cases().stream().map(Case::row);
  }

  private static String exportToString(FeedbackExporter exporter) {
    return exportToString(exporter, rows());
  }

  private static String exportToString(FeedbackExporter exporter, Stream<SessionFeedback> rows) {
    StringWriter out = new StringWriter();
    exporter.export(rows, out);
    return out.toString();
  }

  private static void assertNpe(ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(name);
  }

  /** Keeps what it is given, counts flushes and closes, and fails past a size limit. */
  static final class RecordingWriter extends Writer {
    final StringBuilder text = new StringBuilder();
    private final int limit;
    int flushes;
    boolean closed;

    RecordingWriter(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
      if (text.length() + len > limit) {
        throw new IOException("disk full");
      }
      text.append(chars, off, len);
    }

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public void close() {
      closed = true;
    }

    long lines() {
      return text.chars().filter(c -> c == '\n').count();
    }
  }
}
