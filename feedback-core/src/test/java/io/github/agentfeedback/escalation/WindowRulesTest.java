package io.github.agentfeedback.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.memory.InMemoryLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * The positive-rate and NPS window rules, per group and overall, a custom rule, the check's
 * handling of failing rules, its schedule and its settings. The satisfaction, volume and
 * sentiment rules and the lease across replicas are checked on every store by the kit's
 * {@code WindowCheckContract}.
 */
@NullUnmarked
class WindowRulesTest {

  private static final Instant NOW = Instant.parse("2026-03-15T00:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final InMemoryEscalationStore escalations = new InMemoryEscalationStore();
  private final InMemoryLeases leases = new InMemoryLeases();
  private int sessions;

  /** Writes feedback, one per session, a minute apart from {@code start}. */
  private void write(
      Instant start, int count, Feedback.Builder feedback, Map<String, Object> meta) {
    for (int i = 0; i < count; i++) {
      String session = "s" + sessions++;
      store.append(
          session,
          feedback.id(session).createdAt(start.plus(Duration.ofMinutes(i))).build(),
          UnknownSessionPolicy.CREATE);
      if (!meta.isEmpty()) {
        store.updateMetadata(session, meta);
      }
    }
  }

  private WindowCheck.Builder check() {
    return WindowCheck.builder().store(store).escalations(escalations).leases(leases);
  }

  @Test
  void aGroupThatNoSubjectCanNameIsSkippedAndTheOtherGroupsStillRaise() {
    Instant current = NOW.minus(DAY);
    Feedback.Builder up = Feedback.builder().rating(Rating.UP);
    write(current, 30, up, Map.of("persona", "tutor"));
    // A value no subject can hold, as any user who sets the metadata can send.
    write(current, 30, up, Map.of("persona", "p".repeat(Escalation.MAX_SUBJECT_LENGTH)));
    write(current, 30, up, Map.of("persona", "nul\0"));
    WindowCheck.Run run =
        check()
            .rule(
                VolumeSpikeRule.builder()
                    .name("volume_by_persona")
                    .factor(2)
                    .minCount(20)
                    .window(DAY)
                    .groupBy(GroupKey.metadata("persona"))
                    .build())
            .build()
            .runOnce(NOW);
    assertThat(run.failedRules()).isEmpty();
    assertThat(run.raised())
        .extracting(r -> r.escalation().subject())
        .containsExactly("persona:tutor");
  }

  @Test
  void aPositiveRateDropIsTestedWithNeutralRatingsAsNotPositive() {
    Instant previous = NOW.minus(DAY.multipliedBy(2));
    Instant current = NOW.minus(DAY);
    write(previous, 80, Feedback.builder().rating(Rating.UP), Map.of());
    write(previous.plusSeconds(7200), 20, Feedback.builder().rating(Rating.NEUTRAL), Map.of());
    write(current, 50, Feedback.builder().rating(Rating.UP), Map.of());
    write(current.plusSeconds(7200), 50, Feedback.builder().rating(Rating.NEUTRAL), Map.of());
    WindowCheck.Run run =
        check()
            .rule(
                FigureDropRule.builder()
                    .name("positive_rate")
                    .figure(FigureDropRule.Figure.POSITIVE_RATE)
                    .below(70)
                    .window(DAY)
                    .build())
            .rule( // no down vote: satisfaction is 100% in both windows, nothing to test
                FigureDropRule.builder()
                    .name("satisfaction")
                    .figure(FigureDropRule.Figure.SATISFACTION)
                    .below(70)
                    .window(DAY)
                    .build())
            .build()
            .runOnce(NOW);
    assertThat(run.raised()).hasSize(1);
    Escalation e = run.raised().get(0).escalation();
    assertThat(e.rule()).isEqualTo("positive_rate");
    assertThat(e.type()).isEqualTo("positive_rate_drop");
    assertThat(e.subject()).isEqualTo("overall");
    assertThat(e.groups()).isEmpty();
    assertThat(e.figures().get("current")).isEqualTo(50.0);
    assertThat(e.figures().get("previous")).isEqualTo(80.0);
    // the table 80 of 100 against 50 of 100: z = −4.4475, p = erfc(|z|/√2); one subject
    assertThat(e.figures().get("p_value")).isCloseTo(8.687711677000018e-06, within(1e-12));
    assertThat(e.figures().get("adjusted_p_value")).isEqualTo(e.figures().get("p_value"));
  }

  @Test
  void anNpsDropOfOneVariantRaisesAboutThatVariant() {
    Instant previous = NOW.minus(DAY.multipliedBy(2));
    Instant current = NOW.minus(DAY);
    for (String variant : List.of("A", "B")) {
      Map<String, Object> meta = Map.of("variant", variant);
      write(previous, 40, Feedback.builder().score(10, Scale.NPS), meta);
      write(previous.plusSeconds(7200), 10, Feedback.builder().score(3, Scale.NPS), meta);
      boolean drops = variant.equals("B");
      write(current, drops ? 20 : 40, Feedback.builder().score(10, Scale.NPS), meta);
      write(
          current.plusSeconds(7200), drops ? 30 : 10, Feedback.builder().score(3, Scale.NPS), meta);
    }
    WindowCheck.Run run =
        check()
            .rule(
                FigureDropRule.builder()
                    .name("nps_by_variant")
                    .figure(FigureDropRule.Figure.NPS)
                    .below(0)
                    .window(DAY)
                    .groupBy(GroupKey.metadata("variant"))
                    .severity(Severity.CRITICAL)
                    .build())
            .build()
            .runOnce(NOW);
    assertThat(run.raised()).hasSize(1);
    Escalation e = run.raised().get(0).escalation();
    assertThat(e.subject()).isEqualTo("variant:B");
    assertThat(e.groups()).containsExactly("variant=B");
    assertThat(e.type()).isEqualTo("nps_drop");
    assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
    Map<String, Double> f = e.figures();
    assertThat(f.get("current")).isCloseTo(-20.0, within(1e-9));
    assertThat(f.get("previous")).isCloseTo(60.0, within(1e-9));
    assertThat(f.get("n")).isEqualTo(50.0);
    // Welch's test of the recoded values (scipy.stats.ttest_ind, equal_var=False)
    assertThat(f.get("p_value")).isCloseTo(2.56773751077631e-05, within(1e-10));
    // variant A did not change (no variation in the difference, but a test): Holm over 2
    assertThat(f.get("adjusted_p_value")).isCloseTo(2 * 2.56773751077631e-05, within(1e-10));
  }

  @Test
  void aFailingRuleIsLoggedAndTheOthersStillRaise() {
    write(NOW.minus(DAY), 30, Feedback.builder().rating(Rating.DOWN), Map.of());
    WindowRule broken =
        new WindowRule() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public List<Escalation> evaluate(WindowContext context) {
            throw new IllegalStateException("boom");
          }
        };
    WindowRule custom = new FewVotesRule();
    WindowCheck.Run run =
        check()
            .rule(broken)
            .rule(
                VolumeSpikeRule.builder().name("volume").factor(2).minCount(20).window(DAY).build())
            .rule(custom)
            .build()
            .runOnce(NOW);
    assertThat(run.ran()).isTrue();
    assertThat(run.failedRules()).containsExactly("broken");
    assertThat(run.raised())
        .extracting(r -> r.escalation().rule())
        .containsExactly("volume", "few_votes");
  }

