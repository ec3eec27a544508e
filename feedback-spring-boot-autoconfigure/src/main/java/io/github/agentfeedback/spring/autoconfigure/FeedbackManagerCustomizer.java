package io.github.agentfeedback.spring.autoconfigure;

import io.github.agentfeedback.capture.FeedbackManager;

/**
 * Customizes the auto-configured {@link FeedbackManager} before it is built: a clock, an id
 * generator, the batch group size. Declare beans of this type; they run in their
 * {@link org.springframework.core.annotation.Order @Order}, after the properties are applied.
 *
 * <pre>{@code
 * @Bean
 * FeedbackManagerCustomizer clock(Clock clock) {
 *   return builder -> builder.clock(clock);
 * }
 * }</pre>
 *
 * <p>Setting the hooks or the store here replaces what the starter chose.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface FeedbackManagerCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the builder, with the store, hooks and properties applied
   */
  void customize(FeedbackManager.Builder builder);
}
