package io.github.agentfeedback.spring.autoconfigure;

import io.github.agentfeedback.hooks.ReadyHooks;

/**
 * Customizes the ready hooks the starter put in the chain from the properties: replace one
 * with your own settings, or add a hook at a stage. Declare beans of this type; they run in
 * their {@link org.springframework.core.annotation.Order @Order}.
 *
 * <pre>{@code
 * @Bean
 * ReadyHooksCustomizer strictValidation() {
 *   return hooks -> hooks.validation(ValidationHook.builder().requireCommentForDown(true).build());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReadyHooksCustomizer {

  /**
   * Customizes the hooks.
   *
   * @param hooks the builder holding the ready hooks chosen by the properties; its setters
   *     replace them
   */
  void customize(ReadyHooks.Builder hooks);
}
