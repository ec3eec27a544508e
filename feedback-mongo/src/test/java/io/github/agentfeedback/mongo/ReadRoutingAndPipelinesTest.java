package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.ReferenceFold;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which server each read goes to, and what the aggregations ask of it, seen in the commands
 * the driver sends.
 *
 * <p>The driver puts a non-primary read preference into each command as
 * {@code $readPreference} (also on a standalone server such as the embedded one, where it
 * changes nothing) and leaves it out for the primary; so the command shows where a read was
 * routed.
 */
class ReadRoutingAndPipelinesTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final CommandRecorder commands = new CommandRecorder();
  private String database;
  private MongoFeedbackStore store;

  @BeforeEach
  void open() {
    database = mongo.newDatabaseName();
    store =
        MongoFeedbackStore.builder()
            .client(mongo.newClient(commands))
            .database(database)
            .readPreference(ReadPreference.secondaryPreferred())
            .build();
  }

  @Test
  void aSessionsOwnReadsGoToThePrimaryAndAnalyticsFollowTheReadPreference() {
    Feedback f = Feedback.up("mine").toBuilder().id("f-1").createdAt(T0).build();
    store.append("s1", f, UnknownSessionPolicy.CREATE);
    store.updateMetadata("s1", Map.of("variant", "B"));
    commands.clear();

    assertThat(store.list("s1")).containsExactly(f);
    assertThat(store.metadata("s1")).containsEntry("variant", "B");
    assertThat(store.append("s1", f, UnknownSessionPolicy.CREATE).created()).isFalse();
    List<BsonDocument> ownReads = commands.documents();
    // The append is a findAndModify that returns the session's counts; the read that finds
    // the duplicate returns them too.
    assertThat(commands.commands()).containsExactly("find", "find", "findAndModify", "find");
    for (BsonDocument read : ownReads) {
      assertThat(readPreference(read)).as(read.toJson()).isIn("primary", null);
    }

    commands.clear();
    try (Stream<SessionFeedback> all = store.stream(FeedbackQuery.all())) {
      assertThat(all.count()).isEqualTo(1);
    }
    assertThat(store.analyze(AnalyticsRequest.builder(FeedbackQuery.all()).build()).total().total())
        .isEqualTo(1);
    assertThat(commands.commands()).containsExactly("aggregate", "aggregate");
    for (BsonDocument analytics : commands.documents()) {
      assertThat(readPreference(analytics)).isEqualTo("secondaryPreferred");
    }
  }

  @Test
  void analyticsNeverSortAndMayUseDiskWhileTheStreamSortsBySession() {
    store.append(
        "s1",
        Feedback.up("x").toBuilder().id("f-1").createdAt(T0).userId("u").build(),
        UnknownSessionPolicy.CREATE);
    for (FeedbackQuery query :
        List.of(
            FeedbackQuery.all(),
            FeedbackQuery.builder()
                .since(T0.minusSeconds(60))
                .until(T0.plusSeconds(60))
                .rating(Rating.UP)
                .userId("u")
                .metadata("variant", "B")
                .build(),
            FeedbackQuery.builder().sessionId("s1").sessionId("s2").tag("t").build())) {
      commands.clear();
      store.analyze(
          AnalyticsRequest.builder(query)
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.period(Granularity.DAY)))
              .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.tag()).top(Rating.DOWN, 3))
              .build());
      BsonDocument aggregate = commands.documents().get(0);
      assertThat(aggregate.getBoolean("allowDiskUse").getValue()).isTrue();
      assertThat(aggregate.containsKey("maxTimeMS")).isTrue();
      assertThat(stagesNamed(aggregate.getArray("pipeline"), "$sort"))
          .as(query.toString())
          .isEmpty();
      assertThat(stagesNamed(aggregate.getArray("pipeline"), "$facet"))
          .as(query.toString())
          .isEmpty();
    }

    commands.clear();
    try (Stream<SessionFeedback> all = store.stream(FeedbackQuery.all())) {
      assertThat(all.count()).isEqualTo(1);
    }
    BsonDocument aggregate = commands.documents().get(0);
    assertThat(aggregate.getBoolean("allowDiskUse").getValue()).isTrue();
    assertThat(stagesNamed(aggregate.getArray("pipeline"), "$sort"))
        .containsExactly(BsonDocument.parse("{_id: 1}"));
  }

  @Test
  void datesOutsideTheModelsYearsCountEverywhereAndInPeriodsAsNoCreationTime() {
    MongoCollection<BsonDocument> raw =
        mongo.client().getDatabase(database).getCollection("sessions", BsonDocument.class);
    BsonArray feedbacks = new BsonArray();
    // Years 10000 and -1 would fail $dateToString on MongoDB; year 0 it prints, but the
    // model's years are 1 to 9999.
    for (String at :
        List.of(
            "+10000-01-01T12:00:00Z",
            "-0001-12-31T23:00:00Z",
            "0000-06-01T00:00:00Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
            "2026-03-01T10:00:00Z")) {
      feedbacks.add(
          new BsonDocument("id", new BsonString(at))
              .append("rating", new BsonString("up"))
              .append("comment", new BsonString("c"))
              .append("created_at", new BsonDateTime(Instant.parse(at).toEpochMilli())));
    }
    raw.insertOne(new BsonDocument("_id", new BsonString("far")).append("feedbacks", feedbacks));

    AnalyticsRequest request =
        AnalyticsRequest.builder(FeedbackQuery.all())
            .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.period(Granularity.DAY)))
            .breakdown(AnalyticsRequest.Breakdown.of(GroupKey.period(Granularity.HOUR_OF_DAY)))
            .build();
    AnalyticsResult result = store.analyze(request);
    assertThat(result.total().total()).isEqualTo(6);
    assertThat(result.total().up()).isEqualTo(6);
    assertThat(result.breakdowns().get(0).buckets())
        .extracting(AnalyticsResult.Bucket::key, bucket -> bucket.tally().total())
        .containsExactly(
            tuple(null, 3L),
            tuple("0001-01-01", 1L),
            tuple("2026-03-01", 1L),
            tuple("9999-12-31", 1L));
    assertThat(store.list("far"))
        .extracting(Feedback::createdAt)
        .containsExactly(
            null,
            null,
            null,
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999Z"),
            T0);
    // The same sums as folding the stream, the way the in-memory store counts.
    assertThat(result).isEqualTo(ReferenceFold.run(store, request));
  }

  private static String readPreference(BsonDocument command) {
    BsonValue rp = command.get("$readPreference");
    return rp == null ? null : rp.asDocument().getString("mode").getValue();
  }

  /** The arguments of every stage with this name, at any depth ({@code $facet} too). */
  private static List<BsonValue> stagesNamed(BsonArray pipeline, String name) {
    List<BsonValue> found = new ArrayList<>();
    for (BsonValue stage : pipeline) {
      for (Map.Entry<String, BsonValue> e : stage.asDocument().entrySet()) {
        if (e.getKey().equals(name)) {
          found.add(e.getValue());
        } else if (e.getKey().equals("$facet")) {
          for (BsonValue sub : e.getValue().asDocument().values()) {
            found.addAll(stagesNamed(sub.asArray(), name));
          }
        }
      }
    }
    return found;
  }
}
