package io.github.agentfeedback.spring.autoconfigure.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.Violation;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.export.ReportJson;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST endpoints, shaped like the Python service's API so its clients can switch:
 * <ul>
 *   <li>{@code POST /api/sessions/{id}/feedback} — a JSON feedback ({@code rating},
 *       {@code comment}, {@code score}, {@code user_id}, {@code message_id}, …) →
 *       {@code 201 {"status", "message", "feedback_id"}}, or 200 when the
 *       {@code Idempotency-Key} (the feedback id) was already stored;
 *   <li>{@code GET /api/sessions/{id}/feedback} →
 *       {@code {"session_id", "total_feedbacks", "feedbacks"}};
 *   <li>{@code GET /api/sessions/{id}/feedback/stats} → the session's summary;
 *   <li>{@code GET /api/feedback/summary} and {@code GET /api/feedback/report} → the
 *       analytics as JSON ({@link ReportJson}), selected by query parameters.
 * </ul>
 * Errors are problem details (RFC 9457, {@code application/problem+json}): 400 naming every
 * violation ({@code errors: [{field, code, message}]}), 404 for an unknown session when
 * unknown sessions are refused, 413 above the body limit, 415 for a body that is not JSON,
 * 429 with {@code Retry-After} when rate limited, 500 without internals (logged). The caller's
 * address, user agent and principal reach the hooks as the call's {@link CallContext}; they
 * are not stored. Thread-safe.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("${agent-feedback.web.base-path:/api}")
public class FeedbackController {

  private static final Logger log = LoggerFactory.getLogger(FeedbackController.class);
  private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;
  private static final String PROBLEMS = "urn:agent-feedback:problem:";

  private final FeedbackManager manager;
  private final FeedbackJson json;
  private final int maxBodyBytes;
  private final List<FeedbackCallContextCustomizer> contextCustomizers;

  /**
   * The endpoints over a manager.
   *
   * @param manager the manager
   * @param maxBodyBytes the largest body accepted
   * @param contextCustomizers what adds to each call's context, in order
   */
  public FeedbackController(
      FeedbackManager manager,
      int maxBodyBytes,
      List<FeedbackCallContextCustomizer> contextCustomizers) {
    this.manager = manager;
    this.maxBodyBytes = maxBodyBytes;
    this.json = new FeedbackJson(maxBodyBytes);
    this.contextCustomizers = List.copyOf(contextCustomizers);
  }

  /**
   * Adds feedback to a session.
   *
   * @param sessionId the session
   * @param idempotencyKey the feedback id, so that a retried request stores nothing twice
   * @param request the request, whose body is read
   * @return 201 for new feedback, 200 for a replay or a vote that changed or kept a stored
   *     one
   * @throws IOException if the body cannot be read
   */
  @PostMapping(
      path = "/sessions/{sessionId}/feedback",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
  public ResponseEntity<Map<String, Object>> addFeedback(
      @PathVariable("sessionId") String sessionId,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      HttpServletRequest request)
      throws IOException {
    Feedback feedback = json.read(body(request), idempotencyKey);
    FeedbackResult result = manager.addFeedback(sessionId, feedback, context(request));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "success");
    out.put("message", message(result.outcome()));
    out.put("feedback_id", result.feedback().id());
    return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(out);
  }

  private static String message(FeedbackResult.Outcome outcome) {
    return switch (outcome) {
      case CREATED -> "Feedback added successfully";
      case DUPLICATE -> "Feedback already recorded";
      case REPLACED -> "Vote replaced";
      case UNCHANGED -> "Vote already recorded";
      case STALE -> "A later vote is already recorded";
      case TRIMMED -> "Feedback older than the session's retention cap; not kept";
      case NOT_FOUND -> "Feedback not found";
    };
  }

  /**
   * A session's feedback, oldest first.
   *
   * @param sessionId the session
   * @return {@code {"session_id", "total_feedbacks", "feedbacks"}}
   */
  @GetMapping("/sessions/{sessionId}/feedback")
  public Map<String, Object> getFeedbacks(@PathVariable("sessionId") String sessionId) {
    List<Feedback> feedbacks = manager.getFeedbacks(sessionId);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("session_id", sessionId);
    out.put("total_feedbacks", feedbacks.size());
    out.put("feedbacks", feedbacks.stream().map(FeedbackJson::write).toList());
    return out;
  }

  /**
   * A session's summary: counts, satisfaction, scores, dimensions.
   *
   * @param sessionId the session
   * @return {@code {"session_id", "total_feedbacks", "summary"}}, the summary as
   *     {@link ReportJson#toJson(FeedbackSummary)} writes it
   */
  @GetMapping(path = "/sessions/{sessionId}/feedback/stats")
  public ResponseEntity<byte[]> getStats(@PathVariable("sessionId") String sessionId) {
    FeedbackSummary summary = manager.session(sessionId).summary();
    String body =
        "{\"session_id\": "
            + json.quote(sessionId)
            + ", \"total_feedbacks\": "
            + summary.ratings().total()
            + ", \"summary\": "
            + ReportJson.toJson(summary)
            + "}";
    return jsonBody(body);
  }

  /**
   * The summary of the feedback a query selects.
   *
   * @param parameters {@code since}, {@code until}, {@code session_id}, {@code user_id},
   *     {@code message_id}, {@code tag}, {@code rating}, {@code source}, {@code model},
   *     {@code model_version}, {@code metadata.<key>}
   * @return the summary as {@link ReportJson#toJson(FeedbackSummary)} writes it
   */
  @GetMapping("/feedback/summary")
  public ResponseEntity<byte[]> getSummary(@RequestParam MultiValueMap<String, String> parameters) {
    QueryParameters q = new QueryParameters(parameters);
    FeedbackQuery query = q.query(QueryParameters.SUMMARY);
    return jsonBody(ReportJson.toJson(manager.analytics().summary(query)));
  }

