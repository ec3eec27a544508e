package io.github.agentfeedback.hooks;

import io.github.agentfeedback.escalation.Raised;

/**
 * Receives what an {@link EscalationHook} raised into its
 * {@link io.github.agentfeedback.escalation.EscalationStore}: the escalation as stored, and
 * whether the raise made it or repeated an open one ({@link Raised#created()}), so a
 * listener can act on new escalations only, or on every repeat (its count).
 *
 * <p>Called on the thread that added the feedback, after it was stored and the escalation
 * raised: keep it fast, and hand slow work (e-mail, chat, paging) to a queue or an
 * asynchronous notifier. An exception it throws is logged and otherwise ignored; it never
 * fails the caller. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EscalationListener {

  /**
   * Handles one raise.
   *
   * @param raised the escalation as stored, and whether the raise created it
   */
  void onEscalation(Raised raised);
}
