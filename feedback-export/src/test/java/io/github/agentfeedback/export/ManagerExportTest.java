package io.github.agentfeedback.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.FeedbackStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports through a real FeedbackManager over the in-memory store. */
class ManagerExportTest {

  @TempDir Path dir;

  private final AtomicInteger streamsClosed = new AtomicInteger();
  private final FeedbackManager manager =
      FeedbackManager.builder()
          .store(closeCounting(new InMemoryFeedbackStore(), streamsClosed))
          .build();

  /**
   * The store holds every row in the heap, so this uses 20,000 rows: loading 100,000 took
   * most of the module's test time. {@link SmallHeapExportTest} streams 100,000.
   */
  @Test
  void storedRowsExportAsTheSameBytesAsTheRowsStreamedDirectly() throws Exception {
    int rows = 20_000;
    SyntheticFeedback.rows(11, rows).forEach(r -> manager.addFeedback(r.sessionId(), r.feedback()));
    String direct;
    ExportSummary directSummary;
    try (DigestWriter out = new DigestWriter()) {
      directSummary = FeedbackExporter.dump().export(SyntheticFeedback.rows(11, rows), out);
      direct = out.digest();
    }

    try (DigestWriter out = new DigestWriter()) {
      ExportSummary summary = FeedbackExporter.dump().export(manager, FeedbackQuery.all(), out);

      assertThat(out.digest()).isEqualTo(direct);
      assertThat(summary)
          .isEqualTo(directSummary)
          .isEqualTo(SyntheticFeedback.expected(rows, k -> null, summary.bytesWritten()));
    }
    assertThat(streamsClosed).hasValue(1);
  }

  @Test
  void queryChoosesTheRowsAndTheStreamIsClosed() {
    GoldenRows.cases().forEach(c -> manager.addFeedback(c.row().sessionId(), c.row().feedback()));
    Path file = dir.resolve("dpo.jsonl");

    ExportSummary summary =
        FeedbackExporter.dpo()
            .export(manager, FeedbackQuery.builder().rating(Rating.DOWN).build(), file);

    long down =
        GoldenRows.cases().stream().filter(c -> c.row().feedback().rating() == Rating.DOWN).count();
    assertThat(summary.rowsRead()).isEqualTo(down);
    assertThat(summary.skipped(SkipReason.NOT_SELECTED)).isZero();
    assertThat(summary.rowsWritten())
        .isEqualTo(
            GoldenRows.cases().stream()
                .filter(c -> c.row().feedback().rating() == Rating.DOWN && c.dpo() == null)
                .count());
    assertThat(streamsClosed).hasValue(1);
  }

  @Test
  void streamIsClosedWhenTheExportFails() {
    GoldenRows.cases().forEach(c -> manager.addFeedback(c.row().sessionId(), c.row().feedback()));
    Writer broken = new FeedbackExporterTest.RecordingWriter(10);

    assertThatThrownBy(() -> FeedbackExporter.dump().export(manager, FeedbackQuery.all(), broken))
        .isInstanceOf(ExportException.class);
    assertThatThrownBy(
            () ->
                FeedbackExporter.dump()
                    .export(
                        manager,
                        FeedbackQuery.all(),
                        dir.resolve("no-such-dir").resolve("f.jsonl")))
        .isInstanceOf(ExportException.class);

    assertThat(streamsClosed).hasValue(2);
  }

  @Test
  void managerExportEqualsTheExportOfItsStream() {
    GoldenRows.cases().forEach(c -> manager.addFeedback(c.row().sessionId(), c.row().feedback()));
    StringWriter viaManager = new StringWriter();
    StringWriter viaStream = new StringWriter();

    FeedbackExporter.sft().export(manager, FeedbackQuery.all(), viaManager);
    try (Stream<SessionFeedback> rows = manager.stream(FeedbackQuery.all())) {
      FeedbackExporter.sft().export(rows, viaStream);
    }

    assertThat(viaManager.toString()).isEqualTo(viaStream.toString()).isNotEmpty();
  }

  /** The store, with every stream it opens counting its close. */
  private static FeedbackStore closeCounting(FeedbackStore store, AtomicInteger closed) {
    return (FeedbackStore)
        Proxy.newProxyInstance(
            FeedbackStore.class.getClassLoader(),
            new Class<?>[] {FeedbackStore.class},
            (proxy, method, args) -> {
              try {
                Object result = method.invoke(store, args);
                return method.getName().equals("stream")
                    ? ((Stream<?>) result).onClose(closed::incrementAndGet)
                    : result;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** A writer that keeps only the SHA-256 of the UTF-8 text it is given. */
  private static final class DigestWriter extends OutputStreamWriter {
    private final MessageDigest sha;

    DigestWriter() throws Exception {
      this(MessageDigest.getInstance("SHA-256"));
    }

    private DigestWriter(MessageDigest sha) {
      super(new DigestOutputStream(OutputStream.nullOutputStream(), sha), StandardCharsets.UTF_8);
      this.sha = sha;
    }

    String digest() throws IOException {
      flush();
      return HexFormat.of().formatHex(sha.digest());
    }
  }
}
