/**
 * Ready-made {@link io.github.agentfeedback.capture.FeedbackHook hooks}: validation, sanitizing,
 * PII redaction, rate limiting, spam filtering, sentiment, audit, analytics and escalation,
 * and {@link io.github.agentfeedback.hooks.ReadyHooks}, which puts them in their documented
 * order.
 *
 * <p>Every hook is a final, immutable, thread-safe class built with a small builder
 * ({@code ValidationHook.builder()...build()}) and usually offering a
 * {@code defaults()} factory. Hooks that change or reject feedback do so before
 * {@code proceed}; hooks that observe the outcome (audit, analytics, escalation) do their
 * work after it and never fail the caller: their errors are logged.
 *
 * <p>Both actions pass through the hooks: {@link io.github.agentfeedback.capture.FeedbackAction#ADD}
 * and {@link io.github.agentfeedback.capture.FeedbackAction#UPDATE} ({@code updateFeedback}). The
 * hooks that check or change text (sanitizing, PII redaction, validation, spam filter,
 * sentiment) act on both alike, so replaced feedback meets the same rules as new feedback;
 * the rate limit charges both; the audit records which it was. The hooks that count or
 * notify (analytics, notification, escalation) act only on new feedback, an ADD whose
 * result is {@link io.github.agentfeedback.FeedbackResult#created() created}: replaced
 * feedback and a user's new vote on a message in one-vote mode are not counted or notified
 * again.
 *
 * <p>The free text the text hooks look at is the comment, the correction, the prompt, the
 * response and each comparison candidate's response. Sanitizing changes only the comment,
 * the text a person typed, unless asked for more ({@code promptAndResponse(true)},
 * {@code corrections(true)}): the model's input and output and the correction are training
 * data, stored as given. Redaction replaces personal data in all of them unless told
 * otherwise ({@code promptAndResponse(false)}, {@code corrections(false)}).
 *
 * <p>The documented order, outermost first: the hooks that change text, then validation of
 * the text that will be stored, then the hooks that refuse, enrich, observe and count.
 * {@link io.github.agentfeedback.hooks.ReadyHooks} composes the hooks you choose in that
 * order, with a place for your own in each stage:
 * <pre>{@code
 * FeedbackManager manager = FeedbackManager.builder()
 *     .store(store)
 *     .hooks(ReadyHooks.builder()
 *         .sanitizing(SanitizingHook.defaults())      // the comment's markup to plain text
 *         .piiRedaction(PiiRedactionHook.defaults())  // personal data to placeholders
 *         .validation(ValidationHook.defaults())      // checks and trims what will be stored
 *         .rateLimit(RateLimitHook.defaults())
 *         .spamFilter(SpamFilterHook.defaults())
 *         .audit(AuditHook.defaults())
 *         .notification(notification)                 // a NotificationHook
 *         .analytics(analytics)                       // an AnalyticsHook
 *         .build())
 *     .build();
 * }</pre>
 * Validating before sanitizing would let a comment of markup only ({@code "<p></p>"},
 * {@code "&nbsp;"}) pass "comment required" and be stored empty.
 *
 * <p>Every text pass (sanitizing, redaction, validation, spam signals, sentiment) takes time
 * linear in the length of the text, so the hooks that run before validation's length limit
 * cannot be made to hang by hostile input. The hooks are cheap on the common path: a text
 * hook that changes nothing passes the same feedback on after one pass over each text
 * and allocates nothing, and the hooks that keep state per session or sender keep it in
 * bounded, striped maps, so calls for different sessions rarely wait for each other.
 *
 * <p>Retried calls (the same feedback id) count once: hooks that count or notify after
 * storage act only on {@link io.github.agentfeedback.FeedbackResult#created() created}
 * results, and {@link io.github.agentfeedback.hooks.RateLimitHook} does not charge the
 * first few retries of a call it saw on its way to the store or stored.
 *
 * <p>Types in {@code io.github.agentfeedback.hooks.internal} are implementation details
 * without any compatibility promise.
 *
 * @since 0.1.0
 */
package io.github.agentfeedback.hooks;
