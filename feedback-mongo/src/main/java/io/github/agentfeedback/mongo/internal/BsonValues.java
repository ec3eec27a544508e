package io.github.agentfeedback.mongo.internal;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.spi.StoredValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.UuidRepresentation;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

/**
 * Converts between the free-form values of the core model (feedback attributes, session
 * metadata) and BSON, without reflection.
 *
 * <p>Writing accepts exactly the types {@link io.github.agentfeedback.spi.StoredValues} admits: {@link String},
 * {@link Boolean}, {@link Integer}, {@link Long}, {@link Double}, {@link Instant} (as a BSON
 * date), {@link List} (as an array) and {@link Map} (as a sub-document).
 *
 * <p>A {@code null} metadata value is written as BSON null.
 *
 * <p>Reading never fails: documents written by other tools may hold any BSON type, so each
 * is turned into the nearest admitted type. ObjectId becomes its hex string, Decimal128 a
 * double (or its text when not finite), a non-finite double its text, binary data Base64
 * text (a UUID its canonical text: subtype 4, and subtype 3 in the byte order of pymongo's
 * {@code PYTHON_LEGACY}, which is the standard one), a BSON timestamp an instant, a regular
 * expression, JavaScript or symbol its text. MinKey and MaxKey carry nothing the model can
 * hold and are dropped. Null and undefined are kept as {@code null} in metadata
 * ({@link #metadata}), where Python writes them and queries treat them as "missing or null",
 * and dropped from feedback attributes, which the model keeps free of nulls. Keys the model
 * forbids (empty, starting with {@code $}, holding {@code .} or NUL) are dropped. Containers
 * nested deeper than {@link io.github.agentfeedback.FeedbackLimits#MAX_DEPTH} become their JSON text.
 *
 * <p>Stateless and thread-safe.
 */
public final class BsonValues {

  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private BsonValues() {}

