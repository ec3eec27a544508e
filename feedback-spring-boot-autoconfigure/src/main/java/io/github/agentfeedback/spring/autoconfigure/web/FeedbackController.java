package io.github.agentfeedback.spring.autoconfigure.web;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.export.ReportJson;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
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
 *   <li>{@code GET /api/sessions/{id}/feedback} → a page of the session's feedback,
 *       {@code {"session_id", "feedbacks", "next"}} ({@code limit}, {@code after});
 *   <li>{@code GET /api/sessions/{id}/feedback/stats} → the session's summary;
 *   <li>{@code GET /api/feedback/summary}, {@code GET /api/feedback/report},
 *       {@code GET /api/feedback/trend}, {@code GET /api/feedback/groups} and
 *       {@code GET /api/feedback/compare} → the analytics as JSON ({@link ReportJson}),
 *       selected by query parameters; a bare date ({@code 2026-03-02}) for an instant is
 *       midnight in the request's {@code zone} (UTC where there is none).
 * </ul>
 * Errors are problem details (RFC 9457, {@code application/problem+json}): 400 naming every
 * violation ({@code errors: [{field, code, message}]}), 404 for an unknown session when
 * unknown sessions are refused, 413 above the body limit, 415 for a body that is not JSON,
 * 429 with {@code Retry-After} when rate limited, 503 with {@code Retry-After} when the store
 * failed in a way safe to retry and the request may be repeated as it is (a read, or a post
 * with its feedback id), 500 without internals (logged). Every answer carries
 * {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}. The caller's
 * address, user agent and principal reach the hooks as the call's {@link CallContext}; they
 * are not stored. Thread-safe.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("${agent-feedback.web.base-path:/api}")
public class FeedbackController {

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
  @PostMapping("/sessions/{sessionId}/feedback") // Problem.body checks the type: a 415 problem
  public ResponseEntity<Map<String, Object>> addFeedback(
      @PathVariable("sessionId") String sessionId,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      HttpServletRequest request)
      throws IOException {
    Feedback feedback = json.read(Problem.body(request, maxBodyBytes), idempotencyKey);
    if (feedback.id() != null) {
      Problem.repeatable(request); // the caller chose the id: a repeat stores nothing twice
    }
    FeedbackResult result =
        manager.addFeedback(sessionId, feedback, context(request, contextCustomizers).build());
    return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(outcome(result));
  }

