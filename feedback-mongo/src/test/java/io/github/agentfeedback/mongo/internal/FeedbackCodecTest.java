package io.github.agentfeedback.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonMaxKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.codecs.EncoderContext;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** Reading stored feedback never fails, whatever other writers put there. */
class FeedbackCodecTest {

  private final FeedbackCodec codec = new FeedbackCodec();

  private Feedback read(BsonDocument doc) {
    return codec.decode(doc);
  }

  private BsonDocument write(Feedback f) {
    BsonDocument doc = new BsonDocument();
    codec.encode(new BsonDocumentWriter(doc), f, EncoderContext.builder().build());
    return doc;
  }

  @Test
  void writesTheSharedShapeAndReadsItBack() {
    Feedback f =
        Feedback.builder()
            .id("a")
            .rating(Rating.UP)
            .comment("c")
            .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
            .score(0.5, Scale.of("ratio", 0, 1))
            .dimension(Dimension.SAFETY, 5)
            .attribute("sentiment", 0.25)
            .build();
    BsonDocument doc = write(f);
    assertThat(doc.keySet())
        .containsExactly(
            "id", "rating", "comment", "created_at", "score", "dimensions", "sentiment");
    assertThat(doc.getDocument("score"))
        .isEqualTo(
            new BsonDocument("value", new BsonDouble(0.5))
                .append("scale", new BsonString("ratio"))
                .append("min", new BsonDouble(0))
                .append("max", new BsonDouble(1)));
    assertThat(doc.getDocument("dimensions"))
        .isEqualTo(new BsonDocument("safety", new BsonInt32(5)));
    assertThat(read(doc)).isEqualTo(f);
  }

