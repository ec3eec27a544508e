/**
 * The health indicator of the feedback store.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.spring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
