package io.github.agentfeedback.spring.autoconfigure.otel;

import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.otel.EvaluationEvents;
import io.github.agentfeedback.spring.autoconfigure.FeedbackAutoConfiguration;
import io.github.agentfeedback.spring.autoconfigure.FeedbackProperties;
import io.github.agentfeedback.spring.autoconfigure.ReadyHooksCustomizer;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Emits each stored feedback as a {@code gen_ai.evaluation.result} event
 * ({@link EvaluationEvents}) through the application's {@link OpenTelemetry} bean, when
 * feedback-otel is present: the hook joins the observing stage of the chain. Off with
 * {@code agent-feedback.otel.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
    before = FeedbackAutoConfiguration.class,
    afterName =
        "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass(
    name = {"io.github.agentfeedback.otel.EvaluationEvents", "io.opentelemetry.api.OpenTelemetry"})
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnProperty(
    prefix = FeedbackProperties.PREFIX + ".otel",
    name = "enabled",
    matchIfMissing = true)
public class FeedbackOtelAutoConfiguration {

  /** Made by Spring. */
  public FeedbackOtelAutoConfiguration() {}

  /**
   * Adds the events hook to the observing stage.
   *
   * @param openTelemetry the application's OpenTelemetry
   * @param properties the properties
   * @return the customizer
   */
  @Bean
  public ReadyHooksCustomizer feedbackEvaluationEvents(
      OpenTelemetry openTelemetry, FeedbackProperties properties) {
    FeedbackProperties.Otel otel = properties.getOtel();
    EvaluationEvents events =
        EvaluationEvents.builder(openTelemetry)
            .name(otel.getEvaluationName())
            .explanation(otel.isExplanation())
            .build();
    return hooks -> hooks.add(ReadyHooks.Stage.OBSERVE, events);
  }
}
