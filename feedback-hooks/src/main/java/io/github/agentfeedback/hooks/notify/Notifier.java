package io.github.agentfeedback.hooks.notify;

/**
 * Delivers a {@link Notification} somewhere: a log, a webhook, a chat channel, a message
 * topic.
 *
 * <p>A notifier is called on a worker thread of a {@link NotificationDispatcher}, never on
 * the thread that added the feedback, so it may block on I/O. It reports failure by
 * throwing; the dispatcher catches the exception, counts the delivery as failed and logs
 * it — the caller who added the feedback never sees it. A notifier that retries does so
 * inside {@link #deliver}.
 *
 * <p>When a dispatcher is closed and its drain timeout expires, it interrupts deliveries
 * still running; a notifier should respond to interruption by throwing
 * {@link InterruptedException} (blocking JDK calls such as {@code HttpClient.send} and
 * {@code Thread.sleep} do so).
 *
 * <p>Implementations must be thread-safe: a dispatcher with several worker threads calls
 * {@link #deliver} concurrently.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Notifier {

  /**
   * Delivers one notification, blocking until it is delivered or has failed.
   *
   * @param notification what to deliver
   * @throws InterruptedException if the thread was interrupted while waiting
   * @throws Exception if the notification could not be delivered
   */
  void deliver(Notification notification) throws Exception;
}
