package io.github.agentfeedback.spring.autoconfigure.web;

import io.github.agentfeedback.capture.CallContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Adds to the {@link CallContext} the REST endpoints give each call, which hooks read from
 * {@code chain.context()}. The endpoints fill in the client address
 * ({@code request.getRemoteAddr()}: behind a proxy, set {@code server.forward-headers-strategy}
 * so that it is the client's), the user agent and the authenticated principal (its name,
 * and the {@link java.security.Principal} itself as an extra); a customizer adds the rest,
 * such as a token's claims or a tenant. Declare beans of this type; they run in their
 * {@link org.springframework.core.annotation.Order @Order}, on the request's thread.
 *
 * <pre>{@code
 * @Bean
 * FeedbackCallContextCustomizer tenant() {
 *   return (request, context) -> context.claims(Map.of("tenant", request.getHeader("X-Tenant")));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface FeedbackCallContextCustomizer {

  /**
   * Adds to the context of one call.
   *
   * @param request the HTTP request
   * @param context the context being built, holding what the endpoints filled in
   */
  void customize(HttpServletRequest request, CallContext.Builder context);
}
