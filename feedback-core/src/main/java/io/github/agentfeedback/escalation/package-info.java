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
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.escalation;

import org.jspecify.annotations.NullMarked;
