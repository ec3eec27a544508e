/**
 * Statistics (intervals, tests, distributions), report assembly and term folding behind
 * {@link io.github.agentfeedback.analytics.FeedbackAnalytics}. Implementation details without
 * any compatibility promise; not exported.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.analytics.internal;

import org.jspecify.annotations.NullMarked;
