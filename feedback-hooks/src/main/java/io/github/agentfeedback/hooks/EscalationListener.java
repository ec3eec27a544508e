package io.github.agentfeedback.hooks;

/**
 * Receives the escalations raised by an {@link EscalationHook}.
 *
 * <p>Called on the thread that added the feedback, after it was stored: keep it fast, and
 * hand slow work (e-mail, chat, paging) to a queue or an asynchronous notifier. An exception
 * it throws is logged and otherwise ignored; it never fails the caller. Implementations must
 * be thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EscalationListener {

  /**
   * Handles one escalation.
   *
   * @param escalation the breach
   */
  void onEscalation(Escalation escalation);
}
