package io.github.agentfeedback.hooks.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.EscalationHook;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An escalation hook with a notifier, through a real manager and store. */
class EscalationNotifierTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T14:30:00Z"), ZoneOffset.UTC);
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  @Test
  void escalationsReachANotifierOncePerBreach() throws Exception {
    RecordingNotifier notifier = new RecordingNotifier();
    List<Notification> sent;
    try (FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .hooks(EscalationHook.builder().clock(clock).downStreak(3).notifier(notifier).build())
            .build()) {
      for (int i = 0; i < 5; i++) {
        manager.addFeedback("s-9", Feedback.down("no " + i));
      }
      sent = notifier.await(1);
    }
    // The manager's close drained the escalation queue: nothing more than the one breach.
    assertThat(notifier.drained()).isEmpty();
    assertThat(sent)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.type()).isEqualTo(Notification.TYPE_ESCALATION);
              assertThat(n.sessionId()).isEqualTo("s-9");
              assertThat(n.reason()).isEqualTo(EscalationHook.DOWN_STREAK);
              assertThat(n.feedback().comment()).isEqualTo("no 2");
            });
  }
}
