package io.github.agentfeedback.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.spring.autoconfigure.FeedbackAutoConfiguration;
import io.github.agentfeedback.token.FeedbackTokens;
import io.github.agentfeedback.token.SigningKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The token endpoints and the widget through a real server on a random port: one vote per
 * token and message, 401 and 403 with nothing stored, the rate limits per token and per
 * client (each test posts from its own forwarded client address), and the starter's checks
 * of the token properties.
 */
@SpringBootTest(
    classes = EndpointsTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "agent-feedback.tokens.enabled=true",
      "agent-feedback.tokens.keys.k1=" + FeedbackTokenEndpointsTest.SECRET,
      "agent-feedback.tokens.time-to-live=10m",
      "agent-feedback.tokens.per-token=3",
      "agent-feedback.tokens.per-client=5",
      "agent-feedback.tokens.rate-period=1h",
      "agent-feedback.tokens.widget=true",
      "server.forward-headers-strategy=native"
    })
class FeedbackTokenEndpointsTest {

  static final String SECRET = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired FeedbackManager manager;
  @Autowired FeedbackTokens tokens;

  /** A client address of its own for each test, so the per-client limit is per test. */
  private final String client = "10.0.0." + CLIENTS.incrementAndGet();

  private final String session = "s-" + UUID.randomUUID();

  private HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
    b.header("X-Forwarded-For", client);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI vote(String sessionId, String messageId) {
    return URI.create(
        "http://127.0.0.1:"
            + port
            + "/api/sessions/"
            + sessionId
            + "/messages/"
            + messageId
            + "/vote");
  }

  private HttpResponse<String> post(String messageId, String body, String... headers) {
    return send(
        HttpRequest.newBuilder(vote(session, messageId))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }

  private HttpResponse<String> postWith(String token, String messageId, String body) {
    return post(messageId, body, FeedbackTokenController.TOKEN_HEADER, token);
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static void assertUnauthorized(HttpResponse<String> r, String code) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Feedback-Token");
    assertThat(json(r).path("code").asText()).isEqualTo(code);
  }

  @Test
  void upThenDownStoresOneVoteTheLast() throws IOException {
    String token = tokens.mint(session, "m-1");

    HttpResponse<String> up = postWith(token, "m-1", "{\"rating\": \"up\"}");
    HttpResponse<String> down =
        postWith(token, "m-1", "{\"rating\": \"down\", \"comment\": \"Wrong total\"}");

    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
    assertThat(json(down).path("message").asText()).isEqualTo("Vote replaced");
    List<Feedback> stored = manager.getFeedbacks(session);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).rating()).isEqualTo(Rating.DOWN);
    assertThat(stored.get(0).comment()).isEqualTo("Wrong total");
    assertThat(stored.get(0).messageId()).isEqualTo("m-1");

