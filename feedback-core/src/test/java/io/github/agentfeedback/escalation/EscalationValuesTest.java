package io.github.agentfeedback.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every value an escalation lists is checked as the model checks what enters a store: figure
 * names as document keys, figure values finite, session ids as session ids, groups as text of
 * a bounded length, so that no store gets a key that injects an operator, text it would change
 * or a number it cannot keep.
 */
class EscalationValuesTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

  private static Escalation.Builder escalation() {
    return Escalation.builder().type("t").rule("r").subject("model:gpt-4o").raisedAt(T0);
  }

  @Test
  void figureNamesThatADocumentStoreWouldTakeForOperatorsOrPathsAreRefused() {
    for (String name : List.of("$where", "a.b", "", "n\0", "x".repeat(257), "\uD800")) {
      assertThatThrownBy(() -> escalation().figure(name, 1).build())
          .as(name)
          .isInstanceOfSatisfying(
              InvalidFeedbackException.class,
              e -> assertThat(e.violations().get(0).field()).startsWith("figures"));
    }
    assertThat(escalation().figure("p_value", 0.01).figure("down in 1h", 3).build().figures())
        .containsEntry("down in 1h", 3.0);
  }

  @Test
  void figureValuesMustBeFinite() {
    for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> escalation().figures(Map.of("ratio", v)).build())
          .isInstanceOfSatisfying(
              InvalidFeedbackException.class,
              e ->
                  assertThat(e.violations())
                      .extracting(Violation::field, Violation::code)
                      .containsExactly(
                          org.assertj.core.api.Assertions.tuple("figures.ratio", "not_finite")));
    }
  }

  @Test
  void sessionIdsAreCheckedAsSessionIdsAndGroupsAsText() {
    String tooLong = "s".repeat(FeedbackLimits.MAX_SESSION_ID_LENGTH + 1);
    assertThatThrownBy(
            () -> escalation().sessionIds(List.of("ok", " ", "s\0", "\uDC00", tooLong)).build())
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e ->
                assertThat(e.fields())
                    .containsExactly(
                        "sessionIds[1]", "sessionIds[2]", "sessionIds[3]", "sessionIds[4]"));
    String longestGroup = "g".repeat(Escalation.MAX_SUBJECT_LENGTH);
    assertThatThrownBy(
            () -> escalation().groups(List.of("model=\uD800", "x\0", longestGroup + "g")).build())
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> assertThat(e.fields()).containsExactly("groups[0]", "groups[1]", "groups[2]"))
        .hasMessageContaining(String.valueOf(Escalation.MAX_SUBJECT_LENGTH));
    assertThat(escalation().groups(List.of(longestGroup)).build().groups())
        .containsExactly(longestGroup);
  }

  @Test
  void aSubjectNamesASessionAtTheLongestSessionId() {
    String longest = "s".repeat(FeedbackLimits.MAX_SESSION_ID_LENGTH);
    String kind = "k".repeat(FeedbackLimits.MAX_ID_LENGTH);
    assertThat(escalation().subject("session:" + longest).build().subject())
        .isEqualTo("session:" + longest);
    assertThat(escalation().subject(kind + ":" + longest).build().subject())
        .hasSize(Escalation.MAX_SUBJECT_LENGTH);
    assertThatThrownBy(() -> escalation().subject(kind + "::" + longest).build())
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class, e -> assertThat(e.fields()).containsExactly("subject"))
        .hasMessageContaining(String.valueOf(Escalation.MAX_SUBJECT_LENGTH));
  }
}
