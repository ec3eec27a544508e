/**
 * Micrometer metrics for agent-feedback: {@link io.github.agentfeedback.micrometer.FeedbackMetrics},
 * a hook that counts stored, duplicate, rejected and failed feedback, times each call and
 * each hook, and gauges satisfaction over a sliding window; and
 * {@link io.github.agentfeedback.micrometer.NotificationMetrics}, a binder of a notification
 * hook's deliveries, failures, drops and queue depth.
 *
 * <p>Nothing is static: metrics are registered into the {@code MeterRegistry} you give, so
 * tests use a {@code SimpleMeterRegistry}. Tags have few values; session, user and feedback
 * ids are never tags. The Spring Boot starter wires both when Micrometer is present.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.micrometer;

import org.jspecify.annotations.NullMarked;
