package io.github.agentfeedback.capture;

import io.github.agentfeedback.FeedbackResult;
import java.util.List;

/** A pass-through hook that records its name in {@code closed} when closed. */
record ClosingHook(String name, List<String> closed) implements FeedbackHook, AutoCloseable {

  @Override
  public FeedbackResult intercept(Chain chain) {
    return chain.proceed(chain.feedback());
  }

  @Override
  public void close() {
    closed.add(name);
  }
}
