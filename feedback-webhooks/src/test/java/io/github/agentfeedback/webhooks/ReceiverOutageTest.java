package io.github.agentfeedback.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.TestClock;
import io.github.agentfeedback.hooks.notify.DeliveryReport;
import io.github.agentfeedback.hooks.notify.DeliveryStats;
import io.github.agentfeedback.hooks.notify.OverflowPolicy;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A webhook receiver that is down for a while — answering 503, or not listening at all —
 * behind a {@link FeedbackManager} with a {@link NotificationHook} and a signed
 * {@link WebhookNotifier}. Retries wait on a {@link SteppingSleeper}, so the test decides
 * when each retry happens and no real time passes.
 */
class ReceiverOutageTest {

  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Generous: every step below takes milliseconds. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  private final TestClock clock = new TestClock(T0);
  private final SteppingSleeper sleeper = new SteppingSleeper(clock);
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final AtomicBoolean up = new AtomicBoolean();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = 0; i < 100; i++) {
      sleeper.wake(); // let no worker wait for a step that will not come
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private TestWebhookServer receiver() throws IOException {
    TestWebhookServer server =
        TestWebhookServer.start()
            .verifying(
                WebhookVerifier.builder().secret(WebhookNotifierTest.SECRET).clock(clock).build())
            .answering(n -> up.get() ? 200 : 503);
    toClose.add(server);
    return server;
  }

  private NotificationHook hook(TestWebhookServer receiver, OverflowPolicy policy) {
    NotificationHook hook =
        NotificationHook.builder()
            .clock(clock)
            .queueCapacity(2)
            .overflowPolicy(policy)
            .notifier(
                WebhookNotifier.builder()
                    .uri(receiver.uri("/hook"))
                    .secret(WebhookNotifierTest.SECRET)
                    .clock(clock)
                    .sleeper(sleeper)
                    .maxAttempts(4)
                    .initialBackoff(Duration.ofSeconds(1))
                    .build())
            .build();
    toClose.add(hook);
    return hook;
  }

  private FeedbackManager manager(NotificationHook hook) {
    FeedbackManager manager =
        FeedbackManager.builder().store(store).clock(clock).hooks(hook).build();
    toClose.add(manager);
    return manager;
  }

  /** Adds feedback with the given ids; every call must return at once and store it. */
  private static void add(FeedbackManager manager, String... ids) {
    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          for (String id : ids) {
            FeedbackResult r =
                manager.addFeedback(
                    "s-1", Feedback.down("outage " + id).toBuilder().id(id).build());
            assertThat(r.created()).isTrue();
          }
        });
  }

  private static String feedbackId(TestWebhookServer.Received request) {
    try {
      return JSON.readTree(request.body()).get("feedback_id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(OverflowPolicy.class)
  void storageIsUnaffectedRetriesGoOnAndTheFullQueueDropsAsThePolicySays(OverflowPolicy policy)
      throws Exception {
    TestWebhookServer receiver = receiver(); // down: answers 503
    NotificationHook hook = hook(receiver, policy);
    FeedbackManager manager = manager(hook);

    // "a" is being retried; "b" and "c" fill the queue; "d" and "e" overflow it.
    add(manager, "a");
    sleeper.awaitSleeping();
    add(manager, "b", "c", "d", "e");

    assertThat(store.list("s-1")).extracting(Feedback::id).containsExactly("a", "b", "c", "d", "e");
    assertThat(hook.stats()).isEqualTo(new DeliveryStats(3, 0, 0, 2, 0, 2));

    // The outage outlasts a's four attempts; b's first attempt fails too.
    for (int retry = 0; retry < 3; retry++) {
      sleeper.wake();
      sleeper.awaitSleeping();
    }
    // The receiver recovers while the second delivery waits for its retry.
    up.set(true);
    sleeper.wake();
    DeliveryReport report =
        assertTimeoutPreemptively(HANG_GUARD, () -> hook.shutdown(Duration.ofSeconds(5)));

    assertThat(report.stats()).isEqualTo(new DeliveryStats(3, 2, 1, 2, 0, 0));
    assertThat(report.undelivered()).isEmpty();
    assertThat(report.timedOut()).isFalse();
    assertThat(report.complete()).isFalse();

    // What the receiver saw: a four times (all refused with 503), then the two that stayed
    // queued — the oldest under DROP_NEWEST, the newest under DROP_OLDEST — the first of
    // them twice (503, then 200 after the recovery).
    List<String> kept =
        policy == OverflowPolicy.DROP_NEWEST ? List.of("b", "c") : List.of("d", "e");
    assertThat(receiver.requests)
        .extracting(ReceiverOutageTest::feedbackId)
        .containsExactly("a", "a", "a", "a", kept.get(0), kept.get(0), kept.get(1));
    assertThat(receiver.refused).isEmpty();
    assertThat(receiver.verified).hasSize(7);
    // One id per delivery, the same on its retries; each attempt stamped after its backoff.
    List<VerifiedWebhook> v = receiver.verified;
    assertThat(v.subList(0, 4)).extracting(VerifiedWebhook::id).containsOnly(v.get(0).id());
    assertThat(v.get(5).id()).isEqualTo(v.get(4).id());
    assertThat(List.of(v.get(0).id(), v.get(4).id(), v.get(6).id())).doesNotHaveDuplicates();
    assertThat(v.subList(0, 4))
        .extracting(VerifiedWebhook::timestamp)
        .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(3), T0.plusSeconds(7));
    assertThat(sleeper.sleeps)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(1));
  }

  @Test
  void closeDuringTheOutageReportsExactlyWhatWasNotDelivered() throws Exception {
    TestWebhookServer receiver = receiver(); // down, and stays down
    NotificationHook hook = hook(receiver, OverflowPolicy.DROP_NEWEST);
    FeedbackManager manager = manager(hook);
    add(manager, "a");
    sleeper.awaitSleeping();
    add(manager, "b", "c", "d");

    DeliveryReport report =
        assertTimeoutPreemptively(HANG_GUARD, () -> hook.shutdown(Duration.ZERO));

    // a was interrupted between two attempts, b and c were still queued, d was dropped.
    assertThat(report.timedOut()).isTrue();
    assertThat(report.stats()).isEqualTo(new DeliveryStats(3, 0, 0, 1, 3, 0));
    assertThat(report.undelivered())
        .extracting(n -> n.feedback().id())
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(receiver.requests).extracting(ReceiverOutageTest::feedbackId).containsExactly("a");
    // Storage never depended on the receiver, and still does not after the close.
    add(manager, "f");
    assertThat(store.list("s-1")).extracting(Feedback::id).containsExactly("a", "b", "c", "d", "f");
    assertThat(hook.stats().dropped()).isEqualTo(2);
  }

  @Test
  void aReceiverThatIsNotListeningGetsTheRetriedDeliveryOnceItListens() throws Exception {
    TestWebhookServer first = TestWebhookServer.start();
    int port = first.port();
    first.close(); // nothing listens on the port now: connections are refused
    up.set(true);
    NotificationHook hook =
        NotificationHook.builder()
            .clock(clock)
            .notifier(
                WebhookNotifier.builder()
                    .uri("http://127.0.0.1:" + port + "/hook")
                    .secret(WebhookNotifierTest.SECRET)
                    .clock(clock)
                    .sleeper(sleeper)
                    .maxAttempts(3)
                    .initialBackoff(Duration.ofSeconds(1))
                    .build())
            .build();
    toClose.add(hook);
    FeedbackManager manager = manager(hook);

    add(manager, "a");
    sleeper.awaitSleeping(); // the first attempt could not connect
    TestWebhookServer receiver =
        TestWebhookServer.startOn(port)
            .verifying(
                WebhookVerifier.builder().secret(WebhookNotifierTest.SECRET).clock(clock).build());
    toClose.add(receiver);
    sleeper.wake();
    DeliveryReport report =
        assertTimeoutPreemptively(HANG_GUARD, () -> hook.shutdown(Duration.ofSeconds(5)));

    assertThat(report.stats()).isEqualTo(new DeliveryStats(1, 1, 0, 0, 0, 0));
    assertThat(receiver.verified)
        .singleElement()
        .satisfies(w -> assertThat(w.timestamp()).isEqualTo(T0.plusSeconds(1)));
    assertThat(receiver.requests).extracting(ReceiverOutageTest::feedbackId).containsExactly("a");
    assertThat(store.list("s-1")).hasSize(1);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(1));
  }
}
