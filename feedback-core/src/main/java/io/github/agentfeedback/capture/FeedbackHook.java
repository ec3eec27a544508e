package io.github.agentfeedback.capture;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;

/**
 * Observes, changes or rejects feedback on its way to the store.
 *
 * <p>Hooks form a chain in the order given to {@link FeedbackManager.Builder#hooks}: the
 * first hook is outermost and the store is innermost. A hook receives a {@link Chain},
 * may look at or replace the feedback, and then calls {@link Chain#proceed(Feedback)}
 * <em>exactly once</em> — or throws to reject the feedback, in which case nothing is
 * stored.
 *
 * <pre>{@code
 * FeedbackHook stampChannel = chain ->
 *     chain.proceed(chain.feedback().toBuilder().attribute("channel", "web").build());
 * }</pre>
 *
 * <h2>Rules the chain enforces</h2>
 * <ul>
 *   <li>Returning without calling {@code proceed}, calling it twice, or returning
 *       {@code null} is a bug in the hook: the chain throws {@link IllegalStateException}
 *       naming the hook.
 *   <li>Work <em>before</em> {@code proceed} may throw; the exception reaches the caller
 *       and nothing is stored. Throw {@link InvalidFeedbackException} or
 *       {@link FeedbackRejectedException} so callers can tell why.
 *   <li>Work <em>after</em> {@code proceed} returned sees what was stored. Once the
 *       feedback is stored the outcome is settled: if the hook then throws, the chain logs
 *       the exception (naming the hook) and the caller still receives the stored result.
 *   <li>If {@code proceed} throws (a later hook rejected, or the store failed), the
 *       exception passes through this hook unless the hook catches it.
 * </ul>
 *
 * <h2>In a batch</h2>
 * {@link FeedbackManager#addFeedbacks} passes every item through the chain on its own and
 * stores the items that pass in groups, one store call per group. What a hook can rely on:
 * <ul>
 *   <li>Every item gets its own {@link Chain}, as in a single call, and its own outcome
 *       from {@code proceed}: an item rejected or failed does not affect the others.
 *   <li>Work before {@code proceed} runs for the items of a group in list order; then the
 *       group is stored; then the work after {@code proceed} runs item by item, in list
 *       order. So side effects made after {@code proceed} (notifications, audit outcomes,
 *       counters) come in the order of the same items sent one by one, with the same
 *       values, as long as they depend only on earlier items' work. Only the interleaving
 *       differs: all of a group's work before {@code proceed} comes first.
 *   <li>When the work after {@code proceed} runs for an item, every item of its group that
 *       reached the store is already stored, later items included; items of later groups
 *       are not.
 *   <li>The work of two items never runs at the same time, and each item's work sees
 *       everything earlier items' work did (each step happens-before the next). But an
 *       item's chain may run on a thread of the manager rather than the caller's: the
 *       caller's slf4j {@code MDC} is copied to it, other thread-locals are not.
 *   <li>So a hook must not hold a lock across {@code proceed} that its own work before
 *       {@code proceed} takes too: the next item of the group would wait for it while this
 *       item waits for the group to be stored. (Such a batch never finishes; it is logged as
 *       a warning after 10 seconds.)
 * </ul>
 *
 * <p>Implementations are shared by every thread that adds feedback and must be
 * thread-safe. A hook that owns threads or connections should also implement
 * {@link AutoCloseable}; {@link FeedbackManager#close()} closes it.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface FeedbackHook {

  /**
   * Handles one call.
   *
   * @param chain the call: its session, action and feedback, and the way on
   * @return the result, normally the one returned by {@code chain.proceed(...)}
   */
  FeedbackResult intercept(Chain chain);

  /**
   * One call passing through the hooks. Not thread-safe: it belongs to the thread making
   * the call.
   *
   * @since 0.1.0
   */
  interface Chain {

    /**
     * The session the feedback is for.
     *
     * @return the session id, already validated
     */
    String sessionId();

    /**
     * What the call is doing.
     *
     * @return the action
     */
    FeedbackAction action();

    /**
     * The feedback as this hook receives it: its {@code id} and {@code createdAt} are set.
     *
     * @return the feedback
     */
    Feedback feedback();

    /**
     * What the caller knows about this call that is not feedback: client address, user
     * agent, principal, token claims. Read it, never store it unless on purpose; it is the
     * same for every hook of the call.
     *
     * @return the caller's context, or {@link CallContext#empty()} when it gave none
     * @since 0.1.0
     */
    default CallContext context() {
      return CallContext.empty();
    }

    /**
     * Passes the feedback to the next hook, or to the store after the last hook. Call
     * exactly once.
     *
     * @param feedback the feedback to pass on, possibly a changed copy of
     *     {@link #feedback()}
     * @return what was stored, with {@code created() == false} for a duplicate id
     * @throws IllegalStateException if called a second time
     * @throws FeedbackException if a later hook rejects or the store fails
     */
    FeedbackResult proceed(Feedback feedback);
  }
}
