package io.github.agentfeedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class FeedbackValidationTest {

  private static InvalidFeedbackException invalid(Consumer<Feedback.Builder> change) {
    Feedback.Builder b = Feedback.builder().rating(Rating.UP).comment("ok");
    change.accept(b);
    try {
      b.build();
    } catch (InvalidFeedbackException e) {
      return e;
    }
    throw new AssertionError("expected InvalidFeedbackException");
  }

  @Test
  void factoriesSetRatingAndNeverNullComment() {
    assertThat(Feedback.up("fine").rating()).isEqualTo(Rating.UP);
    assertThat(Feedback.down("bad").rating()).isEqualTo(Rating.DOWN);
    assertThat(Feedback.neutral(null).comment()).isEmpty();
    assertThat(Feedback.up(null).tags()).isEmpty();
    assertThat(Feedback.up(null).attributes()).isEmpty();
  }

  @Test
  void blankIdIsRejected() {
    assertThat(invalid(b -> b.id("  ")).fields()).containsExactly("id");
  }

  @Test
  void idLongerThan256CharsIsRejected() {
    InvalidFeedbackException e = invalid(b -> b.id("x".repeat(257)));
    assertThat(e.fields()).containsExactly("id");
    assertThat(e.getMessage()).contains("256");
  }

  @Test
  void idWithNulIsRejected() {
    assertThat(invalid(b -> b.id("a\0b")).violations().get(0).code()).isEqualTo("nul_char");
  }

  @Test
  void feedbackWithNeitherRatingNorScoreIsRejected() {
    InvalidFeedbackException e = invalid(b -> b.rating(null));
    assertThat(e.fields()).containsExactly("rating");
    assertThat(e.violations().get(0).code()).isEqualTo("required");
    assertThat(e.getMessage()).contains("rating or a score");
    Feedback survey = Feedback.scored(9, Scale.NPS);
    assertThat(invalid(b -> b.rating(null).score(null)).fields()).containsExactly("rating");
    assertThatThrownBy(() -> survey.toBuilder().score(null).build())
        .isInstanceOf(InvalidFeedbackException.class)
        .hasMessageContaining("rating");
  }

  @Test
  void aScoreWithoutARatingIsFeedbackWithoutARating() {
    Feedback survey = Feedback.builder().score(9, Scale.NPS).build();
    assertThat(survey.rating()).isNull();
    assertThat(survey.score()).isEqualTo(new Score(9, Scale.NPS));
    assertThat(Feedback.scored(9, Scale.NPS)).isEqualTo(survey);
    // An explicit rating stays; without a score, no rating means neutral as before.
    assertThat(Feedback.builder().rating(Rating.NEUTRAL).score(3, Scale.CSAT).build().rating())
        .isEqualTo(Rating.NEUTRAL);
    assertThat(Feedback.builder().comment("later").build().rating()).isEqualTo(Rating.NEUTRAL);
    assertThat(survey.toBuilder().rating(Rating.UP).build().rating()).isEqualTo(Rating.UP);
    assertThat(survey.toBuilder().comment("ok").build().rating()).isNull();
  }

  @Test
  void blankUserIdAndMessageIdAreRejected() {
    assertThat(invalid(b -> b.userId("").messageId(" ")).fields())
        .containsExactly("userId", "messageId");
  }

  @Test
  void scoreOutsideItsScaleIsRejected() {
    assertThatThrownBy(() -> Score.of(6, Scale.STARS_5))
        .isInstanceOf(InvalidFeedbackException.class)
        .hasMessageContaining("score")
        .hasMessageContaining("1..5");
    assertThatThrownBy(() -> Score.of(-1, Scale.NPS)).isInstanceOf(InvalidFeedbackException.class);
    assertThatThrownBy(() -> Score.of(8, Scale.CES)).isInstanceOf(InvalidFeedbackException.class);
    assertThat(Score.of(10, Scale.NPS).value()).isEqualTo(10);
  }

  @Test
  void nanAndInfiniteScoresAreRejected() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Score.of(bad, Scale.of("ratio", 0, 1)))
          .isInstanceOfSatisfying(
              InvalidFeedbackException.class,
              e -> assertThat(e.violations().get(0).code()).isEqualTo("not_finite"));
    }
  }

  @Test
  void scaleBoundsMustBeOrderedAndFinite() {
    assertThatThrownBy(() -> Scale.of("weird", 5, 1))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> assertThat(e.fields()).containsExactly("score.scale"));
    assertThatThrownBy(() -> Scale.of("weird", 0, Double.NaN))
        .isInstanceOf(InvalidFeedbackException.class);
  }

  @Test
  void customScaleMayNotRedefineABuiltInName() {
    assertThat(Scale.of("nps", 0, 10)).isSameAs(Scale.NPS);
    assertThatThrownBy(() -> Scale.of("nps", 1, 5))
        .isInstanceOf(InvalidFeedbackException.class)
        .hasMessageContaining("built-in");
  }

  @Test
  void dimensionRatingOutside1To5IsRejected() {
    assertThat(invalid(b -> b.dimension(Dimension.ACCURACY, 0)).fields())
        .containsExactly("dimensions.accuracy");
    assertThat(invalid(b -> b.dimension(Dimension.CLARITY, 6)).getMessage()).contains("1..5");
  }

  @Test
  void blankTagIsRejected() {
    assertThat(invalid(b -> b.tags("ok", " ")).fields()).containsExactly("tags[1]");
  }

  @Test
  void emptyAttributeKeyIsRejected() {
    assertThat(invalid(b -> b.attribute("", 1)).violations().get(0).code()).isEqualTo("empty_key");
  }

  @Test
  void attributeKeyStartingWithDollarIsRejected() {
    assertThat(invalid(b -> b.attribute("$where", "1")).fields())
        .containsExactly("attributes.$where");
  }

  @Test
  void attributeKeyWithDotIsRejected() {
    assertThat(invalid(b -> b.attribute("a.b", "1")).violations().get(0).code())
        .isEqualTo("dotted_key");
  }

  @Test
  void attributeKeyWithNulIsRejected() {
    assertThat(invalid(b -> b.attribute("a\0", "1")).violations().get(0).code())
        .isEqualTo("nul_char");
  }

  @Test
  void nestedAttributeKeysAreCheckedToo() {
    assertThat(invalid(b -> b.attribute("filter", Map.of("$gt", ""))).fields())
        .containsExactly("attributes.filter.$gt");
  }

  @Test
  void attributeNamedLikeAFeedbackFieldIsRejected() {
    assertThat(invalid(b -> b.attribute("comment", "x")).violations().get(0).code())
        .isEqualTo("reserved_key");
  }

  @Test
  void nonFiniteAttributeValueIsRejected() {
    assertThat(invalid(b -> b.attribute("ratio", Double.NaN)).fields())
        .containsExactly("attributes.ratio");
  }

  @Test
  void unsupportedAttributeTypeIsRejected() {
    assertThat(invalid(b -> b.attribute("thing", new Object())).getMessage())
        .contains("unsupported type");
  }

  @Test
  void everyViolationIsReportedAtOnce() {
    InvalidFeedbackException e =
        invalid(b -> b.id("").rating(null).dimension(Dimension.SAFETY, 9).attribute("$x", 1));
    assertThat(e.fields()).containsExactly("id", "rating", "dimensions.safety", "attributes.$x");
  }

  @Test
  void collectionsAreCopiedAndImmutable() {
    List<String> tags = new java.util.ArrayList<>(List.of("a"));
    Map<String, Object> nested = new HashMap<>(Map.of("k", 1));
    Feedback f = Feedback.builder().tags(tags).attribute("n", nested).build();
    tags.add("b");
    nested.put("k", 2);
    assertThat(f.tags()).containsExactly("a");
    assertThat(f.attributes().get("n")).isEqualTo(Map.of("k", 1));
    assertThatThrownBy(() -> f.tags().add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.attributes().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void createdAtIsKeptToTheMillisecond() {
    Feedback f =
        Feedback.up("x").toBuilder()
            .createdAt(Instant.parse("2026-01-02T03:04:05.123456789Z"))
            .build();
    assertThat(f.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123Z"));
  }

  @Test
  void withCopiesChangeOneComponent() {
    Feedback f = Feedback.down("slow").toBuilder().userId("u1").attribute("ip", "10.0.0.1").build();
    assertThat(f.rating()).isEqualTo(Rating.DOWN);
    assertThat(f.userId()).isEqualTo("u1");
    assertThat(f.attributes()).containsEntry("ip", "10.0.0.1");
    assertThat(f.toBuilder().comment("fast").build().comment()).isEqualTo("fast");
    assertThat(f.toBuilder().comment("fast").build().userId()).isEqualTo("u1");
  }

  @Test
  void toStringDoesNotLeakCommentText() {
    Feedback f =
        Feedback.down("my card is 4111 1111 1111 1111").toBuilder().correction("secret").build();
    assertThat(f.toString()).doesNotContain("4111").doesNotContain("secret");
  }

  @Test
  void ratingWireValuesRoundTrip() {
    for (Rating r : Rating.values()) {
      assertThat(Rating.fromWire(r.wireValue())).isEqualTo(r);
    }
    assertThat(Rating.NEUTRAL.wireValue()).isNull();
    assertThatThrownBy(() -> Rating.fromWire("meh"))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class, e -> assertThat(e.fields()).containsExactly("rating"));
  }

  /** A wire value that names nothing is quoted short, as every other bad value is. */
  @Test
  void unknownWireValuesAreQuotedShort() {
    String huge = "x".repeat(10_000);
    List<ThrowingCallable> reads =
        List.of(
            () -> Rating.fromWire(huge),
            () -> ReviewStatus.fromWire(huge),
            () -> Comparison.Preference.fromWire(huge),
            () -> Dimension.fromWire(huge));
    for (ThrowingCallable read : reads) {
      assertThatThrownBy(read)
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageContaining("x".repeat(64) + "…")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }
  }
}
