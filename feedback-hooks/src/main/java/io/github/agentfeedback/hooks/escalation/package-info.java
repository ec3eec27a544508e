/**
 * From escalations to people: {@link io.github.agentfeedback.hooks.escalation.EscalationRouter}
 * sends raised escalations to notifiers by severity and type, with quiet hours and a minimum
 * interval per escalation that holds across replicas (claimed in the {@code EscalationStore});
 * {@link io.github.agentfeedback.hooks.escalation.LoopCloser} tells the users whose feedback a
 * resolved escalation was linked to that it was acted on, once per feedback, across restarts
 * and replicas.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.hooks.escalation;

import org.jspecify.annotations.NullMarked;
