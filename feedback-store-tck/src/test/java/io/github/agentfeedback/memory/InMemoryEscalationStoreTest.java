package io.github.agentfeedback.memory;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.tck.EscalationStoreContract;

/** The in-memory escalation store runs the kit's {@link EscalationStoreContract}. */
class InMemoryEscalationStoreTest extends EscalationStoreContract {

  private InMemoryEscalationStore shared;

  @Override
  protected EscalationStore newStore() {
    shared = new InMemoryEscalationStore();
    return shared;
  }

  /** Replicas of one process share the one heap store. */
  @Override
  protected EscalationStore replica() {
    return shared;
  }
}
