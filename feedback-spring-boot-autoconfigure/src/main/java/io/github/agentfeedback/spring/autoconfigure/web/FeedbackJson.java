package io.github.agentfeedback.spring.autoconfigure.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.Violation;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Feedback as the REST endpoints read and write it: snake_case keys, as the store writes
 * them. Reading is strict: an unknown key, a value of the wrong type, duplicate keys or
 * trailing data are violations; nothing in a body ever becomes a query. Thread-safe.
 */
final class FeedbackJson {

  /** Nesting deeper than any valid body (attributes hold a few levels). */
  static final int MAX_DEPTH = 16;

  private final ObjectMapper mapper;

  FeedbackJson(int maxBodyBytes) {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(Math.max(maxBodyBytes, 1))
                    .build())
            .build();
    this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** JSON text of a string, quotes included. */
  String quote(String text) {
    try {
      return mapper.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a feedback body.
   *
   * @throws MalformedJsonException if the bytes are not one JSON document in UTF-8
   * @throws InvalidFeedbackException naming every bad field
   */
  Feedback read(byte[] body, @Nullable String idempotencyKey) {
    return read(body, idempotencyKey, null);
  }

  /** What a page may post with a feedback token: the vote, not whose or on what it is. */
  static final Set<String> VOTE_FIELDS = Set.of("rating", "comment", "score", "created_at");

  /**
   * Reads the body of a vote posted with a feedback token: only {@link #VOTE_FIELDS}; the
   * token says the rest.
   *
   * @throws MalformedJsonException if the bytes are not one JSON document in UTF-8
   * @throws InvalidFeedbackException naming every bad or other field
   */
  Feedback readVote(byte[] body) {
    return read(body, null, VOTE_FIELDS);
  }

  private Feedback read(
      byte[] body, @Nullable String idempotencyKey, @Nullable Set<String> allowed) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (IOException e) {
      throw new MalformedJsonException(e);
    }
    if (root == null || !root.isObject()) {
      throw InvalidFeedbackException.of("body", "not_an_object", "the body must be a JSON object");
    }
    List<Violation> violations = new ArrayList<>();
    Feedback.Builder b = Feedback.builder();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (allowed != null && !allowed.contains(field.getKey())) {
        violations.add(
            new Violation(
                shown(field.getKey()),
                "not_allowed",
                "field '"
                    + shown(field.getKey())
                    + "' cannot be posted with a feedback token; allowed: comment, created_at,"
                    + " rating, score"));
        continue;
      }
      try {
        set(b, field.getKey(), field.getValue(), violations);
      } catch (InvalidFeedbackException e) {
        violations.addAll(e.violations());
      } catch (RuntimeException e) {
        violations.add(
            new Violation(shown(field.getKey()), "invalid", String.valueOf(e.getMessage())));
      }
    }
    if (idempotencyKey != null) {
      JsonNode id = root.get("id");
      if (id != null && !id.isNull() && !idempotencyKey.equals(id.asText())) {
        violations.add(
            new Violation(
                "id", "conflict", "the body's id differs from the Idempotency-Key header"));
      } else {
        b.id(idempotencyKey);
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidFeedbackException(violations);
    }
    return b.build();
  }

  private static void set(Feedback.Builder b, String key, JsonNode v, List<Violation> out) {
    switch (key) {
      case "id" -> b.id(text(key, v));
      case "rating" -> b.rating(v.isNull() ? Rating.NEUTRAL : Rating.fromWire(text(key, v)));
      case "comment" -> b.comment(text(key, v));
      case "score" -> b.score(score(v));
      case "user_id" -> b.userId(text(key, v));
      case "message_id" -> b.messageId(text(key, v));
      case "correction" -> b.correction(text(key, v));
      case "author_id" -> b.authorId(text(key, v));
      case "trace_id" -> b.traceId(text(key, v));
      case "span_id" -> b.spanId(text(key, v));
      case "prompt" -> b.prompt(text(key, v));
      case "response" -> b.response(text(key, v));
      case "source" -> {
        String source = text(key, v);
        b.source(source == null ? null : new Source(source));
      }
      case "created_at" -> b.createdAt(instant(key, v));
      case "tags" -> b.tags(strings(key, v));
      case "dimensions" -> b.dimensions(dimensions(v));
      case "model" -> b.model(model(v));
      case "attributes" -> b.attributes(object(key, v));
      default ->
          out.add(
              new Violation(
                  shown(key),
                  "unknown_field",
                  "unknown field '"
                      + shown(key)
                      + "'; known: id, rating, comment, score, user_id, message_id, tags,"
                      + " dimensions, correction, source, author_id, trace_id, span_id, model,"
                      + " prompt, response, created_at, attributes"));
    }
  }

  private static @Nullable String text(String field, JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw badType(field, "a string");
    }
    return v.textValue();
  }

