/**
 * Runnable examples of agent-feedback: {@link io.github.agentfeedback.examples.Tour}, a guided
 * tour of the API over MongoDB (the embedded wire server, or {@code MONGODB_URI}).
 */
@NullMarked
package io.github.agentfeedback.examples;

import org.jspecify.annotations.NullMarked;
