package io.github.agentfeedback.spring.autoconfigure;

import io.github.agentfeedback.hooks.ReadyHooks;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Places a {@link io.github.agentfeedback.capture.FeedbackHook} bean at a stage of the
 * documented chain. Without it a hook bean goes to {@link ReadyHooks.Stage#ENRICH}, after
 * validation, the rate limit and the spam filter, before the observing hooks. Within a
 * stage, hook beans follow the ready hooks in their
 * {@link org.springframework.core.annotation.Order @Order}.
 *
 * <pre>{@code
 * @Bean
 * @FeedbackHookStage(ReadyHooks.Stage.VALIDATE)
 * @Order(1)
 * FeedbackHook tenantCheck() { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface FeedbackHookStage {

  /**
   * The stage.
   *
   * @return the stage the hook runs in
   */
  ReadyHooks.Stage value();
}