  /** A custom rule: raises when the last day had fewer than 100 votes. */
  private static final class FewVotesRule implements WindowRule {
    @Override
    public String name() {
      return "few_votes";
    }

    @Override
    public List<Escalation> evaluate(WindowContext w) {
      long votes =
          w.tallies(io.github.agentfeedback.FeedbackQuery.all(), w.now().minus(DAY), w.now(), null)
              .total()
              .rated();
      return votes >= 100
          ? List.of()
          : List.of(
              Escalation.builder()
                  .type("few_votes")
                  .rule(name())
                  .subject("overall")
                  .figure("votes", (double) votes)
                  .raisedAt(w.now())
                  .build());
    }
  }

  @Test
  void aReplicaWithoutTheLeaseEvaluatesNothing() {
    write(NOW.minus(DAY), 30, Feedback.builder().rating(Rating.DOWN), Map.of());
    assertThat(leases.tryAcquire(WindowCheck.DEFAULT_LEASE, "other", DAY, NOW)).isTrue();
    WindowCheck.Run run = check().rule(new FewVotesRule()).owner("me").build().runOnce(NOW);
    assertThat(run.ran()).isFalse();
    assertThat(run.raised()).isEmpty();
    assertThat(escalations.list(EscalationQuery.all())).isEmpty();
  }

  @Test
  void startRunsOnTheGivenSchedulerAndCloseReleasesTheLeaseButNotTheScheduler() throws Exception {
    CountDownLatch evaluated = new CountDownLatch(1);
    WindowRule signal =
        new WindowRule() {
          @Override
          public String name() {
            return "signal";
          }

          @Override
          public List<Escalation> evaluate(WindowContext context) {
            evaluated.countDown();
            return List.of();
          }
        };
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      WindowCheck check =
          check().rule(signal).owner("me").scheduler(scheduler).period(Duration.ofHours(1)).build();
      check.start();
      check.start(); // again: nothing more
      assertThat(evaluated.await(30, TimeUnit.SECONDS)).isTrue();
      check.close();
      check.close();
      assertThat(scheduler.isShutdown()).isFalse();
      // the lease was released (the scheduled run is over, so nothing acquires it again)
      scheduler.submit(() -> null).get();
      assertThat(leases.find(WindowCheck.DEFAULT_LEASE)).isEmpty();
      assertThatThrownBy(check::start).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> check.runOnce(NOW)).isInstanceOf(IllegalStateException.class);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void badSettingsAreRefusedNamingThem() {
    assertThatThrownBy(() -> check().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rules");
    assertThatThrownBy(() -> check().rule(new FewVotesRule()).rule(new FewVotesRule()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("few_votes");
    assertThatThrownBy(
            () ->
                FigureDropRule.builder()
                    .name("x")
                    .figure(FigureDropRule.Figure.SATISFACTION)
                    .window(DAY)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("below");
    assertThatThrownBy(
            () ->
                FigureDropRule.builder()
                    .name("x")
                    .figure(FigureDropRule.Figure.SATISFACTION)
                    .below(70)
                    .window(DAY)
                    .groupBy(GroupKey.period(Granularity.DAY))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groupBy");
    assertThatThrownBy(() -> VolumeSpikeRule.builder().name("v").factor(1).window(DAY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor");
    assertThatThrownBy(
            () -> NegativeSentimentRule.builder().name("n").above(100).window(DAY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above");
    assertThatThrownBy(
            () ->
                VolumeSpikeRule.builder().name("v").factor(2).window(Duration.ofMillis(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window");
    assertThatThrownBy(() -> check().rule(new FewVotesRule()).leaseDuration(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration");
  }
}
