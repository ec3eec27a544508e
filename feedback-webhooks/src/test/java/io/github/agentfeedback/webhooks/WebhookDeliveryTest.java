package io.github.agentfeedback.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.notify.DeliveryReport;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The webhook behind a {@link NotificationHook}, as a caller of the manager sees it. */
class WebhookDeliveryTest {

  @Test
  void slowReceiverDoesNotDelayTheCaller() throws Exception {
    try (TestWebhookServer server = TestWebhookServer.holding()) {
      NotificationHook hook =
          NotificationHook.builder()
              .notifier(
                  WebhookNotifier.builder()
                      .uri(server.uri("/slow"))
                      .requestTimeout(Duration.ofSeconds(30))
                      .build())
              .build();
      FeedbackManager manager =
          FeedbackManager.builder().store(new InMemoryFeedbackStore()).hooks(hook).build();

      for (int i = 0; i < 20; i++) {
        FeedbackResult r = manager.addFeedback("s-1", Feedback.down("slow " + i));
        assertThat(r.created()).isTrue();
      }

      // Every call returned while the receiver had not answered a single request.
      assertThat(server.answered).hasValue(0);
      assertThat(manager.getFeedbacks("s-1")).hasSize(20);
      server.release();
      DeliveryReport report = hook.shutdown(Duration.ofSeconds(20));
      assertThat(report.stats().delivered()).isEqualTo(20);
      assertThat(server.requests).hasSize(20);
      manager.close();
    }
  }

  @Test
  void failingReceiverIsRetriedAndTheCallerSeesNothing() throws Exception {
    try (TestWebhookServer server = TestWebhookServer.start().answering(n -> 500)) {
      NotificationHook hook =
          NotificationHook.builder()
              .notifier(WebhookNotifier.builder().uri(server.uri("/fail")).sleeper(d -> {}).build())
              .build();
      FeedbackManager manager =
          FeedbackManager.builder().store(new InMemoryFeedbackStore()).hooks(hook).build();

      FeedbackResult r = manager.addFeedback("s-1", Feedback.down("nobody listens"));

      assertThat(r.created()).isTrue();
      DeliveryReport report = hook.shutdown(Duration.ofSeconds(10));
      assertThat(report.stats().failed()).isEqualTo(1);
      assertThat(report.stats().delivered()).isZero();
      assertThat(server.requests).hasSize(3);
      manager.close();
    }
  }

  @Test
  void badRequestIsTriedOnce() throws Exception {
    try (TestWebhookServer server = TestWebhookServer.start().answering(n -> 400)) {
      NotificationHook hook =
          NotificationHook.builder()
              .notifier(WebhookNotifier.builder().uri(server.uri("/bad")).sleeper(d -> {}).build())
              .build();
      FeedbackManager manager =
          FeedbackManager.builder().store(new InMemoryFeedbackStore()).hooks(hook).build();

      manager.addFeedback("s-1", Feedback.down("x"));

      assertThat(hook.shutdown(Duration.ofSeconds(10)).stats().failed()).isEqualTo(1);
      assertThat(server.requests).hasSize(1);
      manager.close();
    }
  }
}
