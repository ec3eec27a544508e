package io.github.agentfeedback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodePointOrderTest {

  @Test
  void supplementaryCharactersSortAfterTheLastBmpCharacters() {
    assertThat(CodePointOrder.compare("\uFF3A", "\uD83D\uDE00")).isNegative();
    assertThat("\uFF3A".compareTo("\uD83D\uDE00")).isPositive(); // UTF-16 order disagrees
    assertThat(CodePointOrder.compare("a", "ab")).isNegative();
    assertThat(CodePointOrder.compare("", "")).isZero();
    assertThat(CodePointOrder.NULLS_FIRST.compare(null, "")).isNegative();
  }

  @Test
  void agreesWithComparingTheCodePointSequences() {
    Random random = new Random(21);
    int[] pool = {0x41, 0x7A, 0xD7FF, 0xE000, 0xFF3A, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    for (int i = 0; i < 20_000; i++) {
      String a = random(random, pool);
      String b = random(random, pool);
      int expected =
          Integer.signum(Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
      assertThat(Integer.signum(CodePointOrder.compare(a, b)))
          .as("%s vs %s", a, b)
          .isEqualTo(expected);
    }
  }

  private static String random(Random random, int[] pool) {
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(4);
    for (int i = 0; i < length; i++) {
      s.appendCodePoint(pool[random.nextInt(pool.length)]);
    }
    return s.toString();
  }
}