  /** {@code {status, message, feedback_id}} of a stored feedback. */
  static Map<String, Object> outcome(FeedbackResult result) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "success");
    out.put("message", message(result.outcome()));
    out.put("feedback_id", result.feedback().id());
    return out;
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
   * A page of a session's feedback, oldest first. The store streams the session's feedback
   * and the page holds at most {@code limit} of them, so that neither the answer nor the
   * server's memory grows with the session; reaching a page skips the feedback before it.
   *
   * @param sessionId the session
   * @param parameters {@code limit} (1 to {@value QueryParameters#MAX_PAGE_SIZE}, {@value
   *     QueryParameters#DEFAULT_PAGE_SIZE} by default) and {@code after} (the {@code next} of
   *     the page before; a 400 when the session holds no feedback with that id)
   * @return {@code {"session_id", "feedbacks", "next"}}: {@code next} is the id of the last
   *     feedback listed when more follow, else null
   */
  @GetMapping("/sessions/{sessionId}/feedback")
  public Map<String, @Nullable Object> getFeedbacks(
      @PathVariable("sessionId") String sessionId,
      @RequestParam MultiValueMap<String, String> parameters) {
    QueryParameters.PageRequest page = new QueryParameters(parameters).page();
    List<Feedback> feedbacks = new ArrayList<>();
    boolean more;
    try (Stream<SessionFeedback> stored = manager.stream(FeedbackQuery.session(sessionId))) {
      Iterator<SessionFeedback> it = stored.iterator();
      String after = page.after();
      if (after != null) {
        boolean found = false;
        while (!found && it.hasNext()) {
          found = after.equals(it.next().feedback().id());
        }
        if (!found) {
          throw InvalidFeedbackException.of(
              "after",
              "unknown",
              "the session holds no feedback with id '" + FeedbackJson.shown(after) + "'");
        }
      }
      while (feedbacks.size() < page.limit() && it.hasNext()) {
        feedbacks.add(it.next().feedback());
      }
      more = it.hasNext();
    }
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("session_id", sessionId);
    out.put("feedbacks", feedbacks.stream().map(FeedbackJson::write).toList());
    out.put("next", more ? feedbacks.get(feedbacks.size() - 1).id() : null);
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
   *     {@code from} and {@code to} instants or dates; the last 7 days by default),
   *     {@code zone} (of the period and of bare dates; UTC by default),
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

  /**
   * Figures per period: volume, ratings, satisfaction and scores over time, as
   * {@link ReportJson#toJson(io.github.agentfeedback.analytics.Trend)} writes them.
   *
   * @param parameters the summary's filters ({@code since} and {@code until} bound the
   *     periods), {@code granularity} ({@code hour}, {@code day}, {@code iso_week},
   *     {@code month}, {@code hour_of_day}; day by default), {@code zone} (of the periods
   *     and of bare dates; UTC by default) and {@code fill} ({@code every_period}, the
   *     default, or {@code data_only})
   * @return the trend
   */
  @GetMapping("/feedback/trend")
  public ResponseEntity<byte[]> getTrend(@RequestParam MultiValueMap<String, String> parameters) {
    QueryParameters.TrendRequest t = new QueryParameters(parameters).trend();
    try {
      return jsonBody(
          ReportJson.toJson(
              manager.analytics().trend(t.query(), t.granularity(), t.zone(), t.fill())));
    } catch (IllegalArgumentException e) { // more periods than a trend lists
      throw InvalidFeedbackException.of(
          "granularity", "too_many_periods", FeedbackJson.shown(String.valueOf(e.getMessage())));
    }
  }

  /**
   * Figures per group of a field, ranked best and worst, each with its sample size (the
   * dashboard offers the values of a comparison from it), as
   * {@link ReportJson#toJson(io.github.agentfeedback.analytics.GroupReport)} writes them.
   *
   * @param parameters the summary's filters, {@code zone} (of bare dates; UTC by default),
   *     {@code by} (required: {@code metadata.<field>}, {@code tag}, {@code user},
   *     {@code message}, {@code session}, {@code model}, {@code model_version},
   *     {@code source}, {@code review_status}), {@code metric} ({@code satisfaction}, the
   *     default, {@code positive_rate}, {@code response_quality}, {@code dimension_mean}),
   *     {@code min_sample_size} (10 by default) and {@code limit} (groups at each end, 10 by
   *     default, at most {@value QueryParameters#MAX_GROUP_LIMIT})
   * @return the ranked groups
   */
  @GetMapping("/feedback/groups")
  public ResponseEntity<byte[]> getGroups(@RequestParam MultiValueMap<String, String> parameters) {
    QueryParameters.GroupsRequest g = new QueryParameters(parameters).groups();
    return jsonBody(
        ReportJson.toJson(manager.analytics().groupBy(g.query(), g.key(), g.options())));
  }

  /**
   * Two values of a field compared, an A/B test: each side's figures, the difference of
   * satisfaction ({@code b − a}, in points) with its confidence interval, p-value and the test
   * that gave it, or why no test was made ({@code withheld}: {@code too_few} below the minimum
   * sample, {@code no_data}, {@code no_variation}); and a test per score scale both sides
   * used, as {@link ReportJson#toJson(io.github.agentfeedback.analytics.CohortComparison)}
   * writes it.
   *
   * @param parameters the summary's filters, {@code zone} (of bare dates; UTC by default),
   *     {@code by} (required, as for {@code groups}), {@code a} and {@code b} (required, the
   *     two values, different), {@code alpha} (0.05 by default), {@code min_sample_size} (10
   *     by default) and {@code standard_errors} ({@code auto}, the default,
   *     {@code independent} or {@code session_clustered})
   * @return the comparison
   */
  @GetMapping("/feedback/compare")
  public ResponseEntity<byte[]> getComparison(
      @RequestParam MultiValueMap<String, String> parameters) {
    QueryParameters.CompareRequest c = new QueryParameters(parameters).compare();
    return jsonBody(
        ReportJson.toJson(
            manager.analytics().compare(c.query(), c.key(), c.a(), c.b(), c.options())));
  }

  private static ResponseEntity<byte[]> jsonBody(String body) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The call's context: address, user agent, principal, then the customizers' additions. */
  static CallContext.Builder context(
      HttpServletRequest request, List<FeedbackCallContextCustomizer> contextCustomizers) {
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
    return b;
  }

  /** The body is above the limit. */
  static final class BodyTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int limit;

    BodyTooLargeException(int limit) {
      super("body too large", null, false, false);
      this.limit = limit;
    }

    /** The largest body accepted, in bytes. */
    int limit() {
      return limit;
    }
  }
}
