package io.github.agentfeedback.jdbc.internal;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.ModelRef;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The {@code WHERE} clause of a {@link FeedbackQuery} over the feedback table (alias
 * {@code f}) and, for metadata criteria, the sessions table (alias {@code s}).
 *
 * <p>Metadata criteria compare as the library does ({@code StoredValues.same}): a number
 * matches every stored number of the same value whatever its Java type, {@code null} matches
 * a key that is missing or null, and any other value matches an equal stored value. Lists
 * and maps are compared by their JSON ({@link Json} writes equal values alike), which on
 * PostgreSQL compares the plain numbers in them by value too, but not a {@code Long} in them
 * with an {@code Integer} or a {@code Double}, nor, on SQLite, {@code 3} with {@code 3.0}.
 *
 * <p>Not thread-safe; one per statement.
 */
public final class Where {

  private Where() {}

  /**
   * Appends the conditions of a query, each preceded by {@code " AND "}, and adds their
   * parameters.
   *
   * @param sql the statement being built
   * @param p its parameters
   * @param query the criteria
   * @param postgres whether the database is PostgreSQL
   * @return whether the conditions read the sessions table ({@code s}), which the caller
   *     then joins
   */
  public static boolean append(StringBuilder sql, Params p, FeedbackQuery query, boolean postgres) {
    if (query.sessionIds().size() == 1) {
      sql.append(" AND f.session_id = ").append(p.text(query.sessionIds().iterator().next()));
    } else if (!query.sessionIds().isEmpty()) {
      String ids = p.json(Json.strings(new TreeSet<>(query.sessionIds())));
      sql.append(" AND f.session_id IN (SELECT ")
          .append(
              postgres
                  ? "jsonb_array_elements_text(" + ids + ")"
                  : "value FROM json_each(" + ids + ")")
          .append(')');
    }
    if (query.since() != null) {
      sql.append(" AND f.created_at >= ").append(p.instant(query.since()));
    }
    if (query.until() != null) {
      sql.append(" AND f.created_at < ").append(p.instant(query.until()));
    }
    equal(sql, p, "f.rating", FeedbackRow.rating(query.rating()));
    equal(sql, p, "f.user_id", query.userId());
    if (query.tag() != null) {
      if (postgres) {
        sql.append(" AND f.tags @> ").append(p.json(Json.write(List.of(query.tag()))));
      } else {
        // json_each gives a tag as stored, with Text's escape
        sql.append(" AND EXISTS (SELECT 1 FROM json_each(f.tags) WHERE value = ")
            .append(p.text(Text.escape(query.tag())))
            .append(')');
      }
    }
    equal(sql, p, "f.message_id", query.messageId());
    equal(sql, p, "f.trace_id", query.traceId());
    equal(sql, p, "f.span_id", query.spanId());
    ModelRef model = query.model();
    if (model != null) {
      equal(sql, p, "f.model_name", model.name());
      equal(sql, p, "f.model_version", model.version());
    }
    equal(sql, p, "f.source", query.source() == null ? null : query.source().name());
    equal(sql, p, "f.author_id", query.authorId());
    equal(
        sql,
        p,
        "f.review_status",
        query.reviewStatus() == null ? null : query.reviewStatus().wireValue());
    for (Map.Entry<String, Object> e : query.metadata().entrySet()) {
      sql.append(" AND ");
      metadata(sql, p, e.getKey(), e.getValue(), postgres);
    }
    return !query.metadata().isEmpty();
  }

  private static void equal(StringBuilder sql, Params p, String column, @Nullable String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ").append(p.text(value));
    }
  }

  /**
   * The SQL of a metadata value of the session row {@code s}: its JSON text, or null when
   * the key is missing.
   */
  public static String metadataValue(Params p, String key, boolean postgres) {
    return postgres
        ? "(s.metadata -> " + p.text(key) + ")::text"
        : "(s.metadata -> " + p.text(path(key)) + ")";
  }

  /** The SQLite JSON path of a top-level key. */
  static String path(String key) {
    return "$." + Json.quote(key);
  }

  private static void metadata(
      StringBuilder sql, Params p, String key, @Nullable Object value, boolean postgres) {
    if (postgres) {
      if (value == null) {
        sql.append("(s.metadata -> ").append(p.text(key)).append(" IS NULL OR s.metadata -> ");
        sql.append(p.text(key)).append(" = 'null'::jsonb)");
      } else if (value instanceof Number n) {
        sql.append("s.metadata -> ").append(p.text(key)).append(" IN (");
        sql.append(p.json(plainNumber(n)));
        for (String wrapped : wrappedForms(n)) {
          sql.append(", ").append(p.json(wrapped));
        }
        sql.append(')');
      } else {
        sql.append("s.metadata -> ")
            .append(p.text(key))
            .append(" = ")
            .append(p.json(Json.write(value)));
      }
      return;
    }
    String path = path(key);
    if (value == null) {
      sql.append("(json_type(s.metadata, ").append(p.text(path)).append(") IS NULL OR ");
      sql.append("json_type(s.metadata, ").append(p.text(path)).append(") = 'null')");
    } else if (value instanceof Number n) {
      sql.append("((json_type(s.metadata, ")
          .append(p.text(path))
          .append(") IN ('integer', 'real')");
      sql.append(" AND json_extract(s.metadata, ").append(p.text(path)).append(") = ");
      sql.append(n instanceof Double d ? p.real(d) : p.number(n.longValue())).append(')');
      for (String wrapped : wrappedForms(n)) {
        sql.append(" OR s.metadata -> ").append(p.text(path)).append(" = ").append(p.text(wrapped));
      }
      sql.append(')');
    } else {
      sql.append("s.metadata -> ")
          .append(p.text(path))
          .append(" = ")
          .append(p.text(Json.write(value)));
    }
  }

  /** A number as a plain JSON number, whatever its type. */
  private static String plainNumber(Number n) {
    if (n instanceof Double d) {
      return Json.write(d == 0 ? 0.0 : d);
    }
    return Long.toString(n.longValue());
  }

  /** The wrapped forms ({@code $numberLong}, {@code $numberDouble}) a number may be stored in. */
  private static List<String> wrappedForms(Number n) {
    double d = n.doubleValue();
    boolean integral = !(n instanceof Double) || (d == Math.rint(d) && Math.abs(d) < 0x1p63);
    if (!integral) {
      return List.of();
    }
    long l = n instanceof Double ? (long) d : n.longValue();
    return l == 0 ? List.of(Json.write(0L), Json.write(-0.0)) : List.of(Json.write(l));
  }
}
