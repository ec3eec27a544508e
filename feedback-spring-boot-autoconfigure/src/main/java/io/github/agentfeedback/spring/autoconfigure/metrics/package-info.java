/**
 * Micrometer metrics of the auto-configured manager.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.spring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
