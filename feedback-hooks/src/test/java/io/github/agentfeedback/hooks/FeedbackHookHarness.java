package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs one hook without a manager or store, for tests that push many feedbacks through a
 * hook: the "store" just reports every feedback as created (or what {@code terminal} says).
 */
final class FeedbackHookHarness {

  private final FeedbackHook hook;
  private final Function<Feedback, FeedbackResult> terminal;
  private final AtomicLong ids = new AtomicLong();

  FeedbackHookHarness(FeedbackHook hook) {
    this(hook, FeedbackResult::created);
  }

  FeedbackHookHarness(FeedbackHook hook, Function<Feedback, FeedbackResult> terminal) {
    this.hook = hook;
    this.terminal = terminal;
  }

  FeedbackResult add(String sessionId, Feedback feedback) {
    Feedback complete =
        feedback.id() != null
            ? feedback
            : feedback.toBuilder()
                .id("f-" + ids.incrementAndGet())
                .createdAt(Instant.parse("2026-03-01T00:00:00Z"))
                .build();
    return hook.intercept(
        new FeedbackHook.Chain() {
          private boolean proceeded;

          @Override
          public String sessionId() {
            return sessionId;
          }

          @Override
          public FeedbackAction action() {
            return FeedbackAction.ADD;
          }

          @Override
          public Feedback feedback() {
            return complete;
          }

          @Override
          public FeedbackResult proceed(Feedback f) {
            if (proceeded) {
              throw new IllegalStateException("proceed called twice");
            }
            proceeded = true;
            return terminal.apply(f);
          }
        });
  }
}
