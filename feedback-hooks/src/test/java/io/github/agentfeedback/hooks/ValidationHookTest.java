package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Comparison.Candidate;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Violation;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationHookTest {

  private final TestClock clock = TestClock.at("2026-03-01T10:15:30Z");
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  private FeedbackManager manager(ValidationHook hook) {
    return FeedbackManager.builder().store(store).hooks(hook).clock(clock).build();
  }

  private FeedbackManager manager() {
    return manager(ValidationHook.builder().clock(clock).build());
  }

  private static InvalidFeedbackException invalid(Runnable r) {
    try {
      r.run();
    } catch (InvalidFeedbackException e) {
      return e;
    }
    throw new AssertionError("expected InvalidFeedbackException");
  }

  @Test
  void validFeedbackIsStoredWithValidatedAtFromTheClock() {
    FeedbackResult r = manager().addFeedback("s", Feedback.up("Clear instructions"));
    assertThat(r.created()).isTrue();
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(
                        ValidationHook.VALIDATED_AT, Instant.parse("2026-03-01T10:15:30Z")));
  }

  @Test
  void commentAndCorrectionAreTrimmed() {
    manager()
        .addFeedback(
            "s",
            Feedback.builder()
                .rating(Rating.DOWN)
                .comment("  \n wrong answer \t ")
                .correction("  the right one  ")
                .build());
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.comment()).isEqualTo("wrong answer");
              assertThat(f.correction()).isEqualTo("the right one");
            });
  }

  @Test
  void reportsEveryViolationAtOnceAndStoresNothing() {
    ValidationHook hook =
        ValidationHook.builder()
            .clock(clock)
            .allowedRatings(Rating.UP, Rating.DOWN)
            .maxTags(2)
            .build();
    Feedback bad =
        Feedback.builder()
            .rating(Rating.NEUTRAL)
            .comment("x".repeat(1_001) + "\u0007")
            .tags("a", "b", "c")
            .build();
    InvalidFeedbackException e = invalid(() -> manager(hook).addFeedback("s", bad));
    assertThat(e.violations())
        .extracting(Violation::field, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rating", "not_allowed"),
            org.assertj.core.groups.Tuple.tuple("comment", "too_long"),
            org.assertj.core.groups.Tuple.tuple("comment", "control_char"),
            org.assertj.core.groups.Tuple.tuple("tags", "too_many"));
    assertThat(e.getMessage()).contains("at most 1000").contains("U+0007");
    assertThat(store.list("s")).isEmpty();
  }

  @Test
  void commentLengthCountsCodePointsNotChars() {
    String thousandEmoji = "\uD83D\uDC4D".repeat(1_000); // 2,000 chars
    assertThat(manager().addFeedback("s", Feedback.up(thousandEmoji)).created()).isTrue();
    InvalidFeedbackException e =
        invalid(() -> manager().addFeedback("s", Feedback.up(thousandEmoji + "\uD83D\uDC4D")));
    assertThat(e.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("too_long");
              assertThat(v.message()).contains("was 1001");
            });
  }

  @Test
  void downNeedsAComment() {
    InvalidFeedbackException e = invalid(() -> manager().addFeedback("s", Feedback.down(null)));
    assertThat(e.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("comment");
              assertThat(v.code()).isEqualTo("required");
            });
  }

  @Test
  void blankCommentCountsAsMissingForDown() {
    InvalidFeedbackException e = invalid(() -> manager().addFeedback("s", Feedback.down("  \n ")));
    assertThat(e.fields()).containsExactly("comment");
  }

  @Test
  void noBreakSpacesAreTrimmedAndCountAsBlankLikeOtherWhiteSpace() {
    // String.strip() keeps them: Character.isWhitespace is false for U+00A0, U+2007, U+202F.
    assertThat("\u00a0\u2007\u202f".strip()).isEqualTo("\u00a0\u2007\u202f");
    manager()
        .addFeedback(
            "s",
            Feedback.builder()
                .rating(Rating.UP)
                .comment("\u00a0\u2007 fine \u202f\u3000")
                .correction("\u00a0right\u00a0")
                .build());
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.comment()).isEqualTo("fine");
              assertThat(f.correction()).isEqualTo("right");
            });
    InvalidFeedbackException e =
        invalid(() -> manager().addFeedback("s", Feedback.down("\u00a0\u2007\u202f\u3000")));
    assertThat(e.violations())
        .extracting(Violation::field, Violation::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("comment", "required"));
  }

  @Test
  void aCommentOfInvisibleCharactersIsMissingForDown() {
    // Zero-width space, soft hyphen, word joiner, BOM and a direction mark show nothing.
    InvalidFeedbackException e =
        invalid(() -> manager().addFeedback("s", Feedback.down("\u200B \u00AD\u2060\uFEFF\u200E")));
    assertThat(e.violations())
        .extracting(Violation::field, Violation::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("comment", "required"));
    assertThat(manager().addFeedback("s", Feedback.down("\u200Bslow\u200B")).created()).isTrue();
  }

  @Test
  void aCommentOfWhiteSpaceIsMissingForDownEvenWithoutTrimming() {
    ValidationHook hook = ValidationHook.builder().clock(clock).trimText(false).build();
    InvalidFeedbackException e =
        invalid(() -> manager(hook).addFeedback("s", Feedback.down(" \u00a0 \n")));
    assertThat(e.fields()).containsExactly("comment");
    manager(hook).addFeedback("s", Feedback.up(" \u00a0 "));
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly(" \u00a0 ");
  }

  @Test
  void downWithoutCommentPassesWhenTheRuleIsOff() {
    ValidationHook hook =
        ValidationHook.builder().clock(clock).requireCommentForDown(false).build();
    assertThat(manager(hook).addFeedback("s", Feedback.down(null)).created()).isTrue();
  }

  @Test
  void newlineCarriageReturnAndTabAreAllowedOtherControlCharactersAreNot() {
    assertThat(manager().addFeedback("s", Feedback.up("line one\r\nline\ttwo")).created()).isTrue();
    for (String c : List.of("\u0000", "\u001b", "\u007f", "\u0085", "\u0008")) {
      InvalidFeedbackException e = invalid(() -> manager().addFeedback("s", Feedback.up("a" + c)));
      assertThat(e.violations()).extracting(Violation::code).containsExactly("control_char");
    }
  }

  @Test
  void controlCharactersInTagsAndCorrectionsAreRejected() {
    Feedback f =
        Feedback.builder()
            .rating(Rating.UP)
            .comment("ok")
            .tags("fine", "bad\u0001tag")
            .correction("fix\u0002")
            .build();
    InvalidFeedbackException e = invalid(() -> manager().addFeedback("s", f));
    assertThat(e.fields()).containsExactly("correction", "tags[1]");
  }

  @Test
  void controlCharacterRuleCanBeSwitchedOff() {
    ValidationHook hook =
        ValidationHook.builder().clock(clock).rejectControlCharacters(false).build();
    assertThat(manager(hook).addFeedback("s", Feedback.up("bell\u0007")).created()).isTrue();
  }

  @Test
  void scoresMustUseAnAllowedScaleAndMayBeRequiredWhole() {
    ValidationHook hook =
        ValidationHook.builder()
            .clock(clock)
            .allowedScales(Scale.STARS_5)
            .wholeNumberScores(true)
            .build();
    Feedback nps = Feedback.builder().rating(Rating.UP).score(9, Scale.NPS).build();
    Feedback half = Feedback.builder().rating(Rating.UP).score(4.5, Scale.STARS_5).build();
    assertThat(invalid(() -> manager(hook).addFeedback("s", nps)).violations())
        .extracting(Violation::code)
        .containsExactly("scale_not_allowed");
    assertThat(invalid(() -> manager(hook).addFeedback("s", half)).violations())
        .extracting(Violation::code)
        .containsExactly("not_whole");
    Feedback four = Feedback.builder().rating(Rating.UP).score(4, Scale.STARS_5).build();
    assertThat(manager(hook).addFeedback("s", four).created()).isTrue();
  }

  @Test
  void anyScaleAndFractionsPassByDefault() {
    Feedback half = Feedback.builder().rating(Rating.UP).score(4.5, Scale.STARS_5).build();
    Feedback custom =
        Feedback.builder().rating(Rating.UP).score(70, Scale.of("pct", 0, 100)).build();
    assertThat(manager().addFeedback("s", half).created()).isTrue();
    assertThat(manager().addFeedback("s", custom).created()).isTrue();
  }

  @Test
  void tagsAreLimitedInNumberAndLength() {
    Feedback f =
        Feedback.builder()
            .rating(Rating.UP)
            .tags(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "x".repeat(51)))
            .build();
    InvalidFeedbackException e = invalid(() -> manager().addFeedback("s", f));
    assertThat(e.violations())
        .extracting(Violation::field, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tags", "too_many"),
            org.assertj.core.groups.Tuple.tuple("tags[11]", "too_long"));
  }

  @Test
  void attributeValuesAreLimitedInSize() {
    ValidationHook hook = ValidationHook.builder().clock(clock).maxAttributeValueSize(100).build();
    Feedback f =
        Feedback.builder()
            .rating(Rating.UP)
            .attribute("small", "x".repeat(100))
            .attribute("big", "x".repeat(101))
            .attribute("nested", Map.of("list", List.of("y".repeat(60), "z".repeat(60))))
            .build();
    InvalidFeedbackException e = invalid(() -> manager(hook).addFeedback("s", f));
    assertThat(e.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("attributes.big", "attributes.nested");
    assertThat(e.violations()).extracting(Violation::code).containsOnly("too_large");
  }

  @Test
  void triageTagsDoNotCountTowardTheLimitOfTags() {
    // An update sends back feedback the triage hook tagged after validation: its own ten tags
    // and the triage hook's three, which the triage hook replaces.
    List<String> own = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    List<String> tags = new java.util.ArrayList<>(own);
    tags.addAll(List.of("category:accuracy", "urgency:high", "actionable"));
    Feedback triaged = Feedback.builder().rating(Rating.DOWN).comment("wrong").tags(tags).build();
    assertThat(manager().addFeedback("s", triaged).created()).isTrue();
    List<String> eleven = new java.util.ArrayList<>(tags);
    eleven.add("11");
    Feedback tooMany = Feedback.builder().rating(Rating.DOWN).comment("wrong").tags(eleven).build();
    assertThat(invalid(() -> manager().addFeedback("s", tooMany)).violations())
        .extracting(Violation::field, Violation::code, Violation::message)
        .containsExactly(tuple("tags", "too_many", "tags must be at most 10, were 11"));
    // The namespace is no way around the limit: one tag of each kind is not counted.
    List<String> categories = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      categories.add("category:c" + i);
    }
    Feedback flood =
        Feedback.builder().rating(Rating.DOWN).comment("wrong").tags(categories).build();
    assertThat(invalid(() -> manager().addFeedback("s", flood)).violations())
        .extracting(Violation::field, Violation::code, Violation::message)
        .containsExactly(tuple("tags", "too_many", "tags must be at most 10, were 11"));
  }

  @Test
  void attributesAreLimitedInNumber() {
    ValidationHook hook = ValidationHook.builder().clock(clock).maxAttributes(1).build();
    Feedback f = Feedback.builder().rating(Rating.UP).attribute("a", 1).attribute("b", 2).build();
    assertThat(invalid(() -> manager(hook).addFeedback("s", f)).violations())
        .extracting(Violation::code)
        .containsExactly("too_many");
  }

  @Test
  void unlimitedSwitchesLimitsOff() {
    ValidationHook hook =
        ValidationHook.builder()
            .clock(clock)
            .maxCommentLength(ValidationHook.UNLIMITED)
            .maxTags(ValidationHook.UNLIMITED)
            .maxAttributeValueSize(ValidationHook.UNLIMITED)
            .build();
    Feedback f =
        Feedback.builder()
            .rating(Rating.UP)
            .comment("x".repeat(50_000))
            .tags(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "t" + i).toList())
            .attribute("blob", "y".repeat(100_000))
            .build();
    assertThat(manager(hook).addFeedback("s", f).created()).isTrue();
  }

  @Test
  void stampCanBeSwitchedOff() {
    ValidationHook hook = ValidationHook.builder().clock(clock).stampValidatedAt(false).build();
    manager(hook).addFeedback("s", Feedback.up("fine"));
    assertThat(store.list("s").get(0).attributes()).doesNotContainKey(ValidationHook.VALIDATED_AT);
  }

  @Test
  void builderRejectsNonsenseLimits() {
    assertThatThrownBy(() -> ValidationHook.builder().maxCommentLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxCommentLength");
    assertThatThrownBy(() -> ValidationHook.builder().allowedRatings(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUpdateMeetsTheSameRulesAndIsStampedAgain() {
    FeedbackManager m = manager();
    Feedback added =
        m.addFeedback("s", Feedback.builder().id("f-1").rating(Rating.UP).comment("fine").build())
            .feedback();
    clock.advance(Duration.ofMinutes(5));

    InvalidFeedbackException e =
        invalid(
            () ->
                m.updateFeedback(
                    "s", added.toBuilder().rating(Rating.DOWN).comment(" \u00a0").build()));
    assertThat(e.violations())
        .extracting(Violation::field, Violation::code)
        .containsExactly(tuple("comment", "required"));
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly("fine");

    FeedbackResult r =
        m.updateFeedback(
            "s", added.toBuilder().rating(Rating.DOWN).comment("  wrong after all ").build());
    assertThat(r.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.comment()).isEqualTo("wrong after all");
              assertThat(f.attributes())
                  .containsEntry(
                      ValidationHook.VALIDATED_AT, Instant.parse("2026-03-01T10:20:30Z"));
            });
  }

  @Test
  void promptAndResponsesHaveLengthLimitsInCodePointsNamingTheirFields() {
    ValidationHook hook =
        ValidationHook.builder().clock(clock).maxPromptLength(10).maxResponseLength(5).build();
    String thumbs = "\uD83D\uDC4D"; // one code point, two chars
    Comparison comparison =
        Comparison.of(
            Candidate.of(ModelRef.of("a"), "123456"),
            Candidate.of(ModelRef.of("b"), thumbs.repeat(5)),
            Comparison.Preference.A);
    Feedback f =
        Feedback.builder()
            .rating(Rating.UP)
            .prompt("p".repeat(11))
            .response(thumbs.repeat(6))
            .comparison(comparison)
            .build();

    InvalidFeedbackException e = invalid(() -> manager(hook).addFeedback("s", f));
    assertThat(e.violations())
        .extracting(Violation::field, Violation::code)
        .containsExactly(
            tuple("prompt", "too_long"),
            tuple("response", "too_long"),
            tuple("comparison.a.response", "too_long"));
    assertThat(e.violations())
        .extracting(Violation::message)
        .containsExactly(
            "prompt must be at most 10 characters, was 11",
            "response must be at most 5 characters, was 6",
            "comparison.a.response must be at most 5 characters, was 6");
    assertThat(store.list("s")).isEmpty();
    // Within the limits: stored as given, neither trimmed nor otherwise changed.
    Feedback ok =
        f.toBuilder()
            .prompt(" ten char ")
            .response(thumbs.repeat(5))
            .comparison(Comparison.of(comparison.b(), comparison.b(), Comparison.Preference.TIE))
            .build();
    manager(hook).addFeedback("s", ok);
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            stored -> {
              assertThat(stored.prompt()).isEqualTo(" ten char ");
              assertThat(stored.response()).isEqualTo(thumbs.repeat(5));
            });
  }

  @Test
  void promptAndResponseLimitsDefaultTo100000CodePointsAndUnlimitedSwitchesThemOff() {
    assertThat(ValidationHook.DEFAULT_MAX_PROMPT_LENGTH).isEqualTo(100_000);
    assertThat(ValidationHook.DEFAULT_MAX_RESPONSE_LENGTH).isEqualTo(100_000);
    Feedback atLimit =
        Feedback.builder()
            .rating(Rating.UP)
            .prompt("p".repeat(100_000))
            .response("r".repeat(100_000))
            .build();
    assertThat(manager().addFeedback("s", atLimit).created()).isTrue();

    Feedback over =
        Feedback.builder()
            .rating(Rating.UP)
            .prompt("p".repeat(100_001))
            .response("r".repeat(100_001))
            .build();
    assertThat(invalid(() -> manager().addFeedback("s", over)).violations())
        .extracting(Violation::field)
        .containsExactly("prompt", "response");
    ValidationHook unlimited =
        ValidationHook.builder()
            .clock(clock)
            .maxPromptLength(ValidationHook.UNLIMITED)
            .maxResponseLength(ValidationHook.UNLIMITED)
            .build();
    assertThat(manager(unlimited).addFeedback("s", over).created()).isTrue();
  }

  @Test
  void controlCharactersAreRefusedInPromptAndResponsesButTabAndLineBreaksAreNot() {
    Feedback bad =
        Feedback.builder()
            .rating(Rating.UP)
            .prompt("first line\n\tsecond line\r\n\u0007")
            .response("ok\u009b")
            .comparison(
                Comparison.of(
                    Candidate.of(ModelRef.of("a"), "fine\tand\r\nfine"),
                    Candidate.of(ModelRef.of("b"), "\u001b[31mred"),
                    Comparison.Preference.B))
            .build();
    InvalidFeedbackException e = invalid(() -> manager().addFeedback("s", bad));
    assertThat(e.violations())
        .extracting(Violation::field, Violation::code)
        .containsExactly(
            tuple("prompt", "control_char"),
            tuple("response", "control_char"),
            tuple("comparison.b.response", "control_char"));
    assertThat(e.violations())
        .extracting(Violation::message)
        .anySatisfy(message -> assertThat(message).contains("U+0007 at index 25"));

    Feedback good =
        bad.toBuilder()
            .prompt("first line\n\tsecond line\r\n")
            .response("ok")
            .comparison(null)
            .build();
    assertThat(manager().addFeedback("s", good).created()).isTrue();
    // The control-character rule can be switched off for them too.
    ValidationHook lenient =
        ValidationHook.builder().clock(clock).rejectControlCharacters(false).build();
    assertThat(manager(lenient).addFeedback("s", bad).created()).isTrue();
  }
}
