package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Violation;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.PiiRedactionHook.Kind;
import io.github.agentfeedback.hooks.SpamFilterHook.Signal;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every text pass of the hooks finishes on hostile inputs of about a million chars — shapes
 * that used to take quadratic time or overflow the stack — and still gives the exact
 * result. The guard is generous (a linear pass takes milliseconds); it only catches hangs.
 * Growth with the input size is measured by {@code HostileInputBenchmark} in
 * {@code benchmarks/}.
 */
class HostileInputTest {

  private static final int N = 1_000_000;
  private static final Duration GUARD = Duration.ofSeconds(5);

  /** A shape and the exact text expected from it, built only when the case runs. */
  private static Arguments shape(String name, Supplier<String> input, Supplier<?> expected) {
    return Arguments.of(name, input, expected);
  }

  private static Arguments unchanged(String name, Supplier<String> input) {
    return shape(name, input, input);
  }

  /** Runs one pass over the shape's text within the guard and checks its exact result. */
  private static void assertFinishesWith(
      String name, Supplier<String> input, Function<String, ?> pass, Supplier<?> expected) {
    String text = input.get();
    Object result = assertTimeoutPreemptively(GUARD, () -> pass.apply(text), name);
    assertThat(result).isEqualTo(expected.get());
  }

  static Stream<Arguments> markupShapes() {
    return Stream.of(
        shape(
            "unterminated tag with a long name",
            () -> "<a" + "b".repeat(N),
            () -> "a" + "b".repeat(N)),
        unchanged("less-than signs only", () -> "<".repeat(N)),
        shape("unterminated tags", () -> "<a".repeat(N / 2), () -> " a".repeat(N / 2).substring(1)),
        shape(
            "unterminated end tags",
            () -> "</".repeat(N / 2),
            () -> " /".repeat(N / 2).substring(1)),
        shape(
            "unterminated processing instructions",
            () -> "<?".repeat(N / 2),
            () -> " ?".repeat(N / 2).substring(1)),
        shape(
            "unterminated declarations",
            () -> "<!".repeat(N / 2),
            () -> " !".repeat(N / 2).substring(1)),
        shape(
            "unterminated comments",
            () -> "<!--".repeat(N / 4),
            () -> " !--".repeat(N / 4).substring(1)),
        shape(
            "one unterminated comment", () -> "<!--" + "x".repeat(N), () -> "!--" + "x".repeat(N)),
        shape(
            "unterminated CDATA sections",
            () -> "<![CDATA[".repeat(N / 9),
            () -> " ![CDATA[".repeat(N / 9).substring(1)),
        unchanged("ampersand and letters without semicolon", () -> "&" + "x".repeat(N)),
        unchanged("ampersands only", () -> "&".repeat(N)),
        unchanged("ampersand-letter pairs", () -> "&x".repeat(N / 2)),
        unchanged("numeric references without digits", () -> "&#".repeat(N / 2)),
        shape(
            "numeric reference with a million digits", () -> "&#" + "9".repeat(N), () -> "\ufffd"),
        shape("encoded ampersands", () -> "&amp;".repeat(N / 5), () -> "&".repeat(N / 5)),
        shape(
            "encoded unterminated tags",
            () -> "&lt;a".repeat(N / 5),
            () -> " a".repeat(N / 5).substring(1)),
        shape(
            "markup hiding references",
            () -> "&l<b></b>t;a".repeat(N / 12),
            () -> " a".repeat(N / 12).substring(1)),
        shape(
            "unterminated quoted attribute",
            () -> "<a title=\"" + "x".repeat(N),
            () -> "a title=\"" + "x".repeat(N)),
        shape(
            "unclosed double quotes in every tag",
            () -> "<a x=\"".repeat(N / 6),
            () -> " a x=\"".repeat(N / 6).substring(1)),
        shape(
            "unclosed single quotes in every tag",
            () -> "<a x='".repeat(N / 6),
            () -> " a x='".repeat(N / 6).substring(1)),
        shape(
            "quoted greater-than signs, then a quote that never closes",
            () -> "<a x=\">\"".repeat(N / 8) + " y=\"",
            () -> "\"".repeat(N / 8) + " y=\""),
        shape(
            "unclosed script with near-miss end tags",
            () -> "<script>" + "</scrip>".repeat(N / 8),
            () -> ""),
        shape("block tags", () -> "<p>".repeat(N / 3), () -> ""),
        shape("a tag with a million-char name", () -> "<" + "a".repeat(N) + ">", () -> ""),
        // Half as many: two bytes each in UTF-8, as core measures a feedback's size.
        shape("no-break spaces", () -> "\u00a0".repeat(N / 2), () -> ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("markupShapes")
  void sanitizingFinishesWithTheExactText(
      String name, Supplier<String> input, Supplier<?> expected) {
    assertFinishesWith(name, input, SanitizingHook.defaults()::sanitize, expected);
  }

  static Stream<Arguments> personalDataShapes() {
    return Stream.of(
        shape(
            "address with half a million labels",
            () -> "a@" + "b.".repeat(N / 2) + "cc",
            () -> "[EMAIL]"),
        unchanged("domain of one-letter labels ending in a dot", () -> "x@" + "b.".repeat(N / 2)),
        shape(
            "address with long labels and a final dot",
            () -> "a@" + "bbbbbbbbb.".repeat(N / 10),
            () -> "[EMAIL]."),
        unchanged("at signs without domains", () -> "a@".repeat(N / 2)),
        unchanged("local part far over 64 chars", () -> "a".repeat(N) + "@example.com"),
        shape(
            "many addresses",
            () -> "jane@example.com ".repeat(N / 17),
            () -> "[EMAIL] ".repeat(N / 17)),
        unchanged("single digits separated by spaces", () -> "1 ".repeat(N / 2)),
        unchanged("single digits separated by hyphens", () -> "1-".repeat(N / 2)),
        unchanged("one run of a million digits", () -> "1".repeat(N)),
        shape(
            "many card numbers",
            () -> "4111 1111 1111 1111, ".repeat(N / 21),
            () -> "[CARD], ".repeat(N / 21)),
        unchanged("plus signs and single digits", () -> "+1 ".repeat(N / 3)),
        unchanged("parenthesized single digits", () -> "(1)".repeat(N / 3)),
        shape(
            "many phone numbers",
            () -> "555-123-4567, ".repeat(N / 14),
            () -> "[PHONE], ".repeat(N / 14)),
        unchanged("IBAN-like words failing the check", () -> "AB12 ".repeat(N / 5)),
        shape(
            "many IBANs",
            () -> "DE89 3704 0044 0532 0130 00, ".repeat(N / 29),
            () -> "[IBAN], ".repeat(N / 29)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("personalDataShapes")
  void redactionFinishesWithTheExactText(
      String name, Supplier<String> input, Supplier<?> expected) {
    PiiRedactionHook hook = PiiRedactionHook.defaults();
    assertFinishesWith(
        name, input, text -> hook.redact(text, EnumSet.noneOf(Kind.class)), expected);
  }

  static Stream<Arguments> spamShapes() {
    return Stream.of(
        shape(
            "one letter a million times",
            () -> "a".repeat(N),
            () -> Set.of(Signal.REPEATED_CHARACTERS)),
        shape("a phrase glued to a million letters", () -> "ab".repeat(N / 2) + "casino", Set::of),
        shape(
            "fullwidth phrases",
            () -> "\uff43\uff41\uff53\uff49\uff4e\uff4f ".repeat(N / 7),
            () -> Set.of(Signal.PHRASE)),
        shape("links", () -> "www.x ".repeat(N / 6), () -> Set.of(Signal.LINKS)),
        shape("half a phrase, repeated", () -> "buy ".repeat(N / 4), Set::of));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spamShapes")
  void spamSignalsFinishWithTheExactSignals(
      String name, Supplier<String> input, Supplier<?> expected) {
    assertFinishesWith(name, input, SpamFilterHook.defaults()::signals, expected);
  }

  static Stream<Arguments> sentimentShapes() {
    return Stream.of(
        // 1.5^200000 overflows to infinity: the score is still the strongest positive one.
        shape("intensifiers without end", () -> "very ".repeat(N / 5) + "helpful", () -> 1.0),
        shape(
            "negations without end",
            () -> "not ".repeat(N / 4) + "helpful",
            () -> rounded(-1.5 / Math.sqrt(1.5 * 1.5 + 15))),
        shape(
            "praise without end",
            () -> "helpful ".repeat(N / 8),
            () -> rounded(250_000.0 / Math.sqrt(250_000.0 * 250_000.0 + 15))),
        shape("one word of a million letters", () -> "x".repeat(N), () -> 0.0));
  }

  private static double rounded(double score) {
    return Math.round(score * 1000) / 1000.0;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sentimentShapes")
  void sentimentFinishesWithTheExactScore(
      String name, Supplier<String> input, Supplier<?> expected) {
    assertFinishesWith(name, input, SentimentHook.defaults()::score, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("markupShapes")
  void theDocumentedChainStoresOrRefusesAMillionCharCommentInTime(
      String name, Supplier<String> input, Supplier<String> expected) {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .hooks(
                SanitizingHook.defaults(),
                PiiRedactionHook.defaults(),
                ValidationHook.defaults(),
                SpamFilterHook.defaults(),
                SentimentHook.defaults())
            .build();
    Feedback feedback = Feedback.down(input.get());
    String plain = expected.get();
    if (!plain.isEmpty() && plain.length() <= ValidationHook.DEFAULT_MAX_COMMENT_LENGTH) {
      assertTimeoutPreemptively(GUARD, () -> manager.addFeedback("s", feedback), name);
      assertThat(store.list("s")).extracting(Feedback::comment).containsExactly(plain);
      return;
    }
    String code = plain.isEmpty() ? "required" : "too_long";
    assertTimeoutPreemptively(
        GUARD,
        () ->
            assertThatThrownBy(() -> manager.addFeedback("s", feedback))
                .isInstanceOfSatisfying(
                    InvalidFeedbackException.class,
                    e ->
                        assertThat(e.violations())
                            .extracting(Violation::field, Violation::code)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("comment", code))),
        name);
    assertThat(store.list("s")).isEmpty();
  }
}
