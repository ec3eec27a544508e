/**
 * {@link io.github.agentfeedback.memory.InMemoryFeedbackStore}, a thread-safe store in the
 * process's memory, for tests, examples and single-process tools.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.memory;

import org.jspecify.annotations.NullMarked;
