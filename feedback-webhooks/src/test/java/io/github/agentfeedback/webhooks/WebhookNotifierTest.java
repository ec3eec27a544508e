package io.github.agentfeedback.webhooks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.hooks.TestClock;
import io.github.agentfeedback.hooks.notify.Notification;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A 32-byte key and its secret as the convention writes it. */
  static final byte[] KEY = "agent-feedback vector key 32 B!!".getBytes(UTF_8);

  static final String SECRET = "whsec_YWdlbnQtZmVlZGJhY2sgdmVjdG9yIGtleSAzMiBCISE=";

  /** Another key, 24 bytes: the one being rotated out. */
  static final byte[] OLD_KEY = "an older 24-byte key !!!".getBytes(UTF_8);

  /** 2026-01-01T00:00:00Z. */
  private static final long T0 = 1_767_225_600L;

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final TestClock clock = new TestClock(Instant.ofEpochSecond(T0));
  private TestWebhookServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Notification notification(Feedback f) {
    return Notification.ofFeedback(
        Notification.TYPE_FEEDBACK,
        "s-1",
        f,
        3,
        Instant.parse("2026-01-02T03:04:05.900Z"),
        "rating_down",
        "3rd negative feedback in session s-1");
  }

  static Feedback feedback() {
    return Feedback.builder()
        .id("f-9")
        .rating(Rating.DOWN)
        .comment("Couldn't find my <order> & \"number\"")
        .createdAt(Instant.parse("2026-01-02T03:04:05.678Z"))
        .userId("u-1")
        .build();
  }

  private WebhookNotifier.Builder webhook(URI uri) {
    return WebhookNotifier.builder()
        .uri(uri)
        .clock(clock)
        .sleeper(
            d -> {
              sleeps.add(d);
              clock.advance(d);
            });
  }

  private WebhookVerifier verifier(byte[]... keys) {
    WebhookVerifier.Builder b = WebhookVerifier.builder().clock(clock);
    for (byte[] key : keys) {
      b.secret(key);
    }
    return b.build();
  }

  @Test
  void postsSignedJsonWithEveryField() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/hooks/feedback")).secret(SECRET).build().deliver(notification(feedback()));

    assertThat(server.requests).hasSize(1);
    TestWebhookServer.Received r = server.requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hooks/feedback");
    assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(r.headers().getFirst("User-Agent")).isEqualTo("agent-feedback-webhook");
    assertThat(r.headers().getFirst("webhook-id")).matches("msg_[A-Za-z0-9_-]{22}");
    assertThat(r.headers().getFirst("webhook-timestamp")).isEqualTo(Long.toString(T0));
    assertThat(r.headers().getFirst("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");
    VerifiedWebhook verified = verifier(KEY).verify(r.headers(), r.body());
    assertThat(verified.id()).isEqualTo(r.headers().getFirst("webhook-id"));
    assertThat(verified.timestamp()).isEqualTo(Instant.ofEpochSecond(T0));

    JsonNode body = JSON.readTree(r.body());
    assertThat(body.toString())
        .isEqualTo(
            "{\"type\":\"feedback\",\"session_id\":\"s-1\","
                + "\"feedback_id\":\"f-9\",\"rating\":\"down\","
                + "\"comment\":\"Couldn't find my <order> & \\\"number\\\"\","
                + "\"created_at\":\"2026-01-02T03:04:05.678Z\",\"user_id\":\"u-1\","
                + "\"message_id\":null,\"count\":3,\"reason\":\"rating_down\","
                + "\"message\":\"3rd negative feedback in session s-1\","
                + "\"notified_at\":\"2026-01-02T03:04:05.900Z\"}");
  }

  /**
   * The signature of a known request, computed independently of this code:
   * <pre>
   * python3 -c 'import hmac, hashlib, base64, sys
   * msg = b"msg_vector_0001.1767225600." + open("body.json", "rb").read()
   * print(base64.b64encode(hmac.new(b"agent-feedback vector key 32 B!!", msg,
   *     hashlib.sha256).digest()).decode())'
   * openssl dgst -sha256 -hmac 'agent-feedback vector key 32 B!!' -binary msg | base64
   * </pre>
   * where body.json holds the body of {@link #postsSignedJsonWithEveryField} (no newline).
   */
  static final String VECTOR_SIGNATURE = "v1,2dlufCSTxzBjIDXjtg9hID19cbd2KvcDWbPUUebKZdA=";

  @Test
  void signatureEqualsAnIndependentlyComputedVectorWhetherTheKeyIsWhsecOrRaw() throws Exception {
    server = TestWebhookServer.start();
    for (WebhookNotifier.Builder b :
        List.of(WebhookNotifier.builder().secret(SECRET), WebhookNotifier.builder().secret(KEY))) {
      b.uri(server.uri("/"))
          .clock(Clock.fixed(Instant.ofEpochSecond(T0), ZoneOffset.UTC))
          .idGenerator(() -> "msg_vector_0001")
          .build()
          .deliver(notification(feedback()));
    }

    assertThat(server.requests)
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.headers().getFirst("webhook-id")).isEqualTo("msg_vector_0001");
              assertThat(r.headers().getFirst("webhook-timestamp")).isEqualTo("1767225600");
              assertThat(r.headers().getFirst("webhook-signature")).isEqualTo(VECTOR_SIGNATURE);
            });
  }

  @Test
  void everySecretAddsOneSignatureInTheOrderAdded() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/"))
        .secret(SECRET)
        .secret(OLD_KEY)
        .build()
        .deliver(notification(feedback()));

    TestWebhookServer.Received r = server.requests.get(0);
    String[] signatures = r.headers().getFirst("webhook-signature").split(" ");
    assertThat(signatures).hasSize(2).allMatch(sig -> sig.startsWith("v1,"));
    String id = r.headers().getFirst("webhook-id");
    String ts = r.headers().getFirst("webhook-timestamp");
    // Each signature alone passes under its own key only.
    assertThat(verifier(KEY).verify(id, ts, signatures[0], r.body()).id()).isEqualTo(id);
    assertThat(verifier(OLD_KEY).verify(id, ts, signatures[1], r.body()).id()).isEqualTo(id);
    assertThatThrownBy(() -> verifier(OLD_KEY).verify(id, ts, signatures[0], r.body()))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void retriesKeepTheIdAndSignEachAttemptWithItsOwnTimestamp() throws Exception {
    server = TestWebhookServer.start().verifying(verifier(KEY)).answering(n -> n < 3 ? 503 : 200);
    webhook(server.uri("/"))
        .secret(SECRET)
        .initialBackoff(Duration.ofSeconds(2))
        .build()
        .deliver(notification(feedback()));

    assertThat(server.requests).hasSize(3);
    assertThat(server.refused).isEmpty();
    assertThat(server.verified)
        .extracting(VerifiedWebhook::timestamp)
        .containsExactly(
            Instant.ofEpochSecond(T0),
            Instant.ofEpochSecond(T0 + 2),
            Instant.ofEpochSecond(T0 + 6));
    String id = server.requests.get(0).headers().getFirst("webhook-id");
    assertThat(server.verified).extracting(VerifiedWebhook::id).containsOnly(id);
    assertThat(server.requests)
        .extracting(r -> r.headers().getFirst("webhook-signature"))
        .doesNotHaveDuplicates();
  }

  @Test
  void everyDeliveryGetsItsOwnId() throws Exception {
    server = TestWebhookServer.start();
    WebhookNotifier notifier = webhook(server.uri("/")).secret(SECRET).build();
    for (int i = 0; i < 20; i++) {
      notifier.deliver(notification(feedback()));
    }

    Set<String> ids = new HashSet<>();
    server.requests.forEach(r -> ids.add(r.headers().getFirst("webhook-id")));
    assertThat(ids).hasSize(20).allMatch(id -> id.matches("msg_[A-Za-z0-9_-]{22}"));
  }

  @Test
  void withoutASecretTheIdAndTimestampAreSentUnsigned() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/")).idGenerator(() -> "evt-1").build().deliver(notification(feedback()));

    TestWebhookServer.Received r = server.requests.get(0);
    assertThat(r.headers().getFirst("webhook-id")).isEqualTo("evt-1");
    assertThat(r.headers().getFirst("webhook-timestamp")).isEqualTo(Long.toString(T0));
    assertThat(r.headers().containsKey("webhook-signature")).isFalse();
  }

  @Test
  void anInvalidGeneratedIdFailsTheDeliveryBeforeAnythingIsSent() throws Exception {
    server = TestWebhookServer.start();
    for (String bad : new String[] {null, "", "msg.1", "msg 1", "é", "x".repeat(257)}) {
      WebhookNotifier notifier = webhook(server.uri("/")).idGenerator(() -> bad).build();
      assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("idGenerator");
    }
    assertThat(server.requests).isEmpty();
  }

  @Test
  void secretsMustBeWrittenAsTheConventionSaysAndHoldAKeyOfAllowedLength() {
    List<String> bad =
        List.of(
            "s3cr3t-without-prefix-long-enough-to-be-a-key", // no whsec_
            "whsec_not*base64", // not base64
            "whsec_c2hvcnQ=", // "short": 5 bytes
            "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[65]));
    for (String secret : bad) {
      assertThatThrownBy(() -> WebhookNotifier.builder().secret(secret))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("secret")
          .hasMessageNotContaining(secret)
          // nor a cause: the decoder's says "Illegal base64 character 2a", part of the secret
          .hasNoCause();
    }
    assertThatThrownBy(() -> WebhookNotifier.builder().secret(new byte[23]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret")
        .hasMessageContaining("24 to 64 bytes");
    assertThatThrownBy(() -> WebhookNotifier.builder().secret((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("secret");
    assertThatThrownBy(() -> WebhookNotifier.builder().secret((byte[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("secret");
  }

  @Test
  void headersTheClientOrNotifierOwnAreRefusedWhateverTheirCase() {
    for (String name :
        List.of(
            "Host",
            "content-length",
            "Content-Type",
            "Connection",
            "Expect",
            "upgrade",
            "webhook-id",
            "Webhook-Timestamp",
            "WEBHOOK-SIGNATURE")) {
      assertThatThrownBy(() -> WebhookNotifier.builder().header(name, "forged"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(name);
    }
    assertThatThrownBy(() -> WebhookNotifier.builder().header("X-Token", "t0ken\nvalue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Token")
        .hasMessageNotContaining("t0ken");
  }

  @Test
  void customHeadersAreSentAndASecondValueReplacesTheFirstWhateverItsCase() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/"))
        .secret(SECRET)
        .header("Authorization", "Bearer old")
        .header("authorization", "Bearer t")
        .header("user-agent", "my-app/1.0")
        .build()
        .deliver(notification(feedback()));
    TestWebhookServer.Received r = server.requests.get(0);
    assertThat(r.headers().get("Authorization")).containsExactly("Bearer t");
    assertThat(r.headers().get("User-Agent")).containsExactly("my-app/1.0");
    assertThat(r.headers().get("webhook-signature")).hasSize(1);
  }

  @Test
  void neutralRatingIsNullAndCommentCanBeLeftOut() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/"))
        .includeComment(false)
        .build()
        .deliver(notification(feedback().toBuilder().rating(Rating.NEUTRAL).build()));

    TestWebhookServer.Received r = server.requests.get(0);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("rating").isNull()).isTrue();
    assertThat(body.has("comment")).isFalse();
  }

  @Test
  void aScoreWithoutRatingHasNoRatingField() throws Exception {
    byte[] body =
        WebhookNotifier.builder()
            .uri("http://127.0.0.1:9/hook")
            .build()
            .body(
                notification(
                    Feedback.scored(3, Scale.NPS).toBuilder()
                        .id("f-1")
                        .createdAt(Instant.ofEpochSecond(T0))
                        .build()));
    assertThat(new String(body, UTF_8))
        .doesNotContain("\"rating\"")
        .contains("\"score\":{\"value\":3.0,\"scale\":\"nps\"}");
  }

  @Test
  void truncateKeepsSurrogatePairsWhole() {
    assertThat(WebhookNotifier.truncate("abc", 3)).isEqualTo("abc");
    assertThat(WebhookNotifier.truncate("abcdef", 4)).isEqualTo("abc…");
    assertThat(WebhookNotifier.truncate("ab\uD83D\uDE00cd", 4)).isEqualTo("ab…");
  }

  @Test
  void slackFormatPostsTextWithTheEscapedComment() throws Exception {
    server = TestWebhookServer.start();
    webhook(server.uri("/services/T0/B0/token"))
        .format(WebhookNotifier.Format.SLACK)
        .secret(SECRET)
        .build()
        .deliver(
            notification(feedback().toBuilder().comment("line one\nline <two> & more").build()));

    TestWebhookServer.Received r = server.requests.get(0);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.size()).isEqualTo(1);
    assertThat(body.get("text").asText())
        .isEqualTo(
            ":thumbsdown: 3rd negative feedback in session s-1 (feedback f-9)\n"
                + "> line one\n> line &lt;two&gt; &amp; more");
    assertThat(verifier(KEY).verify(r.headers(), r.body())).isNotNull();
  }

  @Test
  void retriesServerErrorsWithDoublingBackoffThenGivesUp() throws Exception {
    server = TestWebhookServer.start().answering(n -> 500);
    WebhookNotifier notifier = webhook(server.uri("/")).build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOfSatisfying(
            WebhookException.class,
            e -> {
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
    webhook(server.uri("/"))
        .maxAttempts(5)
        .initialBackoff(Duration.ofMillis(10))
        .build()
        .deliver(notification(feedback()));

    assertThat(server.requests).hasSize(3);
    assertThat(server.requests.get(2).body()).isEqualTo(server.requests.get(0).body());
    assertThat(sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
  }

  @Test
  void backoffIsCappedAtMaxBackoff() throws Exception {
    server = TestWebhookServer.start().answering(n -> 502);
    WebhookNotifier notifier =
        webhook(server.uri("/"))
            .maxAttempts(5)
            .initialBackoff(Duration.ofMillis(300))
            .maxBackoff(Duration.ofSeconds(1))
            .build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOf(WebhookException.class);
    assertThat(sleeps)
        .containsExactly(
            Duration.ofMillis(300),
            Duration.ofMillis(600),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
  }

  @Test
  void clientErrorsAreNotRetried() throws Exception {
    server = TestWebhookServer.start().answering(n -> 400);
    WebhookNotifier notifier = webhook(server.uri("/")).build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOfSatisfying(
            WebhookException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(1);
              assertThat(e.statusCode()).hasValue(400);
            });
    assertThat(server.requests).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void timeoutsAreRetried() throws Exception {
    server = TestWebhookServer.holding(); // never answers within the test's timeout
    WebhookNotifier notifier =
        webhook(server.uri("/")).maxAttempts(2).requestTimeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOfSatisfying(
            WebhookException.class,
            e -> {
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
        .isInstanceOfSatisfying(
            WebhookException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(3);
              assertThat(e.getCause()).isInstanceOf(ConnectException.class);
            });
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void toStringAndErrorsHideThePathWhichMayHoldAToken() {
    WebhookNotifier notifier =
        WebhookNotifier.builder()
            .uri("https://hooks.slack.com/services/T0/B0/secret-token")
            .build();
    assertThat(notifier.toString()).isEqualTo("WebhookNotifier[https://hooks.slack.com, JSON]");
  }

  @Test
  void rejectsUrisThatAreNotHttpWithoutRepeatingTheirPath() {
    assertThatThrownBy(() -> WebhookNotifier.builder().uri("ftp://example.com/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uri");
    assertThatThrownBy(() -> WebhookNotifier.builder().uri("https://example.com/to ken"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uri")
        .hasMessageNotContaining("to ken");
    assertThatThrownBy(() -> WebhookNotifier.builder().uri((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("uri");
    assertThatThrownBy(() -> WebhookNotifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("uri");
  }

  @Test
  void credentialsInTheUriAreRefusedBecauseTheClientWouldDropThemUnsaid() throws Exception {
    // The JDK client sends no Authorization for user:password@ in a URI: every delivery
    // would fail with 401 long after the configuration was accepted.
    for (String uri :
        List.of("https://ann:pa55word@hooks.example.com/x", "http://token@127.0.0.1:8080/")) {
      assertThatThrownBy(() -> WebhookNotifier.builder().uri(uri))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("uri")
          .hasMessageContaining("Authorization")
          .hasMessageNotContainingAny("ann", "pa55word", "token");
    }
  }

  @Test
  void aClientThatFollowsRedirectsIsRefused() {
    // The JDK client that follows a redirect re-sends the body, the signature and every
    // configured header, Authorization included, to whichever host the Location names.
    for (HttpClient.Redirect follows :
        List.of(HttpClient.Redirect.NORMAL, HttpClient.Redirect.ALWAYS)) {
      HttpClient client = HttpClient.newBuilder().followRedirects(follows).build();
      assertThatThrownBy(() -> WebhookNotifier.builder().httpClient(client))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("httpClient")
          .hasMessageContaining("Redirect.NEVER");
    }
    HttpClient never = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    assertThat(WebhookNotifier.builder().uri("https://example.com/").httpClient(never).build())
        .isNotNull();
  }

  @Test
  void durationsMustBePositiveAndAtMostAnHour() {
    WebhookNotifier.Builder b = WebhookNotifier.builder();
    List<Duration> nonsense =
        List.of(
            Duration.ZERO,
            Duration.ofMillis(-1),
            Duration.ofHours(1).plusNanos(1),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
    for (Duration d : nonsense) {
      assertThatThrownBy(() -> b.connectTimeout(d))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("connectTimeout");
      assertThatThrownBy(() -> b.requestTimeout(d))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("requestTimeout");
      assertThatThrownBy(() -> b.initialBackoff(d))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("initialBackoff");
      assertThatThrownBy(() -> b.maxBackoff(d))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxBackoff");
    }
    assertThatThrownBy(() -> b.requestTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("requestTimeout");
    for (int attempts : new int[] {0, -1, 21, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> b.maxAttempts(attempts))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxAttempts");
    }
  }

  @Test
  void longestBackoffsDoubleUpToTheCapWithoutOverflow() throws Exception {
    server = TestWebhookServer.start().answering(n -> 503);
    WebhookNotifier notifier =
        webhook(server.uri("/"))
            .maxAttempts(20)
            .initialBackoff(WebhookNotifier.MAX_DURATION)
            .maxBackoff(WebhookNotifier.MAX_DURATION)
            .build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOfSatisfying(
            WebhookException.class, e -> assertThat(e.attempts()).isEqualTo(20));
    assertThat(sleeps).hasSize(19).containsOnly(WebhookNotifier.MAX_DURATION);
  }

  @Test
  void deliverNamesAMissingNotification() {
    WebhookNotifier notifier = WebhookNotifier.builder().uri("https://example.com/").build();
    assertThatThrownBy(() -> notifier.deliver(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("notification");
  }

  @Test
  void aReceiverThatNeverEndsItsResponseBodyDoesNotHoldTheDelivery() throws Exception {
    // The status arrives at once, then a body that never ends: the request timeout covers
    // only the wait for the status, so a notifier that reads the body waits for ever.
    CountDownLatch done = new CountDownLatch(1);
    HttpServer endless =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    endless.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 0); // chunked: no length announced
          exchange.getResponseBody().write("still writing".getBytes(UTF_8));
          exchange.getResponseBody().flush();
          try {
            done.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    endless.setExecutor(executor);
    endless.start();
    URI uri = URI.create("http://127.0.0.1:" + endless.getAddress().getPort() + "/");
    WebhookNotifier notifier = webhook(uri).requestTimeout(Duration.ofSeconds(1)).build();
    try {
      CompletableFuture<Void> delivery =
          CompletableFuture.runAsync(
              () -> {
                try {
                  notifier.deliver(notification(feedback()));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      // A liveness bound, not a measurement: the body is never finished.
      assertThat(delivery).succeedsWithin(Duration.ofSeconds(30));
      assertThat(sleeps).isEmpty();
    } finally {
      done.countDown();
      endless.stop(0);
      executor.shutdownNow();
    }
  }
}
