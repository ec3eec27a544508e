package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SentimentHookTest {

  private final SentimentHook hook = SentimentHook.defaults();

  @Test
  void bundledLexiconHasAFewHundredWords() {
    assertThat(SentimentLexicon.defaults().size()).isGreaterThan(250);
  }

  @Test
  void positiveAndNegativeCommentsGetTheirSign() {
    assertThat(hook.score("Clear instructions, very helpful")).isPositive();
    assertThat(hook.score("Wrong answer, confusing and useless")).isNegative();
  }

  @Test
  void negationFlipsPolarity() {
    assertThat(hook.score("helpful")).isPositive();
    assertThat(hook.score("not helpful")).isNegative();
    assertThat(hook.score("it wasn't helpful at all")).isNegative();
    assertThat(hook.score("not bad")).isPositive();
    assertThat(hook.score("never accurate")).isNegative();
  }

  @Test
  void negationEndsAtTheClause() {
    assertThat(hook.score("not what I asked. But great formatting")).isPositive();
  }

  @Test
  void intensifiersStrengthenAndSoftenersWeaken() {
    assertThat(hook.score("very helpful")).isGreaterThan(hook.score("helpful"));
    assertThat(hook.score("slightly confusing")).isGreaterThan(hook.score("confusing"));
  }

  @Test
  void textAfterButWeighsMore() {
    assertThat(hook.score("The tone was nice but the answer was wrong")).isNegative();
  }

  @Test
  void invisibleCharactersInsideAWordDoNotSplitIt() {
    double terrible = hook.score("a terrible answer");
    assertThat(terrible).isNegative();
    // zero-width space, soft hyphen, word joiner, byte order mark, zero-width joiner
    for (String hidden : List.of("\u200B", "\u00AD", "\u2060", "\uFEFF", "\u200D")) {
      assertThat(hook.score("a ter" + hidden + "rible answer")).as(hidden).isEqualTo(terrible);
    }
    assertThat(hook.score("n\u200Bot help\u00ADful")).isEqualTo(hook.score("not helpful"));
    assertThat(hook.score("well-\u200Bwritten")).isEqualTo(hook.score("well-written"));
  }

  @Test
  void compatibilityFormsAndCombiningMarksReadAsTheWordsTheyShow() {
    // full-width letters and punctuation, as the spam filter folds them (NFKC)
    assertThat(hook.score("\uFF34\uFF25\uFF32\uFF32\uFF29\uFF22\uFF2C\uFF25"))
        .isEqualTo(hook.score("terrible"));
    assertThat(hook.score("not helpful\uFF0E helpful"))
        .isEqualTo(hook.score("not helpful. helpful"));
    // a combining accent belongs to its word, composed or not, in the text and the lexicon
    SentimentLexicon french =
        SentimentLexicon.parse(new StringReader("[words]\ncafe\u0301 2\nrate\u0301 -2\n"));
    assertThat(french.score("un caf\u00E9")).isEqualTo(french.score("un cafe\u0301")).isPositive();
    assertThat(french.score("rate\u0301")).isNegative();
    assertThat(french.score("rate")).isZero();
  }

  @Test
  void textWithoutSentimentWordsScoresZero() {
    assertThat(hook.score("order 1234 shipped on Monday")).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "excellent excellent excellent excellent excellent perfect amazing",
        "terrible awful horrible useless worst garbage trash"
      })
  void scoresStayWithinMinusOneAndOne(String text) {
    assertThat(hook.score(text)).isBetween(-1.0, 1.0);
  }

  @Test
  void scoreIsStoredAsAnAttribute() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager m = FeedbackManager.builder().store(store).hooks(hook).build();
    m.addFeedback("s", Feedback.up("Really useful, thanks"));
    m.addFeedback("s", Feedback.up("   "));
    assertThat(store.list("s").get(0).attributes().get(SentimentHook.ATTRIBUTE))
        .isInstanceOfSatisfying(
            Double.class, d -> assertThat(d).isPositive().isLessThanOrEqualTo(1.0));
    assertThat(store.list("s").get(1).attributes()).doesNotContainKey(SentimentHook.ATTRIBUTE);
  }

  @Test
  void aCustomLexiconCanBeParsed() {
    SentimentLexicon lexicon =
        SentimentLexicon.parse(
            new StringReader(
                """
        # tiny
        [words]
        snappy 2
        laggy -2   # trailing comment
        [intensifiers]
        mega 2
        [negations]
        nope
        """));
    assertThat(lexicon.size()).isEqualTo(2);
    SentimentHook custom = SentimentHook.builder().lexicon(lexicon).build();
    assertThat(custom.score("snappy")).isPositive();
    assertThat(custom.score("nope snappy")).isNegative();
    assertThat(custom.score("mega laggy")).isLessThan(custom.score("laggy"));
    assertThat(custom.score("helpful")).isZero();
  }

  @Test
  void malformedLexiconLinesAreNamed() {
    assertThatThrownBy(() -> SentimentLexicon.parse(new StringReader("[words]\ngood\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> SentimentLexicon.parse(new StringReader("good 1\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> SentimentLexicon.parse(new StringReader("[intensifiers]\nvery -1\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void aLexiconEntryTheTextCanNeverHoldAsOneWordIsRefused() {
    // an invisible word, or one the splitting of the text cuts in two: it would never count
    for (String entry : List.of("\u200B", "good.enough", "-good", "a+")) {
      assertThatThrownBy(
              () -> SentimentLexicon.parse(new StringReader("[words]\n" + entry + " 1\n")))
          .as(entry)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("line 2")
          .hasMessageContaining("is not one word");
    }
  }

  @Test
  void feedbackWithoutRoomForTheScoreIsStoredWithoutIt() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager m = FeedbackManager.builder().store(store).hooks(hook).build();
    Feedback plain = Feedback.builder().id("f1").rating(Rating.DOWN).comment("terrible").build();
    // up to 3 bytes short of the limit: the store takes it, but not with the score as well
    long room = FeedbackLimits.MAX_FEEDBACK_BYTES - plain.storedSize() - 3;
    Feedback full = plain.toBuilder().response("r".repeat((int) room)).build();
    assertThat(m.addFeedback("s", full).feedback().attributes())
        .doesNotContainKey(SentimentHook.ATTRIBUTE);
    assertThat(store.list("s")).hasSize(1);
  }

  @Test
  void anUpdatedCommentIsScoredAgain() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager m = FeedbackManager.builder().store(store).hooks(hook).build();
    Feedback added = m.addFeedback("s", Feedback.up("very helpful")).feedback();
    assertThat((Double) added.attributes().get(SentimentHook.ATTRIBUTE)).isPositive();
    m.updateFeedback("s", added.toBuilder().comment("wrong and useless").build());
    assertThat((Double) store.list("s").get(0).attributes().get(SentimentHook.ATTRIBUTE))
        .isNegative();
  }
}
