/**
 * Micrometer metrics of the feedback chain (FeedbackMetrics) and of notification delivery
 * (NotificationMetrics, which needs feedback-hooks).
 */
module io.github.agentfeedback.micrometer {
  requires transitive io.github.agentfeedback.core;
  requires transitive micrometer.core;
  requires static transitive io.github.agentfeedback.hooks; // only for NotificationMetrics

  exports io.github.agentfeedback.micrometer;
}