  /**
   * A period report: the period against the one before, best and worst groups, problems.
   *
   * @param parameters the period ({@code week} = any day of it, {@code month} = YYYY-MM, or
   *     {@code from} and {@code to} instants; the last 7 days by default), {@code zone},
   *     {@code group_by} ({@code metadata.<field>}, {@code tag}, {@code user},
   *     {@code message}, {@code session}, {@code model}, {@code model_version},
   *     {@code source}, {@code review_status}), {@code title}, and the filters of the
   *     summary but {@code since} and {@code until}
   * @return the report as {@link ReportJson#toJson(io.github.agentfeedback.analytics.FeedbackReport)}
   *     writes it
   */
  @GetMapping("/feedback/report")
  public ResponseEntity<byte[]> getReport(@RequestParam MultiValueMap<String, String> parameters) {
    QueryParameters q = new QueryParameters(parameters);
    return jsonBody(ReportJson.toJson(manager.analytics().report(q.report())));
  }

  private static ResponseEntity<byte[]> jsonBody(String body) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The body, at most {@code maxBodyBytes}. */
  private byte[] body(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw new BodyTooLargeException();
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(declared > 0 ? (int) declared : Math.min(maxBodyBytes, 1024));
    byte[] buffer = new byte[Math.min(maxBodyBytes + 1, 8192)];
    try (InputStream in = request.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + n > maxBodyBytes) {
          throw new BodyTooLargeException();
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private CallContext context(HttpServletRequest request) {
    CallContext.Builder b =
        CallContext.builder()
            .clientAddress(request.getRemoteAddr())
            .userAgent(request.getHeader(HttpHeaders.USER_AGENT));
    Principal principal = request.getUserPrincipal();
    if (principal != null) {
      b.principal(principal.getName()).extra(Principal.class, principal);
    }
    for (FeedbackCallContextCustomizer customizer : contextCustomizers) {
      customizer.customize(request, b);
    }
    return b.build();
  }

  // Errors, as problem details.

  /**
   * 400 naming every violation.
   *
   * @param e the violations
   * @return the problem
   */
  @ExceptionHandler(InvalidFeedbackException.class)
  public ResponseEntity<ProblemDetail> invalid(InvalidFeedbackException e) {
    return problem(
            HttpStatus.BAD_REQUEST,
            "invalid-feedback",
            "Invalid feedback",
            String.valueOf(e.getMessage()))
        .errors(e.violations())
        .build();
  }

  /**
   * 400 for a body that is not JSON.
   *
   * @param e the parse error
   * @return the problem
   */
  @ExceptionHandler(FeedbackJson.MalformedJsonException.class)
  public ResponseEntity<ProblemDetail> malformed(FeedbackJson.MalformedJsonException e) {
    String detail =
        e.getCause() instanceof JsonProcessingException j
            ? FeedbackJson.shown(String.valueOf(j.getOriginalMessage()))
            : "the body is not JSON";
    return problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", detail)
        .errors(List.of(new Violation("body", "malformed_json", detail)))
        .build();
  }

  /**
   * 413 for a body above the limit.
   *
   * @param e the error
   * @return the problem
   */
  @ExceptionHandler(BodyTooLargeException.class)
  public ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
    return problem(
            HttpStatus.CONTENT_TOO_LARGE,
            "body-too-large",
            "Body too large",
            "the body must be at most " + maxBodyBytes + " bytes")
        .build();
  }

  /**
   * 429 with {@code Retry-After} for a rate limit, 422 for another refusal (spam).
   *
   * @param e the refusal
   * @return the problem
   */
  @ExceptionHandler(FeedbackRejectedException.class)
  public ResponseEntity<ProblemDetail> rejected(FeedbackRejectedException e) {
    boolean limited = FeedbackRejectedException.RATE_LIMITED.equals(e.code());
    Problem p =
        problem(
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

  /**
   * 404 for an unknown session when unknown sessions are refused.
   *
   * @param e the error
   * @return the problem
   */
  @ExceptionHandler(SessionNotFoundException.class)
  public ResponseEntity<ProblemDetail> unknownSession(SessionNotFoundException e) {
    return problem(
            HttpStatus.NOT_FOUND, "session-not-found", "Session not found", "no such session")
        .build();
  }

  /**
   * 500 without internals for everything else; logged with the request's path. Spring MVC's
   * own errors (a missing header, a parameter of the wrong type) keep their 4xx.
   *
   * @param e the error
   * @param request the request
   * @return the problem
   */
  @ExceptionHandler({FeedbackStoreException.class, FeedbackException.class, RuntimeException.class})
  public ResponseEntity<ProblemDetail> failed(RuntimeException e, HttpServletRequest request) {
    if (e instanceof ErrorResponse spring) { // Spring MVC's own 4xx, already a problem
      return ResponseEntity.status(spring.getStatusCode())
          .headers(spring.getHeaders())
          .contentType(PROBLEM)
          .body(spring.getBody());
    }
    log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
    return problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            "the feedback service failed; try again later")
        .build();
  }

  private static Problem problem(HttpStatus status, String type, String title, String detail) {
    return new Problem(status, type, title, detail);
  }

  /** A problem response being made. */
  private static final class Problem {
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

    void header(String name, String value) {
      headers.set(name, value);
    }

    ResponseEntity<ProblemDetail> build() {
      return ResponseEntity.status(detail.getStatus())
          .headers(headers)
          .contentType(PROBLEM)
          .body(detail);
    }
  }

  /** The body is above the limit. */
  static final class BodyTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("body too large", null, false, false);
    }
  }
}
