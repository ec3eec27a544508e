package io.github.agentfeedback.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredValuesTest {

  private static final long TWO_TO_53 = 1L << 53;

  @Test
  void numbersOfDifferentTypesAreEqualByTheirExactValue() {
    assertThat(StoredValues.same(3, 3.0)).isTrue();
    assertThat(StoredValues.same(3L, 3)).isTrue();
    assertThat(StoredValues.same(-0.0, 0L)).isTrue();
    assertThat(StoredValues.same(TWO_TO_53, (double) TWO_TO_53)).isTrue();
    assertThat(StoredValues.same(3L, 3.5)).isFalse();
    // As MongoDB and PostgreSQL compare them: not through the nearest double of the long.
    assertThat(StoredValues.same(TWO_TO_53 + 1, (double) TWO_TO_53)).isFalse();
    assertThat(StoredValues.same((double) TWO_TO_53, TWO_TO_53 + 1)).isFalse();
    assertThat(StoredValues.same(Long.MAX_VALUE, 0x1p63)).isFalse();
    assertThat(StoredValues.same(Long.MIN_VALUE, -0x1p63)).isTrue();
    assertThat(StoredValues.same(Long.MIN_VALUE, -0x1p64)).isFalse();
    assertThat(StoredValues.same(0x1p63, 0x1p63)).isTrue();
  }

  @Test
  void containersCompareTheirNumbersExactlyToo() {
    assertThat(StoredValues.same(List.of(TWO_TO_53 + 1), List.of((double) TWO_TO_53))).isFalse();
    assertThat(StoredValues.same(Map.of("n", 3), Map.of("n", 3.0))).isTrue();
  }

  @Test
  void stringsAreOrderedByCodePointAsUtf8BytesAre() {
    String privateUse = "\uE000";
    String emoji = "\uD83D\uDE00"; // U+1F600: before U+E000 by UTF-16 unit, after it here
    List<String> ids = new java.util.ArrayList<>(List.of(emoji, privateUse, "a", "ab", ""));
    ids.sort(StoredValues.codePointOrder());
    assertThat(ids).containsExactly("", "a", "ab", privateUse, emoji);
  }
}
