package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.ProblemOptions;
import io.github.agentfeedback.analytics.ProblemReport;
import io.github.agentfeedback.analytics.ReportRequest;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.analytics.WinRates;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.AnalyticsFixtures;
import io.github.agentfeedback.tck.RandomFeedback;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MongoDB store's server-side analytics give exactly what the reference fold gives on
 * the in-memory store, for a generated data set of 10,000 feedbacks in 2,000 sessions: equal
 * {@link AnalyticsResult}s for a request that groups by every kind of key, and equal public
 * results ({@code summary}, every {@code trend}, {@code groupBy} by every key,
 * {@code compare}, {@code winRates}, {@code problems}, {@code report}). Both stores hold the
 * same feedback: the in-memory store through its appends, MongoDB through one
 * {@code insertMany} of the session documents its codec writes.
 */
class AnalyticsParityTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final int FEEDBACKS = 10_000;
  private static final int SESSIONS = 2_000;
  private static final Instant START = RandomFeedback.DEFAULT_START;
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
  private static final ZoneId KOLKATA = ZoneOffset.ofHoursMinutes(5, 30);

  private static String database;
  private static FeedbackStore memory;
  private static MongoFeedbackStore store;
  private static FeedbackAnalytics expected;
  private static FeedbackAnalytics actual;

  @BeforeAll
  static void load() {
    RandomFeedback data = RandomFeedback.builder().seed(20_260_302L).sessions(SESSIONS).build();
    List<SessionFeedback> feedback = data.list(FEEDBACKS);
    Map<String, Map<String, Object>> metadata = data.metadata();
    memory = new InMemoryFeedbackStore();
    RandomFeedback.load(memory, feedback, metadata);
    database = "analytics_parity_" + ProcessHandle.current().pid();
    mongo
        .client()
        .getDatabase(database)
        .getCollection("sessions", org.bson.BsonDocument.class)
        .insertMany(SessionDocuments.of(feedback, metadata));
    store =
        MongoFeedbackStore.builder()
            .client(mongo.client())
            .database(database)
            .operationTimeout(Duration.ofSeconds(60))
            .build();
    expected = FeedbackAnalytics.of(memory);
    actual = FeedbackAnalytics.of(store);
  }

  @AfterAll
  static void drop() {
    store.close();
    mongo.client().getDatabase(database).drop();
  }

  @Test
  void sessionSumsEqualTheFoldsWhereStoredKeysReadAlike() {
    // ISO weeks are printed with their calendar month and models stored in several spellings:
    // stored keys that read as one group must add a session's votes before squaring them.
    AnalyticsRequest request =
        AnalyticsRequest.builder(
                FeedbackQuery.builder()
                    .since(START.plus(Duration.ofDays(20)))
                    .until(START.plus(Duration.ofDays(61)))
                    .build())
            .breakdown(
                AnalyticsRequest.Breakdown.of(
                    GroupKey.period(Granularity.ISO_WEEK, java.time.ZoneId.of("Europe/Madrid"))))
            .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.model()))
            .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.tag()))
            .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.metadata("variant")))
            .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.session()).top(Rating.DOWN, 5))
            .sessionSums(true)
            .build();
    AnalyticsResult result = store.analyze(request);
    assertThat(result).isEqualTo(memory.analyze(request));
    assertThat(result.total().votingSessions()).isGreaterThan(100);
    assertThat(result.total().sessionVotesSquared())
        .isGreaterThan(result.total().up() + result.total().down());
    // Scores too: sessions holding two values of a scale give pairs of distinct values.
    assertThat(result.total().scoreSessions()).isNotEmpty();
    assertThat(result.total().scorePairs().values())
        .anySatisfy(
            rows -> assertThat(rows.values()).anySatisfy(w -> assertThat(w).hasSizeGreaterThan(1)));
  }

  @Test
  void analyzeGivesTheFoldsSumsForEveryKindOfKeyPairsAndTerms() {
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
                .build());
    for (FeedbackQuery query : queries) {
      AnalyticsRequest request = everything(query);
      assertThat(store.analyze(request)).as("analyze %s", query).isEqualTo(memory.analyze(request));
    }
    AnalyticsResult all = store.analyze(everything(FeedbackQuery.all()));
    assertThat(all).isEqualTo(memory.analyze(everything(FeedbackQuery.all())));

    // The data set is as large and varied as intended, so the equality means something.
    assertThat(all.total().total()).isEqualTo(FEEDBACKS);
    assertThat(all.total().unrated()).isGreaterThan(1_000);
    assertThat(all.total().sentimentCount()).isGreaterThan(2_000);
    assertThat(all.total().scores())
        .containsOnlyKeys("ces", "csat", "nps", "percent", "ratio", "stars_5");
    assertThat(keys(all, 0)).containsExactly(null, "3", "A", "B", "C", "true");
    assertThat(keys(all, 1)).contains("1", "3", "2025-11-01T00:00:00Z");
    assertThat(keys(all, 2))
        .containsExactly(null, "billing", "checkout", "latency", "search", "ux");
    assertThat(keys(all, 3)).hasSize(5);
    assertThat(keys(all, 4)).containsExactly("m-1", "m-2", "m-999");
    assertThat(keys(all, 5)).hasSize(7);
    assertThat(keys(all, 7)).contains(null, "claude@3.5", "gpt-4o", "gpt-4o@2024-05", "llama@3");
    assertThat(keys(all, 8)).containsExactly("end_user", "llm_judge", "qa_bot", "reviewer");
    assertThat(keys(all, 9)).containsExactly(null, "approved", "pending", "rejected");
    assertThat(keys(all, 10)).contains("2025-12-19", "2026-03-08", "2026-03-29");
    assertThat(keys(all, 11)).contains("2025-W51", "2025-W52", "2026-W01", "2026-W14");
    assertThat(keys(all, 12)).containsExactly("2025-12", "2026-01", "2026-02", "2026-03");
    assertThat(keys(all, 13)).hasSize(24);
    assertThat(all.pairwise().pairs()).hasSizeGreaterThan(10);
    assertThat(all.pairwise().skipped()).isPositive();
    assertThat(all.terms().comments()).isGreaterThan(1_500);
    assertThat(all.terms().phrases()).isNotEmpty();
  }

  @Test
  void sentimentIsReadFromTheAttributeTheFoldReads() {
    // Another attribute, one no feedback can hold, and one the codec reads as a field.
    FeedbackQuery some = FeedbackQuery.builder().sessionIds(sessions(100, 200)).build();
    for (String attribute : List.of("mood", "no.such", "comment")) {
      AnalyticsRequest request =
          AnalyticsRequest.builder(some).sentimentAttribute(attribute).build();
      AnalyticsResult result = store.analyze(request);
      assertThat(result).as(attribute).isEqualTo(memory.analyze(request));
      if (attribute.equals("mood")) {
        assertThat(result.total().sentimentCount()).isPositive();
      } else {
        assertThat(result.total().sentimentCount()).as(attribute).isZero();
      }
    }
  }

  @Test
  void summaryAndTrendsOfEveryGranularityAreIdentical() {
    FeedbackQuery all = FeedbackQuery.all();
    assertThat(actual.summary(all)).isEqualTo(expected.summary(all));
    List<ZoneId> zones = List.of(NEW_YORK, MADRID, KOLKATA, ZoneOffset.UTC, MADRID);
    for (Granularity g : Granularity.values()) {
      ZoneId zone = zones.get(g.ordinal());
      Trend trend = actual.trend(all, g, zone);
      assertThat(trend).as("%s in %s", g, zone).isEqualTo(expected.trend(all, g, zone));
      assertThat(trend.points()).hasSizeGreaterThan(3);
      Trend filled = actual.trend(all, g, zone, Trend.Fill.EVERY_PERIOD);
      assertThat(filled)
          .as("%s in %s, filled", g, zone)
          .isEqualTo(expected.trend(all, g, zone, Trend.Fill.EVERY_PERIOD));
      assertThat(filled.points()).hasSizeGreaterThanOrEqualTo(trend.points().size());
    }
    // An hourly series across Madrid's change to summer time, zero-filled between bounds:
    // 100 days of 24 hours, since each hour of UTC is one local hour there.
    FeedbackQuery span =
        FeedbackQuery.builder().since(START).until(START.plus(Duration.ofDays(100))).build();
    Trend hours = actual.trend(span, Granularity.HOUR, MADRID, Trend.Fill.EVERY_PERIOD);
    assertThat(hours)
        .isEqualTo(expected.trend(span, Granularity.HOUR, MADRID, Trend.Fill.EVERY_PERIOD));
    assertThat(hours.points()).hasSize(100 * 24);
  }

  @Test
  void groupByEveryKindOfKeyIsIdentical() {
    List<GroupKey> keys =
        List.of(
            GroupKey.metadata("variant"),
            GroupKey.tag(),
            GroupKey.user(),
            GroupKey.message(),
            GroupKey.session(),
            GroupKey.model(),
            GroupKey.modelVersion(),
            GroupKey.source(),
            GroupKey.reviewStatus(),
            GroupKey.period(Granularity.DAY, MADRID));
    assertThat(keys)
        .extracting(GroupKey::kind)
        .doesNotHaveDuplicates()
        .hasSize(GroupKey.Kind.values().length);
    GroupOptions.Metric[] metrics = GroupOptions.Metric.values();
    for (int i = 0; i < keys.size(); i++) {
      GroupOptions options =
          GroupOptions.builder()
              .metric(metrics[i % metrics.length])
              .minSampleSize(20)
              .limit(5)
              .build();
      GroupKey key = keys.get(i);
      assertThat(actual.groupBy(FeedbackQuery.all(), key, options))
          .as("%s", key)
          .isEqualTo(expected.groupBy(FeedbackQuery.all(), key, options));
    }
  }

  @Test
  void cohortComparisonsAndWinRatesAreIdentical() {
    FeedbackQuery all = FeedbackQuery.all();
    // "3" holds the sessions whose variant is 3 and those whose variant is 3.0.
    assertThat(actual.compare(all, GroupKey.metadata("variant"), "3", "A", 0.05))
        .isEqualTo(expected.compare(all, GroupKey.metadata("variant"), "3", "A", 0.05));
    assertThat(actual.winRates(all)).isEqualTo(expected.winRates(all));
    WinRates byVersion = actual.winRates(all, GroupKey.modelVersion(), 0.9);
    assertThat(byVersion).isEqualTo(expected.winRates(all, GroupKey.modelVersion(), 0.9));
    assertThat(byVersion.models()).hasSize(6);
  }

  @Test
  void problemsAndReportsAreIdentical() {
    FeedbackQuery february =
        FeedbackQuery.builder()
            .since(Instant.parse("2026-02-01T00:00:00Z"))
            .until(Instant.parse("2026-03-01T00:00:00Z"))
            .build();
    ProblemOptions options = ProblemOptions.builder().minCount(3).risingMinCount(3).build();
    ProblemReport problems = actual.problems(february, options, NEW_YORK);
    assertThat(problems).isEqualTo(expected.problems(february, options, NEW_YORK));
    assertThat(problems.terms()).isNotEmpty();
    assertThat(problems.sentimentByDay()).hasSize(29); // February UTC is 29 days in New York

    ReportRequest request =
        ReportRequest.builder()
            .week(LocalDate.parse("2026-01-01"))
            .zone(MADRID)
            .groupBy(GroupKey.metadata("variant"), GroupOptions.builder().minSampleSize(5).build())
            .filter(FeedbackQuery.builder().source(Source.END_USER).build())
            .negativeSessions(8)
            .build();
    FeedbackReport report = actual.report(request);
    FeedbackReport reference = expected.report(request);
    assertThat(report).isEqualTo(reference);
    assertThat(report.toMarkdown()).isEqualTo(reference.toMarkdown());
    assertThat(report.current().ratings().total()).isGreaterThan(300);
    assertThat(report.negativeSessions()).hasSize(8);
  }

  /** A request with a breakdown by every kind of key, pairwise counts and terms. */
  private static AnalyticsRequest everything(FeedbackQuery query) {
    return AnalyticsFixtures.everyKindOfKey(query);
  }

  /** The ids of the sessions numbered from {@code first} (inclusive) to {@code end}. */
  private static List<String> sessions(int first, int end) {
    return java.util.stream.IntStream.range(first, end)
        .mapToObj(RandomFeedback::sessionId)
        .toList();
  }

  private static List<String> keys(AnalyticsResult result, int breakdown) {
    return result.breakdowns().get(breakdown).buckets().stream()
        .map(AnalyticsResult.Bucket::key)
        .toList();
  }
}
