/**
 * Figures over stored feedback: {@link io.github.agentfeedback.analytics.FeedbackAnalytics}
 * gives summaries (satisfaction, score figures such as NPS and CSAT), trends over time in a
 * chosen zone, groups by model, variant or metadata, cohort comparisons with their intervals,
 * win rates, problem reports and weekly reports. Stores compute the counts (MongoDB and SQL
 * stores on the server); this package turns them into figures, so every store reports the
 * same numbers. All result types are immutable and thread-safe.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.analytics;

import org.jspecify.annotations.NullMarked;
