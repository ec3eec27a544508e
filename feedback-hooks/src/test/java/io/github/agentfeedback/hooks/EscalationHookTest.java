package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EscalationHookTest {

  private final TestClock clock = TestClock.at("2026-03-01T18:00:00Z");
  private final List<Escalation> raised = new CopyOnWriteArrayList<>();
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  private FeedbackManager manager(EscalationHook hook) {
    return FeedbackManager.builder().store(store).hooks(hook).clock(clock).build();
  }

  private EscalationHook.Builder builder() {
    return EscalationHook.builder().clock(clock).listener(raised::add);
  }

  private static Feedback down(String id) {
    return Feedback.builder().id(id).rating(Rating.DOWN).comment("bad").build();
  }

  @Test
  void threeDownInARowRaisesOneEscalation() {
    FeedbackManager m = manager(builder().downStreak(3).build());
    m.addFeedback("s-1", down("f1"));
    m.addFeedback("s-1", down("f2"));
    assertThat(raised).isEmpty();
    m.addFeedback("s-1", down("f3"));
    assertThat(raised)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.rule()).isEqualTo(EscalationHook.DOWN_STREAK);
              assertThat(e.sessionId()).isEqualTo("s-1");
              assertThat(e.feedbackId()).isEqualTo("f3");
              assertThat(e.time()).isEqualTo(Instant.parse("2026-03-01T18:00:00Z"));
              assertThat(e.message()).contains("3 DOWN");
            });
  }

  @Test
  void aLongerStreakDoesNotRaiseAgain() {
    FeedbackManager m = manager(builder().downStreak(3).build());
    for (int i = 0; i < 10; i++) {
      m.addFeedback("s", down("f" + i));
    }
    assertThat(raised).hasSize(1);
  }

  @Test
  void anotherRatingEndsTheStreakAndReArmsTheRule() {
    FeedbackManager m = manager(builder().downStreak(2).build());
    m.addFeedback("s", down("a"));
    m.addFeedback("s", Feedback.up("fine"));
    m.addFeedback("s", down("b"));
    assertThat(raised).isEmpty();
    m.addFeedback("s", down("c"));
    m.addFeedback("s", Feedback.neutral("hmm"));
    m.addFeedback("s", down("d"));
    m.addFeedback("s", down("e"));
    assertThat(raised).extracting(Escalation::feedbackId).containsExactly("c", "e");
  }

  @Test
  void beyondMaxSessionsTheStreakLongestWithoutADownIsForgotten() {
    FeedbackManager m = manager(builder().downStreak(2).maxSessions(2).build());
    m.addFeedback("a", down("a1"));
    m.addFeedback("b", down("b1"));
    m.addFeedback("c", down("c1")); // forgets a's streak
    m.addFeedback("b", down("b2"));
    m.addFeedback("a", down("a2")); // a streak of one again; forgets c's
    m.addFeedback("a", down("a3"));
    m.addFeedback("c", down("c2"));
    assertThat(raised).extracting(Escalation::feedbackId).containsExactly("b2", "a3");
  }

  @Test
  void streaksAreCountedPerSession() {
    FeedbackManager m = manager(builder().downStreak(2).build());
    m.addFeedback("a", down("a1"));
    m.addFeedback("b", down("b1"));
    m.addFeedback("a", down("a2"));
    assertThat(raised).extracting(Escalation::sessionId).containsExactly("a");
  }

  @Test
  void lowSatisfactionOverTheWindowRaisesOnceAndReArmsAfterRecovery() {
    FeedbackManager m = manager(builder().lowSatisfaction(60, 10, 4).build());
    m.addFeedback("s1", Feedback.up("ok"));
    m.addFeedback("s2", Feedback.down("no"));
    m.addFeedback("s3", Feedback.down("no"));
    assertThat(raised).as("fewer than 4 rated").isEmpty();
    m.addFeedback("s4", Feedback.neutral("meh"));
    m.addFeedback("s5", Feedback.down("no")); // 1 up of 4 rated = 25%
    assertThat(raised)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.rule()).isEqualTo(EscalationHook.LOW_SATISFACTION);
              assertThat(e.sessionId()).isNull();
              assertThat(e.message()).contains("25.0%").contains("below 60.0%");
            });
    m.addFeedback("s6", Feedback.down("still no"));
    assertThat(raised).hasSize(1);
    for (int i = 0; i < 6; i++) {
      m.addFeedback("r" + i, Feedback.up("better"));
    }
    assertThat(raised).hasSize(1);
    for (int i = 0; i < 8; i++) {
      m.addFeedback("d" + i, Feedback.down("worse again"));
    }
    assertThat(raised).hasSize(2);
  }

  @Test
  void theWindowSlides() {
    FeedbackManager m = manager(builder().lowSatisfaction(50, 4, 4).build());
    for (int i = 0; i < 4; i++) {
      m.addFeedback("s", Feedback.up("good"));
    }
    m.addFeedback("s", Feedback.down("bad"));
    m.addFeedback("s", Feedback.down("bad"));
    assertThat(raised).isEmpty(); // window: up, up, down, down = 50%
    m.addFeedback("s", Feedback.down("bad"));
    assertThat(raised).hasSize(1); // window: up, down, down, down = 25%
  }

  @Test
  void defaultsUseTheDocumentedRules() {
    FeedbackManager m = manager(EscalationHook.defaults(raised::add));
    m.addFeedback("s", down("1"));
    m.addFeedback("s", down("2"));
    m.addFeedback("s", down("3"));
    assertThat(raised).extracting(Escalation::rule).containsExactly(EscalationHook.DOWN_STREAK);
  }

  @Test
  void duplicatesAreNotCounted() {
    FeedbackManager m = manager(builder().downStreak(2).build());
    m.addFeedback("s", down("same"));
    m.addFeedback("s", down("same"));
    assertThat(raised).isEmpty();
  }

  @Test
  void aFailingListenerNeverFailsTheCallerAndOthersStillHearIt() {
    EscalationHook hook =
        EscalationHook.builder()
            .clock(clock)
            .downStreak(1)
            .listener(
                e -> {
                  throw new IllegalStateException("pager down");
                })
            .listener(raised::add)
            .build();
    FeedbackResult r = manager(hook).addFeedback("s", down("x"));
    assertThat(r.created()).isTrue();
    assertThat(raised).hasSize(1);
  }

  @Test
  void builderNeedsARuleAndSaneValues() {
    assertThatThrownBy(() -> EscalationHook.builder().build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EscalationHook.builder().lowSatisfaction(60, 10, 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EscalationHook.builder().downStreak(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replacedFeedbackNeitherExtendsNorEndsAStreak() {
    FeedbackManager m = manager(builder().downStreak(2).lowSatisfaction(50, 10, 1).build());
    Feedback first = m.addFeedback("s", down("f1")).feedback();
    // Updating to DOWN again does not make two in a row; updating to UP ends nothing.
    m.updateFeedback("s", first.toBuilder().comment("still bad").build());
    m.updateFeedback("s", first.toBuilder().rating(Rating.UP).build());
    assertThat(raised)
        .singleElement()
        .satisfies(e -> assertThat(e.rule()).isEqualTo(EscalationHook.LOW_SATISFACTION));
    m.addFeedback("s", down("f2"));
    assertThat(raised)
        .extracting(Escalation::rule)
        .containsExactly(EscalationHook.LOW_SATISFACTION, EscalationHook.DOWN_STREAK);
    // A second vote in one-vote mode is a replacement too.
    FeedbackManager votes =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .oneVotePerUserAndMessage(true)
            .hooks(builder().downStreak(2).build())
            .build();
    Feedback vote =
        Feedback.builder().userId("u").messageId("m").rating(Rating.DOWN).comment("bad").build();
    votes.addFeedback("v", vote);
    assertThat(votes.addFeedback("v", vote.toBuilder().comment("worse").build()).outcome())
        .isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(raised).hasSize(2);
  }
}
