package io.github.agentfeedback.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackRefTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

  private static Escalation.Builder escalation() {
    return Escalation.builder().type("t").rule("r").subject("model:gpt-4o").raisedAt(T0);
  }

  @Test
  void aRefTakesTheLimitsOfSessionIdsAndFeedbackIds() {
    String longestSession = "s".repeat(FeedbackLimits.MAX_SESSION_ID_LENGTH);
    String longestId = "f".repeat(FeedbackLimits.MAX_ID_LENGTH);
    assertThat(new FeedbackRef(longestSession, longestId).sessionId()).isEqualTo(longestSession);

    assertThatThrownBy(() -> new FeedbackRef(longestSession + "s", longestId + "f"))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field, Violation::code)
                    .containsExactly(
                        tuple("sessionId", "too_long"), tuple("feedbackId", "too_long")))
        .hasMessageContaining(String.valueOf(FeedbackLimits.MAX_SESSION_ID_LENGTH))
        .hasMessageContaining(String.valueOf(FeedbackLimits.MAX_ID_LENGTH));
  }

  @Test
  void aRefRefusesNullBlankAndNulParts() {
    assertThatThrownBy(() -> new FeedbackRef(null, " "))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> assertThat(e.fields()).containsExactly("sessionId", "feedbackId"));
    assertThatThrownBy(() -> new FeedbackRef("s\0", "1"))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> assertThat(e.violations().get(0).code()).isEqualTo("nul_char"));
  }

  @Test
  void refsOfTwoSessionsWithOneFeedbackIdAreTwoAndARepeatedRefIsKeptOnce() {
    FeedbackRef inS1 = new FeedbackRef("s1", "1");
    FeedbackRef inS2 = new FeedbackRef("s2", "1");
    Escalation e = escalation().feedback(List.of(inS1, inS2, inS1)).build();
    assertThat(e.feedback()).containsExactly(inS1, inS2);

    Escalation merged =
        e.created("e1")
            .repeatedBy(escalation().feedback(List.of(inS2, new FeedbackRef("s3", "1"))).build());
    assertThat(merged.feedback()).containsExactly(inS1, inS2, new FeedbackRef("s3", "1"));
    assertThat(merged).isNotEqualTo(e.created("e1").repeatedBy(escalation().build()));
  }

  @Test
  void atMostMaxListedRefsAreKeptTheFirstOnes() {
    List<FeedbackRef> many = new ArrayList<>();
    for (int i = 0; i <= Escalation.MAX_LISTED; i++) {
      many.add(new FeedbackRef("s" + i, "1"));
    }
    Escalation e = escalation().feedback(many).build();
    assertThat(e.feedback()).hasSize(Escalation.MAX_LISTED).startsWith(many.get(0));
    assertThat(e.feedback()).doesNotContain(many.get(Escalation.MAX_LISTED));
  }
}
