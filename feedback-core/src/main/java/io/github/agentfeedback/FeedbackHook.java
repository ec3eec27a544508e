package io.github.agentfeedback;

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
 *     chain.proceed(chain.feedback().withAttribute("channel", "web"));
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
