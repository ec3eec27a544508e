package io.github.agentfeedback.hooks.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "s3cr3t";

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private TestWebhookServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Notification notification(Feedback f) {
    return new Notification(Notification.TYPE_FEEDBACK, "s-1", f, 3,
        Instant.parse("2026-01-02T03:04:05.900Z"), "rating_down",
        "3rd negative feedback in session s-1");
  }

  private static Feedback feedback() {
    return Feedback.builder().id("f-9").rating(Rating.DOWN)
        .comment("Couldn't find my <order> & \"number\"")
        .createdAt(Instant.parse("2026-01-02T03:04:05.678Z"))
        .userId("u-1").build();
  }

  private WebhookNotifier.Builder webhook(URI uri) {
    return WebhookNotifier.builder().uri(uri).sleeper(sleeps::add);
  }

  private static String hmacHex(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void postsSignedJsonWithEveryField() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/hooks/feedback")).secret(SECRET).build()
        .deliver(notification(feedback()));

    assertThat(server.requests).hasSize(1);
    TestWebhookServer.Received r = server.requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hooks/feedback");
    assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(r.headers().getFirst("X-Signature"))
        .isEqualTo("sha256=" + hmacHex(SECRET, r.body()));
    assertThat(WebhookNotifier.verifySignature(SECRET.getBytes(UTF_8), r.body(),
        r.headers().getFirst("X-Signature"))).isTrue();

    JsonNode body = JSON.readTree(r.body());
    assertThat(body.toString()).isEqualTo("{\"type\":\"feedback\",\"session_id\":\"s-1\","
        + "\"feedback_id\":\"f-9\",\"rating\":\"down\","
        + "\"comment\":\"Couldn't find my <order> & \\\"number\\\"\","
        + "\"created_at\":\"2026-01-02T03:04:05.678Z\",\"user_id\":\"u-1\","
        + "\"message_id\":null,\"count\":3,\"reason\":\"rating_down\","
        + "\"message\":\"3rd negative feedback in session s-1\","
        + "\"notified_at\":\"2026-01-02T03:04:05.900Z\"}");
  }

  @Test
  void headersTheClientOrNotifierOwnAreRefusedAtBuildTime() {
    for (String name : List.of("Host", "content-length", "Content-Type", "Connection")) {
      assertThatThrownBy(() -> WebhookNotifier.builder().header(name, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(name);
    }
    assertThatThrownBy(() -> WebhookNotifier.builder().header("X-Bad", "line\nbreak"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSignatureHeaderIsRefusedLikeTheOtherOwnedHeadersWhateverItsCase() {
    for (String name : List.of("X-Signature", "x-signature", "X-SIGNATURE")) {
      assertThatThrownBy(() -> WebhookNotifier.builder().header(name, "forged"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(name);
    }
    WebhookNotifier.Builder renamedLater = WebhookNotifier.builder().uri("https://example.com/")
        .header("x-hub-signature-256", "forged").signatureHeader("X-Hub-Signature-256");
    assertThatThrownBy(renamedLater::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x-hub-signature-256");
  }

  @Test
  void customHeadersAreSent() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/")).secret(SECRET).header("Authorization", "Bearer t").build()
        .deliver(notification(feedback()));
    TestWebhookServer.Received r = server.requests.get(0);
    assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer t");
    assertThat(r.headers().get(WebhookNotifier.SIGNATURE_HEADER)).singleElement()
        .isEqualTo("sha256=" + hmacHex(SECRET, r.body()));
  }

  @Test
  void neutralRatingIsNullAndCommentCanBeLeftOut() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/")).includeComment(false).build()
        .deliver(notification(feedback().withRating(Rating.NEUTRAL)));

    TestWebhookServer.Received r = server.requests.get(0);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("rating").isNull()).isTrue();
    assertThat(body.has("comment")).isFalse();
    assertThat(r.headers().containsKey("X-Signature")).isFalse();
  }

  @Test
  void slackFormatPostsTextWithTheEscapedComment() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/services/T0/B0/token")).format(WebhookNotifier.Format.SLACK)
        .secret(SECRET).signatureHeader("X-Hub-Signature-256").build()
        .deliver(notification(feedback().withComment("line one\nline <two> & more")));

    TestWebhookServer.Received r = server.requests.get(0);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.size()).isEqualTo(1);
    assertThat(body.get("text").asText()).isEqualTo(
        ":thumbsdown: 3rd negative feedback in session s-1 (feedback f-9)\n"
            + "> line one\n> line &lt;two&gt; &amp; more");
    assertThat(r.headers().getFirst("X-Hub-Signature-256"))
        .isEqualTo("sha256=" + hmacHex(SECRET, r.body()));
  }

  @Test
  void retriesServerErrorsWithDoublingBackoffThenGivesUp() throws Exception {
    server = TestWebhookServer.start().answering(n -> 500);
    WebhookNotifier notifier = webhook(server.uri("/")).build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOfSatisfying(WebhookException.class, e -> {
          assertThat(e.attempts()).isEqualTo(3);
          assertThat(e.statusCode()).hasValue(500);
          assertThat(e.getMessage()).contains("127.0.0.1").doesNotContain("Couldn't");
        });
    assertThat(server.requests).hasSize(3);
    assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void retriesUntilTheReceiverRecovers() throws Exception {
    server = TestWebhookServer.start().answering(n -> n == 1 ? 503 : n == 2 ? 429 : 204);
    webhook(server.uri("/")).maxAttempts(5).initialBackoff(Duration.ofMillis(10)).build()
        .deliver(notification(feedback()));

    assertThat(server.requests).hasSize(3);
    assertThat(server.requests.get(2).body()).isEqualTo(server.requests.get(0).body());
    assertThat(sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
  }

  @Test
  void backoffIsCappedAtMaxBackoff() throws Exception {
    server = TestWebhookServer.start().answering(n -> 502);
    WebhookNotifier notifier = webhook(server.uri("/")).maxAttempts(5)
        .initialBackoff(Duration.ofMillis(300)).maxBackoff(Duration.ofSeconds(1)).build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOf(WebhookException.class);
    assertThat(sleeps).containsExactly(Duration.ofMillis(300), Duration.ofMillis(600),
        Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void clientErrorsAreNotRetried() throws Exception {
    server = TestWebhookServer.start().answering(n -> 400);
    WebhookNotifier notifier = webhook(server.uri("/")).build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOfSatisfying(WebhookException.class, e -> {
          assertThat(e.attempts()).isEqualTo(1);
          assertThat(e.statusCode()).hasValue(400);
        });
    assertThat(server.requests).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void timeoutsAreRetried() throws Exception {
    server = TestWebhookServer.holding(); // never answers within the test's timeout
    WebhookNotifier notifier = webhook(server.uri("/")).maxAttempts(2)
        .requestTimeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOfSatisfying(WebhookException.class, e -> {
          assertThat(e.attempts()).isEqualTo(2);
          assertThat(e.statusCode()).isEmpty();
          assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
        });
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void connectionErrorsAreRetried() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed below: nothing listens there
    }
    WebhookNotifier notifier = webhook(URI.create("http://127.0.0.1:" + port + "/")).build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOfSatisfying(WebhookException.class, e -> {
          assertThat(e.attempts()).isEqualTo(3);
          assertThat(e.getCause()).isInstanceOf(ConnectException.class);
        });
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void toStringAndErrorsHideThePathWhichMayHoldAToken() {
    WebhookNotifier notifier = WebhookNotifier.builder()
        .uri("https://hooks.slack.com/services/T0/B0/secret-token").build();
    assertThat(notifier.toString()).isEqualTo("WebhookNotifier[https://hooks.slack.com, JSON]");
  }

  @Test
  void signatureIsHexHmacOfTheBody() throws Exception {
    byte[] body = "{\"a\":1}".getBytes(UTF_8);
    String sig = WebhookNotifier.signature(SECRET.getBytes(UTF_8), body);
    assertThat(sig).isEqualTo("sha256=" + hmacHex(SECRET, body)).hasSize(7 + 64);
    assertThat(WebhookNotifier.verifySignature("other".getBytes(UTF_8), body, sig)).isFalse();
    assertThat(WebhookNotifier.verifySignature(SECRET.getBytes(UTF_8), body, null)).isFalse();
  }

  @Test
  void rejectsUrisThatAreNotHttp() {
    assertThatThrownBy(() -> WebhookNotifier.builder().uri("ftp://example.com/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookNotifier.builder().build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("uri");
  }
}
