package io.github.agentfeedback.spring.autoconfigure.web;

import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.SessionNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The errors of the feedback endpoints ({@link FeedbackController}, {@link
 * FeedbackTokenController}) as problem details (RFC 9457), in one place: 400 naming every
 * violation or for a body that is not JSON, 413 above the body limit, 429 with {@code
 * Retry-After} for a rate limit and 422 for another refusal, 404 for an unknown session when
 * unknown sessions are refused, 500 without internals (logged) for everything else while
 * Spring MVC's own 4xx keep their status. Applies to those controllers only, before any
 * advice of the application. Registered by {@link FeedbackWebAutoConfiguration} and {@link
 * FeedbackTokenAutoConfiguration}. Stateless and thread-safe.
 */
@RestControllerAdvice(assignableTypes = {FeedbackController.class, FeedbackTokenController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
final class FeedbackProblemAdvice {

  FeedbackProblemAdvice() {}

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

  @ExceptionHandler(SessionNotFoundException.class)
  ResponseEntity<ProblemDetail> unknownSession(SessionNotFoundException e) {
    return Problem.unknownSession();
  }

  @ExceptionHandler({FeedbackException.class, RuntimeException.class})
  ResponseEntity<ProblemDetail> failed(RuntimeException e, HttpServletRequest request) {
    return Problem.failed(e, request);
  }
}
