package io.github.agentfeedback.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.notify.DeliveryReport;
import io.github.agentfeedback.hooks.notify.FeedbackResolved;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

class SnsNotifierTest {

  private static final String GOOD = "arn:aws:sns:us-east-1:123456789012:feedback-good";
  private static final String BAD = "arn:aws:sns:us-east-1:123456789012:feedback-bad";
  private static final String NEUTRAL = "arn:aws:sns:us-east-1:123456789012:feedback-neutral";
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");

  private FakeSns sns;
  private SnsClient client;

  @BeforeEach
  void start() throws Exception {
    sns = new FakeSns();
    client = sns.client();
  }

  @AfterEach
  void stop() {
    client.close();
    sns.close();
  }

  /** Adds feedback through a manager whose only hook is the notifier's, then closes it. */
  private DeliveryReport run(SnsNotifier notifier, String sessionId, Feedback... feedbacks) {
    NotificationHook hook = notifier.hookBuilder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    FeedbackManager manager =
        FeedbackManager.builder().store(new InMemoryFeedbackStore()).hooks(hook).build();
    for (Feedback f : feedbacks) {
      FeedbackResult r = manager.addFeedback(sessionId, f);
      assertThat(r.created()).isTrue();
    }
    DeliveryReport report = hook.shutdown(Duration.ofSeconds(20));
    manager.close();
    return report;
  }

