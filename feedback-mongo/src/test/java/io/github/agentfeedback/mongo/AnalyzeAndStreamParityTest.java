package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MongoDB store's server-side analytics equal the in-memory store's fold of the same
 * feedback, for varied data (comments in every script, scores on every scale, dimensions,
 * survey answers without a rating) and several queries; so do their streams.
 */
class AnalyzeAndStreamParityTest {

  @RegisterExtension
  static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant START = Instant.parse("2026-02-26T00:00:00Z");
  private static final String[] COMMENTS = {
    "", "ok", "Clear instructions", "héllo wörld", "🙁", "🙁🙁 still broken 💥",
    "日本語のコメント", "mixed 😀 and 文字 and ascii", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters", "a\u0000b",
    "\uFFFD replacement char", "x".repeat(300)
  };
  private static final Scale[] SCALES = {
    Scale.STARS_5, Scale.NPS, Scale.CSAT, Scale.CES, Scale.of("ratio", 0, 1)
  };

  @Test
  void mongoAnalyticsAndStreamsEqualTheInMemoryFold() {
    InMemoryFeedbackStore memory = new InMemoryFeedbackStore();
    try (MongoFeedbackStore store = mongo.storeBuilder().build()) {
      Random random = new Random(42);
      for (int i = 0; i < 400; i++) {
        String session = "session-" + (i % 17);
        Feedback f = randomFeedback(random, i);
        assertThat(store.append(session, f, UnknownSessionPolicy.CREATE).created()).isTrue();
        memory.append(session, f, UnknownSessionPolicy.CREATE);
      }
      for (int s = 0; s < 17; s++) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("variant", s % 3 == 0 ? "A" : "B");
        metadata.put("model", s % 2 == 0 ? "gpt" : "claude");
        store.updateMetadata("session-" + s, metadata);
        memory.updateMetadata("session-" + s, metadata);
      }

      List<FeedbackQuery> queries = List.of(
          FeedbackQuery.all(),
          FeedbackQuery.session("session-3"),
          FeedbackQuery.builder().sessionId("session-1").sessionId("session-11")
              .sessionId("session-5").build(),
          FeedbackQuery.builder().since(START.plus(Duration.ofHours(30)))
              .until(START.plus(Duration.ofHours(90))).build(),
          FeedbackQuery.builder().rating(Rating.UP).build(),
          FeedbackQuery.builder().rating(Rating.DOWN).build(),
          FeedbackQuery.builder().rating(Rating.NEUTRAL).build(),
          FeedbackQuery.builder().userId("user-3").build(),
          FeedbackQuery.builder().tag("billing").build(),
          FeedbackQuery.builder().metadata("variant", "A").build(),
          FeedbackQuery.builder().metadata("variant", "B").metadata("model", "gpt")
              .rating(Rating.DOWN).since(START.plus(Duration.ofHours(12))).build(),
          FeedbackQuery.builder().userId("nobody").build());
      for (FeedbackQuery query : queries) {
        AnalyticsRequest request = request(query);
        assertThat(store.analyze(request)).as("analyze %s", query)
            .isEqualTo(memory.analyze(request));
        assertThat(stream(store, query)).as("stream for %s", query)
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

  private static Feedback randomFeedback(Random random, int i) {
    Feedback.Builder b = Feedback.builder()
        .id("f-" + i)
        .rating(Rating.values()[random.nextInt(3)])
        .comment(COMMENTS[random.nextInt(COMMENTS.length)])
        .createdAt(START.plusSeconds(random.nextInt(5 * 24 * 3600))
            .plusMillis(random.nextInt(1000)));
    if (random.nextInt(3) > 0) {
      b.userId("user-" + random.nextInt(6));
    }
    if (random.nextBoolean()) {
      Scale scale = SCALES[random.nextInt(SCALES.length)];
      double value = scale.name().equals("ratio")
          ? random.nextInt(5) / 4.0
          : scale.min() + random.nextInt((int) (scale.max() - scale.min()) + 1);
      b.score(value, scale);
      if (i % 4 == 0) {
        b.rating(null); // a survey answer: a score and no rating
      }
    }
    if (random.nextInt(4) == 0) {
      b.tags(random.nextBoolean() ? List.of("billing") : List.of("search", "billing"));
    }
    for (Dimension d : Dimension.values()) {
      if (random.nextInt(3) == 0) {
        b.dimension(d, 1 + random.nextInt(5));
      }
    }
    if (random.nextInt(5) == 0) {
      b.correction("better answer " + i);
    }
    return b.build();
  }
}
