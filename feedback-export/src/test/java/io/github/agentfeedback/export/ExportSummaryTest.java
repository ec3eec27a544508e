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

  /** A summary of {@code read} rows, {@code written} of them written, of 0 bytes. */
  private static ExportSummary.Builder rows(long read, long written) {
    return ExportSummary.builder().rowsRead(read).rowsWritten(written);
  }

  @Test
  void skipCountsAreKeptInReasonOrderWithoutZeros() {
    Map<SkipReason, Long> skipped = new LinkedHashMap<>();
    skipped.put(SkipReason.TIE, 2L);
    skipped.put(SkipReason.NO_PROMPT, 0L);
    skipped.put(SkipReason.REVIEW_REJECTED, 3L);

    ExportSummary summary = rows(10, 5).skipped(skipped).bytesWritten(123).build();

    assertThat(summary.skipped())
        .containsExactly(Map.entry(SkipReason.REVIEW_REJECTED, 3L), Map.entry(SkipReason.TIE, 2L));
    assertThat(summary.skipped(SkipReason.TIE)).isEqualTo(2);
    assertThat(summary.skipped(SkipReason.NO_PROMPT)).isZero();
    assertThat(summary.skippedTotal()).isEqualTo(5);
    assertThat(summary.rowsRead()).isEqualTo(10);
    assertThat(summary.rowsWritten()).isEqualTo(5);
    assertThat(summary.bytesWritten()).isEqualTo(123);
    ExportSummary same =
        rows(10, 5)
            .skipped(SkipReason.TIE, 2)
            .skipped(SkipReason.REVIEW_REJECTED, 3)
            .bytesWritten(123)
            .build();
    assertThat(summary)
        .isEqualTo(same)
        .hasSameHashCodeAs(same)
        .isNotEqualTo(rows(10, 5).skipped(skipped).bytesWritten(124).build());
    assertThat(summary)
        .hasToString(
            "ExportSummary[rowsRead=10, rowsWritten=5, "
                + "skipped={REVIEW_REJECTED=3, TIE=2}, bytesWritten=123]");
  }

  @Test
  void skipCountsSetAsAMapReplaceThoseSetBefore() {
    ExportSummary summary =
        rows(1, 0).skipped(SkipReason.TIE, 1).skipped(Map.of(SkipReason.NO_PROMPT, 1L)).build();

    assertThat(summary.skipped()).containsExactly(Map.entry(SkipReason.NO_PROMPT, 1L));
  }

  @Test
  void skipCountsAreCopiedAndCannotBeChanged() {
    Map<SkipReason, Long> skipped = new HashMap<>(Map.of(SkipReason.TIE, 1L));
    ExportSummary.Builder builder = rows(1, 0).skipped(skipped);
    ExportSummary summary = builder.build();

    skipped.put(SkipReason.TIE, 5L);
    builder.skipped(SkipReason.TIE, 0).rowsWritten(1);

    assertThat(summary.skipped(SkipReason.TIE)).isEqualTo(1);
    assertThat(builder.build().skipped()).isEmpty();
    assertThatThrownBy(() -> summary.skipped().put(SkipReason.TIE, 2L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void negativeFiguresAreRejectedByName() {
    assertThatThrownBy(() -> rows(-1, 0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rowsRead");
    assertThatThrownBy(() -> rows(0, -1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rowsWritten");
    assertThatThrownBy(() -> rows(0, 0).bytesWritten(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytesWritten");
    assertThatThrownBy(() -> rows(1, 2).skipped(SkipReason.TIE, -1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("skipped.TIE");
  }

  @Test
  void rowsReadMustBeRowsWrittenPlusSkipped() {
    assertThatThrownBy(() -> rows(10, 5).skipped(SkipReason.TIE, 4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rowsRead 10")
        .hasMessageContaining("were 9");
    assertThatThrownBy(() -> rows(10, 5).skipped(SkipReason.TIE, 6).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rowsRead 10");
    assertThatThrownBy(
            () ->
                rows(1, 0)
                    .skipped(SkipReason.TIE, Long.MAX_VALUE)
                    .skipped(SkipReason.NO_PROMPT, Long.MAX_VALUE)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rowsRead 1");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void nullsAndForeignKeysAreNamedNotCast() {
    assertThatThrownBy(() -> rows(0, 0).skipped(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("skipped");
    assertThatThrownBy(() -> rows(0, 0).skipped(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
    Map<SkipReason, Long> nullKey = new HashMap<>();
    nullKey.put(null, 1L);
    assertThatThrownBy(() -> rows(1, 0).skipped(nullKey).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("skipped key");
    Map raw = new HashMap();
    raw.put("TIE", 1L);
    assertThatThrownBy(() -> rows(1, 0).skipped(raw).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SkipReason");
    Map rawValue = new HashMap();
    rawValue.put(SkipReason.TIE, 1);
    assertThatThrownBy(() -> rows(1, 0).skipped(rawValue).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("skipped.TIE");
    assertThatThrownBy(() -> rows(0, 0).build().skipped(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
  }

  @Test
  void exportExceptionNamesTargetRowsAndCause() {
    IOException cause = new IOException("No space left on device");

    ExportException e = new ExportException("/data/sft.jsonl", 42, cause);

    assertThat(e)
        .hasMessage(
            "export to /data/sft.jsonl failed after 42 rows written: "
                + "java.io.IOException: No space left on device")
        .hasCause(cause);
    assertThat(e.target()).isEqualTo("/data/sft.jsonl");
    assertThat(e.rowsWritten()).isEqualTo(42);
    assertThatThrownBy(() -> new ExportException("t", -1, cause))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rowsWritten");
    assertThatThrownBy(() -> new ExportException(null, 0, cause))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("target");
    assertThatThrownBy(() -> new ExportException("t", 0, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cause");
  }
}