  /**
   * Writes a model value; {@code null} (a metadata value) as BSON null.
   *
   * @throws CodecConfigurationException for a type the model does not admit
   */
  public static void write(BsonWriter writer, @Nullable Object value) {
    if (value == null) {
      writer.writeNull();
    } else if (value instanceof String s) {
      writer.writeString(s);
    } else if (value instanceof Boolean b) {
      writer.writeBoolean(b);
    } else if (value instanceof Integer i) {
      writer.writeInt32(i);
    } else if (value instanceof Long l) {
      writer.writeInt64(l);
    } else if (value instanceof Double d) {
      writer.writeDouble(d);
    } else if (value instanceof Instant t) {
      writer.writeDateTime(t.toEpochMilli());
    } else if (value instanceof List<?> list) {
      writer.writeStartArray();
      for (Object element : list) {
        write(writer, element);
      }
      writer.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      writer.writeStartDocument();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writer.writeName((String) e.getKey());
        write(writer, e.getValue());
      }
      writer.writeEndDocument();
    } else {
      throw unsupported(value);
    }
  }

  /**
   * Converts a model value to BSON; {@code null} (a metadata value) to BSON null.
   *
   * @throws CodecConfigurationException for a type the model does not admit
   */
  public static BsonValue toBson(@Nullable Object value) {
    if (value == null) {
      return BsonNull.VALUE;
    } else if (value instanceof String s) {
      return new BsonString(s);
    } else if (value instanceof Boolean b) {
      return BsonBoolean.valueOf(b);
    } else if (value instanceof Integer i) {
      return new BsonInt32(i);
    } else if (value instanceof Long l) {
      return new BsonInt64(l);
    } else if (value instanceof Double d) {
      return new BsonDouble(d);
    } else if (value instanceof Instant t) {
      return new BsonDateTime(t.toEpochMilli());
    } else if (value instanceof List<?> list) {
      BsonArray array = new BsonArray(new ArrayList<>(list.size()));
      for (Object element : list) {
        array.add(toBson(element));
      }
      return array;
    } else if (value instanceof Map<?, ?> map) {
      BsonDocument doc = new BsonDocument();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        doc.append((String) e.getKey(), toBson(e.getValue()));
      }
      return doc;
    }
    throw unsupported(value);
  }

  /**
   * Converts a stored value to a model value.
   *
   * @param value the stored value
   * @param depth the nesting depth of the value, 1 for a top-level attribute or metadata
   *     value
   * @return the model value, or {@code null} when the value is to be dropped
   */
  public static @Nullable Object toModel(BsonValue value, int depth) {
    return toModel(value, depth, false);
  }

  private static @Nullable Object toModel(BsonValue value, int depth, boolean keepNulls) {
    switch (value.getBsonType()) {
      case STRING -> {
        return value.asString().getValue();
      }
      case BOOLEAN -> {
        return value.asBoolean().getValue();
      }
      case INT32 -> {
        return value.asInt32().getValue();
      }
      case INT64 -> {
        return value.asInt64().getValue();
      }
      case DOUBLE -> {
        return finiteOrText(value.asDouble().getValue());
      }
      case DECIMAL128 -> {
        Decimal128 d = value.asDecimal128().getValue();
        return d.isNaN() || d.isInfinite() ? d.toString() : finiteOrText(d.doubleValue());
      }
      case DATE_TIME -> {
        Instant t = Instant.ofEpochMilli(value.asDateTime().getValue());
        // outside the model's range: its text
        return StoredValues.inRange(t) ? t : t.toString();
      }
      case TIMESTAMP -> {
        return Instant.ofEpochSecond(value.asTimestamp().getTime());
      }
      case OBJECT_ID -> {
        return value.asObjectId().getValue().toHexString();
      }
      case BINARY -> {
        return binaryText(value.asBinary());
      }
      case REGULAR_EXPRESSION -> {
        return "/"
            + value.asRegularExpression().getPattern()
            + "/"
            + value.asRegularExpression().getOptions();
      }
      case JAVASCRIPT -> {
        return value.asJavaScript().getCode();
      }
      case JAVASCRIPT_WITH_SCOPE -> {
        return value.asJavaScriptWithScope().getCode();
      }
      case SYMBOL -> {
        return value.asSymbol().getSymbol();
      }
      case DB_POINTER -> {
        return value.asDBPointer().getNamespace() + "/" + value.asDBPointer().getId().toHexString();
      }
      case ARRAY -> {
        return depth > FeedbackLimits.MAX_DEPTH
            ? json(value)
            : list(value.asArray(), depth, keepNulls);
      }
      case DOCUMENT -> {
        return depth > FeedbackLimits.MAX_DEPTH
            ? json(value)
            : map(value.asDocument(), depth, keepNulls);
      }
      default -> {
        // NULL, UNDEFINED (kept as null only in metadata), MIN_KEY, MAX_KEY, END_OF_DOCUMENT.
        return null;
      }
    }
  }

  /**
   * Converts a stored sub-document to an immutable model map, dropping keys and values the
   * model cannot hold.
   *
   * @param doc the stored document
   * @param depth the nesting depth of the document itself: 0 for a whole metadata or
   *     attributes document, so that its values are at depth 1
   */
  public static Map<String, Object> map(BsonDocument doc, int depth) {
    return map(doc, depth, false);
  }

  /**
   * Converts a stored {@code metadata} sub-document to an immutable model map. Unlike
   * {@link #map}, keys whose value is null (or undefined) are kept, with a {@code null}
   * value, at every level.
   */
  public static Map<String, Object> metadata(BsonDocument doc) {
    return map(doc, 0, true);
  }

  private static Map<String, Object> map(BsonDocument doc, int depth, boolean keepNulls) {
    Map<String, Object> map = new LinkedHashMap<>(doc.size() * 2);
    for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
      if (!isModelKey(e.getKey())) {
        continue;
      }
      Object v = toModel(e.getValue(), depth + 1, keepNulls);
      if (v != null || (keepNulls && isNull(e.getValue()))) {
        map.put(e.getKey(), v);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Whether the model admits a key: not empty, not starting with {@code $}, free of
   * {@code .} and NUL.
   */
  public static boolean isModelKey(String key) {
    return !key.isEmpty() && key.charAt(0) != '$' && key.indexOf('.') < 0 && key.indexOf('\0') < 0;
  }

  private static List<Object> list(BsonArray array, int depth, boolean keepNulls) {
    List<Object> list = new ArrayList<>(array.size());
    for (BsonValue element : array) {
      Object v = toModel(element, depth + 1, keepNulls);
      if (v != null || (keepNulls && isNull(element))) {
        list.add(v);
      }
    }
    return Collections.unmodifiableList(list);
  }

  private static boolean isNull(BsonValue value) {
    return value.isNull() || value.getBsonType() == BsonType.UNDEFINED;
  }

  /**
   * The canonical text of a UUID stored as binary: subtype 4, or subtype 3 as pymongo's
   * {@code PYTHON_LEGACY} representation writes it (the standard byte order; Java's and
   * C#'s legacy orders differ, and are not what the Python library's documents hold).
   *
   * @return the UUID's text, or null when the value is no 16-byte UUID
   */
  public static @Nullable String uuidText(BsonBinary binary) {
    byte type = binary.getType();
    if (binary.getData().length != 16) {
      return null;
    }
    if (type == BsonBinarySubType.UUID_STANDARD.getValue()) {
      return binary.asUuid().toString();
    }
    if (type == BsonBinarySubType.UUID_LEGACY.getValue()) {
      return binary.asUuid(UuidRepresentation.PYTHON_LEGACY).toString();
    }
    return null;
  }

  private static Object finiteOrText(double d) {
    return Double.isFinite(d) ? (Object) d : Double.toString(d);
  }

  private static String binaryText(BsonBinary binary) {
    String uuid = uuidText(binary);
    return uuid != null ? uuid : Base64.getEncoder().encodeToString(binary.getData());
  }

  private static String json(BsonValue value) {
    String wrapped = new BsonDocument("v", value).toJson(JSON);
    // {"v": <value>}
    return wrapped.substring(wrapped.indexOf(':') + 1, wrapped.length() - 1).trim();
  }

  private static CodecConfigurationException unsupported(@Nullable Object value) {
    return new CodecConfigurationException(
        "unsupported value type "
            + (value == null ? "null" : value.getClass().getName())
            + "; use String, Boolean, Integer, Long, Double, Instant, List or Map");
  }
}
