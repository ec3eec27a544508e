package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackHooks;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.hooks.AuditEvent.Outcome;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * All hooks together, in the documented order — but with the audit hook outermost, the
 * variant that audits rejections too — through a real manager and store.
 */
class HookChainIntegrationTest {

  private final TestClock clock = TestClock.at("2026-03-01T08:00:00Z");
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  private final List<Escalation> escalations = new CopyOnWriteArrayList<>();
  private final InMemoryEscalationStore escalationStore = new InMemoryEscalationStore();
  private final AnalyticsHook analytics = AnalyticsHook.builder().clock(clock).build();

  private final FeedbackManager manager =
      FeedbackManager.builder()
          .store(store)
          .clock(clock)
          .hooks(
              AuditHook.builder().clock(clock).sink(audit::add).build(),
              FeedbackHooks.compose(
                  SanitizingHook.defaults(),
                  PiiRedactionHook.defaults(),
                  ValidationHook.builder().clock(clock).build(),
                  RateLimitHook.builder().clock(clock).limit(3, Duration.ofMinutes(1)).build(),
                  SpamFilterHook.defaults(),
                  SentimentHook.defaults()),
              analytics,
              EscalationHook.builder()
                  .clock(clock)
                  .escalations(escalationStore)
                  .feedbackStore(store)
                  .downStreak(2)
                  .listener(raised -> escalations.add(raised.escalation()))
                  .build())
          .build();

  @Test
  void feedbackIsCheckedCleanedEnrichedStoredAndCounted() {
    manager.addFeedback(
        "s-1",
        Feedback.builder()
            .rating(Rating.DOWN)
            .userId("u-1")
            .comment(
                "  <b>Not helpful</b>: mail me at jane@example.com &lt;script&gt;x&lt;/script&gt; ")
            .build());

    Feedback stored = store.list("s-1").get(0);
    assertThat(stored.comment()).isEqualTo("Not helpful: mail me at [EMAIL]");
    assertThat(stored.attributes())
        .containsEntry(ValidationHook.VALIDATED_AT, clock.instant())
        .containsEntry(PiiRedactionHook.ATTRIBUTE, List.of("email"))
        .containsKey(SentimentHook.ATTRIBUTE);
    assertThat((Double) stored.attributes().get(SentimentHook.ATTRIBUTE)).isNegative();
    assertThat(analytics.snapshot().ratings().down()).isEqualTo(1);
    assertThat(audit).extracting(AuditEvent::outcome).containsExactly(null, Outcome.CREATED);
  }

  @Test
  void rejectionsAreAuditedAndNeitherStoredNorCounted() {
    assertThatThrownBy(() -> manager.addFeedback("s", Feedback.down(" ")))
        .isInstanceOf(InvalidFeedbackException.class);
    assertThatThrownBy(() -> manager.addFeedback("s", Feedback.up("free money, buy now")))
        .isInstanceOf(FeedbackRejectedException.class);
    assertThat(store.list("s")).isEmpty();
    assertThat(analytics.snapshot().ratings().total()).isZero();
    assertThat(audit)
        .extracting(AuditEvent::outcome)
        .containsExactly(null, Outcome.REJECTED, null, Outcome.REJECTED);
  }

  @Test
  void rateLimitAndEscalationWorkAcrossCalls() {
    manager.addFeedback(
        "s", Feedback.builder().rating(Rating.DOWN).userId("u").comment("wrong").build());
    manager.addFeedback(
        "s", Feedback.builder().rating(Rating.DOWN).userId("u").comment("still wrong").build());
    manager.addFeedback(
        "s", Feedback.builder().rating(Rating.UP).userId("u").comment("ok now").build());
    assertThatThrownBy(
            () ->
                manager.addFeedback(
                    "s", Feedback.builder().rating(Rating.UP).userId("u").comment("again").build()))
        .isInstanceOfSatisfying(
            FeedbackRejectedException.class,
            e -> assertThat(e.code()).isEqualTo(FeedbackRejectedException.RATE_LIMITED));
    assertThat(escalations)
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(EscalationHook.DOWN_STREAK));
    assertThat(analytics.snapshot().ratings().total()).isEqualTo(3);
  }

  @Test
  void scoreOnlyFeedbackPassesEveryHookAndCountsAsNoRating() {
    manager.addFeedback(
        "s", Feedback.builder().rating(Rating.DOWN).userId("u").comment("wrong").build());
    // An NPS survey answer between two downs: no verdict, so the streak goes on.
    manager.addFeedback(
        "s",
        Feedback.builder()
            .userId("u")
            .comment("survey")
            .score(9, io.github.agentfeedback.Scale.NPS)
            .build());
    assertThat(escalations).isEmpty();
    manager.addFeedback(
        "s", Feedback.builder().rating(Rating.DOWN).userId("u").comment("still wrong").build());

    assertThat(store.list("s").get(1).rating()).isNull();
    assertThat(escalations)
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(EscalationHook.DOWN_STREAK));
    AnalyticsSnapshot snapshot = analytics.snapshot();
    assertThat(snapshot.ratings().total()).isEqualTo(3);
    assertThat(snapshot.ratings().down()).isEqualTo(2);
    assertThat(snapshot.ratings().neutral()).isZero();
    assertThat(analytics.session("s").orElseThrow().total()).isEqualTo(3);
    assertThat(audit)
        .filteredOn(e -> e.outcome() == Outcome.CREATED)
        .extracting(AuditEvent::rating)
        .containsExactly(Rating.DOWN, null, Rating.DOWN);
  }

  @Test
  void validationCanRequireARatingAndAllowedRatingsLeaveScoresAlone() {
    Feedback survey = Feedback.scored(9, io.github.agentfeedback.Scale.NPS);
    FeedbackManager upOnly =
        FeedbackManager.builder()
            .store(new InMemoryFeedbackStore())
            .hooks(ValidationHook.builder().allowedRatings(Rating.UP).build())
            .build();
    assertThat(upOnly.addFeedback("s", survey).feedback().rating()).isNull();
    FeedbackManager rated =
        FeedbackManager.builder()
            .store(new InMemoryFeedbackStore())
            .hooks(ValidationHook.builder().ratingRequired(true).build())
            .build();
    assertThatThrownBy(() -> rated.addFeedback("s", survey))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> {
              assertThat(e.fields()).containsExactly("rating");
              assertThat(e.violations().get(0).code()).isEqualTo("required");
            });
  }
}
