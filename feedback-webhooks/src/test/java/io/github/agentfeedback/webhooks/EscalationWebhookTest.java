package io.github.agentfeedback.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.hooks.TestClock;
import io.github.agentfeedback.hooks.escalation.EscalationRoute;
import io.github.agentfeedback.hooks.escalation.EscalationRouter;
import io.github.agentfeedback.hooks.escalation.LoopCloser;
import io.github.agentfeedback.hooks.escalation.LoopStats;
import io.github.agentfeedback.hooks.escalation.RoutingStats;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Escalations and loop-closing events posted by the router and the closer to a real server. */
class EscalationWebhookTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private final TestClock clock = new TestClock(T0);
  private final EscalationStore escalations = new InMemoryEscalationStore();
  private TestWebhookServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Raised raise() {
    return escalations.raise(
        Escalation.builder()
            .type("session_negatives")
            .severity(Severity.HIGH)
            .rule("three_downs")
            .subject("session:s-1")
            .figure("down", 3)
            .figure("threshold", 3)
            .sessionIds(List.of("s-1"))
            .feedback(
                List.of(
                    new FeedbackRef("s-1", "f-7"),
                    new FeedbackRef("s-1", "f-8"),
                    new FeedbackRef("s-1", "f-9")))
            .groups(List.of("model=gpt-4o"))
            .raisedAt(T0)
            .build());
  }

  @Test
  void theRouterPostsTheEscalationWithEveryFieldAndSlackGetsItsSummary() throws Exception {
    server = TestWebhookServer.start();
    EscalationRouter router =
        EscalationRouter.builder()
            .store(escalations)
            .route(
                EscalationRoute.atLeast(
                    Severity.HIGH,
                    WebhookNotifier.builder().uri(server.uri("/pager")).clock(clock).build(),
                    WebhookNotifier.builder()
                        .uri(server.uri("/slack"))
                        .format(WebhookNotifier.Format.SLACK)
                        .clock(clock)
                        .build()))
            .clock(clock)
            .build();
    Raised raised = raise();
    router.route(raised);
    RoutingStats stats = router.shutdown(Duration.ofSeconds(10));

    assertThat(stats.delivery().delivered()).isEqualTo(2);
    String id = raised.escalation().id();
    TestWebhookServer.Received pager =
        server.requests.stream().filter(r -> r.path().equals("/pager")).findFirst().orElseThrow();
    JsonNode body = JSON.readTree(pager.body());
    assertThat(body.get("type").asText()).isEqualTo("escalation");
    assertThat(body.get("session_id").asText()).isEqualTo("s-1");
    assertThat(body.has("feedback_id")).isFalse();
    JsonNode e = body.get("escalation");
    assertThat(e.get("id").asText()).isEqualTo(id);
    assertThat(e.get("type").asText()).isEqualTo("session_negatives");
    assertThat(e.get("severity").asText()).isEqualTo("high");
    assertThat(e.get("rule").asText()).isEqualTo("three_downs");
    assertThat(e.get("subject").asText()).isEqualTo("session:s-1");
    assertThat(e.get("status").asText()).isEqualTo("open");
    assertThat(e.get("count").asLong()).isEqualTo(1);
    assertThat(e.get("figures").get("down").asDouble()).isEqualTo(3.0);
    assertThat(e.get("session_ids").toString()).isEqualTo("[\"s-1\"]");
    assertThat(e.get("feedback").toString())
        .isEqualTo(
            "[{\"session_id\":\"s-1\",\"feedback_id\":\"f-7\"},"
                + "{\"session_id\":\"s-1\",\"feedback_id\":\"f-8\"},"
                + "{\"session_id\":\"s-1\",\"feedback_id\":\"f-9\"}]");
    assertThat(e.get("groups").toString()).isEqualTo("[\"model=gpt-4o\"]");
    assertThat(e.get("raised_at").asText()).isEqualTo(T0.toString());
    assertThat(body.get("reason").asText()).isEqualTo("three_downs");
    assertThat(body.get("notified_at").asText()).isEqualTo(T0.toString());

    TestWebhookServer.Received slack =
        server.requests.stream().filter(r -> r.path().equals("/slack")).findFirst().orElseThrow();
    String text = JSON.readTree(slack.body()).get("text").asText();
    assertThat(text)
        .startsWith(":rotating_light: *HIGH* session_negatives")
        .contains("rule three_downs", "subject session:s-1", "raised 1 time", id);
  }

  @Test
  void theLoopCloserPostsOneResolvedEventPerUserWithTheNote() throws Exception {
    server = TestWebhookServer.start();
    InMemoryFeedbackStore feedback = new InMemoryFeedbackStore();
    for (String f : List.of("f-7", "f-8", "f-9")) {
      Feedback down =
          Feedback.down("no").toBuilder().id(f).userId(f.equals("f-8") ? null : "u-" + f).build();
      feedback.append("s-1", down, UnknownSessionPolicy.CREATE);
    }
    String id = raise().escalation().id();
    escalations.resolve(id, "ann", T0.plusSeconds(600), "order lookup fixed");
    LoopCloser closer =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(feedback)
            .notifier(WebhookNotifier.builder().uri(server.uri("/users")).clock(clock).build())
            .clock(clock)
            .build();

    assertThat(closer.drain()).isEqualTo(new LoopStats(1, 2, 1, 0));

    assertThat(server.requests).hasSize(2);
    JsonNode body = JSON.readTree(server.requests.get(0).body());
    assertThat(body.get("type").asText()).isEqualTo("resolved");
    JsonNode r = body.get("resolved");
    assertThat(r.get("event_id").asText()).isEqualTo(id.length() + ":" + id + ":3:s-1:f-7");
    assertThat(r.get("escalation_id").asText()).isEqualTo(id);
    assertThat(r.get("feedback_id").asText()).isEqualTo("f-7");
    assertThat(r.get("session_id").asText()).isEqualTo("s-1");
    assertThat(r.get("user_id").asText()).isEqualTo("u-f-7");
    assertThat(r.get("note").asText()).isEqualTo("order lookup fixed");
    assertThat(r.get("by").asText()).isEqualTo("ann");
    assertThat(r.get("at").asText()).isEqualTo(T0.plusSeconds(600).toString());
    assertThat(JSON.readTree(server.requests.get(1).body()).get("resolved").get("user_id").asText())
        .isEqualTo("u-f-9");
  }
}
