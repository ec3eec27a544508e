/**
 * Notifications about stored feedback, delivered asynchronously so that the caller of
 * {@code addFeedback} never waits for a receiver.
 *
 * <ul>
 *   <li>{@link io.github.agentfeedback.hooks.notify.Notifier} — the SPI: delivers one
 *       {@link io.github.agentfeedback.hooks.notify.Notification} somewhere.
 *   <li>{@link io.github.agentfeedback.hooks.notify.NotificationHook} — the hook: picks the
 *       feedback worth a notification (by default negative feedback), counts it per
 *       session, and hands it to a
 *       {@link io.github.agentfeedback.hooks.notify.NotificationDispatcher}.
 *   <li>{@link io.github.agentfeedback.hooks.notify.NotificationDispatcher} — the bounded
 *       queue and worker threads behind the hook, reusable by other hooks (escalation).
 *   <li>Notifiers: {@link io.github.agentfeedback.hooks.notify.LoggingNotifier} and
 *       {@link io.github.agentfeedback.hooks.notify.WebhookNotifier} (JSON or Slack body,
 *       signed as Standard Webhooks are — a delivery id stable across retries, a timestamp
 *       per attempt, HMAC-SHA256 signatures under one or more secrets — and retried with
 *       exponential backoff).
 *   <li>{@link io.github.agentfeedback.hooks.notify.WebhookVerifier} — for Java receivers:
 *       checks a request's headers and signature over the raw body, refuses stale or
 *       replayed requests with a
 *       {@link io.github.agentfeedback.hooks.notify.WebhookVerificationException} that says
 *       why, and returns the delivery id to de-duplicate on.
 * </ul>
 */
package io.github.agentfeedback.hooks.notify;
