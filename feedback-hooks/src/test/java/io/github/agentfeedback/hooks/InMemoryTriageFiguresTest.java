package io.github.agentfeedback.hooks;

import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.FeedbackStore;

/** The triage figures on the in-memory store. */
class InMemoryTriageFiguresTest extends TriageFiguresScenario {

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  @Override
  protected FeedbackStore store() {
    return store;
  }
}
