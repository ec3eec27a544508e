/**
 * OpenTelemetry events of the auto-configured manager.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.spring.autoconfigure.otel;

import org.jspecify.annotations.NullMarked;
