/**
 * Ready-made {@link io.github.agentfeedback.FeedbackHook hooks}: validation, sanitizing,
 * PII redaction, rate limiting, spam filtering, sentiment, audit, analytics and escalation.
 *
 * <p>Every hook is a final, immutable, thread-safe class built with a small builder
 * ({@code ValidationHook.builder()...build()}) and usually offering a
 * {@code defaults()} factory. Hooks act on {@link io.github.agentfeedback.FeedbackAction#ADD}
 * only and simply proceed for any other action. Hooks that change or reject feedback do so
 * before {@code proceed}; hooks that observe the outcome (audit, analytics, escalation) do
 * their work after it and never fail the caller: their errors are logged.
 *
 * <p>A typical chain, outermost first:
 * <pre>{@code
 * FeedbackManager manager = FeedbackManager.builder()
 *     .store(store)
 *     .hooks(ValidationHook.defaults(), SanitizingHook.defaults(),
 *         PiiRedactionHook.defaults(), RateLimitHook.defaults(),
 *         AuditHook.defaults(), analytics)
 *     .build();
 * }</pre>
 *
 * <p>Every text pass (sanitizing, redaction, validation, spam signals, sentiment) takes time
 * linear in the length of the text, so hostile input cannot make a hook hang.
 *
 * <p>Types in {@code io.github.agentfeedback.hooks.internal} are implementation details
 * without any compatibility promise.
 *
 * @since 0.1.0
 */
package io.github.agentfeedback.hooks;
