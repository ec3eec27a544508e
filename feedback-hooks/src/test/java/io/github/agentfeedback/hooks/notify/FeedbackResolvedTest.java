package io.github.agentfeedback.hooks.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedbackResolvedTest {

  private static final Instant AT = Instant.parse("2026-03-02T12:01:00Z");

  private static FeedbackResolved.Builder full() {
    return FeedbackResolved.builder()
        .escalationId("e-1")
        .feedbackId("f-9")
        .sessionId("s-1")
        .userId("u-1")
        .note("refund sent to the card ending 4242")
        .by("ann")
        .at(AT);
  }

  @Test
  void theBuilderKeepsEveryValueAndToBuilderCopiesThem() {
    FeedbackResolved event = full().build();

    assertThat(event.escalationId()).isEqualTo("e-1");
    assertThat(event.feedbackId()).isEqualTo("f-9");
    assertThat(event.sessionId()).isEqualTo("s-1");
    assertThat(event.userId()).isEqualTo("u-1");
    assertThat(event.note()).isEqualTo("refund sent to the card ending 4242");
    assertThat(event.by()).isEqualTo("ann");
    assertThat(event.at()).isEqualTo(AT);
    assertThat(event.id()).isEqualTo("3:e-1:3:s-1:f-9");
    assertThat(event.toBuilder().build()).isEqualTo(event).hasSameHashCodeAs(event);
    assertThat(event.toBuilder().note("").build().note()).isEmpty();
  }

  @Test
  void theNoteIsEmptyUnlessSet() {
    FeedbackResolved event =
        FeedbackResolved.builder()
            .escalationId("e-1")
            .feedbackId("f-9")
            .sessionId("s-1")
            .userId("u-1")
            .by("ann")
            .at(AT)
            .build();

    assertThat(event.note()).isEmpty();
  }

  @Test
  void equalOnlyWithAllTheSameValues() {
    FeedbackResolved event = full().build();

    assertThat(full().build()).isEqualTo(event).hasSameHashCodeAs(event);
    assertThat(event)
        .isNotEqualTo(full().escalationId("e-2").build())
        .isNotEqualTo(full().feedbackId("f-8").build())
        .isNotEqualTo(full().sessionId("s-2").build())
        .isNotEqualTo(full().userId("u-2").build())
        .isNotEqualTo(full().note("other").build())
        .isNotEqualTo(full().by("bob").build())
        .isNotEqualTo(full().at(AT.plusSeconds(1)).build())
        .isNotEqualTo(null)
        .isNotEqualTo("e-1/f-9");
  }

  @Test
  void theIdIsUniquePerEscalationSessionAndFeedbackHoweverTheyAreSpelt() {
    assertThat(full().sessionId("s-2").build().id()).isNotEqualTo(full().build().id());
    // Joined with lengths, ids that hold the separator cannot run into each other.
    assertThat(full().escalationId("a:1").sessionId("b").feedbackId("c").build().id())
        .isNotEqualTo(full().escalationId("a").sessionId("1:b").feedbackId("c").build().id());
    assertThat(full().escalationId("a").sessionId("b:c").feedbackId("d").build().id())
        .isNotEqualTo(full().escalationId("a").sessionId("b").feedbackId("c:d").build().id());
  }

  @Test
  void toStringLeavesOutTheNote() {
    assertThat(full().build().toString())
        .isEqualTo(
            "FeedbackResolved[escalation=e-1, session=s-1, feedback=f-9, by=ann,"
                + " at=2026-03-02T12:01:00Z]")
        .doesNotContain("4242");
  }

  @Test
  void buildNamesEveryMissingRequiredValue() {
    assertThatThrownBy(() -> FeedbackResolved.builder().note("n").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage(
            "a resolved event needs escalationId, feedbackId, sessionId, userId, by, at; not set");
    assertThatThrownBy(
            () ->
                FeedbackResolved.builder()
                    .escalationId("e-1")
                    .feedbackId("f-9")
                    .sessionId("s-1")
                    .by("ann")
                    .at(AT)
                    .build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a resolved event needs userId; not set");
  }

  @Test
  void rejectsBlankIdsAndNullValues() {
    assertThatThrownBy(() -> full().feedbackId(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("feedbackId must not be blank");
    assertThatThrownBy(() -> full().by("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("by must not be blank");
    assertThatThrownBy(() -> full().note(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("note");
  }
}
