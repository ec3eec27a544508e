package io.github.agentfeedback.hooks;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.FeedbackStore;

/** The replicas' scenario over the in-memory stores: the one store is every replica's. */
class InMemoryReplicaEscalationTest extends ReplicaEscalationScenario {

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final InMemoryEscalationStore escalations = new InMemoryEscalationStore();

  @Override
  protected FeedbackStore feedbackStore() {
    return store;
  }

  @Override
  protected EscalationStore escalationStore() {
    return escalations;
  }
}
