package io.github.agentfeedback.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.SessionCounts;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spi.Tally;
import io.github.agentfeedback.spi.Votes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link FeedbackStore} must have: appends that are atomic and
 * idempotent on the feedback id, listing, streaming with every query criterion, deletion,
 * erasure, metadata, votes, replacement, reviews, retention caps and batches, under
 * concurrency too. A store's test class extends it and supplies a fresh, empty store per
 * test; every test here then runs against that store:
 *
 * <pre>{@code
 * class MyFeedbackStoreTest extends FeedbackStoreContract {
 *   protected FeedbackStore newStore() {
 *     return new MyFeedbackStore(freshDatabase());
 *   }
 *
 *   protected FeedbackStore newCappedStore(int max) {
 *     return new MyFeedbackStore(freshDatabase(), max);
 *   }
 * }
 * }</pre>
 *
 * <p>The contract closes each store after its test. A store whose appends are slow may
 * override {@link #appendsPerThread()} to shorten the concurrency tests.
 *
 * <p>Not thread-safe: JUnit makes one instance per test method.
 */
@NullUnmarked // a JUnit contract: its assertions check the values it reads
public abstract class FeedbackStoreContract {

  /** A fixed instant all test feedback is created around. */
  protected static final Instant T0 = Instant.parse("2026-03-01T10:15:30.250Z");

  /** The store under test, fresh for each test. */
  protected FeedbackStore store;

  /** Creates a fresh, empty store. */
  protected abstract FeedbackStore newStore();

  /**
   * Creates a fresh, empty store that keeps at most {@code max} feedbacks per session; the
   * contract closes it.
   */
  protected abstract FeedbackStore newCappedStore(int max);

  /** How many appends each of 16 threads makes in the concurrency test. */
  protected int appendsPerThread() {
    return 1_000;
  }

  /** Opens {@link #store} before each test. */
  @BeforeEach
  public void openStore() {
    store = newStore();
  }

  /** Closes {@link #store} after each test. */
  @AfterEach
  public void closeStore() {
    store.close();
  }

  /** Complete feedback, as the manager would hand it to a store. */
  protected static Feedback feedback(String id, Rating rating, Instant at) {
    return Feedback.builder().id(id).rating(rating).comment("comment " + id).createdAt(at).build();
  }

  /** Appends to {@link #store}, creating the session when it is unknown. */
  protected FeedbackResult add(String session, Feedback f) {
    return store.append(session, f, UnknownSessionPolicy.CREATE);
  }

  /** The ids of the feedback {@link #store} streams for a query, in its order. */
  protected List<String> ids(FeedbackQuery query) {
    try (Stream<SessionFeedback> s = store.stream(query)) {
      return s.map(sf -> sf.feedback().id()).toList();
    }
  }

  @Test
  public void appendedFeedbackIsListedOldestFirst() {
    Feedback a = feedback("a", Rating.UP, T0);
    Feedback b = feedback("b", Rating.DOWN, T0.plusSeconds(1));
    Feedback c = feedback("c", Rating.NEUTRAL, T0.plusSeconds(2));
    assertThat(add("s1", a).created()).isTrue();
    add("s1", b);
    add("s1", c);
    assertThat(store.list("s1")).containsExactly(a, b, c);
    assertThat(store.list("unknown")).isEmpty();
  }

  @Test
  public void duplicateIdIsStoredOnce() {
    Feedback a = feedback("a", Rating.UP, T0);
    assertThat(add("s1", a).created()).isTrue();
    FeedbackResult again = add("s1", a.toBuilder().comment("retried").build());
    assertThat(again.created()).isFalse();
    assertThat(again.feedback().comment()).isEqualTo("retried");
    assertThat(store.list("s1")).containsExactly(a);
  }

  @Test
  public void sameIdInAnotherSessionIsAnotherFeedback() {
    Feedback a = feedback("a", Rating.UP, T0);
    assertThat(add("s1", a).created()).isTrue();
    assertThat(add("s2", a).created()).isTrue();
    assertThat(store.list("s2")).containsExactly(a);
  }

  @Test
  public void refusePolicyRejectsUnknownSessionsAndStoresNothing() {
    Feedback a = feedback("a", Rating.UP, T0);
    assertThatThrownBy(() -> store.append("nobody", a, UnknownSessionPolicy.REFUSE))
        .isInstanceOf(SessionNotFoundException.class)
        .hasMessageContaining("nobody");
    assertThat(store.list("nobody")).isEmpty();
    assertThat(store.metadata("nobody")).isEmpty();
    store.updateMetadata("known", Map.of("variant", "A"));
    assertThat(store.append("known", a, UnknownSessionPolicy.REFUSE).created()).isTrue();
    assertThat(store.append("known", a, UnknownSessionPolicy.REFUSE).created()).isFalse();
    assertThat(store.list("known")).containsExactly(a);
  }

  @Test
  public void everyFieldRoundTrips() {
    Feedback full =
        Feedback.builder()
            .id("full-1")
            .rating(Rating.DOWN)
            .score(3, Scale.CES)
            .comment("Couldn't find my order number 🙁 — ünïcödé")
            .createdAt(T0)
            .userId("user-7")
            .messageId("msg-42")
            .tags("orders", "search")
            .dimension(Dimension.ACCURACY, 2)
            .dimension(Dimension.CLARITY, 4)
            .correction("Your order number is in the confirmation e-mail.")
            .attribute("validated_at", T0.plusMillis(5))
            .attribute("sentiment", -0.5)
            .attribute("retries", 3)
            .attribute("bytes", 5_000_000_000L)
            .attribute("small_long", 5L)
            .attribute("flagged", true)
            .attribute("labels", List.of("a", "b"))
            .attribute("client", Map.of("os", "linux", "version", 2, "tags", List.of(1, 2L)))
            .build();
    add("s1", full);
    assertThat(store.list("s1")).containsExactly(full);
    Feedback custom =
        feedback("c", Rating.UP, T0).toBuilder()
            .score(Score.of(0.75, Scale.of("ratio", 0, 1)))
            .build();
    add("s1", custom);
    assertThat(store.list("s1")).containsExactly(full, custom);
    try (Stream<SessionFeedback> s = store.stream(FeedbackQuery.session("s1"))) {
      assertThat(s.map(SessionFeedback::feedback)).containsExactly(full, custom);
    }
  }

  @Test
  public void operatorLookingTextIsStoredLiterally() {
    Feedback f =
        feedback("x", Rating.DOWN, T0).toBuilder()
            .comment("{\"$where\": \"sleep(1000)\"}")
            .attribute("filter", "{\"$gt\": \"\"}")
            .attribute("op", "$gt")
            .attribute("nested", Map.of("q", "$where"))
            .build();
    add("s1", f);
    store.updateMetadata("s1", Map.of("query", "$where", "filter", Map.of("k", "$ne")));
    assertThat(store.list("s1")).containsExactly(f);
    assertThat(store.metadata("s1"))
        .isEqualTo(Map.of("query", "$where", "filter", Map.of("k", "$ne")));
  }

  /**
   * Ids and keys may hold control characters other than NUL (U+0001 included), and each is
   * found by exactly itself: in a query of several sessions, a batch that refuses unknown
   * sessions, and a metadata delete.
   */
  @Test
  public void controlCharactersInSessionIdsAndMetadataKeysAreMatchedExactly() {
    String session = "s\u0001x";
    String key = "k\u0001";
    add(session, feedback("a", Rating.UP, T0));
    add("s2", feedback("b", Rating.UP, T0));
    store.updateMetadata(session, Map.of(key, 1, "plain", 2));

    assertThat(ids(FeedbackQuery.builder().sessionIds(List.of(session, "s2")).build()))
        .containsExactly("a", "b");
    List<AppendResult> results =
        store.appendAll(
            List.of(new SessionFeedback(session, feedback("c", Rating.DOWN, T0))),
            UnknownSessionPolicy.REFUSE);
    assertThat(results.get(0).failure()).isNull();
    assertThat(store.list(session)).extracting(Feedback::id).containsExactly("a", "c");
    store.deleteMetadata(session, List.of(key));
    assertThat(store.metadata(session)).isEqualTo(Map.of("plain", 2));
  }

  @Test
  public void deleteRemovesOneFeedback() {
    add("s1", feedback("a", Rating.UP, T0));
    add("s1", feedback("b", Rating.UP, T0));
    assertThat(store.delete("s1", "a")).isTrue();
    assertThat(store.delete("s1", "a")).isFalse();
    assertThat(store.delete("nobody", "a")).isFalse();
    assertThat(store.list("s1")).extracting(Feedback::id).containsExactly("b");
  }

  @Test
  public void eraseUserRemovesTheirFeedbackEverywhere() {
    add("s1", feedback("a", Rating.UP, T0).toBuilder().userId("u1").build());
    add("s1", feedback("b", Rating.UP, T0).toBuilder().userId("u2").build());
    add("s2", feedback("c", Rating.DOWN, T0).toBuilder().userId("u1").build());
    add("s2", feedback("d", Rating.DOWN, T0).toBuilder().userId("u1").build());
    assertThat(store.eraseUser("u1")).isEqualTo(3);
    assertThat(store.eraseUser("u1")).isZero();
    assertThat(store.list("s1")).extracting(Feedback::id).containsExactly("b");
    assertThat(store.list("s2")).isEmpty();
  }

  @Test
  public void eraseUserInOneSessionLeavesEveryOtherSession() {
    add("s1", feedback("a", Rating.UP, T0).toBuilder().userId("u1").build());
    add("s1", feedback("b", Rating.UP, T0).toBuilder().userId("u2").build());
    add("s1", feedback("c", Rating.DOWN, T0).toBuilder().userId("u1").build());
    add("s2", feedback("d", Rating.DOWN, T0).toBuilder().userId("u1").build());
    store.updateMetadata("s1", Map.of("variant", "A"));
    assertThat(store.eraseUser("s1", "u1")).isEqualTo(2);
    assertThat(store.eraseUser("s1", "u1")).isZero();
    assertThat(store.eraseUser("s1", "u3")).isZero();
    assertThat(store.eraseUser("nobody", "u1")).isZero();
    assertThat(store.list("s1")).extracting(Feedback::id).containsExactly("b");
    assertThat(store.metadata("s1")).isEqualTo(Map.of("variant", "A"));
    assertThat(store.list("s2")).extracting(Feedback::id).containsExactly("d");
    assertThat(store.list("nobody")).isEmpty();
  }

  @Test
  public void metadataIsMergedAndDeletedByKey() {
    assertThat(store.metadata("s1")).isEmpty();
    store.updateMetadata("s1", Map.of("variant", "A", "model", "gpt"));
    store.updateMetadata(
        "s1",
        Map.of(
            "variant",
            "B",
            "at",
            T0,
            "n",
            3,
            "big",
            7L,
            "ratio",
            0.5,
            "on",
            true,
            "list",
            List.of("x"),
            "map",
            Map.of("k", 1)));
    assertThat(store.metadata("s1"))
        .isEqualTo(
            Map.of(
                "variant",
                "B",
                "model",
                "gpt",
                "at",
                T0,
                "n",
                3,
                "big",
                7L,
                "ratio",
                0.5,
                "on",
                true,
                "list",
                List.of("x"),
                "map",
                Map.of("k", 1)));
    store.deleteMetadata(
        "s1", List.of("model", "absent", "at", "n", "big", "ratio", "on", "list", "map"));
    assertThat(store.metadata("s1")).isEqualTo(Map.of("variant", "B"));
    store.deleteMetadata("nobody", List.of("x"));
    assertThat(store.metadata("nobody")).isEmpty();
  }

  @Test
  public void metadataDoesNotDisturbFeedback() {
    Feedback a = feedback("a", Rating.UP, T0);
    add("s1", a);
    store.updateMetadata("s1", Map.of("variant", "A"));
    assertThat(store.list("s1")).containsExactly(a);
  }

  @Test
  public void streamFiltersByEveryCriterion() {
    add("s1", feedback("a", Rating.UP, T0).toBuilder().userId("u1").tags(List.of("x")).build());
    add("s1", feedback("b", Rating.DOWN, T0.plusSeconds(60)).toBuilder().userId("u2").build());
    add(
        "s2",
        feedback("c", Rating.NEUTRAL, T0.plusSeconds(120)).toBuilder()
            .tags(List.of("x", "y"))
            .build());
    add("s3", feedback("d", Rating.DOWN, T0.plusSeconds(180)));
    store.updateMetadata("s2", Map.of("variant", "B"));
    store.updateMetadata("s3", Map.of("variant", "A"));

    assertThat(ids(FeedbackQuery.all())).containsExactly("a", "b", "c", "d");
    assertThat(ids(FeedbackQuery.builder().sessionId("s2").sessionId("s1").build()))
        .containsExactly("a", "b", "c");
    assertThat(
            ids(
                FeedbackQuery.builder()
                    .since(T0.plusSeconds(60))
                    .until(T0.plusSeconds(180))
                    .build()))
        .containsExactly("b", "c");
    assertThat(ids(FeedbackQuery.builder().rating(Rating.DOWN).build())).containsExactly("b", "d");
    assertThat(ids(FeedbackQuery.builder().rating(Rating.NEUTRAL).build())).containsExactly("c");
    assertThat(ids(FeedbackQuery.builder().userId("u1").build())).containsExactly("a");
    assertThat(ids(FeedbackQuery.builder().tag("x").build())).containsExactly("a", "c");
    assertThat(ids(FeedbackQuery.builder().metadata("variant", "B").build())).containsExactly("c");
    assertThat(ids(FeedbackQuery.builder().sessionId("s9").build())).isEmpty();
    assertThat(
            ids(
                FeedbackQuery.builder()
                    .sessionId("s1")
                    .rating(Rating.DOWN)
                    .userId("u2")
                    .since(T0)
                    .build()))
        .containsExactly("b");
  }

  @Test
  public void subMillisecondBoundsAgreeWithMillisecondTimes() {
    add("s1", feedback("a", Rating.UP, T0));
    assertThat(ids(FeedbackQuery.builder().since(T0.plusNanos(500_000)).build())).isEmpty();
    assertThat(ids(FeedbackQuery.builder().until(T0.plusNanos(500_000)).build()))
        .containsExactly("a");
    assertThat(ids(FeedbackQuery.builder().since(T0).until(T0.plusMillis(1)).build()))
        .containsExactly("a");
  }

  @Test
  public void metadataNumbersMatchWhateverTheirJavaType() {
    add("s1", feedback("a", Rating.UP, T0));
    store.updateMetadata("s1", Map.of("turn", 3, "score", 0.5));
    assertThat(ids(FeedbackQuery.builder().metadata("turn", 3L).build())).containsExactly("a");
    assertThat(ids(FeedbackQuery.builder().metadata("turn", 3.0).build())).containsExactly("a");
    assertThat(ids(FeedbackQuery.builder().metadata("score", 0.5).build())).containsExactly("a");
    assertThat(ids(FeedbackQuery.builder().metadata("turn", 4).build())).isEmpty();
  }

  @Test
  public void metadataFilterMatchesAWholeListAndNeverOneOfItsElements() {
    add("s1", feedback("a", Rating.UP, T0));
    add("s2", feedback("b", Rating.UP, T0));
    add("s3", feedback("c", Rating.UP, T0));
    store.updateMetadata("s1", Map.of("variant", List.of("A", "B")));
    store.updateMetadata("s2", Map.of("variant", "A"));
    store.updateMetadata("s3", Map.of("turn", 1));
    assertThat(ids(FeedbackQuery.builder().metadata("variant", "A").build())).containsExactly("b");
    assertThat(ids(FeedbackQuery.builder().metadata("variant", "B").build())).isEmpty();
    assertThat(ids(FeedbackQuery.builder().metadata("variant", List.of("A", "B")).build()))
        .containsExactly("a");
    assertThat(ids(FeedbackQuery.builder().metadata("variant", null).build())).containsExactly("c");
    assertThat(
            store
                .analyze(
                    AnalyticsRequest.builder(
                            FeedbackQuery.builder().metadata("variant", "A").build())
                        .build())
                .total()
                .total())
        .isEqualTo(1);
  }

  @Test
  public void streamCarriesTheSessionId() {
    add("s1", feedback("a", Rating.UP, T0));
    try (Stream<SessionFeedback> s = store.stream(FeedbackQuery.all())) {
      assertThat(s.map(SessionFeedback::sessionId)).containsExactly("s1");
    }
  }

  @Test
  public void analyzeCountsRatingsHoursDaysDimensionsAndScores() {
    add(
        "s1",
        Feedback.builder()
            .id("a")
            .rating(Rating.UP)
            .comment("héllo")
            .createdAt(T0)
            .score(5, Scale.STARS_5)
            .dimension(Dimension.ACCURACY, 4)
            .build());
    add(
        "s1",
        Feedback.builder()
            .id("b")
            .rating(Rating.UP)
            .comment("")
            .createdAt(T0)
            .score(4, Scale.STARS_5)
            .dimension(Dimension.ACCURACY, 2)
            .dimension(Dimension.CLARITY, 3)
            .build());
    add(
        "s2",
        Feedback.builder()
            .id("c")
            .rating(Rating.DOWN)
            .comment("🙁🙁")
            .createdAt(Instant.parse("2026-03-02T23:59:59Z"))
            .score(9, Scale.NPS)
            .build());
    add(
        "s2",
        Feedback.builder()
            .id("d")
            .rating(Rating.NEUTRAL)
            .comment("abc")
            .createdAt(Instant.parse("2026-03-02T00:00:00Z"))
            .build());

    AnalyticsResult result =
        store.analyze(
            AnalyticsRequest.builder(FeedbackQuery.all())
                .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.period(Granularity.HOUR_OF_DAY)))
                .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.period(Granularity.DAY)))
                .build());
    FeedbackSummary summary = FeedbackSummary.of(result.total());
    assertThat(summary.ratings().total()).isEqualTo(4);
    assertThat(summary.ratings().up()).isEqualTo(2);
    assertThat(summary.ratings().down()).isEqualTo(1);
    assertThat(summary.ratings().neutral()).isEqualTo(1);
    assertThat(summary.ratings().satisfaction()).isEqualTo(200.0 / 3);
    assertThat(summary.comments().averageLength()).isEqualTo(10.0 / 4);
    assertThat(counts(result.breakdowns().get(0))).isEqualTo(Map.of("10", 2L, "23", 1L, "00", 1L));
    assertThat(counts(result.breakdowns().get(1)))
        .isEqualTo(Map.of("2026-03-01", 2L, "2026-03-02", 2L));
    assertThat(summary.dimensions().means())
        .isEqualTo(Map.of(Dimension.ACCURACY, 3.0, Dimension.CLARITY, 3.0));
    assertThat(summary.dimensions().dimensionMean()).isEqualTo(3.0);
    assertThat(result.total().scores())
        .isEqualTo(Map.of("stars_5", Map.of(4.0, 1L, 5.0, 1L), "nps", Map.of(9.0, 1L)));

    FeedbackSummary s2 = summary(FeedbackQuery.session("s2"));
    assertThat(s2.ratings().total()).isEqualTo(2);
    assertThat(s2.ratings().satisfaction()).isZero();
    assertThat(summary(FeedbackQuery.session("none"))).isEqualTo(FeedbackSummary.of(Tally.empty()));
    assertThat(summary(FeedbackQuery.session("none")).ratings().satisfaction()).isNull();
  }

  private FeedbackSummary summary(FeedbackQuery query) {
    return FeedbackSummary.of(store.analyze(AnalyticsRequest.builder(query).build()).total());
  }

  private static Map<String, Long> counts(AnalyticsResult.Grouped grouped) {
    return grouped.buckets().stream()
        .collect(Collectors.toMap(AnalyticsResult.Bucket::key, bucket -> bucket.tally().total()));
  }

  @Test
  public void scoreOnlyFeedbackRoundTripsWithoutARatingAndIsNotNeutral() {
    Feedback survey = Feedback.builder().id("nps").createdAt(T0).score(9, Scale.NPS).build();
    add("s1", survey);
    add(
        "s1",
        Feedback.builder()
            .id("n")
            .rating(Rating.NEUTRAL)
            .createdAt(T0)
            .score(6, Scale.NPS)
            .build());
    add("s1", Feedback.builder().id("u").rating(Rating.UP).comment("ok").createdAt(T0).build());

    assertThat(survey.rating()).isNull();
    assertThat(store.list("s1"))
        .extracting(Feedback::id, Feedback::rating)
        .containsExactly(tuple("nps", null), tuple("n", Rating.NEUTRAL), tuple("u", Rating.UP));
    assertThat(store.list("s1").get(0)).isEqualTo(survey);
    try (Stream<SessionFeedback> s =
        store.stream(FeedbackQuery.builder().rating(Rating.NEUTRAL).build())) {
      assertThat(s.map(sf -> sf.feedback().id())).containsExactly("n");
    }
    FeedbackSummary summary = summary(FeedbackQuery.all());
    assertThat(summary.ratings().total()).isEqualTo(3);
    assertThat(summary.ratings().neutral()).isEqualTo(1);
    assertThat(summary.ratings().unrated()).isEqualTo(1);
    assertThat(summary.ratings().up()).isEqualTo(1);
    assertThat(summary.ratings().satisfaction()).isEqualTo(100.0);
    assertThat(summary.comments().averageLength()).isEqualTo(2.0 / 3);
    assertThat(summary.scale("nps").distribution()).isEqualTo(Map.of(6.0, 1L, 9.0, 1L));
    assertThat(summary(FeedbackQuery.builder().rating(Rating.NEUTRAL).build()).ratings().total())
        .isEqualTo(1);
  }

  @Test
  public void concurrentAppendsToOneNewSessionLoseNothing() throws Exception {
    int threads = 16;
    int perThread = appendsPerThread();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    assertThat(add("hot", feedback(thread + "-" + i, Rating.UP, T0)).created())
                        .isTrue();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<Feedback> all = store.list("hot");
    assertThat(all).hasSize(threads * perThread);
    Set<String> distinct = all.stream().map(Feedback::id).collect(Collectors.toSet());
    assertThat(distinct).hasSize(threads * perThread);
  }

  /** Feedback with every second-edition field set. */
  protected static Feedback secondEdition(String id) {
    return feedback(id, Rating.DOWN, T0).toBuilder()
        .source(Source.LLM_JUDGE, "judge-gpt")
        .traceId("4BF92F3577B34DA6A3CE929D0E0E4736")
        .spanId("00f067aa0ba902b7")
        .model(ModelRef.of("gpt-4o", "2024-08-06"))
        .prompt("Where is my order?")
        .response("I cannot help with that.")
        .comparison(
            Comparison.of(
                Comparison.Candidate.of(ModelRef.of("model-a"), "Answer A"),
                new Comparison.Candidate(ModelRef.of("model-b", "v2"), "resp-b", null),
                Comparison.Preference.B))
        .review(new Review(ReviewStatus.APPROVED, "ann", T0.plusSeconds(5)))
        .build();
  }

  @Test
  public void secondEditionFieldsRoundTrip() {
    Feedback f = secondEdition("v2");
    assertThat(f.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    add("s1", f);
    Feedback unset = feedback("plain", Rating.UP, T0);
    add("s1", unset);
    assertThat(store.list("s1")).containsExactly(f, unset);
    assertThat(store.list("s1").get(1).source()).isEqualTo(Source.END_USER);
    try (Stream<SessionFeedback> s = store.stream(FeedbackQuery.session("s1"))) {
      assertThat(s.map(SessionFeedback::feedback)).containsExactly(f, unset);
    }
    Feedback custom =
        feedback("other-source", Rating.UP, T0).toBuilder()
            .source(Source.of("human_annotator"))
            .build();
    add("s1", custom);
    assertThat(store.list("s1").get(2).source().name()).isEqualTo("human_annotator");
  }

  @Test
  public void streamFiltersBySecondEditionCriteria() {
    add("s1", secondEdition("judged"));
    add("s1", feedback("plain", Rating.UP, T0).toBuilder().messageId("m-1").build());
    add(
        "s2",
        feedback("other-model", Rating.UP, T0).toBuilder()
            .model(ModelRef.of("gpt-4o", "2025-01-01"))
            .source(Source.REVIEWER, "ann")
            .review(Review.pending())
            .build());
    assertThat(ids(FeedbackQuery.builder().messageId("m-1").build())).containsExactly("plain");
    assertThat(ids(FeedbackQuery.builder().traceId("4BF92F3577B34DA6A3CE929D0E0E4736").build()))
        .containsExactly("judged");
    assertThat(ids(FeedbackQuery.builder().spanId("00f067aa0ba902b7").build()))
        .containsExactly("judged");
    assertThat(ids(FeedbackQuery.builder().model(ModelRef.of("gpt-4o")).build()))
        .containsExactly("judged", "other-model");
    assertThat(ids(FeedbackQuery.builder().model(ModelRef.of("gpt-4o", "2025-01-01")).build()))
        .containsExactly("other-model");
    assertThat(ids(FeedbackQuery.builder().source(Source.END_USER).build()))
        .containsExactly("plain");
    assertThat(ids(FeedbackQuery.builder().source(Source.LLM_JUDGE).build()))
        .containsExactly("judged");
    assertThat(ids(FeedbackQuery.builder().authorId("ann").build())).containsExactly("other-model");
    assertThat(ids(FeedbackQuery.builder().reviewStatus(ReviewStatus.APPROVED).build()))
        .containsExactly("judged");
    assertThat(ids(FeedbackQuery.builder().reviewStatus(ReviewStatus.PENDING).build()))
        .containsExactly("other-model");
    assertThat(ids(FeedbackQuery.builder().reviewStatus(ReviewStatus.REJECTED).build())).isEmpty();
  }

  @Test
  public void replaceKeepsPlaceAndCreationTimeAndRecordsTheUpdate() {
    add("s1", feedback("a", Rating.UP, T0));
    add("s1", feedback("b", Rating.UP, T0.plusSeconds(1)));
    add("s1", feedback("c", Rating.UP, T0.plusSeconds(2)));
    Feedback changed =
        feedback("b", Rating.DOWN, T0.plusSeconds(99)).toBuilder()
            .comment("changed")
            .updatedAt(T0.plusSeconds(100))
            .attribute("k", "v")
            .build();
    FeedbackResult r = store.replace("s1", changed);
    assertThat(r.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    Feedback expected = changed.toBuilder().createdAt(T0.plusSeconds(1)).build();
    assertThat(r.feedback()).isEqualTo(expected);
    assertThat(store.list("s1")).extracting(Feedback::id).containsExactly("a", "b", "c");
    assertThat(store.list("s1").get(1)).isEqualTo(expected);
    assertThat(store.list("s1").get(0)).isEqualTo(feedback("a", Rating.UP, T0));
  }

  @Test
  public void replaceOfAnUnknownIdChangesNothing() {
    add("s1", feedback("a", Rating.UP, T0));
    assertThat(store.replace("s1", feedback("zz", Rating.DOWN, T0)).outcome())
        .isEqualTo(FeedbackResult.Outcome.NOT_FOUND);
    assertThat(store.replace("nobody", feedback("a", Rating.DOWN, T0)).outcome())
        .isEqualTo(FeedbackResult.Outcome.NOT_FOUND);
    assertThat(store.list("s1")).containsExactly(feedback("a", Rating.UP, T0));
    assertThat(store.list("nobody")).isEmpty();
  }

  @Test
  public void reviewChangesOnlyTheReview() {
    Feedback a = feedback("a", Rating.UP, T0).toBuilder().attribute("k", 1).build();
    add("s1", a);
    add("s1", feedback("b", Rating.UP, T0));
    Review review = new Review(ReviewStatus.REJECTED, "ann", T0.plusSeconds(9));
    assertThat(store.review("s1", "a", review)).isTrue();
    assertThat(store.review("s1", "zz", review)).isFalse();
    assertThat(store.review("nobody", "a", review)).isFalse();
    assertThat(store.list("s1"))
        .containsExactly(a.toBuilder().review(review).build(), feedback("b", Rating.UP, T0));
  }

  /** A manager in one-vote mode over the store under test. */
  protected FeedbackManager votes() {
    return FeedbackManager.builder().store(store).oneVotePerUserAndMessage(true).build();
  }

  /** A vote of a user on message m1, given at {@code at}. */
  protected static Feedback vote(String user, Rating rating, String comment, Instant at) {
    return Feedback.builder()
        .userId(user)
        .messageId("m1")
        .rating(rating)
        .comment(comment)
        .createdAt(at)
        .build();
  }

  /** The vote of a user on message m1 as session s1 holds it. */
  protected Feedback storedVote(String user) {
    String id = Feedback.voteId(user, "m1");
    return store.list("s1").stream().filter(f -> id.equals(f.id())).findFirst().orElseThrow();
  }

  @Test
  public void concurrentVotesLeaveOneVotePerUserAndTheLatestEventTimeWins() throws Exception {
    FeedbackManager votes = votes();
    add("s1", feedback("bystander", Rating.UP, T0));
    int users = 4;
    int rounds = 25;
    List<FeedbackResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  // Each thread votes in its own order, so arrival order and event time disagree.
                  for (int k = 0; k < rounds; k++) {
                    int i = thread % 2 == 0 ? k : rounds - 1 - k;
                    String user = "u" + ((thread + i) % users);
                    results.add(
                        votes.addFeedback(
                            "s1",
                            vote(
                                user,
                                i % 2 == 0 ? Rating.UP : Rating.DOWN,
                                thread + ":" + i,
                                T0.plusSeconds(i))));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<Feedback> all = store.list("s1");
    assertThat(all.get(0)).isEqualTo(feedback("bystander", Rating.UP, T0));
    assertThat(all).hasSize(1 + users);
    assertThat(all.subList(1, all.size()))
        .extracting(Feedback::id)
        .containsExactlyInAnyOrder(
            Feedback.voteId("u0", "m1"), Feedback.voteId("u1", "m1"),
            Feedback.voteId("u2", "m1"), Feedback.voteId("u3", "m1"));
    assertThat(results)
        .extracting(FeedbackResult::outcome)
        .filteredOn(o -> o == FeedbackResult.Outcome.CREATED)
        .hasSize(users);
    for (int u = 0; u < users; u++) {
      // Round 24 is each user's latest; two threads sent it, with different comments, and
      // the one the store saw last stays.
      int user = u;
      Feedback stored = storedVote("u" + u);
      assertThat(Votes.eventTime(stored)).isEqualTo(T0.plusSeconds(rounds - 1));
      assertThat(stored.rating()).isEqualTo(Rating.UP);
      assertThat(stored.comment())
          .isIn(
              IntStream.range(0, 8)
                  .filter(t -> (t + rounds - 1) % users == user)
                  .mapToObj(t -> t + ":" + (rounds - 1))
                  .toList());
    }
    // A later vote replaces what is stored; it can be withdrawn.
    FeedbackResult last =
        votes.addFeedback("s1", vote("u2", Rating.DOWN, "final", T0.plusSeconds(100)));
    assertThat(last.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(storedVote("u2").comment()).isEqualTo("final");
    assertThat(storedVote("u2").updatedAt()).isEqualTo(T0.plusSeconds(100));
    assertThat(votes.retractVote("s1", "u2", "m1")).isTrue();
    assertThat(store.list("s1")).hasSize(users);
  }

  @Test
  public void identicalVoteAgainIsUnchangedAndRewritesNothing() {
    FeedbackManager votes = votes();
    assertThat(votes.addFeedback("s1", vote("u", Rating.UP, "good", T0)).outcome())
        .isEqualTo(FeedbackResult.Outcome.CREATED);
    Feedback second =
        vote("u", Rating.DOWN, "wrong", T0.plusSeconds(10)).toBuilder()
            .tags("a", "b")
            .dimension(Dimension.ACCURACY, 2)
            .score(2, Scale.STARS_5)
            .correction("the right answer")
            .build();
    FeedbackResult replaced = votes.addFeedback("s1", second);
    assertThat(replaced.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(replaced.feedback().createdAt()).isEqualTo(T0);
    assertThat(replaced.feedback().updatedAt()).isEqualTo(T0.plusSeconds(10));
    Feedback stored = storedVote("u");
    assertThat(stored).isEqualTo(replaced.feedback());

    // The retried call, as a hook may stamp it again: same content, other attributes.
    FeedbackResult retried =
        votes.addFeedback(
            "s1", second.toBuilder().attribute("validated_at", T0.plusSeconds(99)).build());
    assertThat(retried.outcome()).isEqualTo(FeedbackResult.Outcome.UNCHANGED);
    assertThat(retried.changed()).isFalse();
    assertThat(retried.feedback()).isEqualTo(stored);
    assertThat(storedVote("u")).isEqualTo(stored); // updated_at and attributes untouched

    // Through the SPI too: the same vote at an earlier time is unchanged, nothing written.
    FeedbackResult early =
        store.replaceVote(
            "s1",
            second.toBuilder().id(Feedback.voteId("u", "m1")).createdAt(T0.plusSeconds(5)).build());
    assertThat(early.outcome()).isEqualTo(FeedbackResult.Outcome.UNCHANGED);
    assertThat(storedVote("u")).isEqualTo(stored);
  }

  @Test
  public void delayedRetryOfAnOlderVoteIsStaleAndTheNewerVoteStays() {
    FeedbackManager votes = votes();
    Feedback first = vote("u", Rating.UP, "first click", T0);
    votes.addFeedback("s1", first);
    FeedbackResult second =
        votes.addFeedback("s1", vote("u", Rating.DOWN, "second click", T0.plusSeconds(3)));
    assertThat(second.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);

    FeedbackResult retry = votes.addFeedback("s1", first); // the first click's late retry
    assertThat(retry.outcome()).isEqualTo(FeedbackResult.Outcome.STALE);
    assertThat(retry.created()).isFalse();
    assertThat(retry.changed()).isFalse();
    assertThat(retry.feedback()).isEqualTo(second.feedback());
    assertThat(storedVote("u")).isEqualTo(second.feedback());

    // Equal event times do not order two votes: the one that arrives last stays.
    FeedbackResult sameInstant =
        votes.addFeedback("s1", vote("u", Rating.NEUTRAL, "same instant", T0.plusSeconds(3)));
    assertThat(sameInstant.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(storedVote("u").comment()).isEqualTo("same instant");
    assertThat(storedVote("u").createdAt()).isEqualTo(T0);
    assertThat(storedVote("u").updatedAt()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  public void theSameVoteClickedAgainLaterStillBeatsAnOlderClick() {
    FeedbackManager votes = votes();
    votes.addFeedback("s1", vote("u", Rating.UP, "", T0));
    FeedbackResult again = votes.addFeedback("s1", vote("u", Rating.UP, "", T0.plusSeconds(20)));
    assertThat(again.outcome()).isEqualTo(FeedbackResult.Outcome.UNCHANGED);
    assertThat(again.feedback().updatedAt()).isEqualTo(T0.plusSeconds(20));
    assertThat(storedVote("u").updatedAt()).isEqualTo(T0.plusSeconds(20));
    // A DOWN clicked in between (at +10) arrives last: it is older than the second UP.
    assertThat(votes.addFeedback("s1", vote("u", Rating.DOWN, "", T0.plusSeconds(10))).outcome())
        .isEqualTo(FeedbackResult.Outcome.STALE);
    assertThat(storedVote("u").rating()).isEqualTo(Rating.UP);
  }

  @Test
  public void replaceVoteOfAnUnknownIdChangesNothing() {
    Feedback v = vote("u", Rating.UP, "", T0).toBuilder().id(Feedback.voteId("u", "m1")).build();
    assertThat(store.replaceVote("nobody", v).outcome())
        .isEqualTo(FeedbackResult.Outcome.NOT_FOUND);
    add("s1", feedback("a", Rating.UP, T0));
    assertThat(store.replaceVote("s1", v).outcome()).isEqualTo(FeedbackResult.Outcome.NOT_FOUND);
    assertThat(store.list("s1")).extracting(Feedback::id).containsExactly("a");
    assertThat(store.list("nobody")).isEmpty();
  }

  @Test
  public void staleRetriesRacingANewerVoteNeverWin() throws Exception {
    FeedbackManager votes = votes();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 20; round++) {
        String session = "race-" + round;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<List<FeedbackResult>>> futures = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          boolean fresh = t == 0;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    List<FeedbackResult> out = new ArrayList<>();
                    for (int retry = 0; retry < (fresh ? 2 : 3); retry++) {
                      out.add(
                          votes.addFeedback(
                              session,
                              fresh
                                  ? vote("u", Rating.DOWN, "fresh", T0.plusSeconds(10))
                                  : vote("u", Rating.UP, "stale", T0)));
                    }
                    return out;
                  }));
        }
        start.countDown();
        List<FeedbackResult.Outcome> outcomes = new ArrayList<>();
        for (Future<List<FeedbackResult>> f : futures) {
          f.get().forEach(r -> outcomes.add(r.outcome()));
        }
        Feedback stored = store.list(session).get(0);
        assertThat(store.list(session)).hasSize(1);
        assertThat(stored.comment()).as("round %d: %s", round, outcomes).isEqualTo("fresh");
        assertThat(Votes.eventTime(stored)).isEqualTo(T0.plusSeconds(10));
        assertThat(outcomes)
            .isSubsetOf(
                FeedbackResult.Outcome.CREATED,
                FeedbackResult.Outcome.REPLACED,
                FeedbackResult.Outcome.UNCHANGED,
                FeedbackResult.Outcome.STALE);
        assertThat(outcomes).filteredOn(o -> o == FeedbackResult.Outcome.CREATED).hasSize(1);
        assertThat(outcomes)
            .filteredOn(o -> o == FeedbackResult.Outcome.REPLACED)
            .hasSizeLessThanOrEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Session ids order a stream, and feedback ids break a retention cap's ties of creation
   * time, by Unicode code point, as a database's binary collation and MongoDB compare
   * strings: U+FFFD before U+1F600, which {@link String#compareTo} (UTF-16 units) puts
   * first.
   */
  @Test
  public void streamOrderAndTheCapsTiesFollowCodePoints() {
    String replacement = "\uFFFD";
    String grinning = "\uD83D\uDE00";
    add(grinning, feedback("b", Rating.UP, T0));
    add(replacement, feedback("a", Rating.UP, T0));
    assertThat(ids(FeedbackQuery.all())).containsExactly("a", "b");
    assertThat(ids(FeedbackQuery.builder().sessionIds(List.of(grinning, replacement)).build()))
        .containsExactly("a", "b");
    try (FeedbackStore capped = newCappedStore(1)) {
      capped.append("s1", feedback(grinning, Rating.UP, T0), UnknownSessionPolicy.CREATE);
      FeedbackResult tie =
          capped.append("s1", feedback(replacement, Rating.UP, T0), UnknownSessionPolicy.CREATE);
      assertThat(tie.outcome()).isEqualTo(FeedbackResult.Outcome.TRIMMED);
      assertThat(capped.list("s1")).extracting(Feedback::id).containsExactly(grinning);
    }
  }

  @Test
  public void retentionCapKeepsTheNewestAndAReplayedTrimmedFeedbackEvictsNothing() {
    try (FeedbackStore capped = newCappedStore(3)) {
      for (int i = 0; i < 3; i++) {
        assertThat(
                capped
                    .append(
                        "s1",
                        feedback("f" + i, Rating.UP, T0.plusSeconds(i)),
                        UnknownSessionPolicy.CREATE)
                    .outcome())
            .isEqualTo(FeedbackResult.Outcome.CREATED);
      }
      assertThat(
              capped
                  .append(
                      "s1",
                      feedback("f3", Rating.UP, T0.plusSeconds(3)),
                      UnknownSessionPolicy.CREATE)
                  .outcome())
          .isEqualTo(FeedbackResult.Outcome.CREATED);
      assertThat(capped.list("s1")).extracting(Feedback::id).containsExactly("f1", "f2", "f3");

      // f0 was trimmed; its replay passes the duplicate guard but must not push out f1.
      FeedbackResult replay =
          capped.append("s1", feedback("f0", Rating.UP, T0), UnknownSessionPolicy.CREATE);
      assertThat(replay.outcome()).isEqualTo(FeedbackResult.Outcome.TRIMMED);
      assertThat(replay.created()).isFalse();
      assertThat(capped.list("s1")).extracting(Feedback::id).containsExactly("f1", "f2", "f3");
      // So does feedback given long ago that arrives late, and an exact tie with the oldest
      // kept whose id sorts first.
      assertThat(
              capped
                  .append(
                      "s1",
                      feedback("late", Rating.UP, T0.minusSeconds(60)),
                      UnknownSessionPolicy.CREATE)
                  .outcome())
          .isEqualTo(FeedbackResult.Outcome.TRIMMED);
      assertThat(
              capped
                  .append(
                      "s1",
                      feedback("f0b", Rating.UP, T0.plusSeconds(1)),
                      UnknownSessionPolicy.CREATE)
                  .outcome())
          .isEqualTo(FeedbackResult.Outcome.TRIMMED);
      assertThat(
              capped
                  .append(
                      "s1",
                      feedback("f2", Rating.UP, T0.plusSeconds(2)),
                      UnknownSessionPolicy.CREATE)
                  .outcome())
          .isEqualTo(FeedbackResult.Outcome.DUPLICATE);
      // Feedback newer than the oldest kept is stored in creation order, the oldest dropped.
      assertThat(
              capped
                  .append(
                      "s1",
                      feedback("f1b", Rating.DOWN, T0.plusMillis(1_500)),
                      UnknownSessionPolicy.CREATE)
                  .outcome())
          .isEqualTo(FeedbackResult.Outcome.CREATED);
      assertThat(capped.list("s1")).extracting(Feedback::id).containsExactly("f1b", "f2", "f3");
    }
  }

  @Test
  public void appendAllLargerThanTheCapReportsEachTrimmedItem() {
    try (FeedbackStore capped = newCappedStore(3)) {
      capped.append("s1", feedback("old", Rating.UP, T0), UnknownSessionPolicy.CREATE);
      List<SessionFeedback> items = new ArrayList<>();
      for (int i = 5; i >= 1; i--) { // newest first: position does not decide, age does
        items.add(new SessionFeedback("s1", feedback("b" + i, Rating.DOWN, T0.plusSeconds(i))));
      }
      items.add(new SessionFeedback("s2", feedback("other", Rating.UP, T0)));
      items.add(new SessionFeedback("s1", feedback("old", Rating.UP, T0))); // a replay
      List<AppendResult> results = capped.appendAll(items, UnknownSessionPolicy.CREATE);
      assertThat(results)
          .extracting(r -> r.result().outcome())
          .containsExactly(
              FeedbackResult.Outcome.CREATED,
              FeedbackResult.Outcome.CREATED,
              FeedbackResult.Outcome.CREATED,
              FeedbackResult.Outcome.TRIMMED,
              FeedbackResult.Outcome.TRIMMED,
              FeedbackResult.Outcome.CREATED,
              FeedbackResult.Outcome.TRIMMED);
      assertThat(capped.list("s1")).extracting(Feedback::id).containsExactly("b3", "b4", "b5");
      assertThat(capped.list("s2")).extracting(Feedback::id).containsExactly("other");

      // The whole batch again: what is held is a duplicate, what was trimmed stays trimmed.
      assertThat(capped.appendAll(items, UnknownSessionPolicy.CREATE))
          .extracting(r -> r.result().outcome())
          .containsExactly(
              FeedbackResult.Outcome.DUPLICATE,
              FeedbackResult.Outcome.DUPLICATE,
              FeedbackResult.Outcome.DUPLICATE,
              FeedbackResult.Outcome.TRIMMED,
              FeedbackResult.Outcome.TRIMMED,
              FeedbackResult.Outcome.DUPLICATE,
              FeedbackResult.Outcome.TRIMMED);
      assertThat(capped.list("s1")).extracting(Feedback::id).containsExactly("b3", "b4", "b5");
    }
  }

  @Test
  public void appendAllStoresEachItemInOrderAndReportsEachOutcome() {
    add("s1", feedback("old", Rating.UP, T0));
    List<SessionFeedback> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(new SessionFeedback("s" + i % 3, feedback("b" + i, Rating.DOWN, T0)));
    }
    items.add(5, new SessionFeedback("s1", feedback("old", Rating.UP, T0)));
    items.add(new SessionFeedback("s2", feedback("b2", Rating.DOWN, T0))); // repeated
    List<AppendResult> results = store.appendAll(items, UnknownSessionPolicy.CREATE);
    assertThat(results).hasSize(items.size());
    for (int i = 0; i < items.size(); i++) {
      AppendResult r = results.get(i);
      assertThat(r.failure()).as("item %d", i).isNull();
      boolean repeat = i == 5 || i == items.size() - 1;
      assertThat(r.result().outcome())
          .as("item %d", i)
          .isEqualTo(repeat ? FeedbackResult.Outcome.DUPLICATE : FeedbackResult.Outcome.CREATED);
      assertThat(r.result().feedback()).isEqualTo(items.get(i).feedback());
    }
    // Each session's items landed in the order given, after what it held.
    assertThat(store.list("s1"))
        .extracting(Feedback::id)
        .containsExactly("old", "b1", "b4", "b7", "b10", "b13", "b16", "b19", "b22", "b25", "b28");
    assertThat(store.list("s2")).extracting(Feedback::id).startsWith("b2", "b5", "b8").hasSize(10);
  }

  @Test
  public void appendAllReportsRefusedSessionsPerItemAndStoresTheRest() {
    add("known", feedback("k", Rating.UP, T0));
    List<AppendResult> results =
        store.appendAll(
            List.of(
                new SessionFeedback("known", feedback("a", Rating.UP, T0)),
                new SessionFeedback("unknown", feedback("b", Rating.UP, T0)),
                new SessionFeedback("known", feedback("c", Rating.UP, T0))),
            UnknownSessionPolicy.REFUSE);
    assertThat(results.get(0).result().created()).isTrue();
    assertThat(results.get(1).failure()).isInstanceOf(SessionNotFoundException.class);
    assertThat(results.get(1).maybeStored()).isFalse();
    assertThat(results.get(2).result().created()).isTrue();
    assertThat(store.list("known")).extracting(Feedback::id).containsExactly("k", "a", "c");
    assertThat(store.list("unknown")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------
  // Session counts (FeedbackResult.counts)

  /** Counts of up, down, neutral and all feedback. */
  protected static SessionCounts counts(long up, long down, long neutral, long total) {
    return new SessionCounts(up, down, neutral, total);
  }

  @Test
  public void appendsCountEachFeedbackOnceAndDuplicatesNothing() {
    assertThat(add("s1", feedback("a", Rating.UP, T0)).counts()).isEqualTo(counts(1, 0, 0, 1));
    assertThat(add("s1", feedback("b", Rating.DOWN, T0)).counts()).isEqualTo(counts(1, 1, 0, 2));
    FeedbackResult replay = add("s1", feedback("b", Rating.DOWN, T0));
    assertThat(replay.outcome()).isEqualTo(FeedbackResult.Outcome.DUPLICATE);
    assertThat(replay.counts()).isEqualTo(counts(1, 1, 0, 2));
    assertThat(add("s1", feedback("c", Rating.NEUTRAL, T0)).counts()).isEqualTo(counts(1, 1, 1, 3));
    Feedback scoreOnly =
        Feedback.builder().id("d").score(4, Scale.STARS_5).comment("").createdAt(T0).build();
    FeedbackResult unrated = add("s1", scoreOnly);
    assertThat(unrated.counts()).isEqualTo(counts(1, 1, 1, 4));
    assertThat(unrated.counts().count(null)).isEqualTo(1);
    assertThat(add("s2", feedback("a", Rating.DOWN, T0)).counts()).isEqualTo(counts(0, 1, 0, 1));
    assertThat(
            store
                .append("s1", feedback("e", Rating.DOWN, T0), UnknownSessionPolicy.REFUSE)
                .counts())
        .isEqualTo(counts(1, 2, 1, 5));
  }

  @Test
  public void aChangedVoteMovesItsCountAndAnUnchangedOrStaleVoteMovesNothing() {
    FeedbackManager votes = votes();
    add("s1", feedback("bystander", Rating.DOWN, T0));
    assertThat(votes.addFeedback("s1", vote("u", Rating.UP, "", T0)).counts())
        .isEqualTo(counts(1, 1, 0, 2));
    FeedbackResult changed =
        votes.addFeedback("s1", vote("u", Rating.DOWN, "", T0.plusSeconds(10)));
    assertThat(changed.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(changed.counts()).isEqualTo(counts(0, 2, 0, 2));
    FeedbackResult same = votes.addFeedback("s1", vote("u", Rating.DOWN, "", T0.plusSeconds(20)));
    assertThat(same.outcome()).isEqualTo(FeedbackResult.Outcome.UNCHANGED);
    assertThat(same.counts()).isEqualTo(counts(0, 2, 0, 2));
    FeedbackResult stale = votes.addFeedback("s1", vote("u", Rating.UP, "", T0.plusSeconds(5)));
    assertThat(stale.outcome()).isEqualTo(FeedbackResult.Outcome.STALE);
    assertThat(stale.counts()).isEqualTo(counts(0, 2, 0, 2));
    FeedbackResult neutral =
        votes.addFeedback("s1", vote("u", Rating.NEUTRAL, "", T0.plusSeconds(30)));
    assertThat(neutral.counts()).isEqualTo(counts(0, 1, 1, 2));
  }

  @Test
  public void replaceMovesTheCountOfAChangedRating() {
    add("s1", feedback("a", Rating.DOWN, T0));
    add("s1", feedback("b", Rating.DOWN, T0));
    FeedbackResult r = store.replace("s1", feedback("a", Rating.UP, T0));
    assertThat(r.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(r.counts()).isEqualTo(counts(1, 1, 0, 2));
    assertThat(store.replace("s1", feedback("b", Rating.DOWN, T0)).counts())
        .isEqualTo(counts(1, 1, 0, 2));
  }

  @Test
  public void replaceReportsTheRatingItReplaced() {
    add("s1", feedback("a", Rating.UP, T0));
    add("s1", feedback("b", Rating.DOWN, T0));
    add("s1", Feedback.builder().id("c").score(4, Scale.STARS_5).comment("").createdAt(T0).build());

    FeedbackResult upToDown = store.replace("s1", feedback("a", Rating.DOWN, T0));
    assertThat(upToDown.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(upToDown.previousRating()).isEqualTo(Rating.UP);
    assertThat(upToDown.counts()).isEqualTo(counts(0, 2, 0, 3));

    // A comment fix of a DOWN that stays DOWN: as many DOWN as before.
    FeedbackResult stillDown =
        store.replace("s1", feedback("b", Rating.DOWN, T0).toBuilder().comment("fixed").build());
    assertThat(stillDown.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(stillDown.previousRating()).isEqualTo(Rating.DOWN);
    assertThat(stillDown.counts()).isEqualTo(counts(0, 2, 0, 3));

    FeedbackResult wasUnrated = store.replace("s1", feedback("c", Rating.DOWN, T0));
    assertThat(wasUnrated.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(wasUnrated.previousRating()).isNull();
    assertThat(wasUnrated.counts()).isEqualTo(counts(0, 3, 0, 3));

    // What the store held just before each call: the rating the last replacement wrote.
    assertThat(store.replace("s1", feedback("a", Rating.NEUTRAL, T0)).previousRating())
        .isEqualTo(Rating.DOWN);
    assertThat(store.replace("s1", feedback("zz", Rating.DOWN, T0)).previousRating()).isNull();
    assertThat(add("s1", feedback("d", Rating.UP, T0)).previousRating()).isNull();
    assertThat(add("s1", feedback("d", Rating.UP, T0)).previousRating()).isNull();

    try (FeedbackStore capped = newCappedStore(3)) {
      capped.append("s1", feedback("a", Rating.UP, T0), UnknownSessionPolicy.CREATE);
      assertThat(capped.replace("s1", feedback("a", Rating.DOWN, T0)).previousRating())
          .isEqualTo(Rating.UP);
    }
  }

  @Test
  public void replaceVoteReportsTheRatingItReplaced() {
    FeedbackManager votes = votes();
    votes.addFeedback("s1", vote("u", Rating.UP, "", T0));

    FeedbackResult upToDown =
        votes.addFeedback("s1", vote("u", Rating.DOWN, "", T0.plusSeconds(10)));
    assertThat(upToDown.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(upToDown.previousRating()).isEqualTo(Rating.UP);

    FeedbackResult stillDown =
        votes.addFeedback("s1", vote("u", Rating.DOWN, "wrong answer", T0.plusSeconds(20)));
    assertThat(stillDown.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(stillDown.previousRating()).isEqualTo(Rating.DOWN);
    assertThat(stillDown.counts()).isEqualTo(counts(0, 1, 0, 1));

    // An unchanged or a stale vote replaced nothing.
    FeedbackResult same =
        votes.addFeedback("s1", vote("u", Rating.DOWN, "wrong answer", T0.plusSeconds(30)));
    assertThat(same.outcome()).isEqualTo(FeedbackResult.Outcome.UNCHANGED);
    assertThat(same.previousRating()).isNull();
    FeedbackResult stale = votes.addFeedback("s1", vote("u", Rating.UP, "", T0.plusSeconds(5)));
    assertThat(stale.outcome()).isEqualTo(FeedbackResult.Outcome.STALE);
    assertThat(stale.previousRating()).isNull();

    // Through the SPI: a vote that had no rating, only a score.
    String id = Feedback.voteId("w", "m1");
    add(
        "s1",
        Feedback.builder()
            .id(id)
            .userId("w")
            .messageId("m1")
            .score(2, Scale.STARS_5)
            .comment("")
            .createdAt(T0)
            .build());
    FeedbackResult wasUnrated =
        store.replaceVote(
            "s1", vote("w", Rating.DOWN, "", T0.plusSeconds(1)).toBuilder().id(id).build());
    assertThat(wasUnrated.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(wasUnrated.previousRating()).isNull();
    assertThat(wasUnrated.counts()).isEqualTo(counts(0, 2, 0, 2));
    FeedbackResult rated =
        store.replaceVote(
            "s1", vote("w", Rating.UP, "", T0.plusSeconds(2)).toBuilder().id(id).build());
    assertThat(rated.previousRating()).isEqualTo(Rating.DOWN);

    try (FeedbackStore capped = newCappedStore(3)) {
      FeedbackManager cappedVotes =
          FeedbackManager.builder().store(capped).oneVotePerUserAndMessage(true).build();
      cappedVotes.addFeedback("s1", vote("u", Rating.UP, "", T0));
      assertThat(
              cappedVotes
                  .addFeedback("s1", vote("u", Rating.DOWN, "", T0.plusSeconds(1)))
                  .previousRating())
          .isEqualTo(Rating.UP);
    }
  }

  @Test
  public void deletesAndErasuresAreUncountedByTheNextWrite() {
    add("s1", feedback("a", Rating.DOWN, T0));
    add("s1", feedback("b", Rating.DOWN, T0).toBuilder().userId("gone").build());
    add("s1", feedback("c", Rating.UP, T0).toBuilder().userId("gone").build());
    add("s1", feedback("d", Rating.DOWN, T0));
    add("s2", feedback("x", Rating.DOWN, T0).toBuilder().userId("gone").build());
    assertThat(store.delete("s1", "a")).isTrue();
    assertThat(add("s1", feedback("e", Rating.NEUTRAL, T0)).counts()).isEqualTo(counts(1, 2, 1, 4));
    assertThat(store.eraseUser("gone")).isEqualTo(3);
    assertThat(add("s1", feedback("f", Rating.DOWN, T0)).counts()).isEqualTo(counts(0, 2, 1, 3));
    assertThat(add("s2", feedback("y", Rating.UP, T0)).counts()).isEqualTo(counts(1, 0, 0, 1));
    add("s1", feedback("g", Rating.UP, T0).toBuilder().userId("again").build());
    assertThat(store.eraseUser("s1", "again")).isEqualTo(1);
    assertThat(add("s1", feedback("h", Rating.UP, T0)).counts()).isEqualTo(counts(1, 2, 1, 4));
    assertThat(store.replace("s1", feedback("h", Rating.DOWN, T0)).counts())
        .isEqualTo(counts(0, 3, 1, 4));
  }

  @Test
  public void theRetentionCapUncountsWhatItDrops() {
    try (FeedbackStore capped = newCappedStore(2)) {
      FeedbackResult first =
          capped.append("s", feedback("a", Rating.DOWN, T0), UnknownSessionPolicy.CREATE);
      assertThat(first.counts()).isEqualTo(counts(0, 1, 0, 1));
      capped.append(
          "s", feedback("b", Rating.DOWN, T0.plusSeconds(1)), UnknownSessionPolicy.CREATE);
      FeedbackResult third =
          capped.append(
              "s", feedback("c", Rating.UP, T0.plusSeconds(2)), UnknownSessionPolicy.CREATE);
      assertThat(third.counts()).isEqualTo(counts(1, 1, 0, 2)); // "a" dropped
      FeedbackResult replay =
          capped.append("s", feedback("a", Rating.DOWN, T0), UnknownSessionPolicy.CREATE);
      assertThat(replay.outcome()).isEqualTo(FeedbackResult.Outcome.TRIMMED);
      assertThat(replay.counts()).isEqualTo(counts(1, 1, 0, 2));
      FeedbackResult vote = capped.replace("s", feedback("b", Rating.NEUTRAL, T0));
      assertThat(vote.counts()).isEqualTo(counts(1, 0, 1, 2));
    }
  }

  @Test
  public void concurrentAppendsToOneSessionAreCountedOneAfterAnother() throws Exception {
    int threads = 8;
    int perThread = Math.max(5, appendsPerThread() / 40);
    List<FeedbackResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    Rating rating = i % 3 == 0 ? Rating.UP : Rating.DOWN;
                    results.add(add("hot", feedback(thread + "-" + i, rating, T0)));
                    results.add(add("hot", feedback(thread + "-" + i, rating, T0))); // replay
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int n = threads * perThread;
    // Each created feedback saw its own, distinct total: the writes were counted in turn.
    assertThat(
            results.stream()
                .filter(FeedbackResult::created)
                .map(r -> r.counts().total())
                .collect(Collectors.toSet()))
        .hasSize(n)
        .allMatch(total -> total >= 1 && total <= n);
    assertThat(
            results.stream()
                .filter(r -> r.created() && r.feedback().rating() == Rating.DOWN)
                .map(r -> r.counts().down())
                .collect(Collectors.toSet()))
        .hasSize(n - threads * ((perThread + 2) / 3));
    long ups = (long) threads * ((perThread + 2) / 3);
    assertThat(add("hot", feedback("last", Rating.NEUTRAL, T0)).counts())
        .isEqualTo(counts(ups, n - ups, 1, n + 1L));
  }
}
