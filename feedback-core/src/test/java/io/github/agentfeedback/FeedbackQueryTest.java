package io.github.agentfeedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Queries are built, copied with changes, compared and described. */
class FeedbackQueryTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.250Z");
  private static final String TRACE = "4BF92F3577B34DA6A3CE929D0E0E4736";
  private static final String SPAN = "00F067AA0BA902B7";

  private static FeedbackQuery.Builder everything() {
    return FeedbackQuery.builder()
        .sessionId("s1")
        .sessionIds(List.of("s2"))
        .since(T0)
        .until(T0.plusSeconds(60))
        .rating(Rating.DOWN)
        .userId("u")
        .tag("t")
        .metadata("variant", "B")
        .metadata("missing", null)
        .messageId("m")
        .traceId(TRACE)
        .spanId(SPAN)
        .model(ModelRef.of("gpt-4o"))
        .source(Source.REVIEWER)
        .authorId("a")
        .reviewStatus(ReviewStatus.APPROVED);
  }

  @Test
  void everyCriterionIsKept() {
    FeedbackQuery q = everything().build();

    assertThat(q.sessionIds()).containsExactlyInAnyOrder("s1", "s2");
    assertThat(q.since()).isEqualTo(T0);
    assertThat(q.until()).isEqualTo(T0.plusSeconds(60));
    assertThat(q.rating()).isEqualTo(Rating.DOWN);
    assertThat(q.userId()).isEqualTo("u");
    assertThat(q.tag()).isEqualTo("t");
    assertThat(q.metadata())
        .containsEntry("variant", "B")
        .containsEntry("missing", null)
        .hasSize(2);
    assertThat(q.messageId()).isEqualTo("m");
    assertThat(q.traceId()).isEqualTo(TRACE.toLowerCase());
    assertThat(q.spanId()).isEqualTo(SPAN.toLowerCase());
    assertThat(q.model()).isEqualTo(ModelRef.of("gpt-4o"));
    assertThat(q.source()).isEqualTo(Source.REVIEWER);
    assertThat(q.authorId()).isEqualTo("a");
    assertThat(q.reviewStatus()).isEqualTo(ReviewStatus.APPROVED);
  }

  @Test
  void anEmptyBuilderMatchesEverything() {
    FeedbackQuery q = FeedbackQuery.builder().build();

    assertThat(q).isEqualTo(FeedbackQuery.all()).hasToString("FeedbackQuery[]");
    assertThat(q.sessionIds()).isEmpty();
    assertThat(q.metadata()).isEmpty();
    assertThat(q.matches(Feedback.up("x"))).isTrue();
    assertThat(FeedbackQuery.session("s"))
        .isEqualTo(FeedbackQuery.builder().sessionId("s").build());
  }

  @Test
  void queriesWithEqualCriteriaAreEqual() {
    FeedbackQuery q = everything().build();

    assertThat(q)
        .isEqualTo(everything().build())
        .hasSameHashCodeAs(everything().build())
        .isNotEqualTo(everything().tag("other").build())
        .isNotEqualTo(everything().sessionId("s3").build())
        .isNotEqualTo(everything().metadata("variant", "A").build());
  }

  @Test
  void toStringNamesTheCriteriaThatAreSet() {
    FeedbackQuery q =
        FeedbackQuery.builder()
            .sessionId("s1")
            .rating(Rating.DOWN)
            .metadata("variant", "B")
            .build();

    assertThat(q).hasToString("FeedbackQuery[sessionIds=[s1], rating=DOWN, metadata={variant=B}]");
  }

  @Test
  void toBuilderChangesOnlyWhatIsSetAndLeavesTheOriginal() {
    FeedbackQuery q = everything().build();

    FeedbackQuery narrower =
        q.toBuilder().rating(Rating.UP).sessionId("s3").metadata("region", "eu").build();

    assertThat(narrower.rating()).isEqualTo(Rating.UP);
    assertThat(narrower.sessionIds()).containsExactlyInAnyOrder("s1", "s2", "s3");
    assertThat(narrower.metadata()).containsEntry("variant", "B").containsEntry("region", "eu");
    assertThat(narrower.toBuilder().rating(Rating.DOWN).sessionId("s1").build())
        .isNotEqualTo(q); // the added pairs stay
    assertThat(narrower.toBuilder().rating(Rating.DOWN).build().rating()).isEqualTo(Rating.DOWN);
    assertThat(q).isEqualTo(everything().build());
    assertThat(q.toBuilder().build()).isEqualTo(q);
    assertThat(q.toBuilder().userId(null).build().userId()).isNull();
  }

  @Test
  void toBuilderChecksTheCriteriaSetAgainAndTheBounds() {
    FeedbackQuery q = everything().build();

    assertThatThrownBy(() -> q.toBuilder().userId(" ").build())
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("userId"));
    assertThatThrownBy(() -> q.toBuilder().sessionId("").traceId("xyz").build())
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly("sessionIds", "traceId"));
    assertThatThrownBy(() -> q.toBuilder().until(T0.minusSeconds(1)).build())
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::code)
                    .containsExactly("after_until"));
    assertThat(q.toBuilder().since(T0.plusNanos(1)).build().since()).isEqualTo(T0.plusMillis(1));
  }

  @Test
  void theBuilderCopiesWhatItIsGiven() {
    List<String> ids = new ArrayList<>(List.of("s1"));
    FeedbackQuery.Builder builder = FeedbackQuery.builder().sessionIds(ids).metadata("k", 1);
    FeedbackQuery q = builder.build();

    ids.add("s2");
    builder.sessionId("s3").metadata("k", 2);

    assertThat(q.sessionIds()).containsExactly("s1");
    assertThat(q.metadata()).isEqualTo(Map.of("k", 1));
    assertThat(builder.build().sessionIds()).isEqualTo(Set.of("s1", "s3"));
    assertThatThrownBy(() -> q.sessionIds().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> q.metadata().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> FeedbackQuery.builder().sessionIds(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sessionIds");
  }
}
