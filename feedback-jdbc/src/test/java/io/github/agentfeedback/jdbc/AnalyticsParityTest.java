package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.ProblemOptions;
import io.github.agentfeedback.analytics.ReportRequest;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.AnalyticsFixtures;
import io.github.agentfeedback.tck.RandomFeedback;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SQL analytics give exactly what the reference fold gives on the in-memory store, on
 * both engines, for the data set of the MongoDB parity test ({@link RandomFeedback}, seed
 * 20260302: 10,000 feedbacks in 2,000 sessions over 100 days that cross a year end, month
 * ends and both daylight saving changes of North America and Europe): equal
 * {@link AnalyticsResult}s for a request that groups by every kind of key in several zones,
 * equal public results (summary, every trend, groupBy, compare, winRates, problems, report),
 * and equal streams.
 */
@ExtendWith(PostgresTestServer.class)
class AnalyticsParityTest {

  private static final int FEEDBACKS = 10_000;
  private static final int SESSIONS = 2_000;
  private static final Instant START = RandomFeedback.DEFAULT_START;
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
  private static final ZoneId KOLKATA = ZoneOffset.ofHoursMinutes(5, 30);

  private static FeedbackStore memory;
  private static final Map<Engine, JdbcFeedbackStore> stores = new EnumMap<>(Engine.class);

