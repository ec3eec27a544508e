package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.tck.RandomFeedback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MongoDB store's server-side analytics equal the in-memory store's fold of the same
 * feedback, for varied data ({@link RandomFeedback}: comments in every script, scores on
 * every scale, dimensions, survey answers without a rating) and several queries; so do their
 * streams.
 */
class AnalyzeAndStreamParityTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant START = Instant.parse("2026-02-26T00:00:00Z");

  @Test
  void mongoAnalyticsAndStreamsEqualTheInMemoryFold() {
    InMemoryFeedbackStore memory = new InMemoryFeedbackStore();
    try (MongoFeedbackStore store = TestStores.fresh(mongo).build()) {
      RandomFeedback data =
          RandomFeedback.builder().seed(42).start(START).span(Duration.ofDays(5)).users(6).build();
      for (SessionFeedback sf : data.list(400)) {
        assertThat(
                store.append(sf.sessionId(), sf.feedback(), UnknownSessionPolicy.CREATE).created())
            .isTrue();
        memory.append(sf.sessionId(), sf.feedback(), UnknownSessionPolicy.CREATE);
      }
      data.metadata()
          .forEach(
              (session, values) -> {
                store.updateMetadata(session, values);
                memory.updateMetadata(session, values);
              });

      List<FeedbackQuery> queries =
          List.of(
              FeedbackQuery.all(),
              FeedbackQuery.session("s-0003"),
              FeedbackQuery.builder()
                  .sessionId("s-0001")
                  .sessionId("s-0011")
                  .sessionId("s-0005")
                  .build(),
              FeedbackQuery.builder()
                  .since(START.plus(Duration.ofHours(30)))
                  .until(START.plus(Duration.ofHours(90)))
                  .build(),
              FeedbackQuery.builder().rating(Rating.UP).build(),
              FeedbackQuery.builder().rating(Rating.DOWN).build(),
              FeedbackQuery.builder().rating(Rating.NEUTRAL).build(),
              FeedbackQuery.builder().userId("user-3").build(),
              FeedbackQuery.builder().tag("billing").build(),
              FeedbackQuery.builder().metadata("variant", "A").build(),
              FeedbackQuery.builder()
                  .metadata("variant", "B")
                  .metadata("region", "us")
                  .rating(Rating.DOWN)
                  .since(START.plus(Duration.ofHours(12)))
                  .build(),
              FeedbackQuery.builder().userId("nobody").build());
      for (FeedbackQuery query : queries) {
        AnalyticsRequest request = request(query);
        assertThat(store.analyze(request))
            .as("analyze %s", query)
            .isEqualTo(memory.analyze(request));
        assertThat(stream(store, query))
            .as("stream for %s", query)
            .isEqualTo(stream(memory, query));
      }
      AnalyticsResult all = store.analyze(request(FeedbackQuery.all()));
      assertThat(all.total().total()).isEqualTo(400);
      assertThat(all.total().unrated()).isPositive();
      assertThat(all.breakdowns().get(0).buckets()).hasSizeGreaterThan(3);
      assertThat(all.breakdowns().get(1).buckets()).hasSizeGreaterThan(12);
      for (Dimension d : Dimension.values()) {
        assertThat(all.total().dimensionCount(d)).as(d.name()).isPositive();
      }
      assertThat(all.total().scores()).containsKeys("stars_5", "nps", "csat", "ces", "ratio");
    }
  }

  /** The sums of a query, per day, per hour of day and per variant. */
  private static AnalyticsRequest request(FeedbackQuery query) {
    return AnalyticsRequest.builder(query)
        .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.period(Granularity.DAY)))
        .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.period(Granularity.HOUR_OF_DAY)))
        .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.metadata("variant")))
        .build();
  }

  private static List<SessionFeedback> stream(FeedbackStore store, FeedbackQuery query) {
    try (Stream<SessionFeedback> s = store.stream(query)) {
      return new ArrayList<>(s.toList());
    }
  }
}
