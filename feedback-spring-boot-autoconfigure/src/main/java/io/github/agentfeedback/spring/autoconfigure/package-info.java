/**
 * Spring Boot auto-configuration of agent-feedback: a {@code FeedbackManager} from
 * {@link io.github.agentfeedback.spring.autoconfigure.FeedbackProperties} (prefix
 * {@code agent-feedback}), with the application's hook beans in order, and the customizer
 * interfaces that change what it builds. The REST endpoints, the health indicator, the
 * Micrometer metrics and the OpenTelemetry events are in the sub-packages; each switches on
 * when its jar is on the class path.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
