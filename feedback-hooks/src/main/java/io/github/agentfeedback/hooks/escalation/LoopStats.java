package io.github.agentfeedback.hooks.escalation;

/**
 * What a {@link LoopCloser} did, in one {@link LoopCloser#drain()} or since it was built.
 *
 * <p>Immutable and thread-safe.
 *
 * @param claimed resolved escalations claimed with pending loop-closing events
 * @param sent "resolved" events delivered to the notifier and marked sent
 * @param skipped linked feedback that yields no event and is settled: it carries no user
 *     id, or it is no longer in its session (deleted, erased)
 * @param failed deliveries the notifier refused; those events stay pending and are tried
 *     again when the claim's lease expires
 * @since 0.1.0
 */
public record LoopStats(long claimed, long sent, long skipped, long failed) {}
