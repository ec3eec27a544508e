package io.github.agentfeedback.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The values of a statement's parameters, in order, collected while its text is built and
 * bound when it runs: no value ever becomes SQL text.
 *
 * <p>Not thread-safe; one per statement.
 */
public final class Params {

  /** Binds one parameter. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps, int index) throws SQLException;
  }

  private final boolean postgres;
  private final List<Binder> binders = new ArrayList<>();

  /**
   * An empty list.
   *
   * @param postgres whether instants are bound as PostgreSQL {@code timestamptz} (else as
   *     epoch milliseconds)
   */
  public Params(boolean postgres) {
    this.postgres = postgres;
  }

  /**
   * Adds a text parameter.
   *
   * @param value the text, or null
   * @return {@code "?"}, to put in the statement
   */
  public String text(@Nullable String value) {
    binders.add((ps, i) -> ps.setString(i, value));
    return "?";
  }

  /**
   * Adds a whole-number parameter.
   *
   * @param value the number
   * @return {@code "?"}
   */
  public String number(long value) {
    binders.add((ps, i) -> ps.setLong(i, value));
    return "?";
  }

  /**
   * Adds a floating-point parameter.
   *
   * @param value the number
   * @return {@code "?"}
   */
  public String real(double value) {
    binders.add((ps, i) -> ps.setDouble(i, value));
    return "?";
  }

  /**
   * Adds an instant parameter.
   *
   * @param value the instant
   * @return {@code "?"}
   */
  public String instant(Instant value) {
    binders.add((ps, i) -> FeedbackRow.setInstant(ps, i, postgres, value));
    return "?";
  }

  /**
   * Adds a JSON parameter.
   *
   * @param json the JSON text
   * @return {@code "?::jsonb"} on PostgreSQL, else {@code "?"}
   */
  public String json(String json) {
    binders.add((ps, i) -> ps.setString(i, json));
    return postgres ? "?::jsonb" : "?";
  }

  /**
   * Binds every parameter, from index 1 on.
   *
   * @return the index of the next parameter
   */
  public int bind(PreparedStatement ps) throws SQLException {
    return bind(ps, 1);
  }

  /**
   * Binds every parameter from an index on.
   *
   * @return the index of the next parameter
   */
  public int bind(PreparedStatement ps, int first) throws SQLException {
    int i = first;
    for (Binder b : binders) {
      b.bind(ps, i++);
    }
    return i;
  }
}
