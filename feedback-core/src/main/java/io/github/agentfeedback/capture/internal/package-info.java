/**
 * The hook chain and batch runner behind {@link io.github.agentfeedback.capture.FeedbackManager}.
 * Implementation details without any compatibility promise; not exported.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.capture.internal;

import org.jspecify.annotations.NullMarked;
