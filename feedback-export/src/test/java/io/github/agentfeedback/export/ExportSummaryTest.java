package io.github.agentfeedback.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary's figures always add up, and bad figures are named. */
class ExportSummaryTest {

  @Test
  void skipCountsAreKeptInReasonOrderWithoutZeros() {
    Map<SkipReason, Long> skipped = new LinkedHashMap<>();
    skipped.put(SkipReason.TIE, 2L);
    skipped.put(SkipReason.NO_PROMPT, 0L);
    skipped.put(SkipReason.REVIEW_REJECTED, 3L);

    ExportSummary summary = new ExportSummary(10, 5, skipped, 123);

    assertThat(summary.skipped()).containsExactly(
        Map.entry(SkipReason.REVIEW_REJECTED, 3L), Map.entry(SkipReason.TIE, 2L));
    assertThat(summary.skipped(SkipReason.TIE)).isEqualTo(2);
    assertThat(summary.skipped(SkipReason.NO_PROMPT)).isZero();
    assertThat(summary.skippedTotal()).isEqualTo(5);
    assertThat(summary).isEqualTo(new ExportSummary(10, 5,
        Map.of(SkipReason.TIE, 2L, SkipReason.REVIEW_REJECTED, 3L), 123));
  }

  @Test
  void skipCountsAreCopiedAndCannotBeChanged() {
    Map<SkipReason, Long> skipped = new HashMap<>(Map.of(SkipReason.TIE, 1L));
    ExportSummary summary = new ExportSummary(1, 0, skipped, 0);

    skipped.put(SkipReason.TIE, 5L);

    assertThat(summary.skipped(SkipReason.TIE)).isEqualTo(1);
    assertThatThrownBy(() -> summary.skipped().put(SkipReason.TIE, 2L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void negativeFiguresAreRejectedByName() {
    assertThatThrownBy(() -> new ExportSummary(-1, 0, Map.of(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowsRead");
    assertThatThrownBy(() -> new ExportSummary(0, -1, Map.of(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowsWritten");
    assertThatThrownBy(() -> new ExportSummary(0, 0, Map.of(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytesWritten");
    assertThatThrownBy(() -> new ExportSummary(1, 2, Map.of(SkipReason.TIE, -1L), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("skipped.TIE");
  }

  @Test
  void rowsReadMustBeRowsWrittenPlusSkipped() {
    assertThatThrownBy(() -> new ExportSummary(10, 5, Map.of(SkipReason.TIE, 4L), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rowsRead 10").hasMessageContaining("were 9");
    assertThatThrownBy(() -> new ExportSummary(10, 5, Map.of(SkipReason.TIE, 6L), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowsRead 10");
    assertThatThrownBy(() -> new ExportSummary(1, 0,
        Map.of(SkipReason.TIE, Long.MAX_VALUE, SkipReason.NO_PROMPT, Long.MAX_VALUE), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowsRead 1");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void nullsAndForeignKeysAreNamedNotCast() {
    assertThatThrownBy(() -> new ExportSummary(0, 0, null, 0))
        .isInstanceOf(NullPointerException.class).hasMessage("skipped");
    Map<SkipReason, Long> nullKey = new HashMap<>();
    nullKey.put(null, 1L);
    assertThatThrownBy(() -> new ExportSummary(1, 0, nullKey, 0))
        .isInstanceOf(NullPointerException.class).hasMessage("skipped key");
    Map raw = new HashMap();
    raw.put("TIE", 1L);
    assertThatThrownBy(() -> new ExportSummary(1, 0, raw, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SkipReason");
    Map rawValue = new HashMap();
    rawValue.put(SkipReason.TIE, 1);
    assertThatThrownBy(() -> new ExportSummary(1, 0, rawValue, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("skipped.TIE");
    assertThatThrownBy(() -> new ExportSummary(0, 0, Map.of(), 0).skipped(null))
        .isInstanceOf(NullPointerException.class).hasMessage("reason");
  }

  @Test
  void exportExceptionNamesTargetRowsAndCause() {
    IOException cause = new IOException("No space left on device");

    ExportException e = new ExportException("/data/sft.jsonl", 42, cause);

    assertThat(e).hasMessage("export to /data/sft.jsonl failed after 42 rows written: "
        + "java.io.IOException: No space left on device").hasCause(cause);
    assertThat(e.target()).isEqualTo("/data/sft.jsonl");
    assertThat(e.rowsWritten()).isEqualTo(42);
    assertThatThrownBy(() -> new ExportException("t", -1, cause))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowsWritten");
    assertThatThrownBy(() -> new ExportException(null, 0, cause))
        .isInstanceOf(NullPointerException.class).hasMessage("target");
    assertThatThrownBy(() -> new ExportException("t", 0, null))
        .isInstanceOf(NullPointerException.class).hasMessage("cause");
  }
}
