package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriageCategoryRuleTest {

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final InMemoryEscalationStore escalations = new InMemoryEscalationStore();

  private List<Escalation> raised() {
    return escalations.list(EscalationQuery.builder().build());
  }

  @Test
  void aCategoryRaisesOneEscalationPerSessionAndCategory() {
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .hooks(
                ReadyHooks.builder()
                    .escalation(
                        EscalationHook.builder()
                            .escalations(escalations)
                            .rule(EscalationRule.category("safety", Severity.CRITICAL))
                            .build())
                    .triage(TriageHook.defaults())
                    .build())
            .build();

    manager.addFeedback("s1", Feedback.down("wrong"));
    manager.addFeedback("s1", Feedback.up("offensive? no"));
    assertThat(raised()).isEmpty();

    String first = manager.addFeedback("s1", Feedback.down("that was offensive")).feedback().id();
    assertThat(raised())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("triage_category");
              assertThat(e.rule()).isEqualTo("triage_category:safety");
              assertThat(e.subject()).isEqualTo("session:s1");
              assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(e.count()).isEqualTo(1);
              assertThat(e.feedback()).containsExactly(new FeedbackRef("s1", first));
            });

    manager.addFeedback("s1", Feedback.down("toxic"));
    manager.addFeedback("s1", Feedback.down("slow"));
    assertThat(raised()).singleElement().satisfies(e -> assertThat(e.count()).isEqualTo(2));

    manager.addFeedback("s2", Feedback.down("harmful advice"));
    assertThat(raised())
        .hasSize(2)
        .extracting(Escalation::subject)
        .containsExactlyInAnyOrder("session:s1", "session:s2");
  }
}
