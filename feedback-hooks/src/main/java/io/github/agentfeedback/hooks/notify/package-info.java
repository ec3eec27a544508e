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
 *   <li>Notifiers: {@link io.github.agentfeedback.hooks.notify.LoggingNotifier} here; signed
 *       webhooks ({@code WebhookNotifier}, and {@code WebhookVerifier} for receivers) in the
 *       {@code feedback-webhooks} artifact, Amazon SNS in {@code feedback-aws}.
 * </ul>
 */
@NullMarked
package io.github.agentfeedback.hooks.notify;

import org.jspecify.annotations.NullMarked;
