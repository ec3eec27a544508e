package io.github.agentfeedback.memory;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.WindowCheckContract;

/**
 * The window check kit on the in-memory stores; replicas of one process share the heap
 * stores.
 */
class InMemoryWindowCheckTest extends WindowCheckContract {

  private InMemoryEscalationStore sharedEscalations;
  private InMemoryLeases sharedLeases;

  @Override
  protected FeedbackStore newFeedbackStore() {
    return new InMemoryFeedbackStore();
  }

  @Override
  protected EscalationStore newEscalationStore() {
    sharedEscalations = new InMemoryEscalationStore();
    return sharedEscalations;
  }

  @Override
  protected EscalationStore replicaEscalationStore() {
    return sharedEscalations;
  }

  @Override
  protected Leases newLeases() {
    sharedLeases = new InMemoryLeases();
    return sharedLeases;
  }

  @Override
  protected Leases replicaLeases() {
    return sharedLeases;
  }
}
