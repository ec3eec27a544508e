/**
 * Capturing feedback: {@link io.github.agentfeedback.capture.FeedbackManager} (the one entry
 * point, {@code addFeedback}), {@link io.github.agentfeedback.capture.AgentSession} (a handle
 * on one session) and the hook chain ({@link io.github.agentfeedback.capture.FeedbackHook},
 * each hook receiving a chain and calling {@code proceed}, in the style of OkHttp's
 * interceptors).
 *
 * <p>The manager is thread-safe and meant to be shared for the life of the application;
 * hooks are called concurrently and must be thread-safe themselves.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.capture;

import org.jspecify.annotations.NullMarked;
