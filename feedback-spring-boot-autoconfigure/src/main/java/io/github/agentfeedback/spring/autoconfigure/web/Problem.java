package io.github.agentfeedback.spring.autoconfigure.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Violation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;

/**
 * A problem response (RFC 9457) being made, and the ones every feedback endpoint shares, with
 * the bounded reading of a request body. Not thread-safe; the static methods are.
 */
final class Problem {

  private static final Logger log = LoggerFactory.getLogger(FeedbackController.class);
  private static final String PROBLEMS = "urn:agent-feedback:problem:";

  private final ProblemDetail detail;
  private final HttpHeaders headers = new HttpHeaders();

  Problem(HttpStatus status, String type, String title, String detail) {
    this.detail = ProblemDetail.forStatusAndDetail(status, detail);
    this.detail.setType(URI.create(PROBLEMS + type));
    this.detail.setTitle(title);
  }

  Problem errors(List<Violation> violations) {
    return property(
        "errors",
        violations.stream()
            .map(v -> Map.of("field", v.field(), "code", v.code(), "message", v.message()))
            .toList());
  }

  Problem property(String name, Object value) {
    detail.setProperty(name, value);
    return this;
  }

  Problem header(String name, String value) {
    headers.set(name, value);
    return this;
  }

  ResponseEntity<ProblemDetail> build() {
    return ResponseEntity.status(detail.getStatus())
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(detail);
  }

  /** 400 naming every violation. */
  static ResponseEntity<ProblemDetail> invalid(InvalidFeedbackException e) {
    return new Problem(
            HttpStatus.BAD_REQUEST,
            "invalid-feedback",
            "Invalid feedback",
            String.valueOf(e.getMessage()))
        .errors(e.violations())
        .build();
  }

  /** 400 for a body that is not JSON. */
  static ResponseEntity<ProblemDetail> malformed(FeedbackJson.MalformedJsonException e) {
    String detail =
        e.getCause() instanceof JsonProcessingException j
            ? FeedbackJson.shown(String.valueOf(j.getOriginalMessage()))
            : "the body is not JSON";
    return new Problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", detail)
        .errors(List.of(new Violation("body", "malformed_json", detail)))
        .build();
  }

  /** 413 for a body above the limit. */
  static ResponseEntity<ProblemDetail> tooLarge(int maxBodyBytes) {
    return new Problem(
            HttpStatus.CONTENT_TOO_LARGE,
            "body-too-large",
            "Body too large",
            "the body must be at most " + maxBodyBytes + " bytes")
        .build();
  }

  /** 429 with {@code Retry-After} for a rate limit, 422 for another refusal (spam). */
  static ResponseEntity<ProblemDetail> rejected(FeedbackRejectedException e) {
    boolean limited = FeedbackRejectedException.RATE_LIMITED.equals(e.code());
    Problem p =
        new Problem(
                limited ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.UNPROCESSABLE_CONTENT,
                limited ? "rate-limited" : "rejected",
                limited ? "Too many requests" : "Feedback rejected",
                String.valueOf(e.getMessage()))
            .property("code", e.code());
    e.retryAfter()
        .ifPresent(
            wait -> {
              long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
              p.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            });
    return p.build();
  }

  /** 404 for an unknown session when unknown sessions are refused. */
  static ResponseEntity<ProblemDetail> unknownSession() {
    return new Problem(
            HttpStatus.NOT_FOUND, "session-not-found", "Session not found", "no such session")
        .build();
  }

  /**
   * 500 without internals, logged with the request's path; Spring MVC's own errors (a missing
   * header, a parameter of the wrong type) keep their 4xx.
   */
  static ResponseEntity<ProblemDetail> failed(RuntimeException e, HttpServletRequest request) {
    if (e instanceof ErrorResponse spring) { // Spring MVC's own 4xx, already a problem
      return ResponseEntity.status(spring.getStatusCode())
          .headers(spring.getHeaders())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(spring.getBody());
    }
    log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
    return new Problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            "the feedback service failed; try again later")
        .build();
  }

  /**
   * The request's body, at most {@code maxBodyBytes}.
   *
   * @throws FeedbackController.BodyTooLargeException above the limit
   */
  static byte[] body(HttpServletRequest request, int maxBodyBytes) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw new FeedbackController.BodyTooLargeException(maxBodyBytes);
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(declared > 0 ? (int) declared : Math.min(maxBodyBytes, 1024));
    byte[] buffer = new byte[Math.min(maxBodyBytes + 1, 8192)];
    try (InputStream in = request.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + n > maxBodyBytes) {
          throw new FeedbackController.BodyTooLargeException(maxBodyBytes);
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }
}
