package io.github.agentfeedback.capture.internal;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain implementation: runs hooks in order, then a terminal function (the store), and
 * enforces the rules of {@link FeedbackHook}.
 *
 * <p>Each instance serves one hook of one call and is used by the calling thread only.
 */
public final class RealChain implements FeedbackHook.Chain {

  private static final Logger log = LoggerFactory.getLogger(RealChain.class);

  private final Call call;
  private final int index;
  private final Feedback feedback;
  private @Nullable FeedbackResult downstream;
  private boolean proceeded;

  /** What every hook of one call shares, kept once so that each hook's chain is small. */
  private record Call(
      List<FeedbackHook> hooks,
      String sessionId,
      FeedbackAction action,
      CallContext context,
      Function<Feedback, FeedbackResult> terminal) {

    /** Runs the terminal: the store, after every hook. */
    FeedbackResult store(Feedback feedback) {
      return Objects.requireNonNull(terminal.apply(feedback), "store returned null");
    }
  }

  private RealChain(Call call, int index, Feedback feedback) {
    this.call = call;
    this.index = index;
    this.feedback = feedback;
  }

  /**
   * Runs the hooks in order, the first outermost, then {@code terminal}.
   *
   * @param hooks the hooks; must not be modified while in use
   * @param terminal what runs after the last hook, usually the store's append
   */
  public static FeedbackResult run(
      List<FeedbackHook> hooks,
      String sessionId,
      FeedbackAction action,
      Feedback feedback,
      Function<Feedback, FeedbackResult> terminal) {
    return run(hooks, sessionId, action, CallContext.empty(), feedback, terminal);
  }

  /**
   * Runs the hooks in order, the first outermost, then {@code terminal}, with the caller's
   * context for every hook.
   *
   * @param hooks the hooks; must not be modified while in use
   * @param context what the caller knows about the call, {@link CallContext#empty()} if
   *     nothing
   * @param terminal what runs after the last hook, usually the store's append
   */
  public static FeedbackResult run(
      List<FeedbackHook> hooks,
      String sessionId,
      FeedbackAction action,
      CallContext context,
      Feedback feedback,
      Function<Feedback, FeedbackResult> terminal) {
    return new RealChain(new Call(hooks, sessionId, action, context, terminal), 0, feedback)
        .next(feedback);
  }

  @Override
  public String sessionId() {
    return call.sessionId();
  }

  @Override
  public FeedbackAction action() {
    return call.action();
  }

  @Override
  public CallContext context() {
    return call.context();
  }

  @Override
  public Feedback feedback() {
    return feedback;
  }

  @Override
  public FeedbackResult proceed(Feedback next) {
    FeedbackHook hook = call.hooks().get(index);
    if (proceeded) {
      throw new HookMisuseException(
          "Hook " + describe(hook) + " called proceed() more than once; call it exactly once");
    }
    if (next == null || next.id() == null || next.createdAt() == null) {
      throw new HookMisuseException(
          "Hook "
              + describe(hook)
              + " passed feedback "
              + (next == null ? "null" : "without an id or creation time")
              + " to proceed()");
    }
    proceeded = true;
    int after = index + 1;
    // After the last hook the store runs directly: no chain that no hook would see.
    downstream =
        after == call.hooks().size()
            ? call.store(next)
            : new RealChain(call, after, next).next(next);
    return downstream;
  }

  /** Runs the hook at {@code index} with this chain, or the terminal after the last hook. */
  private FeedbackResult next(Feedback current) {
    if (index == call.hooks().size()) {
      return call.store(current);
    }
    FeedbackHook hook = call.hooks().get(index);
    FeedbackResult result;
    try {
      result = hook.intercept(this);
    } catch (RuntimeException e) {
      if (downstream == null || e instanceof HookMisuseException) {
        throw e;
      }
      log.error(
          "Hook {} failed after feedback {} was stored in session {}; the caller gets "
              + "the stored result",
          describe(hook),
          downstream.feedbackId(),
          call.sessionId(),
          e);
      return downstream;
    }
    if (!proceeded) {
      throw new HookMisuseException(
          "Hook "
              + describe(hook)
              + " returned without calling proceed(); call it exactly once"
              + " or throw to reject the feedback");
    }
    if (result == null) {
      throw new HookMisuseException("Hook " + describe(hook) + " returned null");
    }
    return result;
  }

  private static String describe(FeedbackHook hook) {
    return hook.getClass().getName();
  }

  /**
   * A hook broke the chain's rules. It always reaches the caller, even from inside a
   * composed hook whose outer chain has already stored the feedback.
   */
  private static final class HookMisuseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    HookMisuseException(String message) {
      super(message);
    }
  }
}
