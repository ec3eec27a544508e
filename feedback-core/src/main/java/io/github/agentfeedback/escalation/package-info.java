/**
 * Escalations: what a rule raises when feedback calls for action, and its lifecycle.
 * {@link io.github.agentfeedback.escalation.Escalation} (type, {@link
 * io.github.agentfeedback.escalation.Severity}, the rule and its figures, the sessions,
 * feedback and groups it concerns, and its {@link
 * io.github.agentfeedback.escalation.EscalationStatus}: open, acknowledged, resolved, with who
 * acted, when and why), and {@link io.github.agentfeedback.escalation.EscalationStore}, the SPI
 * that keeps them: one open escalation per rule and subject (a repeat raises its count), listed
 * with {@link io.github.agentfeedback.escalation.EscalationQuery}, acknowledged and resolved,
 * with {@link io.github.agentfeedback.escalation.EscalationFigures} (time to acknowledge, time
 * to resolve). Stores: {@code InMemoryEscalationStore} (feedback-core), {@code
 * MongoEscalationStore} and {@code JdbcEscalationStore}; the store test kit checks each.
 *
 * <p>Window rules ({@link io.github.agentfeedback.escalation.WindowRule}: {@link
 * io.github.agentfeedback.escalation.FigureDropRule}, {@link
 * io.github.agentfeedback.escalation.NegativeSentimentRule}, {@link
 * io.github.agentfeedback.escalation.VolumeSpikeRule}, or custom) read the store's analytics
 * over a window of time; a {@link io.github.agentfeedback.escalation.WindowCheck} evaluates
 * them on a schedule in one replica at a time, under a lease of {@link
 * io.github.agentfeedback.escalation.Leases} ({@code InMemoryLeases}, {@code MongoLeases},
 * {@code JdbcLeases}).
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.escalation;

import org.jspecify.annotations.NullMarked;
