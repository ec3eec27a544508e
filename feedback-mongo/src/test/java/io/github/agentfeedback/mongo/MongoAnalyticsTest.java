package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.mongodb.ReadPreference;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.StopWords;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.ReferenceFold;
import io.github.agentfeedback.tck.AnalyticsFixtures;
import io.github.agentfeedback.tck.RandomFeedback;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@link MongoFeedbackStore#analyze} asks of the server and what travels back, its
 * figures on documents other tools wrote, and its failures.
 */
class MongoAnalyticsTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** Slack for a loaded CI machine; the bound is the timeout, not a performance target. */
  private static final Duration MARGIN = Duration.ofMillis(1500);

  @Test
  void analyzeIsOneAggregationThatNeverSortsMayUseDiskAndReturnsOnlyGroups() {
    CommandRecorder commands = new CommandRecorder();
    MongoFeedbackStore store =
        MongoFeedbackStore.builder()
            .client(mongo.newClient(commands))
            .database(mongo.newDatabaseName())
            .readPreference(ReadPreference.secondaryPreferred())
            .build();
    AnalyticsFixtures.problems(store);
    commands.clear();

    AnalyticsResult result =
        store.analyze(
            AnalyticsRequest.builder(FeedbackQuery.all())
                .breakdown(Breakdown.of(GroupKey.message()).top(Rating.DOWN, 2))
                .breakdown(Breakdown.of(GroupKey.tag()))
                .breakdown(Breakdown.of(GroupKey.metadata("variant")).only(List.of("A")))
                .breakdown(
                    Breakdown.of(GroupKey.period(Granularity.ISO_WEEK, ZoneId.of("Asia/Tokyo"))))
                .pairwise(GroupKey.model())
                .terms(
                    AnalyticsRequest.TermSpec.builder()
                        .stopWords(StopWords.english())
                        .phrases(true)
                        .minCount(1)
                        .build())
                .build());

    assertThat(result.total().total()).isEqualTo(18);
    assertThat(commands.commands()).containsExactly("aggregate");
    BsonDocument aggregate = commands.documents().get(0);
    assertThat(aggregate.getBoolean("allowDiskUse").getValue()).isTrue();
    assertThat(aggregate.containsKey("maxTimeMS")).isTrue();
    assertThat(aggregate.getDocument("$readPreference").getString("mode").getValue())
        .isEqualTo("secondaryPreferred");
    assertThat(aggregate.getArray("pipeline"))
        .noneMatch(stage -> stage.asDocument().containsKey("$sort"));
    // Groups, not feedback: each reply document is one group's sums and score list.
    BsonArray groups = commands.replies().get(0).getDocument("cursor").getArray("firstBatch");
    assertThat(groups)
        .isNotEmpty()
        .allSatisfy(
            group -> {
              assertThat(group.asDocument().keySet()).doesNotContain("feedbacks", "comment", "id");
              assertThat(group.asDocument().getDocument("_id").keySet()).containsExactly("b", "k");
            });
    // 18 feedbacks: 7 messages (with "no message"), 3 tags (with "no tag"), 3 variants, 2
    // weeks, 14 distinct negative comments.
    assertThat(groups.size()).isLessThan(50);
  }

  @Test
  void continuousScoresReturnOneDocumentPerGroupNotPerScore() {
    CommandRecorder commands = new CommandRecorder();
    MongoFeedbackStore store =
        MongoFeedbackStore.builder()
            .client(mongo.newClient(commands))
            .database(mongo.newDatabaseName())
            .build();
    Scale judge = Scale.of("judge", 0, 1);
    List<SessionFeedback> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      // 1,000 distinct scores, by 10 users over 96 hours; every third has no rating.
      Feedback.Builder f =
          Feedback.builder()
              .id("f" + i)
              .userId("user-" + i % 10)
              .createdAt(AnalyticsFixtures.MONDAY.plus(Duration.ofHours(i % 96)))
              .score(i / 1000.0, judge);
      if (i % 3 > 0) {
        f.rating(Rating.values()[i % 3]);
      }
      batch.add(new SessionFeedback("s", f.build()));
    }
    store.appendAll(batch, UnknownSessionPolicy.CREATE);
    AnalyticsRequest request =
        AnalyticsRequest.builder(FeedbackQuery.all())
            .breakdown(Breakdown.of(GroupKey.user()))
            .breakdown(Breakdown.of(GroupKey.period(Granularity.DAY)))
            .breakdown(Breakdown.of(GroupKey.tag()))
            .build();
    commands.clear();

    AnalyticsResult result = store.analyze(request);

    // 10 users, 5 days (Monday 10:00 to Friday 09:00 UTC) and "no tag": 16 documents,
    // however many distinct scores there are (one per group and score before).
    long documents =
        commands.replies().stream()
            .mapToLong(
                reply -> {
                  BsonDocument cursor = reply.getDocument("cursor", new BsonDocument());
                  return cursor
                      .getArray("firstBatch", cursor.getArray("nextBatch", new BsonArray()))
                      .size();
                })
            .sum();
    assertThat(documents).isEqualTo(16);
    assertThat(result).isEqualTo(ReferenceFold.run(store, request));
    assertThat(result.total().scores().get("judge")).hasSize(1_000);
    assertThat(result.total().unrated()).isEqualTo(334);
  }

  @Test
  void documentsOtherToolsWroteCountAsTheFoldOfTheStreamCountsThem() {
    MongoFeedbackStore store = TestStores.fresh(mongo).build();
    store.append(
        "ours",
        RandomFeedback.builder().seed(3).build().get(0).feedback(),
        UnknownSessionPolicy.CREATE);
    mongo
        .client()
        .getDatabase(databaseOf(store))
        .getCollection("sessions", BsonDocument.class)
        .insertMany(foreignSessions());

    ZoneId madrid = ZoneId.of("Europe/Madrid");
    for (FeedbackQuery query :
        List.of(
            FeedbackQuery.all(),
            FeedbackQuery.builder().rating(Rating.NEUTRAL).build(),
            FeedbackQuery.builder().metadata("variant", "A").build())) {
      for (String sentiment : List.of("sentiment", "_score")) {
        AnalyticsRequest request =
            AnalyticsRequest.builder(query)
                .breakdown(Breakdown.of(GroupKey.metadata("variant")))
                .breakdown(Breakdown.of(GroupKey.tag()))
                .breakdown(Breakdown.of(GroupKey.user()))
                .breakdown(Breakdown.of(GroupKey.message()))
                .breakdown(Breakdown.of(GroupKey.session()))
                .breakdown(Breakdown.of(GroupKey.modelVersion()))
                .breakdown(Breakdown.of(GroupKey.source()))
                .breakdown(Breakdown.of(GroupKey.reviewStatus()))
                .breakdown(Breakdown.of(GroupKey.period(Granularity.DAY, madrid)))
                .breakdown(
                    Breakdown.of(GroupKey.period(Granularity.ISO_WEEK, ZoneOffset.ofHours(-10))))
                .breakdown(Breakdown.of(GroupKey.period(Granularity.HOUR_OF_DAY)))
                .pairwise(GroupKey.model())
                .terms(
                    AnalyticsRequest.TermSpec.builder()
                        .stopWords(StopWords.english())
                        .phrases(true)
                        .minCount(1)
                        .build())
                .sentimentAttribute(sentiment)
                .build();
        assertThat(store.analyze(request))
            .as("%s, sentiment %s", query, sentiment)
            .isEqualTo(ReferenceFold.run(store, request));
      }
    }
    AnalyticsResult all =
        store.analyze(
            AnalyticsRequest.builder(FeedbackQuery.all())
                .breakdown(Breakdown.of(GroupKey.period(Granularity.DAY)))
                .build());
    // Every foreign feedback counts, including those with odd or no creation times; u1 and
    // u4 have a readable score and no rating key: no rating; u2, u3 and u6 are neutral.
    assertThat(all.total().total()).isEqualTo(20);
    assertThat(all.total().unrated()).isEqualTo(2);
    assertThat(all.breakdowns().get(0).buckets())
        .extracting(AnalyticsResult.Bucket::key)
        .contains(null, "0001-01-01", "2025-12-31", "9999-12-31");
  }

  @Test
  void analyzeFailsWithinTheOperationTimeoutWhenTheServerStopsAnswering() throws Exception {
    try (MongoTestServer server = MongoTestServer.startEmbedded();
        StallingProxy proxy = new StallingProxy(server.port())) {
      MongoFeedbackStore store =
          MongoFeedbackStore.builder()
              .client(server.newClient(proxy.connectionString(), new CommandRecorder()))
              .database("chat")
              .operationTimeout(TIMEOUT)
              .build();
      AnalyticsFixtures.summary(store);
      AnalyticsRequest request =
          AnalyticsRequest.builder(FeedbackQuery.all())
              .breakdown(Breakdown.of(GroupKey.session()))
              .build();
      assertThat(store.analyze(request).total().total()).isEqualTo(12);

      proxy.stall();
      long start = System.nanoTime();
      FeedbackStoreException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20),
              () ->
                  catchThrowableOfType(FeedbackStoreException.class, () -> store.analyze(request)),
              "analyze hung");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(MARGIN));
      assertThat(e).isNotNull().hasMessageContaining("operation timeout of 500 ms");
      assertThat(e.operation()).isEqualTo("analyze");
      assertThat(e.retrySafe()).isTrue();
    }
  }

  @Test
  void aNullRequestIsRefusedByName() {
    MongoFeedbackStore store = TestStores.fresh(mongo).build();
    assertThatThrownBy(() -> store.analyze(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("request");
  }

  /**
   * Sessions as other writers leave them: the Python library's feedback without id and
   * with a null rating, creation times as text, as BSON timestamps and near or beyond the
   * model's years, ids stored as numbers, ObjectIds and UUIDs, odd metadata values, tags,
   * dimensions, scores, sentiment values and comparisons the model reads in part or not
   * at all, and a {@code feedbacks} that is no array.
   */
  private static List<BsonDocument> foreignSessions() {
    List<BsonDocument> sessions = new ArrayList<>();
    sessions.add(
        BsonDocument.parse(
            """
        {_id: 'py-1', session_id: 'py-1', metadata: {variant: 'A'}, feedbacks: [
          {rating: 'up', comment: 'Great', created_at: {$date: '2025-12-31T23:30:00Z'},
           _validated_at: {$date: '2025-12-31T23:30:01Z'}, sentiment: 0.25},
          {rating: null, comment: 'meh', created_at: '2026-01-01T00:30:00+01:00',
           sentiment: {$numberDecimal: '-0.5'}},
          {rating: 'neutral', comment: 12, created_at: '2025-12-31 22:00:00',
           user_id: NumberLong(42), sentiment: 'bad'},
          {rating: 'down', comment: 'Timeout on checkout', created_at: {$timestamp: {t: 1767225600, i: 1}},
           user_id: {$oid: '65f1c2a4b9e77a1d2c3b4a59'}, message_id: 7,
           tags: ['checkout', 5, '', 'billing'],
           dimensions: {accuracy: 4.0, clarity: NumberLong(2), safety: 7, tone: 3, relevance: '5'},
           score: {value: 9, scale: 'nps'}, _score: NumberInt(1)}
        ]}
        """));
    sessions.add(
        BsonDocument.parse(
            """
        {_id: 'py-2', metadata: {variant: {$numberDecimal: '3.0'}, other: 1}, feedbacks: [
          {id: 'p2', rating: 'down', comment: 'not working 😀', created_at: {$date: '0001-01-01T05:00:00Z'},
           user_id: {$binary: {base64: 'ASNFZ4mrze8BI0VniavN7w==', subType: '04'}},
           score: {value: 11, scale: 'nps'}, tags: 'checkout', dimensions: [{accuracy: 3}],
           sentiment: NaN, model: {name: 'gpt-4o', version: '1'}, source: 'End User',
           review: {status: 'done'}},
          {id: 'p3', rating: 'DOWN', comment: 'slow', created_at: {$date: '9999-12-31T20:00:00Z'},
           score: {value: 0.5, scale: 'ratio', min: 0, max: 1}, model: {name: ''},
           source: 'llm_judge', review: {status: 'approved', by: '', at: 'yesterday'},
           comparison: {a: {model: {name: 'gpt-4o'}}, b: {model: {name: 'claude'}}, preference: 'b'}},
          {id: 'p4', rating: 'down', comment: '', created_at: {$date: {$numberLong: '253402300800000'}},
           score: {value: 3, scale: 'custom'}, model: 'gpt-4o',
           comparison: {a: {model: {name: 'gpt-4o'}}, b: {response_id: 'r-1'}, preference: 'tie'}},
          {id: 'p5', rating: 'up', comment: 'no date', model: {name: 'claude', version: 3},
           comparison: {a: {model: {name: 'claude'}}, b: {model: {name: 'claude'}}, preference: 'a'}},
          {id: 'p6', rating: 'up', created_at: {$date: '2026-03-29T01:30:00Z'}, tags: [],
           comparison: {a: {model: {name: 'gpt-4o'}}, b: {model: {name: 'claude'}}, preference: 'none'}},
          'not a feedback'
        ]}
        """));
    sessions.add(
        BsonDocument.parse(
            """
        {_id: 7, metadata: {variant: 'A'}, feedbacks: [
          {id: 'n1', rating: 'up', comment: 'numeric session', created_at: {$date: '2026-03-29T00:30:00Z'}},
          {id: 'n2', rating: 'down', comment: 'checkout page timeout', created_at: {$date: '2026-03-29T00:30:00Z'},
           sentiment: -1}
        ]}
        """));
    sessions.add(
        BsonDocument.parse(
            """
        {_id: 'unrated', metadata: {variant: 'B'}, feedbacks: [
          {id: 'u1', comment: 'survey', score: {value: 9, scale: 'nps'},
           created_at: {$date: '2026-03-29T01:30:00Z'}},
          {id: 'u2', comment: 'out of bounds', score: {value: 12, scale: 'nps'}},
          {id: 'u3', comment: 'neither rating nor score'},
          {id: 'u4', score: {value: 0.7, scale: 'judge', min: 0, max: 1}, tags: ['ux']},
          {id: 'u5', rating: null, score: {value: 3, scale: 'csat'}},
          {id: 'u6', score: 'nine'}
        ]}
        """));
    sessions.add(BsonDocument.parse("{_id: 'odd', metadata: 'none', feedbacks: {id: 'x'}}"));
    sessions.add(BsonDocument.parse("{_id: 'none', metadata: {variant: 'B'}, feedbacks: null}"));
    sessions.add(
        BsonDocument.parse(
            """
        {_id: 'listed', metadata: [{variant: 'A'}], feedbacks: [
          {id: 'l1', rating: 'up', comment: '', created_at: {$date: '2026-02-01T12:00:00Z'},
           sentiment: 1.0000001, tags: ['  ', 'ux']},
          {id: 'l2', rating: 'down', comment: 'Checkout page timeout again',
           created_at: {$date: {$numberLong: '253402300800000'}}}
        ]}
        """));
    return sessions;
  }

  private static String databaseOf(MongoFeedbackStore store) {
    String name = store.toString(); // MongoFeedbackStore[<database>.<collection>]
    return name.substring(name.indexOf('[') + 1, name.indexOf('.'));
  }
}
