package io.github.agentfeedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.FeedbackResult.Outcome;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Results are made with the shorthands or the builder, and compared by value. */
class FeedbackResultTest {

  private static final Feedback F = Feedback.down("my card is 4111").toBuilder().id("f-1").build();

  @Test
  void eachShorthandMakesTheResultOfItsOutcome() {
    Map<Outcome, Function<Feedback, FeedbackResult>> shorthands =
        Map.of(
            Outcome.CREATED,
            FeedbackResult::created,
            Outcome.DUPLICATE,
            FeedbackResult::duplicate,
            Outcome.REPLACED,
            f -> FeedbackResult.replaced(f, null),
            Outcome.NOT_FOUND,
            FeedbackResult::notFound,
            Outcome.UNCHANGED,
            FeedbackResult::unchanged,
            Outcome.STALE,
            FeedbackResult::stale,
            Outcome.TRIMMED,
            FeedbackResult::trimmed);
    assertThat(shorthands).containsOnlyKeys(Outcome.values());
    shorthands.forEach(
        (outcome, shorthand) -> {
          FeedbackResult r = shorthand.apply(F);
          assertThat(r.outcome()).isEqualTo(outcome);
          assertThat(r.feedback()).isSameAs(F);
          assertThat(r).isEqualTo(FeedbackResult.builder().feedback(F).outcome(outcome).build());
          assertThat(r.created()).isEqualTo(outcome == Outcome.CREATED);
          assertThat(r.changed())
              .isEqualTo(outcome == Outcome.CREATED || outcome == Outcome.REPLACED);
          assertThatThrownBy(() -> shorthand.apply(null))
              .isInstanceOf(NullPointerException.class)
              .hasMessage("feedback");
        });
  }

  @Test
  void toBuilderMakesAChangedCopy() {
    FeedbackResult created = FeedbackResult.created(F);
    Feedback other = F.toBuilder().comment("redacted").build();

    assertThat(created.toBuilder().build()).isEqualTo(created).hasSameHashCodeAs(created);
    assertThat(created.toBuilder().feedback(other).build())
        .isEqualTo(FeedbackResult.created(other))
        .isNotEqualTo(created);
    assertThat(created.toBuilder().outcome(Outcome.DUPLICATE).build())
        .isEqualTo(FeedbackResult.duplicate(F));
  }

  @Test
  void bothFieldsAreRequired() {
    assertThatThrownBy(() -> FeedbackResult.builder().outcome(Outcome.CREATED).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("feedback");
    assertThatThrownBy(() -> FeedbackResult.builder().feedback(F).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("outcome");
  }

  @Test
  void aReplacementSaysWhatRatingItReplacedAndTakesItIntoEquality() {
    FeedbackResult upToDown = FeedbackResult.replaced(F, Rating.UP);
    assertThat(upToDown.previousRating()).isEqualTo(Rating.UP);
    assertThat(upToDown)
        .isEqualTo(
            FeedbackResult.builder()
                .feedback(F)
                .outcome(Outcome.REPLACED)
                .previousRating(Rating.UP)
                .build())
        .hasSameHashCodeAs(FeedbackResult.replaced(F, Rating.UP))
        .isNotEqualTo(FeedbackResult.replaced(F, Rating.DOWN))
        .isNotEqualTo(FeedbackResult.replaced(F, null));
    assertThat(upToDown.toBuilder().build()).isEqualTo(upToDown);
    assertThat(upToDown.toBuilder().previousRating(null).build().previousRating()).isNull();
    assertThat(upToDown.toString())
        .startsWith("FeedbackResult[outcome=REPLACED, previousRating=UP, feedback=");
    assertThat(FeedbackResult.replaced(F, null).toString())
        .startsWith("FeedbackResult[outcome=REPLACED, feedback=");
  }

  @Test
  void onlyAReplacementHasAPreviousRating() {
    for (Outcome outcome : Outcome.values()) {
      FeedbackResult.Builder b =
          FeedbackResult.builder().feedback(F).outcome(outcome).previousRating(Rating.DOWN);
      if (outcome == Outcome.REPLACED) {
        assertThat(b.build().previousRating()).isEqualTo(Rating.DOWN);
      } else {
        assertThat(b.previousRating(null).build().previousRating()).isNull();
        assertThatThrownBy(b.previousRating(Rating.DOWN)::build)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("previousRating")
            .hasMessageContaining(outcome.name());
      }
    }
    assertThatThrownBy(
            () ->
                FeedbackResult.replaced(F, Rating.UP).toBuilder().outcome(Outcome.CREATED).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("previousRating");
  }

  @Test
  void toStringShowsTheOutcomeAndNoCommentText() {
    assertThat(FeedbackResult.trimmed(F).toString())
        .startsWith("FeedbackResult[outcome=TRIMMED, feedback=Feedback[id=f-1")
        .doesNotContain("4111");
  }
}
