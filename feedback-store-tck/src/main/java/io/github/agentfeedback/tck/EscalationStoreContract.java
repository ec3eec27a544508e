package io.github.agentfeedback.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationAction;
import io.github.agentfeedback.escalation.EscalationFigures;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStatus;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.LoopClaim;
import io.github.agentfeedback.escalation.LoopClosing;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.escalation.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EscalationStore} must have: one escalation that is not resolved
 * per rule and subject (a repeat raises its count, under concurrency too, from several store
 * instances sharing the data as replicas would), acknowledging and resolving once, listing
 * and figures, the minimum interval between notifications, and the loop-closing events a
 * resolution leaves pending, leased to one claimant at a time, one per linked feedback named by
 * session and id (two sessions' feedback of the same id are two events). A store's test class
 * extends it and supplies fresh stores over one empty database per test.
 *
 * <p>Not thread-safe: JUnit makes one instance per test method.
 */
@NullUnmarked // a JUnit contract: its assertions check the values it reads
public abstract class EscalationStoreContract {

  /** A fixed instant the test escalations are raised around. */
  protected static final Instant T0 = Instant.parse("2026-03-01T10:15:30.250Z");

  /** The store under test, fresh for each test. */
  protected EscalationStore store;

  /** Creates a store over a fresh, empty database, which {@link #replica()} shares. */
  protected abstract EscalationStore newStore();

  /**
   * Another store over the same database as the last {@link #newStore()}, as another replica
   * of the application would open it; the contract closes it.
   */
  protected abstract EscalationStore replica();

  /** Opens {@link #store}. */
  @BeforeEach
  public void openStore() {
    store = newStore();
  }

  /** Closes {@link #store}. */
  @AfterEach
  public void closeStore() {
    store.close();
  }

  /** Refs to feedback of one session. */
  protected static List<FeedbackRef> refs(String session, String... feedbackIds) {
    List<FeedbackRef> refs = new ArrayList<>();
    for (String id : feedbackIds) {
      refs.add(new FeedbackRef(session, id));
    }
    return refs;
  }

  /** A candidate of rule "three_downs" about a session, linking feedback of that session. */
  protected static Escalation candidate(String session, Instant at, String... feedbackIds) {
    return Escalation.builder()
        .type("session_negatives")
        .severity(Severity.HIGH)
        .rule("three_downs")
        .subject("session:" + session)
        .figure("down", feedbackIds.length)
        .figure("threshold", 3)
        .sessionIds(List.of(session))
        .feedback(refs(session, feedbackIds))
        .groups(List.of("model=gpt-4o"))
        .raisedAt(at)
        .build();
  }

  @Test
  public void aRaiseIsStoredOpenWithAnIdAndEveryValue() {
    Raised r = store.raise(candidate("s1", T0, "a", "b", "c"));
    assertThat(r.created()).isTrue();
    Escalation e = r.escalation();
    assertThat(e.id()).isNotBlank();
    assertThat(e.status()).isEqualTo(EscalationStatus.OPEN);
    assertThat(e.count()).isEqualTo(1);
    assertThat(e.figures()).isEqualTo(Map.of("down", 3.0, "threshold", 3.0));
    assertThat(e.feedback()).containsExactlyElementsOf(refs("s1", "a", "b", "c"));
    assertThat(e.sessionIds()).containsExactly("s1");
    assertThat(e.groups()).containsExactly("model=gpt-4o");
    assertThat(e.severity()).isEqualTo(Severity.HIGH);
    assertThat(e.raisedAt()).isEqualTo(T0);
    assertThat(e.lastRaisedAt()).isEqualTo(T0);
    assertThat(store.find(e.id())).contains(e);
    assertThat(store.find("no-such-id")).isEmpty();
  }

  @Test
  public void aRepeatRaisesTheCountOfTheOpenEscalationAndMergesIt() {
    Escalation first = store.raise(candidate("s1", T0, "a", "b", "c")).escalation();
    Raised again =
        store.raise(
            candidate("s1", T0.plusSeconds(60), "c", "d").toBuilder()
                .severity(Severity.CRITICAL)
                .build());
    assertThat(again.created()).isFalse();
    Escalation e = again.escalation();
    assertThat(e.id()).isEqualTo(first.id());
    assertThat(e.count()).isEqualTo(2);
    assertThat(e.raisedAt()).isEqualTo(T0);
    assertThat(e.lastRaisedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(e.feedback()).containsExactlyElementsOf(refs("s1", "a", "b", "c", "d"));
    assertThat(e.figures()).containsEntry("down", 2.0);
    // Another subject, or another rule, is another escalation.
    assertThat(store.raise(candidate("s2", T0, "x")).created()).isTrue();
    assertThat(store.raise(candidate("s1", T0, "x").toBuilder().rule("streak").build()).created())
        .isTrue();
    assertThat(store.list(EscalationQuery.all())).hasSize(3);
  }

  @Test
  public void acknowledgeThenResolveRecordsWhoWhenAndWhyAndTheTimesTaken() {
    String id = store.raise(candidate("s1", T0, "a")).escalation().id();
    Escalation ack = store.acknowledge(id, "ann", T0.plusSeconds(90), "looking").orElseThrow();
    assertThat(ack.status()).isEqualTo(EscalationStatus.ACKNOWLEDGED);
    assertThat(ack.acknowledged())
        .isEqualTo(new EscalationAction("ann", T0.plusSeconds(90), "looking"));
    assertThat(ack.timeToAcknowledge()).contains(Duration.ofSeconds(90));
    // Still takes repeats while acknowledged.
    assertThat(store.raise(candidate("s1", T0.plusSeconds(100), "b")).escalation().count())
        .isEqualTo(2);
    Escalation done =
        store.resolve(id, "bob", T0.plusSeconds(600), "fixed the prompt").orElseThrow();
    assertThat(done.status()).isEqualTo(EscalationStatus.RESOLVED);
    assertThat(done.resolved().note()).isEqualTo("fixed the prompt");
    assertThat(done.acknowledged().by()).isEqualTo("ann");
    assertThat(done.count()).isEqualTo(2);
    assertThat(done.timeToResolve()).contains(Duration.ofMinutes(10));
    assertThat(store.find(id)).contains(done);
    // Resolved: a new raise makes a new escalation.
    Raised fresh = store.raise(candidate("s1", T0.plusSeconds(700), "z"));
    assertThat(fresh.created()).isTrue();
    assertThat(fresh.escalation().id()).isNotEqualTo(id);
  }

  @Test
  public void whatACallReturnsIsWhatTheStoreKeepsTimesToTheMillisecond() {
    Instant raisedAt = T0.plusNanos(123_456);
    Raised raised = store.raise(candidate("s1", raisedAt, "a"));
    String id = raised.escalation().id();
    assertThat(raised.escalation().raisedAt()).isEqualTo(T0);
    assertThat(store.find(id)).contains(raised.escalation());
    Raised repeated = store.raise(candidate("s1", T0.plusSeconds(1).plusNanos(999_999), "b"));
    assertThat(repeated.escalation().lastRaisedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(store.find(id)).contains(repeated.escalation());
    Escalation ack = store.acknowledge(id, "ann", T0.plusSeconds(2).plusNanos(1), "").orElseThrow();
    assertThat(store.find(id)).contains(ack);
    Escalation done = store.resolve(id, "ann", T0.plusSeconds(3).plusNanos(1), "").orElseThrow();
    assertThat(done.resolved().at()).isEqualTo(T0.plusSeconds(3));
    assertThat(store.find(id)).contains(done);
    assertThat(store.list(EscalationQuery.all())).containsExactly(done);
  }

  /**
   * Text of {@code length} chars of the CJK block, three bytes each in UTF-8, in an order
   * without repeats that compression could shrink.
   */
  protected static String wideText(int length, int seed) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) (0x4E00 + (int) ((seed + i * 7_919L) % 20_000)));
    }
    return sb.toString();
  }

  @Test
  public void aRuleAndSubjectBeyondWhatAnIndexEntryHoldsKeepOneOpenEscalation() {
    Escalation candidate =
        Escalation.builder()
            .type("wide")
            .rule(wideText(FeedbackLimits.MAX_ID_LENGTH, 5))
            .subject(wideText(FeedbackLimits.MAX_SESSION_ID_LENGTH, 6))
            .raisedAt(T0)
            .build();
    Raised first = store.raise(candidate);
    Raised again = store.raise(candidate);
    assertThat(again.created()).isFalse();
    assertThat(again.escalation().id()).isEqualTo(first.escalation().id());
    assertThat(again.escalation().count()).isEqualTo(2);
    assertThat(store.find(first.escalation().id())).contains(again.escalation());
    store.resolve(first.escalation().id(), "ann", T0.plusSeconds(1), "");
    assertThat(store.raise(candidate).created()).isTrue();
  }

  @Test
  public void valuesAtTheLengthLimitsRoundTripAndRepeat() {
    String session = wideText(FeedbackLimits.MAX_SESSION_ID_LENGTH, 1);
    String rule = wideText(FeedbackLimits.MAX_ID_LENGTH, 2);
    FeedbackRef ref = new FeedbackRef(session, wideText(FeedbackLimits.MAX_ID_LENGTH, 3));
    Escalation candidate =
        Escalation.builder()
            .type(wideText(FeedbackLimits.MAX_ID_LENGTH, 4))
            .rule(rule)
            .subject("session:" + session)
            .figure("\u00e9\"'\\ \uD83D\uDE00", 1)
            .sessionIds(List.of(session, "\u0001\"\\\uD83D\uDE00"))
            .feedback(List.of(ref))
            .groups(List.of("persona=" + session))
            .raisedAt(T0)
            .build();
    Raised first = store.raise(candidate);
    assertThat(first.created()).isTrue();
    assertThat(store.find(first.escalation().id())).contains(first.escalation());
    Raised again = store.raise(candidate);
    assertThat(again.created()).isFalse();
    assertThat(again.escalation().count()).isEqualTo(2);
    assertThat(again.escalation().feedback()).containsExactly(ref);
    assertThat(store.list(EscalationQuery.builder().subject("session:" + session).build()))
        .containsExactly(again.escalation());
  }

  @Test
  public void transitionsHappenOnceAndUnknownIdsAreEmpty() {
    String id = store.raise(candidate("s1", T0, "a")).escalation().id();
    store.acknowledge(id, "ann", T0, "");
    assertThatThrownBy(() -> store.acknowledge(id, "ann", T0, ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ACKNOWLEDGED");
    store.resolve(id, "ann", T0.plusSeconds(1), "");
    assertThatThrownBy(() -> store.resolve(id, "ann", T0, ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RESOLVED");
    assertThatThrownBy(() -> store.acknowledge(id, "ann", T0, ""))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.acknowledge("nope", "ann", T0, "")).isEmpty();
    assertThat(store.resolve("nope", "ann", T0, "")).isEmpty();
    assertThatThrownBy(() -> store.resolve(id, " ", T0, ""))
        .isInstanceOf(InvalidFeedbackException.class)
        .hasMessageContaining("by");
    // Resolved straight from open.
    String other = store.raise(candidate("s2", T0, "a")).escalation().id();
    Escalation r = store.resolve(other, "ann", T0.plusSeconds(5), "dup").orElseThrow();
    assertThat(r.acknowledged()).isNull();
    assertThat(r.timeToAcknowledge()).isEmpty();
  }

  @Test
  public void listSelectsByStatusRuleAndSubjectNewestFirstAndFiguresSumUp() {
    String a = store.raise(candidate("s1", T0, "a")).escalation().id();
    String b = store.raise(candidate("s2", T0.plusSeconds(10), "b")).escalation().id();
    String c = store.raise(candidate("s3", T0.plusSeconds(20), "c")).escalation().id();
    store.acknowledge(b, "ann", T0.plusSeconds(40), "");
    store.resolve(c, "ann", T0.plusSeconds(80), "");
    store.acknowledge(a, "ann", T0.plusSeconds(20), "");
    store.resolve(a, "ann", T0.plusSeconds(40), "");
    assertThat(store.list(EscalationQuery.all()))
        .extracting(Escalation::id)
        .containsExactly(c, b, a);
    assertThat(store.list(EscalationQuery.builder().status(EscalationStatus.RESOLVED).build()))
        .extracting(Escalation::id)
        .containsExactly(c, a);
    assertThat(store.list(EscalationQuery.builder().subject("session:s2").build()))
        .extracting(Escalation::id)
        .containsExactly(b);
    assertThat(store.list(EscalationQuery.builder().rule("other").build())).isEmpty();
    assertThat(store.list(EscalationQuery.builder().limit(1).build()))
        .extracting(Escalation::id)
        .containsExactly(c);
    EscalationFigures f = store.figures(EscalationQuery.all());
    assertThat(f.open()).isZero();
    assertThat(f.acknowledged()).isEqualTo(1);
    assertThat(f.resolved()).isEqualTo(2);
    assertThat(f.timeToAcknowledge().count()).isEqualTo(2);
    assertThat(f.timeToAcknowledge().mean()).contains(Duration.ofSeconds(25));
    assertThat(f.timeToResolve().median()).contains(Duration.ofSeconds(50));
    assertThat(f.timeToResolve().max()).contains(Duration.ofSeconds(60));
  }

  @Test
  public void concurrentRaisesFromSeveralReplicasMakeOneEscalationAndCountEveryRaise()
      throws Exception {
    int threads = 6;
    int perThread = 10;
    List<EscalationStore> replicas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replicas.add(i == 0 ? store : replica());
    }
    List<Raised> results = new CopyOnWriteArrayList<>();
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        EscalationStore s = replicas.get(t % replicas.size());
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    int k = n.incrementAndGet();
                    results.add(s.raise(candidate("hot", T0.plusSeconds(k), "f" + k)));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      for (int i = 1; i < replicas.size(); i++) {
        replicas.get(i).close();
      }
    }
    assertThat(results.stream().filter(Raised::created)).hasSize(1);
    Set<String> ids = results.stream().map(r -> r.escalation().id()).collect(Collectors.toSet());
    assertThat(ids).hasSize(1);
    // Every raise saw its own count: none lost, none counted twice.
    assertThat(results.stream().map(r -> r.escalation().count()).collect(Collectors.toSet()))
        .hasSize(threads * perThread);
    Escalation stored = store.find(ids.iterator().next()).orElseThrow();
    assertThat(stored.count()).isEqualTo((long) threads * perThread);
    assertThat(stored.feedback()).hasSize(threads * perThread);
    assertThat(stored.lastRaisedAt()).isEqualTo(T0.plusSeconds((long) threads * perThread));
  }

  @Test
  public void concurrentResolutionsSucceedOnce() throws Exception {
    String id = store.raise(candidate("s1", T0, "a")).escalation().id();
    EscalationStore other = replica();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        EscalationStore s = t % 2 == 0 ? store : other;
        String by = "user" + t;
        futures.add(
            pool.submit(
                () -> {
                  try {
                    s.resolve(id, by, T0.plusSeconds(1), "");
                    ok.incrementAndGet();
                  } catch (IllegalStateException e) {
                    refused.incrementAndGet();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      other.close();
    }
    assertThat(ok.get()).isEqualTo(1);
    assertThat(refused.get()).isEqualTo(3);
  }

  @Test
  public void aNotificationClaimHoldsTheIntervalAcrossReplicasAndRepeats() {
    String id = store.raise(candidate("s1", T0, "a")).escalation().id();
    Duration interval = Duration.ofMinutes(10);
    EscalationStore other = replica();
    try {
      assertThat(store.claimNotification(id, T0, interval)).isTrue();
      // A repeat of the escalation keeps its last notification time.
      store.raise(candidate("s1", T0.plusSeconds(30), "b"));
      assertThat(other.claimNotification(id, T0.plusSeconds(60), interval)).isFalse();
      assertThat(store.claimNotification(id, T0.plus(interval).minusMillis(1), interval)).isFalse();
      assertThat(other.claimNotification(id, T0.plus(interval), interval)).isTrue();
      assertThat(store.claimNotification(id, T0.plus(interval), interval)).isFalse();
      // Acknowledged, it keeps it too; a zero interval always claims.
      store.acknowledge(id, "ann", T0.plusSeconds(700), "");
      assertThat(store.claimNotification(id, T0.plusSeconds(700), interval)).isFalse();
      assertThat(store.claimNotification(id, T0.plusSeconds(700), Duration.ZERO)).isTrue();
      assertThat(store.claimNotification("no-such-id", T0, interval)).isFalse();
      assertThatThrownBy(() -> store.claimNotification(id, T0, Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("minInterval");
    } finally {
      other.close();
    }
  }

  @Test
  public void aNotificationClaimTakesAnyIntervalAndOnlyTimesInTheModelsRange() {
    String id = store.raise(candidate("s1", T0, "a")).escalation().id();
    Duration forever = ChronoUnit.FOREVER.getDuration(); // "notify once"
    assertThat(store.claimNotification(id, T0, forever)).isTrue();
    assertThat(store.claimNotification(id, FeedbackLimits.MAX_INSTANT, forever)).isFalse();
    String other = store.raise(candidate("s2", T0, "a")).escalation().id();
    Duration sinceYearOne = Duration.between(FeedbackLimits.MIN_INSTANT, T0);
    assertThat(store.claimNotification(other, FeedbackLimits.MIN_INSTANT, Duration.ZERO)).isTrue();
    assertThat(store.claimNotification(other, T0, sinceYearOne.plusMillis(1))).isFalse();
    assertThat(store.claimNotification(other, T0, sinceYearOne)).isTrue();
    for (Instant outside :
        List.of(Instant.MAX, Instant.MIN, FeedbackLimits.MAX_INSTANT.plusMillis(1))) {
      assertThatThrownBy(() -> store.claimNotification(id, outside, Duration.ZERO))
          .as(outside.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at must be within");
    }
  }

  @Test
  public void concurrentNotificationClaimsFromSeveralReplicasSucceedOnce() throws Exception {
    String id = store.raise(candidate("s1", T0, "a")).escalation().id();
    List<EscalationStore> replicas = List.of(store, replica(), replica());
    AtomicInteger won = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        EscalationStore s = replicas.get(t % replicas.size());
        Instant at = T0.plusMillis(t);
        futures.add(
            pool.submit(
                () -> {
                  if (s.claimNotification(id, at, Duration.ofMinutes(5))) {
                    won.incrementAndGet();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      replicas.get(1).close();
      replicas.get(2).close();
    }
    assertThat(won.get()).isEqualTo(1);
  }

  @Test
  public void aResolutionLeavesOneLoopClosingEventPerLinkedFeedbackLeasedToOneClaimant() {
    Duration lease = Duration.ofMinutes(5);
    String id = store.raise(candidate("s1", T0, "a", "b", "c")).escalation().id();
    String without = store.raise(candidate("s2", T0, new String[0])).escalation().id();
    assertThat(store.claimLoopClosings(new LoopClaim("r1", T0, lease, 10))).isEmpty();
    store.resolve(without, "ann", T0.plusSeconds(5), "nothing linked");
    store.resolve(id, "ann", T0.plusSeconds(10), "tool fixed");
    Instant now = T0.plusSeconds(20);
    List<LoopClosing> claimed = store.claimLoopClosings(new LoopClaim("r1", now, lease, 10));
    assertThat(claimed).hasSize(1);
    LoopClosing loop = claimed.get(0);
    assertThat(loop.escalation().id()).isEqualTo(id);
    assertThat(loop.escalation().resolved())
        .isEqualTo(new EscalationAction("ann", T0.plusSeconds(10), "tool fixed"));
    assertThat(loop.pending()).containsExactlyElementsOf(refs("s1", "a", "b", "c"));
    EscalationStore other = replica();
    try {
      // Leased: no other claimant gets it until the lease expires.
      assertThat(other.claimLoopClosings(new LoopClaim("r2", now.plusSeconds(60), lease, 10)))
          .isEmpty();
      other.loopClosingsSent(id, refs("s1", "a", "b", "x"));
      List<LoopClosing> again =
          other.claimLoopClosings(new LoopClaim("r2", now.plus(lease), lease, 10));
      assertThat(again).hasSize(1);
      assertThat(again.get(0).pending()).containsExactlyElementsOf(refs("s1", "c"));
      store.loopClosingsSent(id, refs("s1", "c"));
      assertThat(
              store.claimLoopClosings(new LoopClaim("r1", now.plus(lease).plus(lease), lease, 10)))
          .isEmpty();
      store.loopClosingsSent("no-such-id", refs("s1", "a"));
      assertThatThrownBy(() -> store.claimLoopClosings(new LoopClaim("r1", now, Duration.ZERO, 10)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lease");
      assertThatThrownBy(() -> store.claimLoopClosings(new LoopClaim("r1", now, lease, 0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
    } finally {
      other.close();
    }
  }

  @Test
  public void loopClosingsAreClaimedOldestResolutionFirstUpToTheLimit() {
    Duration lease = Duration.ofMinutes(5);
    String first = store.raise(candidate("s1", T0, "a")).escalation().id();
    String second = store.raise(candidate("s2", T0, "b")).escalation().id();
    String third = store.raise(candidate("s3", T0, "c")).escalation().id();
    store.resolve(second, "ann", T0.plusSeconds(2), "");
    store.resolve(first, "ann", T0.plusSeconds(1), "");
    store.resolve(third, "ann", T0.plusSeconds(3), "");
    Instant now = T0.plusSeconds(10);
    assertThat(store.claimLoopClosings(new LoopClaim("r1", now, lease, 2)))
        .extracting(l -> l.escalation().id())
        .containsExactly(first, second);
    assertThat(store.claimLoopClosings(new LoopClaim("r1", now, lease, 2)))
        .extracting(l -> l.escalation().id())
        .containsExactly(third);
  }

  /** Twelve escalations resolved a second apart, oldest first: their ids. */
  private List<String> resolvedTwelve() {
    List<String> resolved = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = store.raise(candidate("s" + i, T0, "f" + i)).escalation().id();
      store.resolve(id, "ann", T0.plusSeconds(i), "");
      resolved.add(id);
    }
    return resolved;
  }

  @Test
  public void concurrentLoopClosingClaimsFromSeveralReplicasHandOutEachEscalationOnce()
      throws Exception {
    List<String> resolved = resolvedTwelve();
    List<String> claimed = new CopyOnWriteArrayList<>();
    sixClaimants(
        (s, claimant) -> {
          for (int round = 0; round < 4; round++) {
            for (LoopClosing l :
                s.claimLoopClosings(
                    new LoopClaim(claimant, T0.plusSeconds(60), Duration.ofHours(1), 2))) {
              claimed.add(l.escalation().id());
            }
          }
        });
    assertThat(claimed).hasSize(resolved.size()).containsExactlyInAnyOrderElementsOf(resolved);
  }

  @Test
  public void concurrentClaimsEachGetTheirLimitWhileEnoughAreDue() throws Exception {
    List<String> resolved = resolvedTwelve();
    // Six claims of two, racing for the same oldest escalations: a claim whose candidates
    // others took first looks again, so each gets two and together they get all twelve.
    CyclicBarrier start = new CyclicBarrier(6);
    List<List<String>> claims = new CopyOnWriteArrayList<>();
    sixClaimants(
        (s, claimant) -> {
          start.await();
          claims.add(
              s
                  .claimLoopClosings(
                      new LoopClaim(claimant, T0.plusSeconds(60), Duration.ofHours(1), 2))
                  .stream()
                  .map(l -> l.escalation().id())
                  .toList());
        });
    assertThat(claims).hasSize(6).allSatisfy(c -> assertThat(c).hasSize(2));
    assertThat(claims.stream().flatMap(List::stream).toList())
        .containsExactlyInAnyOrderElementsOf(resolved);
  }

  /** What one claimant does with its store. */
  private interface Claimant {
    void run(EscalationStore store, String claimant) throws Exception;
  }

  /**
   * Runs six claimants ({@code r0} to {@code r5}) at once, two on each of this store and two
   * replicas, waits for all of them and closes the replicas.
   */
  private void sixClaimants(Claimant claimant) throws Exception {
    List<EscalationStore> replicas = List.of(store, replica(), replica());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        EscalationStore s = replicas.get(t % replicas.size());
        String name = "r" + t;
        futures.add(
            pool.submit(
                () -> {
                  claimant.run(s, name);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      replicas.get(1).close();
      replicas.get(2).close();
    }
  }

  /** A candidate whose subject spans sessions, as a custom rule's may ("model:gpt-4o"). */
  private static Escalation acrossSessions(Instant at, List<FeedbackRef> feedback) {
    return Escalation.builder()
        .type("model_negatives")
        .rule("model_downs")
        .subject("model:gpt-4o")
        .sessionIds(feedback.stream().map(FeedbackRef::sessionId).distinct().toList())
        .feedback(feedback)
        .raisedAt(at)
        .build();
  }

  @Test
  public void feedbackRefsRoundTripInOrderAndARepeatAddsOnlyNewOnes() {
    List<FeedbackRef> refs =
        List.of(
            new FeedbackRef("s2", "1"),
            new FeedbackRef("s1", "1"),
            new FeedbackRef("s1", "2"),
            new FeedbackRef("s3", "1"));
    Escalation raised = store.raise(acrossSessions(T0, refs)).escalation();
    assertThat(raised.feedback()).containsExactlyElementsOf(refs);
    assertThat(store.find(raised.id()).orElseThrow().feedback()).containsExactlyElementsOf(refs);
    Escalation repeated =
        store
            .raise(
                acrossSessions(
                    T0.plusSeconds(1),
                    List.of(new FeedbackRef("s1", "1"), new FeedbackRef("s4", "1"))))
            .escalation();
    assertThat(repeated.feedback())
        .containsExactly(
            new FeedbackRef("s2", "1"),
            new FeedbackRef("s1", "1"),
            new FeedbackRef("s1", "2"),
            new FeedbackRef("s3", "1"),
            new FeedbackRef("s4", "1"));
    assertThat(store.list(EscalationQuery.all()))
        .singleElement()
        .satisfies(e -> assertThat(e.feedback()).isEqualTo(repeated.feedback()));
  }

  @Test
  public void equalFeedbackIdsOfTwoSessionsAreTwoLoopClosingEventsSettledApart() {
    Duration lease = Duration.ofMinutes(5);
    FeedbackRef inS1 = new FeedbackRef("s1", "1");
    FeedbackRef inS2 = new FeedbackRef("s2", "1");
    String id = store.raise(acrossSessions(T0, List.of(inS1, inS2))).escalation().id();
    store.resolve(id, "ann", T0.plusSeconds(10), "model rolled back");
    Instant now = T0.plusSeconds(20);
    assertThat(store.claimLoopClosings(new LoopClaim("r1", now, lease, 10)))
        .singleElement()
        .satisfies(loop -> assertThat(loop.pending()).containsExactly(inS1, inS2));
    EscalationStore other = replica();
    try {
      other.loopClosingsSent(id, List.of(inS2, new FeedbackRef("s3", "1")));
      List<LoopClosing> again =
          other.claimLoopClosings(new LoopClaim("r2", now.plus(lease), lease, 10));
      assertThat(again)
          .singleElement()
          .satisfies(loop -> assertThat(loop.pending()).containsExactly(inS1));
      store.loopClosingsSent(id, List.of(inS1));
      assertThat(
              store.claimLoopClosings(new LoopClaim("r1", now.plus(lease).plus(lease), lease, 10)))
          .isEmpty();
    } finally {
      other.close();
    }
  }
}
