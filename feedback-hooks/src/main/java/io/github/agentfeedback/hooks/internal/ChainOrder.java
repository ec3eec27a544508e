package io.github.agentfeedback.hooks.internal;

import io.github.agentfeedback.Feedback;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * The documented order of the ready hooks, and the warning a hook that changes text logs
 * when it runs after {@code ValidationHook}: then what is stored is not what was validated
 * (a comment of markup only passes "comment required" and is stored empty). One instance
 * per hook instance; it warns once. Thread-safe.
 */
public final class ChainOrder {

  /** The documented order, outermost first. */
  public static final String DOCUMENTED = "SanitizingHook, PiiRedactionHook, ValidationHook, "
      + "RateLimitHook, SpamFilterHook, AuditHook, NotificationHook, AnalyticsHook";

  private final Logger log;
  private final String hook;
  private final String validatedAt;
  private final AtomicBoolean warned = new AtomicBoolean();

  /**
   * A check for one hook instance.
   *
   * @param log the hook's logger
   * @param hook the hook's name for the message, such as {@code "SanitizingHook"}
   * @param validatedAt the attribute that {@code ValidationHook} stamps
   */
  public ChainOrder(Logger log, String hook, String validatedAt) {
    this.log = log;
    this.hook = hook;
    this.validatedAt = validatedAt;
  }

  /**
   * Called when the hook changed the text of {@code received}: logs a WARN, the first time
   * only, if {@code received} was already validated.
   *
   * @param sessionId the session, for the message
   * @param received the feedback as the hook received it
   */
  public void textChanged(String sessionId, Feedback received) {
    if (received.attributes().containsKey(validatedAt) && warned.compareAndSet(false, true)) {
      log.warn("{} changed the text of feedback {} in session {} after ValidationHook had "
          + "checked it, so the stored text was not validated (a comment of markup only is "
          + "stored empty). Put the hooks that change text before ValidationHook, in the "
          + "documented order: {}. Warned once per hook.", hook, received.id(), sessionId,
          DOCUMENTED);
    }
  }
}
