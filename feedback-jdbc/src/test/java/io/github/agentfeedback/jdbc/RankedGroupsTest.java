package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Breakdowns that keep their top groups are cut in SQL to the groups ranked within the limit,
 * every group tied at the limit included: the groups kept, their sums and their scores equal
 * the reference fold's, which breaks ties by key, the group without a value included.
 */
@ExtendWith(PostgresTestServer.class)
class RankedGroupsTest {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  /** Three sessions tied at two down votes, one with one; the messages and tags likewise. */
  private static void load(FeedbackStore store) {
    String[][] rows = {
      // session, message, user, tag, rating
      {"s-c", "m-3", "u-1", "slow", "down"},
      {"s-c", "m-3", "u-1", "slow", "down"},
      {"s-a", "m-1", "u-2", "wrong", "down"},
      {"s-a", "m-1", "u-2", "wrong", "down"},
      {"s-b", "m-2", "u-3", "slow", "down"},
      {"s-b", null, "u-3", "wrong", "down"},
      {"s-d", null, null, null, "down"},
      {"s-d", null, null, null, "up"},
      {"s-d", "m-4", "u-4", "rude", "up"},
      {"s-a", "m-4", "u-4", "rude", "up"},
    };
    for (int i = 0; i < rows.length; i++) {
      String[] r = rows[i];
      Feedback.Builder b =
          Feedback.builder()
              .id("f-" + i)
              .rating(r[4].equals("down") ? Rating.DOWN : Rating.UP)
              .messageId(r[1])
              .userId(r[2])
              .tags(r[3] == null ? List.of() : List.of(r[3]))
              .createdAt(T0.plusSeconds(i));
      if (i % 2 == 0) {
        b.score(1 + i % 5, Scale.STARS_5);
      }
      store.append(r[0], b.build(), UnknownSessionPolicy.CREATE);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void topGroupsWithTiesAtTheLimitAreTheFolds(Engine engine) {
    AnalyticsResult result =
        analyzedAsTheFold(
            engine,
            AnalyticsRequest.builder(FeedbackQuery.all())
                .breakdown(Breakdown.of(GroupKey.session()).top(Rating.DOWN, 2))
                .breakdown(Breakdown.of(GroupKey.message()).top(Rating.DOWN, 1))
                .breakdown(Breakdown.of(GroupKey.message()).top(null, 2))
                .breakdown(Breakdown.of(GroupKey.tag()).top(Rating.DOWN, 1))
                .breakdown(Breakdown.of(GroupKey.user()).top(Rating.UP, 1))
                .breakdown(Breakdown.of(GroupKey.session()))
                .build());
    // The cut broke ties by key: s-a and s-b of the three sessions with two down votes.
    assertThat(keys(result, 0)).containsExactly("s-a", "s-b");
    // Three feedbacks without a message rank first, then the first of three tied at two.
    assertThat(keys(result, 2)).containsExactlyInAnyOrder(null, "m-1");
    assertThat(result.breakdowns().get(5).buckets()).hasSize(4);
  }

  /**
   * Groups are ranked by a count of one rating, read first for the groups that have it: when
   * fewer than the limit have it, the groups without it tie at the next rank, within the
   * limit, and are all read; when as many as the limit have it, none of the others is.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void groupsWithoutTheRatingTieAtTheLimit(Engine engine) {
    AnalyticsResult result =
        analyzedAsTheFold(
            engine,
            AnalyticsRequest.builder(FeedbackQuery.all())
                .breakdown(Breakdown.of(GroupKey.session()).top(Rating.NEUTRAL, 2))
                .breakdown(Breakdown.of(GroupKey.tag()).top(Rating.UP, 3))
                .breakdown(Breakdown.of(GroupKey.message()).top(Rating.UP, 2))
                .build());
    // No session has a neutral vote: all four tie, the first two by key are kept.
    assertThat(keys(result, 0)).containsExactly("s-a", "s-b");
    // Two groups have an up vote (rude, and feedback without a tag): one more is kept.
    assertThat(result.breakdowns().get(1).buckets()).hasSize(3);
    // Two messages have one (m-4, and feedback without a message): exactly the limit.
    assertThat(keys(result, 2)).containsExactlyInAnyOrder(null, "m-4");
  }

  private static List<@Nullable String> keys(AnalyticsResult result, int breakdown) {
    return result.breakdowns().get(breakdown).buckets().stream()
        .map(AnalyticsResult.Bucket::key)
        .toList();
  }

  /** The engine's result for the rows of {@link #load}, checked equal to the in-memory fold's. */
  private static AnalyticsResult analyzedAsTheFold(Engine engine, AnalyticsRequest request) {
    JdbcFeedbackStore store = engine.store();
    InMemoryFeedbackStore memory = new InMemoryFeedbackStore();
    load(store);
    load(memory);
    AnalyticsResult result = store.analyze(request);
    assertThat(result).isEqualTo(memory.analyze(request));
    return result;
  }
}
