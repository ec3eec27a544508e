/**
 * OpenTelemetry for agent-feedback: {@link io.github.agentfeedback.otel.EvaluationEvents}
 * emits each stored feedback as a {@code gen_ai.evaluation.result} event of the GenAI
 * semantic conventions through the Logs API, parented to the span it rates.
 *
 * <p>Depends on {@code opentelemetry-api} only; the application brings the SDK or the Java
 * agent. The Spring Boot starter wires the hook when an {@code OpenTelemetry} bean exists.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.otel;

import org.jspecify.annotations.NullMarked;
