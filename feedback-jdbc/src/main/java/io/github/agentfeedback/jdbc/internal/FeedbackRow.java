package io.github.agentfeedback.jdbc.internal;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.Source;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One feedback as a row of the feedback table: the columns in order, how a feedback is bound
 * to the parameters of an insert or update, and how a row is read back.
 *
 * <p>Stateless and thread-safe.
 */
public final class FeedbackRow {

  /** The columns written for a feedback, in binding order; {@code seq} is the database's. */
  public static final List<String> COLUMNS;

  /** The columns that {@link #read} reads, after {@code session_id}. */
  public static final List<String> READ_COLUMNS;

  /** The columns of the dimensions, in {@link Dimension} order. */
  public static final List<String> DIMENSION_COLUMNS;

  private static final Dimension[] DIMENSIONS = Dimension.values();

  static {
    List<String> dims = new ArrayList<>();
    for (Dimension d : DIMENSIONS) {
      dims.add("dim_" + d.name().toLowerCase(Locale.ROOT));
    }
    DIMENSION_COLUMNS = List.copyOf(dims);
    List<String> c = new ArrayList<>();
    c.addAll(
        List.of(
            "session_id",
            "id",
            "vote_id",
            "rating",
            "score_value",
            "score_scale",
            "score_min",
            "score_max",
            "comment",
            "comment_length",
            "created_at",
            "updated_at",
            "user_id",
            "message_id",
            "tags"));
    c.addAll(dims);
    c.addAll(
        List.of(
            "correction",
            "source",
            "author_id",
            "trace_id",
            "span_id",
            "model_name",
            "model_version",
            "prompt",
            "response",
            "comparison",
            "review_status",
            "review_by",
            "review_at",
            "attributes"));
    COLUMNS = List.copyOf(c);
    READ_COLUMNS = COLUMNS.subList(1, COLUMNS.size());
  }

  private static final List<String> JSON_COLUMNS = List.of("tags", "comparison", "attributes");

  private FeedbackRow() {}

