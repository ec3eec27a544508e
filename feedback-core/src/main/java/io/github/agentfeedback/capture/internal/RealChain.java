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
 * <p>One instance serves every hook of one call, as the calling thread's view of the hook
 * running now: {@link #proceed} moves it to the next hook and, when that returns or throws,
 * back to the caller's hook, so each hook sees its own feedback before and after. Calls nest
 * strictly (hook {@code i + 1} starts only from hook {@code i}'s {@code proceed}, and ends
 * before it returns), so two counters tell which hooks have proceeded and whose
 * {@code proceed} returned, where a chain object per hook would be allocated for each.
 */
public final class RealChain implements FeedbackHook.Chain {

  private static final Logger log = LoggerFactory.getLogger(RealChain.class);

  private final List<FeedbackHook> hooks;
  private final String sessionId;
  private final FeedbackAction action;
  private final CallContext context;
  private final Function<Feedback, FeedbackResult> terminal;

  /** The hook running now, whose view this is. */
  private int index;

  /** What the hook at {@link #index} received. */
  private Feedback feedback;

  /** The deepest hook started so far: hook {@code i} has proceeded when it is above i. */
  private int started;

  /** The innermost hook whose {@code proceed} returned, if any, else {@code hooks.size()}. */
  private int returned;

  /** What that {@code proceed} returned. */
  private @Nullable FeedbackResult downstream;

  private RealChain(
      List<FeedbackHook> hooks,
      String sessionId,
      FeedbackAction action,
      CallContext context,
      Feedback feedback,
      Function<Feedback, FeedbackResult> terminal) {
    this.hooks = hooks;
    this.sessionId = sessionId;
    this.action = action;
    this.context = context;
    this.terminal = terminal;
    this.feedback = feedback;
    this.returned = hooks.size();
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
    return new RealChain(hooks, sessionId, action, context, feedback, terminal).next();
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public FeedbackAction action() {
    return action;
  }

  @Override
  public CallContext context() {
    return context;
  }

  @Override
  public Feedback feedback() {
    return feedback;
  }

  @Override
  public FeedbackResult proceed(Feedback next) {
    int caller = index;
    FeedbackHook hook = hooks.get(caller);
    if (started > caller) {
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
    Feedback received = feedback;
    started = caller + 1;
    index = caller + 1;
    feedback = next;
    FeedbackResult result;
    try {
      result = next();
    } finally {
      index = caller;
      feedback = received;
    }
    returned = caller;
    downstream = result;
    return result;
  }

  /** Runs the hook at {@link #index} with this chain, or the terminal after the last hook. */
  private FeedbackResult next() {
    int at = index;
    if (at == hooks.size()) {
      return Objects.requireNonNull(terminal.apply(feedback), "store returned null");
    }
    FeedbackHook hook = hooks.get(at);
    FeedbackResult result;
    try {
      result = hook.intercept(this);
    } catch (RuntimeException e) {
      FeedbackResult stored = returned == at ? downstream : null;
      if (stored == null || e instanceof HookMisuseException) {
        throw e;
      }
      log.error(
          "Hook {} failed after feedback {} was stored in session {}; the caller gets "
              + "the stored result",
          describe(hook),
          stored.feedbackId(),
          sessionId,
          e);
      return stored;
    }
    if (started <= at) {
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