  private static Map<String, String> publish(
      String topic, String subject, String message, String sessionId, String rating) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Action", "Publish");
    m.put("Version", "2010-03-31");
    m.put("TopicArn", topic);
    m.put("Message", message);
    m.put("Subject", subject);
    m.put("MessageAttributes.entry.1.Name", "session_id");
    m.put("MessageAttributes.entry.1.Value.DataType", "String");
    m.put("MessageAttributes.entry.1.Value.StringValue", sessionId);
    m.put("MessageAttributes.entry.2.Name", "rating");
    m.put("MessageAttributes.entry.2.Value.DataType", "String");
    m.put("MessageAttributes.entry.2.Value.StringValue", rating);
    return m;
  }

  @Test
  void routesEachRatingToItsTopic() {
    SnsNotifier notifier =
        SnsNotifier.builder().client(client).topicArns(GOOD, BAD, NEUTRAL).comment(true).build();

    DeliveryReport report =
        run(
            notifier,
            "s-1",
            Feedback.up("Great answer"),
            Feedback.down("The response was incomplete"),
            Feedback.neutral(null));

    assertThat(report.stats().delivered()).isEqualTo(3);
    assertThat(sns.contentTypes)
        .allSatisfy(ct -> assertThat(ct).startsWith("application/x-www-form-urlencoded"));
    assertThat(sns.requests)
        .containsExactly(
            publish(
                GOOD,
                "Virtual Agents Feedback positive on session s-1",
                "Session: s-1\n\nGreat answer",
                "s-1",
                "positive"),
            publish(
                BAD,
                "Virtual Agents Feedback negative on session s-1",
                "Session: s-1\n\nThe response was incomplete",
                "s-1",
                "negative"),
            publish(
                NEUTRAL,
                "Virtual Agents Feedback neutral on session s-1",
                "Session: s-1\n\n",
                "s-1",
                "neutral"));
  }

  @Test
  void prefixesAreTemplates() {
    SnsNotifier notifier =
        SnsNotifier.builder()
            .client(client)
            .topicArns(GOOD, BAD, NEUTRAL)
            .comment(true)
            .subjectPrefix(Rating.DOWN, "[PROD] URGENT {rating}: ")
            .bodyPrefix(
                Rating.DOWN,
                "NEGATIVE FEEDBACK ALERT\nSession: {session_id}\n"
                    + "Timestamp: {timestamp}\nKept: {unknown} {\n---\n")
            .subjectPrefix(Rating.UP, "[PROD] ")
            .build();

    run(notifier, "s-9", Feedback.down("Wrong order number"), Feedback.up("ok"));

    assertThat(sns.requests)
        .containsExactly(
            publish(
                BAD,
                "[PROD] URGENT negative: Virtual Agents Feedback negative on session s-9",
                "NEGATIVE FEEDBACK ALERT\nSession: s-9\nTimestamp: 2026-03-04T05:06:07.089Z\n"
                    + "Kept: {unknown} {\n---\nSession: s-9\n\nWrong order number",
                "s-9",
                "negative"),
            publish(
                GOOD,
                "[PROD] Virtual Agents Feedback positive on session s-9",
                "Session: s-9\n\nok",
                "s-9",
                "positive"));
  }

  @Test
  void noneDisablesARatingWithoutQueueingIt() {
    SnsNotifier notifier =
        SnsNotifier.builder().client(client).topicArns(GOOD, BAD, "None").build();

    DeliveryReport report = run(notifier, "s-1", Feedback.neutral("later"), Feedback.down("bad"));

    assertThat(notifier.topicArn(Rating.NEUTRAL)).isEmpty();
    assertThat(report.stats().accepted()).isEqualTo(1);
    assertThat(sns.requests)
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("TopicArn", BAD));
  }

  @Test
  void subjectIsMadeAcceptableToSns() {
    SnsNotifier notifier =
        SnsNotifier.builder()
            .client(client)
            .topicArns(GOOD, BAD, NEUTRAL)
            .subjectPrefix(Rating.UP, "line\nbreak " + "x".repeat(120) + " ")
            .build();

    run(notifier, "s-1", Feedback.up("ok"));

    String subject = sns.requests.get(0).get("Subject");
    assertThat(subject).hasSize(99).startsWith("line break xxx").doesNotContain("\n");
  }

  @Test
  void subjectIsPrintableAsciiWhateverTheSessionId() {
    // SNS refuses (or replaces) a subject that is not printable ASCII or that starts with a
    // space; the session id stays whole in the message and its attribute.
    SnsNotifier notifier =
        SnsNotifier.builder()
            .client(client)
            .topicArns(GOOD, BAD, NEUTRAL)
            .subjectPrefix(Rating.UP, "  \u2028")
            .comment(true)
            .build();
    String sessionId = "sesi\u00f3n-\uD83D\uDE00-\u4e2d\u0007\u007f";

    run(notifier, sessionId, Feedback.up("ok"));

    Map<String, String> request = sns.requests.get(0);
    assertThat(request.get("Subject"))
        .isEqualTo("Virtual Agents Feedback positive on session sesi?n-?-?")
        .matches("[!-~][ -~]*");
    assertThat(request.get("Message")).isEqualTo("Session: " + sessionId + "\n\nok");
    assertThat(request).containsEntry("MessageAttributes.entry.1.Value.StringValue", sessionId);
  }

  @Test
  void fifoTopicsGetAGroupAndADeduplicationIdSoThatARetryIsPublishedOnce() {
    // A FIFO topic refuses a Publish without MessageGroupId; the deduplication id, the same
    // for every attempt at one notification, lets SNS drop a retry of a publish it had taken.
    String fifo = "arn:aws:sns:us-east-1:123456789012:feedback-bad.fifo";
    SnsNotifier notifier =
        SnsNotifier.builder().client(client).topicArns(GOOD, fifo, NEUTRAL).build();
    Feedback first = Feedback.builder().id("f-1").rating(Rating.DOWN).comment("bad").build();
    Feedback second = Feedback.builder().id("f-2").rating(Rating.DOWN).comment("bad").build();
    String longSession = "s-" + "\u00e9".repeat(300);
    Notification n1 =
        Notification.builder()
            .type(Notification.TYPE_FEEDBACK)
            .sessionId("s-1")
            .feedback(first)
            .time(NOW)
            .build();

    notifier.deliver(n1);
    notifier.deliver(n1); // a retry
    notifier.deliver(
        Notification.builder()
            .type(Notification.TYPE_FEEDBACK)
            .sessionId("s-1")
            .feedback(second)
            .time(NOW)
            .build());
    notifier.deliver(
        Notification.builder()
            .type(Notification.TYPE_FEEDBACK)
            .sessionId(longSession)
            .feedback(first)
            .time(NOW)
            .build());
    notifier.deliver(
        Notification.builder()
            .type(Notification.TYPE_FEEDBACK)
            .sessionId("s-1")
            .feedback(Feedback.up("good"))
            .time(NOW)
            .build()); // a standard topic

    assertThat(sns.requests).hasSize(5);
    assertThat(sns.requests.subList(0, 4))
        .allSatisfy(r -> assertThat(r.get("MessageDeduplicationId")).matches("[0-9a-f]{64}"));
    assertThat(sns.requests.get(0)).containsEntry("MessageGroupId", "s-1");
    assertThat(sns.requests.get(0).get("MessageDeduplicationId"))
        .isEqualTo(sns.requests.get(1).get("MessageDeduplicationId"))
        .isNotEqualTo(sns.requests.get(2).get("MessageDeduplicationId"))
        .isNotEqualTo(sns.requests.get(3).get("MessageDeduplicationId"));
    assertThat(sns.requests.get(3).get("MessageGroupId")).matches("[0-9a-f]{64}");
    assertThat(sns.requests.get(4)).doesNotContainKeys("MessageGroupId", "MessageDeduplicationId");
  }

  @Test
  void theCommentIsPublishedOnlyWhenAsked() {
    // A comment is the user's own text and may hold personal data: every subscriber of the
    // topic would get it.
    SnsNotifier notifier =
        SnsNotifier.builder().client(client).topicArns(GOOD, BAD, NEUTRAL).build();

    run(notifier, "s-1", Feedback.down("My card number is 4111 1111 1111 1111"));

    assertThat(sns.requests.get(0).get("Message")).isEqualTo("Session: s-1");
    assertThat(sns.requests.get(0).values()).noneMatch(v -> v.contains("4111"));
  }

  @Test
  void snsErrorsAreCountedAndNeverReachTheCaller() {
    sns.answer(500);
    SnsNotifier notifier =
        SnsNotifier.builder().client(client).topicArns(GOOD, BAD, NEUTRAL).build();

    DeliveryReport report = run(notifier, "s-1", Feedback.down("bad"));

    assertThat(report.stats().failed()).isEqualTo(1);
    assertThat(sns.requests).hasSize(1);
  }

  @Test
  void topicMustBeAnArnOrNone() {
    assertThatThrownBy(() -> SnsNotifier.builder().topicArn(Rating.UP, "feedback-good"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arn:");
    assertThatThrownBy(() -> SnsNotifier.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("client");
  }

  @Test
  void longMessagesAreCutOnACharacterBoundary() {
    assertThat(SnsNotifier.truncateUtf8("ab€cd", 4)).isEqualTo("ab");
    assertThat(SnsNotifier.truncateUtf8("ab€cd", 5)).isEqualTo("ab€");
    assertThat(SnsNotifier.truncateUtf8("ab\uD83D\uDE00", 5)).isEqualTo("ab");
    assertThat(SnsNotifier.truncateUtf8("short", 5)).isEqualTo("short");
  }

  @Test
  void escalationsAndResolvedEventsGoToTheirTopicsWithTheirFields() {
    String escalations = "arn:aws:sns:us-east-1:123456789012:escalations";
    String resolved = "arn:aws:sns:us-east-1:123456789012:resolved";
    SnsNotifier notifier =
        SnsNotifier.builder()
            .client(client)
            .topicArns(GOOD, BAD, NEUTRAL)
            .escalationTopicArn(escalations)
            .resolvedTopicArn(resolved)
            .build();
    Escalation e =
        Escalation.builder()
            .id("e-1")
            .type("session_negatives")
            .severity(Severity.HIGH)
            .rule("three_downs")
            .subject("session:s-1")
            .figure("down", 3)
            .sessionIds(List.of("s-1"))
            .feedback(List.of(new FeedbackRef("s-1", "f-7"), new FeedbackRef("s-2", "f-9")))
            .count(2)
            .raisedAt(NOW)
            .build();
    notifier.deliver(
        Notification.builder()
            .type(Notification.TYPE_ESCALATION)
            .sessionId("s-1")
            .escalation(e)
            .count(2)
            .time(NOW)
            .reason("three_downs")
            .build());
    notifier.deliver(
        Notification.builder()
            .type(Notification.TYPE_RESOLVED)
            .sessionId("s-1")
            .resolved(resolvedEvent())
            .time(NOW)
            .build());

    assertThat(sns.requests).hasSize(2);
    Map<String, String> first = sns.requests.get(0);
    assertThat(first.get("TopicArn")).isEqualTo(escalations);
    assertThat(first.get("Subject")).isEqualTo("Escalation high session_negatives on session:s-1");
    assertThat(first.get("Message"))
        .contains(
            "Escalation: e-1",
            "Type: session_negatives",
            "Severity: high",
            "Rule: three_downs",
            "Subject: session:s-1",
            "Status: open",
            "Count: 2",
            "Figures: {down=3.0}",
            "Sessions: s-1",
            "Feedback: f-7 (session s-1), f-9 (session s-2)");
    assertThat(first)
        .containsEntry("MessageAttributes.entry.1.Name", "type")
        .containsEntry("MessageAttributes.entry.1.Value.StringValue", "escalation")
        .containsEntry("MessageAttributes.entry.4.Name", "severity")
        .containsEntry("MessageAttributes.entry.4.Value.StringValue", "high");
    Map<String, String> second = sns.requests.get(1);
    assertThat(second.get("TopicArn")).isEqualTo(resolved);
    assertThat(second.get("Message"))
        .contains("Event: 3:e-1:3:s-1:f-9", "User: u-1", "Resolved by: ann")
        .endsWith("\n\nfixed");
    assertThat(second)
        .containsEntry("MessageAttributes.entry.2.Value.StringValue", "3:e-1:3:s-1:f-9");
    // Without their topics they are not published, and delivery fails, so that a router or a
    // loop closer does not count them sent (a loop-closing event stays pending).
    SnsNotifier feedbackOnly =
        SnsNotifier.builder().client(client).topicArns(GOOD, BAD, NEUTRAL).build();
    assertThatThrownBy(
            () ->
                feedbackOnly.deliver(
                    Notification.builder()
                        .type(Notification.TYPE_ESCALATION)
                        .escalation(e)
                        .time(NOW)
                        .build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no topic for escalations (set escalationTopicArn)");
    assertThatThrownBy(
            () ->
                feedbackOnly.deliver(
                    Notification.builder()
                        .type(Notification.TYPE_RESOLVED)
                        .sessionId("s-1")
                        .resolved(resolvedEvent())
                        .time(NOW)
                        .build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no topic for resolved events (set resolvedTopicArn)");
    assertThat(sns.requests).hasSize(2);
  }

  private static FeedbackResolved resolvedEvent() {
    return FeedbackResolved.builder()
        .escalationId("e-1")
        .feedbackId("f-9")
        .sessionId("s-1")
        .userId("u-1")
        .note("fixed")
        .by("ann")
        .at(NOW)
        .build();
  }
}
