package io.github.agentfeedback.jdbc.internal;

import io.github.agentfeedback.Feedback;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL batch insert that binds one array per column instead of one parameter per
 * value: {@code INSERT ... SELECT ... FROM unnest(?::text[], ...) WITH ORDINALITY ... ORDER BY}
 * the ordinal, so the statement is short and the same for every batch size, and rows are
 * inserted in the order given. Every array is {@code text[]}, each element the text of the
 * value {@link FeedbackRow#bind} binds (numbers as Java writes them and times in ISO 8601,
 * which PostgreSQL reads back exactly), cast to the column's type in the {@code SELECT}. A
 * column that no row fills is bound as a NULL array, which {@code unnest} pads with NULLs to
 * the length of the others, so a batch sends and parses only the columns its feedback uses.
 *
 * <p>Not thread-safe; one per batch.
 */
public final class ColumnArrays {

  /** The PostgreSQL types of the columns that are not {@code text}. */
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("score_value", "float8"),
          Map.entry("score_min", "float8"),
          Map.entry("score_max", "float8"),
          Map.entry("comment_length", "integer"),
          Map.entry("created_at", "timestamptz"),
          Map.entry("updated_at", "timestamptz"),
          Map.entry("review_at", "timestamptz"),
          Map.entry("tags", "jsonb"),
          Map.entry("comparison", "jsonb"),
          Map.entry("attributes", "jsonb"));

  private final @Nullable String[][] columns;
  private int rows;
  private final PreparedStatement recorder;

  /**
   * Empty arrays for a number of rows.
   *
   * @param capacity how many rows will be added
   */
  public ColumnArrays(int capacity) {
    columns = new String[FeedbackRow.COLUMNS.size()][capacity];
    recorder =
        (PreparedStatement)
            Proxy.newProxyInstance(
                ColumnArrays.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                  if (!method.getName().startsWith("set") || args == null || args.length < 2) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  int column = (Integer) args[0] - 1;
                  columns[column][rows] = method.getName().equals("setNull") ? null : text(args[1]);
                  return null;
                });
  }

  /**
   * The statement: the insert of the rows, {@code ON CONFLICT (session_id, id) DO NOTHING
   * RETURNING session_id, id}; binds one {@code text[]} per column of
   * {@link FeedbackRow#COLUMNS}.
   *
   * @param feedbackTable the feedback table
   * @return the SQL
   */
  public static String insert(String feedbackTable) {
    List<String> names = FeedbackRow.COLUMNS;
    StringBuilder select = new StringBuilder();
    StringBuilder arrays = new StringBuilder();
    StringBuilder aliases = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      String sep = i == 0 ? "" : ", ";
      String type = FeedbackRow.DIMENSION_COLUMNS.contains(names.get(i)) ? "smallint" : null;
      type = type != null ? type : TYPES.get(names.get(i));
      select.append(sep).append("x.c").append(i).append(type == null ? "" : "::" + type);
      arrays.append(sep).append("?::text[]");
      aliases.append(sep).append('c').append(i);
    }
    return "INSERT INTO "
        + feedbackTable
        + " ("
        + String.join(", ", names)
        + ") SELECT "
        + select
        + " FROM unnest("
        + arrays
        + ") WITH ORDINALITY AS x("
        + aliases
        + ", n) ORDER BY x.n ON CONFLICT (session_id, id) DO NOTHING RETURNING session_id, id";
  }

  /**
   * Adds a row.
   *
   * @param sessionId the session
   * @param f the feedback, with its id and creation time
   * @throws SQLException never (the values are only recorded)
   */
  public void add(String sessionId, Feedback f) throws SQLException {
    FeedbackRow.bind(recorder, 1, true, sessionId, f);
    rows++;
  }

  /**
   * Binds the arrays, from a parameter on.
   *
   * @param ps the statement of {@link #insert}
   * @param first the index of its first array
   * @return the index of the next parameter
   * @throws SQLException if the driver fails
   */
  public int bind(PreparedStatement ps, int first) throws SQLException {
    int i = first;
    for (String[] column : columns) {
      if (allNull(column)) {
        // unnest pads a NULL array with NULLs to the length of the others: nothing to send.
        ps.setNull(i++, Types.ARRAY);
        continue;
      }
      String[] values = column.length == rows ? column : Arrays.copyOf(column, rows);
      ps.setArray(i++, ps.getConnection().createArrayOf("text", values));
    }
    return i;
  }

  private boolean allNull(@Nullable String[] column) {
    for (int r = 0; r < rows; r++) {
      if (column[r] != null) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable String text(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime t) {
      return timestamp(t.toInstant());
    }
    return value.toString(); // String, Integer, Long, Double
  }

  /**
   * A {@code timestamptz} literal of an instant: ISO 8601 in UTC, which PostgreSQL reads
   * exactly for the instants the model allows (milliseconds, years 1 to 9999).
   */
  private static String timestamp(Instant at) {
    return at.toString();
  }
}
