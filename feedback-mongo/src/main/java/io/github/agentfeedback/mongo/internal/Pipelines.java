package io.github.agentfeedback.mongo.internal;

import static io.github.agentfeedback.mongo.internal.Schema.FEEDBACKS;
import static io.github.agentfeedback.mongo.internal.Schema.F_CREATED_AT;
import static io.github.agentfeedback.mongo.internal.Schema.F_RATING;
import static io.github.agentfeedback.mongo.internal.Schema.F_SCORE;
import static io.github.agentfeedback.mongo.internal.Schema.F_TAGS;
import static io.github.agentfeedback.mongo.internal.Schema.F_USER_ID;
import static io.github.agentfeedback.mongo.internal.Schema.ID;
import static io.github.agentfeedback.mongo.internal.Schema.S_SCALE;
import static io.github.agentfeedback.mongo.internal.Schema.S_VALUE;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Source;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;

/**
 * Builds the aggregation pipelines of the store from a {@link FeedbackQuery}: the stream's,
 * and the stages that {@link AnalyticsPipelines} starts from.
 *
 * <p>Every pipeline starts the same way: select the session documents (ids, metadata, a
 * {@code feedbacks} that is an array, and a coarse {@code $elemMatch} on the feedback
 * criteria so that indexes on {@code feedbacks.*} apply), keep only {@code feedbacks}, unwind
 * it (which keeps array order, oldest first) and select the feedback documents. A
 * {@code feedbacks} that is not an array (null, an object, a string: documents of other
 * tools) holds no feedback, as {@link FeedbackList} reads it; without the array test
 * {@code $unwind} would stream an object as one feedback. Rating {@link Rating#NEUTRAL}
 * matches every feedback whose rating is neither {@code "up"} nor {@code "down"} (null,
 * anything else), except feedback without a {@code rating} key that has a score (feedback
 * without a rating), the rule {@link FeedbackCodec} reads by.
 *
 * <p>Only the stream sorts (by {@code _id}, which the {@code _id} index serves), because its
 * order is part of its contract. Analytics never sort: on MongoDB 4.4 and 5.0 a
 * {@code $sort} that no index serves is a blocking sort limited to 100 MB. The caller runs
 * aggregations with {@code allowDiskUse} and the operation timeout.
 *
 * <p>Only stages and operators that both MongoDB and the in-process test server
 * (mongo-java-server) implement are used: no {@code $dateTrunc}, no {@code $count} stage, no
 * {@code $type} expression (the {@code $type} query operator is used instead).
 *
 * <p>Stateless and thread-safe.
 */
public final class Pipelines {

  /** An emoji: one code point, two UTF-16 units. */
  private static final String ONE_CODE_POINT_TWO_UNITS = "\uD83D\uDE00";

  private Pipelines() {}

  /** The pipeline for {@code stream(query)}: session order, then array order. */
  public static List<BsonDocument> stream(FeedbackQuery query) {
    return prefix(query, true);
  }

  /** The filter on session documents alone: ids and metadata. */
  public static BsonDocument sessionFilter(FeedbackQuery query) {
    BsonDocument filter = new BsonDocument();
    if (!query.sessionIds().isEmpty()) {
      BsonArray ids = new BsonArray();
      new TreeSet<>(query.sessionIds()).forEach(id -> ids.add(new BsonString(id)));
      filter.append(ID, ids.size() == 1 ? ids.get(0) : new BsonDocument("$in", ids));
    }
    filter.putAll(metadataFilter(query.metadata()));
    return filter;
  }

