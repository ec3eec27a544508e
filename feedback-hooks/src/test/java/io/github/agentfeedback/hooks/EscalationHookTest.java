package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.SessionCounts;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.FeedbackStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EscalationHookTest {

  private final TestClock clock = TestClock.at("2026-03-01T18:00:00Z");
  private final List<Raised> raised = new CopyOnWriteArrayList<>();
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final InMemoryEscalationStore escalations = new InMemoryEscalationStore();

  private FeedbackManager manager(EscalationHook hook) {
    return FeedbackManager.builder().store(store).hooks(hook).clock(clock).build();
  }

  private EscalationHook.Builder builder() {
    return EscalationHook.builder()
        .clock(clock)
        .escalations(escalations)
        .feedbackStore(store)
        .listener(raised::add);
  }

  private static Feedback rated(String id, Rating rating) {
    return Feedback.builder().id(id).rating(rating).comment("c").build();
  }

  /** What a proxy does before it hands a call to the real object. */
  private interface Before {
    void call(Method method, Object[] args);
  }

  /** A proxy of an interface that calls {@code before}, then the real object. */
  private static <T> T proxy(Class<T> type, T real, Before before) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> {
              before.call(method, args);
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }

  private List<Escalation> stored() {
    return escalations.list(EscalationQuery.builder().build());
  }

  @Test
  void theThirdDownInAnyOrderRaisesOneEscalationAndLaterDownsRaiseItsCount() {
    FeedbackManager m = manager(builder().negativeRatings(3).build());
    m.addFeedback("s-1", rated("f1", Rating.DOWN));
    m.addFeedback("s-1", rated("f2", Rating.UP));
    m.addFeedback("s-1", rated("f3", Rating.DOWN));
    assertThat(raised).isEmpty();
    m.addFeedback("s-1", rated("f4", Rating.DOWN));
    assertThat(raised)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.created()).isTrue();
              Escalation e = r.escalation();
              assertThat(e.type()).isEqualTo(EscalationHook.SESSION_NEGATIVES);
              assertThat(e.rule()).isEqualTo("session_negatives:3");
              assertThat(e.subject()).isEqualTo("session:s-1");
              assertThat(e.severity()).isEqualTo(Severity.HIGH);
              assertThat(e.sessionIds()).containsExactly("s-1");
              assertThat(e.feedback()).containsExactly(new FeedbackRef("s-1", "f4"));
              assertThat(e.figures())
                  .containsEntry("down", 3.0)
                  .containsEntry("up", 1.0)
                  .containsEntry("total", 4.0);
              assertThat(e.raisedAt()).isEqualTo(Instant.parse("2026-03-01T18:00:00Z"));
            });
    m.addFeedback("s-1", rated("f5", Rating.UP)); // not a DOWN: nothing
    m.addFeedback("s-1", rated("f6", Rating.DOWN));
    assertThat(raised).hasSize(2);
    assertThat(raised.get(1).created()).isFalse();
    assertThat(stored())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.count()).isEqualTo(2);
              assertThat(e.feedback())
                  .containsExactly(new FeedbackRef("s-1", "f4"), new FeedbackRef("s-1", "f6"));
              assertThat(e.figures()).containsEntry("down", 4.0);
            });
    m.addFeedback("s-2", rated("g1", Rating.DOWN)); // another session counts on its own
    assertThat(raised).hasSize(2);
  }

  @Test
  void aReplayNeverRaises() {
    FeedbackManager m = manager(builder().negativeRatings(2).build());
    m.addFeedback("s", rated("f1", Rating.DOWN));
    m.addFeedback("s", rated("f2", Rating.DOWN));
    assertThat(m.addFeedback("s", rated("f2", Rating.DOWN)).created()).isFalse();
    assertThat(m.addFeedback("s", rated("f1", Rating.DOWN)).created()).isFalse();
    assertThat(raised).hasSize(1);
    assertThat(stored()).singleElement().extracting(Escalation::count).isEqualTo(1L);
  }

  @Test
  void aVoteChangedToDownCountsByItsNewRatingAndAnUnchangedVoteRaisesNothing() {
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .oneVotePerUserAndMessage(true)
            .hooks(builder().negativeRatings(2).build())
            .build();
    Instant t = Instant.parse("2026-03-01T17:00:00Z");
    m.addFeedback("s", rated("f1", Rating.DOWN));
    FeedbackResult up =
        m.addFeedback(
            "s",
            Feedback.builder().userId("u").messageId("m").rating(Rating.UP).createdAt(t).build());
    assertThat(up.counts()).isEqualTo(new SessionCounts(1, 1, 0, 2));
    assertThat(raised).isEmpty();
    Feedback down =
        Feedback.builder()
            .userId("u")
            .messageId("m")
            .rating(Rating.DOWN)
            .createdAt(t.plusSeconds(5))
            .build();
    FeedbackResult changed = m.addFeedback("s", down);
    assertThat(changed.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(changed.counts()).isEqualTo(new SessionCounts(0, 2, 0, 2));
    assertThat(raised).singleElement().satisfies(r -> assertThat(r.created()).isTrue());
    assertThat(m.addFeedback("s", down).outcome()).isEqualTo(FeedbackResult.Outcome.UNCHANGED);
    assertThat(raised).hasSize(1);
  }

  @Test
  void anEditOfADownThatStaysDownRaisesNothingAndAVoteChangedToDownStillCounts() {
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .oneVotePerUserAndMessage(true)
            .hooks(builder().negativeRatings(3).build())
            .build();
    m.addFeedback("s", rated("f1", Rating.DOWN));
    m.addFeedback("s", rated("f2", Rating.DOWN));
    m.addFeedback("s", rated("f3", Rating.DOWN));
    assertThat(raised).singleElement().satisfies(r -> assertThat(r.created()).isTrue());

    // A comment fix of one of those DOWNs: the session still holds three DOWN.
    FeedbackResult edited =
        m.updateFeedback("s", rated("f2", Rating.DOWN).toBuilder().comment("typo fixed").build());
    assertThat(edited.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(edited.previousRating()).isEqualTo(Rating.DOWN);
    assertThat(edited.counts()).isEqualTo(new SessionCounts(0, 3, 0, 3));
    assertThat(raised).hasSize(1);
    assertThat(stored()).singleElement().extracting(Escalation::count).isEqualTo(1L);

    // A vote changed from UP to DOWN is one more DOWN.
    Instant t = Instant.parse("2026-03-01T17:00:00Z");
    Feedback up =
        Feedback.builder().userId("u").messageId("m").rating(Rating.UP).createdAt(t).build();
    m.addFeedback("s", up);
    assertThat(raised).hasSize(1);
    FeedbackResult changed =
        m.addFeedback("s", up.toBuilder().rating(Rating.DOWN).createdAt(t.plusSeconds(5)).build());
    assertThat(changed.previousRating()).isEqualTo(Rating.UP);
    assertThat(raised).hasSize(2);
    assertThat(raised.get(1).created()).isFalse();
    assertThat(stored()).singleElement().extracting(Escalation::count).isEqualTo(2L);

    // An edit that takes a DOWN away and one that gives it back: the second counts.
    m.updateFeedback("s", rated("f1", Rating.UP));
    assertThat(raised).hasSize(2);
    m.updateFeedback("s", rated("f1", Rating.DOWN));
    assertThat(raised).hasSize(3);
    assertThat(stored()).singleElement().extracting(Escalation::count).isEqualTo(3L);
  }

  @Test
  void aRuleSeesWhatAReplacementReplacedAndWhetherItAddedTheRating() {
    List<SessionWrite> seen = new CopyOnWriteArrayList<>();
    FeedbackManager m =
        manager(
            builder()
                .rule(
                    w -> {
                      seen.add(w);
                      return Optional.empty();
                    })
                .build());
    m.addFeedback("s", rated("f1", Rating.UP));
    m.updateFeedback("s", rated("f1", Rating.DOWN));
    m.updateFeedback("s", rated("f1", Rating.DOWN).toBuilder().comment("fixed").build());
    assertThat(seen)
        .extracting(
            SessionWrite::outcome,
            SessionWrite::previousRating,
            w -> w.counted(Rating.DOWN),
            w -> w.counted(Rating.UP))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(FeedbackResult.Outcome.CREATED, null, false, true),
            org.assertj.core.groups.Tuple.tuple(
                FeedbackResult.Outcome.REPLACED, Rating.UP, true, false),
            org.assertj.core.groups.Tuple.tuple(
                FeedbackResult.Outcome.REPLACED, Rating.DOWN, false, false));
    assertThat(seen.get(1).toString()).contains("outcome=REPLACED, previousRating=UP");

    // A store that does not report the previous rating: read as replacing unrated feedback.
    Feedback down = rated("f2", Rating.DOWN);
    SessionWrite unreported =
        new SessionWrite(
            "s",
            FeedbackAction.UPDATE,
            FeedbackResult.replaced(down, null).toBuilder()
                .counts(new SessionCounts(0, 1, 0, 1))
                .build(),
            clock.instant(),
            List::of);
    assertThat(unreported.previousRating()).isNull();
    assertThat(unreported.counted(Rating.DOWN)).isTrue();
    SessionWrite duplicate =
        new SessionWrite(
            "s",
            FeedbackAction.ADD,
            FeedbackResult.duplicate(down).toBuilder()
                .counts(new SessionCounts(0, 1, 0, 1))
                .build(),
            clock.instant(),
            List::of);
    assertThat(duplicate.counted(Rating.DOWN)).isFalse();
  }

  @Test
  void anEditInsideAStreakDoesNotRaiseItAgain() {
    FeedbackManager m = manager(builder().downStreak(2).build());
    m.addFeedback("s", rated("f1", Rating.DOWN));
    m.addFeedback("s", rated("f2", Rating.DOWN));
    assertThat(raised).hasSize(1);
    m.updateFeedback("s", rated("f2", Rating.DOWN).toBuilder().comment("more detail").build());
    assertThat(raised).hasSize(1);
    assertThat(stored()).singleElement().extracting(Escalation::count).isEqualTo(1L);
  }

  @Test
  void aStreakFollowsTheStoresOrderAndAScoreAloneNeitherExtendsNorEndsIt() {
    FeedbackManager m = manager(builder().downStreak(3).build());
    m.addFeedback("s", rated("f1", Rating.DOWN));
    m.addFeedback("s", rated("f2", Rating.UP));
    m.addFeedback("s", rated("f3", Rating.DOWN));
    m.addFeedback("s", rated("f4", Rating.DOWN));
    assertThat(raised).isEmpty(); // three DOWN, but not in a row
    m.addFeedback("s", Feedback.builder().id("nps").score(9, Scale.NPS).comment("").build());
    m.addFeedback("s", rated("f5", Rating.DOWN));
    assertThat(raised)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.escalation().type()).isEqualTo(EscalationHook.DOWN_STREAK);
              assertThat(r.escalation().rule()).isEqualTo("down_streak:3");
              assertThat(r.escalation().figures()).containsEntry("streak", 3.0);
              assertThat(r.escalation().severity()).isEqualTo(Severity.MEDIUM);
            });
  }

  @Test
  void theStreakReadsTheSessionOnlyOnceTheCountsAllowIt() {
    AtomicInteger reads = new AtomicInteger();
    FeedbackStore counting =
        proxy(
            FeedbackStore.class,
            store,
            (method, args) -> {
              if (method.getName().equals("list")) {
                reads.incrementAndGet();
              }
            });
    FeedbackManager m =
        FeedbackManager.builder()
            .store(counting)
            .clock(clock)
            .hooks(
                EscalationHook.builder()
                    .escalations(escalations)
                    .feedbackStore(counting)
                    .downStreak(3)
                    .build())
            .build();
    m.addFeedback("s", rated("f1", Rating.DOWN));
    m.addFeedback("s", rated("f2", Rating.UP));
    m.addFeedback("s", rated("f3", Rating.DOWN));
    assertThat(reads).hasValue(0);
    m.addFeedback("s", rated("f4", Rating.DOWN));
    assertThat(reads).hasValue(1);
  }

  @Test
  void aWindowCountsTheDownsGivenWithinItBeforeTheWrite() {
    FeedbackManager m =
        manager(builder().rule(EscalationRule.negativeRatings(2, Duration.ofMinutes(10))).build());
    m.addFeedback("s", rated("f1", Rating.DOWN)); // created at 18:00 by the manager's clock
    clock.advance(Duration.ofMinutes(20));
    m.addFeedback("s", rated("f2", Rating.DOWN));
    assertThat(raised).isEmpty(); // two DOWN, but 20 minutes apart
    clock.advance(Duration.ofMinutes(5));
    m.addFeedback("s", rated("f3", Rating.DOWN));
    assertThat(raised)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.escalation().rule()).isEqualTo("session_negatives:2/PT10M");
              assertThat(r.escalation().figures())
                  .containsEntry("down_in_window", 2.0)
                  .containsEntry("down", 3.0);
            });
  }

  @Test
  void aDownStampedFarInTheFutureDoesNotStayInEveryLaterWindow() {
    FeedbackManager m =
        manager(builder().rule(EscalationRule.negativeRatings(2, Duration.ofMinutes(10))).build());
    Feedback ahead =
        rated("f1", Rating.DOWN).toBuilder()
            .createdAt(Instant.parse("9999-01-01T00:00:00Z"))
            .build();
    m.addFeedback("s", ahead); // counted at its arrival: one DOWN
    clock.advance(Duration.ofDays(30));
    m.addFeedback("s", rated("f2", Rating.DOWN));
    // A month later it must not be in the window, as it would be until the year 9999.
    assertThat(raised).isEmpty();
  }

  @Test
  void downsFromAClockSlightlyAheadCountTogetherUntilTheWindowPassesTheirTime() {
    FeedbackManager m =
        manager(builder().rule(EscalationRule.negativeRatings(2, Duration.ofMinutes(10))).build());
    Duration skew = Duration.ofMinutes(2); // the client's clock runs two minutes ahead
    Instant t0 = clock.instant();
    m.addFeedback("s", rated("f1", Rating.DOWN).toBuilder().createdAt(t0.plus(skew)).build());
    clock.advance(Duration.ofMinutes(1));
    m.addFeedback(
        "s", rated("f2", Rating.DOWN).toBuilder().createdAt(clock.instant().plus(skew)).build());
    assertThat(raised)
        .singleElement()
        .satisfies(r -> assertThat(r.escalation().figures()).containsEntry("down_in_window", 2.0));
    // Ten minutes after the time f2 carries, neither is in the window any more.
    clock.set(t0.plus(Duration.ofMinutes(13)).plusMillis(1));
    m.addFeedback("s", rated("f3", Rating.DOWN));
    assertThat(raised).hasSize(1);
  }

  @Test
  void theWrittenDownCountsInItsOwnWindowWhateverTheTimeItCarries() {
    FeedbackManager m =
        manager(builder().rule(EscalationRule.negativeRatings(2, Duration.ofMinutes(10))).build());
    m.addFeedback("s", rated("f1", Rating.DOWN));
    clock.advance(Duration.ofMinutes(1));
    m.addFeedback(
        "s",
        rated("f2", Rating.DOWN).toBuilder()
            .createdAt(clock.instant().plus(Duration.ofHours(2)))
            .build());
    // f2 arrived now: with f1 a minute ago, two DOWN within ten minutes.
    assertThat(raised)
        .singleElement()
        .satisfies(r -> assertThat(r.escalation().figures()).containsEntry("down_in_window", 2.0));
  }

  @Test
  void aWindowLongerThanTimeItselfCountsEveryDown() {
    FeedbackManager m =
        manager(
            builder()
                .rule(EscalationRule.negativeRatings(2, Duration.ofSeconds(Long.MAX_VALUE)))
                .build());
    m.addFeedback(
        "s",
        rated("f1", Rating.DOWN).toBuilder()
            .createdAt(Instant.parse("0001-01-01T00:00:00Z"))
            .build());
    m.addFeedback("s", rated("f2", Rating.DOWN));
    assertThat(raised)
        .singleElement()
        .satisfies(r -> assertThat(r.escalation().figures()).containsEntry("down_in_window", 2.0));
  }

  @Test
  void aCustomRuleGetsTheFeedbackTheCountsAndTheAction() {
    List<SessionWrite> seen = new CopyOnWriteArrayList<>();
    EscalationRule oneStar =
        write -> {
          seen.add(write);
          return write.feedback().score() != null && write.feedback().score().value() <= 1
              ? Optional.of(
                  Escalation.builder()
                      .type("one_star")
                      .rule("one_star")
                      .subject("session:" + write.sessionId())
                      .raisedAt(write.at())
                      .build())
              : Optional.empty();
        };
    FeedbackManager m = manager(builder().rule(oneStar).build());
    m.addFeedback("s", rated("f1", Rating.UP));
    m.addFeedback("s", Feedback.builder().id("f2").score(1, Scale.STARS_5).comment("").build());
    assertThat(seen)
        .extracting(SessionWrite::action, w -> w.feedback().id(), SessionWrite::counts)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                FeedbackAction.ADD, "f1", new SessionCounts(1, 0, 0, 1)),
            org.assertj.core.groups.Tuple.tuple(
                FeedbackAction.ADD, "f2", new SessionCounts(1, 0, 0, 2)));
    assertThat(raised)
        .singleElement()
        .satisfies(r -> assertThat(r.escalation().type()).isEqualTo("one_star"));
  }

  @Test
  void failingRulesStoresAndListenersNeverFailTheCaller() {
    EscalationStore failing =
        proxy(
            EscalationStore.class,
            escalations,
            (method, args) -> {
              if (method.getName().equals("raise")) {
                throw new IllegalStateException("escalation store down");
              }
            });
    FeedbackManager m =
        manager(
            EscalationHook.builder()
                .escalations(failing)
                .rule(
                    w -> {
                      throw new IllegalStateException("rule bug");
                    })
                .negativeRatings(1)
                .build());
    assertThat(m.addFeedback("s", rated("f1", Rating.DOWN)).created()).isTrue();
    FeedbackManager n =
        manager(
            builder()
                .negativeRatings(1)
                .listener(
                    r -> {
                      throw new IllegalStateException("listener bug");
                    })
                .downStreak(1) // without a feedback store it could not read; here it can
                .build());
    assertThat(n.addFeedback("s2", rated("g1", Rating.DOWN)).created()).isTrue();
    assertThat(raised).hasSize(2); // the listener before the failing one was told of both
    FeedbackManager noHistory =
        manager(EscalationHook.builder().escalations(escalations).downStreak(1).build());
    assertThat(noHistory.addFeedback("s3", rated("h1", Rating.DOWN)).created()).isTrue();
    assertThat(store.list("s")).hasSize(1);
  }

  @Test
  void theBuilderNeedsAnEscalationStoreAndARule() {
    assertThatThrownBy(() -> EscalationHook.builder().negativeRatings(3).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("escalations(EscalationStore)");
    assertThatThrownBy(() -> EscalationHook.builder().escalations(escalations).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one rule");
    assertThatThrownBy(() -> EscalationRule.downStreak(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("downStreak length must be at least 1, was 0");
    assertThatThrownBy(() -> EscalationRule.negativeRatings(2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window must be positive");
  }
}
