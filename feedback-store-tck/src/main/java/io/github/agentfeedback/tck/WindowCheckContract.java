package io.github.agentfeedback.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FigureDropRule;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.escalation.NegativeSentimentRule;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.escalation.VolumeSpikeRule;
import io.github.agentfeedback.escalation.WindowCheck;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Window rules and their scheduled check on a store: a fixed-clock data set of two weeks
 * raises the expected escalations with the expected figures, nothing on a dip that is not
 * significant, and three replicas' checks (each with its own escalation store and leases
 * over the same database) raise one escalation per breach, not three. A store's test class
 * extends it and supplies a fresh feedback store, escalation store and leases over one
 * empty database per test, and replicas of the last two.
 *
 * <h2>The data set</h2>
 *
 * Checked at {@link #NOW}, with windows of 7 days: the current window is the week before
 * {@code NOW}, the previous one the week before that. One vote per session, so the
 * satisfaction test takes votes as independent (the score test):
 *
 * <table>
 *   <caption>votes per model and window</caption>
 *   <tr><th>model</th><th>previous week</th><th>current week</th><th>expected</th></tr>
 *   <tr><td>gpt-a</td><td>80 up, 20 down (80%)</td><td>50 up, 50 down (50%)</td>
 *       <td>satisfaction drop: z = −4.4475, p = 8.6877·10⁻⁶, Holm over 2 tested models:
 *       1.7375·10⁻⁵</td></tr>
 *   <tr><td>gpt-b</td><td>36 up, 14 down (72%)</td><td>33 up, 17 down (66%)</td>
 *       <td>below 70 but not significant (p = 0.5166): nothing</td></tr>
 *   <tr><td>gpt-c</td><td>10 up</td><td>40 up</td>
 *       <td>volume ×4 (factor 3, minimum 20); too few for the satisfaction test</td></tr>
 * </table>
 *
 * In the current week gpt-a's down votes carry sentiment −0.5 and its up votes 0.4, gpt-c's
 * votes 0.2: 50 negative of 140, a share of 35.7% (threshold 30%).
 *
 * <p>Not thread-safe: JUnit makes one instance per test method.
 */
@NullUnmarked // a JUnit contract: its assertions check the values it reads
public abstract class WindowCheckContract {

  /** The time of the checks. */
  protected static final Instant NOW = Instant.parse("2026-03-15T00:00:00Z");

  private static final Duration WEEK = Duration.ofDays(7);

  /** The feedback store under test. */
  protected FeedbackStore store;

  /** The escalation store of the first replica. */
  protected EscalationStore escalations;

  /** The leases of the first replica. */
  protected Leases leases;

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Creates a feedback store over a fresh, empty database. */
  protected abstract FeedbackStore newFeedbackStore();

  /** Creates an escalation store over a fresh, empty database, which replicas share. */
  protected abstract EscalationStore newEscalationStore();

  /** Another escalation store over the last {@link #newEscalationStore()}'s database. */
  protected abstract EscalationStore replicaEscalationStore();

  /** Creates leases over a fresh, empty database, which replicas share. */
  protected abstract Leases newLeases();

  /** Other leases over the last {@link #newLeases()}'s database. */
  protected abstract Leases replicaLeases();

  /** Opens the stores and writes the data set. */
  @BeforeEach
  public void openStoresAndWriteTheDataSet() {
    store = newFeedbackStore();
    escalations = newEscalationStore();
    leases = newLeases();
    opened.add(store);
    opened.add(escalations);
    opened.add(leases);
    List<SessionFeedback> items = new ArrayList<>();
    Instant previous = NOW.minus(WEEK.multipliedBy(2));
    Instant current = NOW.minus(WEEK);
    votes(items, "gpt-a", previous, 80, 20, null, null);
    votes(items, "gpt-a", current, 50, 50, 0.4, -0.5);
    votes(items, "gpt-b", previous, 36, 14, null, null);
    votes(items, "gpt-b", current, 33, 17, null, null);
    votes(items, "gpt-c", previous, 10, 0, null, null);
    votes(items, "gpt-c", current, 40, 0, 0.2, null);
    store.appendAll(items, UnknownSessionPolicy.CREATE);
  }

  /** Closes what the test opened, the checks first. */
  @AfterEach
  public void closeStores() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** One session per vote, a minute apart from the start of a window. */
  private static void votes(
      List<SessionFeedback> items,
      String model,
      Instant start,
      int up,
      int down,
      @Nullable Double upSentiment,
      @Nullable Double downSentiment) {
    for (int i = 0; i < up + down; i++) {
      boolean isUp = i < up;
      Feedback.Builder f =
          Feedback.builder()
              .id(model + "-" + start.getEpochSecond() + "-" + i)
              .rating(isUp ? Rating.UP : Rating.DOWN)
              .model(ModelRef.of(model))
              .createdAt(start.plus(Duration.ofMinutes(i)));
      Double sentiment = isUp ? upSentiment : downSentiment;
      if (sentiment != null) {
        f.attribute("sentiment", sentiment);
      }
      items.add(new SessionFeedback(model + "-s-" + start.getEpochSecond() + "-" + i, f.build()));
    }
  }

  /** A check with the three rules of the data set, as one replica would build it. */
  private WindowCheck check(String owner, EscalationStore escalations, Leases leases) {
    WindowCheck check =
        WindowCheck.builder()
            .store(store)
            .escalations(escalations)
            .leases(leases)
            .owner(owner)
            .period(Duration.ofMinutes(5))
            .rule(
                FigureDropRule.builder()
                    .name("satisfaction_by_model")
                    .figure(FigureDropRule.Figure.SATISFACTION)
                    .below(70)
                    .window(WEEK)
                    .groupBy(GroupKey.model())
                    .severity(Severity.HIGH)
                    .build())
            .rule(
                VolumeSpikeRule.builder()
                    .name("volume_by_model")
                    .factor(3)
                    .minCount(20)
                    .window(WEEK)
                    .groupBy(GroupKey.model())
                    .build())
            .rule(
                NegativeSentimentRule.builder()
                    .name("negative_sentiment")
                    .above(30)
                    .window(WEEK)
                    .severity(Severity.LOW)
                    .build())
            .build();
    opened.add(check);
    return check;
  }

  private Map<String, Escalation> openByRule() {
    return escalations.list(EscalationQuery.all()).stream()
        .collect(Collectors.toMap(Escalation::rule, Function.identity()));
  }

  @Test
  public void theDataSetRaisesTheExpectedEscalationsWithTheExpectedFigures() {
    WindowCheck.Run run = check("r1", escalations, leases).runOnce(NOW);
    assertThat(run.ran()).isTrue();
    assertThat(run.failedRules()).isEmpty();
    assertThat(run.raised()).hasSize(3).allMatch(r -> r.created());
    Map<String, Escalation> open = openByRule();
    assertThat(open)
        .containsOnlyKeys("satisfaction_by_model", "volume_by_model", "negative_sentiment");

    // gpt-a: 80% → 50%, significant; gpt-b's dip (72% → 66%) is not, so it raises nothing
    Escalation drop = open.get("satisfaction_by_model");
    assertThat(drop.subject()).isEqualTo("model:gpt-a");
    assertThat(drop.type()).isEqualTo("satisfaction_drop");
    assertThat(drop.severity()).isEqualTo(Severity.HIGH);
    assertThat(drop.groups()).containsExactly("model=gpt-a");
    assertThat(drop.raisedAt()).isEqualTo(NOW);
    Map<String, Double> f = drop.figures();
    assertThat(f.get("current")).isEqualTo(50.0);
    assertThat(f.get("previous")).isEqualTo(80.0);
    assertThat(f.get("difference")).isCloseTo(-30.0, within(1e-9));
    assertThat(f.get("n")).isEqualTo(100.0);
    assertThat(f.get("previous_n")).isEqualTo(100.0);
    assertThat(f.get("threshold")).isEqualTo(70.0);
    assertThat(f.get("alpha")).isEqualTo(0.05);
    // z = (0.5 − 0.8) / √(0.65 · 0.35 · (1/100 + 1/100)), p = erfc(|z|/√2)
    assertThat(f.get("p_value")).isCloseTo(8.687711677000018e-06, within(1e-12));
    assertThat(f.get("adjusted_p_value")).isCloseTo(2 * 8.687711677000018e-06, within(1e-12));
    assertThat(f.get("interval_low")).isLessThan(-30.0);
    assertThat(f.get("interval_high")).isBetween(-30.0, 0.0);

    Escalation spike = open.get("volume_by_model");
    assertThat(spike.subject()).isEqualTo("model:gpt-c");
    assertThat(spike.type()).isEqualTo("volume_spike");
    assertThat(spike.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(spike.figures())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "current", 40.0, "previous", 10.0, "ratio", 4.0, "factor", 3.0, "min_count", 20.0));

    Escalation sour = open.get("negative_sentiment");
    assertThat(sour.subject()).isEqualTo("overall");
    assertThat(sour.severity()).isEqualTo(Severity.LOW);
    assertThat(sour.figures().get("share")).isCloseTo(100.0 * 50 / 140, within(1e-9));
    assertThat(sour.figures().get("negative")).isEqualTo(50.0);
    assertThat(sour.figures().get("n")).isEqualTo(140.0);
  }

  @Test
  public void theSameDataAWeekLaterRaisesNothing() {
    // at NOW + 7 days the current window is empty: no test, no volume, no sentiment
    WindowCheck.Run run = check("r1", escalations, leases).runOnce(NOW.plus(WEEK));
    assertThat(run.ran()).isTrue();
    assertThat(run.raised()).isEmpty();
    assertThat(escalations.list(EscalationQuery.all())).isEmpty();
  }

  @Test
  public void threeReplicasChecksRaiseOneEscalationPerBreach() throws Exception {
    List<WindowCheck> replicas = new ArrayList<>();
    replicas.add(check("r1", escalations, leases));
    for (int i = 2; i <= 3; i++) {
      EscalationStore e = replicaEscalationStore();
      Leases l = replicaLeases();
      opened.add(e);
      opened.add(l);
      replicas.add(check("r" + i, e, l));
    }
    // the three replicas' scheduled runs fall on the same instant
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<WindowCheck.Run> runs = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<WindowCheck.Run>> futures = new ArrayList<>();
      for (WindowCheck c : replicas) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return c.runOnce(NOW);
                }));
      }
      start.countDown();
      for (Future<WindowCheck.Run> fut : futures) {
        runs.add(fut.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(runs.stream().filter(WindowCheck.Run::ran)).hasSize(1);
    int holder = 0;
    while (!runs.get(holder).ran()) {
      holder++;
    }
    List<Escalation> raised = escalations.list(EscalationQuery.all());
    assertThat(raised).hasSize(3).allMatch(e -> e.count() == 1);

    // the next period: the holder renews the lease and runs, the others still skip
    Instant next = NOW.plus(Duration.ofMinutes(5));
    for (int i = 0; i < 3; i++) {
      WindowCheck.Run run = replicas.get(i).runOnce(next.plusSeconds(i));
      assertThat(run.ran()).as("replica %d", i + 1).isEqualTo(i == holder);
    }
    assertThat(escalations.list(EscalationQuery.all())).hasSize(3).allMatch(e -> e.count() == 2);

    // the holder stops: its lease is released, and another replica takes over at its next run
    replicas.get(holder).close();
    int other = (holder + 1) % 3;
    assertThat(replicas.get(other).runOnce(next.plusSeconds(10)).ran()).isTrue();
    assertThat(escalations.list(EscalationQuery.all())).hasSize(3).allMatch(e -> e.count() == 3);
  }

  @Test
  public void aLeaseHeldByAReplicaThatDiedIsTakenOverWhenItExpires() {
    WindowCheck first = check("r1", escalations, leases);
    WindowCheck second = check("r2", escalations, leases);
    assertThat(first.runOnce(NOW).ran()).isTrue();
    // r1 dies without closing: its lease (twice the period, 10 minutes) runs out
    assertThat(second.runOnce(NOW.plus(Duration.ofMinutes(9))).ran()).isFalse();
    assertThat(second.runOnce(NOW.plus(Duration.ofMinutes(10))).ran()).isTrue();
    assertThat(first.runOnce(NOW.plus(Duration.ofMinutes(11))).ran()).isFalse();
  }
}