  /**
   * Equality on each {@code metadata.<key>}, as the in-memory store compares. A {@code null}
   * value matches a key that is missing or null. A value that is not a list never matches a
   * list: MongoDB's equality on a field matches an array by any of its elements, so the
   * filter also asks that the field not be an array.
   */
  public static BsonDocument metadataFilter(Map<String, Object> metadata) {
    BsonDocument filter = new BsonDocument();
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      BsonValue value = BsonValues.toBson(e.getValue());
      BsonDocument condition = new BsonDocument("$eq", value);
      if (!value.isArray()) {
        condition.append("$not", new BsonDocument("$type", new BsonString("array")));
      }
      filter.append(Schema.metadataPath(e.getKey()), condition);
    }
    return filter;
  }

  /**
   * Matches a stored {@code user_id} that reads back as {@code userId}: other writers may
   * have stored it as a number, an ObjectId or a binary UUID, which reads return as text.
   */
  public static BsonValue userId(String userId) {
    BsonArray forms = userIdForms(userId);
    return forms.size() == 1 ? forms.get(0) : new BsonDocument("$in", forms);
  }

  /**
   * Whether a stored {@code user_id} matches {@code userId} as the filter
   * {@link #userId(String)} matches it on the server: any of its forms, numbers by value,
   * and an array when one of its elements does.
   */
  public static boolean isUser(@Nullable BsonValue stored, String userId) {
    if (stored == null) {
      return false;
    }
    if (stored.isArray()) {
      for (BsonValue element : stored.asArray()) {
        if (isUser(element, userId)) {
          return true;
        }
      }
      return false;
    }
    for (BsonValue form : userIdForms(userId)) {
      if ((form.isNumber() && stored.isNumber())
          ? sameNumber(form.asNumber().longValue(), stored)
          : form.equals(stored)) {
        return true;
      }
      if (form.isNumber() && stored.isDecimal128()) {
        Decimal128 d = stored.asDecimal128().getValue();
        BigDecimal n = BigDecimal.valueOf(form.asNumber().longValue());
        if (!d.isNaN()
            && !d.isInfinite()
            && (Decimal128.NEGATIVE_ZERO.equals(d) ? BigDecimal.ZERO : d.bigDecimalValue())
                    .compareTo(n)
                == 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameNumber(long n, BsonValue stored) {
    if (stored.isDouble()) {
      double d = stored.asDouble().getValue();
      return Double.isFinite(d) && new BigDecimal(d).compareTo(BigDecimal.valueOf(n)) == 0;
    }
    return stored.asNumber().longValue() == n;
  }

  private static BsonArray userIdForms(String userId) {
    BsonArray forms = new BsonArray();
    forms.add(new BsonString(userId));
    if (userId.matches("-?[0-9]{1,19}")) {
      try {
        long n = Long.parseLong(userId);
        if (Long.toString(n).equals(userId)) { // "007" is not how 7 reads back
          forms.add(new BsonInt64(n)); // numbers match by value, whatever their BSON type
        }
      } catch (NumberFormatException tooLarge) {
        // not a number any writer could have stored
      }
    }
    if (ObjectId.isValid(userId) && userId.equals(userId.toLowerCase(Locale.ROOT))) {
      forms.add(new BsonObjectId(new ObjectId(userId)));
    }
    UUID uuid = uuid(userId);
    if (uuid != null) {
      // Subtype 4, and subtype 3 as pymongo's PYTHON_LEGACY writes it: the same bytes.
      BsonBinary standard = new BsonBinary(uuid);
      forms.add(standard);
      forms.add(new BsonBinary(BsonBinarySubType.UUID_LEGACY, standard.getData()));
    }
    return forms;
  }

  /** The UUID whose canonical text {@code text} is, or null. */
  private static @Nullable UUID uuid(String text) {
    if (text.length() != 36) {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(text);
      return uuid.toString().equals(text) ? uuid : null; // how a stored UUID reads back
    } catch (IllegalArgumentException notUuid) {
      return null;
    }
  }

  /**
   * The criteria a single feedback must meet, with field names relative to the feedback
   * sub-document.
   */
  public static BsonDocument feedbackCriteria(FeedbackQuery query) {
    BsonDocument criteria = new BsonDocument();
    if (query.since() != null || query.until() != null) {
      BsonDocument range = new BsonDocument();
      if (query.since() != null) {
        range.append("$gte", new BsonDateTime(query.since().toEpochMilli()));
      }
      if (query.until() != null) {
        range.append("$lt", new BsonDateTime(query.until().toEpochMilli()));
      }
      criteria.append(F_CREATED_AT, range);
    }
    if (query.rating() == Rating.NEUTRAL) {
      criteria.append("$nor", neitherUpNorDownNorUnrated());
    } else if (query.rating() != null) {
      criteria.append(F_RATING, new BsonString(query.rating().wireValue()));
    }
    if (query.userId() != null) {
      criteria.append(F_USER_ID, userId(query.userId()));
    }
    if (query.tag() != null) {
      criteria.append(F_TAGS, new BsonString(query.tag()));
    }
    optional(criteria, Schema.F_MESSAGE_ID, query.messageId());
    optional(criteria, Schema.F_TRACE_ID, query.traceId());
    optional(criteria, Schema.F_SPAN_ID, query.spanId());
    if (query.model() != null) {
      criteria.append(Schema.F_MODEL + "." + Schema.M_NAME, new BsonString(query.model().name()));
      optional(criteria, Schema.F_MODEL + "." + Schema.M_VERSION, query.model().version());
    }
    if (query.source() != null) {
      // End users are stored by leaving the key out, as the Python library does.
      criteria.append(
          Schema.F_SOURCE,
          Source.END_USER.equals(query.source())
              ? new BsonDocument(
                  "$in",
                  new BsonArray(List.of(BsonNull.VALUE, new BsonString(Source.END_USER.name()))))
              : new BsonString(query.source().name()));
    }
    optional(criteria, Schema.F_AUTHOR_ID, query.authorId());
    if (query.reviewStatus() != null) {
      criteria.append(
          Schema.F_REVIEW + "." + Schema.R_STATUS,
          new BsonString(query.reviewStatus().wireValue()));
    }
    return criteria;
  }

  /**
   * What neutral feedback is not, for a {@code $nor}: rated up, rated down, or without a
   * {@code rating} key and with a score (feedback without a rating). The codec reads a
   * feedback without the key as neutral when its score is unreadable; this filter tells a
   * score by its shape (a number {@code value} and a string {@code scale}), so a shaped but
   * invalid score (out of its bounds) stored by another writer without a rating is read as
   * neutral but not selected as neutral.
   */
  private static BsonArray neitherUpNorDownNorUnrated() {
    return new BsonArray(
        List.of(
            new BsonDocument(F_RATING, new BsonString(Rating.UP.wireValue())),
            new BsonDocument(F_RATING, new BsonString(Rating.DOWN.wireValue())),
            new BsonDocument(F_RATING, new BsonDocument("$exists", BsonBoolean.FALSE))
                .append(F_SCORE + "." + S_VALUE, type("number"))
                .append(F_SCORE + "." + S_SCALE, type("string"))));
  }

  /**
   * Criteria relative to the feedback sub-document made relative to the unwound document:
   * each field prefixed with {@code feedbacks.}, inside logical operators too.
   */
  private static BsonDocument unwoundCriteria(BsonDocument criteria) {
    BsonDocument unwound = new BsonDocument();
    for (Map.Entry<String, BsonValue> e : criteria.entrySet()) {
      if (e.getKey().startsWith("$")) {
        BsonArray clauses = new BsonArray();
        e.getValue().asArray().forEach(c -> clauses.add(unwoundCriteria(c.asDocument())));
        unwound.append(e.getKey(), clauses);
      } else {
        unwound.append(Schema.feedbackPath(e.getKey()), e.getValue());
      }
    }
    return unwound;
  }

  private static void optional(BsonDocument criteria, String field, @Nullable String value) {
    if (value != null) {
      criteria.append(field, new BsonString(value));
    }
  }

  /**
   * The comment's length in Unicode code points, correct on servers whose
   * {@code $strLenCP} counts UTF-16 units instead (mongo-java-server does).
   *
   * <p>On MongoDB the guard {@code $strLenCP("😀") == 1} is a constant that holds, so the
   * expression is {@code $strLenCP} and the correction is never evaluated. On a server that
   * counts UTF-16 units it is {@code $strLenCP} minus the number of surrogate pairs, found as
   * half the difference between the string's UTF-8 length and the summed UTF-8 lengths of its
   * single units (a lone surrogate encodes as one replacement byte instead of four bytes for
   * the pair). The correction runs on the server, so the client still receives only sums;
   * it is skipped for text whose UTF-8 length equals its unit count (ASCII), which holds no
   * pair.
   */
  static BsonDocument codePoints(String stringPath) {
    BsonString s = new BsonString(stringPath);
    BsonDocument units = new BsonDocument("$strLenCP", s);
    BsonDocument serverCountsCodePoints =
        new BsonDocument(
            "$eq",
            new BsonArray(
                List.of(
                    new BsonDocument(
                        "$strLenCP",
                        new BsonDocument("$literal", new BsonString(ONE_CODE_POINT_TWO_UNITS))),
                    new BsonInt32(1))));
    BsonDocument unitBytes =
        new BsonDocument(
            "$reduce",
            new BsonDocument()
                .append(
                    "input",
                    new BsonDocument("$range", new BsonArray(List.of(new BsonInt32(0), units))))
                .append("initialValue", new BsonInt32(0))
                .append(
                    "in",
                    new BsonDocument(
                        "$add",
                        new BsonArray(
                            List.of(
                                new BsonString("$$value"),
                                new BsonDocument(
                                    "$strLenBytes",
                                    new BsonDocument(
                                        "$substrCP",
                                        new BsonArray(
                                            List.of(
                                                s,
                                                new BsonString("$$this"),
                                                new BsonInt32(1))))))))));
    BsonDocument surrogatePairs =
        new BsonDocument(
            "$divide",
            new BsonArray(
                List.of(
                    new BsonDocument(
                        "$subtract",
                        new BsonArray(List.of(new BsonDocument("$strLenBytes", s), unitBytes))),
                    new BsonInt32(2))));
    BsonDocument noPairs =
        new BsonDocument(
            "$or",
            new BsonArray(
                List.of(
                    serverCountsCodePoints,
                    new BsonDocument(
                        "$eq",
                        new BsonArray(List.of(new BsonDocument("$strLenBytes", s), units))))));
    return new BsonDocument(
        "$subtract",
        new BsonArray(
            List.of(
                units,
                new BsonDocument(
                    "$cond", new BsonArray(List.of(noPairs, new BsonInt32(0), surrogatePairs))))));
  }

  private static List<BsonDocument> prefix(FeedbackQuery query, boolean sorted) {
    return prefix(query, sorted, List.of());
  }

  /**
   * The stages every pipeline starts with (see the class comment), keeping beside each
   * unwound feedback the session's {@code _id} and the session fields named, such as
   * {@code metadata.variant}.
   */
  static List<BsonDocument> prefix(
      FeedbackQuery query, boolean sorted, Collection<String> sessionFields) {
    BsonDocument sessions = sessionFilter(query);
    BsonDocument criteria = feedbackCriteria(query);
    BsonDocument feedbacks = type("array");
    if (!criteria.isEmpty()) {
      feedbacks.append("$elemMatch", criteria);
    }
    sessions.append(FEEDBACKS, feedbacks);
    BsonDocument unwound = new BsonDocument(FEEDBACKS, type("object"));
    unwound.putAll(unwoundCriteria(criteria));
    List<BsonDocument> pipeline = new ArrayList<>(8);
    pipeline.add(match(sessions));
    if (sorted) {
      pipeline.add(new BsonDocument("$sort", new BsonDocument(ID, new BsonInt32(1))));
    }
    BsonDocument kept = new BsonDocument(FEEDBACKS, new BsonInt32(1));
    sessionFields.forEach(field -> kept.append(field, new BsonInt32(1)));
    pipeline.add(new BsonDocument("$project", kept));
    pipeline.add(new BsonDocument("$unwind", new BsonString("$" + FEEDBACKS)));
    pipeline.add(match(unwound));
    return pipeline;
  }

  private static BsonDocument match(BsonDocument filter) {
    return new BsonDocument("$match", filter);
  }

  static BsonDocument group(BsonValue id, BsonDocument accumulators) {
    BsonDocument group = new BsonDocument(ID, id);
    group.putAll(accumulators);
    return new BsonDocument("$group", group);
  }

  private static BsonDocument type(String alias) {
    return new BsonDocument("$type", new BsonString(alias));
  }

  /** A whole-number sum as the server returns it (int, long or double); 0 when absent. */
  static long longValue(@Nullable BsonValue v) {
    if (v == null || !v.isNumber()) {
      return 0;
    }
    return v.isDouble() ? Math.round(v.asDouble().getValue()) : v.asNumber().longValue();
  }
}
