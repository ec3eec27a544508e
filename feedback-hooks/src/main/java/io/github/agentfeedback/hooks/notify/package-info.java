/**
 * The delivery of notifications about stored feedback: asynchronous, so that the caller of
 * {@code addFeedback} never waits for a receiver. The hooks that notify
 * ({@link io.github.agentfeedback.hooks.NotificationHook}, the escalation hook) live in the
 * hooks package and use what is here; nothing here depends on them.
 *
 * <ul>
 *   <li>{@link io.github.agentfeedback.hooks.notify.Notifier} — the SPI: delivers one
 *       {@link io.github.agentfeedback.hooks.notify.Notification} somewhere.
 *   <li>{@link io.github.agentfeedback.hooks.NotificationHook} (in the hooks package) picks
 *       the feedback worth a notification (by default negative feedback), counts it per
 *       session, and hands it to a
 *       {@link io.github.agentfeedback.hooks.notify.NotificationDispatcher}.
 *   <li>{@link io.github.agentfeedback.hooks.notify.NotificationDispatcher} — the bounded
 *       queue and worker threads behind the hook, reusable by other hooks (escalation).
 *   <li>Notifiers: {@link io.github.agentfeedback.hooks.notify.LoggingNotifier} here; signed
 *       webhooks ({@code WebhookNotifier}, and {@code WebhookVerifier} for receivers) in the
 *       {@code feedback-webhooks} artifact, Amazon SNS in {@code feedback-aws}.
 * </ul>
 */
package io.github.agentfeedback.hooks.notify;
