package io.github.agentfeedback.spring.autoconfigure.metrics;

import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.micrometer.FeedbackMetrics;
import io.github.agentfeedback.micrometer.NotificationMetrics;
import io.github.agentfeedback.spring.autoconfigure.FeedbackAutoConfiguration;
import io.github.agentfeedback.spring.autoconfigure.FeedbackChainCustomizer;
import io.github.agentfeedback.spring.autoconfigure.FeedbackProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Records the feedback metrics of {@link FeedbackMetrics} into the application's
 * {@link MeterRegistry} when feedback-micrometer is present: its hook goes first in the
 * chain, every other hook is timed, and each notification hook's deliveries are bound
 * ({@link NotificationMetrics}, tag {@code notifier=notification}). Off with
 * {@code agent-feedback.metrics.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
    before = FeedbackAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(name = "io.github.agentfeedback.micrometer.FeedbackMetrics")
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(
    prefix = FeedbackProperties.PREFIX + ".metrics",
    name = "enabled",
    matchIfMissing = true)
public class FeedbackMetricsAutoConfiguration {

  /** Made by Spring. */
  public FeedbackMetricsAutoConfiguration() {}

  /**
   * Puts the metrics hook first and times the others; runs after every other chain
   * customizer, so that it sees the whole chain.
   *
   * @param registry the registry
   * @param properties the properties
   * @return the customizer
   */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  public FeedbackChainCustomizer feedbackMetricsChainCustomizer(
      MeterRegistry registry, FeedbackProperties properties) {
    return hooks -> {
      FeedbackMetrics metrics =
          FeedbackMetrics.builder(registry)
              .window(properties.getMetrics().getSatisfactionWindow())
              .build();
      for (FeedbackHook hook : hooks) {
        if (hook instanceof NotificationHook notification) {
          new NotificationMetrics("notification", notification).bindTo(registry);
        }
      }
      List<FeedbackHook> timed = metrics.withHooks(hooks);
      return timed;
    };
  }
}
