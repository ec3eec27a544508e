package io.github.agentfeedback.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void longerComparesCharsCodePointsAndUtf8Bytes() {
    assertThat(Text.longer("ab", "a")).isTrue();
    assertThat(Text.longer("\u20ac", "a")).as("3 bytes against 1").isTrue();
    assertThat(Text.longer("\uD83D\uDC4D", "\u20ac")).as("4 bytes against 3").isTrue();
    assertThat(Text.longer("\u20ac", "\uD83D\uDC4D")).isFalse();
    assertThat(Text.longer("a", "a")).isFalse();
    assertThat(Text.utf8Length("a\u00e9\u20ac\uD83D\uDC4D\uD800"))
        .isEqualTo("a\u00e9\u20ac\uD83D\uDC4D\uFFFD".getBytes(StandardCharsets.UTF_8).length);
  }

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
  void showsNothingLooksThroughFormatCharacters() {
    assertThat(Text.showsNothing("\u200B\u00a0\u00AD\u202E\uFEFF\n")).isTrue();
    assertThat(Text.isBlank("\u200B")).isFalse();
    assertThat(Text.showsNothing("\u200Bx")).isFalse();
    assertThat(Text.showsNothing("")).isTrue();
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
