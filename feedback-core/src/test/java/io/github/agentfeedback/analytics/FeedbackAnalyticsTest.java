package io.github.agentfeedback.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.DelegatingStore;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The analytics API beyond the figures the store contract checks: it reaches stores only
 * through {@link FeedbackStore#analyze}, names bad arguments, reads the sentiment attribute
 * it is given, turns metadata values into group keys by value, and escapes data in reports.
 */
class FeedbackAnalyticsTest {

  private static final FeedbackQuery WEEK10 =
      FeedbackQuery.builder()
          .since(Instant.parse("2026-03-02T00:00:00Z"))
          .until(Instant.parse("2026-03-09T00:00:00Z"))
          .build();

  private final InMemoryFeedbackStore memory = new InMemoryFeedbackStore();
  private final FeedbackAnalytics analytics = FeedbackAnalytics.of(memory);

  @Test
  void managerAnalyticsReadTheManagersStore() {
    try (FeedbackManager manager = FeedbackManager.builder().store(memory).build()) {
      manager.addFeedback("s", Feedback.up("fine"));
      manager.addFeedback("s", Feedback.down("slow"));
      FeedbackSummary s = manager.analytics().summary(FeedbackQuery.all());
      assertThat(s.ratings().satisfaction()).isEqualTo(50.0);
      assertThat(s.comments().averageLength()).isEqualTo(4.0);
    }
  }

  /**
   * A store that answers analyze itself, as a store with server-side aggregation would (here
   * by folding the feedback it wraps), and counts the streams it is asked for.
   */
  private static final class PushDownStore extends DelegatingStore {
    final FeedbackStore data;
    final List<AnalyticsRequest> requests = new ArrayList<>();
    final AtomicInteger streams = new AtomicInteger();

    PushDownStore(FeedbackStore data) {
      super(data);
      this.data = data;
    }

    @Override
    public AnalyticsResult analyze(AnalyticsRequest request) {
      requests.add(request);
      return data.analyze(request);
    }

    @Override
    public Stream<SessionFeedback> stream(FeedbackQuery query) {
      streams.incrementAndGet();
      return super.stream(query);
    }
  }

  /**
   * Five feedbacks in week 10 with a value for every figure: variants A and B, tags, NPS
   * scores, accuracy 2 and 5, comments of 13, 0, 7, 16 and 0 code points, and two
   * comparisons.
   */
  private void week10() {
    memory.updateMetadata("a", Map.of("variant", "A"));
    memory.updateMetadata("b", Map.of("variant", "B"));
    Comparison.Candidate gpt = Comparison.Candidate.of(ModelRef.of("gpt"), null);
    Comparison.Candidate claude = Comparison.Candidate.of(ModelRef.of("claude"), null);
    append(
        "a",
        at("1", "2026-03-03T09:00:00Z", Rating.DOWN, "slow checkout")
            .tags("checkout")
            .score(3, Scale.NPS)
            .dimension(Dimension.ACCURACY, 2));
    append("a", at("2", "2026-03-03T10:00:00Z", Rating.UP, "").score(9, Scale.NPS));
    append(
        "b",
        at("3", "2026-03-04T09:00:00Z", Rating.UP, "great 👍")
            .tags("checkout")
            .dimension(Dimension.ACCURACY, 5));
    append(
        "b",
        at("4", "2026-03-05T09:00:00Z", Rating.DOWN, "Checkout timeout")
            .comparison(Comparison.of(gpt, claude, Comparison.Preference.A)));
    append(
        "b",
        at("5", "2026-03-06T09:00:00Z", Rating.NEUTRAL, "")
            .comparison(Comparison.of(claude, gpt, Comparison.Preference.B)));
  }

  private static Feedback.Builder at(String id, String instant, Rating rating, String comment) {
    return Feedback.builder()
        .id(id)
        .rating(rating)
        .comment(comment)
        .createdAt(Instant.parse(instant));
  }

  private void append(String session, Feedback.Builder feedback) {
    memory.append(session, feedback.build(), UnknownSessionPolicy.CREATE);
  }

  @Test
  void everyFigureComesFromTheStoresAnalyzeAndNeverFromItsStream() {
    week10();
    PushDownStore store = new PushDownStore(memory);
    FeedbackAnalytics pushed = FeedbackAnalytics.of(store);

    assertThat(pushed.summary(WEEK10)).isEqualTo(analytics.summary(WEEK10));
    assertThat(pushed.trend(WEEK10, Granularity.DAY))
        .isEqualTo(analytics.trend(WEEK10, Granularity.DAY));
    assertThat(pushed.groupBy(WEEK10, GroupKey.tag()))
        .isEqualTo(analytics.groupBy(WEEK10, GroupKey.tag()));
    assertThat(pushed.compare(WEEK10, GroupKey.metadata("variant"), "A", "B", 0.05))
        .isEqualTo(analytics.compare(WEEK10, GroupKey.metadata("variant"), "A", "B", 0.05));
    assertThat(pushed.winRates(WEEK10)).isEqualTo(analytics.winRates(WEEK10));
    assertThat(store.requests).hasSize(5);
    assertThat(pushed.problems(WEEK10, ProblemOptions.defaults()))
        .isEqualTo(analytics.problems(WEEK10, ProblemOptions.defaults()));
    assertThat(store.requests).hasSize(7); // this period, and the previous one for terms
    ReportRequest week = ReportRequest.builder().week(LocalDate.parse("2026-03-02")).build();
    assertThat(pushed.report(week)).isEqualTo(analytics.report(week));
    assertThat(store.requests).hasSize(9);
    assertThat(store.streams).hasValue(0);
  }

  @Test
  void aPairThatNeverMetHasNoWinRate() {
    FeedbackStore store =
        new DelegatingStore(memory) {
          @Override
          public AnalyticsResult analyze(AnalyticsRequest request) {
            return AnalyticsResult.builder()
                .total(io.github.agentfeedback.spi.Tally.empty())
                .breakdowns(List.of())
                .pairwise(
                    AnalyticsResult.Pairwise.builder()
                        .pairs(
                            List.of(
                                AnalyticsResult.PairTally.builder()
                                    .first("a")
                                    .second("b")
                                    .firstWins(0)
                                    .secondWins(0)
                                    .ties(0)
                                    .build(),
                                AnalyticsResult.PairTally.builder()
                                    .first("a")
                                    .second("c")
                                    .firstWins(1)
                                    .secondWins(0)
                                    .ties(0)
                                    .build()))
                        .skipped(0)
                        .build())
                .terms(null)
                .build();
          }
        };
    WinRates rates = FeedbackAnalytics.of(store).winRates(FeedbackQuery.all());
    assertThat(rates.pairs()).extracting(WinRates.PairRow::second).containsExactly("c");
    assertThat(rates.models()).extracting(WinRates.ModelRow::model).containsExactly("a", "c");
  }

  /**
   * Comparisons come in both orientations (either model may be candidate a), so a pair row
   * has no candidate a: it names its models in alphabetical order and counts each one's
   * wins whichever side it stood on.
   */
  @Test
  void aPairRowNamesItsModelsInAlphabeticalOrderWhicheverSideTheyStoodOn() {
    Comparison.Candidate zeta = Comparison.Candidate.of(ModelRef.of("zeta"), null);
    Comparison.Candidate alpha = Comparison.Candidate.of(ModelRef.of("alpha"), null);
    try (FeedbackManager manager = FeedbackManager.builder().store(memory).build()) {
      manager.addFeedback(
          "s",
          Feedback.builder()
              .comparison(Comparison.of(zeta, alpha, Comparison.Preference.A))
              .build());
      manager.addFeedback(
          "s",
          Feedback.builder()
              .comparison(Comparison.of(zeta, alpha, Comparison.Preference.A))
              .build());
      manager.addFeedback(
          "s",
          Feedback.builder()
              .comparison(Comparison.of(alpha, zeta, Comparison.Preference.TIE))
              .build());
    }
    WinRates.PairRow pair = analytics.winRates(FeedbackQuery.all()).pairs().get(0);
    assertThat(List.of(pair.first(), pair.second())).containsExactly("alpha", "zeta");
    assertThat(List.of(pair.comparisons(), pair.firstWins(), pair.secondWins(), pair.ties()))
        .containsExactly(3L, 0L, 2L, 1L);
    assertThat(pair.firstWinRate()).isEqualTo(100.0 / 6);
  }

  @Test
  void theSentimentAttributeCanBeRenamed() {
    memory.append(
        "s",
        Feedback.builder()
            .id("a")
            .rating(Rating.UP)
            .createdAt(Instant.EPOCH)
            .attribute("mood", 1)
            .attribute("sentiment", -1.0)
            .build(),
        UnknownSessionPolicy.CREATE);
    memory.append(
        "s",
        Feedback.builder()
            .id("b")
            .rating(Rating.UP)
            .createdAt(Instant.EPOCH)
            .attribute("mood", 0L)
            .build(),
        UnknownSessionPolicy.CREATE);
    // Integers and longs count as numbers: (1 + 0) / 2.
    assertThat(analytics.withSentimentAttribute("mood").summary(FeedbackQuery.all()).sentiment())
        .isEqualTo(FeedbackSummary.Sentiment.builder().count(2).mean(0.5).build());
    assertThat(analytics.summary(FeedbackQuery.all()).sentiment())
        .isEqualTo(FeedbackSummary.Sentiment.builder().count(1).mean(-1.0).build());
    assertThatThrownBy(() -> analytics.withSentimentAttribute(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentimentAttribute");
  }

  @Test
  void metadataValuesAreGroupedByValue() {
    Object[] variants = {
      3, 3L, 3.0, 2.5, true, Instant.parse("2026-03-02T10:00:00Z"), List.of("x"), "3"
    };
    for (int i = 0; i < variants.length; i++) {
      memory.updateMetadata("s" + i, Map.of("variant", variants[i]));
      memory.append(
          "s" + i,
          Feedback.builder().id("f" + i).rating(Rating.UP).createdAt(Instant.EPOCH).build(),
          UnknownSessionPolicy.CREATE);
    }
    GroupReport report =
        analytics.groupBy(
            FeedbackQuery.all(),
            GroupKey.metadata("variant"),
            GroupOptions.builder().minSampleSize(1).limit(10).build());
    Map<String, Long> totals = new java.util.HashMap<>();
    report.best().forEach(r -> totals.put(r.key(), r.summary().ratings().total()));
    // 3, 3L, 3.0 and the string "3" share the key "3"; a list is no key (null).
    Map<String, Long> expected =
        new java.util.HashMap<>(Map.of("3", 4L, "2.5", 1L, "true", 1L, "2026-03-02T10:00:00Z", 1L));
    expected.put(null, 1L);
    assertThat(totals).isEqualTo(expected);
  }

  @Test
  void aReportOnNpsScoresNotReadAsNpsHasNoNpsFigure() {
    // Scores on the scale named "nps" get NPS figures only when declared so; without them the
    // report's "nps" change has no value (it failed with a NullPointerException).
    week10();
    ReportRequest week = ReportRequest.builder().week(LocalDate.parse("2026-03-02")).build();
    FeedbackReport report = analytics.withScaleFigures(ScaleFigures.none()).report(week);
    FeedbackReport.Change nps =
        report.changes().stream().filter(c -> c.figure().equals("nps")).findFirst().orElseThrow();
    assertThat(nps.current()).isNull();
    assertThat(nps.previous()).isNull();
    assertThat(report.toMarkdown()).contains("| Scores nps: mean |").doesNotContain("| NPS |");
    assertThat(analytics.report(week).toMarkdown()).contains("| NPS |");
  }

  @Test
  void dataInReportsIsEscapedSoItCannotBreakTheMarkdown() {
    memory.updateMetadata("s", Map.of("variant", "x|y *b* <i>\nz"));
    memory.append(
        "s",
        Feedback.builder()
            .id("a")
            .rating(Rating.DOWN)
            .createdAt(Instant.parse("2026-03-03T00:00:00Z"))
            .messageId("m|1")
            .build(),
        UnknownSessionPolicy.CREATE);
    String markdown =
        analytics
            .report(
                ReportRequest.builder()
                    .week(LocalDate.parse("2026-03-03"))
                    .title("Week `10` | <b>")
                    .groupBy(
                        GroupKey.metadata("variant"),
                        GroupOptions.builder().minSampleSize(1).build())
                    .problems(ProblemOptions.builder().hotspotThreshold(1).build())
                    .build())
            .toMarkdown();
    assertThat(markdown).startsWith("# Week \\`10\\` \\| \\<b\\>\n");
    // Wilson's interval of 0 of 1 reaches z²/(1 + z²) = 79.3%; the rest is empty: no test.
    assertThat(markdown)
        .contains("| 1 | x\\|y \\*b\\* \\<i\\> z | 0.0% | 1 | 1 | 0.0% to 79.3% | n/a | n/a |\n");
    assertThat(markdown).contains("| m\\|1 | 1 | 1 |\n");
    for (String line : markdown.split("\n")) {
      if (line.startsWith("|")) { // every table row has as many cells as its header
        assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count())
            .as(line)
            .isBetween(3L, 9L);
      }
    }
  }

  @Test
  void badArgumentsAreRefusedWithTheirName() {
    FeedbackQuery all = FeedbackQuery.all();
    GroupKey variant = GroupKey.metadata("variant");
    assertThatThrownBy(() -> FeedbackAnalytics.of(null)).hasMessage("store");
    assertThatThrownBy(() -> analytics.summary(null)).hasMessage("query");
    assertThatThrownBy(() -> analytics.trend(all, null)).hasMessage("granularity");
    assertThatThrownBy(() -> analytics.trend(all, Granularity.DAY, null)).hasMessage("zone");
    assertThatThrownBy(() -> analytics.groupBy(all, null)).hasMessage("key");
    assertThatThrownBy(() -> analytics.groupBy(all, variant, null)).hasMessage("options");
    assertThatThrownBy(() -> analytics.compare(all, variant, null, "B", 0.05)).hasMessage("a");
    assertThatThrownBy(() -> analytics.compare(all, variant, "A", null, 0.05)).hasMessage("b");
    for (double alpha : new double[] {0, 1, -0.1, Double.NaN}) {
      assertThatThrownBy(() -> analytics.compare(all, variant, "A", "B", alpha))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("alpha");
    }
    assertThatThrownBy(() -> analytics.compare(all, variant, "A", "A", 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("b must differ");
    assertThatThrownBy(() -> analytics.winRates(all, GroupKey.tag(), 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pairwise");
    assertThatThrownBy(() -> analytics.winRates(all, GroupKey.model(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("confidence");
    assertThatThrownBy(() -> analytics.problems(null, ProblemOptions.defaults()))
        .hasMessage("query");
    assertThatThrownBy(() -> analytics.problems(all, null)).hasMessage("options");
    assertThatThrownBy(() -> analytics.problems(all, ProblemOptions.defaults(), null))
        .hasMessage("zone");
    assertThatThrownBy(() -> analytics.report(null)).hasMessage("request");
  }

  @Test
  void groupKeysTakeOnlyTheirOwnParts() {
    assertThatThrownBy(() -> GroupKey.metadata(null)).hasMessage("field");
    assertThatThrownBy(() -> GroupKey.metadata("a.b"))
        .isInstanceOf(InvalidFeedbackException.class)
        .hasMessageContaining("metadata");
    assertThatThrownBy(() -> new GroupKey(GroupKey.Kind.TAG, "x", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("field");
    assertThatThrownBy(() -> new GroupKey(GroupKey.Kind.TAG, null, Granularity.DAY, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("granularity");
    assertThatThrownBy(() -> GroupKey.period(null)).hasMessage("granularity");
    assertThatThrownBy(() -> GroupKey.period(Granularity.DAY, null)).hasMessage("zone");
    assertThatThrownBy(() -> new GroupKey(null, null, null, null)).hasMessage("kind");
    assertThat(GroupKey.metadata("variant").label()).isEqualTo("metadata.variant");
    assertThat(GroupKey.modelVersion().label()).isEqualTo("model_version");
    assertThat(GroupKey.period(Granularity.ISO_WEEK, java.time.ZoneId.of("Europe/Madrid")))
        .hasToString("iso_week@Europe/Madrid");
    assertThat(GroupKey.period(Granularity.DAY, java.time.ZoneId.of("UTC")))
        .isEqualTo(GroupKey.period(Granularity.DAY, ZoneOffset.UTC));
  }

  @Test
  void optionsRefuseValuesOutOfRange() {
    assertThatThrownBy(() -> GroupOptions.builder().minSampleSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("minSampleSize");
    assertThatThrownBy(() -> GroupOptions.builder().limit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("limit");
    assertThatThrownBy(() -> GroupOptions.builder().metric(null)).hasMessage("metric");
    for (double ratio : new double[] {0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> ProblemOptions.builder().risingRatio(ratio))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("risingRatio");
    }
    assertThatThrownBy(() -> ProblemOptions.builder().minCount(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("minCount");
    assertThatThrownBy(() -> ProblemOptions.builder().risingMinCount(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("risingMinCount");
    assertThatThrownBy(() -> ProblemOptions.builder().hotspotThreshold(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("hotspotThreshold");
    assertThatThrownBy(() -> ProblemOptions.builder().stopWords(null)).hasMessage("stopWords");
    assertThatThrownBy(() -> ProblemOptions.builder().addStopWords("a", null))
        .hasMessage("words[]");
    assertThat(StopWords.forLanguage("ES")).isSameAs(StopWords.spanish());
    assertThat(StopWords.forLanguage("en"))
        .isSameAs(StopWords.english())
        .contains("the")
        .doesNotContain("not", "no", "never", "don't");
    assertThatThrownBy(() -> StopWords.forLanguage("fr"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fr'");
  }

  @Test
  void theAverageCommentLengthIsPerFeedback() {
    week10();
    assertThat(analytics.summary(FeedbackQuery.all()).comments().averageLength())
        .isEqualTo(36.0 / 5);
  }

  @Test
  void theSummaryOfTheSumsIsTheSummaryOfTheQuery() {
    week10();
    AnalyticsResult sums = memory.analyze(AnalyticsRequest.builder(FeedbackQuery.all()).build());
    assertThat(FeedbackSummary.of(sums.total())).isEqualTo(analytics.summary(FeedbackQuery.all()));
  }
}
