package io.github.agentfeedback.export.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.export.SkipReason;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The plain dump: {@code session_id} and every feedback field under its stored name, every
 * key always present (null, {@code []} or {@code {}} when absent), attributes nested under
 * {@code attributes}. Skips nothing.
 */
public final class DumpFormat implements RowFormat {

  /** The rating of feedback without one (a score alone); {@code null} is neutral. */
  static final String NO_RATING = "none";

  /** ISO-8601 in UTC, always with milliseconds: {@code 2026-01-31T09:15:00.000Z}. */
  private static final DateTimeFormatter INSTANT =
      new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);

  @Override
  public @Nullable SkipReason write(SessionFeedback row, JsonGenerator out) throws IOException {
    Feedback f = row.feedback();
    out.writeStartObject();
    out.writeStringField("session_id", row.sessionId());
    out.writeStringField("id", f.id());
    out.writeStringField("rating", f.rating() == null ? NO_RATING : f.rating().wireValue());
    out.writeStringField("comment", f.comment());
    instant(out, "created_at", f.createdAt());
    out.writeStringField("user_id", f.userId());
    out.writeStringField("message_id", f.messageId());
    object(out, "score", f.score(), DumpFormat::score);
    out.writeFieldName("tags");
    value(out, f.tags());
    out.writeObjectFieldStart("dimensions");
    for (Map.Entry<Dimension, Integer> e : f.dimensions().entrySet()) {
      out.writeNumberField(e.getKey().wireName(), e.getValue());
    }
    out.writeEndObject();
    out.writeStringField("correction", f.correction());
    out.writeStringField("source", f.source().name());
    out.writeStringField("author_id", f.authorId());
    out.writeStringField("trace_id", f.traceId());
    out.writeStringField("span_id", f.spanId());
    object(out, "model", f.model(), DumpFormat::model);
    out.writeStringField("prompt", f.prompt());
    out.writeStringField("response", f.response());
    object(out, "comparison", f.comparison(), DumpFormat::comparison);
    object(out, "review", f.review(), DumpFormat::review);
    instant(out, "updated_at", f.updatedAt());
    out.writeFieldName("attributes");
    value(out, f.attributes());
    out.writeEndObject();
    return null;
  }

  private static void instant(JsonGenerator out, String name, @Nullable Instant instant)
      throws IOException {
    out.writeStringField(name, instant == null ? null : INSTANT.format(instant));
  }

  /** Fills a JSON object with a value's fields. */
  private interface Fields<T> {
    void write(JsonGenerator out, T value) throws IOException;
  }

  /** Writes a named field: {@code null}, or an object holding the value's fields. */
  private static <T> void object(
      JsonGenerator out, String name, @Nullable T value, Fields<T> fields) throws IOException {
    out.writeFieldName(name);
    if (value == null) {
      out.writeNull();
      return;
    }
    out.writeStartObject();
    fields.write(out, value);
    out.writeEndObject();
  }

  private static void score(JsonGenerator out, Score score) throws IOException {
    out.writeNumberField("value", score.value());
    out.writeStringField("scale", score.scale().name());
    out.writeNumberField("min", score.scale().min());
    out.writeNumberField("max", score.scale().max());
  }

  private static void model(JsonGenerator out, ModelRef model) throws IOException {
    out.writeStringField("name", model.name());
    out.writeStringField("version", model.version());
  }

  private static void comparison(JsonGenerator out, Comparison comparison) throws IOException {
    object(out, "a", comparison.a(), DumpFormat::candidate);
    object(out, "b", comparison.b(), DumpFormat::candidate);
    out.writeStringField("preference", comparison.preference().wireValue());
  }

  private static void candidate(JsonGenerator out, Comparison.Candidate c) throws IOException {
    object(out, "model", c.model(), DumpFormat::model);
    out.writeStringField("response_id", c.responseId());
    out.writeStringField("response", c.response());
  }

  private static void review(JsonGenerator out, Review review) throws IOException {
    out.writeStringField("status", review.status().wireValue());
    out.writeStringField("by", review.by());
    instant(out, "at", review.at());
  }

  /** An attribute value: the types {@link Feedback#attributes()} admits. */
  private static void value(JsonGenerator out, @Nullable Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Integer i) {
      out.writeNumber(i);
    } else if (value instanceof Long l) {
      out.writeNumber(l);
    } else if (value instanceof Double d) {
      out.writeNumber(d);
    } else if (value instanceof Instant t) {
      out.writeString(INSTANT.format(t));
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object item : list) {
        value(out, item);
      }
      out.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.writeFieldName(e.getKey().toString()); // keys are strings, as Feedback checks
        value(out, e.getValue());
      }
      out.writeEndObject();
    } else {
      // Feedback's constructor admits no other type.
      throw new IllegalStateException(
          "attribute value of unsupported type " + value.getClass().getName());
    }
  }
}
