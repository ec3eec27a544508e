package io.github.agentfeedback.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
            .sentimentValue(-0.25)
            .build();
    Tally b =
        Tally.builder()
            .rating(Rating.DOWN, 1)
            .rating(Rating.NEUTRAL, 3)
            .comments(2, 7)
            .score("nps", 9, 2)
            .score("nps", -0.0, 1)
            .sentimentValue(0.375)
            .sentimentValue(0.125)
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
                ab.sentimentSum(),
                ab.sentimentCount()))
        .containsExactly(6L, 2L, 1L, 3L, 3L, 12L, 9L, 2L, 0.25, 3L);
    assertThat(ab.count(Rating.NEUTRAL)).isEqualTo(3);
    // -0.0 is counted as 0.0, so "minus zero" never forms a second value.
    assertThat(ab.scores()).isEqualTo(Map.of("nps", Map.of(0.0, 1L, 9.0, 3L)));
    assertThat(Tally.empty().total()).isZero();
    assertThat(Tally.builder().score("nps", 5, 0).build()).isEqualTo(Tally.empty());
  }

  @Test
  void sentimentPartsHoldEachValueToTwoToTheMinusSixty() {
    Random random = new Random(21);
    BigDecimal unit = new BigDecimal(0x1p-60);
    for (int i = 0; i < 20_000; i++) {
      double v = (2 * random.nextDouble() - 1) * Math.pow(2, -random.nextInt(70));
      Tally t = Tally.builder().sentimentValue(v).build();
      BigDecimal held =
          new BigDecimal(t.sentimentHigh())
              .multiply(new BigDecimal(0x1p-30))
              .add(new BigDecimal(t.sentimentLow()).multiply(unit));
      assertThat(new BigDecimal(v).subtract(held).abs()).as("%s", v).isLessThan(unit);
      assertThat(Math.abs(t.sentimentLow())).isLessThan(1L << 30);
    }
    // Sums are whole numbers: any order of the same values gives the same tally.
    double[] values = {0.1, 0.2, 0.3, -0.7, 1e-17, 0.9995};
    Tally.Builder forward = Tally.builder();
    Tally.Builder backward = Tally.builder();
    for (int i = 0; i < values.length; i++) {
      forward.sentimentValue(values[i]);
      backward.sentimentValue(values[values.length - 1 - i]);
    }
    assertThat(forward.build()).isEqualTo(backward.build());
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
    assertThatThrownBy(() -> Tally.builder().sentiment(0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("count");
    assertThatThrownBy(() -> Tally.builder().sentimentValue(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sentiment value");
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
