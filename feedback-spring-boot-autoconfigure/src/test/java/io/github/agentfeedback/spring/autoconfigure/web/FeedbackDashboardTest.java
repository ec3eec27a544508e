package io.github.agentfeedback.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The trend endpoint the dashboard draws, on a fixed week of feedback, and the dashboard
 * page behind the analytics' security.
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
