package io.github.agentfeedback.spring.autoconfigure.web;

import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.SessionNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The errors of the feedback endpoints ({@link FeedbackController}, {@link
 * FeedbackTokenController}) as problem details (RFC 9457), in one place: 400 naming every
 * violation or for a body that is not JSON, 413 above the body limit, 415 for a body not
 * declared as JSON, 429 with {@code Retry-After} for a rate limit and 422 for another refusal,
 * 404 for an unknown session when unknown sessions are refused, 503 with {@code Retry-After}
 * for a store failure that is safe to retry on a request that may be repeated, 500 without
 * internals (logged) for everything else while Spring MVC's own 4xx keep their status. Every
 * answer of those controllers, data or problem, gets {@code Cache-Control: no-store} and
 * {@code X-Content-Type-Options: nosniff}. Applies to those controllers only, before any
 * advice of the application. Registered by {@link FeedbackWebAutoConfiguration} and {@link
 * FeedbackTokenAutoConfiguration}. Stateless and thread-safe.
 */
@RestControllerAdvice(assignableTypes = {FeedbackController.class, FeedbackTokenController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
final class FeedbackProblemAdvice implements ResponseBodyAdvice<Object> {

  FeedbackProblemAdvice() {}

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  /** The data answers' headers, as {@link Problem#keepPrivate} gives the problems'. */
  @Override
  public @Nullable Object beforeBodyWrite(
      @Nullable Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    Problem.keepPrivate(response.getHeaders());
    return body;
  }

  @ExceptionHandler(InvalidFeedbackException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidFeedbackException e) {
    return Problem.invalid(e);
  }

  @ExceptionHandler(FeedbackJson.MalformedJsonException.class)
  ResponseEntity<ProblemDetail> malformed(FeedbackJson.MalformedJsonException e) {
    return Problem.malformed(e);
  }

  @ExceptionHandler(FeedbackController.BodyTooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(FeedbackController.BodyTooLargeException e) {
    return Problem.tooLarge(e.limit());
  }

  @ExceptionHandler(FeedbackRejectedException.class)
  ResponseEntity<ProblemDetail> rejected(FeedbackRejectedException e) {
    return Problem.rejected(e);
  }

  @ExceptionHandler(Problem.UnsupportedMediaTypeException.class)
  ResponseEntity<ProblemDetail> unsupportedMediaType(Problem.UnsupportedMediaTypeException e) {
    return Problem.unsupportedMediaType();
  }

  @ExceptionHandler(FeedbackStoreException.class)
  ResponseEntity<ProblemDetail> storeFailed(FeedbackStoreException e, HttpServletRequest request) {
    return Problem.storeFailed(e, request);
  }

  @ExceptionHandler(SessionNotFoundException.class)
  ResponseEntity<ProblemDetail> unknownSession(SessionNotFoundException e) {
    return Problem.unknownSession();
  }

  @ExceptionHandler({FeedbackException.class, RuntimeException.class})
  ResponseEntity<ProblemDetail> failed(RuntimeException e, HttpServletRequest request) {
    return Problem.failed(e, request);
  }
}
