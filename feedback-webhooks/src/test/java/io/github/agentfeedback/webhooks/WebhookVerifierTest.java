package io.github.agentfeedback.webhooks;

import static io.github.agentfeedback.webhooks.WebhookNotifierTest.KEY;
import static io.github.agentfeedback.webhooks.WebhookNotifierTest.OLD_KEY;
import static io.github.agentfeedback.webhooks.WebhookNotifierTest.SECRET;
import static io.github.agentfeedback.webhooks.WebhookNotifierTest.VECTOR_SIGNATURE;
import static io.github.agentfeedback.webhooks.WebhookNotifierTest.feedback;
import static io.github.agentfeedback.webhooks.WebhookNotifierTest.notification;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.hooks.TestClock;
import io.github.agentfeedback.webhooks.WebhookVerificationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

  /** 2026-01-01T00:00:00Z, the time of the vector. */
  private static final long T0 = 1_767_225_600L;

  private static final String VECTOR_ID = "msg_vector_0001";

  private final TestClock clock = new TestClock(Instant.ofEpochSecond(T0));
  private TestWebhookServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private WebhookVerifier.Builder verifier() {
    return WebhookVerifier.builder().clock(clock);
  }

  /** The body the vector was computed over: the notifier's, exactly as posted. */
  private static byte[] vectorBody() {
    return WebhookNotifier.builder()
        .uri("https://example.com/")
        .build()
        .body(notification(feedback()));
  }

  /** Sends one real delivery, signed with the given keys, and returns it as received. */
  private TestWebhookServer.Received capture(byte[]... keys) throws Exception {
    server = TestWebhookServer.start();
    WebhookNotifier.Builder b = WebhookNotifier.builder().uri(server.uri("/")).clock(clock);
    for (byte[] key : keys) {
      b.secret(key);
    }
    b.build().deliver(notification(feedback()));
    return server.requests.get(0);
  }

  private static String header(TestWebhookServer.Received r, String name) {
    return r.headers().getFirst(name);
  }

  private static void refused(ThrowingCallable call, Reason reason, String header) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.header()).isEqualTo(header);
              assertThat(e.getMessage()).contains(header);
            });
  }

  @Test
  void acceptsTheIndependentlyComputedVectorAndReturnsItsIdAndTimestamp() {
    VerifiedWebhook v =
        verifier()
            .secret(SECRET)
            .build()
            .verify(VECTOR_ID, Long.toString(T0), VECTOR_SIGNATURE, vectorBody());

    assertThat(v).isEqualTo(new VerifiedWebhook(VECTOR_ID, Instant.ofEpochSecond(T0)));
  }

  @Test
  void aRealReceiverVerifiesRealDeliveries() throws Exception {
    server = TestWebhookServer.start().verifying(verifier().secret(SECRET).build());
    WebhookNotifier notifier =
        WebhookNotifier.builder().uri(server.uri("/hook")).clock(clock).secret(SECRET).build();

    notifier.deliver(notification(feedback()));
    clock.advance(Duration.ofMinutes(1));
    notifier.deliver(
        notification(feedback().toBuilder().rating(io.github.agentfeedback.Rating.UP).build()));

    assertThat(server.refused).isEmpty();
    assertThat(server.verified).hasSize(2);
    assertThat(server.verified.get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(T0 + 60));
    assertThat(server.verified.get(0).id()).isNotEqualTo(server.verified.get(1).id());
  }

  @Test
  void aReceiverWithAnotherSecretAnswers401AndTheNotifierGivesUpAtOnce() throws Exception {
    server = TestWebhookServer.start().verifying(verifier().secret(OLD_KEY).build());
    WebhookNotifier notifier =
        WebhookNotifier.builder().uri(server.uri("/hook")).clock(clock).secret(SECRET).build();

    assertThatThrownBy(() -> notifier.deliver(notification(feedback())))
        .isInstanceOfSatisfying(
            WebhookException.class, e -> assertThat(e.statusCode()).hasValue(401));
    assertThat(server.refused)
        .singleElement()
        .extracting(WebhookVerificationException::reason)
        .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void tamperedBodyIdOrTimestampIsRefused() throws Exception {
    TestWebhookServer.Received r = capture(KEY);
    WebhookVerifier v = verifier().secret(KEY).build();
    String id = header(r, "webhook-id");
    String ts = header(r, "webhook-timestamp");
    String sig = header(r, "webhook-signature");
    assertThat(v.verify(id, ts, sig, r.body()).id()).isEqualTo(id);

    byte[] body = Arrays.copyOf(r.body(), r.body().length);
    body[body.length - 3]++; // one byte of the notified_at time
    refused(() -> v.verify(id, ts, sig, body), Reason.NO_MATCHING_SIGNATURE, "webhook-signature");
    byte[] longer = (new String(r.body(), UTF_8) + " ").getBytes(UTF_8);
    refused(() -> v.verify(id, ts, sig, longer), Reason.NO_MATCHING_SIGNATURE, "webhook-signature");
    refused(
        () -> v.verify(id + "x", ts, sig, r.body()),
        Reason.NO_MATCHING_SIGNATURE,
        "webhook-signature");
    String oneSecondLater = Long.toString(Long.parseLong(ts) + 1); // within the tolerance
    refused(
        () -> v.verify(id, oneSecondLater, sig, r.body()),
        Reason.NO_MATCHING_SIGNATURE,
        "webhook-signature");
  }

  @Test
  void aCapturedRequestReplayedAfterTheToleranceIsRefusedAsTooOld() throws Exception {
    TestWebhookServer.Received r = capture(KEY);
    WebhookVerifier v = verifier().secret(KEY).tolerance(Duration.ofMinutes(5)).build();

    clock.advance(Duration.ofMinutes(5));
    assertThat(v.verify(r.headers(), r.body()).id()).isEqualTo(header(r, "webhook-id"));
    clock.advance(Duration.ofSeconds(1));
    refused(() -> v.verify(r.headers(), r.body()), Reason.TIMESTAMP_TOO_OLD, "webhook-timestamp");
  }

  @Test
  void aTimestampTooFarInTheFutureIsRefusedAsTooNew() throws Exception {
    TestWebhookServer.Received r = capture(KEY);
    WebhookVerifier v = verifier().secret(KEY).tolerance(Duration.ofSeconds(30)).build();

    clock.advance(Duration.ofSeconds(-30));
    assertThat(v.verify(r.headers(), r.body())).isNotNull();
    clock.advance(Duration.ofSeconds(-1));
    refused(() -> v.verify(r.headers(), r.body()), Reason.TIMESTAMP_TOO_NEW, "webhook-timestamp");
  }

  @Test
  void aRotatedOutKeyIsRefusedUnlessTheRotationListStillHoldsIt() throws Exception {
    TestWebhookServer.Received signedWithOld = capture(OLD_KEY);

    refused(
        () ->
            verifier().secret(SECRET).build().verify(signedWithOld.headers(), signedWithOld.body()),
        Reason.NO_MATCHING_SIGNATURE,
        "webhook-signature");
    WebhookVerifier rotating = verifier().secret(SECRET).secret(OLD_KEY).build();
    assertThat(rotating.verify(signedWithOld.headers(), signedWithOld.body()).id())
        .isEqualTo(header(signedWithOld, "webhook-id"));
  }

  @Test
  void aSenderSigningWithNewAndOldKeysPassesReceiversThatKnowEither() throws Exception {
    TestWebhookServer.Received r = capture(KEY, OLD_KEY);

    assertThat(header(r, "webhook-signature").split(" ")).hasSize(2);
    assertThat(verifier().secret(KEY).build().verify(r.headers(), r.body())).isNotNull();
    assertThat(verifier().secret(OLD_KEY).build().verify(r.headers(), r.body())).isNotNull();
  }

  @Test
  void signaturesOfOtherVersionsAreSkipped() {
    WebhookVerifier v = verifier().secret(SECRET).build();
    String ts = Long.toString(T0);

    assertThat(v.verify(VECTOR_ID, ts, "v1a,c2lnbmVk " + VECTOR_SIGNATURE, vectorBody()))
        .isNotNull();
    String onlyV2 = VECTOR_SIGNATURE.replace("v1,", "v2,");
    refused(
        () -> v.verify(VECTOR_ID, ts, onlyV2, vectorBody()),
        Reason.NO_MATCHING_SIGNATURE,
        "webhook-signature");
  }

  @Test
  void missingHeadersAreNamed() {
    WebhookVerifier v = verifier().secret(SECRET).build();
    String ts = Long.toString(T0);
    byte[] body = vectorBody();

    refused(() -> v.verify(null, ts, VECTOR_SIGNATURE, body), Reason.MISSING_HEADER, "webhook-id");
    refused(
        () -> v.verify(VECTOR_ID, null, VECTOR_SIGNATURE, body),
        Reason.MISSING_HEADER,
        "webhook-timestamp");
    refused(() -> v.verify(VECTOR_ID, ts, null, body), Reason.MISSING_HEADER, "webhook-signature");
    refused(
        () -> v.verify(Map.of("webhook-id", List.of(VECTOR_ID)), body),
        Reason.MISSING_HEADER,
        "webhook-timestamp");
  }

  @Test
  void malformedHeadersAreNamed() {
    WebhookVerifier v = verifier().secret(SECRET).build();
    String ts = Long.toString(T0);
    byte[] body = vectorBody();

    for (String id : List.of("", "msg.1", "msg 1", "msg_é", "m".repeat(257))) {
      refused(
          () -> v.verify(id, ts, VECTOR_SIGNATURE, body), Reason.MALFORMED_HEADER, "webhook-id");
    }
    for (String t :
        List.of(
            "",
            "abc",
            "-1767225600",
            "+1767225600",
            "1.7e9",
            "2026-01-01T00:00:00Z",
            "9".repeat(19))) {
      refused(
          () -> v.verify(VECTOR_ID, t, VECTOR_SIGNATURE, body),
          Reason.MALFORMED_HEADER,
          "webhook-timestamp");
    }
    for (String sig : List.of("", "   ", "garbage", "v1,", ",abc", "v1,abc nocomma")) {
      refused(
          () -> v.verify(VECTOR_ID, ts, sig, body), Reason.MALFORMED_HEADER, "webhook-signature");
    }
    Map<String, List<String>> twice =
        Map.of(
            "webhook-id",
            List.of(VECTOR_ID),
            "Webhook-Id",
            List.of("msg_other"),
            "webhook-timestamp",
            List.of(ts),
            "webhook-signature",
            List.of(VECTOR_SIGNATURE));
    refused(() -> v.verify(twice, body), Reason.MALFORMED_HEADER, "webhook-id");
  }

  @Test
  void headerNamesAreMatchedIgnoringCase() {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("WEBHOOK-ID", List.of(VECTOR_ID));
    headers.put("Webhook-Timestamp", List.of(Long.toString(T0)));
    headers.put("webhook-Signature", List.of(VECTOR_SIGNATURE));
    headers.put(null, List.of("HTTP/1.1 200 OK")); // as HttpURLConnection reports it

    assertThat(verifier().secret(SECRET).build().verify(headers, vectorBody()).id())
        .isEqualTo(VECTOR_ID);
  }

  @Test
  void messagesNeverRepeatASecretOrASignature() {
    WebhookVerifier v = verifier().secret(OLD_KEY).build();
    assertThatThrownBy(() -> v.verify(VECTOR_ID, Long.toString(T0), VECTOR_SIGNATURE, vectorBody()))
        .hasMessageNotContaining(VECTOR_SIGNATURE.substring(3))
        .hasMessageNotContaining(new String(OLD_KEY, UTF_8));
    assertThat(v.toString()).isEqualTo("WebhookVerifier[1 secret, tolerance PT5M]");
  }

  @Test
  void builderRefusesNonsense() {
    assertThatThrownBy(() -> WebhookVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secret");
    for (Duration d :
        List.of(
            Duration.ZERO,
            Duration.ofMillis(999),
            Duration.ofSeconds(-1),
            Duration.ofDays(1).plusSeconds(1),
            Duration.ofSeconds(Long.MAX_VALUE))) {
      assertThatThrownBy(() -> WebhookVerifier.builder().tolerance(d))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tolerance");
    }
    assertThatThrownBy(() -> WebhookVerifier.builder().secret("not-whsec"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whsec_");
    assertThatThrownBy(() -> WebhookVerifier.builder().secret(new byte[65]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("24 to 64 bytes");
    assertThatThrownBy(() -> WebhookVerifier.builder().tolerance(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tolerance");
    assertThatThrownBy(() -> WebhookVerifier.builder().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
  }

  @Test
  void nullArgumentsAreNamed() {
    WebhookVerifier v = verifier().secret(SECRET).build();
    assertThatThrownBy(() -> v.verify((Map<String, List<String>>) null, new byte[0]))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("headers");
    assertThatThrownBy(() -> v.verify(Map.of(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("body");
    assertThatThrownBy(() -> v.verify("a", "1", "v1,x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("body");
  }
}