  @BeforeAll
  static void load() {
    RandomFeedback data = RandomFeedback.builder().seed(20_260_302L).sessions(SESSIONS).build();
    List<SessionFeedback> feedback = data.list(FEEDBACKS);
    Map<String, Map<String, Object>> metadata = data.metadata();
    memory = new InMemoryFeedbackStore();
    RandomFeedback.load(memory, feedback, metadata);
    for (Engine engine : Engine.values()) {
      JdbcFeedbackStore store = engine.store(b -> b.statementTimeout(Duration.ofSeconds(60)));
      assertThat(store.appendAll(feedback, UnknownSessionPolicy.CREATE))
          .extracting(AppendResult::failure)
          .containsOnlyNulls();
      metadata.forEach(store::updateMetadata);
      stores.put(engine, store);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void sessionSumsEqualTheFoldsForEveryKindOfKey(Engine engine) {
    // Groups named alike (metadata 3 and 3.0, hour buckets on both sides of a change of
    // offset) add a session's votes before they are squared.
    JdbcFeedbackStore store = stores.get(engine);
    for (FeedbackQuery query :
        List.of(FeedbackQuery.all(), FeedbackQuery.builder().metadata("variant", 3L).build())) {
      AnalyticsRequest request = everything(query).toBuilder().sessionSums(true).build();
      AnalyticsResult result = store.analyze(request);
      assertThat(result).as("analyze %s", query).isEqualTo(memory.analyze(request));
      assertThat(result.total().votingSessions()).isGreaterThan(10);
      assertThat(result.total().sessionVotesSquared())
          .isGreaterThan(result.total().up() + result.total().down());
      // Scores too: sessions holding two values of a scale give pairs of distinct values.
      assertThat(result.total().scoreSessions()).isNotEmpty();
      assertThat(result.total().scorePairs().values())
          .anySatisfy(
              rows ->
                  assertThat(rows.values()).anySatisfy(w -> assertThat(w).hasSizeGreaterThan(1)));
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void analyzeGivesTheFoldsSumsForEveryKindOfKeyPairsAndTerms(Engine engine) {
    JdbcFeedbackStore store = stores.get(engine);
    List<FeedbackQuery> queries =
        List.of(
            FeedbackQuery.builder()
                .since(START.plus(Duration.ofDays(20)))
                .until(START.plus(Duration.ofDays(61)))
                .metadata("region", "eu")
                .rating(Rating.DOWN)
                .build(),
            FeedbackQuery.builder()
                .tag("billing")
                .model(ModelRef.of("gpt-4o"))
                .sessionIds(sessions(0, 400))
                .build(),
            FeedbackQuery.builder()
                .sessionIds(List.of("s-0001", "s-0017", "s-0123", "s-1999"))
                .build(),
            FeedbackQuery.builder().metadata("variant", 3L).build(),
            FeedbackQuery.builder().metadata("variant", null).source(Source.END_USER).build(),
            FeedbackQuery.builder()
                .metadata("cohort", Instant.parse("2025-11-03T00:00:00Z"))
                .build());
    for (FeedbackQuery query : queries) {
      AnalyticsRequest request = everything(query);
      assertThat(store.analyze(request)).as("analyze %s", query).isEqualTo(memory.analyze(request));
    }
    AnalyticsResult all = store.analyze(everything(FeedbackQuery.all()));
    assertThat(all).isEqualTo(memory.analyze(everything(FeedbackQuery.all())));
    // The data set is as large and varied as intended, so the equality means something.
    assertThat(all.total().total()).isEqualTo(FEEDBACKS);
    assertThat(all.total().sentimentCount()).isGreaterThan(2_000);
    assertThat(keys(all, 0)).containsExactly(null, "3", "A", "B", "C", "true");
    assertThat(keys(all, 1)).contains("1", "3", "2025-11-01T00:00:00Z");
    assertThat(keys(all, 11)).contains("2025-W51", "2025-W52", "2026-W01", "2026-W14");
    assertThat(keys(all, 16)).hasSizeGreaterThan(2_000); // every hour of 100 days in Madrid
    assertThat(all.pairwise().pairs()).hasSizeGreaterThan(10);
    assertThat(all.terms().phrases()).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void sentimentIsReadFromTheAttributeTheFoldReads(Engine engine) {
    FeedbackQuery some = FeedbackQuery.builder().sessionIds(sessions(100, 200)).build();
    for (String attribute : List.of("mood", "no.such", "comment", "it's \"quoted\"")) {
      AnalyticsRequest request =
          AnalyticsRequest.builder(some).sentimentAttribute(attribute).build();
      assertThat(stores.get(engine).analyze(request))
          .as(attribute)
          .isEqualTo(memory.analyze(request));
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void publicFiguresAreIdentical(Engine engine) {
    FeedbackAnalytics actual = FeedbackAnalytics.of(stores.get(engine));
    FeedbackAnalytics expected = FeedbackAnalytics.of(memory);
    FeedbackQuery all = FeedbackQuery.all();
    assertThat(actual.summary(all)).isEqualTo(expected.summary(all));
    List<ZoneId> zones = List.of(NEW_YORK, MADRID, KOLKATA, ZoneOffset.UTC, MADRID);
    for (Granularity g : Granularity.values()) {
      ZoneId zone = zones.get(g.ordinal());
      assertThat(actual.trend(all, g, zone, Trend.Fill.EVERY_PERIOD))
          .as("%s in %s", g, zone)
          .isEqualTo(expected.trend(all, g, zone, Trend.Fill.EVERY_PERIOD));
    }
    for (GroupKey key :
        List.of(
            GroupKey.metadata("variant"),
            GroupKey.tag(),
            GroupKey.session(),
            GroupKey.modelVersion(),
            GroupKey.period(Granularity.DAY, MADRID))) {
      GroupOptions options = GroupOptions.builder().minSampleSize(20).limit(5).build();
      assertThat(actual.groupBy(all, key, options))
          .as("%s", key)
          .isEqualTo(expected.groupBy(all, key, options));
    }
    assertThat(actual.compare(all, GroupKey.metadata("variant"), "3", "A", 0.05))
        .isEqualTo(expected.compare(all, GroupKey.metadata("variant"), "3", "A", 0.05));
    assertThat(actual.winRates(all, GroupKey.modelVersion(), 0.9))
        .isEqualTo(expected.winRates(all, GroupKey.modelVersion(), 0.9));
    FeedbackQuery february =
        FeedbackQuery.builder()
            .since(Instant.parse("2026-02-01T00:00:00Z"))
            .until(Instant.parse("2026-03-01T00:00:00Z"))
            .build();
    ProblemOptions options = ProblemOptions.builder().minCount(3).risingMinCount(3).build();
    assertThat(actual.problems(february, options, NEW_YORK))
        .isEqualTo(expected.problems(february, options, NEW_YORK));
    ReportRequest request =
        ReportRequest.builder()
            .week(LocalDate.parse("2026-03-26"))
            .zone(MADRID)
            .groupBy(GroupKey.metadata("variant"), GroupOptions.builder().minSampleSize(5).build())
            .filter(FeedbackQuery.builder().source(Source.END_USER).build())
            .negativeSessions(8)
            .build();
    FeedbackReport report = actual.report(request);
    assertThat(report).isEqualTo(expected.report(request));
    assertThat(report.toMarkdown()).isEqualTo(expected.report(request).toMarkdown());
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void streamsAreIdentical(Engine engine) {
    for (FeedbackQuery query :
        List.of(
            FeedbackQuery.builder().sessionIds(sessions(0, 50)).build(),
            FeedbackQuery.builder().tag("billing").metadata("region", "us").build(),
            FeedbackQuery.builder().rating(Rating.NEUTRAL).userId("user-3").build(),
            FeedbackQuery.builder().metadata("variant", List.of("A", "B")).build(),
            FeedbackQuery.builder().metadata("turns", 2.0).rating(Rating.DOWN).build())) {
      List<SessionFeedback> expected = stream(memory, query);
      assertThat(stream(stores.get(engine), query)).as("%s", query).isEqualTo(expected);
      assertThat(expected).isNotEmpty();
    }
  }

  /** A request with a breakdown by every kind of key, pairwise counts and terms. */
  private static AnalyticsRequest everything(FeedbackQuery query) {
    return AnalyticsFixtures.everyKindOfKey(query);
  }

  private static List<String> sessions(int first, int end) {
    return IntStream.range(first, end).mapToObj(RandomFeedback::sessionId).toList();
  }

  private static List<String> keys(AnalyticsResult result, int breakdown) {
    return result.breakdowns().get(breakdown).buckets().stream()
        .map(AnalyticsResult.Bucket::key)
        .toList();
  }

  private static List<SessionFeedback> stream(FeedbackStore store, FeedbackQuery query) {
    try (Stream<SessionFeedback> s = store.stream(query)) {
      return new ArrayList<>(s.toList());
    }
  }
}
