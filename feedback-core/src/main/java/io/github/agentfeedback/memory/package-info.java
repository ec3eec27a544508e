/**
 * {@link io.github.agentfeedback.memory.InMemoryFeedbackStore}, a thread-safe store in the
 * process's memory, for tests, examples and single-process tools, and
 * {@link io.github.agentfeedback.memory.InMemoryEscalationStore}, its escalations' counterpart.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.memory;

import org.jspecify.annotations.NullMarked;
