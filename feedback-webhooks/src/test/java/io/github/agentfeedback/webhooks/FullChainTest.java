package io.github.agentfeedback.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.AnalyticsHook;
import io.github.agentfeedback.hooks.AnalyticsSnapshot;
import io.github.agentfeedback.hooks.AuditEvent;
import io.github.agentfeedback.hooks.AuditHook;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.RateLimitHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.SpamFilterHook;
import io.github.agentfeedback.hooks.ValidationHook;
import io.github.agentfeedback.hooks.notify.DeliveryReport;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The ready hooks in the documented order — sanitizing, PII redaction, validation, rate
 * limit, spam filter, audit, notification, analytics — over the in-memory store, with a
 * real local webhook receiver.
 */
class FullChainTest {

  private static final Instant NOW = Instant.parse("2026-11-23T14:30:00Z");
  private static final byte[] SECRET =
      "a full-chain secret, 32 bytes!!!".getBytes(StandardCharsets.UTF_8);

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @Test
  void feedbackFlowsThroughEveryHookToStoreWebhookAuditAndAnalytics() throws Exception {
    try (TestWebhookServer receiver = TestWebhookServer.start()) {
      NotificationHook notification =
          NotificationHook.builder()
              .clock(clock)
              .notifier(
                  WebhookNotifier.builder()
                      .uri(receiver.uri("/hook"))
                      .secret(SECRET)
                      .clock(clock)
                      .build())
              .build();
      AnalyticsHook analytics = AnalyticsHook.builder().clock(clock).build();
      try (FeedbackManager manager =
          FeedbackManager.builder()
              .store(store)
              .clock(clock)
              .hooks(
                  ReadyHooks.builder()
                      .sanitizing(SanitizingHook.defaults())
                      .piiRedaction(PiiRedactionHook.defaults())
                      .validation(ValidationHook.builder().clock(clock).build())
                      .rateLimit(
                          RateLimitHook.builder()
                              .clock(clock)
                              .limit(2, Duration.ofMinutes(1))
                              .build())
                      .spamFilter(SpamFilterHook.defaults())
                      .audit(AuditHook.builder().clock(clock).sink(audit::add).build())
                      .notification(notification)
                      .analytics(analytics)
                      .build())
              .build()) {

        manager.addFeedback(
            "s-1",
            Feedback.builder()
                .rating(Rating.DOWN)
                .userId("u-1")
                .comment("  <script>alert(1)</script>Wrong   order, write to jane@example.com ")
                .build());
        manager.addFeedback(
            "s-1", Feedback.builder().rating(Rating.UP).userId("u-1").comment("Thanks").build());
        assertThatThrownBy(
                () ->
                    manager.addFeedback(
                        "s-1",
                        Feedback.builder()
                            .rating(Rating.DOWN)
                            .userId("u-1")
                            .comment("again")
                            .build()))
            .isInstanceOfSatisfying(
                FeedbackRejectedException.class,
                e -> assertThat(e.code()).isEqualTo(FeedbackRejectedException.RATE_LIMITED));

        // Stored: validated, sanitized, redacted.
        List<Feedback> stored = store.list("s-1");
        assertThat(stored).hasSize(2);
        Feedback down = stored.get(0);
        assertThat(down.comment()).isEqualTo("Wrong order, write to [EMAIL]");
        assertThat(down.attributes())
            .containsEntry(ValidationHook.VALIDATED_AT, NOW)
            .containsEntry(PiiRedactionHook.ATTRIBUTE, List.of("email"));

        // Audit: before and after each stored feedback; the rate-limited one never reached it.
        assertThat(audit)
            .extracting(AuditEvent::outcome)
            .containsExactly(null, AuditEvent.Outcome.CREATED, null, AuditEvent.Outcome.CREATED);
        assertThat(audit.get(1).feedbackId()).isEqualTo(down.id());

        // Analytics: only what was stored.
        AnalyticsSnapshot snapshot = analytics.snapshot();
        assertThat(snapshot.ratings().total()).isEqualTo(2);
        assertThat(snapshot.ratings().down()).isEqualTo(1);
        assertThat(snapshot.byHourOfDay().get(14)).isEqualTo(2);
        assertThat(analytics.satisfaction()).isEqualTo(50.0);

        // Webhook: one signed notification, for the negative feedback, with the redacted text.
        DeliveryReport report = notification.shutdown(Duration.ofSeconds(10));
        assertThat(report.stats().delivered()).isEqualTo(1);
        assertThat(receiver.requests)
            .singleElement()
            .satisfies(
                request -> {
                  assertThat(
                          WebhookVerifier.builder()
                              .secret(SECRET)
                              .clock(clock)
                              .build()
                              .verify(request.headers(), request.body())
                              .timestamp())
                      .isEqualTo(NOW);
                  JsonNode body = new ObjectMapper().readTree(request.body());
                  assertThat(body.get("session_id").asText()).isEqualTo("s-1");
                  assertThat(body.get("feedback_id").asText()).isEqualTo(down.id());
                  assertThat(body.get("rating").asText()).isEqualTo("down");
                  assertThat(body.get("comment").asText())
                      .isEqualTo("Wrong order, write to [EMAIL]");
                  assertThat(body.get("count").asLong()).isEqualTo(1);
                });
      }
    }
  }
}
