package io.github.agentfeedback.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.analytics.CohortComparison;
import io.github.agentfeedback.analytics.CompareOptions;
import io.github.agentfeedback.capture.FeedbackManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The endpoints the dashboard draws (trend, comparison, groups) on fixed weeks of feedback,
 * bare dates in the request's zone, and the dashboard page behind the analytics' security.
 */
@SpringBootTest(
    classes = EndpointsTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"agent-feedback.web.enabled=true", "agent-feedback.web.dashboard=true"})
class FeedbackDashboardTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANALYST =
      "Basic "
          + Base64.getEncoder().encodeToString("ana:ana-secret".getBytes(StandardCharsets.UTF_8));

  @LocalServerPort int port;
  @Autowired FeedbackManager manager;

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private void add(String session, Rating rating, String at) {
    manager.addFeedback(
        session, Feedback.builder().rating(rating).createdAt(Instant.parse(at)).build());
  }

  @Test
  void theTrendHasOnePointPerPeriodOfTheRange() throws Exception {
    add("dash-1", Rating.UP, "2025-06-02T10:00:00Z");
    add("dash-1", Rating.DOWN, "2025-06-02T11:00:00Z");
    add("dash-2", Rating.UP, "2025-06-04T10:00:00Z");
    add("dash-2", Rating.NEUTRAL, "2025-06-06T23:30:00Z");

    HttpResponse<String> r =
        get(
            "/api/feedback/trend?since=2025-06-02&until=2025-06-09&granularity=day",
            "Authorization",
            ANALYST);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode points = JSON.readTree(r.body()).path("points");
    assertThat(points.size()).isEqualTo(7);
    assertThat(points.get(0).path("period").asText()).isEqualTo("2025-06-02");
    assertThat(points.get(0).at("/summary/ratings/satisfaction").asDouble()).isEqualTo(50.0);
    assertThat(points.get(1).at("/summary/ratings/total").asInt()).isZero();
    assertThat(points.get(4).at("/summary/ratings/neutral").asInt()).isEqualTo(1);

    HttpResponse<String> paris =
        get(
            "/api/feedback/trend?since=2025-06-02&until=2025-06-09&zone=Europe/Paris&fill=data_only",
            "Authorization",
            ANALYST);
    JsonNode inParis = JSON.readTree(paris.body()).path("points");
    assertThat(inParis.size()).isEqualTo(3);
    assertThat(inParis.get(2).path("period").asText()).isEqualTo("2025-06-07"); // 23:30Z
  }

  @Test
  void bareDatesAreMidnightInTheRequestsZone() throws Exception {
    // 2025-07-07 00:30 in Paris: after a week that ends on 2025-07-07 there, inside it in UTC.
    add("zone-1", Rating.UP, "2025-07-06T22:30:00Z");

    JsonNode paris =
        JSON.readTree(
            get(
                    "/api/feedback/trend?since=2025-06-30&until=2025-07-07&zone=Europe/Paris",
                    "Authorization",
                    ANALYST)
                .body());
    JsonNode report =
        JSON.readTree(
            get(
                    "/api/feedback/report?from=2025-06-30&to=2025-07-07&zone=Europe/Paris",
                    "Authorization",
                    ANALYST)
                .body());
    JsonNode utc =
        JSON.readTree(
            get("/api/feedback/trend?since=2025-06-30&until=2025-07-07", "Authorization", ANALYST)
                .body());

    JsonNode points = paris.path("points");
    assertThat(points.size()).isEqualTo(7);
    assertThat(points.get(0).path("start").asText()).isEqualTo("2025-06-29T22:00:00Z");
    assertThat(points.get(6).path("end").asText()).isEqualTo("2025-07-06T22:00:00Z");
    long total = 0;
    for (JsonNode p : points) {
      total += p.at("/summary/ratings/total").asLong();
    }
    assertThat(total).isZero();
    assertThat(report.at("/period/start").asText()).isEqualTo("2025-06-29T22:00:00Z");
    assertThat(report.at("/period/end").asText()).isEqualTo("2025-07-06T22:00:00Z");
    assertThat(report.at("/current/ratings/total").asLong()).isZero();
    assertThat(utc.at("/points/0/start").asText()).isEqualTo("2025-06-30T00:00:00Z");
    assertThat(utc.at("/points/6/summary/ratings/up").asLong()).isEqualTo(1);
  }

  /** Variant A: 12 up, 8 down; B: 18 up, 4 down; one vote per session, week of 2025-08-04. */
  private void abTest() {
    Instant monday = Instant.parse("2025-08-04T10:00:00Z");
    for (int i = 0; i < 42; i++) {
      boolean a = i < 20;
      String session = "ab-" + i;
      manager.updateMetadata(session, Map.of("variant", a ? "A" : "B"));
      boolean up = a ? i < 12 : i < 38;
      manager.addFeedback(
          session,
          Feedback.builder()
              .rating(up ? Rating.UP : Rating.DOWN)
              .createdAt(monday.plus(Duration.ofMinutes(i)))
              .build());
    }
  }

  @Test
  void theComparisonAnswersWhatTheAnalyticsCompare() throws Exception {
    abTest();
    FeedbackQuery week =
        FeedbackQuery.builder()
            .since(Instant.parse("2025-08-04T00:00:00Z"))
            .until(Instant.parse("2025-08-11T00:00:00Z"))
            .build();
    CohortComparison expected =
        manager
            .analytics()
            .compare(week, GroupKey.metadata("variant"), "A", "B", CompareOptions.defaults());

    HttpResponse<String> r =
        get(
            "/api/feedback/compare?by=metadata.variant&a=A&b=B&since=2025-08-04&until=2025-08-11",
            "Authorization",
            ANALYST);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode json = JSON.readTree(r.body());
    CohortComparison.ProportionTest test = expected.satisfaction();
    assertThat(test.method()).isEqualTo(CohortComparison.Method.SCORE);
    JsonNode satisfaction = json.path("satisfaction");
    assertThat(satisfaction.at("/a/trials").asLong()).isEqualTo(20);
    assertThat(satisfaction.at("/b/trials").asLong()).isEqualTo(22);
    assertThat(satisfaction.at("/a/percent").asDouble()).isEqualTo(60.0);
    assertThat(satisfaction.path("difference").asDouble()).isEqualTo(test.difference());
    assertThat(satisfaction.at("/interval/lower").asDouble()).isEqualTo(test.interval().lower());
    assertThat(satisfaction.at("/interval/upper").asDouble()).isEqualTo(test.interval().upper());
    assertThat(satisfaction.path("p_value").asDouble()).isEqualTo(test.pValue());
    assertThat(satisfaction.path("method").asText()).isEqualTo("score");
    assertThat(satisfaction.path("withheld").isNull()).isTrue();

    JsonNode tooFew =
        JSON.readTree(
            get(
                    "/api/feedback/compare?by=metadata.variant&a=A&b=B&since=2025-08-04"
                        + "&until=2025-08-11&min_sample_size=21",
                    "Authorization",
                    ANALYST)
                .body());
    assertThat(tooFew.at("/satisfaction/withheld").asText()).isEqualTo("too_few");
    assertThat(tooFew.at("/satisfaction/p_value").isNull()).isTrue();
    assertThat(tooFew.at("/satisfaction/a/trials").asLong()).isEqualTo(20);

    JsonNode groups =
        JSON.readTree(
            get(
                    "/api/feedback/groups?by=metadata.variant&since=2025-08-04&until=2025-08-11"
                        + "&min_sample_size=1",
                    "Authorization",
                    ANALYST)
                .body());
    assertThat(groups.at("/best/0/key").asText()).isEqualTo("B");
    assertThat(groups.at("/best/0/sample_size").asLong()).isEqualTo(22);
    assertThat(groups.at("/best/1/key").asText()).isEqualTo("A"); // two groups: both "best"
    assertThat(groups.at("/best/1/sample_size").asLong()).isEqualTo(20);
  }

  @Test
  void badComparisonAndGroupParametersAreA400NamingThem() throws Exception {
    String ab = "by=metadata.variant&a=A&b=B";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("compare?a=A&b=B", "by");
    cases.put("compare?by=metadata.variant&b=B", "a");
    cases.put("compare?by=metadata.variant&a=A", "b");
    cases.put("compare?by=metadata.variant&a=A&b=A", "b");
    cases.put("compare?by=color&a=A&b=B", "by");
    cases.put("compare?" + ab + "&alpha=2", "alpha");
    cases.put("compare?" + ab + "&alpha=x", "alpha");
    cases.put("compare?" + ab + "&min_sample_size=0", "min_sample_size");
    cases.put("compare?" + ab + "&standard_errors=robust", "standard_errors");
    cases.put("compare?" + ab + "&zone=Mars/Olympus", "zone");
    cases.put("compare?" + ab + "&group_by=model", "group_by");
    cases.put("groups?metric=satisfaction", "by");
    cases.put("groups?by=model&limit=0", "limit");
    cases.put("groups?by=model&limit=1001", "limit");
    cases.put("groups?by=model&metric=joy", "metric");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = get("/api/feedback/" + c.getKey(), "Authorization", ANALYST);
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(JSON.readTree(r.body()).path("errors").get(0).path("field").asText())
          .as(c.getKey())
          .isEqualTo(c.getValue());
    }
    assertThat(get("/api/feedback/compare?" + ab).statusCode()).isEqualTo(401);
  }

  @Test
  void badTrendParametersAreA400NamingThem() throws Exception {
    for (String query :
        new String[] {
          "granularity=fortnight", "zone=Mars/Olympus", "fill=some", "since=x", "week=2025-06-02"
        }) {
      HttpResponse<String> r = get("/api/feedback/trend?" + query, "Authorization", ANALYST);
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("errors").get(0).path("field").asText())
          .isEqualTo(query.substring(0, query.indexOf('=')));
    }
    HttpResponse<String> tooMany =
        get(
            "/api/feedback/trend?since=2000-01-01&until=2025-01-01&granularity=hour",
            "Authorization",
            ANALYST);
    assertThat(tooMany.statusCode()).isEqualTo(400);
  }

  @Test
  void theDashboardIsServedBehindTheAnalyticsSecurity() throws Exception {
    assertThat(get("/api/feedback/dashboard").statusCode()).isEqualTo(401);
    assertThat(get("/api/feedback/dashboard.js").statusCode()).isEqualTo(401);

    HttpResponse<String> page = get("/api/feedback/dashboard", "Authorization", ANALYST);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("default-src 'self'"));
    assertThat(page.body())
        .contains("<script src=\"dashboard.js\" defer></script>")
        .doesNotContain("http");
    HttpResponse<String> script = get("/api/feedback/dashboard.js", "Authorization", ANALYST);
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body())
        .contains("/feedback/trend")
        .doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg\")");
    assertThat(get("/api/feedback/dashboard.css", "Authorization", ANALYST).statusCode())
        .isEqualTo(200);
  }
}
