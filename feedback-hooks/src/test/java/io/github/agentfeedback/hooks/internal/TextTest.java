package io.github.agentfeedback.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void stripRemovesNoBreakSpacesThatStringStripKeeps() {
    String padded = "\u00a0\u2007 a b \u202f\u3000\n";
    assertThat(padded.strip()).isEqualTo("\u00a0\u2007 a b \u202f"); // U+3000 and line feed go
    assertThat(Text.strip(padded)).isEqualTo("a b");
    assertThat(Text.isBlank("\u00a0\u202f\t")).isTrue();
    assertThat("\u00a0\u202f\t".isBlank()).isFalse();
    assertThat(Text.isBlank("\u00a0x")).isFalse();
    assertThat(Text.isBlank("")).isTrue();
  }

  @Test
  void stripReturnsTheSameStringWhenThereIsNothingToStrip() {
    String s = "no padding";
    assertThat(Text.strip(s)).isSameAs(s);
  }

  /** Validation trims with strip and isBlank; sanitizing collapses: the same chars vanish. */
  @Test
  void stripBlankAndCollapseAgreeOnEveryCharacter() {
    List<String> disagreements = new ArrayList<>();
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      if (Character.getType(c) == Character.SURROGATE) {
        continue;
      }
      String s = Character.toString(c).repeat(2);
      boolean stripped = Text.strip(s).isEmpty();
      if (stripped != Text.collapseWhitespace(s).isEmpty() || stripped != Text.isBlank(s)) {
        disagreements.add(String.format("U+%04X", c));
      }
    }
    assertThat(disagreements).isEmpty();
  }
}