  @Test
  void unknownBsonTypesBecomeTheNearestModelValue() {
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    BsonDocument doc =
        new BsonDocument("rating", new BsonString("down"))
            .append("comment", new BsonString("x"))
            .append("oid", new BsonObjectId(new ObjectId("65a1b2c3d4e5f60718293a4b")))
            .append("dec", new BsonDecimal128(new Decimal128(new BigDecimal("1.25"))))
            .append("dec_nan", new BsonDecimal128(Decimal128.NaN))
            .append("nan", new BsonDouble(Double.NaN))
            .append("bin", new BsonBinary(new byte[] {1, 2, 3}))
            .append("uuid", new BsonBinary(uuid))
            .append("ts", new BsonTimestamp(1_700_000_000, 1))
            .append("re", new BsonRegularExpression("^a", "i"))
            .append("null", BsonNull.VALUE)
            .append("undef", new BsonUndefined())
            .append("max", new BsonMaxKey())
            .append(
                "list", new BsonArray(List.of(new BsonInt32(1), BsonNull.VALUE, new BsonInt64(2))))
            .append(
                "map",
                new BsonDocument("ok", BsonBoolean.TRUE)
                    .append("$bad", new BsonInt32(1))
                    .append("a.b", new BsonInt32(2))
                    .append("none", BsonNull.VALUE))
            .append("$op", new BsonString("dropped"))
            .append("", new BsonString("dropped"));
    Feedback f = read(doc);
    assertThat(f.id()).isNull();
    assertThat(f.rating()).isEqualTo(Rating.DOWN);
    assertThat(f.attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "oid",
                "65a1b2c3d4e5f60718293a4b",
                "dec",
                1.25,
                "dec_nan",
                "NaN",
                "nan",
                "NaN",
                "bin",
                "AQID",
                "uuid",
                uuid.toString(),
                "ts",
                Instant.ofEpochSecond(1_700_000_000),
                "re",
                "/^a/i",
                "list",
                List.of(1, 2L),
                "map",
                Map.of("ok", true)));
  }

  @Test
  void brokenKnownFieldsAreDroppedNotFatal() {
    BsonDocument doc =
        new BsonDocument("id", new BsonString(" "))
            .append("rating", new BsonString("meh"))
            .append("comment", new BsonInt32(5))
            .append("created_at", new BsonString("not a date"))
            .append("user_id", new BsonString("u".repeat(300)))
            .append("message_id", new BsonInt32(7))
            .append(
                "score",
                new BsonDocument("value", new BsonInt32(11))
                    .append("scale", new BsonString("stars_5")))
            .append(
                "tags",
                new BsonArray(List.of(new BsonString("ok"), new BsonInt32(1), new BsonString(""))))
            .append(
                "dimensions",
                new BsonDocument("accuracy", new BsonDouble(4.0))
                    .append("clarity", new BsonInt32(9))
                    .append("tone", new BsonInt32(3))
                    .append("safety", new BsonDouble(2.5)))
            .append("correction", new BsonInt32(1));
    Feedback f = read(doc);
    assertThat(f.id()).isNull();
    assertThat(f.rating()).isEqualTo(Rating.NEUTRAL);
    assertThat(f.comment()).isEmpty();
    assertThat(f.createdAt()).isNull();
    assertThat(f.userId()).isNull();
    assertThat(f.messageId()).isEqualTo("7");
    assertThat(f.score()).isNull();
    assertThat(f.tags()).containsExactly("ok");
    assertThat(f.dimensions()).isEqualTo(Map.of(Dimension.ACCURACY, 4));
    assertThat(f.correction()).isNull();
    assertThat(f.attributes()).isEmpty();
  }

  @Test
  void pythonTimestampsAsTextAreParsed() {
    assertThat(FeedbackCodec.parseInstant("2026-01-10T09:35:00.123456+00:00"))
        .isEqualTo(Instant.parse("2026-01-10T09:35:00.123456Z"));
    assertThat(FeedbackCodec.parseInstant("2026-01-10T09:35:00Z"))
        .isEqualTo(Instant.parse("2026-01-10T09:35:00Z"));
    assertThat(FeedbackCodec.parseInstant("2026-01-10 09:35:00"))
        .isEqualTo(Instant.parse("2026-01-10T09:35:00Z"));
    assertThat(FeedbackCodec.parseInstant("2026-01-10T11:35:00+02:00"))
        .isEqualTo(Instant.parse("2026-01-10T09:35:00Z"));
    assertThat(FeedbackCodec.instant(new BsonDateTime(5))).isEqualTo(Instant.ofEpochMilli(5));
    assertThat(FeedbackCodec.parseInstant("yesterday")).isNull();
  }

  @Test
  void nestingDeeperThanTheModelAllowsBecomesJsonText() {
    BsonValue deep = new BsonInt32(1);
    for (int i = 0; i < FeedbackLimits.MAX_DEPTH + 2; i++) {
      deep = new BsonArray(List.of(deep));
    }
    Feedback f = read(new BsonDocument("deep", deep));
    Object value = f.attributes().get("deep");
    for (int i = 0; i < FeedbackLimits.MAX_DEPTH; i++) {
      assertThat(value).isInstanceOf(List.class);
      value = ((List<?>) value).get(0);
    }
    assertThat(value).isEqualTo("[[1]]");
  }

  @Test
  void ratingMapsToThePythonLibrarysKeyAndScoreOnlyFeedbackLeavesItOut() {
    assertThat(write(Feedback.neutral("")).get("rating")).isEqualTo(BsonNull.VALUE);
    assertThat(write(Feedback.up("")).getString("rating").getValue()).isEqualTo("up");
    Feedback survey = Feedback.scored(9, Scale.NPS);
    BsonDocument stored = write(survey);
    assertThat(stored.containsKey("rating")).isFalse();
    assertThat(read(stored)).isEqualTo(survey);
    // The Python library's null is neutral, with or without a score.
    assertThat(read(BsonDocument.parse("{rating: null, score: {value: 9, scale: 'nps'}}")).rating())
        .isEqualTo(Rating.NEUTRAL);
    // Without the key, feedback needs a readable score to have no rating.
    assertThat(read(BsonDocument.parse("{comment: 'x'}")).rating()).isEqualTo(Rating.NEUTRAL);
    assertThat(read(BsonDocument.parse("{score: {value: 12, scale: 'nps'}}")).rating())
        .isEqualTo(Rating.NEUTRAL);
    assertThat(
            read(BsonDocument.parse("{score: {value: 0.5, scale: 'j', min: 0, max: 1}}")).rating())
        .isNull();
  }
}
