package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.BatchResult;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.AuditEvent.Phase;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A batch through the documented chain has the side effects of the same items sent one by
 * one, in list order: the same stored feedback, notifications (counts and texts included),
 * escalations, audit events, analytics counters and custom-hook observations, in the same
 * order.
 */
class BatchEquivalenceTest {

  /** One complete set-up: a store, the documented chain and a recording custom hook. */
  private static final class Run {
    final TestClock clock = TestClock.at("2026-03-01T08:00:00Z");
    final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final List<Notification> notified = new CopyOnWriteArrayList<>();
    final List<String> escalations = new CopyOnWriteArrayList<>();
    final List<String> custom = new CopyOnWriteArrayList<>();
    final AnalyticsHook analytics = AnalyticsHook.builder().clock(clock).build();
    final NotificationHook notification =
        NotificationHook.builder().clock(clock).notifier(notified::add).build();
    final AtomicInteger ids = new AtomicInteger();
    final FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .idGenerator(() -> "f" + ids.incrementAndGet())
            .hooks(
                ReadyHooks.builder()
                    .sanitizing(SanitizingHook.defaults())
                    .piiRedaction(PiiRedactionHook.defaults())
                    .validation(ValidationHook.builder().clock(clock).build())
                    .rateLimit(RateLimitHook.builder().clock(clock).build())
                    .spamFilter(SpamFilterHook.defaults())
                    .audit(AuditHook.builder().clock(clock).sink(audit::add).build())
                    .notification(notification)
                    .analytics(analytics)
                    .escalation(
                        EscalationHook.builder()
                            .clock(clock)
                            .escalations(new InMemoryEscalationStore())
                            .negativeRatings(2)
                            .listener(r -> escalations.add(r.escalation().subject()))
                            .build())
                    .add(ReadyHooks.Stage.OBSERVE, recorder())
                    .build())
            .build();

    /** Records what a custom hook sees after proceed, with the audit hook's MDC entry. */
    private FeedbackHook recorder() {
      return chain -> {
        String id = chain.feedback().id();
        try {
          FeedbackResult r = chain.proceed(chain.feedback());
          custom.add(id + " " + r.outcome() + " in " + MDC.get(AuditHook.MDC_KEY));
          return r;
        } catch (FeedbackException e) {
          custom.add(id + " " + e.getClass().getSimpleName());
          throw e;
        }
      };
    }

    List<Notification> notifications() {
      notification.shutdown(Duration.ofSeconds(10));
      return notified;
    }

    List<AuditEvent> audit(Phase phase) {
      return audit.stream().filter(e -> e.phase() == phase).toList();
    }
  }

  private static SessionFeedback item(String session, Feedback feedback) {
    return new SessionFeedback(session, feedback);
  }

  private static Feedback down(String user, String comment) {
    return Feedback.builder().rating(Rating.DOWN).userId(user).comment(comment).build();
  }

  /** Three sessions, three DOWNs in one, a retry, spam, an invalid item, PII and markup. */
  private static List<SessionFeedback> mixedBatch() {
    return List.of(
        item("s1", down("ana", "The <b>login</b> loops forever")),
        item("s2", Feedback.up("Great answer").toBuilder().userId("bo").build()),
        item("s1", down("ana", "Still looping, mail me at ana@example.com")),
        item("s3", Feedback.down("")), // refused by validation: a DOWN needs a comment
        item("s1", Feedback.up("ok now").toBuilder().id("retried").userId("cy").build()),
        item(
            "s2",
            Feedback.up("buy cheap viagra now!!! http://spam.example http://x.example").toBuilder()
                .userId("dee")
                .build()),
        item("s1", down("ana", "Third time: the login loop is back")),
        item("s1", Feedback.up("ok now").toBuilder().id("retried").userId("cy").build()),
        item("s3", Feedback.neutral("fine").toBuilder().userId("ed").build()),
        item("s2", down("bo", "Actually wrong, the refund took 10 days")));
  }

  @Test
  void aBatchHasTheSideEffectsOfTheSameItemsSentOneByOne() {
    Run oneByOne = new Run();
    List<String> singleOutcomes = new ArrayList<>();
    for (SessionFeedback item : mixedBatch()) {
      try {
        singleOutcomes.add(
            oneByOne.manager.addFeedback(item.sessionId(), item.feedback()).outcome().name());
      } catch (FeedbackException e) {
        singleOutcomes.add("REJECTED");
      }
    }
    Run batched = new Run();
    BatchResult result = batched.manager.addFeedbacks(mixedBatch());

    assertThat(result.items())
        .extracting(i -> i.status().name())
        .containsExactlyElementsOf(singleOutcomes);
    assertThat(singleOutcomes).contains("CREATED", "DUPLICATE", "REJECTED");
    for (String session : List.of("s1", "s2", "s3")) {
      assertThat(batched.store.list(session)).isEqualTo(oneByOne.store.list(session));
    }
    List<Notification> expected = oneByOne.notifications();
    assertThat(expected)
        .extracting(Notification::message)
        .containsExactly(
            "1st negative feedback in session s1", "2nd negative feedback in session s1",
            "3rd negative feedback in session s1", "1st negative feedback in session s2");
    assertThat(batched.notifications()).isEqualTo(expected);
    // A batch's results carry each session's counts after the batch, so a rule may fire on
    // more of its items than one by one: the same sessions are escalated.
    assertThat(oneByOne.escalations).isNotEmpty();
    assertThat(java.util.Set.copyOf(batched.escalations))
        .isEqualTo(java.util.Set.copyOf(oneByOne.escalations));
    assertThat(batched.audit(Phase.BEFORE)).isEqualTo(oneByOne.audit(Phase.BEFORE));
    assertThat(batched.audit(Phase.AFTER)).isEqualTo(oneByOne.audit(Phase.AFTER));
    assertThat(batched.analytics.snapshot()).isEqualTo(oneByOne.analytics.snapshot());
    assertThat(oneByOne.custom).contains("f1 CREATED in s1", "retried DUPLICATE in s1");
    assertThat(batched.custom).isEqualTo(oneByOne.custom);
  }

  @Test
  void theCallersMdcReachesTheHooksOfEveryItem() {
    List<String> seen = new CopyOnWriteArrayList<>();
    FeedbackHook mdcReader =
        chain -> {
          seen.add("before " + MDC.get("request"));
          FeedbackResult r = chain.proceed(chain.feedback());
          seen.add("after " + MDC.get("request"));
          return r;
        };
    FeedbackManager manager =
        FeedbackManager.builder().store(new InMemoryFeedbackStore()).hooks(mdcReader).build();
    MDC.put("request", "r-42");
    try {
      manager.addFeedbacks(
          List.of(
              item("s", Feedback.up("a")),
              item("t", Feedback.up("b")),
              item("u", Feedback.up("c"))));
    } finally {
      MDC.remove("request");
    }
    assertThat(seen).hasSize(6).allMatch(s -> s.endsWith(" r-42"));
  }
}
