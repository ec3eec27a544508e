package io.github.agentfeedback.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.ProblemOptions;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TermFoldingTest {

  private static List<TermCount> fold(TermCount... terms) {
    return TermFolding.fold(List.of(terms), TermCount::term, TermCount::count);
  }

  private static TermCount t(String term, long count) {
    return new TermCount(term, count);
  }

  @Test
  void aWordMostlySaidWithinAPhraseIsFoldedIntoIt() {
    assertThat(fold(t("login", 6), t("login loop", 5), t("loop", 6), t("refund", 5)))
        .containsExactly(t("login loop", 5), t("refund", 5));
  }

  @Test
  void aWordSaidInHalfOfItsCommentsOrFewerWithinThePhraseStays() {
    assertThat(fold(t("refund", 10), t("refund request", 5), t("request", 5)))
        .containsExactly(t("refund", 10), t("refund request", 5));
    assertThat(fold(t("two-factor", 5), t("two-factor code", 2), t("code", 2)))
        .containsExactly(t("two-factor", 5), t("two-factor code", 2));
  }

  @Test
  void phrasesJoinedByAFoldedWordAreOneComplaintNamedByTheMostFrequent() {
    // "page" is mostly said within both phrases, so they meet: "checkout page timeout".
    assertThat(
            fold(
                t("checkout", 3),
                t("checkout page", 3),
                t("page", 3),
                t("page timeout", 2),
                t("timeout", 3),
                t("slow", 3)))
        .containsExactly(t("checkout page", 3), t("slow", 3));
    // Ties go to the first by term.
    assertThat(fold(t("b c", 2), t("a b", 2), t("b", 2))).containsExactly(t("a b", 2));
  }

  @Test
  void withoutPhrasesNothingIsFolded() {
    assertThat(fold(t("slow", 3), t("timeout", 2))).containsExactly(t("slow", 3), t("timeout", 2));
  }

  /**
   * Two shapes that would make a fold comparing terms with terms quadratic: 50,000 phrases
   * sharing one word, each folding in a word of its own; and one chain of 100,000 phrases,
   * each joined to the next by a folded word. Both finish with the exact result.
   */
  @Test
  void manyPhrasesSharingWordsAreFoldedInLinearTime() {
    InMemoryFeedbackStore hub = new InMemoryFeedbackStore();
    int phrases = 50_000;
    for (int i = 0; i < phrases; i++) {
      hub.append(
          "s",
          Feedback.down("hub x" + i).toBuilder().id("h" + i).build(),
          UnknownSessionPolicy.CREATE);
    }
    List<TermCount> terms =
        FeedbackAnalytics.of(hub)
            .problems(FeedbackQuery.all(), ProblemOptions.builder().minCount(1).limit(10).build())
            .terms();
    List<TermCount> expected = new ArrayList<>();
    expected.add(t("hub", phrases));
    IntStream.range(0, phrases)
        .mapToObj(i -> "hub x" + i)
        .sorted()
        .limit(9)
        .forEach(p -> expected.add(t(p, 1)));
    assertThat(terms).containsExactlyElementsOf(expected);

    InMemoryFeedbackStore chain = new InMemoryFeedbackStore();
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      words.append(" w").append(i);
    }
    chain.append(
        "s",
        Feedback.down(words.toString()).toBuilder().id("c1").build(),
        UnknownSessionPolicy.CREATE);
    chain.append(
        "s",
        Feedback.down(words.toString()).toBuilder().id("c2").build(),
        UnknownSessionPolicy.CREATE);
    assertThat(
            FeedbackAnalytics.of(chain)
                .problems(FeedbackQuery.all(), ProblemOptions.defaults())
                .terms())
        .containsExactly(t("w0 w1", 2));
  }
}
