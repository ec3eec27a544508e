package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triage figures on a store: a three-day data set triaged by a {@link TriageHook}, whose
 * counts and trends by category must equal a hand count. Extended by each store's test:
 * in memory here, MongoDB in feedback-mongo.
 */
public abstract class TriageFiguresScenario {

  private static final Instant DAY1 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant DAY2 = DAY1.plus(Duration.ofDays(1));
  private static final Instant DAY3 = DAY2.plus(Duration.ofDays(1));
  private static final Instant MIDNIGHT1 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant MIDNIGHT2 = MIDNIGHT1.plus(Duration.ofDays(1));
  private static final Instant MIDNIGHT3 = MIDNIGHT2.plus(Duration.ofDays(1));

  /**
   * A feedback store over an empty data set.
   *
   * @return the store
   */
  protected abstract FeedbackStore store();

  private FeedbackStore load() {
    FeedbackStore store = store();
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .hooks(ReadyHooks.builder().triage(TriageHook.defaults()).build())
            .build();
    List<Feedback> data =
        List.of(
            at(Feedback.down("wrong total"), DAY1), // accuracy
            at(Feedback.down("the date is WRONG"), DAY1), // accuracy
            at(Feedback.down("offensive"), DAY1), // safety
            at(Feedback.up("great, not wrong"), DAY1), // positive: no tags
            at(Feedback.scored(2, Scale.STARS_5).toBuilder().comment("slow").build(), DAY1),
            at(Feedback.down("incorrect"), DAY2), // accuracy
            at(Feedback.down("so slow"), DAY2), // latency
            at(Feedback.down("meh"), DAY2), // other
            at(Feedback.neutral("slow"), DAY2), // neutral: no tags
            at(Feedback.down("it timed out"), DAY3), // latency
            at(Feedback.builder().rating(Rating.UP).comment("fine").tags("x").build(), DAY3));
    for (int i = 0; i < data.size(); i++) {
      manager.addFeedback("s" + i, data.get(i));
    }
    return store;
  }

  private static Feedback at(Feedback f, Instant createdAt) {
    return f.toBuilder().createdAt(createdAt).build();
  }

  /** Each point's start and total. */
  private static Map<Instant, Long> totals(Trend trend) {
    Map<Instant, Long> out = new LinkedHashMap<>();
    for (Trend.Point p : trend.points()) {
      out.put(p.start(), p.summary().ratings().total());
    }
    return out;
  }

  @Test
  public void countsAndTrendsByCategoryEqualAHandCount() {
    TriageFigures figures = TriageFigures.of(FeedbackAnalytics.of(load()));
    FeedbackQuery all = FeedbackQuery.builder().build();

    assertThat(figures.counts(all))
        .containsExactly(
            Map.entry("accuracy", 3L),
            Map.entry("latency", 3L),
            Map.entry("other", 1L),
            Map.entry("safety", 1L));
    assertThat(figures.counts(FeedbackQuery.builder().since(MIDNIGHT2).build()))
        .containsExactly(
            Map.entry("latency", 2L), Map.entry("accuracy", 1L), Map.entry("other", 1L));

    assertThat(totals(figures.trend(all, "accuracy", Granularity.DAY)))
        .containsExactly(Map.entry(MIDNIGHT1, 2L), Map.entry(MIDNIGHT2, 1L));
    assertThat(totals(figures.trend(all, "latency", Granularity.DAY)))
        .containsExactly(
            Map.entry(MIDNIGHT1, 1L), Map.entry(MIDNIGHT2, 1L), Map.entry(MIDNIGHT3, 1L));
    assertThat(totals(figures.trend(all, "completeness", Granularity.DAY))).isEmpty();

    Map<String, Trend> trends = figures.trends(all, Granularity.DAY);
    assertThat(trends).containsOnlyKeys("accuracy", "latency", "other", "safety");
    assertThat(totals(trends.get("safety"))).containsExactly(Map.entry(MIDNIGHT1, 1L));
    assertThat(totals(trends.get("other"))).containsExactly(Map.entry(MIDNIGHT2, 1L));

    // urgency and actionable tags are there to filter by too
    assertThat(
            FeedbackAnalytics.of(store())
                .summary(FeedbackQuery.builder().tag("urgency:critical").build())
                .ratings()
                .total())
        .isEqualTo(1);
  }

  @Test
  public void aTrendRefusesAQueryThatSelectsATag() {
    TriageFigures figures = TriageFigures.of(FeedbackAnalytics.of(store()));
    FeedbackQuery tagged = FeedbackQuery.builder().tag("x").build();
    assertThatThrownBy(() -> figures.trend(tagged, "accuracy", Granularity.DAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query.tag");
    assertThatThrownBy(() -> figures.trend(FeedbackQuery.builder().build(), "A", Granularity.DAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("category");
  }
}
