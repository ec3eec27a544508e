package io.github.agentfeedback.mongo.internal;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Builds the one aggregation behind {@code MongoFeedbackStore.analyze}: every sum an
 * {@link AnalyticsRequest} asks for is computed on the server, and the client receives one
 * small document per group. {@link AnalyticsRows} reads them.
 *
 * <p>The stages:
 * <ol>
 *   <li>The prefix every pipeline of the store starts with ({@link Pipelines}): select the
 *       sessions and the feedback the query selects, one document per feedback with the
 *       session's {@code _id} and the {@code metadata.<field>} values of the metadata
 *       breakdowns.
 *   <li>{@code $addFields}: the score key {@link #SCORE_KEY}, the stored score's fields and
 *       whether the feedback lacks the {@code rating} key ({@link #RATING_MISSING}).
 *   <li>{@code $project}: what the feedback adds to a {@link io.github.agentfeedback.spi.Tally}
 *       ({@link #UP} and {@link #DOWN} 0 or 1, {@link #COMMENTED}, the comment's code points,
 *       each dimension's rating packed with a count, the sentiment value times 2<sup>30</sup>),
 *       and
 *       {@link #ENTRIES}: the groups the feedback belongs to, each {@code {b, k, s}} — which
 *       part of the result ({@code "0"}, {@code "1"}, ... the breakdowns in request order;
 *       {@code "t"} the total, only when no breakdown adds up to it ({@link #totalOf});
 *       {@code "p"} a pairwise comparison; {@code "c"} a negative comment), the group's key
 *       as stored, and the score key.
 *   <li>{@code $addFields} (only when the sentiment attribute can be read): the sentiment's
 *       fixed-point parts as {@code Tally.Builder.sentiment} defines them, whole numbers
 *       computed by exact floating-point steps (a product by a power of two, a truncation,
 *       the difference of a number and its truncation), so that they equal the in-memory
 *       fold's.
 *   <li>{@code $unwind} of the entries (left out when each feedback has one entry: a
 *       summary, or one breakdown not by tag), then {@code $group} by {@code {b, k, s}}
 *       summing every figure, then {@code $group} by {@code {b, k}} summing them again and
 *       pushing each score key with its count into the list {@link #SCORES}.
 * </ol>
 *
 * <p>So the server returns one document per group of each breakdown (plus the total, the
 * model pairs and the distinct negative comments), however many distinct scores there are:
 * continuous scores no longer make one document per feedback. A group's score list holds
 * one entry per distinct score in the group, and must fit MongoDB's limits: 16 MiB per
 * returned document (about 180,000 distinct scores in one group) and 100 MiB for a
 * {@code $push}, which cannot spill to disk; {@code docs/mongodb.md} says more.
 *
 * <p>Group keys travel as stored, not as text: a metadata value, a user id, a tag, a model
 * sub-document, the session's {@code _id}. The client turns each into its key exactly as the
 * codec reads the field ({@link AnalyticsRows}) and merges groups whose keys read alike
 * (the metadata values {@code 3} and {@code 3.0}), so keys follow one set of rules whatever
 * types other writers stored (a session whose {@code _id} is not a string has no metadata
 * key, since the fold looks metadata up by the id's text). Scores too are read by the
 * codec's rules, and feedback without a {@code rating} key counts as without a rating only
 * when its score is readable, as the codec reads it. No stage sorts: ranking the top groups
 * of a breakdown happens on the client, on the groups.
 *
 * <p>Periods are printed by {@code $dateToString} in the key's zone (hours are grouped by
 * their first instant, the date less its local minutes, seconds and milliseconds), for
 * BSON dates at
 * least a day inside years 1 to 9999 (so the local date cannot leave the years
 * {@code $dateToString} prints). A fixed offset is added to the date and printed in UTC; a
 * region zone is passed as {@code timezone} and uses the server's time zone database. ISO
 * weeks are printed as {@code %Y-%m-%V} (calendar year, month, ISO week) and the client
 * derives the week-based year, because the test server prints the calendar year for
 * {@code %G}; on MongoDB {@code %G-W%V} would print the key directly. Any other stored
 * creation time (text from older writers, a BSON timestamp, dates near the limits) travels
 * as it is, wrapped as {@code {r: <value>}}, and the client reads it as the codec does.
 *
 * <p>Only expressions that both MongoDB and mongo-java-server implement are used: types
 * are told apart by comparisons in BSON order (a string is at least {@code ""} and below
 * {@code {}}), and rounding is written out with {@code $floor} and {@code $mod}, since the
 * test server has neither {@code $type} nor {@code $isNumber} nor {@code $round}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AnalyticsPipelines {

  /** Group field: how many entries the group holds. */
  static final String COUNT = "n";

  /** Per feedback and group field: 1 for feedback rated up. */
  static final String UP = "u";

  /** Per feedback and group field: 1 for feedback rated down. */
  static final String DOWN = "d";

  /** Per feedback and group field: 1 for a non-empty comment. */
  static final String COMMENTED = "c";

  /** Per feedback and group field: the comment's length in code points. */
  static final String CODE_POINTS = "cp";

  /**
   * Per feedback and group field prefix: a dimension's rating plus {@link #RATING_UNIT}, or 0
   * when not rated; summed, the count of ratings times the unit plus their sum (see
   * {@link #ratingCount} and {@link #ratingSum}), which saves the server a second sum.
   */
  static final String DIMENSION = "ds";

  /**
   * What one dimension rating adds to {@link #DIMENSION} besides its value: 2^32, which
   * keeps count and sum apart while a group's ratings of a dimension add up to less than
   * 2^32 (over 850 million ratings).
   */
  static final long RATING_UNIT = 1L << 32;

  /**
   * Per feedback field: the {@link #DIMENSION} fields, or null when the feedback's
   * {@code dimensions} is not a document (then no rating is read, as the codec reads none).
   */
  static final String RATINGS = "dm";

  /** Per feedback field: the usable sentiment value times 2<sup>30</sup>, or null. */
  static final String SENTIMENT_SCALED = "sy";

  /** 2<sup>30</sup>: the sentiment's fixed-point step, as in the in-memory fold. */
  private static final double SENTIMENT_UNIT = 0x1p30;

  /** Per feedback and group field: the sentiment's high part, trunc(v · 2<sup>30</sup>). */
  static final String SENTIMENT_SUM = "st";

  /**
   * Per feedback and group field: the sentiment's low part, trunc((v · 2<sup>30</sup> −
   * high) · 2<sup>30</sup>).
   */
  static final String SENTIMENT_LOW = "sl";

  /** Group field: how many feedbacks had a usable sentiment value. */
  static final String SENTIMENT_COUNT = "sn";

  /** Per feedback field: the feedback's entries. */
  static final String ENTRIES = "e";

  /** Entry and group id field: which part of the result. */
  static final String PART = "b";

  /** Entry and group id field: the group's key as stored. */
  static final String KEY = "k";

  /**
   * Entry and first group id field: the feedback's score, {@code {value, scale, min, max, m}}
   * as stored ({@link #SCORE_KEY}), or null.
   */
  static final String SCORE = "s";

  /**
   * Per feedback field, set before the sums: the score key, the score sub-document's
   * {@code value, scale, min} and {@code max} as stored, and {@link #RATING_MISSING}; null
   * when the feedback's {@code score} is not a document.
   */
  static final String SCORE_KEY = "sk";

  /** Score key field: 1 when the feedback has no {@code rating} key at all, else 0. */
  static final String RATING_MISSING = "m";

  /** Group field: the group's score distribution, a list of {@code {s: <score key>, n}}. */
  static final String SCORES = "sc";

  /** Part: the total. */
  static final String TOTAL = "t";

  /** Part: a pairwise comparison, keyed {@code {a, b, p}}: both models and the preference. */
  static final String PAIR = "p";

  /** Session votes group id field: the session's {@code _id}. */
  static final String SESSION = "i";

  /** Part: a negative comment, keyed by its text. */
  static final String NEGATIVE_COMMENT = "c";

  /** Key field of a creation time that travels as stored. */
  static final String RAW = "r";

  /** The first and last instant whose local date, in any zone, lies within years 1 to 9999. */
  private static final BsonDateTime FIRST_PRINTED =
      new BsonDateTime(FeedbackLimits.MIN_INSTANT.plus(Duration.ofDays(1)).toEpochMilli());

  private static final BsonDateTime LAST_PRINTED =
      new BsonDateTime(FeedbackLimits.MAX_INSTANT.minus(Duration.ofDays(1)).toEpochMilli());

  private static final String FEEDBACK = "$" + Schema.FEEDBACKS + ".";

  private AnalyticsPipelines() {}

  /** The aggregation that answers a request. */
  public static List<BsonDocument> pipeline(AnalyticsRequest request) {
    Set<String> metadataFields = new LinkedHashSet<>();
    for (Breakdown b : request.breakdowns()) {
      if (b.key().kind() == GroupKey.Kind.METADATA) {
        metadataFields.add(Schema.metadataPath(field(b.key())));
      }
    }
    List<BsonDocument> pipeline = Pipelines.prefix(request.query(), false, metadataFields);
    pipeline.add(scoreKey());
    String comment = FEEDBACK + Schema.F_COMMENT;
    String rating = FEEDBACK + Schema.F_RATING;
    BsonDocument perFeedback =
        new BsonDocument(Schema.ID, zero())
            .append(UP, oneWhen(eq(rating, new BsonString(Rating.UP.wireValue()))))
            .append(DOWN, oneWhen(eq(rating, new BsonString(Rating.DOWN.wireValue()))))
            .append(COMMENTED, oneWhen(nonEmptyString(comment)))
            .append(CODE_POINTS, cond(isString(comment), Pipelines.codePoints(comment), zero()));
    String dimensions = FEEDBACK + Schema.F_DIMENSIONS;
    BsonDocument ratings = new BsonDocument();
    for (Dimension d : Dimension.values()) {
      String rated = dimensions + "." + d.wireName();
      ratings.append(
          DIMENSION + d.ordinal(),
          cond(
              wholeRating(rated),
              op(
                  "$add",
                  new BsonDocument("$toLong", new BsonString(rated)),
                  new BsonInt64(RATING_UNIT)),
              zero()));
    }
    perFeedback.append(RATINGS, cond(isDocument(dimensions), ratings, BsonNull.VALUE));
    boolean sentiment = sentimentReadable(request.sentimentAttribute());
    if (sentiment) {
      String value = FEEDBACK + request.sentimentAttribute();
      perFeedback.append(
          SENTIMENT_SCALED,
          cond(
              and(
                  op("$gte", new BsonString(value), new BsonInt32(-1)),
                  op("$lte", new BsonString(value), new BsonInt32(1))),
              op(
                  "$multiply",
                  new BsonDocument("$toDouble", new BsonString(value)),
                  new BsonDouble(SENTIMENT_UNIT)),
              BsonNull.VALUE));
    }
    BsonDocument single = singleEntry(request);
    perFeedback.append(ENTRIES, single != null ? single : entries(request));
    pipeline.add(new BsonDocument("$project", perFeedback));
    if (sentiment) {
      BsonString scaled = new BsonString("$" + SENTIMENT_SCALED);
      BsonDocument high = new BsonDocument("$trunc", scaled);
      BsonDocument low =
          new BsonDocument(
              "$trunc",
              op("$multiply", op("$subtract", scaled, high), new BsonDouble(SENTIMENT_UNIT)));
      pipeline.add(
          new BsonDocument(
              "$addFields",
              new BsonDocument(SENTIMENT_SUM, whenPresent(scaled, high))
                  .append(SENTIMENT_LOW, whenPresent(scaled, low))));
    }
    if (single == null) {
      pipeline.add(new BsonDocument("$unwind", new BsonString("$" + ENTRIES)));
    }
    // First the sums per group and score, then per group, with the scores as a list: one
    // document per group reaches the client, however many distinct scores the group holds.
    pipeline.add(
        Pipelines.group(
            new BsonDocument(PART, entryField(PART))
                .append(KEY, entryField(KEY))
                .append(SCORE, entryField(SCORE)),
            sums(sentiment)));
    BsonDocument again = new BsonDocument();
    for (String field : sums(sentiment).keySet()) {
      again.append(field, sum(new BsonString("$" + field)));
    }
    again.append(
        SCORES,
        new BsonDocument(
            "$push",
            new BsonDocument(SCORE, new BsonString("$" + Schema.ID + "." + SCORE))
                .append(COUNT, new BsonString("$" + COUNT))));
    pipeline.add(
        Pipelines.group(
            new BsonDocument(PART, new BsonString("$" + Schema.ID + "." + PART))
                .append(KEY, new BsonString("$" + Schema.ID + "." + KEY)),
            again));
    return pipeline;
  }

  /**
   * The aggregation behind the session sums ({@link AnalyticsRequest#sessionSums()}): the
   * same prefix, then per feedback rated up or down or with a score document its entries
   * (the total, and its groups of each breakdown), and {@code $group} by entry, session and
   * stored score ({@code {value, scale, min, max}}, or null) summing the up and down votes
   * (y<sub>i</sub> and n<sub>i</sub> − y<sub>i</sub>) and counting the feedback. One
   * document per group, session and distinct score reaches the client, which reads each
   * stored key as its group key and each score as the codec reads it first ({@link
   * AnalyticsRows#read}): stored keys that read alike (an ISO week printed with two calendar
   * months, a model stored with two spellings, the scores {@code 3} and {@code 3.0}) must
   * add their counts of one session before they are squared, so the sums over sessions
   * (n<sub>i</sub>², y<sub>i</sub>·n<sub>i</sub>, y<sub>i</sub>², and per scale the pair
   * counts Σ c<sub>i</sub>(v)·c<sub>i</sub>(w), whole numbers) are made on the client.
   */
  public static List<BsonDocument> sessionPipeline(AnalyticsRequest request) {
    Set<String> metadataFields = new LinkedHashSet<>();
    for (Breakdown b : request.breakdowns()) {
      if (b.key().kind() == GroupKey.Kind.METADATA) {
        metadataFields.add(Schema.metadataPath(field(b.key())));
      }
    }
    List<BsonDocument> pipeline = Pipelines.prefix(request.query(), false, metadataFields);
    String rating = FEEDBACK + Schema.F_RATING;
    BsonArray parts = new BsonArray();
    parts.add(one(entry(TOTAL, BsonNull.VALUE, BsonNull.VALUE)));
    breakdownEntries(parts, request, BsonNull.VALUE);
    pipeline.add(
        new BsonDocument(
            "$project",
            new BsonDocument(UP, oneWhen(eq(rating, new BsonString(Rating.UP.wireValue()))))
                .append(DOWN, oneWhen(eq(rating, new BsonString(Rating.DOWN.wireValue()))))
                .append(
                    SCORE,
                    cond(isDocument(FEEDBACK + Schema.F_SCORE), storedScore(), BsonNull.VALUE))
                .append(ENTRIES, new BsonDocument("$concatArrays", parts))));
    pipeline.add(
        new BsonDocument(
            "$match",
            new BsonDocument(
                "$or",
                new BsonArray(
                    List.of(
                        new BsonDocument(UP, new BsonInt32(1)),
                        new BsonDocument(DOWN, new BsonInt32(1)),
                        new BsonDocument(SCORE, new BsonDocument("$ne", BsonNull.VALUE)))))));
    pipeline.add(new BsonDocument("$unwind", new BsonString("$" + ENTRIES)));
    pipeline.add(
        Pipelines.group(
            new BsonDocument(PART, entryField(PART))
                .append(KEY, entryField(KEY))
                .append(SESSION, new BsonString("$" + Schema.ID))
                .append(SCORE, new BsonString("$" + SCORE)),
            new BsonDocument(COUNT, sum(new BsonInt32(1)))
                .append(UP, sum(new BsonString("$" + UP)))
                .append(DOWN, sum(new BsonString("$" + DOWN)))));
    return pipeline;
  }

  /**
   * The score key of the feedback ({@link #SCORE_KEY}): what the codec reads a score from,
   * and whether the feedback lacks the {@code rating} key, which makes it feedback without
   * a rating when the score is readable. Whether a key is missing is told by the feedback's
   * key names ({@code $objectToArray}), looked at only for feedback rated neither up nor
   * down, because {@code $type} is not available on the test server and comparisons treat
   * a missing value like null.
   */
  private static BsonDocument scoreKey() {
    String rating = FEEDBACK + Schema.F_RATING;
    BsonDocument keys =
        map(
            new BsonDocument("$objectToArray", new BsonString("$" + Schema.FEEDBACKS)),
            new BsonString("$$this.k"));
    BsonValue missing =
        cond(
            new BsonDocument(
                "$or",
                new BsonArray(
                    List.of(
                        eq(rating, new BsonString(Rating.UP.wireValue())),
                        eq(rating, new BsonString(Rating.DOWN.wireValue()))))),
            zero(),
            cond(op("$in", new BsonString(Schema.F_RATING), keys), zero(), new BsonInt32(1)));
    BsonDocument key = storedScore().append(RATING_MISSING, missing);
    return new BsonDocument(
        "$addFields",
        new BsonDocument(
            SCORE_KEY, cond(isDocument(FEEDBACK + Schema.F_SCORE), key, BsonNull.VALUE)));
  }

  /** The fields of the stored score the codec reads a score from, each null when missing. */
  private static BsonDocument storedScore() {
    String score = FEEDBACK + Schema.F_SCORE + ".";
    return new BsonDocument(Schema.S_VALUE, stored(score + Schema.S_VALUE))
        .append(Schema.S_SCALE, stored(score + Schema.S_SCALE))
        .append(Schema.S_MIN, stored(score + Schema.S_MIN))
        .append(Schema.S_MAX, stored(score + Schema.S_MAX));
  }

  /**
   * The breakdown whose groups add up to the total, or -1 when there is none and the
   * pipeline counts the total as a group of its own: the first that puts every feedback in
   * exactly one group (any but tags). Its groups all reach the client, since keeping only
   * some or the top ones happens there.
   */
  static int totalOf(AnalyticsRequest request) {
    List<Breakdown> breakdowns = request.breakdowns();
    for (int i = 0; i < breakdowns.size(); i++) {
      if (breakdowns.get(i).key().kind() != GroupKey.Kind.TAG) {
        return i;
      }
    }
    return -1;
  }

  /** How many ratings a summed {@link #DIMENSION} field counts. */
  static long ratingCount(long packed) {
    return packed / RATING_UNIT;
  }

  /** The sum of the ratings a summed {@link #DIMENSION} field counts. */
  static long ratingSum(long packed) {
    return packed % RATING_UNIT;
  }

  /**
   * Whether feedback can hold the sentiment attribute at all: the codec reads only keys the
   * model admits, and never a stored field, as an attribute.
   */
  static boolean sentimentReadable(String attribute) {
    return BsonValues.isModelKey(attribute) && !Feedback.RESERVED_KEYS.contains(attribute);
  }

  /** The {@code $group} accumulators. */
  private static BsonDocument sums(boolean sentiment) {
    BsonDocument sums =
        new BsonDocument(COUNT, sum(new BsonInt32(1)))
            .append(UP, sum(new BsonString("$" + UP)))
            .append(DOWN, sum(new BsonString("$" + DOWN)))
            .append(COMMENTED, sum(new BsonString("$" + COMMENTED)))
            .append(CODE_POINTS, sum(new BsonString("$" + CODE_POINTS)));
    for (Dimension d : Dimension.values()) {
      sums.append(
          DIMENSION + d.ordinal(),
          sum(new BsonString("$" + RATINGS + "." + DIMENSION + d.ordinal())));
    }
    if (sentiment) {
      sums.append(SENTIMENT_SUM, sum(new BsonString("$" + SENTIMENT_SUM)))
          .append(SENTIMENT_LOW, sum(new BsonString("$" + SENTIMENT_LOW)))
          .append(
              SENTIMENT_COUNT,
              sum(oneWhen(op("$gt", new BsonString("$" + SENTIMENT_SUM), BsonNull.VALUE))));
    }
    return sums;
  }

  /**
   * The one entry of each feedback, when the request makes one (the total, or the group of
   * a breakdown that is not by tag, without pairwise counts or terms); then the entry is a
   * document and needs no {@code $unwind}. Null when the request makes more.
   */
  private static @Nullable BsonDocument singleEntry(AnalyticsRequest request) {
    List<Breakdown> breakdowns = request.breakdowns();
    if (breakdowns.size() > 1
        || request.pairwise() != null
        || request.terms() != null
        || (breakdowns.size() == 1 && breakdowns.get(0).key().kind() == GroupKey.Kind.TAG)) {
      return null;
    }
    BsonValue score = new BsonString("$" + SCORE_KEY);
    return breakdowns.isEmpty()
        ? entry(TOTAL, BsonNull.VALUE, score)
        : entry("0", storedKey(breakdowns.get(0).key()), score);
  }

  /**
   * The feedback's entries: the total, one per breakdown (one per tag), a pair, a comment.
   * Each list is made by {@code $map} (over {@code [0]}, or over {@code []} to make none),
   * and each stored value is wrapped in {@code $ifNull}: mongo-java-server evaluates
   * expressions inside a {@code $map}'s {@code in} but not inside array literals, and cannot
   * send a document holding a missing value.
   */
  private static BsonValue entries(AnalyticsRequest request) {
    BsonValue score = new BsonString("$" + SCORE_KEY);
    BsonArray parts = new BsonArray();
    if (totalOf(request) < 0) {
      parts.add(one(entry(TOTAL, BsonNull.VALUE, score)));
    }
    breakdownEntries(parts, request, score);
    if (request.pairwise() != null) {
      String comparison = FEEDBACK + Schema.F_COMPARISON;
      String a = comparison + "." + Schema.C_A;
      String b = comparison + "." + Schema.C_B;
      parts.add(
          oneIf(
              and(isDocument(comparison), candidate(a), candidate(b)),
              entry(
                  PAIR,
                  new BsonDocument(Schema.C_A, stored(a + "." + Schema.C_MODEL))
                      .append(Schema.C_B, stored(b + "." + Schema.C_MODEL))
                      .append(Schema.C_PREFERENCE, stored(comparison + "." + Schema.C_PREFERENCE)),
                  BsonNull.VALUE)));
    }
    if (request.terms() != null) {
      String comment = FEEDBACK + Schema.F_COMMENT;
      parts.add(
          oneIf(
              and(
                  eq(FEEDBACK + Schema.F_RATING, new BsonString(Rating.DOWN.wireValue())),
                  nonEmptyString(comment)),
              entry(NEGATIVE_COMMENT, new BsonString(comment), BsonNull.VALUE)));
    }
    return new BsonDocument("$concatArrays", parts);
  }

  /** The feedback's entries of each breakdown: one per group it belongs to. */
  private static void breakdownEntries(BsonArray parts, AnalyticsRequest request, BsonValue score) {
    List<Breakdown> breakdowns = request.breakdowns();
    for (int i = 0; i < breakdowns.size(); i++) {
      String part = Integer.toString(i);
      GroupKey key = breakdowns.get(i).key();
      if (key.kind() == GroupKey.Kind.TAG) {
        tagEntries(parts, part, score);
      } else {
        parts.add(one(entry(part, storedKey(key), score)));
      }
    }
  }

  /**
   * One entry per string in the feedback's {@code tags} (the codec reads no other), or one
   * with a null key when there is none.
   */
  private static void tagEntries(BsonArray parts, String part, BsonValue score) {
    String tags = FEEDBACK + Schema.F_TAGS;
    BsonDocument strings =
        new BsonDocument(
            "$filter",
            new BsonDocument(
                    "input",
                    cond(
                        new BsonDocument("$isArray", new BsonString(tags)),
                        new BsonString(tags),
                        new BsonArray()))
                .append("cond", isString("$$this")));
    parts.add(map(strings, entry(part, new BsonString("$$this"), score)));
    parts.add(
        oneIf(
            op("$eq", new BsonDocument("$size", strings), zero()),
            entry(part, BsonNull.VALUE, score)));
  }

  private static BsonDocument entry(String part, BsonValue key, BsonValue score) {
    return new BsonDocument(PART, new BsonString(part)).append(KEY, key).append(SCORE, score);
  }

  /** A list of one entry. */
  private static BsonDocument one(BsonDocument entry) {
    return map(new BsonArray(List.of(zero())), entry);
  }

  /** A list of one entry when the condition holds, else an empty list. */
  private static BsonDocument oneIf(BsonValue condition, BsonDocument entry) {
    return map(cond(condition, new BsonArray(List.of(zero())), new BsonArray()), entry);
  }

  private static BsonDocument map(BsonValue input, BsonValue in) {
    return new BsonDocument("$map", new BsonDocument("input", input).append("in", in));
  }

  /** A stored value, null when missing. */
  private static BsonDocument stored(String path) {
    return op("$ifNull", new BsonString(path), BsonNull.VALUE);
  }

  /** The stored value a group key is read from. */
  private static BsonValue storedKey(GroupKey key) {
    return switch (key.kind()) {
      case METADATA ->
          // The fold looks metadata up by the session id's text, which finds the session only
          // when its _id is that text.
          cond(
              isString("$" + Schema.ID),
              stored("$" + Schema.metadataPath(field(key))),
              BsonNull.VALUE);
      case USER -> stored(FEEDBACK + Schema.F_USER_ID);
      case MESSAGE -> stored(FEEDBACK + Schema.F_MESSAGE_ID);
      case SESSION -> new BsonString("$" + Schema.ID);
      case MODEL, MODEL_VERSION -> stored(FEEDBACK + Schema.F_MODEL);
      case SOURCE -> stored(FEEDBACK + Schema.F_SOURCE);
      case REVIEW_STATUS -> stored(FEEDBACK + Schema.F_REVIEW + "." + Schema.R_STATUS);
      case PERIOD -> period(key);
      default -> throw new IllegalStateException("no stored key for " + key.kind());
    };
  }

  /**
   * The period key of the creation time: printed on the server for a BSON date within
   * {@link #FIRST_PRINTED}..{@link #LAST_PRINTED}, {@code {r: <value>}} for any other
   * stored value, null when there is none.
   */
  private static BsonValue period(GroupKey key) {
    String createdAt = FEEDBACK + Schema.F_CREATED_AT;
    BsonValue date = new BsonString(createdAt);
    BsonValue printed =
        key.granularity() == Granularity.HOUR
            ? hourStart(date, key)
            : print(date, key, format(Objects.requireNonNull(key.granularity())));
    return cond(
        and(op("$gte", date, FIRST_PRINTED), op("$lte", date, LAST_PRINTED)),
        printed,
        cond(op("$gt", date, BsonNull.VALUE), new BsonDocument(RAW, date), BsonNull.VALUE));
  }

  /** The metadata field of a {@link GroupKey.Kind#METADATA} key. */
  private static String field(GroupKey key) {
    return Objects.requireNonNull(key.field(), "a metadata key's field");
  }

  /** {@code $dateToString} of a date in the key's zone. */
  private static BsonDocument print(BsonValue date, GroupKey key, String format) {
    BsonDocument print = new BsonDocument("format", new BsonString(format));
    ZoneId zone = Objects.requireNonNull(key.zone(), "a period key's zone");
    if (zone instanceof ZoneOffset offset) {
      long millis = offset.getTotalSeconds() * 1000L;
      print.append("date", millis == 0 ? date : op("$add", date, new BsonInt64(millis)));
    } else {
      print.append("date", date).append("timezone", new BsonString(zone.getId()));
    }
    return new BsonDocument("$dateToString", print);
  }

  /**
   * The first instant of the local hour a date falls in, as a date: the date less its local
   * minutes, seconds and milliseconds, each printed in the key's zone. Hours are keyed by
   * their start instant rather than by local text, because the local hour repeated when
   * clocks go back is two hours; the client prints the key
   * ({@link io.github.agentfeedback.spi.GroupKeys#periodKey}).
   */
  private static BsonDocument hourStart(BsonValue date, GroupKey key) {
    BsonValue minutes = new BsonDocument("$toLong", print(date, key, "%M"));
    BsonValue seconds = new BsonDocument("$toLong", print(date, key, "%S"));
    BsonValue millis = new BsonDocument("$toLong", print(date, key, "%L"));
    return op(
        "$subtract",
        date,
        op(
            "$add",
            op("$multiply", minutes, new BsonInt64(60_000)),
            op("$multiply", seconds, new BsonInt64(1_000)),
            millis));
  }

  /** The {@code $dateToString} format of a granularity; see {@link #periodKey}. */
  private static String format(Granularity granularity) {
    return switch (granularity) {
      case HOUR_OF_DAY -> "%H";
      case HOUR -> throw new IllegalStateException("hours are grouped by their start, not printed");
      case DAY -> "%Y-%m-%d";
      case ISO_WEEK -> "%Y-%m-%V";
      case MONTH -> "%Y-%m";
      default -> throw new IllegalStateException("unknown granularity " + granularity);
    };
  }

  /**
   * The period key of what {@code $dateToString} printed: the text itself, except for ISO
   * weeks, printed as calendar year, month and week ({@code 2027-01-53}), whose week-based
   * year is the year before for weeks 52 and 53 in January and the year after for week 1
   * in December ({@code 2026-W53}).
   */
  static String periodKey(String printed, Granularity granularity) {
    if (granularity != Granularity.ISO_WEEK) {
      return printed;
    }
    int year = Integer.parseInt(printed.substring(0, 4));
    int month = Integer.parseInt(printed.substring(5, 7));
    int week = Integer.parseInt(printed.substring(8));
    if (month == 1 && week >= 52) {
      year--;
    } else if (month == 12 && week == 1) {
      year++;
    }
    String digits = Integer.toString(year);
    return "0".repeat(Math.max(0, 4 - digits.length())) + digits + "-W" + printed.substring(8);
  }

  /**
   * Whether both candidates of a comparison can be read: documents with a model, a response
   * id or a response.
   */
  private static BsonValue candidate(String path) {
    return and(
        isDocument(path),
        new BsonDocument(
            "$or",
            new BsonArray(
                List.of(
                    op("$gt", new BsonString(path + "." + Schema.C_MODEL), BsonNull.VALUE),
                    op("$gt", new BsonString(path + "." + Schema.C_RESPONSE_ID), BsonNull.VALUE),
                    op("$gt", new BsonString(path + "." + Schema.C_RESPONSE), BsonNull.VALUE)))));
  }

  /**
   * A dimension rating as the codec reads it: a number equal to a whole number from 1 to 5.
   * The list holds each rating as int, long and double, because mongo-java-server's
   * {@code $in} compares by type as well as value, where MongoDB compares numbers by value.
   */
  private static BsonValue wholeRating(String path) {
    BsonArray ratings = new BsonArray();
    for (int r = Dimension.MIN_RATING; r <= Dimension.MAX_RATING; r++) {
      ratings.add(new BsonInt32(r));
      ratings.add(new BsonInt64(r));
      ratings.add(new BsonDouble(r));
    }
    return op("$in", new BsonString(path), ratings);
  }

  /** A number as a 64-bit integer, or null when the field at {@code path} is null. */
  private static BsonValue whenPresent(BsonString path, BsonValue number) {
    return cond(
        op("$gt", path, BsonNull.VALUE), new BsonDocument("$toLong", number), BsonNull.VALUE);
  }

  /** Whether a value is a string: in BSON order, at least {@code ""} and below {@code {}}. */
  private static BsonDocument isString(String path) {
    return and(
        op("$gte", new BsonString(path), new BsonString("")),
        op("$lt", new BsonString(path), emptyDocument()));
  }

  private static BsonDocument nonEmptyString(String path) {
    return and(
        op("$gt", new BsonString(path), new BsonString("")),
        op("$lt", new BsonString(path), emptyDocument()));
  }

  /** Whether a value is a document: in BSON order, at least {@code {}} and below {@code []}. */
  private static BsonDocument isDocument(String path) {
    return and(
        op("$gte", new BsonString(path), emptyDocument()),
        op("$lt", new BsonString(path), new BsonDocument("$literal", new BsonArray())));
  }

  private static BsonDocument emptyDocument() {
    return new BsonDocument("$literal", new BsonDocument());
  }

  private static BsonString entryField(String field) {
    return new BsonString("$" + ENTRIES + "." + field);
  }

  private static BsonDocument eq(String path, BsonValue value) {
    return op("$eq", new BsonString(path), value);
  }

  /** 1 when the condition holds, else 0. */
  private static BsonDocument oneWhen(BsonValue condition) {
    return cond(condition, new BsonInt32(1), zero());
  }

  private static BsonInt32 zero() {
    return new BsonInt32(0);
  }

  private static BsonDocument sum(BsonValue value) {
    return new BsonDocument("$sum", value);
  }

  private static BsonDocument cond(BsonValue condition, BsonValue then, BsonValue otherwise) {
    return op("$cond", condition, then, otherwise);
  }

  private static BsonDocument and(BsonValue... conditions) {
    return op("$and", conditions);
  }

  private static BsonDocument op(String operator, BsonValue... arguments) {
    return new BsonDocument(operator, new BsonArray(new ArrayList<>(List.of(arguments))));
  }
}
