package io.github.agentfeedback.spring.autoconfigure.web;

import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.spring.autoconfigure.FeedbackAutoConfiguration;
import io.github.agentfeedback.spring.autoconfigure.FeedbackProperties;
import io.github.agentfeedback.token.FeedbackTokens;
import io.github.agentfeedback.token.SigningKey;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Signed feedback tokens when {@code agent-feedback.tokens.enabled=true}: a
 * {@link FeedbackTokens} bean from {@code agent-feedback.tokens.keys} (unless the application
 * defines its own), which the application uses to mint a token per answer it shows; in a
 * servlet web application the endpoints of {@link FeedbackTokenController}; and with
 * {@code agent-feedback.tokens.widget=true} the feedback widget, a static script and style
 * sheet under {@code /agent-feedback/}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = FeedbackAutoConfiguration.class)
@ConditionalOnProperty(prefix = FeedbackProperties.PREFIX + ".tokens", name = "enabled")
public class FeedbackTokenAutoConfiguration {

  /** Where the widget is served. */
  public static final String WIDGET_PATH = "/agent-feedback/";

  /** Made by Spring. */
  public FeedbackTokenAutoConfiguration() {}

  /**
   * Mints and verifies the tokens, with the configured keys.
   *
   * @param properties the properties
   * @return the tokens
   * @throws IllegalStateException naming the property if no key is configured, or several
   *     without a current one
   * @throws IllegalArgumentException naming the key if a secret is not Base64 or shorter than
   *     256 bits
   */
  @Bean
  @ConditionalOnMissingBean
  public FeedbackTokens feedbackTokens(FeedbackProperties properties) {
    FeedbackProperties.Tokens settings = properties.getTokens();
    Map<String, String> keys = settings.getKeys();
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "agent-feedback.tokens.keys: at least one signing key is required "
              + "(agent-feedback.tokens.keys.<id>=<Base64 of 32 or more random bytes>), "
              + "or a FeedbackTokens bean");
    }
    String current = settings.getCurrentKey();
    if (current == null && keys.size() > 1) {
      throw new IllegalStateException(
          "agent-feedback.tokens.current-key: name the key that signs new tokens, one of "
              + keys.keySet());
    }
    FeedbackTokens.Builder b = FeedbackTokens.builder().timeToLive(settings.getTimeToLive());
    keys.forEach((id, secret) -> b.key(SigningKey.ofBase64(id, secret)));
    if (current != null) {
      b.currentKey(current);
    }
    return b.build();
  }

  /** The endpoints and the widget, in a servlet web application with a manager. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(
      name = {
        "org.springframework.web.servlet.DispatcherServlet",
        "com.fasterxml.jackson.databind.ObjectMapper"
      })
  @ConditionalOnBean(FeedbackManager.class)
  @Import(FeedbackProblemAdvice.class) // errors as problem details, also without web.enabled
  public static class Endpoints {

    /** Made by Spring. */
    public Endpoints() {}

    /**
     * The token endpoints.
     *
     * @param manager the manager
     * @param tokens the tokens
     * @param properties the properties
     * @param customizers what adds to each call's context
     * @return the controller
     */
    @Bean
    @ConditionalOnMissingBean
    public FeedbackTokenController feedbackTokenController(
        FeedbackManager manager,
        FeedbackTokens tokens,
        FeedbackProperties properties,
        ObjectProvider<FeedbackCallContextCustomizer> customizers) {
      FeedbackProperties.Tokens settings = properties.getTokens();
      return new FeedbackTokenController(
          manager,
          tokens,
          settings.getPerToken(),
          settings.getPerClient(),
          settings.getRatePeriod(),
          FeedbackWebAutoConfiguration.maxBodyBytes(properties),
          customizers.orderedStream().toList());
    }

    /**
     * Serves {@code /agent-feedback/feedback-widget.js} and {@code feedback-widget.css}.
     *
     * @return the resource handler
     */
    @Bean
    @ConditionalOnProperty(prefix = FeedbackProperties.PREFIX + ".tokens", name = "widget")
    public WebMvcConfigurer feedbackWidget() {
      return new WebMvcConfigurer() {
        @Override
        public void addResourceHandlers(ResourceHandlerRegistry registry) {
          registry
              .addResourceHandler(WIDGET_PATH + "feedback-widget.*")
              .addResourceLocations("classpath:/io/github/agentfeedback/spring/widget/");
        }
      };
    }
  }
}
