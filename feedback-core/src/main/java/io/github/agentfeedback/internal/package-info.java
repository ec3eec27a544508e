/**
 * Checks and value helpers of the model (limits, text and attribute checks, copies).
 * Implementation details of feedback-core without any compatibility promise; not exported.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.internal;

import org.jspecify.annotations.NullMarked;
