package io.github.agentfeedback.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.tck.RandomTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

class PiiScannerTest {

  /** Personal data of every kind, near misses, and the characters the detectors look at. */
  private static final String[] PIECES = {
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "4111111111111111",
    "3782 822463 10005",
    "DE89 3704 0044 0532 0130 00",
    "NL91ABNA0417164300",
    "gb82 west 1234 5698 7654 32",
    "+44 20 7946 0958",
    "(555) 123-4567",
    "555.123.4567",
    "+4915112345678",
    "jane.doe@example.com",
    "a@b.io",
    "12345678",
    "2024-01-15 10:30",
    "192.168.10.100",
    "1",
    "12",
    "123",
    "4567",
    " ",
    "-",
    ".",
    "(",
    ")",
    "+",
    "@",
    "x",
    "DE",
    "89",
    "word",
    ",",
    "\u00e9",
    "\uD83D\uDC4D",
    "\u200B",
    "\u00AD"
  };

  /** What the detectors read of a text: its visible text, folded. */
  private static String visible(String text) {
    return PiiScanner.fold(VisibleText.of(text).visible());
  }

  private static List<String> texts() {
    List<String> texts = new ArrayList<>(List.of(PIECES));
    texts.addAll(RandomTexts.of(PIECES, 20_000, 10, 7));
    return texts;
  }

  @Test
  void noDetectorFindsAnythingWhereItsCandidateBitIsClear() {
    record Detector(String name, int bit, BinaryOperator<String> replace) {}
    List<Detector> detectors =
        List.of(
            new Detector(
                "email",
                PiiScanner.EMAIL_CANDIDATE,
                (t, mark) -> PiiScanner.emails(visible(t), VisibleText.of(t), mark, mark)),
            new Detector(
                "iban",
                PiiScanner.IBAN_CANDIDATE,
                (t, mark) -> PiiScanner.ibans(visible(t), VisibleText.of(t), mark)),
            new Detector(
                "card",
                PiiScanner.CARD_CANDIDATE,
                (t, mark) -> PiiScanner.cards(visible(t), VisibleText.of(t), mark)),
            new Detector(
                "phone",
                PiiScanner.PHONE_CANDIDATE,
                (t, mark) -> PiiScanner.phones(visible(t), VisibleText.of(t), mark)));
    int[] found = new int[detectors.size()];
    for (String text : texts()) {
      int candidates = PiiScanner.candidates(text);
      for (int d = 0; d < detectors.size(); d++) {
        Detector detector = detectors.get(d);
        if (!detector.replace().apply(text, "[X]").equals(text)) {
          found[d]++;
          assertThat(candidates & detector.bit()).as("%s in %s", detector.name(), text).isNotZero();
        }
      }
    }
    // Every detector found something, so the property was put to the test for each.
    assertThat(java.util.Arrays.stream(found).min().orElse(0)).isGreaterThan(100);
  }

  @Test
  void textWithoutAtSignsLongDigitRunsOrIbanShapesHasNoCandidates() {
    assertThat(PiiScanner.candidates("Clear instructions, thanks!")).isZero();
    assertThat(PiiScanner.candidates("order 123456789 of 2026-03-01")).isZero();
    assertThat(PiiScanner.candidates("call +49 30 123")).isZero();
    assertThat(PiiScanner.candidates("DE89 is short")).isZero();
    assertThat(PiiScanner.candidates("a@b")).isEqualTo(PiiScanner.EMAIL_CANDIDATE);
    assertThat(PiiScanner.candidates("call 555 123 4567")).isEqualTo(PiiScanner.PHONE_CANDIDATE);
    assertThat(PiiScanner.candidates("4111-1111-1111-1"))
        .isEqualTo(PiiScanner.CARD_CANDIDATE | PiiScanner.PHONE_CANDIDATE);
    assertThat(PiiScanner.candidates("NL91ABNA0417164300"))
        .isEqualTo(PiiScanner.IBAN_CANDIDATE | PiiScanner.PHONE_CANDIDATE);
  }

  @Test
  void emailsFoundAtTheirAtSignsAreThoseASearchOfTheWholeTextFinds() {
    String[] pieces = {
      "a",
      "b.c",
      "x@y.io",
      "@",
      ".",
      "-",
      "_",
      "%",
      "+",
      " ",
      "jane.doe",
      "example.com",
      "\u00e9",
      "\u0661",
      "\uD835\uDC00",
      "\uD83D\uDC4D",
      "Z9",
      ",",
      "co",
      "a".repeat(63),
      "b".repeat(64),
      "\uD835\uDC01".repeat(40)
    };
    int replaced = 0;
    for (String text : RandomTexts.of(pieces, 20_000, 8, 11)) {
      String expected = PiiScanner.EMAIL.matcher(text).replaceAll("[E]");
      assertThat(PiiScanner.emails(text, VisibleText.of(text), "[E]", "[E]"))
          .as(text)
          .isEqualTo(expected);
      replaced += expected.equals(text) ? 0 : 1;
    }
    assertThat(replaced).isGreaterThan(1_000);
  }
}
