package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriageHookTest {

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  private Feedback stored(FeedbackHook hook, Feedback in) {
    FeedbackManager manager = FeedbackManager.builder().store(store).hooks(hook).build();
    return manager.addFeedback("s1", in).feedback();
  }

  @Test
  void defaultCategoriesWithTheirUrgency() {
    TriageHook hook = TriageHook.defaults();
    assertThat(hook.tags(Feedback.down("The total is wrong")))
        .containsExactly("category:accuracy", "urgency:high");
    assertThat(hook.tags(Feedback.down("off topic")))
        .containsExactly("category:relevance", "urgency:medium");
    assertThat(hook.tags(Feedback.down("cut off")))
        .containsExactly("category:completeness", "urgency:medium");
    assertThat(hook.tags(Feedback.down("so slow")))
        .containsExactly("category:latency", "urgency:medium");
    assertThat(hook.tags(Feedback.down("offensive")))
        .containsExactly("category:safety", "urgency:critical");
    assertThat(hook.tags(Feedback.down("meh"))).containsExactly("category:other", "urgency:low");
    // safety comes first of the defaults, whatever the order of the words
    assertThat(hook.tags(Feedback.down("wrong and offensive")))
        .startsWith("category:safety", "urgency:critical");
  }

  @Test
  void invisibleCharactersAndCompatibilityFormsDoNotHideAKeyword() {
    TriageHook hook = TriageHook.defaults();
    for (String hidden : List.of("\u200B", "\u00AD", "\u2060", "\uFEFF", "\u200D")) {
      assertThat(hook.tags(Feedback.down("the total is wr" + hidden + "ong")))
          .as(hidden)
          .containsExactly("category:accuracy", "urgency:high");
      assertThat(hook.tags(Feedback.down("off" + hidden + " to" + hidden + "pic")))
          .as(hidden)
          .containsExactly("category:relevance", "urgency:medium");
    }
    // full-width letters, folded as the spam filter folds them (NFKC)
    assertThat(hook.tags(Feedback.down("\uFF37\uFF32\uFF2F\uFF2E\uFF27")))
        .containsExactly("category:accuracy", "urgency:high");
    // an invisible character is not a word of its own: four words are not actionable
    assertThat(hook.tags(Feedback.down("it \u200B is \u00AD just \u2060 wrong")))
        .containsExactly("category:accuracy", "urgency:high");
  }

  @Test
  void aKeywordHoldingInvisibleCharactersMatchesTheWordItShows() {
    TriageRule rule =
        TriageRule.builder()
            .category("billing")
            .keywords("in\u200Bvoice", "charged\u00AD twice")
            .build();
    TriageHook hook = TriageHook.builder().rule(rule).build();
    assertThat(hook.tags(Feedback.down("the invoice")))
        .containsExactly("category:billing", "urgency:medium");
    assertThat(hook.tags(Feedback.down("charged twice")))
        .containsExactly("category:billing", "urgency:medium");
  }

  @Test
  void storesTheTagsWithTheFeedbackAndKeepsOtherTags() {
    Feedback out =
        stored(
            TriageHook.defaults(),
            Feedback.builder()
                .rating(Rating.DOWN)
                .comment("the order number it gave me is wrong")
                .tags("checkout", "category:stale", "urgency:low", "actionable")
                .build());
    assertThat(out.tags())
        .containsExactly("checkout", "category:accuracy", "urgency:high", "actionable");
    assertThat(store.list("s1").get(0).tags()).isEqualTo(out.tags());
  }

  @Test
  void feedbackThatIsNoLongerNegativeLosesItsTriageTags() {
    FeedbackManager manager =
        FeedbackManager.builder().store(store).hooks(TriageHook.defaults()).build();
    Feedback down =
        manager
            .addFeedback(
                "s1",
                Feedback.builder()
                    .rating(Rating.DOWN)
                    .comment("the total is wrong")
                    .tags("checkout")
                    .build())
            .feedback();
    assertThat(down.tags()).containsExactly("checkout", "category:accuracy", "urgency:high");
    // The user changes the vote: the complaint is gone, and so is its triage.
    manager.updateFeedback("s1", down.toBuilder().rating(Rating.UP).build());
    assertThat(store.list("s1").get(0).tags()).containsExactly("checkout");
    // Positive feedback without triage tags passes on as it is.
    Feedback up = Feedback.builder().rating(Rating.UP).comment("great").tags("checkout").build();
    assertThat(stored(TriageHook.defaults(), up).tags()).containsExactly("checkout");
  }

  @Test
  void callerRulesComeFirstAndMaySetUrgency() {
    TriageHook hook =
        TriageHook.builder()
            .rule(
                TriageRule.builder()
                    .category("billing")
                    .keywords("invoice", "charged twice")
                    .urgency(Severity.HIGH)
                    .build())
            .rule(TriageRule.builder().category("tooling").tags("tool_error").build())
            .build();
    assertThat(hook.tags(Feedback.down("wrong invoice")))
        .containsExactly("category:billing", "urgency:high");
    assertThat(hook.tags(Feedback.down("I was charged   twice!")))
        .containsExactly("category:billing", "urgency:high");
    assertThat(hook.tags(Feedback.down("charged once, twice wrong")))
        .containsExactly("category:accuracy", "urgency:high");
    // a tag rule, its category's default urgency medium
    assertThat(
            hook.tags(
                Feedback.builder().rating(Rating.DOWN).comment("wrong").tags("tool_error").build()))
        .containsExactly("category:tooling", "urgency:medium");
    // a tag of the triage namespace is the hook's own, not the caller's
    TriageHook byTriageTag =
        TriageHook.builder()
            .rule(TriageRule.builder().category("stale").tags("category:stale").build())
            .build();
    assertThat(
            byTriageTag.tags(
                Feedback.builder()
                    .rating(Rating.DOWN)
                    .comment("meh")
                    .tags("category:stale")
                    .build()))
        .containsExactly("category:other", "urgency:low");
    // without the defaults, anything else is other
    TriageHook only =
        TriageHook.builder()
            .defaultRules(false)
            .rule(TriageRule.builder().category("billing").keywords("invoice").build())
            .build();
    assertThat(only.tags(Feedback.down("wrong"))).containsExactly("category:other", "urgency:low");
  }

  @Test
  void keywordsMatchOnWordBoundariesOnly() {
    TriageHook hook = TriageHook.defaults();
    assertThat(hook.tags(Feedback.down("wrongly? falsehood; slowness"))).contains("category:other");
    assertThat(hook.tags(Feedback.down("(WRONG)"))).contains("category:accuracy");
    assertThat(hook.tags(Feedback.down("it was slow."))).contains("category:latency");
    assertThat(hook.tags(Feedback.down("it didn’t answer"))).contains("category:relevance");
    assertThat(hook.tags(Feedback.down("made-up numbers"))).contains("category:accuracy");
  }

  @Test
  void keywordsMatchUnicodeCaseInsensitively() {
    TriageHook hook =
        TriageHook.builder()
            .rule(TriageRule.builder().category("fr").keywords("erroné", "ÇA RAME").build())
            .build();
    assertThat(hook.tags(Feedback.down("Réponse ERRONÉ"))).contains("category:fr");
    assertThat(hook.tags(Feedback.down("ça rame"))).contains("category:fr");
    assertThat(hook.tags(Feedback.down("erronées"))).contains("category:other");
    // a decomposed é (e + U+0301) stays inside the word
    assertThat(hook.tags(Feedback.down("erron\u0065\u0301s"))).contains("category:other");
  }

  @Test
  void positiveAndNeutralFeedbackIsUntouched() {
    TriageHook hook = TriageHook.defaults();
    Feedback up =
        Feedback.builder().rating(Rating.UP).comment("wrong? no, great").tags("x").build();
    assertThat(stored(hook, up).tags()).containsExactly("x");
    assertThat(stored(hook, Feedback.neutral("slow")).tags()).isEmpty();
    assertThat(stored(hook, Feedback.scored(3, Scale.STARS_5)).tags()).isEmpty();
    assertThat(stored(hook, Feedback.scored(7, Scale.NPS)).tags()).isEmpty();
    assertThat(hook.triaged()).isZero();
  }

  @Test
  void lowScoresAndDetractorsAreNegative() {
    assertThat(TriageHook.isNegative(Feedback.scored(2, Scale.STARS_5))).isTrue();
    assertThat(TriageHook.isNegative(Feedback.scored(2.5, Scale.STARS_5))).isFalse();
    assertThat(TriageHook.isNegative(Feedback.scored(6, Scale.NPS))).isTrue();
    assertThat(TriageHook.isNegative(Feedback.scored(7, Scale.NPS))).isFalse();
    assertThat(TriageHook.isNegative(Feedback.scored(2.5, Scale.CES))).isTrue();
    assertThat(TriageHook.isNegative(Feedback.scored(3, Scale.CES))).isFalse();
    assertThat(stored(TriageHook.defaults(), Feedback.scored(1, Scale.STARS_5)).tags())
        .containsExactly("category:other", "urgency:low");
  }

  @Test
  void actionableWhenTheCommentSaysEnoughOrHasACorrection() {
    TriageHook hook = TriageHook.defaults();
    assertThat(hook.tags(Feedback.down("wrong"))).doesNotContain("actionable");
    assertThat(hook.tags(Feedback.down("the refund date is wrong"))).contains("actionable");
    assertThat(
            hook.tags(
                Feedback.builder()
                    .rating(Rating.DOWN)
                    .comment("wrong")
                    .correction("May 3")
                    .build()))
        .contains("actionable");
    assertThat(TriageHook.builder().actionableWords(1).build().tags(Feedback.down("wrong")))
        .contains("actionable");
    assertThatThrownBy(() -> TriageHook.builder().actionableWords(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actionableWords");
  }

  @Test
  void feedbackWithoutRoomForTheTagsIsPassedOnAndCounted() {
    TriageHook hook = TriageHook.defaults();
    FeedbackHookHarness harness = new FeedbackHookHarness(hook);
    Feedback plain =
        Feedback.builder()
            .id("f1")
            .rating(Rating.DOWN)
            .comment("x")
            .createdAt(Instant.parse("2026-03-01T00:00:00Z"))
            .build();
    // fill the feedback up to 3 bytes short of the limit with a response
    long room = FeedbackLimits.MAX_FEEDBACK_BYTES - plain.storedSize() - 3;
    Feedback full = plain.toBuilder().response("r".repeat((int) room)).build();
    assertThat(full.storedSize()).isEqualTo(FeedbackLimits.MAX_FEEDBACK_BYTES - 3);
    Feedback out = harness.add("s1", full).feedback();
    assertThat(out.tags()).isEmpty();
    assertThat(hook.skipped()).isEqualTo(1);
    assertThat(hook.triaged()).isZero();
    // with room left for its two tags, it is triaged
    int tags = "category:other".length() + "urgency:low".length();
    Feedback fits = plain.toBuilder().response("r".repeat((int) room + 3 - tags)).build();
    assertThat(harness.add("s1", fits).feedback().tags())
        .containsExactly("category:other", "urgency:low");
    assertThat(hook.triaged()).isEqualTo(1);
  }

  @Test
  void hostileCommentsOfOneHundredThousandCharsComplete() {
    TriageHook hook =
        TriageHook.builder()
            .rule(TriageRule.builder().category("many").keywords("a a a a a a a b").build())
            .build();
    String words = "a ".repeat(50_000);
    assertThat(hook.tags(Feedback.down(words))).startsWith("category:other");
    String oneWord = "a".repeat(100_000);
    assertThat(hook.tags(Feedback.down(oneWord))).startsWith("category:other");
    String apostrophes = "a'".repeat(50_000);
    assertThat(hook.tags(Feedback.down(apostrophes))).startsWith("category:other");
    String marks = "\u0301".repeat(100_000);
    assertThat(hook.tags(Feedback.down(marks))).startsWith("category:other");
    assertThat(hook.tags(Feedback.down(words + "b"))).startsWith("category:many");
  }

  @Test
  void callerCategoriesMustBeLowercaseIdentifiers() {
    for (String bad : List.of("", "Billing", "1st", "bill ing", "bill:ing", "é", "a".repeat(65))) {
      assertThatThrownBy(() -> TriageRule.builder().category(bad).keywords("x").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("category")
          .hasMessageContaining("64");
    }
    assertThat(TriageRule.builder().category("a_1").keywords("x").build().category())
        .isEqualTo("a_1");
    assertThatThrownBy(() -> TriageRule.builder().category("a").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyword or tag");
    assertThatThrownBy(() -> TriageRule.builder().category("a").keywords("?!").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keywords[0]");
    assertThatThrownBy(() -> EscalationRule.category("Safety", Severity.HIGH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("category");
  }

  @Test
  void readyHooksPlaceItAfterSentiment() {
    SentimentHook sentiment = SentimentHook.defaults();
    TriageHook triage = TriageHook.defaults();
    ValidationHook validation = ValidationHook.defaults();
    assertThat(
            ReadyHooks.builder().triage(triage).validation(validation).sentiment(sentiment).build())
        .containsExactly(validation, sentiment, triage);
  }
}
