package io.github.agentfeedback.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;

class HtmlTextTest {

  /** Backs the one-pass check: text made only of chars below U+0300 needs no normalizing. */
  @Test
  void charsBelowCombiningMarksAreInNfcAloneAndInPairs() {
    char[] pair = new char[2];
    for (char a = 0; a < HtmlText.NFC_STABLE_BELOW; a++) {
      assertThat(Normalizer.isNormalized(String.valueOf(a), Normalizer.Form.NFC))
          .as("U+%04X", (int) a)
          .isTrue();
      pair[0] = a;
      for (char b = 0; b < HtmlText.NFC_STABLE_BELOW; b++) {
        pair[1] = b;
        if (!Normalizer.isNormalized(new String(pair), Normalizer.Form.NFC)) {
          throw new AssertionError(String.format("U+%04X U+%04X is not in NFC", (int) a, (int) b));
        }
      }
    }
    assertThat(Normalizer.isNormalized("e" + HtmlText.NFC_STABLE_BELOW, Normalizer.Form.NFC))
        .as("the first combining mark composes")
        .isFalse();
  }

  @Test
  void plainTextIsRecognizedAndReturnedAsTheSameInstance() {
    for (String text :
        new String[] {
          "",
          "Clear instructions, thanks!",
          "line one\nline two",
          "Caf\u00e9 \u00fcber na\u00efve",
          "\u4f60\u597d\uff0c\u8c22\u8c22",
          "Thumbs \uD83D\uDC4D",
          "\u0645\u0631\u062d\u0628\u0627",
          "5 > 3 = true"
        }) {
      assertThat(HtmlText.isPlainText(text, true)).as(text).isTrue();
      assertThat(HtmlText.toPlainText(text, true)).isSameAs(text);
    }
  }

  @Test
  void nfcIsSkippedWhereItWouldLengthenTheText() {
    // U+0958 decomposes under NFC into two chars, 3 UTF-8 bytes into 6.
    assertThat(Normalizer.normalize("\u0958", Normalizer.Form.NFC)).hasSize(2);
    assertThat(HtmlText.toPlainText("<b>\u0958</b>")).isEqualTo("\u0958");
    assertThat(HtmlText.toPlainText("<b>cafe\u0301</b>")).isEqualTo("caf\u00e9");
  }

  @Test
  void textThatSanitizingChangesIsNotTakenForPlain() {
    for (String text :
        new String[] {
          "<b>x</b>",
          "a &amp; b",
          "a\0b",
          " lead",
          "trail ",
          "two  spaces",
          "tab\there",
          "nbsp\u00a0here",
          "cafe\u0301",
          "break\r\nhere"
        }) {
      assertThat(HtmlText.isPlainText(text, true)).as(text).isFalse();
    }
    assertThat(HtmlText.isPlainText("two  spaces\tand tab ", false)).isTrue();
    assertThat(HtmlText.isPlainText("cafe\u0301", false)).isFalse();
  }
}