    HttpResponse<String> current =
        send(HttpRequest.newBuilder(vote(session, "m-1")).GET(), "Feedback-Token", token);
    assertThat(current.statusCode()).isEqualTo(200);
    assertThat(json(current).path("vote").path("rating").asText()).isEqualTo("down");
    assertThat(json(current).path("vote").path("comment").asText()).isEqualTo("Wrong total");
  }

  @Test
  void beforeTheFirstVoteTheCurrentVoteIsNull() throws IOException {
    String token = tokens.mint(session, "m-1");
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(vote(session, "m-1")).GET(), "Feedback-Token", token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).path("vote").isNull()).isTrue();
  }

  @Test
  void aUsersTwoTokensShareOneVote() {
    postWith(tokens.mint(session, "m-1", "u-1"), "m-1", "{\"rating\": \"up\"}");
    postWith(tokens.mint(session, "m-1", "u-1"), "m-1", "{\"rating\": \"down\"}");
    postWith(tokens.mint(session, "m-1", "u-2"), "m-1", "{\"rating\": \"up\"}");

    assertThat(manager.getFeedbacks(session))
        .extracting(Feedback::userId, Feedback::rating)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("u-1", Rating.DOWN),
            org.assertj.core.groups.Tuple.tuple("u-2", Rating.UP));
  }

  @Test
  void eachTokenReadsItsOwnVoteAmongTheSessionsOtherFeedback() throws IOException {
    String first = tokens.mint(session, "m-1", "u-1");
    String second = tokens.mint(session, "m-1", "u-2");
    String anonymous = tokens.mint(session, "m-1");
    String otherMessage = tokens.mint(session, "m-2", "u-1");
    manager.addFeedback(session, Feedback.down("on the whole session"));
    manager.addFeedback(
        session, Feedback.builder().rating(Rating.UP).messageId("m-1").comment("no user").build());
    postWith(first, "m-1", "{\"rating\": \"up\", \"comment\": \"first\"}");
    postWith(second, "m-1", "{\"rating\": \"down\", \"comment\": \"second\"}");
    postWith(anonymous, "m-1", "{\"rating\": \"neutral\", \"comment\": \"anonymous\"}");

    for (String[] expected :
        List.of(
            new String[] {first, "first"},
            new String[] {second, "second"},
            new String[] {anonymous, "anonymous"})) {
      HttpResponse<String> r =
          send(HttpRequest.newBuilder(vote(session, "m-1")).GET(), "Feedback-Token", expected[0]);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(json(r).path("vote").path("comment").asText()).isEqualTo(expected[1]);
    }
    HttpResponse<String> none =
        send(HttpRequest.newBuilder(vote(session, "m-2")).GET(), "Feedback-Token", otherMessage);
    assertThat(json(none).path("vote").isNull()).as(none.body()).isTrue();
  }

  @Test
  void missingForgedTamperedExpiredAndUnknownKeyTokensGet401AndStoreNothing() throws IOException {
    String body = "{\"rating\": \"up\"}";
    assertUnauthorized(post("m-1", body), "missing");
    assertUnauthorized(postWith("", "m-1", body), "missing");
    assertUnauthorized(postWith("not a token", "m-1", body), "malformed");
    assertUnauthorized(postWith("{\"$ne\": null}", "m-1", body), "malformed");

    FeedbackTokens attacker =
        FeedbackTokens.builder().key(SigningKey.of("k1", new byte[32])).build();
    assertUnauthorized(postWith(attacker.mint(session, "m-1"), "m-1", body), "forged_or_tampered");

    String genuine = tokens.mint(session, "m-1");
    char[] chars = genuine.toCharArray();
    int i = chars.length / 2;
    chars[i] = chars[i] == 'A' ? 'B' : 'A';
    assertUnauthorized(postWith(new String(chars), "m-1", body), "forged_or_tampered");

    FeedbackTokens past =
        FeedbackTokens.builder()
            .key(SigningKey.ofBase64("k1", SECRET))
            .clock(Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC))
            .build();
    assertUnauthorized(postWith(past.mint(session, "m-1"), "m-1", body), "expired");

    FeedbackTokens retired =
        FeedbackTokens.builder().key(SigningKey.of("k0", new byte[32])).build();
    assertUnauthorized(postWith(retired.mint(session, "m-1"), "m-1", body), "unknown_key");

    HttpResponse<String> get =
        send(HttpRequest.newBuilder(vote(session, "m-1")).GET(), "Feedback-Token", "x.y");
    assertUnauthorized(get, "malformed");

    assertThat(manager.getFeedbacks(session)).isEmpty();
  }

  @Test
  void aTokenOfAnotherMessageOrSessionGets403AndStoresNothing() throws IOException {
    String token = tokens.mint(session, "m-1");

    HttpResponse<String> otherMessage = postWith(token, "m-2", "{\"rating\": \"up\"}");
    HttpResponse<String> otherSession =
        send(
            HttpRequest.newBuilder(vote("s-other", "m-1"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"rating\": \"up\"}")),
            "Feedback-Token",
            token);

    assertThat(otherMessage.statusCode()).as(otherMessage.body()).isEqualTo(403);
    assertThat(otherSession.statusCode()).isEqualTo(403);
    assertThat(json(otherMessage).path("type").asText())
        .isEqualTo("urn:agent-feedback:problem:token-not-for-this-message");
    assertThat(manager.getFeedbacks(session)).isEmpty();
    assertThat(manager.getFeedbacks("s-other")).isEmpty();
  }

  @Test
  void theBodyMayNotSayWhoseVoteItIsOrOnWhat() throws IOException {
    String token = tokens.mint(session, "m-1", "u-1");
    for (String body :
        List.of(
            "{\"rating\": \"up\", \"user_id\": \"admin\"}",
            "{\"rating\": \"up\", \"message_id\": \"m-2\"}",
            "{\"rating\": \"up\", \"id\": \"x\"}",
            "{\"rating\": \"up\", \"$where\": \"1\"}",
            "{\"rating\": \"up\", \"attributes\": {\"ip\": \"1.2.3.4\"}}")) {
      HttpResponse<String> r = postWith(token, "m-1", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(json(r).path("errors").get(0).path("code").asText()).isEqualTo("not_allowed");
    }
    assertThat(postWith(token, "m-1", "{\"rating\": \"up\"").statusCode()).isEqualTo(400);
    assertThat(manager.getFeedbacks(session)).isEmpty();
  }

  @Test
  void withoutTheRestEndpointsTheVoteErrorsAreStillProblemDetails() throws IOException {
    // agent-feedback.web.enabled is not set here: the token endpoints bring the advice.
    String token = tokens.mint(session, "m-1");
    HttpResponse<String> malformed = postWith(token, "m-1", "{\"rating\": ");
    HttpResponse<String> tooLarge =
        postWith(token, "m-1", "{\"comment\": \"" + "a".repeat(70_000) + "\"}");

    assertProblem(malformed, 400);
    assertThat(json(malformed).path("type").asText())
        .isEqualTo("urn:agent-feedback:problem:malformed-json");
    assertProblem(tooLarge, 413);
    assertThat(json(tooLarge).path("detail").asText())
        .isEqualTo("the body must be at most 65536 bytes");
    assertThat(manager.getFeedbacks(session)).isEmpty();
  }

  @Test
  void aVoteDatedOutsideTheTokensLifetimeIs400AndCannotLockTheVote() throws IOException {
    String token = tokens.mint(session, "m-1");
    assertThat(postWith(token, "m-1", "{\"rating\": \"up\"}").statusCode()).isEqualTo(201);

    // a vote from the far future would make every later click STALE: the vote locked
    HttpResponse<String> future =
        postWith(token, "m-1", "{\"rating\": \"up\", \"created_at\": \"9999-01-01T00:00:00Z\"}");
    // and one from before the token existed would move the vote into a past period
    HttpResponse<String> past =
        postWith(token, "m-1", "{\"rating\": \"down\", \"created_at\": \"2001-01-01T00:00:00Z\"}");

    for (HttpResponse<String> r : List.of(future, past)) {
      assertProblem(r, 400);
      assertThat(json(r).path("errors").findValuesAsText("field")).containsExactly("created_at");
      assertThat(json(r).path("detail").asText()).contains("created_at must be within");
    }
    HttpResponse<String> down = postWith(token, "m-1", "{\"rating\": \"down\"}");
    assertThat(json(down).path("message").asText()).isEqualTo("Vote replaced");
    assertThat(manager.getFeedbacks(session))
        .singleElement()
        .satisfies(f -> assertThat(f.rating()).isEqualTo(Rating.DOWN));
  }

  @Test
  void aVoteThatIsNotJsonIs415AsAProblem() throws IOException {
    String token = tokens.mint(session, "m-1");
    HttpResponse<String> text =
        send(
            HttpRequest.newBuilder(vote(session, "m-1"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"rating\": \"up\"}")),
            "Feedback-Token",
            token);

    assertProblem(text, 415);
    assertThat(json(text).path("type").asText())
        .isEqualTo("urn:agent-feedback:problem:unsupported-media-type");
    assertThat(manager.getFeedbacks(session)).isEmpty();
  }

  private static void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void eachTokenIsRateLimitedAndTheLimitFailsClosed() throws IOException {
    String token = tokens.mint(session, "m-1");
    for (int i = 0; i < 3; i++) {
      assertThat(
              postWith(token, "m-1", "{\"rating\": \"" + (i % 2 == 0 ? "up" : "down") + "\"}")
                  .statusCode())
          .isIn(200, 201);
    }
    HttpResponse<String> limited = postWith(token, "m-1", "{\"rating\": \"up\"}");

    assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(manager.getFeedbacks(session).get(0).rating()).isEqualTo(Rating.UP);
    // the same vote again, as a retry would send it: charged too
    assertThat(postWith(token, "m-1", "{\"rating\": \"up\"}").statusCode()).isEqualTo(429);
  }

  @Test
  void eachClientIsRateLimitedAcrossTokens() {
    for (int i = 0; i < 5; i++) {
      String message = "m-" + i;
      assertThat(
              postWith(tokens.mint(session, message), message, "{\"rating\": \"up\"}").statusCode())
          .isEqualTo(201);
    }
    HttpResponse<String> limited =
        postWith(tokens.mint(session, "m-9"), "m-9", "{\"rating\": \"up\"}");

    assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
    assertThat(manager.getFeedbacks(session)).hasSize(5);
  }

  @Test
  void theWidgetIsServed() {
    for (String file : List.of("feedback-widget.js", "feedback-widget.css")) {
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/agent-feedback/" + file))
                  .GET());
      assertThat(r.statusCode()).as(file).isEqualTo(200);
      assertThat(r.body()).contains("agent-feedback widget");
    }
  }

  @Test
  void theTokenPropertiesAreChecked() {
    ApplicationContextRunner runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    FeedbackAutoConfiguration.class, FeedbackTokenAutoConfiguration.class))
            .withPropertyValues("agent-feedback.tokens.enabled=true");
    runner.run(
        c ->
            assertThat(c.getStartupFailure())
                .rootCause()
                .hasMessageContaining("agent-feedback.tokens.keys: at least one signing key"));
    runner
        .withPropertyValues(
            "agent-feedback.tokens.keys.a=" + SECRET, "agent-feedback.tokens.keys.b=" + SECRET)
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("agent-feedback.tokens.current-key"));
    runner
        .withPropertyValues(
            "agent-feedback.tokens.keys.weak=" + Base64.getEncoder().encodeToString(new byte[16]))
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("at least 32 bytes (256 bits), was 16"));
    runner
        .withPropertyValues(
            "agent-feedback.tokens.keys.old=" + SECRET,
            "agent-feedback.tokens.keys.new=" + SECRET,
            "agent-feedback.tokens.current-key=new")
        .run(c -> assertThat(c.getBean(FeedbackTokens.class).currentKeyId()).isEqualTo("new"));
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                FeedbackAutoConfiguration.class, FeedbackTokenAutoConfiguration.class))
        .run(c -> assertThat(c).doesNotHaveBean(FeedbackTokens.class));
  }
}
