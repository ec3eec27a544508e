package io.github.agentfeedback.mongo.internal;

import static io.github.agentfeedback.mongo.internal.Schema.C_A;
import static io.github.agentfeedback.mongo.internal.Schema.C_B;
import static io.github.agentfeedback.mongo.internal.Schema.C_MODEL;
import static io.github.agentfeedback.mongo.internal.Schema.C_PREFERENCE;
import static io.github.agentfeedback.mongo.internal.Schema.C_RESPONSE;
import static io.github.agentfeedback.mongo.internal.Schema.C_RESPONSE_ID;
import static io.github.agentfeedback.mongo.internal.Schema.F_AUTHOR_ID;
import static io.github.agentfeedback.mongo.internal.Schema.F_COMMENT;
import static io.github.agentfeedback.mongo.internal.Schema.F_COMPARISON;
import static io.github.agentfeedback.mongo.internal.Schema.F_CORRECTION;
import static io.github.agentfeedback.mongo.internal.Schema.F_CREATED_AT;
import static io.github.agentfeedback.mongo.internal.Schema.F_DIMENSIONS;
import static io.github.agentfeedback.mongo.internal.Schema.F_ID;
import static io.github.agentfeedback.mongo.internal.Schema.F_MESSAGE_ID;
import static io.github.agentfeedback.mongo.internal.Schema.F_MODEL;
import static io.github.agentfeedback.mongo.internal.Schema.F_PROMPT;
import static io.github.agentfeedback.mongo.internal.Schema.F_RATING;
import static io.github.agentfeedback.mongo.internal.Schema.F_RESPONSE;
import static io.github.agentfeedback.mongo.internal.Schema.F_REVIEW;
import static io.github.agentfeedback.mongo.internal.Schema.F_SCORE;
import static io.github.agentfeedback.mongo.internal.Schema.F_SOURCE;
import static io.github.agentfeedback.mongo.internal.Schema.F_SPAN_ID;
import static io.github.agentfeedback.mongo.internal.Schema.F_TAGS;
import static io.github.agentfeedback.mongo.internal.Schema.F_TRACE_ID;
import static io.github.agentfeedback.mongo.internal.Schema.F_UPDATED_AT;
import static io.github.agentfeedback.mongo.internal.Schema.F_USER_ID;
import static io.github.agentfeedback.mongo.internal.Schema.M_NAME;
import static io.github.agentfeedback.mongo.internal.Schema.M_VERSION;
import static io.github.agentfeedback.mongo.internal.Schema.R_AT;
import static io.github.agentfeedback.mongo.internal.Schema.R_BY;
import static io.github.agentfeedback.mongo.internal.Schema.R_STATUS;
import static io.github.agentfeedback.mongo.internal.Schema.S_MAX;
import static io.github.agentfeedback.mongo.internal.Schema.S_MIN;
import static io.github.agentfeedback.mongo.internal.Schema.S_SCALE;
import static io.github.agentfeedback.mongo.internal.Schema.S_VALUE;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.spi.StoredValues;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonNull;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link Feedback} as the feedback sub-document of the session schema and reads it
 * back, without reflection.
 *
 * <p>Written: {@code id, rating? ("up" | "down" | null for neutral; left out for feedback
 * without a rating), comment, created_at (date),
 * user_id?, message_id?, score? {value, scale, min, max}, tags? (only when non-empty),
 * dimensions? (only when non-empty), correction?}, then every attribute as a top-level key.
 *
 * <p>Read leniently, because other writers (the Python session manager, older versions,
 * hand edits) share the documents. Reading never fails:
 * <ul>
 *   <li>A feedback without {@code id} (written by the Python library) is read with a
 *       {@code null} id; no id is invented, because an invented id (such as an array index)
 *       would change when the array changes. Such feedback is listed, streamed and counted,
 *       but cannot be deleted by id.
 *   <li>{@code rating} other than {@code "up"} or {@code "down"} (null, {@code "neutral"},
 *       anything else) reads as {@link Rating#NEUTRAL}. A missing {@code rating} key reads
 *       as no rating when the feedback has a readable score (feedback with a score alone),
 *       and as {@link Rating#NEUTRAL} otherwise, since feedback needs a rating or a score.
 *       Stream filters and analytics use the same rule.
 *   <li>{@code created_at} stored as ISO-8601 text is parsed (no zone means UTC);
 *       unparseable values, and dates outside years 1 to 9999, read as {@code null}.
 *   <li>Numeric {@code user_id} or {@code message_id} read as their decimal text, an
 *       ObjectId as its hex text, a binary UUID (subtype 4, or 3 as pymongo's
 *       {@code PYTHON_LEGACY} writes it) as its canonical text. Ids, tags, dimension ratings
 *       and scores that break the model's rules are dropped rather than failing the read.
 *   <li>Unknown keys (for example {@code _validated_at}) become attributes, converted as
 *       {@link BsonValues#toModel} describes.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class FeedbackCodec implements Codec<Feedback> {

  private static final Logger log = LoggerFactory.getLogger(FeedbackCodec.class);
  private static final BsonValueCodec VALUES = new BsonValueCodec();
  private static final DecoderContext DECODE = DecoderContext.builder().build();

  @Override
  public Class<Feedback> getEncoderClass() {
    return Feedback.class;
  }

  @Override
  public void encode(BsonWriter w, Feedback f, EncoderContext context) {
    w.writeStartDocument();
    if (f.id() != null) {
      w.writeString(F_ID, f.id());
    }
    if (f.rating() != null) { // feedback without a rating is stored without the key
      if (f.rating().wireValue() == null) {
        w.writeNull(F_RATING);
      } else {
        w.writeString(F_RATING, f.rating().wireValue());
      }
    }
    w.writeString(F_COMMENT, f.comment());
    if (f.createdAt() != null) {
      w.writeDateTime(F_CREATED_AT, f.createdAt().toEpochMilli());
    }
    if (f.userId() != null) {
      w.writeString(F_USER_ID, f.userId());
    }
    if (f.messageId() != null) {
      w.writeString(F_MESSAGE_ID, f.messageId());
    }
    if (f.score() != null) {
      w.writeStartDocument(F_SCORE);
      w.writeDouble(S_VALUE, f.score().value());
      w.writeString(S_SCALE, f.score().scale().name());
      w.writeDouble(S_MIN, f.score().scale().min());
      w.writeDouble(S_MAX, f.score().scale().max());
      w.writeEndDocument();
    }
    if (!f.tags().isEmpty()) {
      w.writeStartArray(F_TAGS);
      for (String tag : f.tags()) {
        w.writeString(tag);
      }
      w.writeEndArray();
    }
    if (!f.dimensions().isEmpty()) {
      w.writeStartDocument(F_DIMENSIONS);
      for (Map.Entry<Dimension, Integer> e : f.dimensions().entrySet()) {
        w.writeInt32(e.getKey().wireName(), e.getValue());
      }
      w.writeEndDocument();
    }
    if (f.correction() != null) {
      w.writeString(F_CORRECTION, f.correction());
    }
    encodeSecondEdition(w, f);
    for (Map.Entry<String, Object> e : f.attributes().entrySet()) {
      w.writeName(e.getKey());
      BsonValues.write(w, e.getValue());
    }
    w.writeEndDocument();
  }

  /** Writes the second-edition fields; each is left out when unset. */
  private static void encodeSecondEdition(BsonWriter w, Feedback f) {
    if (!Source.END_USER.equals(f.source())) {
      w.writeString(F_SOURCE, f.source().name());
    }
    writeOptional(w, F_AUTHOR_ID, f.authorId());
    writeOptional(w, F_TRACE_ID, f.traceId());
    writeOptional(w, F_SPAN_ID, f.spanId());
    if (f.model() != null) {
      w.writeName(F_MODEL);
      writeModel(w, f.model());
    }
    writeOptional(w, F_PROMPT, f.prompt());
    writeOptional(w, F_RESPONSE, f.response());
    if (f.comparison() != null) {
      w.writeStartDocument(F_COMPARISON);
      writeCandidate(w, C_A, f.comparison().a());
      writeCandidate(w, C_B, f.comparison().b());
      w.writeString(C_PREFERENCE, f.comparison().preference().wireValue());
      w.writeEndDocument();
    }
    if (f.review() != null) {
      w.writeName(F_REVIEW);
      writeReview(w, f.review());
    }
    if (f.updatedAt() != null) {
      w.writeDateTime(F_UPDATED_AT, f.updatedAt().toEpochMilli());
    }
  }

  private static void writeOptional(BsonWriter w, String name, @Nullable String value) {
    if (value != null) {
      w.writeString(name, value);
    }
  }

  private static void writeModel(BsonWriter w, ModelRef model) {
    w.writeStartDocument();
    w.writeString(M_NAME, model.name());
    writeOptional(w, M_VERSION, model.version());
    w.writeEndDocument();
  }

  private static void writeCandidate(BsonWriter w, String name, Comparison.Candidate c) {
    w.writeStartDocument(name);
    if (c.model() != null) {
      w.writeName(C_MODEL);
      writeModel(w, c.model());
    }
    writeOptional(w, C_RESPONSE_ID, c.responseId());
    writeOptional(w, C_RESPONSE, c.response());
    w.writeEndDocument();
  }

  /** A review sub-document: {@code {status, by?, at?}}. */
  public static BsonDocument review(Review review) {
    BsonDocument doc = new BsonDocument();
    writeReview(new BsonDocumentWriter(doc), review);
    return doc;
  }

  private static void writeReview(BsonWriter w, Review review) {
    w.writeStartDocument();
    w.writeString(R_STATUS, review.status().wireValue());
    writeOptional(w, R_BY, review.by());
    if (review.at() != null) {
      w.writeDateTime(R_AT, review.at().toEpochMilli());
    }
    w.writeEndDocument();
  }

  @Override
  public Feedback decode(BsonReader reader, DecoderContext context) {
    reader.readStartDocument();
    Feedback.Builder b = Feedback.builder();
    Map<String, Object> attributes = null;
    while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = reader.readName();
      BsonValue value = VALUES.decode(reader, DECODE);
      switch (name) {
        case F_ID -> b.id(id(value, FeedbackLimits.MAX_ID_LENGTH));
        case F_RATING -> b.rating(rating(value));
        case F_COMMENT -> b.comment(value.isString() ? value.asString().getValue() : "");
        case F_CREATED_AT -> b.createdAt(instant(value));
        case F_USER_ID -> b.userId(id(value, FeedbackLimits.MAX_ID_LENGTH));
        case F_MESSAGE_ID -> b.messageId(id(value, FeedbackLimits.MAX_ID_LENGTH));
        case F_SCORE -> b.score(score(value));
        case F_TAGS -> b.tags(tags(value));
        case F_DIMENSIONS -> b.dimensions(dimensions(value));
        case F_CORRECTION -> b.correction(text(value));
        case F_SOURCE -> b.source(source(value));
        case F_AUTHOR_ID -> b.authorId(id(value, FeedbackLimits.MAX_ID_LENGTH));
        case F_TRACE_ID -> b.traceId(hexId(value, Feedback.TRACE_ID_LENGTH));
        case F_SPAN_ID -> b.spanId(hexId(value, Feedback.SPAN_ID_LENGTH));
        case F_MODEL -> b.model(model(value));
        case F_PROMPT -> b.prompt(text(value));
        case F_RESPONSE -> b.response(text(value));
        case F_COMPARISON -> b.comparison(comparison(value));
        case F_REVIEW -> b.review(review(value));
        case F_UPDATED_AT -> b.updatedAt(instant(value));
        default -> {
          if (BsonValues.isModelKey(name)) {
            Object v = BsonValues.toModel(value, 1);
            if (v != null) {
              if (attributes == null) {
                attributes = new LinkedHashMap<>();
              }
              attributes.put(name, v);
            }
          }
        }
      }
    }
    reader.readEndDocument();
    if (attributes != null) {
      b.attributes(attributes);
    }
    return build(b);
  }

  /**
   * Builds the feedback read. Every field was sanitized while reading, but the model's rules
   * may be stricter than that (they grow); whatever slips through is left out, field by
   * field as the violations name them, rather than failing the read.
   */
  private static Feedback build(Feedback.Builder b) {
    for (int attempt = 0; ; attempt++) {
      try {
        return b.build();
      } catch (InvalidFeedbackException e) {
        if (attempt == 2) {
          throw new CodecConfigurationException(
              "stored feedback breaks model rules even " + "without the fields " + e.fields(), e);
        }
        // Field names only: values may be personal data.
        log.warn("Stored feedback breaks model rules in {}; reading it without them", e.fields());
        e.fields().forEach(field -> leaveOut(b, field));
      }
    }
  }

  private static void leaveOut(Feedback.Builder b, String field) {
    String name = field.split("[.\\[]", 2)[0];
    switch (name) {
      case "id" -> b.id(null);
      case "userId" -> b.userId(null);
      case "messageId" -> b.messageId(null);
      case "createdAt" -> b.createdAt(null);
      case "comment" -> b.comment("");
      case "correction" -> b.correction(null);
      case "tags" -> b.tags(List.of());
      case "dimensions" -> b.dimensions(Map.of());
      case "score" -> b.score(null);
      default -> b.attributes(Map.of());
    }
  }

  /** Decodes one stored feedback sub-document. */
  public Feedback decode(BsonDocument doc) {
    return decode(doc.asBsonReader(), DECODE);
  }

  /**
   * A stored id (of a feedback, user, message or reviewer) or tag as the model reads it:
   * text as it is, numbers as decimal text, an ObjectId as hex, a binary UUID as its text;
   * null for other types and for text the model refuses as an id.
   */
  static @Nullable String id(BsonValue value, int max) {
    String id;
    switch (value.getBsonType()) {
      case STRING -> id = value.asString().getValue();
      case INT32 -> id = Integer.toString(value.asInt32().getValue());
      case INT64 -> id = Long.toString(value.asInt64().getValue());
      case OBJECT_ID -> id = value.asObjectId().getValue().toHexString();
      case BINARY -> {
        id = BsonValues.uuidText(value.asBinary());
        if (id == null) {
          return null;
        }
      }
      default -> {
        return null;
      }
    }
    return StoredValues.isValidId(id, max) ? id : null;
  }

  private static @Nullable String text(BsonValue value) {
    return value.isString() ? value.asString().getValue() : null;
  }

  /** A stored source, or null (an end user) when it is missing or not a valid name. */
  static @Nullable Source source(BsonValue value) {
    try {
      return value.isString() ? Source.of(value.asString().getValue()) : null;
    } catch (InvalidFeedbackException e) {
      return null;
    }
  }

  private static @Nullable String hexId(BsonValue value, int length) {
    return StoredValues.hexId(text(value), length);
  }

  /** A stored {@code {name, version?}} model, or null when it is not a valid one. */
  static @Nullable ModelRef model(BsonValue value) {
    if (!value.isDocument()) {
      return null;
    }
    BsonDocument doc = value.asDocument();
    String name = id(doc.get(M_NAME, BsonNull.VALUE), FeedbackLimits.MAX_ID_LENGTH);
    return name == null
        ? null
        : new ModelRef(name, id(doc.get(M_VERSION, BsonNull.VALUE), FeedbackLimits.MAX_ID_LENGTH));
  }

  private static @Nullable Comparison comparison(BsonValue value) {
    if (!value.isDocument()) {
      return null;
    }
    BsonDocument doc = value.asDocument();
    try {
      Comparison.Candidate a = candidate(doc.get(C_A));
      Comparison.Candidate b = candidate(doc.get(C_B));
      return a == null || b == null
          ? null
          : new Comparison(
              a, b, Comparison.Preference.fromWire(text(doc.get(C_PREFERENCE, BsonNull.VALUE))));
    } catch (InvalidFeedbackException e) {
      return null;
    }
  }

  private static Comparison.@Nullable Candidate candidate(@Nullable BsonValue value) {
    if (value == null || !value.isDocument()) {
      return null;
    }
    BsonDocument doc = value.asDocument();
    return new Comparison.Candidate(
        model(doc.get(C_MODEL, BsonNull.VALUE)),
        id(doc.get(C_RESPONSE_ID, BsonNull.VALUE), FeedbackLimits.MAX_ID_LENGTH),
        text(doc.get(C_RESPONSE, BsonNull.VALUE)));
  }

  private static @Nullable Review review(BsonValue value) {
    if (!value.isDocument()) {
      return null;
    }
    BsonDocument doc = value.asDocument();
    try {
      return new Review(
          ReviewStatus.fromWire(text(doc.get(R_STATUS, BsonNull.VALUE))),
          id(doc.get(R_BY, BsonNull.VALUE), FeedbackLimits.MAX_ID_LENGTH),
          instant(doc.get(R_AT, BsonNull.VALUE)));
    } catch (InvalidFeedbackException e) {
      return null;
    }
  }

  private static Rating rating(BsonValue value) {
    if (value.isString()) {
      String wire = value.asString().getValue();
      if (wire.equals(Rating.UP.wireValue())) {
        return Rating.UP;
      }
      if (wire.equals(Rating.DOWN.wireValue())) {
        return Rating.DOWN;
      }
    }
    return Rating.NEUTRAL;
  }

  /**
   * Reads a stored instant: a BSON date, or ISO-8601 text from older writers. An instant
   * outside what the model holds ({@link io.github.agentfeedback.FeedbackLimits}) or text
   * that does not parse reads as {@code null}, so that one odd document never fails a read.
   */
  public static @Nullable Instant instant(BsonValue value) {
    Instant t = null;
    if (value.isDateTime()) {
      t = Instant.ofEpochMilli(value.asDateTime().getValue());
    } else if (value.isTimestamp()) {
      t = Instant.ofEpochSecond(value.asTimestamp().getTime());
    } else if (value.isString()) {
      t = parseInstant(value.asString().getValue().trim());
    }
    return t == null || !StoredValues.inRange(t) ? null : t;
  }

  static @Nullable Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        // Python's str(datetime) separates date and time with a space.
        if (text.length() > 10 && text.charAt(10) == ' ') {
          return parseInstant(text.substring(0, 10) + 'T' + text.substring(11));
        }
        return null;
      }
    }
  }

  /** A stored score sub-document, or null when it is not a valid score. */
  static @Nullable Score score(BsonValue value) {
    if (!value.isDocument()) {
      return null;
    }
    BsonDocument doc = value.asDocument();
    BsonValue v = doc.get(S_VALUE);
    BsonValue name = doc.get(S_SCALE);
    if (v == null || (!v.isNumber() && !v.isDecimal128()) || name == null || !name.isString()) {
      return null;
    }
    double number =
        v.isDecimal128() ? v.asDecimal128().getValue().doubleValue() : v.asNumber().doubleValue();
    try {
      Optional<Scale> builtIn = Scale.builtIn(name.asString().getValue());
      Scale scale;
      if (builtIn.isPresent()) {
        scale = builtIn.get();
      } else {
        BsonValue min = doc.get(S_MIN);
        BsonValue max = doc.get(S_MAX);
        if (min == null || max == null || !min.isNumber() || !max.isNumber()) {
          return null;
        }
        scale =
            new Scale(
                name.asString().getValue(),
                min.asNumber().doubleValue(),
                max.asNumber().doubleValue());
      }
      return new Score(number, scale);
    } catch (InvalidFeedbackException | NullPointerException e) {
      return null;
    }
  }

  private static List<String> tags(BsonValue value) {
    if (!value.isArray()) {
      return List.of();
    }
    List<String> tags = new ArrayList<>(value.asArray().size());
    for (BsonValue tag : value.asArray()) {
      if (tag.isString()
          && StoredValues.isValidId(tag.asString().getValue(), Feedback.MAX_TAG_LENGTH)) {
        tags.add(tag.asString().getValue());
      }
    }
    return tags;
  }

  private static Map<Dimension, Integer> dimensions(BsonValue value) {
    if (!value.isDocument()) {
      return Map.of();
    }
    Map<Dimension, Integer> dims = new EnumMap<>(Dimension.class);
    for (Map.Entry<String, BsonValue> e : value.asDocument().entrySet()) {
      Dimension d = dimension(e.getKey());
      Integer rating = dimensionRating(e.getValue());
      if (d != null && rating != null) {
        dims.put(d, rating);
      }
    }
    return dims;
  }

  /** The dimension with this wire name, or null for an unknown one. */
  static @Nullable Dimension dimension(String wireName) {
    for (Dimension d : Dimension.values()) {
      if (d.wireName().equals(wireName)) {
        return d;
      }
    }
    return null;
  }

  /**
   * A stored dimension rating: a number equal to a whole number from 1 to 5 (as the stats
   * pipeline's {@code $in: [1, 2, 3, 4, 5]} matches), or null.
   */
  private static @Nullable Integer dimensionRating(BsonValue value) {
    if (!value.isNumber()) {
      return null;
    }
    double d = value.asNumber().doubleValue();
    for (int r = Dimension.MIN_RATING; r <= Dimension.MAX_RATING; r++) {
      if (d == r) {
        return r;
      }
    }
    return null;
  }
}
