package io.github.agentfeedback.spring.autoconfigure.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Violation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
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

  /** The most chars of one violation's field or message a problem echoes. */
  static final int MAX_ECHO = 256;

  private static final String REPEATABLE = Problem.class.getName() + ".repeatable";
  private static final String JSON_TYPES = "application/json, application/*+json";

  /** What {@code Retry-After} says when the store is unavailable for a moment. */
  static final long RETRY_AFTER_SECONDS = 5;

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
            .map(
                v ->
                    Map.of(
                        "field",
                        brief(v.field(), MAX_ECHO),
                        "code",
                        v.code(),
                        "message",
                        brief(v.message(), MAX_ECHO)))
            .toList());
  }

  /**
   * Text cut to at most {@code max} chars and an ellipsis, never between the two halves of a
   * surrogate pair: a message may quote what the client sent, and a problem echoes no more
   * than a few lines of it, however large the body.
   */
  static String brief(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
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
        .headers(Problem::keepPrivate)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(detail);
  }

  /**
   * Headers for an answer that may hold personal data (comments, ids, votes): no cache keeps
   * it, whatever else protects the endpoints ({@code Cache-Control: no-store} unless the
   * answer says otherwise), and no browser reads it as another type than it says.
   */
  static void keepPrivate(HttpHeaders headers) {
    if (!headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
      headers.setCacheControl(CacheControl.noStore());
    }
    headers.set("X-Content-Type-Options", "nosniff");
  }

  /** 400 naming every violation. */
  static ResponseEntity<ProblemDetail> invalid(InvalidFeedbackException e) {
    return new Problem(
            HttpStatus.BAD_REQUEST,
            "invalid-feedback",
            "Invalid feedback",
            brief(String.valueOf(e.getMessage()), 4 * MAX_ECHO))
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
          .headers(Problem::keepPrivate)
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
   * 503 with {@code Retry-After} for a store failure that is safe to retry on a request that
   * may be repeated as it is (a read, or a write whose feedback id the caller chose); else 500
   * as {@link #failed}. Logged either way, without the store's message in the answer.
   */
  static ResponseEntity<ProblemDetail> storeFailed(
      FeedbackStoreException e, HttpServletRequest request) {
    boolean repeatable =
        "GET".equals(request.getMethod()) || Boolean.TRUE.equals(request.getAttribute(REPEATABLE));
    if (!e.retrySafe() || !repeatable) {
      return failed(e, request);
    }
    log.warn("{} {} failed; the caller may retry", request.getMethod(), request.getRequestURI(), e);
    return new Problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "store-unavailable",
            "Store unavailable",
            "the feedback store is unavailable; retry later")
        .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
        .build();
  }

  /** 415 for a body that is not declared as JSON. */
  static ResponseEntity<ProblemDetail> unsupportedMediaType() {
    return new Problem(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            "the body must be JSON, with Content-Type " + JSON_TYPES)
        .header("Accept-Post", JSON_TYPES)
        .build();
  }

  /**
   * Marks the request as one that may be repeated as it is: the write it asks for is keyed by
   * an id the caller chose, so a repeat stores nothing twice.
   */
  static void repeatable(HttpServletRequest request) {
    request.setAttribute(REPEATABLE, true);
  }

  /**
   * The request's body, at most {@code maxBodyBytes}, once its {@code Content-Type} says JSON.
   *
   * @throws UnsupportedMediaTypeException if the body is not declared as JSON
   * @throws FeedbackController.BodyTooLargeException above the limit
   */
  static byte[] body(HttpServletRequest request, int maxBodyBytes) throws IOException {
    if (!isJson(request.getContentType())) {
      throw new UnsupportedMediaTypeException();
    }
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

  /** {@code application/json} or {@code application/*+json}, any parameters. */
  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return "application".equals(type.getType())
          && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  /** The body is not declared as JSON. */
  static final class UnsupportedMediaTypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedMediaTypeException() {
      super("body not declared as JSON", null, false, false);
    }
  }
}