  /**
   * The placeholder of each column for a dialect: {@code ?::jsonb} for JSON columns on
   * PostgreSQL, else {@code ?}.
   *
   * @param postgres whether the database is PostgreSQL
   * @return one placeholder per column of {@link #COLUMNS}, comma-separated, in parentheses
   */
  public static String placeholders(boolean postgres) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < COLUMNS.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(postgres && JSON_COLUMNS.contains(COLUMNS.get(i)) ? "?::jsonb" : "?");
    }
    return sb.append(')').toString();
  }

  /**
   * The rating as stored.
   *
   * @param rating the rating, or null
   * @return {@code up}, {@code down}, {@code neutral}, or null
   */
  public static @Nullable String rating(@Nullable Rating rating) {
    return rating == null ? null : rating.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The rating a stored value names.
   *
   * @param stored {@code up}, {@code down}, {@code neutral}, or null
   * @return the rating, or null
   */
  public static @Nullable Rating rating(@Nullable String stored) {
    return stored == null ? null : Rating.valueOf(stored.toUpperCase(Locale.ROOT));
  }

  /**
   * Binds every column of {@link #COLUMNS} from parameter {@code first} on.
   *
   * @return the index of the next parameter
   */
  public static int bind(
      PreparedStatement ps, int first, boolean postgres, String sessionId, Feedback f)
      throws SQLException {
    int i = first;
    ps.setString(i++, sessionId);
    ps.setString(i++, f.id());
    return bindContent(ps, i, postgres, f, true);
  }

  /**
   * Binds the columns of {@link #COLUMNS} after {@code session_id} and {@code id}: all of
   * them with {@code createdAt}, else those of {@link #UPDATE_COLUMNS}.
   *
   * @return the index of the next parameter
   */
  public static int bindContent(
      PreparedStatement ps, int first, boolean postgres, Feedback f, boolean createdAt)
      throws SQLException {
    int i = first;
    ps.setString(
        i++,
        f.userId() != null && f.messageId() != null
            ? Feedback.voteId(f.userId(), f.messageId())
            : null);
    ps.setString(i++, rating(f.rating()));
    Score score = f.score();
    if (score == null) {
      ps.setNull(i++, Types.DOUBLE);
      ps.setNull(i++, Types.VARCHAR);
      ps.setNull(i++, Types.DOUBLE);
      ps.setNull(i++, Types.DOUBLE);
    } else {
      ps.setDouble(i++, score.value());
      ps.setString(i++, score.scale().name());
      ps.setDouble(i++, score.scale().min());
      ps.setDouble(i++, score.scale().max());
    }
    ps.setString(i++, Text.escape(f.comment()));
    ps.setInt(i++, f.comment().codePointCount(0, f.comment().length()));
    if (createdAt) {
      setInstant(ps, i++, postgres, f.createdAt());
    }
    setInstant(ps, i++, postgres, f.updatedAt());
    ps.setString(i++, f.userId());
    ps.setString(i++, f.messageId());
    ps.setString(i++, f.tags().isEmpty() ? null : Json.write(f.tags()));
    for (Dimension d : DIMENSIONS) {
      Integer v = f.dimensions().get(d);
      if (v == null) {
        ps.setNull(i++, Types.SMALLINT);
      } else {
        ps.setInt(i++, v);
      }
    }
    ps.setString(i++, Text.escape(f.correction()));
    ps.setString(i++, f.source().name());
    ps.setString(i++, f.authorId());
    ps.setString(i++, f.traceId());
    ps.setString(i++, f.spanId());
    ModelRef model = f.model();
    ps.setString(i++, model == null ? null : model.name());
    ps.setString(i++, model == null ? null : model.version());
    ps.setString(i++, Text.escape(f.prompt()));
    ps.setString(i++, Text.escape(f.response()));
    ps.setString(i++, f.comparison() == null ? null : Json.write(comparison(f.comparison())));
    i = bindReview(ps, i, postgres, f.review());
    ps.setString(i++, f.attributes().isEmpty() ? null : Json.write(f.attributes()));
    return i;
  }

  /**
   * The columns an update of stored content sets: all but the session, the id and the
   * creation time, in binding order.
   */
  public static final List<String> UPDATE_COLUMNS =
      COLUMNS.stream().filter(c -> !List.of("session_id", "id", "created_at").contains(c)).toList();

  /**
   * Binds a review's status, author and time.
   *
   * @return the index of the next parameter
   */
  public static int bindReview(
      PreparedStatement ps, int first, boolean postgres, @Nullable Review review)
      throws SQLException {
    int i = first;
    ps.setString(i++, review == null ? null : review.status().wireValue());
    ps.setString(i++, review == null ? null : review.by());
    setInstant(ps, i++, postgres, review == null ? null : review.at());
    return i;
  }

  /**
   * Binds an instant: {@code timestamptz} on PostgreSQL, epoch milliseconds on SQLite.
   */
  public static void setInstant(PreparedStatement ps, int i, boolean postgres, @Nullable Instant at)
      throws SQLException {
    if (at == null) {
      ps.setNull(i, postgres ? Types.TIMESTAMP_WITH_TIMEZONE : Types.BIGINT);
    } else if (postgres) {
      ps.setObject(i, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    } else {
      ps.setLong(i, at.toEpochMilli());
    }
  }

  /**
   * Reads an instant bound by {@link #setInstant}.
   *
   * @return the instant, or null
   */
  public static @Nullable Instant instant(ResultSet rs, int i, boolean postgres)
      throws SQLException {
    if (postgres) {
      OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
      return t == null ? null : t.toInstant();
    }
    long ms = rs.getLong(i);
    return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
  }

  /**
   * Reads the feedback of a row whose columns from {@code first} on are
   * {@link #READ_COLUMNS}.
   *
   * @param sessionId the row's session, named when the row cannot be read
   * @throws SQLException with SQLState 22000 (data exception, not retry-safe) naming the
   *     session when a stored value breaks the model's rules, as a row another program wrote
   *     may
   */
  public static Feedback read(ResultSet rs, int first, boolean postgres, String sessionId)
      throws SQLException {
    try {
      return decode(rs, first, postgres);
    } catch (IllegalArgumentException | FeedbackException | NullPointerException e) {
      throw new SQLException(
          "a stored feedback of session '"
              + sessionId
              + "' breaks the model's rules (was it written by another program?): "
              + e.getMessage(),
          "22000",
          e);
    }
  }

  @SuppressWarnings("unchecked") // JSON arrays of tags hold strings
  private static Feedback decode(ResultSet rs, int first, boolean postgres) throws SQLException {
    int i = first;
    Feedback.Builder b = Feedback.builder().id(rs.getString(i++));
    i++; // vote_id: derived
    b.rating(rating(rs.getString(i++)));
    double value = rs.getDouble(i++);
    boolean scored = !rs.wasNull();
    String scale = rs.getString(i++);
    double min = rs.getDouble(i++);
    double max = rs.getDouble(i++);
    if (scored && scale != null) {
      b.score(new Score(value, Scale.builtIn(scale).orElseGet(() -> new Scale(scale, min, max))));
    }
    b.comment(Text.unescape(rs.getString(i++)));
    i++; // comment_length: derived
    b.createdAt(instant(rs, i++, postgres));
    b.updatedAt(instant(rs, i++, postgres));
    b.userId(rs.getString(i++));
    b.messageId(rs.getString(i++));
    String tags = rs.getString(i++);
    if (tags != null) {
      b.tags((List<String>) Objects.requireNonNull(Json.read(tags)));
    }
    for (Dimension d : DIMENSIONS) {
      int v = rs.getInt(i++);
      if (!rs.wasNull()) {
        b.dimension(d, v);
      }
    }
    b.correction(Text.unescape(rs.getString(i++)));
    b.source(Source.of(rs.getString(i++)));
    b.authorId(rs.getString(i++));
    b.traceId(rs.getString(i++));
    b.spanId(rs.getString(i++));
    String modelName = rs.getString(i++);
    String modelVersion = rs.getString(i++);
    if (modelName != null) {
      b.model(ModelRef.of(modelName, modelVersion));
    }
    b.prompt(Text.unescape(rs.getString(i++)));
    b.response(Text.unescape(rs.getString(i++)));
    String comparison = rs.getString(i++);
    if (comparison != null) {
      b.comparison(comparison(Json.readObject(comparison)));
    }
    String status = rs.getString(i++);
    String by = rs.getString(i++);
    Instant at = instant(rs, i++, postgres);
    if (status != null) {
      b.review(new Review(ReviewStatus.fromWire(status), by, at));
    }
    String attributes = rs.getString(i++);
    if (attributes != null) {
      b.attributes(Json.readObject(attributes));
    }
    return b.build();
  }

  private static Map<String, Object> comparison(Comparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", candidate(c.a()));
    m.put("b", candidate(c.b()));
    m.put("preference", c.preference().wireValue());
    return m;
  }

  private static Map<String, Object> candidate(Comparison.Candidate c) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (c.model() != null) {
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("name", c.model().name());
      if (c.model().version() != null) {
        model.put("version", c.model().version());
      }
      m.put("model", model);
    }
    if (c.responseId() != null) {
      m.put("response_id", c.responseId());
    }
    if (c.response() != null) {
      m.put("response", c.response());
    }
    return m;
  }

  private static Comparison comparison(Map<String, @Nullable Object> m) {
    return Comparison.of(
        candidate(m.get("a")),
        candidate(m.get("b")),
        Comparison.Preference.fromWire(String.valueOf(m.get("preference"))));
  }

  private static Comparison.Candidate candidate(@Nullable Object o) {
    Map<?, ?> m = o instanceof Map<?, ?> map ? map : Map.of();
    ModelRef model = null;
    if (m.get("model") instanceof Map<?, ?> mm && mm.get("name") instanceof String name) {
      model = ModelRef.of(name, mm.get("version") instanceof String v ? v : null);
    }
    return new Comparison.Candidate(
        model,
        m.get("response_id") instanceof String id ? id : null,
        m.get("response") instanceof String r ? r : null);
  }
}
