package io.github.agentfeedback.memory;

import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.tck.LeasesContract;

/** The in-memory leases run the kit's {@link LeasesContract}. */
class InMemoryLeasesTest extends LeasesContract {

  private InMemoryLeases shared;

  @Override
  protected Leases newLeases() {
    shared = new InMemoryLeases();
    return shared;
  }

  /** Replicas of one process share the one heap object. */
  @Override
  protected Leases replica() {
    return shared;
  }
}
