package io.github.agentfeedback.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.BatchResult;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every endpoint and status of the REST API, through a real server on a random port and the
 * JDK's HTTP client, in one shared application context ({@link EndpointsTestApplication}).
 */
@SpringBootTest(
    classes = EndpointsTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "agent-feedback.web.enabled=true",
      "agent-feedback.web.max-body-size=2KB",
      "agent-feedback.unknown-sessions=refuse",
      "agent-feedback.hooks.validation.require-comment-for-down=true",
      "agent-feedback.hooks.rate-limit.enabled=true",
      "agent-feedback.hooks.rate-limit.permits=3",
      "agent-feedback.hooks.rate-limit.period=1h",
      "agent-feedback.hooks.rate-limit.key=session"
    })
class FeedbackEndpointsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANALYST =
      "Basic "
          + Base64.getEncoder().encodeToString("ana:ana-secret".getBytes(StandardCharsets.UTF_8));

  @LocalServerPort int port;
  @Autowired FeedbackManager manager;
  @Autowired List<String> trail;
  @Autowired AtomicReference<CallContext> lastContext;
  @Autowired MeterRegistry meters;
  @Autowired InMemoryLogRecordExporter events;

  /** A session that exists (unknown sessions are refused in this application). */
  private String newSession() {
    String id = "s-" + UUID.randomUUID();
    manager.updateMetadata(id, Map.of("channel", "web"));
    return id;
  }

  private HttpResponse<String> post(String path, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  private HttpResponse<String> post(String path, String body, String... headers) {
    return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.GET().build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private long stored() {
    try (Stream<?> all = manager.stream(FeedbackQuery.builder().build())) {
      return all.count();
    }
  }

  private static void assertProblem(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode p = json(r);
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("type").asText()).startsWith("urn:agent-feedback:problem:");
    assertThat(p.path("title").asText()).isNotBlank();
  }

  // POST /api/sessions/{id}/feedback

  @Test
  void postStoresFeedbackAndAnswers201WithItsId() throws IOException {
    String s = newSession();
    HttpResponse<String> r =
        post(
            "/api/sessions/" + s + "/feedback",
            "{\"rating\": \"up\", \"comment\": \"Clear <b>answer</b>\", \"user_id\": \"u-1\","
                + " \"message_id\": \"m-1\", \"score\": {\"value\": 5, \"scale\": \"stars_5\"},"
                + " \"tags\": [\"billing\"], \"dimensions\": {\"accuracy\": 4}}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode body = json(r);
    assertThat(body.path("status").asText()).isEqualTo("success");
    assertThat(body.path("message").asText()).isEqualTo("Feedback added successfully");
    String id = body.path("feedback_id").asText();
    assertThat(manager.getFeedbacks(s))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo(id);
              assertThat(f.comment()).isEqualTo("Clear answer"); // the sanitizing hook ran
              assertThat(f.userId()).isEqualTo("u-1");
              assertThat(f.score()).isNotNull();
            });
  }

  @Test
  void aReplayWithTheSameIdempotencyKeyAnswers200AndStoresOnce() throws IOException {
    String s = newSession();
    String body = "{\"rating\": \"down\", \"comment\": \"wrong order number\"}";
    HttpResponse<String> first =
        post("/api/sessions/" + s + "/feedback", body, "Idempotency-Key", "k-42");
    HttpResponse<String> replay =
        post("/api/sessions/" + s + "/feedback", body, "Idempotency-Key", "k-42");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
    assertThat(json(replay).path("feedback_id").asText()).isEqualTo("k-42");
    assertThat(json(replay).path("message").asText()).isEqualTo("Feedback already recorded");
    assertThat(manager.getFeedbacks(s)).hasSize(1);
  }

  @Test
  void everyViolationIsNamedIn400() throws IOException {
    String s = newSession();
    HttpResponse<String> r =
        post(
            "/api/sessions/" + s + "/feedback",
            "{\"rating\": \"sideways\", \"comment\": 7, \"score\": {\"value\": 9, \"scale\":"
                + " \"stars_5\"}, \"tags\": \"x\"}");

    assertProblem(r, 400);
    JsonNode errors = json(r).path("errors");
    assertThat(errors.findValuesAsText("field")).contains("rating", "comment", "tags");
    assertThat(errors).allSatisfy(e -> assertThat(e.path("code").asText()).isNotBlank());
    assertThat(errors).allSatisfy(e -> assertThat(e.path("message").asText()).isNotBlank());
    assertThat(manager.getFeedbacks(s)).isEmpty();
  }

  @Test
  void theValidationPropertiesApply() throws IOException {
    String s = newSession();
    HttpResponse<String> r = post("/api/sessions/" + s + "/feedback", "{\"rating\": \"down\"}");

    assertProblem(r, 400);
    assertThat(json(r).path("errors").findValuesAsText("field")).contains("comment");
  }

  @Test
  void aBodyAboveTheLimitIs413() throws IOException {
    String s = newSession();
    String big = "{\"rating\": \"up\", \"comment\": \"" + "a".repeat(3000) + "\"}";
    HttpResponse<String> r = post("/api/sessions/" + s + "/feedback", big);

    assertProblem(r, 413);
    assertThat(manager.getFeedbacks(s)).isEmpty();
  }

  @Test
  void aBodyAboveTheLimitWithoutContentLengthIs413() throws IOException {
    String s = newSession();
    byte[] big = ("{\"comment\": \"" + "a".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest chunked =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/sessions/" + s + "/feedback"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();

    assertProblem(send(chunked), 413);
    assertThat(manager.getFeedbacks(s)).isEmpty();
  }

  @Test
  void overTheRateLimitIs429WithRetryAfter() throws IOException {
    String s = newSession();
    for (int i = 0; i < 3; i++) {
      assertThat(post("/api/sessions/" + s + "/feedback", "{\"rating\": \"up\"}").statusCode())
          .isEqualTo(201);
    }
    HttpResponse<String> r = post("/api/sessions/" + s + "/feedback", "{\"rating\": \"up\"}");

    assertProblem(r, 429);
    assertThat(r.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(json(r).path("code").asText()).isEqualTo("RATE_LIMITED");
    assertThat(manager.getFeedbacks(s)).hasSize(3);
  }

  @Test
  void anUnknownSessionIs404UnderTheRefusePolicy() throws IOException {
    HttpResponse<String> r =
        post("/api/sessions/never-seen-" + UUID.randomUUID() + "/feedback", "{\"rating\": \"up\"}");

    assertProblem(r, 404);
  }

  @Test
  void anInternalErrorIs500WithoutInternals() throws IOException {
    String s = newSession();
    HttpResponse<String> r =
        post("/api/sessions/" + s + "/feedback", "{\"rating\": \"up\", \"tags\": [\"explode\"]}");

    assertProblem(r, 500);
    assertThat(r.body()).doesNotContain("db-internal", "27017", "IllegalStateException", "at ");
  }

  // GET endpoints

  @Test
  void getListsTheSessionsFeedbackInStoredNames() throws IOException {
    String s = newSession();
    post(
        "/api/sessions/" + s + "/feedback",
        "{\"rating\": \"up\", \"comment\": \"fine\", \"user_id\": \"u-7\", \"message_id\":"
            + " \"m-7\", \"attributes\": {\"channel\": \"web\"}}");
    post("/api/sessions/" + s + "/feedback", "{\"rating\": \"neutral\"}");

    HttpResponse<String> r = get("/api/sessions/" + s + "/feedback");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("session_id").asText()).isEqualTo(s);
    assertThat(body.path("feedbacks")).hasSize(2);
    assertThat(body.path("next").isNull()).isTrue();
    JsonNode first = body.path("feedbacks").get(0);
    assertThat(first.path("rating").asText()).isEqualTo("up");
    assertThat(first.path("user_id").asText()).isEqualTo("u-7");
    assertThat(first.path("message_id").asText()).isEqualTo("m-7");
    assertThat(first.path("channel").asText()).isEqualTo("web");
    assertThat(first.has("created_at")).isTrue();
  }

  @Test
  void aSessionsFeedbackComesInPagesThatEachEndWhereTheNextBegins() throws IOException {
    String s = newSession(); // three feedbacks: the test's rate limit allows three per session
    List<SessionFeedback> items = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      items.add(
          new SessionFeedback(
              s, Feedback.builder().id("f-" + i).rating(Rating.UP).comment("c" + i).build()));
    }
    assertThat(manager.addFeedbacks(items).count(BatchResult.Status.CREATED)).isEqualTo(3);

    List<String> seen = new ArrayList<>();
    List<String> nexts = new ArrayList<>();
    String next = null;
    do {
      HttpResponse<String> r =
          get("/api/sessions/" + s + "/feedback?limit=2" + (next == null ? "" : "&after=" + next));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode body = json(r);
      assertThat(body.path("feedbacks").size()).isLessThanOrEqualTo(2);
      body.path("feedbacks").forEach(f -> seen.add(f.path("id").asText()));
      next = body.path("next").isNull() ? null : body.path("next").asText();
      nexts.add(String.valueOf(next));
    } while (next != null);

    assertThat(seen).containsExactly("f-0", "f-1", "f-2");
    assertThat(nexts).containsExactly("f-1", "null");
    JsonNode whole = json(get("/api/sessions/" + s + "/feedback"));
    assertThat(whole.path("feedbacks")).hasSize(3);
    assertThat(whole.path("next").isNull()).isTrue();
    JsonNode fitting = json(get("/api/sessions/" + s + "/feedback?limit=3"));
    assertThat(fitting.path("next").isNull()).as("no page follows a full last page").isTrue();
    JsonNode last = json(get("/api/sessions/" + s + "/feedback?after=f-2"));
    assertThat(last.path("feedbacks")).isEmpty();
    assertThat(last.path("next").isNull()).isTrue();
    JsonNode unknown = json(get("/api/sessions/never-" + s + "/feedback"));
    assertThat(unknown.path("feedbacks")).isEmpty();
  }

  @Test
  void aBadPageIs400NamingTheParameter() throws IOException {
    String s = newSession();
    post("/api/sessions/" + s + "/feedback", "{\"rating\": \"up\"}");
    for (String[] bad :
        List.of(
            new String[] {"limit=0", "limit"},
            new String[] {"limit=1001", "limit"},
            new String[] {"limit=ten", "limit"},
            new String[] {"after=nope", "after"},
            new String[] {"limit=1&limit=2", "limit"},
            new String[] {"metadata.variant=A", "metadata.variant"},
            new String[] {"rating=up", "rating"})) {
      HttpResponse<String> r = get("/api/sessions/" + s + "/feedback?" + bad[0]);
      assertThat(r.statusCode()).as(bad[0] + ": " + r.body()).isEqualTo(400);
      assertThat(json(r).path("errors").get(0).path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
  }

  @Test
  void statsSummarizeOneSession() throws IOException {
    String s = newSession();
    post("/api/sessions/" + s + "/feedback", "{\"rating\": \"up\"}");
    post("/api/sessions/" + s + "/feedback", "{\"rating\": \"down\", \"comment\": \"no\"}");

    HttpResponse<String> r = get("/api/sessions/" + s + "/feedback/stats");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("session_id").asText()).isEqualTo(s);
    assertThat(body.path("total_feedbacks").asInt()).isEqualTo(2);
    assertThat(body.path("summary").isObject()).isTrue();
  }

  @Test
  void summaryAndReportAnswerAnAnalystWithJson() throws IOException {
    String s = newSession();
    post("/api/sessions/" + s + "/feedback", "{\"rating\": \"up\", \"tags\": [\"summary-test\"]}");

    HttpResponse<String> summary =
        get("/api/feedback/summary?session_id=" + s, "Authorization", ANALYST);
    HttpResponse<String> report =
        get("/api/feedback/report?zone=Europe/Paris&group_by=tag", "Authorization", ANALYST);

    assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
    assertThat(summary.body()).contains("\"up\": 1");
    assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
    assertThat(json(report).isObject()).isTrue();
  }

  @Test
  void analyticsAreClosedToAnonymousCallers() {
    assertThat(get("/api/feedback/summary").statusCode()).isEqualTo(401);
  }

  @Test
  void badQueryParametersAre400NamingEach() throws IOException {
    HttpResponse<String> r =
        get(
            "/api/feedback/summary?since=yesterday&%24where=1&rating=sideways",
            "Authorization", ANALYST);

    assertProblem(r, 400);
    assertThat(json(r).path("errors").findValuesAsText("field"))
        .contains("since", "$where", "rating");
  }

  @Test
  void anUnknownKeyInsideScoreScaleOrModelIs400NamingIt() throws IOException {
    String s = newSession();
    HttpResponse<String> r =
        post(
            "/api/sessions/" + s + "/feedback",
            "{\"rating\": \"up\", \"score\": {\"value\": 3, \"scale\": {\"name\": \"ten\","
                + " \"min\": 0, \"max\": 10, \"step\": 1}, \"$where\": \"sleep(1)\"},"
                + " \"model\": {\"name\": \"gpt\", \"versoin\": \"4o\"}}");

    assertProblem(r, 400);
    assertThat(json(r).path("errors").findValuesAsText("field"))
        .contains("score.$where", "score.scale.step", "model.versoin");
    assertThat(manager.getFeedbacks(s)).isEmpty();
  }

  @Test
  void aBadValueIsEchoedShortAndAsWellFormedText() throws IOException {
    String s = newSession();
    HttpResponse<String> surrogate =
        post("/api/sessions/" + s + "/feedback", "{\"rating\": \"\\ud800\"}");
    HttpResponse<String> huge =
        post("/api/sessions/" + s + "/feedback", "{\"rating\": \"" + "x".repeat(1900) + "\"}");

    assertProblem(surrogate, 400);
    assertThat(json(surrogate).path("errors").findValuesAsText("field")).containsExactly("rating");
    assertProblem(huge, 400);
    // echoed at most once in part, not twice in full (detail and errors): the body is bounded
    assertThat(huge.body().length()).isLessThan(1900);
    // core quotes the value shortened; the problem would cut a longer message too
    assertThat(json(huge).path("errors").get(0).path("message").asText())
        .contains("x".repeat(64) + "…")
        .hasSizeLessThan(Problem.MAX_ECHO);
    assertThat(manager.getFeedbacks(s)).isEmpty();
  }

  static Stream<String> outOfRangePeriods() {
    return Stream.of(
        "month=-999999999-01",
        "month=%2B999999999-12",
        "month=0000-12",
        "week=-999999999-01-01",
        "week=%2B999999999-12-31",
        "from=-999999999-01-01&to=2026-01-01");
  }

  @ParameterizedTest
  @MethodSource("outOfRangePeriods")
  void aReportPeriodBeyondFourDigitYearsIs400NamingIt(String period) throws IOException {
    HttpResponse<String> r = get("/api/feedback/report?" + period, "Authorization", ANALYST);

    assertProblem(r, 400);
    String name = period.substring(0, period.indexOf('='));
    assertThat(json(r).path("errors").findValuesAsText("field")).contains(name);
  }

  // The call's context and the hook beans

  @Test
  void hooksReadTheCallersAddressAgentAndPrincipalAndRunInOrder() throws IOException {
    String s = newSession();
    HttpResponse<String> r =
        post(
            "/api/sessions/" + s + "/feedback",
            "{\"rating\": \"up\"}",
            "User-Agent",
            "support-bot-web/2.1",
            "Authorization",
            ANALYST);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    CallContext context = lastContext.get();
    assertThat(context.clientAddress()).isEqualTo("127.0.0.1");
    assertThat(context.userAgent()).isEqualTo("support-bot-web/2.1");
    assertThat(context.principal()).isEqualTo("ana");
    assertThat(trail).containsExactly("first", "enrich-1", "enrich-2");
    assertThat(manager.getFeedbacks(s).get(0).attributes())
        .doesNotContainKeys("ip", "user_agent", "principal");
  }

  @Test
  void storedFeedbackIsCountedAndEmittedAsAnEvaluationEvent() {
    String s = newSession();
    double before = storedUp();

    post("/api/sessions/" + s + "/feedback", "{\"rating\": \"up\", \"comment\": \"good\"}");

    assertThat(storedUp()).isEqualTo(before + 1);
    assertThat(events.getFinishedLogRecordItems())
        .anySatisfy(e -> assertThat(e.getEventName()).isEqualTo("gen_ai.evaluation.result"));
  }

  private double storedUp() {
    return meters.find("feedback.stored").tag("rating", "up").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }

  // Hostile input: each a 4xx with nothing stored

  static Stream<byte[]> hostileBodies() {
    return Stream.of(
        "{\"rating\": \"up\"".getBytes(StandardCharsets.UTF_8), // truncated
        "not json".getBytes(StandardCharsets.UTF_8),
        "{\"rating\": \"up\"} {\"rating\": \"up\"}".getBytes(StandardCharsets.UTF_8),
        "{\"rating\": \"up\", \"rating\": \"down\"}".getBytes(StandardCharsets.UTF_8),
        "[{\"rating\": \"up\"}]".getBytes(StandardCharsets.UTF_8),
        "{\"$where\": \"sleep(1000)\"}".getBytes(StandardCharsets.UTF_8),
        "{\"rating\": \"up\", \"attributes\": {\"$gt\": \"\"}}".getBytes(StandardCharsets.UTF_8),
        "{\"rating\": \"up\", \"attributes\": {\"a.b\": 1}}".getBytes(StandardCharsets.UTF_8),
        "{\"rating\": {\"$ne\": null}}".getBytes(StandardCharsets.UTF_8),
        "{\"user_id\": {\"$gt\": \"\"}}".getBytes(StandardCharsets.UTF_8),
        "{\"id\": {\"$ne\": null}, \"rating\": \"up\"}".getBytes(StandardCharsets.UTF_8),
        "{\"comment\": \"a\u0000b\", \"rating\": \"up\"}".getBytes(StandardCharsets.UTF_8),
        "{\"attributes\": ".repeat(40).getBytes(StandardCharsets.UTF_8),
        new byte[] {
          '{',
          '"',
          'c',
          'o',
          'm',
          'm',
          'e',
          'n',
          't',
          '"',
          ':',
          '"',
          (byte) 0xC3,
          (byte) 0x28,
          '"',
          '}'
        }, // bad UTF-8
        new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
        new byte[0]);
  }

  @ParameterizedTest
  @MethodSource("hostileBodies")
  void hostileBodiesAre4xxAndStoreNothing(byte[] body) {
    String s = newSession();
    long before = stored();

    HttpResponse<String> r = post("/api/sessions/" + s + "/feedback", body);

    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    assertThat(stored()).isEqualTo(before);
  }

  static Stream<String> hostilePaths() {
    return Stream.of(
        "/api/sessions/%24where/feedback",
        "/api/sessions/a.b/feedback",
        "/api/sessions/%2e%2e/feedback",
        "/api/sessions/a%2Fb/feedback",
        "/api/sessions/a%00b/feedback",
        "/api/sessions/" + "x".repeat(300) + "/feedback",
        "/api/sessions/%20/feedback",
        "/api/sessions/a;b=c/feedback");
  }

  @ParameterizedTest
  @MethodSource("hostilePaths")
  void hostilePathSegmentsAre4xxAndStoreNothing(String path) {
    long before = stored();

    HttpResponse<String> r = post(path, "{\"rating\": \"up\"}");

    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void aBodyThatIsNotJsonIs415AsAProblemNamingWhatIsAccepted() throws IOException {
    String s = newSession();
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/sessions/" + s + "/feedback");
    HttpResponse<String> text =
        send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("rating=up"))
                .build());
    HttpResponse<String> none =
        send(
            HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString("{\"rating\": \"up\"}"))
                .build());
    HttpResponse<String> problemJson =
        post(
            "/api/sessions/" + s + "/feedback",
            "{\"rating\": \"up\"}",
            "Content-Type",
            "application/merge-patch+json");

    for (HttpResponse<String> r : List.of(text, none)) {
      assertProblem(r, 415);
      assertThat(json(r).path("type").asText())
          .isEqualTo("urn:agent-feedback:problem:unsupported-media-type");
      assertThat(json(r).path("detail").asText()).contains("application/json");
    }
    assertThat(problemJson.statusCode()).as(problemJson.body()).isEqualTo(201);
    assertThat(manager.getFeedbacks(s)).hasSize(1);
  }

  @Test
  void aStoreFailureThatIsSafeToRetryIs503WithRetryAfterAndWithoutInternals() throws IOException {
    String s = newSession();
    HttpResponse<String> r =
        post(
            "/api/sessions/" + s + "/feedback",
            "{\"rating\": \"up\", \"tags\": [\"store-unavailable\"]}",
            "Idempotency-Key",
            "k-" + UUID.randomUUID());

    assertProblem(r, 503);
    assertThat(json(r).path("type").asText())
        .isEqualTo("urn:agent-feedback:problem:store-unavailable");
    assertThat(r.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(r.body()).doesNotContain("db-internal", "27017", "append failed");
  }

  @Test
  void aStoreFailureThatIsNotSafeToRetryIs500WithoutRetryAfter() throws IOException {
    String s = newSession();
    HttpResponse<String> broken =
        post(
            "/api/sessions/" + s + "/feedback",
            "{\"rating\": \"up\", \"tags\": [\"store-broken\"]}",
            "Idempotency-Key",
            "k-" + UUID.randomUUID());
    // safe for the store, but the server drew the id: a repeat could store a second copy
    HttpResponse<String> withoutId =
        post(
            "/api/sessions/" + s + "/feedback",
            "{\"rating\": \"up\", \"tags\": [\"store-unavailable\"]}");

    for (HttpResponse<String> r : List.of(broken, withoutId)) {
      assertProblem(r, 500);
      assertThat(r.headers().firstValue("Retry-After")).isEmpty();
      assertThat(r.body()).doesNotContain("db-internal", "27017", "append failed");
    }
  }
}