  private static @Nullable Instant instant(String field, JsonNode v) {
    String text = text(field, v);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw InvalidFeedbackException.of(
          field, "bad_format", field + " must be an ISO-8601 instant such as 2026-03-01T10:00:00Z");
    }
  }

  private static List<String> strings(String field, JsonNode v) {
    if (v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw badType(field, "an array of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw badType(field, "an array of strings");
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static @Nullable Score score(JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (!v.isObject() || !v.path("value").isNumber()) {
      throw badType("score", "an object {\"value\": number, \"scale\": \"stars_5\"}");
    }
    List<Violation> unknown = unknownKeys("score", v, new ArrayList<>(), "value", "scale");
    JsonNode scale = v.path("scale");
    Scale s;
    if (scale.isTextual()) {
      s =
          Scale.builtIn(scale.textValue())
              .orElseThrow(
                  () ->
                      InvalidFeedbackException.of(
                          "score",
                          "unknown_scale",
                          "score.scale must be stars_5, nps, csat, ces, or an object"
                              + " {\"name\", \"min\", \"max\"}"));
    } else if (scale.isObject()
        && scale.path("name").isTextual()
        && scale.path("min").isNumber()
        && scale.path("max").isNumber()) {
      unknownKeys("score.scale", scale, unknown, "name", "min", "max");
      s =
          Scale.of(
              scale.path("name").textValue(),
              scale.path("min").doubleValue(),
              scale.path("max").doubleValue());
    } else {
      throw badType("score", "an object {\"value\": number, \"scale\": \"stars_5\"}");
    }
    if (!unknown.isEmpty()) {
      throw new InvalidFeedbackException(unknown);
    }
    return new Score(v.path("value").doubleValue(), s);
  }

  private static Map<Dimension, Integer> dimensions(JsonNode v) {
    if (v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw badType("dimensions", "an object of dimension names to ratings 1 to 5");
    }
    Map<Dimension, Integer> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().canConvertToExactIntegral() || !e.getValue().canConvertToInt()) {
        throw badType("dimensions", "an object of dimension names to ratings 1 to 5");
      }
      out.put(Dimension.fromWire(e.getKey()), e.getValue().intValue());
    }
    return out;
  }

  private static @Nullable ModelRef model(JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return ModelRef.of(v.textValue());
    }
    if (v.isObject() && v.path("name").isTextual()) {
      List<Violation> unknown = unknownKeys("model", v, new ArrayList<>(), "name", "version");
      if (!unknown.isEmpty()) {
        throw new InvalidFeedbackException(unknown);
      }
      JsonNode version = v.path("version");
      if (version.isMissingNode() || version.isNull()) {
        return ModelRef.of(v.path("name").textValue());
      }
      if (version.isTextual()) {
        return ModelRef.of(v.path("name").textValue(), version.textValue());
      }
    }
    throw badType("model", "a name, or an object {\"name\", \"version\"}");
  }

  private static Map<String, Object> object(String field, JsonNode v) {
    if (v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw badType(field, "an object");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      out.put(e.getKey(), value(field, e.getValue()));
    }
    return out;
  }

  private static Object value(String field, JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>(v.size());
      for (JsonNode item : v) {
        out.add(value(field, item));
      }
      return out;
    }
    if (v.isObject()) {
      return object(field, v);
    }
    throw badType(field, "made of strings, numbers, booleans, arrays and objects, without null");
  }

  /**
   * Adds to {@code unknown} a violation for each key of an object other than {@code known},
   * named {@code field.key}: nested objects are read as strictly as the body, so a misspelt
   * key is never dropped.
   *
   * @return {@code unknown}
   */
  private static List<Violation> unknownKeys(
      String field, JsonNode object, List<Violation> unknown, String... known) {
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      String key = property.getKey();
      if (!List.of(known).contains(key)) {
        String name = field + "." + shown(key);
        unknown.add(
            new Violation(
                name,
                "unknown_field",
                "unknown field '" + name + "'; known: " + String.join(", ", known)));
      }
    }
    return unknown;
  }

  private static InvalidFeedbackException badType(String field, String what) {
    return InvalidFeedbackException.of(field, "bad_type", field + " must be " + what);
  }

  /** A key as a client sent it, made safe to echo: at most 64 chars, no control chars. */
  static String shown(String key) {
    StringBuilder b = new StringBuilder(Math.min(key.length(), 64) + 1);
    for (int i = 0; i < key.length() && b.length() < 64; i++) {
      char c = key.charAt(i);
      b.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
    }
    return key.length() > 64 ? b.append('…').toString() : b.toString();
  }

  /** A stored feedback as a JSON object: stored names, absent when unset. */
  static Map<String, Object> write(Feedback f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", f.id());
    if (f.rating() != null) {
      out.put("rating", f.rating().name().toLowerCase(Locale.ROOT));
    }
    out.put("comment", f.comment());
    putInstant(out, "created_at", f.createdAt());
    putIfSet(out, "user_id", f.userId());
    putIfSet(out, "message_id", f.messageId());
    if (f.score() != null) {
      out.put("score", Map.of("value", f.score().value(), "scale", f.score().scale().name()));
    }
    if (!f.tags().isEmpty()) {
      out.put("tags", f.tags());
    }
    if (!f.dimensions().isEmpty()) {
      Map<String, Object> dimensions = new LinkedHashMap<>();
      f.dimensions().forEach((d, v) -> dimensions.put(d.wireName(), v));
      out.put("dimensions", dimensions);
    }
    putIfSet(out, "correction", f.correction());
    out.put("source", f.source().name());
    putIfSet(out, "author_id", f.authorId());
    putIfSet(out, "trace_id", f.traceId());
    putIfSet(out, "span_id", f.spanId());
    if (f.model() != null) {
      out.put("model", model(f.model()));
    }
    putIfSet(out, "prompt", f.prompt());
    putIfSet(out, "response", f.response());
    if (f.comparison() != null) {
      out.put("comparison", comparison(f.comparison()));
    }
    if (f.review() != null) {
      Review r = f.review();
      Map<String, Object> review = new LinkedHashMap<>();
      review.put("status", r.status().wireValue());
      putIfSet(review, "by", r.by());
      putInstant(review, "at", r.at());
      out.put("review", review);
    }
    putInstant(out, "updated_at", f.updatedAt());
    f.attributes().forEach((k, v) -> out.put(k, plain(v)));
    return out;
  }

  private static Map<String, Object> model(ModelRef model) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", model.name());
    putIfSet(out, "version", model.version());
    return out;
  }

  private static Map<String, Object> comparison(Comparison c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("a", candidate(c.a()));
    out.put("b", candidate(c.b()));
    out.put("preference", c.preference().wireValue());
    return out;
  }

  private static Map<String, Object> candidate(Comparison.Candidate c) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (c.model() != null) {
      out.put("model", model(c.model()));
    }
    putIfSet(out, "response_id", c.responseId());
    putIfSet(out, "response", c.response());
    return out;
  }

  /** An attribute value with its instants as ISO-8601 text, so any JSON writer agrees. */
  private static @Nullable Object plain(@Nullable Object value) {
    if (value instanceof Instant t) {
      return t.toString();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    return value;
  }

  private static void putIfSet(Map<String, Object> out, String key, @Nullable Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  private static void putInstant(Map<String, Object> out, String key, @Nullable Instant value) {
    if (value != null) {
      out.put(key, value.toString());
    }
  }

  /** The body is not one JSON document in UTF-8. */
  static final class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
