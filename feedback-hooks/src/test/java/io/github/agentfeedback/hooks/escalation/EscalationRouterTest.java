package io.github.agentfeedback.hooks.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.hooks.TestClock;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.RecordingNotifier;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EscalationRouterTest {

  private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");
  private final EscalationStore store = new InMemoryEscalationStore();
  private final TestClock clock = new TestClock(NOON);

  private static Escalation candidate(String type, Severity severity, String subject) {
    return Escalation.builder()
        .type(type)
        .severity(severity)
        .rule("rule_" + type)
        .subject(subject)
        .figure("down", 3)
        .sessionIds(List.of("s1"))
        .feedback(List.of(new FeedbackRef("s1", "f1")))
        .raisedAt(NOON)
        .build();
  }

  private Raised raise(String type, Severity severity, String subject) {
    return store.raise(candidate(type, severity, subject));
  }

  @Test
  void theFirstMatchingRouteTakesAnEscalationAndTheDefaultRouteTheRest() throws Exception {
    RecordingNotifier pager = new RecordingNotifier();
    RecordingNotifier slack = new RecordingNotifier();
    RecordingNotifier log = new RecordingNotifier();
    EscalationRouter router =
        EscalationRouter.builder()
            .store(store)
            .route(EscalationRoute.atLeast(Severity.HIGH, pager))
            .route(EscalationRoute.ofType("session_negatives", slack))
            .defaultRoute(log)
            .clock(clock)
            .build();
    Consumer<Raised> listener = router::route;
    listener.accept(raise("nps_drop", Severity.HIGH, "model:a"));
    listener.accept(raise("session_negatives", Severity.MEDIUM, "session:s1"));
    listener.accept(raise("volume_spike", Severity.LOW, "all"));
    listener.accept(raise("session_negatives", Severity.CRITICAL, "session:s2"));
    RoutingStats stats = router.shutdown(Duration.ofSeconds(10));

    assertThat(pager.drained())
        .extracting(n -> n.escalation().subject())
        .containsExactly("model:a", "session:s2");
    assertThat(slack.drained())
        .extracting(n -> n.escalation().subject())
        .containsExactly("session:s1");
    List<Notification> rest = log.drained();
    assertThat(rest).extracting(n -> n.escalation().subject()).containsExactly("all");
    Notification n = rest.get(0);
    assertThat(n.type()).isEqualTo(Notification.TYPE_ESCALATION);
    assertThat(n.sessionId()).isEqualTo("s1");
    assertThat(n.reason()).isEqualTo("rule_volume_spike");
    assertThat(n.time()).isEqualTo(NOON);
    assertThat(stats.routed()).isEqualTo(4);
    assertThat(stats.delivery().delivered()).isEqualTo(4);
    assertThat(stats.unrouted()).isZero();
  }

  @Test
  void withoutADefaultRouteAnUnmatchedEscalationIsCountedUnrouted() {
    RecordingNotifier pager = new RecordingNotifier();
    EscalationRouter router =
        EscalationRouter.builder()
            .store(store)
            .route(EscalationRoute.atLeast(Severity.CRITICAL, pager))
            .build();
    router.route(raise("nps_drop", Severity.HIGH, "model:a"));
    RoutingStats stats = router.shutdown(Duration.ofSeconds(10));
    assertThat(stats.unrouted()).isEqualTo(1);
    assertThat(stats.routed()).isZero();
    assertThat(pager.drained()).isEmpty();
    assertThatThrownBy(() -> EscalationRouter.builder().store(store).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("route");
  }

  @Test
  void aRepeatWithinTheMinimumIntervalIsSuppressedAndSentAgainAfterIt() throws Exception {
    RecordingNotifier slack = new RecordingNotifier();
    EscalationRouter router =
        EscalationRouter.builder()
            .store(store)
            .defaultRoute(slack)
            .minInterval(Duration.ofMinutes(30))
            .clock(clock)
            .build();
    router.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    clock.advance(Duration.ofMinutes(10));
    router.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    clock.advance(Duration.ofMinutes(20));
    router.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    // Another subject is another escalation, with its own interval.
    router.route(raise("session_negatives", Severity.HIGH, "session:s2"));
    RoutingStats stats = router.shutdown(Duration.ofSeconds(10));

    assertThat(stats.routed()).isEqualTo(3);
    assertThat(stats.suppressed()).isEqualTo(1);
    assertThat(slack.drained())
        .extracting(n -> n.escalation().subject() + "#" + n.count())
        .containsExactly("session:s1#1", "session:s1#3", "session:s2#1");
  }

  @Test
  void twoRoutersOverOneStoreSendARepeatOnceWithinTheInterval() {
    RecordingNotifier a = new RecordingNotifier();
    RecordingNotifier b = new RecordingNotifier();
    EscalationRouter replicaA =
        EscalationRouter.builder().store(store).defaultRoute(a).clock(clock).build();
    EscalationRouter replicaB =
        EscalationRouter.builder().store(store).defaultRoute(b).clock(clock).build();
    replicaA.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    replicaB.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    replicaA.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    RoutingStats sa = replicaA.shutdown(Duration.ofSeconds(10));
    RoutingStats sb = replicaB.shutdown(Duration.ofSeconds(10));

    assertThat(sa.routed() + sb.routed()).isEqualTo(1);
    assertThat(sa.suppressed() + sb.suppressed()).isEqualTo(2);
    assertThat(a.drained().size() + b.drained().size()).isEqualTo(1);
  }

  /**
   * A router at 23:00 UTC, in quiet hours from 22:00 to 07:00 UTC, over the test's store and
   * clock, sending to {@code pager}.
   */
  private EscalationRouter.Builder atNight(RecordingNotifier pager) {
    clock.set(Instant.parse("2026-03-02T23:00:00Z"));
    return EscalationRouter.builder()
        .store(store)
        .defaultRoute(pager)
        .quietHours(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), ZoneOffset.UTC))
        .clock(clock);
  }

  @Test
  void quietHoursHoldEscalationsBelowTheBypassAndReleaseThemWhenTheyEnd() throws Exception {
    RecordingNotifier pager = new RecordingNotifier();
    EscalationRouter router =
        atNight(pager)
            .quietHoursBypass(Severity.CRITICAL)
            .minInterval(Duration.ofMinutes(30))
            .build();
    router.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    router.route(raise("session_negatives", Severity.HIGH, "session:s1")); // a repeat, held too
    router.route(raise("outage", Severity.CRITICAL, "all")); // bypasses quiet hours
    Raised fixed = raise("nps_drop", Severity.MEDIUM, "model:a");
    router.route(fixed);
    store.resolve(fixed.escalation().id(), "ann", clock.instant(), "fixed at night");
    assertThat(pager.await(1)).extracting(n -> n.escalation().type()).containsExactly("outage");
    assertThat(router.stats().waiting()).isEqualTo(2);

    clock.advance(Duration.ofHours(1));
    assertThat(router.releaseHeld()).isZero(); // still quiet at midnight
    clock.set(Instant.parse("2026-03-03T07:00:00Z"));
    assertThat(router.releaseHeld()).isEqualTo(2);
    RoutingStats stats = router.shutdown(Duration.ofSeconds(10));

    List<Notification> morning = pager.drained();
    assertThat(morning).hasSize(1);
    assertThat(morning.get(0).escalation().subject()).isEqualTo("session:s1");
    assertThat(morning.get(0).count()).isEqualTo(2); // sent as it is when released
    assertThat(morning.get(0).time()).isEqualTo(Instant.parse("2026-03-03T07:00:00Z"));
    assertThat(stats.held()).isEqualTo(3);
    assertThat(stats.released()).isEqualTo(2);
    assertThat(stats.routed()).isEqualTo(2);
    assertThat(stats.suppressed()).isEqualTo(1); // resolved while held
    assertThat(stats.waiting()).isZero();
  }

  @Test
  void quietHoursHoldAtMostMaxHeldEscalationsAndDropTheRestSayingSo() throws Exception {
    // Sessions are cheap to make (any user id): a night of them must not fill the memory.
    RecordingNotifier pager = new RecordingNotifier();
    EscalationRouter router = atNight(pager).maxHeld(3).build();
    for (int i = 1; i <= 5; i++) {
      router.route(raise("session_negatives", Severity.HIGH, "session:s" + i));
    }
    router.route(raise("session_negatives", Severity.HIGH, "session:s2")); // held: a repeat
    RoutingStats night = router.stats();
    assertThat(night.waiting()).isEqualTo(3);
    assertThat(night.held()).isEqualTo(4);
    assertThat(night.dropped()).isEqualTo(2);

    clock.set(Instant.parse("2026-03-03T07:00:00Z"));
    assertThat(router.releaseHeld()).isEqualTo(3);
    router.shutdown(Duration.ofSeconds(10));
    assertThat(pager.drained())
        .extracting(n -> n.escalation().subject())
        .containsExactly("session:s1", "session:s2", "session:s3");
    assertThatThrownBy(() -> EscalationRouter.builder().maxHeld(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxHeld");
  }

  @Test
  void shuttingDownAfterQuietHoursEndedSendsWhatTheyHeld() throws Exception {
    RecordingNotifier pager = new RecordingNotifier();
    EscalationRouter router = atNight(pager).releaseCheckPeriod(Duration.ofHours(1)).build();
    router.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    assertThat(router.stats().waiting()).isEqualTo(1);

    // A redeploy 30 seconds after quiet hours end, before the periodic check ran.
    clock.set(Instant.parse("2026-03-03T07:00:30Z"));
    RoutingStats stats = router.shutdown(Duration.ofSeconds(10));

    assertThat(pager.drained())
        .extracting(n -> n.escalation().subject())
        .containsExactly("session:s1");
    assertThat(stats.released()).isEqualTo(1);
    assertThat(stats.waiting()).isZero();
  }

  @Test
  void quietHoursRunOverMidnightOrWithinADayInTheirZone() {
    ZoneId madrid = ZoneId.of("Europe/Madrid"); // UTC+1 in March
    QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), madrid);
    assertThat(night.contains(Instant.parse("2026-03-02T21:00:00Z"))).isTrue(); // 22:00
    assertThat(night.contains(Instant.parse("2026-03-02T05:59:59Z"))).isTrue(); // 06:59:59
    assertThat(night.contains(Instant.parse("2026-03-02T06:00:00Z"))).isFalse(); // 07:00
    assertThat(night.contains(Instant.parse("2026-03-02T12:00:00Z"))).isFalse();
    QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0), madrid);
    assertThat(lunch.contains(Instant.parse("2026-03-02T11:30:00Z"))).isTrue();
    assertThat(lunch.contains(Instant.parse("2026-03-02T12:30:00Z"))).isFalse();
    assertThatThrownBy(() -> new QuietHours(LocalTime.NOON, LocalTime.NOON, madrid))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedRouterDropsWhatItIsGiven() {
    RecordingNotifier log = new RecordingNotifier();
    EscalationRouter router = EscalationRouter.builder().store(store).defaultRoute(log).build();
    router.close();
    router.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    assertThat(router.stats().dropped()).isEqualTo(1);
    assertThat(log.drained()).isEmpty();
  }

  /** The store, but its {@code method} throws {@code error} for escalation {@code id}. */
  private EscalationStore failing(String method, String id, Error error) {
    return (EscalationStore)
        Proxy.newProxyInstance(
            EscalationStore.class.getClassLoader(),
            new Class<?>[] {EscalationStore.class},
            (proxy, m, args) -> {
              if (m.getName().equals(method) && id.equals(args[0])) {
                throw error;
              }
              try {
                return m.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void anErrorReadingOneHeldEscalationLosesNoneOfTheOthers() throws Exception {
    clock.set(Instant.parse("2026-03-02T23:00:00Z"));
    Raised broken = raise("session_negatives", Severity.HIGH, "session:s1");
    Raised fine = raise("session_negatives", Severity.HIGH, "session:s2");
    RecordingNotifier pager = new RecordingNotifier();
    EscalationRouter router =
        atNight(pager)
            .store(failing("find", broken.escalation().id(), new AssertionError("driver bug")))
            .build();
    router.route(broken);
    router.route(fine);

    clock.set(Instant.parse("2026-03-03T07:00:00Z"));
    assertThat(router.releaseHeld()).isEqualTo(2);
    RoutingStats stats = router.shutdown(Duration.ofSeconds(10));

    assertThat(pager.drained())
        .extracting(n -> n.escalation().subject())
        .containsExactly("session:s2");
    assertThat(stats.dropped()).isEqualTo(1);
    assertThat(stats.routed()).isEqualTo(1);
  }

  @Test
  void anErrorClaimingTheNotificationIsCountedDropped() {
    Raised broken = raise("session_negatives", Severity.HIGH, "session:s1");
    RecordingNotifier pager = new RecordingNotifier();
    EscalationRouter router =
        EscalationRouter.builder()
            .store(
                failing(
                    "claimNotification",
                    broken.escalation().id(),
                    new NoClassDefFoundError("driver class")))
            .defaultRoute(pager)
            .clock(clock)
            .build();
    router.route(broken);
    RoutingStats stats = router.shutdown(Duration.ofSeconds(10));

    assertThat(stats.dropped()).isEqualTo(1);
    assertThat(pager.drained()).isEmpty();
  }

  @Test
  void timeoutsAndPeriodsOfAnyLengthAreTaken() throws Exception {
    RecordingNotifier pager = new RecordingNotifier();
    EscalationRouter router =
        EscalationRouter.builder()
            .store(store)
            .defaultRoute(pager)
            .releaseCheckPeriod(ChronoUnit.FOREVER.getDuration())
            .closeTimeout(ChronoUnit.FOREVER.getDuration()) // wait as long as it takes
            .clock(clock)
            .build();
    router.route(raise("session_negatives", Severity.HIGH, "session:s1"));
    assertThatThrownBy(() -> router.shutdown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    router.route(raise("session_negatives", Severity.HIGH, "session:s2")); // still open
    router.close();

    assertThat(pager.drained())
        .extracting(n -> n.escalation().subject())
        .containsExactly("session:s1", "session:s2");
    assertThat(router.stats().routed()).isEqualTo(2);
    assertThatThrownBy(() -> EscalationRouter.builder().releaseCheckPeriod(Duration.ofNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("releaseCheckPeriod");
  }
}
