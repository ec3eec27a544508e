package io.github.agentfeedback.hooks.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.hooks.TestClock;
import io.github.agentfeedback.hooks.notify.FeedbackResolved;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.hooks.notify.RecordingNotifier;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.FeedbackStore;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LoopCloserTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private final EscalationStore escalations = new InMemoryEscalationStore();
  private final FeedbackStore feedback = new InMemoryFeedbackStore();
  private final TestClock clock = new TestClock(T0);

  private void add(String session, String id, String userId) {
    Feedback f = Feedback.down("not helpful").toBuilder().id(id).userId(userId).build();
    feedback.append(session, f, UnknownSessionPolicy.CREATE);
  }

  private static FeedbackRef ref(String session, String feedbackId) {
    return new FeedbackRef(session, feedbackId);
  }

  /** Raises and resolves an escalation linking the given feedback (and listing its sessions). */
  private String resolved(String subject, FeedbackRef... linked) {
    String id =
        escalations
            .raise(
                Escalation.builder()
                    .type("session_negatives")
                    .severity(Severity.HIGH)
                    .rule("three_downs")
                    .subject(subject)
                    .sessionIds(Stream.of(linked).map(FeedbackRef::sessionId).distinct().toList())
                    .feedback(List.of(linked))
                    .raisedAt(T0)
                    .build())
            .escalation()
            .id();
    escalations.resolve(id, "ann", T0.plusSeconds(60), "order lookup fixed");
    return id;
  }

  /** The event the closer should send for one feedback of an escalation {@link #resolved}. */
  private static FeedbackResolved resolvedEvent(
      String escalationId, String feedbackId, String sessionId, String userId) {
    return FeedbackResolved.builder()
        .escalationId(escalationId)
        .feedbackId(feedbackId)
        .sessionId(sessionId)
        .userId(userId)
        .note("order lookup fixed")
        .by("ann")
        .at(T0.plusSeconds(60))
        .build();
  }

  /** The id of the event the closer sends for one feedback of an escalation. */
  private static String eventId(String escalationId, String sessionId, String feedbackId) {
    return resolvedEvent(escalationId, feedbackId, sessionId, "u").id();
  }

  private LoopCloser closer(Notifier notifier, String claimant) {
    return closer(feedback, notifier, claimant);
  }

  private LoopCloser closer(FeedbackStore store, Notifier notifier, String claimant) {
    return LoopCloser.builder()
        .escalations(escalations)
        .feedback(store)
        .notifier(notifier)
        .claimant(claimant)
        .clock(clock)
        .build();
  }

  @Test
  void eachLinkedFeedbackWithAUserIdYieldsOneResolvedEventAndNoneWithout() {
    add("s1", "f1", "u1");
    add("s1", "f2", "u2");
    add("s1", "f3", null);
    add("s2", "f4", "u4");
    String id =
        resolved(
            "session:s1",
            ref("s1", "f1"),
            ref("s1", "f2"),
            ref("s1", "f3"),
            ref("s2", "f4"),
            ref("s1", "gone"),
            ref("s1", "f4")); // f4 is in s2 only: s1's f4 is gone
    RecordingNotifier notifier = new RecordingNotifier();
    LoopCloser closer = closer(notifier, "replica-a");

    LoopStats first = closer.drain();

    assertThat(first).isEqualTo(new LoopStats(1, 3, 3, 0));
    List<Notification> sent = notifier.drained();
    assertThat(sent).allSatisfy(n -> assertThat(n.type()).isEqualTo(Notification.TYPE_RESOLVED));
    assertThat(sent)
        .extracting(Notification::resolved)
        .containsExactly(
            resolvedEvent(id, "f1", "s1", "u1"),
            resolvedEvent(id, "f2", "s1", "u2"),
            resolvedEvent(id, "f4", "s2", "u4"));
    assertThat(sent.get(0).resolved().id()).isEqualTo(eventId(id, "s1", "f1"));
    assertThat(sent.get(2).sessionId()).isEqualTo("s2");
    // Sent once: a second drain, even after the lease, finds nothing.
    clock.advance(Duration.ofHours(1));
    assertThat(closer.drain()).isEqualTo(new LoopStats(0, 0, 0, 0));
    assertThat(notifier.drained()).isEmpty();
    assertThat(closer.stats()).isEqualTo(new LoopStats(1, 3, 3, 0));
  }

  @Test
  void aNewCloserAfterARestartDoesNotSendAgain() {
    add("s1", "f1", "u1");
    resolved("session:s1", ref("s1", "f1"));
    RecordingNotifier before = new RecordingNotifier();
    assertThat(closer(before, "replica-a").drain().sent()).isEqualTo(1);

    clock.advance(Duration.ofHours(1)); // every lease has expired
    RecordingNotifier after = new RecordingNotifier();
    LoopStats again = closer(after, "replica-a").drain();

    assertThat(again.sent()).isZero();
    assertThat(after.drained()).isEmpty();
    assertThat(before.drained()).hasSize(1);
  }

  @Test
  void aRefusedEventStaysPendingAndIsSentAfterTheLease() {
    add("s1", "f1", "u1");
    add("s1", "f2", "u2");
    String id = resolved("session:s1", ref("s1", "f1"), ref("s1", "f2"));
    AtomicInteger calls = new AtomicInteger();
    List<String> delivered = new ArrayList<>();
    Notifier flaky =
        n -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("receiver down");
          }
          delivered.add(n.resolved().id());
        };
    LoopCloser closer = closer(flaky, "replica-a");

    assertThat(closer.drain()).isEqualTo(new LoopStats(1, 1, 0, 1));
    assertThat(closer.drain().claimed()).isZero(); // leased: not before the lease expires
    clock.advance(LoopCloser.DEFAULT_LEASE);
    assertThat(closer.drain()).isEqualTo(new LoopStats(1, 1, 0, 0));
    assertThat(delivered).containsExactly(eventId(id, "s1", "f2"), eventId(id, "s1", "f1"));
  }

  @Test
  void twoClosersRacingSendEachEventOnce() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      add("s" + i, "f" + i, "u" + i);
      String id = resolved("session:s" + i, ref("s" + i, "f" + i));
      expected.add(eventId(id, "s" + i, "f" + i));
    }
    RecordingNotifier a = new RecordingNotifier();
    RecordingNotifier b = new RecordingNotifier();
    LoopCloser first =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(feedback)
            .notifier(a)
            .claimant("replica-a")
            .batchSize(3)
            .clock(clock)
            .build();
    LoopCloser second =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(feedback)
            .notifier(b)
            .claimant("replica-b")
            .batchSize(3)
            .clock(clock)
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<LoopStats>> runs =
          pool.invokeAll(List.<Callable<LoopStats>>of(first::drain, second::drain));
      long sent = 0;
      for (Future<LoopStats> run : runs) {
        sent += run.get().sent();
      }
      assertThat(sent).isEqualTo(40);
    } finally {
      pool.shutdownNow();
    }
    List<Notification> all = new ArrayList<>(a.drained());
    all.addAll(b.drained());
    Map<String, Long> perEvent =
        all.stream().collect(Collectors.groupingBy(n -> n.resolved().id(), Collectors.counting()));
    assertThat(perEvent.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(perEvent.values()).allMatch(count -> count == 1);
  }

  @Test
  void aScheduledDrainSendsWithoutBeingAsked() throws Exception {
    add("s1", "f1", "u1");
    resolved("session:s1", ref("s1", "f1"));
    RecordingNotifier notifier = new RecordingNotifier();
    try (LoopCloser closer =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(feedback)
            .notifier(notifier)
            .drainEvery(Duration.ofMillis(20))
            .build()) {
      assertThat(notifier.await(1))
          .extracting(n -> n.resolved().feedbackId())
          .containsExactly("f1");
      assertThat(closer.stats().claimed()).isEqualTo(1);
    }
  }

  @Test
  void feedbackOfEqualIdsInTwoSessionsTellsEachUserOnceWithItsOwnSession() {
    add("s1", "1", "u1");
    add("s2", "1", "u2");
    add("s3", "1", "u3"); // same id, not linked
    String id = resolved("model:gpt-4o", ref("s1", "1"), ref("s2", "1"));
    RecordingNotifier notifier = new RecordingNotifier();
    LoopCloser closer = closer(notifier, "replica-a");

    assertThat(closer.drain()).isEqualTo(new LoopStats(1, 2, 0, 0));

    List<Notification> sent = notifier.drained();
    assertThat(sent)
        .extracting(Notification::resolved)
        .containsExactly(resolvedEvent(id, "1", "s1", "u1"), resolvedEvent(id, "1", "s2", "u2"));
    assertThat(sent).extracting(Notification::sessionId).containsExactly("s1", "s2");
    assertThat(sent).extracting(n -> n.resolved().id()).doesNotHaveDuplicates();
    clock.advance(Duration.ofHours(1));
    assertThat(closer.drain().claimed()).isZero();
  }

  @Test
  void aSessionIsReadOnceForAllItsPendingFeedback() {
    add("s1", "1", "u1");
    add("s1", "2", "u2");
    add("s2", "1", "u3");
    resolved("model:gpt-4o", ref("s1", "1"), ref("s2", "1"), ref("s1", "2"));
    List<String> reads = new ArrayList<>();
    FeedbackStore counting =
        (FeedbackStore)
            Proxy.newProxyInstance(
                FeedbackStore.class.getClassLoader(),
                new Class<?>[] {FeedbackStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("list")) {
                    reads.add((String) args[0]);
                  }
                  return method.invoke(feedback, args);
                });
    LoopCloser closer = closer(counting, new RecordingNotifier(), "replica-a");

    assertThat(closer.drain().sent()).isEqualTo(3);
    assertThat(reads).containsExactly("s1", "s2");
  }

  @Test
  void feedbackIsFoundInItsOwnSessionEvenWhenSessionIdsDoNotListIt() {
    add("s9", "f1", "u9");
    String id =
        escalations
            .raise(
                Escalation.builder()
                    .type("model_negatives")
                    .rule("model_downs")
                    .subject("model:gpt-4o")
                    .feedback(List.of(ref("s9", "f1")))
                    .raisedAt(T0)
                    .build())
            .escalation()
            .id();
    escalations.resolve(id, "ann", T0.plusSeconds(60), "order lookup fixed");
    RecordingNotifier notifier = new RecordingNotifier();

    assertThat(closer(notifier, "replica-a").drain().sent()).isEqualTo(1);
    assertThat(notifier.drained())
        .extracting(Notification::resolved)
        .containsExactly(resolvedEvent(id, "f1", "s9", "u9"));
  }

  @Test
  void anErrorFromTheNotifierIsAFailedDeliveryAndTheOtherEventsAreSent() {
    add("s1", "f1", "u1");
    add("s1", "f2", "u2");
    String id = resolved("session:s1", ref("s1", "f1"), ref("s1", "f2"));
    AtomicInteger calls = new AtomicInteger();
    List<String> delivered = new ArrayList<>();
    Notifier broken =
        n -> {
          if (calls.incrementAndGet() == 1) {
            throw new AssertionError("a bug in the receiver's client");
          }
          delivered.add(n.resolved().id());
        };
    LoopCloser closer = closer(broken, "replica-a");

    assertThat(closer.drain()).isEqualTo(new LoopStats(1, 1, 0, 1));
    clock.advance(LoopCloser.DEFAULT_LEASE);
    assertThat(closer.drain()).isEqualTo(new LoopStats(1, 1, 0, 0));
    assertThat(delivered).containsExactly(eventId(id, "s1", "f2"), eventId(id, "s1", "f1"));
  }

  @Test
  void theScheduledDrainGoesOnAfterAStoreThrowsAnError() throws Exception {
    add("s1", "f1", "u1");
    resolved("session:s1", ref("s1", "f1"));
    AtomicInteger reads = new AtomicInteger();
    FeedbackStore failingOnce =
        (FeedbackStore)
            Proxy.newProxyInstance(
                FeedbackStore.class.getClassLoader(),
                new Class<?>[] {FeedbackStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("list") && reads.incrementAndGet() == 1) {
                    clock.advance(Duration.ofHours(1)); // the claim is due again at once
                    throw new NoClassDefFoundError("a driver class could not be loaded");
                  }
                  return method.invoke(feedback, args);
                });
    RecordingNotifier notifier = new RecordingNotifier();
    try (LoopCloser closer =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(failingOnce)
            .notifier(notifier)
            .clock(clock)
            .drainEvery(Duration.ofMillis(10))
            .build()) {
      assertThat(notifier.await(1))
          .extracting(n -> n.resolved().feedbackId())
          .containsExactly("f1");
    }
    assertThat(reads.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aDrainTriesEachEscalationOnceEvenWhenFailuresOutlastItsLease() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      add("s" + i, "f" + i, "u" + i);
      String id = resolved("session:s" + i, ref("s" + i, "f" + i));
      expected.add(eventId(id, "s" + i, "f" + i));
    }
    List<String> tried = new ArrayList<>();
    Notifier timingOut =
        n -> {
          tried.add(n.resolved().id());
          if (tried.size() > 10) {
            throw new InterruptedException("the test stops a drain that does not end");
          }
          clock.advance(Duration.ofMinutes(3)); // a receiver that times out after 3 minutes
          throw new IllegalStateException("timed out");
        };
    LoopCloser closer =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(feedback)
            .notifier(timingOut)
            .claimant("replica-a")
            .batchSize(1)
            .clock(clock)
            .build();

    LoopStats stats = closer.drain();

    // Claimed at 0 and 3 min; a third claim at 6 min would find the first lease (5 min) over.
    assertThat(tried).hasSize(2).doesNotHaveDuplicates();
    assertThat(expected).containsAll(tried);
    assertThat(stats).isEqualTo(new LoopStats(2, 0, 0, 2));
  }

  @Test
  void closingFromADeliveryStopsTheDrainAfterItAndLeavesTheRestPending() {
    add("s1", "f1", "u1");
    add("s1", "f2", "u2");
    add("s1", "f3", "u3");
    String id = resolved("session:s1", ref("s1", "f1"), ref("s1", "f2"), ref("s1", "f3"));
    List<String> delivered = new ArrayList<>();
    LoopCloser[] self = new LoopCloser[1];
    Notifier closing =
        n -> {
          delivered.add(n.resolved().id());
          self[0].close(); // an application shutting down while the drain runs
        };
    self[0] = closer(closing, "replica-a");

    assertThat(self[0].drain()).isEqualTo(new LoopStats(1, 1, 0, 0));
    assertThat(delivered).containsExactly(eventId(id, "s1", "f1"));
    assertThatThrownBy(self[0]::drain)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    self[0].close(); // idempotent

    clock.advance(LoopCloser.DEFAULT_LEASE);
    RecordingNotifier next = new RecordingNotifier();
    assertThat(closer(next, "replica-b").drain()).isEqualTo(new LoopStats(1, 2, 0, 0));
    assertThat(next.drained())
        .extracting(n -> n.resolved().id())
        .containsExactly(eventId(id, "s1", "f2"), eventId(id, "s1", "f3"));
  }

  @Test
  void closingWhileTheScheduledDrainDeliversEndsItAfterThatDelivery() throws Exception {
    add("s1", "f1", "u1");
    add("s1", "f2", "u2");
    add("s1", "f3", "u3");
    resolved("session:s1", ref("s1", "f1"), ref("s1", "f2"), ref("s1", "f3"));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    List<String> delivered = new ArrayList<>();
    Notifier slow =
        n -> {
          started.countDown();
          go.await(); // until close() was called
          synchronized (delivered) {
            delivered.add(n.resolved().feedbackId());
          }
        };
    LoopCloser closer =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(feedback)
            .notifier(slow)
            .clock(clock)
            .drainEvery(Duration.ofMillis(10))
            .build();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Thread closing = new Thread(closer::close);
    closing.start();
    while (closing.getState() != Thread.State.TIMED_WAITING && closing.isAlive()) {
      Thread.onSpinWait(); // close() has stopped further drains and waits for this one
    }
    go.countDown();
    closing.join(10_000);

    assertThat(closing.isAlive()).isFalse();
    synchronized (delivered) {
      assertThat(delivered).containsExactly("f1");
    }
    assertThat(closer.stats()).isEqualTo(new LoopStats(1, 1, 0, 0));
  }

  @Test
  void theBuilderRefusesAClaimantOrLeaseNoStoreCanKeep() {
    LoopCloser.Builder b = LoopCloser.builder();
    assertThatThrownBy(() -> b.claimant("r".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("claimant")
        .hasMessageContaining("256");
    assertThatThrownBy(() -> b.lease(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease")
        .hasMessageContaining("1 ms");
    assertThatThrownBy(() -> b.lease(ChronoUnit.FOREVER.getDuration()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease");
    assertThatThrownBy(() -> b.drainEvery(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drainEvery");
  }

  @Test
  void aScheduleOfAnyLengthIsTaken() {
    LoopCloser closer =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(feedback)
            .notifier(new RecordingNotifier())
            .drainEvery(ChronoUnit.FOREVER.getDuration())
            .build();
    closer.close();
    assertThat(closer.stats()).isEqualTo(new LoopStats(0, 0, 0, 0));
  }

  @Test
  void aClockSteppedBackDoesNotStretchTheLease() {
    for (int i = 1; i <= 5; i++) {
      add("s1", "f" + i, "u" + i);
    }
    resolved(
        "session:s1",
        ref("s1", "f1"),
        ref("s1", "f2"),
        ref("s1", "f3"),
        ref("s1", "f4"),
        ref("s1", "f5"));
    AtomicLong nanos = new AtomicLong();
    List<String> delivered = new ArrayList<>();
    Notifier slow =
        n -> {
          delivered.add(n.resolved().feedbackId());
          if (delivered.size() == 1) {
            clock.advance(Duration.ofHours(-1)); // NTP steps the clock back
          }
          nanos.addAndGet(Duration.ofMinutes(2).toNanos()); // each delivery takes 2 minutes
        };
    LoopCloser closer =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(feedback)
            .notifier(slow)
            .claimant("replica-a")
            .clock(clock)
            .ticker(nanos::get)
            .build();

    LoopStats stats = closer.drain();

    // Deliveries start at 0, 2 and 4 minutes; at 6 the 5-minute lease has run out.
    assertThat(delivered).containsExactly("f1", "f2", "f3");
    assertThat(stats).isEqualTo(new LoopStats(1, 3, 0, 0));
  }

  @Test
  void aSessionThatCannotBeReadHoldsUpOnlyItsOwnEscalation() {
    add("bad", "f0", "u0");
    add("s1", "f1", "u1");
    String stuck =
        escalations
            .raise(
                Escalation.builder()
                    .type("session_negatives")
                    .rule("three_downs")
                    .subject("session:bad")
                    .feedback(List.of(ref("bad", "f0")))
                    .raisedAt(T0)
                    .build())
            .escalation()
            .id();
    escalations.resolve(stuck, "ann", T0.plusSeconds(30), "first resolved, first claimed");
    String id = resolved("session:s1", ref("s1", "f1"));
    FeedbackStore unreadable =
        (FeedbackStore)
            Proxy.newProxyInstance(
                FeedbackStore.class.getClassLoader(),
                new Class<?>[] {FeedbackStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("list") && "bad".equals(args[0])) {
                    throw new FeedbackStoreException(
                        "a document that cannot be decoded", "list", "bad", null, false, null);
                  }
                  return method.invoke(feedback, args);
                });
    RecordingNotifier notifier = new RecordingNotifier();
    LoopCloser closer = closer(unreadable, notifier, "replica-a");

    for (int drain = 0; drain < 3; drain++) { // the stuck one fails at every lease
      assertThatThrownBy(closer::drain)
          .isInstanceOf(FeedbackStoreException.class)
          .hasMessageContaining("bad");
      clock.advance(LoopCloser.DEFAULT_LEASE);
    }

    assertThat(notifier.drained())
        .extracting(n -> n.resolved().id())
        .containsExactly(eventId(id, "s1", "f1"));
  }
}
