package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hook that records the feedback instance it receives and passes it on unchanged. */
final class RecordingHook implements FeedbackHook {

  final List<Feedback> seen = new CopyOnWriteArrayList<>();

  @Override
  public FeedbackResult intercept(Chain chain) {
    seen.add(chain.feedback());
    return chain.proceed(chain.feedback());
  }

  /**
   * Adds each feedback through {@code hook}, between two recording hooks, and tells for
   * each whether {@code hook} passed on the very instance it received.
   */
  static List<Boolean> passedOnAsIs(FeedbackHook hook, Feedback... feedbacks) {
    RecordingHook before = new RecordingHook();
    RecordingHook after = new RecordingHook();
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(new InMemoryFeedbackStore())
            .hooks(before, hook, after)
            .build();
    List<Boolean> same = new ArrayList<>();
    for (Feedback f : feedbacks) {
      manager.addFeedback("s", f);
      same.add(after.seen.get(after.seen.size() - 1) == before.seen.get(before.seen.size() - 1));
    }
    return same;
  }
}
