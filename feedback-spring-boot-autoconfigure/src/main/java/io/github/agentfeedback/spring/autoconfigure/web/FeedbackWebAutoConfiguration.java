package io.github.agentfeedback.spring.autoconfigure.web;

import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.spring.autoconfigure.FeedbackAutoConfiguration;
import io.github.agentfeedback.spring.autoconfigure.FeedbackProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Serves the REST endpoints of {@link FeedbackController} when
 * {@code agent-feedback.web.enabled=true} in a servlet web application with a
 * {@link FeedbackManager} (the starter's or the application's own). They are ordinary Spring
 * MVC endpoints: the application's Spring Security filter chain protects them like any other.
 * Their errors are problem details, from one controller advice scoped to the starter's
 * controllers.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = FeedbackAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(
    name = {
      "org.springframework.web.servlet.DispatcherServlet",
      "io.github.agentfeedback.export.ReportJson",
      "com.fasterxml.jackson.databind.ObjectMapper"
    })
@ConditionalOnProperty(prefix = FeedbackProperties.PREFIX + ".web", name = "enabled")
@ConditionalOnBean(FeedbackManager.class)
@Import(FeedbackProblemAdvice.class)
public class FeedbackWebAutoConfiguration {

  /** Made by Spring. */
  public FeedbackWebAutoConfiguration() {}

  /**
   * The endpoints.
   *
   * @param manager the manager
   * @param properties the properties
   * @param customizers what adds to each call's context
   * @return the controller
   */
  @Bean
  @ConditionalOnMissingBean
  public FeedbackController feedbackController(
      FeedbackManager manager,
      FeedbackProperties properties,
      ObjectProvider<FeedbackCallContextCustomizer> customizers) {
    return new FeedbackController(
        manager, maxBodyBytes(properties), customizers.orderedStream().toList());
  }

  /**
   * The dashboard page, with {@code agent-feedback.web.dashboard=true}.
   *
   * @return the controller
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = FeedbackProperties.PREFIX + ".web", name = "dashboard")
  public FeedbackDashboardController feedbackDashboardController() {
    return new FeedbackDashboardController();
  }

  /** {@code agent-feedback.web.max-body-size} in bytes, checked. */
  static int maxBodyBytes(FeedbackProperties properties) {
    long limit = properties.getWeb().getMaxBodySize().toBytes();
    if (limit < 1 || limit > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "agent-feedback.web.max-body-size must be from 1 byte to 2 GB, was "
              + properties.getWeb().getMaxBodySize());
    }
    return (int) limit;
  }
}
