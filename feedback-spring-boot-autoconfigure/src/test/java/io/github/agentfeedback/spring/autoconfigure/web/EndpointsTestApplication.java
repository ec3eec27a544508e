package io.github.agentfeedback.spring.autoconfigure.web;

import static org.springframework.security.config.Customizer.withDefaults;

import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.spring.autoconfigure.FeedbackHookStage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The application the endpoint tests run: the starter's auto-configuration, Spring Security
 * as docs/spring-boot.md shows it (feedback open to anyone, analytics for ANALYST), hook
 * beans that record their order and the call's context, a meter registry and OpenTelemetry
 * with an in-memory exporter.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
// spring-boot-jdbc is on the test class path for FeedbackJdbcStoreTest; these tests keep the
// in-memory store, so Spring Boot makes no DataSource here
@EnableAutoConfiguration(
    excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
class EndpointsTestApplication {

  /** Posting feedback and reading a session's own feedback are open; analytics need a role. */
  @Bean
  SecurityFilterChain feedbackApi(HttpSecurity http) throws Exception {
    http.csrf(csrf -> csrf.ignoringRequestMatchers("/api/sessions/**"))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/api/feedback/**")
                    .hasRole("ANALYST")
                    .requestMatchers(HttpMethod.POST, "/api/sessions/*/feedback")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/api/sessions/*/feedback/**")
                    .permitAll()
                    .requestMatchers("/api/sessions/*/messages/*/vote", "/agent-feedback/**")
                    .permitAll()
                    .requestMatchers("/error")
                    .permitAll()
                    .anyRequest()
                    .denyAll())
        .httpBasic(withDefaults());
    return http.build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("ana").password("{noop}ana-secret").roles("ANALYST").build());
  }

  /** The order the hook beans ran in, for the last call. */
  @Bean
  List<String> trail() {
    return new ArrayList<>();
  }

  /** The context of the last call, as the hooks saw it. */
  @Bean
  AtomicReference<CallContext> lastContext() {
    return new AtomicReference<>(CallContext.empty());
  }

  // Declared in the opposite order of their @Order: the order must come from @Order.

  @Bean
  @Order(2)
  FeedbackHook enrichSecond(List<String> trail) {
    return chain -> {
      trail.add("enrich-2");
      return chain.proceed(chain.feedback());
    };
  }

  @Bean
  @Order(1)
  FeedbackHook enrichFirst(List<String> trail, AtomicReference<CallContext> lastContext) {
    return chain -> {
      trail.add("enrich-1");
      lastContext.set(chain.context());
      return chain.proceed(chain.feedback());
    };
  }

  /**
   * Outermost; fails with an internal error for feedback tagged "explode", and as a store
   * would for "store-unavailable" (safe to retry) and "store-broken" (not).
   */
  @Bean
  @FeedbackHookStage(ReadyHooks.Stage.FIRST)
  FeedbackHook first(List<String> trail) {
    return chain -> {
      trail.clear();
      trail.add("first");
      if (chain.feedback().tags().contains("explode")) {
        throw new IllegalStateException("connection to db-internal-7.example:27017 refused");
      }
      for (String tag : List.of("store-unavailable", "store-broken")) {
        if (chain.feedback().tags().contains(tag)) {
          throw new FeedbackStoreException(
              "db-internal-7.example:27017 timed out",
              "append",
              chain.sessionId(),
              chain.feedback().id(),
              tag.equals("store-unavailable"),
              null);
        }
      }
      return chain.proceed(chain.feedback());
    };
  }

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  InMemoryLogRecordExporter logExporter() {
    return InMemoryLogRecordExporter.create();
  }

  @Bean(destroyMethod = "close")
  OpenTelemetrySdk openTelemetry(InMemoryLogRecordExporter exporter) {
    return OpenTelemetrySdk.builder()
        .setLoggerProvider(
            SdkLoggerProvider.builder()
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter))
                .build())
        .build();
  }
}
