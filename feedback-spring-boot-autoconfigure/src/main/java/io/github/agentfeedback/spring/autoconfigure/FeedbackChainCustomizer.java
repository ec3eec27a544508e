package io.github.agentfeedback.spring.autoconfigure;

import io.github.agentfeedback.capture.FeedbackHook;
import java.util.List;

/**
 * Transforms the complete hook chain, outermost first, just before the manager is built:
 * the metrics auto-configuration uses one to put its hook first and time the others.
 * Declare beans of this type; they run in their
 * {@link org.springframework.core.annotation.Order @Order}, each given the previous one's
 * result.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface FeedbackChainCustomizer {

  /**
   * Transforms the chain.
   *
   * @param hooks the chain, outermost first
   * @return the chain to use, outermost first
   */
  List<FeedbackHook> customize(List<FeedbackHook> hooks);
}
