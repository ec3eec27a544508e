package io.github.agentfeedback.hooks.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
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
}
