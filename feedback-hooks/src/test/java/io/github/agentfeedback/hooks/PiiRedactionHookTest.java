package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Comparison.Candidate;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.PiiRedactionHook.Kind;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiRedactionHookTest {

  private final PiiRedactionHook hook = PiiRedactionHook.defaults();
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final FeedbackManager manager =
      FeedbackManager.builder().store(store).hooks(hook).build();

  private String redact(String text) {
    return hook.redact(text, EnumSet.noneOf(Kind.class));
  }

  @Test
  void datesAndTimesAreNotTakenForPhoneNumbers() {
    assertThat(redact("Happened on 2024-01-15 10:30")).isEqualTo("Happened on 2024-01-15 10:30");
    assertThat(redact("at 15.01.2024 10:30 sharp")).isEqualTo("at 15.01.2024 10:30 sharp");
    assertThat(redact("call +44 20 7946 0958")).isEqualTo("call [PHONE]");
  }

  @Test
  void emailAddressesAreReplaced() {
    assertThat(redact("mail me at jane.doe+work@example.co.uk, please"))
        .isEqualTo("mail me at [EMAIL], please");
    assertThat(redact("x@y.io and ab_c@sub.domain.org")).isEqualTo("[MAIL] and [EMAIL]");
    assertThat(redact("Write to support@example.com.")).isEqualTo("Write to [EMAIL].");
  }

  @Test
  void invisibleCharactersInsidePersonalDataDoNotHideIt() {
    // zero-width space, soft hyphen, word joiner, byte order mark, zero-width joiner
    for (String h : List.of("\u200B", "\u00AD", "\u2060", "\uFEFF", "\u200D")) {
      assertThat(redact("mail ja" + h + "ne.doe@exa" + h + "mple.com now"))
          .as(h)
          .isEqualTo("mail [EMAIL] now");
      assertThat(redact("card 4111" + h + " 1111 11" + h + "11 1111 ok"))
          .as(h)
          .isEqualTo("card [CARD] ok");
      assertThat(redact("call +44 20" + h + " 7946 0958")).as(h).isEqualTo("call [PHONE]");
      assertThat(redact("pay D" + h + "E89 3704 0044 0532 0130 00")).as(h).isEqualTo("pay [IBAN]");
    }
    // What is not replaced keeps its invisible characters: a family emoji, a direction mark.
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    assertThat(redact(family + " \u200Fmail a\u200Bb@c.de\u200B."))
        .isEqualTo(family + " \u200Fmail [EMAIL]\u200B.");
    String untouched = family + " wr\u200Bote 4111\u200B1111";
    assertThat(redact(untouched)).isSameAs(untouched);
  }

  @Test
  void feedbackWithoutRoomForTheKindsIsStoredRedactedWithoutThem() {
    Feedback plain =
        Feedback.builder().id("f1").rating(Rating.DOWN).comment("mail jane@example.com").build();
    // [EMAIL] saves 9 bytes; the attribute ["email"] takes more than that
    long room = FeedbackLimits.MAX_FEEDBACK_BYTES - plain.storedSize() - 3;
    Feedback full = plain.toBuilder().response("r".repeat((int) room)).build();
    Feedback stored = manager.addFeedback("s", full).feedback();
    assertThat(stored.comment()).isEqualTo("mail [EMAIL]");
    assertThat(stored.attributes()).doesNotContainKey(PiiRedactionHook.ATTRIBUTE);
    assertThat(store.list("s")).hasSize(1);
  }

  @Test
  void anAddressShorterThanItsPlaceholderGetsTheShortOneSoTheTextDoesNotGrow() {
    // [EMAIL] is 7 chars; the shortest address, 6
    assertThat(redact("mail a@b.co now")).isEqualTo("mail [MAIL] now");
    assertThat(redact("é@b.co")).isEqualTo("[MAIL]");
    // 7 chars but 6 code points: [EMAIL] would add a code point, the measure of the limits
    assertThat(redact("\uD835\uDC1A@b.co")).isEqualTo("[MAIL]");
    assertThat(redact("ab@c.de")).isEqualTo("[EMAIL]");
  }

  @Test
  void aCommentAtTheLengthLimitStaysValidOnceRedacted() {
    String comment = "x".repeat(94) + " a@b.co"; // 101 chars
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .hooks(hook, ValidationHook.builder().maxCommentLength(comment.length()).build())
            .build();
    Feedback stored = m.addFeedback("s", Feedback.down(comment)).feedback();
    assertThat(stored.comment()).endsWith(" [MAIL]").hasSize(comment.length());
  }

  /**
   * Redaction never makes a text longer, in chars, code points or UTF-8 bytes (the measures
   * of {@link ValidationHook}'s limits and of {@link
   * io.github.agentfeedback.FeedbackLimits#MAX_FEEDBACK_BYTES}), as sanitizing does not: over
   * random text made of the shortest data of every kind and what surrounds it.
   */
  @Test
  void redactionNeverMakesATextLonger() {
    String[] pieces = {
      "a@b.co",
      "\u00e9@b.co",
      "\uD835\uDC1A@",
      "\uFF41\uFF20\uFF42\uFF0E\uFF43\uFF4F",
      "b.co",
      "@",
      ".",
      "x",
      " ",
      "+12345678",
      "+",
      "4111111111111111",
      "DE89370400440532013000",
      "(555) 123-4567",
      "-",
      "1",
      "\u200B",
      "\u00AD"
    };
    int redacted = 0;
    for (String text : io.github.agentfeedback.tck.RandomTexts.of(pieces, 5_000, 6, 31)) {
      String out = redact(text);
      assertThat(out.length()).as("chars of %s", text).isLessThanOrEqualTo(text.length());
      assertThat(out.codePointCount(0, out.length()))
          .as("code points of %s", text)
          .isLessThanOrEqualTo(text.codePointCount(0, text.length()));
      assertThat(utf8(out)).as("UTF-8 bytes of %s", text).isLessThanOrEqualTo(utf8(text));
      if (!out.equals(text)) {
        redacted++;
      }
    }
    assertThat(redacted).isGreaterThan(1_000);
  }

  private static int utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+1 (555) 123-4567",
        "+44 20 7946 0958",
        "(555) 123-4567",
        "555-123-4567",
        "555.123.4567",
        "+49 (0)30 1234567",
        "+33 1 23 45 67 89",
        "+4915112345678",
        "030 1234 5678"
      })
  void phoneNumbersAreReplaced(String phone) {
    assertThat(redact("call " + phone + " today")).isEqualTo("call [PHONE] today");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "order 12345678",
        "order #5551234567",
        "on 2026-03-01",
        "at 192.168.10.100",
        "version 10.0.19045.2965",
        "ticket 1234-5678",
        "pi is 3.14159",
        "costs 1,299.00"
      })
  void numbersThatAreNotPhoneNumbersSurvive(String text) {
    assertThat(redact(text)).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "5555 5555 5555 4444",
        "3782 822463 10005"
      })
  void cardNumbersPassingLuhnAreReplaced(String card) {
    assertThat(redact("my card " + card + " was charged")).isEqualTo("my card [CARD] was charged");
  }

  @Test
  void fullWidthAndOtherScriptsDigitsDoNotHidePersonalData() {
    // As typed with a Japanese or Chinese input method: full-width digits, @, dot, + and
    // the ideographic space; the rest of the text is kept exactly as written.
    Set<Kind> found = EnumSet.noneOf(Kind.class);
    assertThat(hook.redact("カード ４１１１　１１１１　１１１１　１１１１ でした", found)).isEqualTo("カード [CARD] でした");
    assertThat(redact("メール ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ まで")).isEqualTo("メール [EMAIL] まで");
    assertThat(redact("電話 ＋４４ ２０ ７９４６ ０９５８、ＯＫ")).isEqualTo("電話 [PHONE]、ＯＫ");
    assertThat(redact("IBAN ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００")).isEqualTo("IBAN [IBAN]");
    // Arabic-Indic digits.
    assertThat(redact("رقم ٤١١١١١١١١١١١١١١١")).isEqualTo("رقم [CARD]");
    assertThat(found).containsExactly(Kind.CARD);
    // Full-width text without personal data is passed on as it is.
    String plain = "ＯＫ、１２３番です";
    assertThat(redact(plain)).isSameAs(plain);
  }

  @Test
  void cardLikeNumbersFailingLuhnAreNotCards() {
    Set<Kind> found = EnumSet.noneOf(Kind.class);
    assertThat(hook.redact("order 4111 1111 1111 1112", found))
        .isEqualTo("order 4111 1111 1111 1112");
    assertThat(found).isEmpty();
    assertThat(redact("0000 0000 0000 0000")).isEqualTo("0000 0000 0000 0000");
  }

  @Test
  void aCardFollowedByMoreDigitsIsStillFound() {
    assertThat(redact("4111 1111 1111 1111 12/27")).isEqualTo("[CARD] 12/27");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "NL91ABNA0417164300",
        "fr14 2004 1010 0505 0001 3m02 606"
      })
  void ibansPassingMod97AreReplaced(String iban) {
    assertThat(redact("pay to " + iban + " please")).isEqualTo("pay to [IBAN] please");
  }

  @Test
  void ibanFollowedByCapitalWordsIsStillFound() {
    assertThat(redact("IBAN DE89 3704 0044 0532 0130 00 THANKS A LOT"))
        .isEqualTo("IBAN [IBAN] THANKS A LOT");
  }

  @Test
  void ibanWithWrongCheckDigitsSurvives() {
    assertThat(redact("ref DE00 3704 0044 0532 0130 00")).doesNotContain("[IBAN]");
  }

  @Test
  void storedFeedbackRecordsTheKindsRedacted() {
    manager.addFeedback(
        "s",
        Feedback.builder()
            .rating(Rating.DOWN)
            .comment("I am bob@example.com and my card 4111 1111 1111 1111 was charged twice")
            .correction("refund to DE89 3704 0044 0532 0130 00")
            .build());
    Feedback stored = store.list("s").get(0);
    assertThat(stored.comment()).isEqualTo("I am [EMAIL] and my card [CARD] was charged twice");
    assertThat(stored.correction()).isEqualTo("refund to [IBAN]");
    assertThat(stored.attributes().get(PiiRedactionHook.ATTRIBUTE))
        .isEqualTo(List.of("email", "card", "iban"));
  }

  @Test
  void feedbackWithoutPersonalDataIsPassedOnUnchanged() {
    manager.addFeedback("s", Feedback.up("order 12345678 arrived, thanks"));
    Feedback stored = store.list("s").get(0);
    assertThat(stored.comment()).isEqualTo("order 12345678 arrived, thanks");
    assertThat(stored.attributes()).doesNotContainKey(PiiRedactionHook.ATTRIBUTE);
  }

  @Test
  void kindsRecordedEarlierAreKept() {
    manager.addFeedback(
        "s",
        Feedback.builder()
            .comment("call +1 555 123 4567")
            .attribute(PiiRedactionHook.ATTRIBUTE, List.of("email"))
            .build());
    assertThat(store.list("s").get(0).attributes().get(PiiRedactionHook.ATTRIBUTE))
        .isEqualTo(List.of("email", "phone"));
  }

  @Test
  void onlyTheConfiguredKindsAreRedacted() {
    PiiRedactionHook emailsOnly = PiiRedactionHook.builder().kinds(Kind.EMAIL).build();
    assertThat(emailsOnly.redact("a@b.com +1 555 123 4567", EnumSet.noneOf(Kind.class)))
        .isEqualTo("[EMAIL] +1 555 123 4567");
  }

  @Test
  void recordingAndCorrectionsCanBeSwitchedOff() {
    PiiRedactionHook quiet =
        PiiRedactionHook.builder().recordKinds(false).corrections(false).build();
    InMemoryFeedbackStore s = new InMemoryFeedbackStore();
    FeedbackManager.builder()
        .store(s)
        .hooks(quiet)
        .build()
        .addFeedback("s", Feedback.builder().comment("a@b.com").correction("c@d.com").build());
    Feedback stored = s.list("s").get(0);
    assertThat(stored.comment()).isEqualTo("[EMAIL]");
    assertThat(stored.correction()).isEqualTo("c@d.com");
    assertThat(stored.attributes()).doesNotContainKey(PiiRedactionHook.ATTRIBUTE);
  }

  @Test
  void promptResponseAndComparisonResponsesAreRedactedAndTheKindsRecorded() {
    manager.addFeedback(
        "s",
        Feedback.builder()
            .rating(Rating.UP)
            .prompt("My card is 4111 1111 1111 1111, what now?")
            .response("Call us on +44 20 7946 0958.")
            .comparison(
                Comparison.of(
                    Candidate.of(ModelRef.of("a"), "Mail jane@example.com"),
                    Candidate.of(ModelRef.of("b"), "No personal data"),
                    Comparison.Preference.B))
            .build());
    Feedback stored = store.list("s").get(0);
    assertThat(stored.prompt()).isEqualTo("My card is [CARD], what now?");
    assertThat(stored.response()).isEqualTo("Call us on [PHONE].");
    assertThat(stored.comparison().a().response()).isEqualTo("Mail [EMAIL]");
    assertThat(stored.comparison().b().response()).isEqualTo("No personal data");
    assertThat(stored.attributes().get(PiiRedactionHook.ATTRIBUTE))
        .isEqualTo(List.of("email", "phone", "card"));
  }

  @Test
  void promptAndResponseCanBeLeftAlone() {
    PiiRedactionHook commentsOnly = PiiRedactionHook.builder().promptAndResponse(false).build();
    InMemoryFeedbackStore s = new InMemoryFeedbackStore();
    FeedbackManager.builder()
        .store(s)
        .hooks(commentsOnly)
        .build()
        .addFeedback(
            "s",
            Feedback.builder().comment("a@b.com").prompt("c@d.com").response("e@f.com").build());
    Feedback stored = s.list("s").get(0);
    assertThat(stored.comment()).isEqualTo("[EMAIL]");
    assertThat(stored.prompt()).isEqualTo("c@d.com");
    assertThat(stored.response()).isEqualTo("e@f.com");
  }

  @Test
  void anUpdateIsRedactedLikeAnAdd() {
    Feedback added = manager.addFeedback("s", Feedback.up("fine")).feedback();
    FeedbackResult r =
        manager.updateFeedback("s", added.toBuilder().comment("write to bob@example.com").build());
    assertThat(r.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.comment()).isEqualTo("write to [EMAIL]");
              assertThat(f.attributes().get(PiiRedactionHook.ATTRIBUTE))
                  .isEqualTo(List.of("email"));
            });
  }

  @Test
  void feedbackWithoutPersonalDataIsPassedOnAsTheSameInstance() {
    Feedback none =
        Feedback.builder()
            .comment("order 12345678 arrived on 2026-03-01")
            .correction("version 10.0.19045.2965")
            .prompt("DE has 16 states")
            .response("at 192.168.10.100")
            .build();
    assertThat(RecordingHook.passedOnAsIs(hook, none, Feedback.up("mail a@b.com")))
        .containsExactly(true, false);
  }
}
