package io.github.agentfeedback.hooks.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.escalation.Escalation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationTest {

  @Test
  void rejectsBlankTypeAndNegativeCount() {
    Feedback f = Feedback.down("x").toBuilder().id("f").build();
    assertThatThrownBy(() -> Notification.ofFeedback(" ", "s", f, 1, Instant.EPOCH, "", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type");
    assertThatThrownBy(() -> Notification.ofFeedback("feedback", "s", f, -1, Instant.EPOCH, "", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count");
    assertThatThrownBy(
            () -> Notification.ofFeedback("feedback", "s", null, 1, Instant.EPOCH, "", ""))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("feedback");
  }

  @Test
  void toStringDoesNotPrintTheComment() {
    Notification n =
        Notification.ofFeedback(
            Notification.TYPE_ESCALATION,
            "s",
            Feedback.down("secret comment").toBuilder().id("f").build(),
            1,
            Instant.EPOCH,
            "angry",
            "escalated");
    assertThat(n.toString()).doesNotContain("secret comment").contains("escalation");
  }

  @Test
  void carriesAFeedbackAnEscalationOrAResolvedEventAndSaysWhatItIsAbout() {
    assertThatThrownBy(() -> Notification.builder().type("escalation").time(Instant.EPOCH).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feedback, an escalation or a resolved event");
    assertThatThrownBy(
            () ->
                Notification.builder()
                    .type("resolved")
                    .sessionId(" ")
                    .resolved(event())
                    .time(Instant.EPOCH)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionId");
    Escalation e =
        Escalation.builder()
            .id("e-1")
            .type("session_negatives")
            .rule("three_downs")
            .subject("session:s")
            .raisedAt(Instant.EPOCH)
            .build();
    Notification about =
        Notification.builder().type("escalation").escalation(e).time(Instant.EPOCH).build();
    assertThat(about.sessionId()).isNull();
    assertThat(about.feedback()).isNull();
    assertThat(about.about()).isEqualTo("escalation e-1 (rule three_downs, subject session:s)");
    assertThat(about.toBuilder().build()).isEqualTo(about);
    Notification resolved =
        Notification.builder().type("resolved").resolved(event()).time(Instant.EPOCH).build();
    assertThat(resolved.about()).isEqualTo("resolved escalation e-1 for feedback f in session s");
    assertThat(resolved.toString()).doesNotContain("secret note");
  }

  private static FeedbackResolved event() {
    return FeedbackResolved.builder()
        .escalationId("e-1")
        .feedbackId("f")
        .sessionId("s")
        .userId("u")
        .note("secret note")
        .by("ann")
        .at(Instant.EPOCH)
        .build();
  }
}
