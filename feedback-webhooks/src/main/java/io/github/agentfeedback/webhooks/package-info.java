/**
 * Webhook delivery of notifications, in its own artifact so that users of the other hooks
 * get no JSON library.
 *
 * <ul>
 *   <li>{@link io.github.agentfeedback.webhooks.WebhookNotifier} — a
 *       {@link io.github.agentfeedback.hooks.notify.Notifier} for a
 *       {@link io.github.agentfeedback.hooks.NotificationHook}, an
 *       {@code EscalationRouter} route or a {@code LoopCloser}: posts a JSON or Slack body, signed as Standard Webhooks are
 *       (a delivery id stable across retries, a timestamp per attempt, HMAC-SHA256
 *       signatures under one or more secrets), and retries with exponential backoff; a
 *       delivery it gives up on is a {@link io.github.agentfeedback.webhooks.WebhookException}.
 *   <li>{@link io.github.agentfeedback.webhooks.WebhookVerifier} — for Java receivers:
 *       checks a request's headers and signature over the raw body, refuses stale or
 *       replayed requests with a
 *       {@link io.github.agentfeedback.webhooks.WebhookVerificationException} that says why,
 *       and returns a {@link io.github.agentfeedback.webhooks.VerifiedWebhook} with the
 *       delivery id to de-duplicate on.
 * </ul>
 *
 * <p>Types in {@code io.github.agentfeedback.webhooks.internal} are implementation details
 * without any compatibility promise.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.webhooks;

import org.jspecify.annotations.NullMarked;
