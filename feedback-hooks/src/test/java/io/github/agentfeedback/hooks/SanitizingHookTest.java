package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Comparison.Candidate;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.internal.HtmlText;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.tck.RandomTexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SanitizingHookTest {

  private static final Pattern TAG_LIKE = Pattern.compile("<[\\p{L}/!?]");

  /** The texts of the issue: code with generics, a UI label in angle brackets, indentation. */
  private static final String PROMPT =
      "How do I keep `List<String> ids` sorted?\n\n1. Click <Edit>";

  private static final String RESPONSE =
      "Use a TreeSet:\n\n```java\n"
          + "Set<String> ids = new TreeSet<>();\n"
          + "for (String id : input) {\n    if (id.length() < 64) {\n        ids.add(id);\n"
          + "    }\n}\n```\n1. Click <Edit>\n2. Choose <b>Sort</b> &amp; save\t\t(done)  ";
  private static final String CORRECTION =
      "Keep `List<String> ids` and sort it:\n\n"
          + "    ids.sort(Comparator.naturalOrder());\n\n1. Click <Edit>";

  private final SanitizingHook hook = SanitizingHook.defaults();
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final FeedbackManager manager =
      FeedbackManager.builder().store(store).hooks(hook).build();

  static List<String> xssPayloads() throws IOException {
    List<String> payloads = new ArrayList<>();
    try (InputStream in = SanitizingHookTest.class.getResourceAsStream("xss-payloads.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty() || line.startsWith("## ")) {
          continue;
        }
        payloads.add(unescape(line));
      }
    }
    return payloads;
  }

  private static String unescape(String line) {
    StringBuilder out = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        char next = line.charAt(++i);
        out.append(
            switch (next) {
              case '0' -> '\0';
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> next;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Test
  void corpusIsLargeEnoughToMeanSomething() throws IOException {
    assertThat(xssPayloads()).hasSizeGreaterThan(100);
  }

  @ParameterizedTest
  @MethodSource("xssPayloads")
  void nothingTagLikeSurvivesAnXssPayload(String payload) {
    String out = hook.sanitize(payload);
    assertThat(TAG_LIKE.matcher(out).find()).as("tag-like output %s", out).isFalse();
    assertThat(out.toLowerCase(Locale.ROOT))
        .doesNotContain("<script", "<img", "<svg", "<!--", "<![cdata[");
    assertThat(out).doesNotContain("\0");
    assertThat(hook.sanitize(out)).as("sanitizing is idempotent").isEqualTo(out);
  }

  @ParameterizedTest
  @MethodSource("xssPayloads")
  void payloadsInCorrectionsAreSanitizedWhenAskedFor(String payload) {
    InMemoryFeedbackStore s = new InMemoryFeedbackStore();
    FeedbackManager.builder()
        .store(s)
        .hooks(SanitizingHook.builder().corrections(true).build())
        .build()
        .addFeedback(
            "s",
            Feedback.builder().rating(Rating.DOWN).comment(payload).correction(payload).build());
    Feedback stored = s.list("s").get(0);
    assertThat(HtmlText.hasTagOpener(stored.comment())).isFalse();
    assertThat(HtmlText.hasTagOpener(stored.correction())).isFalse();
  }

  /**
   * Sanitizing never makes a text longer, in chars, code points or UTF-8 bytes (the
   * measure of {@link io.github.agentfeedback.FeedbackLimits#MAX_FEEDBACK_BYTES}), so a
   * comment within a limit stays within it: over the XSS corpus, random text over the
   * characters sanitizing treats specially, and characters that NFC decomposes.
   */
  @Test
  void sanitizingNeverMakesATextLonger() throws IOException {
    List<String> texts = textsToSanitize();
    String[] hostile = {
      "<",
      "a",
      "<a",
      "</",
      "<!",
      "<?",
      "<b>",
      ">",
      "&",
      "&lt",
      "&lt;",
      "&#0",
      "&#1",
      "&#x1F600;",
      "&#1114111;",
      "&amp;lt;",
      "&nbsp",
      "\u0958",
      "\ufb2c",
      "\uD834\uDD5E",
      "\u0344",
      "\u2126",
      "e\u0301",
      " ",
      "\n",
      "\u00a0",
      "\0",
      "x"
    };
    texts.addAll(RandomTexts.of(hostile, 5_000, 12, 15));
    int checked = 0;
    for (boolean collapse : new boolean[] {true, false}) {
      SanitizingHook sanitizing = SanitizingHook.builder().collapseWhitespace(collapse).build();
      for (String text : texts) {
        String out = sanitizing.sanitize(text);
        assertThat(out.length()).as("chars of %s", text).isLessThanOrEqualTo(text.length());
        assertThat(out.codePointCount(0, out.length()))
            .as("code points of %s", text)
            .isLessThanOrEqualTo(text.codePointCount(0, text.length()));
        assertThat(utf8(out)).as("UTF-8 bytes of %s", text).isLessThanOrEqualTo(utf8(text));
        assertThat(TAG_LIKE.matcher(out).find()).as("tag-like output %s", out).isFalse();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(14_000);
    assertThat(hook.sanitize("<a")).isEqualTo("a");
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void scriptAndStyleContentIsRemovedWithTheTags() {
    assertThat(hook.sanitize("Hi <script>alert(1)</script>there")).isEqualTo("Hi there");
    assertThat(hook.sanitize("a<style>body{color:red}</style>b")).isEqualTo("a b");
    assertThat(hook.sanitize("<SCRIPT>x</SCRIPT >kept")).isEqualTo("kept");
  }

  @Test
  void numericReferencesNeverProduceControlCharacters() {
    String out = hook.sanitize("ok&#1;x&#x85;y&#127;z&#9;w");
    assertThat(out.codePoints().filter(c -> Character.isISOControl(c) && c != '\t')).isEmpty();
    assertThat(out).startsWith("ok").contains("x").contains("y").contains("z");
  }

  @Test
  void unclosedScriptSwallowsTheRest() {
    assertThat(hook.sanitize("before<script>alert(1) and more")).isEqualTo("before");
  }

  @Test
  void tagsAreStrippedAndTheirTextKept() {
    assertThat(hook.sanitize("<b>Bold</b> <a href=\"javascript:alert(1)\">move</a>"))
        .isEqualTo("Bold move");
    assertThat(hook.sanitize("line<br>break<p>para</p>")).isEqualTo("line break para");
  }

  @Test
  void entitiesAreDecodedThenStripped() {
    assertThat(hook.sanitize("&lt;script&gt;alert(1)&lt;/script&gt;ok")).isEqualTo("ok");
    assertThat(hook.sanitize("&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;")).isEqualTo("bold");
    assertThat(hook.sanitize("&#60;i&#62;it&#x3c;/i&#x3E;")).isEqualTo("it");
  }

  @Test
  void entitiesInPlainTextBecomeCharacters() {
    assertThat(hook.sanitize("x &lt; y &amp;&amp; caf&eacute; &copy; &#8364;5"))
        .isEqualTo("x < y && caf&eacute; \u00a9 \u20ac5");
    assertThat(hook.sanitize("AT&T and R&D")).isEqualTo("AT&T and R&D");
  }

  @Test
  void commentsAndCdataAreHandled() {
    assertThat(hook.sanitize("a<!-- hidden -->b")).isEqualTo("ab");
    assertThat(hook.sanitize("<![CDATA[plain]]> text")).isEqualTo("plain text");
  }

  @Test
  void lessThanInOrdinaryTextSurvivesWithoutOpeningATag() {
    assertThat(hook.sanitize("5 < 6 and 7 > 3")).isEqualTo("5 < 6 and 7 > 3");
    assertThat(hook.sanitize("I <3 it")).isEqualTo("I <3 it");
    // A '<' that would open a tag, in a tag that never ends, becomes a space.
    assertThat(hook.sanitize("if a<b then")).isEqualTo("if a b then");
    assertThat(hook.sanitize("<img src=x onerror=alert(1)"))
        .isEqualTo("img src=x onerror=alert(1)");
    assertThat(hook.sanitize("a<<b")).isEqualTo("a< b");
  }

  @Test
  void nulBytesAreRemoved() {
    assertThat(hook.sanitize("<scr\0ipt>alert(1)</scr\0ipt>ok")).isEqualTo("ok");
    assertThat(hook.sanitize("a\0b")).isEqualTo("ab");
  }

  @Test
  void textIsNormalizedToNfc() {
    assertThat(hook.sanitize("cafe\u0301")).isEqualTo("caf\u00e9");
  }

  @Test
  void whitespaceRunsAreCollapsedKeepingLineAndParagraphBreaks() {
    assertThat(hook.sanitize("  too \t\u00a0 many   spaces  ")).isEqualTo("too many spaces");
    assertThat(hook.sanitize("one \n  two")).isEqualTo("one\ntwo");
    assertThat(hook.sanitize("para one\r\n\r\n\r\n\r\npara two")).isEqualTo("para one\n\npara two");
  }

  @Test
  void whitespaceIsKeptWhenCollapsingIsOff() {
    SanitizingHook keep = SanitizingHook.builder().collapseWhitespace(false).build();
    assertThat(keep.sanitize("  code:\n    x = 1")).isEqualTo("  code:\n    x = 1");
  }

  @Test
  void plainFeedbackPassesUnchanged() {
    Feedback f = Feedback.up("Clear instructions, thanks!");
    manager.addFeedback("s", f);
    assertThat(store.list("s").get(0).comment()).isEqualTo("Clear instructions, thanks!");
  }

  @Test
  void theDefaultsSanitizeTheCommentAndStoreModelTextExactlyAsGiven() {
    Comparison comparison =
        Comparison.of(
            Candidate.of(ModelRef.of("a"), RESPONSE),
            Candidate.of(ModelRef.of("b"), PROMPT),
            Comparison.Preference.A);
    manager.addFeedback(
        "s",
        Feedback.builder()
            .rating(Rating.DOWN)
            .comment("<b>Wrong</b>   answer<script>steal()</script>")
            .prompt(PROMPT)
            .response(RESPONSE)
            .correction(CORRECTION)
            .comparison(comparison)
            .build());
    Feedback stored = store.list("s").get(0);
    assertThat(stored.comment()).isEqualTo("Wrong answer");
    assertThat(stored.prompt()).isEqualTo(PROMPT);
    assertThat(stored.response()).isEqualTo(RESPONSE);
    assertThat(stored.correction()).isEqualTo(CORRECTION);
    assertThat(stored.comparison()).isEqualTo(comparison);
  }

  @Test
  void correctionsAreSanitizedOnlyWhenAskedFor() {
    SanitizingHook corrections = SanitizingHook.builder().corrections(true).build();
    InMemoryFeedbackStore s = new InMemoryFeedbackStore();
    FeedbackManager.builder()
        .store(s)
        .hooks(corrections)
        .build()
        .addFeedback(
            "s",
            Feedback.builder()
                .comment("<b>x</b>")
                .correction("<p>Use   <code>git rebase</code></p>")
                .prompt("<p>q</p>")
                .build());
    assertThat(s.list("s").get(0).comment()).isEqualTo("x");
    assertThat(s.list("s").get(0).correction()).isEqualTo("Use git rebase");
    assertThat(s.list("s").get(0).prompt()).isEqualTo("<p>q</p>");
  }

  @Test
  void commentsCanBeLeftAloneToo() {
    SanitizingHook none = SanitizingHook.builder().comments(false).build();
    Feedback f = Feedback.builder().comment("<b>x</b>").correction("<b>y</b>").build();
    assertThat(RecordingHook.passedOnAsIs(none, f)).containsExactly(true);
  }

  @Test
  void promptResponseAndComparisonResponsesAreSanitizedWhenAskedFor() {
    InMemoryFeedbackStore s = new InMemoryFeedbackStore();
    FeedbackManager.builder()
        .store(s)
        .hooks(SanitizingHook.builder().promptAndResponse(true).build())
        .build()
        .addFeedback(
            "s",
            Feedback.builder()
                .rating(Rating.UP)
                .prompt("<p>How do I   <b>rebase</b>?</p>")
                .response("Run <code>git rebase</code><script>steal()</script>")
                .comparison(
                    Comparison.of(
                        Candidate.of(ModelRef.of("a"), "&lt;i&gt;A&lt;/i&gt;"),
                        new Candidate(ModelRef.of("b"), "m-1", null),
                        Comparison.Preference.A))
                .build());
    Feedback stored = s.list("s").get(0);
    assertThat(stored.prompt()).isEqualTo("How do I rebase?");
    assertThat(stored.response()).isEqualTo("Run git rebase");
    assertThat(stored.comparison().a().response()).isEqualTo("A");
    assertThat(stored.comparison().b()).isEqualTo(new Candidate(ModelRef.of("b"), "m-1", null));
    assertThat(stored.comparison().preference()).isEqualTo(Comparison.Preference.A);
  }

  @Test
  void anUpdateIsSanitizedLikeAnAdd() {
    Feedback added = manager.addFeedback("s", Feedback.up("fine")).feedback();
    FeedbackResult r =
        manager.updateFeedback(
            "s",
            added.toBuilder()
                .comment("<b>not</b> fine &amp; <script>x()</script>wrong")
                .response("<i>r</i>")
                .build());
    assertThat(r.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.comment()).isEqualTo("not fine & wrong");
              assertThat(f.response()).isEqualTo("<i>r</i>");
            });
  }

  @Test
  void feedbackWhoseTextsArePlainIsPassedOnAsTheSameInstance() {
    Feedback plain =
        Feedback.builder()
            .comment("Clear instructions, thanks!")
            .correction("Line one\nline two")
            .prompt("Wie geht's? Caf\u00e9 \u4f60\u597d")
            .response("Fine \uD83D\uDC4D")
            .build();
    assertThat(RecordingHook.passedOnAsIs(hook, plain, Feedback.up("<b>changed</b>")))
        .containsExactly(true, false);
  }

  @Test
  void textRecognizedAsPlainIsWhatSanitizingLeavesAsItIs() throws IOException {
    int plain = 0;
    for (boolean collapse : new boolean[] {true, false}) {
      SanitizingHook sanitizing = SanitizingHook.builder().collapseWhitespace(collapse).build();
      for (String text : textsToSanitize()) {
        if (HtmlText.isPlainText(text, collapse)) {
          plain++;
          assertThat(sanitizing.sanitize(text))
              .as("collapse=%s: %s", collapse, text)
              .isSameAs(text);
        }
      }
    }
    assertThat(plain).as("texts taken for plain").isGreaterThan(100);
  }

  /** The XSS corpus, and random text over the characters sanitizing treats specially. */
  static List<String> textsToSanitize() throws IOException {
    List<String> texts = new ArrayList<>(xssPayloads());
    String[] pieces = {
      "a",
      "Z",
      "1",
      " ",
      "  ",
      "\n",
      "\r\n",
      "\t",
      "\u00a0",
      "\u2028",
      "<",
      ">",
      "&",
      "&amp;",
      "<b>",
      "\0",
      "e\u0301",
      "\u00e9",
      "\u1100\u1161",
      "\u4f60",
      "\uD83D\uDC4D",
      "\u02ff",
      "\u0300",
      "\ufb01",
      ";",
      "=\"",
      "x"
    };
    texts.addAll(RandomTexts.of(pieces, 2_000, 8, 42));
    return texts;
  }
}
