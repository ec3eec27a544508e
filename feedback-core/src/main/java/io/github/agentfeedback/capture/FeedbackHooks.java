package io.github.agentfeedback.capture;

import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.internal.Closeables;
import io.github.agentfeedback.capture.internal.RealChain;
import io.github.agentfeedback.internal.Checks;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Helpers for building hook chains.
 *
 * @since 0.1.0
 */
public final class FeedbackHooks {

  private FeedbackHooks() {}

  /**
   * Makes one hook of many. The hooks run in the order given, the first outermost, with
   * the same rules as hooks given to a manager; the composed hook calls the outer chain's
   * {@code proceed} once, after the last of them.
   *
   * @param hooks the hooks, first outermost
   * @return a thread-safe hook running all of them; it is {@link AutoCloseable} and closes
   *     the hooks among them that are, so {@link FeedbackManager#close()} reaches them
   */
  public static FeedbackHook compose(FeedbackHook... hooks) {
    return compose(Arrays.asList(Objects.requireNonNull(hooks, "hooks")));
  }

  /**
   * Makes one hook of many.
   *
   * @param hooks the hooks, first outermost
   * @return a thread-safe hook running all of them
   * @see #compose(FeedbackHook...)
   */
  public static FeedbackHook compose(List<? extends FeedbackHook> hooks) {
    List<FeedbackHook> copy = Checks.nonNullElements("hooks", hooks);
    if (copy.size() == 1) {
      return copy.get(0);
    }
    return new Composed(copy);
  }

  private record Composed(List<FeedbackHook> hooks) implements FeedbackHook, AutoCloseable {
    @Override
    public FeedbackResult intercept(Chain chain) {
      return RealChain.run(
          hooks,
          chain.sessionId(),
          chain.action(),
          chain.context(),
          chain.feedback(),
          chain::proceed);
    }

    /** Closes the hooks that are {@link AutoCloseable}, last first; failures are logged. */
    @Override
    public void close() {
      Closeables.closeAll(hooks);
    }

    @Override
    public String toString() {
      return "compose" + hooks;
    }
  }
}
