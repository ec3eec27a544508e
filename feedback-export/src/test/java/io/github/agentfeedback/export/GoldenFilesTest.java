package io.github.agentfeedback.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.export.GoldenRows.Case;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each format's exact bytes for the {@link GoldenRows} data set, compared with the files
 * under {@code src/test/resources/io/github/agentfeedback/export/}. On a mismatch the
 * actual output is saved under {@code target/golden-actual/} for diffing.
 */
class GoldenFilesTest {

  @TempDir Path dir;

  static Stream<Arguments> formats() {
    Function<Case, SkipReason> sft = Case::sft;
    Function<Case, SkipReason> dpo = Case::dpo;
    Function<Case, SkipReason> none = c -> null;
    return Stream.of(
        Arguments.of("sft.jsonl", FeedbackExporter.sft(), sft),
        Arguments.of("sft-system.jsonl", FeedbackExporter.sft(GoldenRows.SYSTEM), sft),
        Arguments.of("dpo.jsonl", FeedbackExporter.dpo(), dpo),
        Arguments.of("dump.jsonl", FeedbackExporter.dump(), none));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void fileExportMatchesGoldenFileByteForByte(
      String golden, FeedbackExporter exporter, Function<Case, SkipReason> expected)
      throws IOException {
    Path file = dir.resolve(golden);

    ExportSummary summary = exporter.export(rows(), file);

    byte[] actual = Files.readAllBytes(file);
    assertSameBytes(golden, actual);
    assertThat(summary).isEqualTo(expectedSummary(expected, actual.length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void writerExportMatchesGoldenFileByteForByte(
      String golden, FeedbackExporter exporter, Function<Case, SkipReason> expected)
      throws IOException {
    StringWriter out = new StringWriter();

    ExportSummary summary = exporter.export(rows(), out);

    byte[] actual = out.toString().getBytes(StandardCharsets.UTF_8);
    assertSameBytes(golden, actual);
    assertThat(summary).isEqualTo(expectedSummary(expected, actual.length));
  }

  /** The summary the case labels call for: every case written or skipped for its reason. */
  private static ExportSummary expectedSummary(Function<Case, SkipReason> fate, long bytes) {
    List<Case> cases = GoldenRows.cases();
    Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    long written = 0;
    for (Case c : cases) {
      SkipReason reason = fate.apply(c);
      if (reason == null) {
        written++;
      } else {
        skipped.merge(reason, 1L, Long::sum);
      }
    }
    return ExportSummary.builder()
        .rowsRead(cases.size())
        .rowsWritten(written)
        .skipped(skipped)
        .bytesWritten(bytes)
        .build();
  }

  private static Stream<SessionFeedback> rows() {
    return GoldenRows.cases().stream().map(Case::row);
  }

  private static void assertSameBytes(String golden, byte[] actual) throws IOException {
    byte[] expected;
    try (InputStream in = GoldenFilesTest.class.getResourceAsStream(golden)) {
      expected = Objects.requireNonNull(in, "test resource " + golden).readAllBytes();
    }
    if (!Arrays.equals(expected, actual)) {
      Path saved = Path.of("target", "golden-actual", golden);
      Files.createDirectories(saved.getParent());
      Files.write(saved, actual);
      assertThat(new String(actual, StandardCharsets.UTF_8))
          .as(
              "%s differs from the golden file; actual output saved as %s",
              golden, saved.toAbsolutePath())
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      assertThat(actual).isEqualTo(expected);
    }
  }
}
