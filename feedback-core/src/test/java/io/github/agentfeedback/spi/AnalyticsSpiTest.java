package io.github.agentfeedback.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SPI's value types: what a store that aggregates on a server builds. */
class AnalyticsSpiTest {

  @Test
  void tallySumsAddUpInAnyOrder() {
    Tally a =
        Tally.builder()
            .rating(Rating.UP, 2)
            .comments(1, 5)
            .dimension(Dimension.SAFETY, 9, 2)
            .score("nps", 9, 1)
            .sentiment(-250, 1)
            .build();
    Tally b =
        Tally.builder()
            .rating(Rating.DOWN, 1)
            .rating(Rating.NEUTRAL, 3)
            .comments(2, 7)
            .score("nps", 9, 2)
            .score("nps", -0.0, 1)
            .sentiment(500, 2)
            .build();
    Tally ab = Tally.builder().add(a).add(b).build();
    assertThat(ab)
        .isEqualTo(Tally.builder().add(b).add(a).build())
        .hasSameHashCodeAs(Tally.builder().add(b).add(a).build());
    assertThat(
            List.of(
                ab.total(),
                ab.up(),
                ab.down(),
                ab.neutral(),
                ab.commented(),
                ab.commentCodePoints(),
                ab.dimensionSum(Dimension.SAFETY),
                ab.dimensionCount(Dimension.SAFETY),
                ab.sentimentThousandths(),
                ab.sentimentCount()))
        .containsExactly(6L, 2L, 1L, 3L, 3L, 12L, 9L, 2L, 250L, 3L);
    assertThat(ab.count(Rating.NEUTRAL)).isEqualTo(3);
    // -0.0 is counted as 0.0, so "minus zero" never forms a second value.
    assertThat(ab.scores()).isEqualTo(Map.of("nps", Map.of(0.0, 1L, 9.0, 3L)));
    assertThat(Tally.empty().total()).isZero();
    assertThat(Tally.builder().score("nps", 5, 0).build()).isEqualTo(Tally.empty());
  }

  @Test
  void tallyRefusesNegativeCountsAndNonFiniteScores() {
    assertThatThrownBy(() -> Tally.builder().rating(Rating.UP, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("count");
    assertThatThrownBy(() -> Tally.builder().comments(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("commented");
    assertThatThrownBy(() -> Tally.builder().dimension(Dimension.CLARITY, -3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sum");
    assertThatThrownBy(() -> Tally.builder().score("nps", Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("value");
    assertThatThrownBy(() -> Tally.builder().score(null, 1, 1)).hasMessage("scale");
    assertThatThrownBy(() -> Tally.builder().sentiment(0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("count");
  }

  @Test
  void requestsRefuseWhatNoStoreCouldAnswer() {
    FeedbackQuery all = FeedbackQuery.all();
    assertThatThrownBy(() -> AnalyticsRequest.builder(all).pairwise(GroupKey.tag()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pairwise");
    assertThatThrownBy(() -> AnalyticsRequest.builder(all).sentimentAttribute("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sentimentAttribute");
    assertThatThrownBy(() -> AnalyticsRequest.builder(null)).hasMessage("query");
    assertThatThrownBy(() -> AnalyticsRequest.Breakdown.of(GroupKey.tag()).top(null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("limit");
    assertThatThrownBy(
            () ->
                AnalyticsRequest.Breakdown.builder()
                    .key(GroupKey.tag())
                    .only(Set.of())
                    .topRating(null)
                    .limit(-1)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("limit");
    assertThatThrownBy(
            () ->
                AnalyticsRequest.TermSpec.builder()
                    .stopWords(Set.of())
                    .phrases(true)
                    .minCount(0)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("minCount");
    assertThatThrownBy(
            () ->
                AnalyticsResult.PairTally.builder()
                    .first("b")
                    .second("a")
                    .firstWins(1)
                    .secondWins(0)
                    .ties(0)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("first");
  }

  @Test
  void aFoldRefusesCommentsItsRequestDoesNotCount() {
    // A store that aggregates on a server feeds comments only when the request counts terms;
    // feeding one to any other fold is a bug in the store, reported as such (was an NPE).
    ReferenceFold fold = ReferenceFold.of(AnalyticsRequest.builder(FeedbackQuery.all()).build());
    assertThatThrownBy(() -> fold.negativeComment("too slow", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("terms");
    assertThat(fold.result().terms()).isNull();
  }

  @Test
  void stopWordsAreComparedAsWordsAre() {
    AnalyticsRequest.TermSpec spec =
        AnalyticsRequest.TermSpec.builder()
            .stopWords(Set.of("DON’T", "Slow"))
            .phrases(false)
            .minCount(1)
            .build();
    assertThat(spec.stopWords()).containsExactlyInAnyOrder("don't", "slow");
  }
}
