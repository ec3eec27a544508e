package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackHook;
import io.github.agentfeedback.FeedbackResult;
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
}
