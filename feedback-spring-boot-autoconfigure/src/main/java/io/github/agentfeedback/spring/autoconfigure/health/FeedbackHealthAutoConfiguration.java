package io.github.agentfeedback.spring.autoconfigure.health;

import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spring.autoconfigure.FeedbackAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A health indicator of the feedback store ({@code feedback} in {@code /actuator/health}),
 * when Spring Boot's health support is present; off with
 * {@code management.health.feedback.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = FeedbackAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(FeedbackStore.class)
@ConditionalOnEnabledHealthIndicator("feedback")
public class FeedbackHealthAutoConfiguration {

  /** Made by Spring. */
  public FeedbackHealthAutoConfiguration() {}

  /**
   * The indicator.
   *
   * @param store the store bean
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "feedbackHealthIndicator")
  public FeedbackStoreHealthIndicator feedbackHealthIndicator(FeedbackStore store) {
    return new FeedbackStoreHealthIndicator(store);
  }
}
