package io.github.agentfeedback.examples.spring;

import static org.springframework.security.config.Customizer.withDefaults;

import com.mongodb.client.MongoClient;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spring.autoconfigure.FeedbackHookStage;
import io.github.agentfeedback.token.FeedbackTokens;
import io.github.agentfeedback.token.SigningKey;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A support bot's backend: the starter serves the feedback endpoints under {@code /api},
 * stores into MongoDB (an in-process server, or the one at {@code MONGODB_URI}) and runs the
 * ready hooks set in {@code application.properties} plus one hook bean of its own. Spring
 * Security leaves posting and reading a session's feedback open and keeps the analytics for
 * users with the role ANALYST (here {@code analyst} / {@code analyst-password}). The page at
 * {@code /} shows two answers with the feedback widget, which votes with signed tokens.
 *
 * <p>Run: {@code ./mvnw -q -pl examples-spring-boot -am package -DskipTests exec:java}, then
 * see docs/spring-boot.md for a curl session.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class FeedbackExampleApplication {

  /**
   * Starts the application on port 8080.
   *
   * @param args Spring Boot arguments, such as {@code --server.port=9090}
   */
  public static void main(String[] args) {
    SpringApplication.run(FeedbackExampleApplication.class, args);
  }

  /** The MongoDB: in process on 127.0.0.1, or {@code MONGODB_URI}. */
  @Bean(destroyMethod = "close")
  MongoTestServer mongoServer() {
    return MongoTestServer.start();
  }

  /** The application's client, which the starter's MongoDB store uses (and never closes). */
  @Bean(destroyMethod = "")
  MongoClient mongoClient(MongoTestServer server) {
    return server.client();
  }

  /** A hook of the application: tags feedback that came through the web endpoints. */
  @Bean
  @Order(1)
  @FeedbackHookStage(ReadyHooks.Stage.ENRICH)
  FeedbackHook channel() {
    return chain -> chain.proceed(chain.feedback().toBuilder().attribute("channel", "web").build());
  }

  /** Feedback open to the front end; analytics for analysts; the health for anyone. */
  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    http.csrf(csrf -> csrf.ignoringRequestMatchers("/api/sessions/**"))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/api/feedback/**")
                    .hasRole("ANALYST")
                    .requestMatchers(HttpMethod.POST, "/api/sessions/*/feedback")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/api/sessions/*/feedback/**")
                    .permitAll()
                    .requestMatchers("/api/sessions/*/messages/*/vote")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/", "/agent-feedback/*")
                    .permitAll()
                    .requestMatchers("/error", "/actuator/health")
                    .permitAll()
                    .anyRequest()
                    .denyAll())
        .httpBasic(withDefaults());
    return http.build();
  }

  /**
   * Mints the feedback tokens the page puts beside each answer. A real application sets its
   * keys in {@code agent-feedback.tokens.keys.<id>} (from a secret store) or builds this bean
   * from them; the example draws a fresh key at each start, so its tokens end with it.
   */
  @Bean
  FeedbackTokens feedbackTokens() {
    return FeedbackTokens.builder()
        .key(SigningKey.generate("example"))
        .timeToLive(Duration.ofHours(1))
        .build();
  }

  /** One analyst; a real application uses its identity provider. */
  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("analyst").password("{noop}analyst-password").roles("ANALYST").build());
  }
}
