package io.github.agentfeedback.jdbc.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the values a row keeps in JSON columns (attributes, metadata, tags, the
 * comparison), written so that each value reads back with the Java type it had and so that
 * equal values are written alike.
 *
 * <p>Plain JSON for strings, booleans, {@code Integer}s, lists and maps; the types JSON
 * lacks as in MongoDB's Extended JSON: a {@code Long} is {@code {"$numberLong": "7"}}, an
 * {@code Instant} {@code {"$date": "2026-03-01T10:15:30.250Z"}}, the double {@code -0.0}
 * {@code {"$numberDouble": "-0.0"}}. Other doubles are numbers in plain notation that
 * always hold a decimal point ({@code 3.0}, {@code 0.00001}), because PostgreSQL's
 * {@code jsonb} keeps the digits after the point but turns {@code 1.0E10} into
 * {@code 10000000000}. Map keys are written in ascending order, as {@code jsonb} keeps them
 * too, so the text of equal values is equal. Strings are escaped as {@link Text} says, since
 * {@code jsonb} holds no NUL.
 *
 * <p>Reading accepts white space and any key order (as {@code jsonb} prints), numbers with
 * an exponent, and nesting up to 256 levels. A number without point or exponent is an
 * {@code Integer} when it fits, else a {@code Long}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Json {

  private static final int MAX_DEPTH = 256;
  private static final String LONG = "$numberLong";
  private static final String DOUBLE = "$numberDouble";
  private static final String DATE = "$date";

  private Json() {}

  /**
   * The JSON of a value.
   *
   * @param value a string, boolean, integer, long, double, instant, list or map of these,
   *     or null
   * @return the JSON text
   * @throws IllegalArgumentException for another type
   */
  public static String write(@Nullable Object value) {
    StringBuilder sb = new StringBuilder(64);
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, @Nullable Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      quote(sb, Text.escape(s));
    } else if (value instanceof Boolean || value instanceof Integer) {
      sb.append(value);
    } else if (value instanceof Long l) {
      sb.append("{\"").append(LONG).append("\":\"").append(l).append("\"}");
    } else if (value instanceof Double d) {
      writeDouble(sb, d);
    } else if (value instanceof Instant t) {
      sb.append("{\"").append(DATE).append("\":\"").append(t).append("\"}");
    } else if (value instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, list.get(i));
      }
      sb.append(']');
    } else if (value instanceof Map<?, ?> map) {
      TreeMap<String, @Nullable Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, @Nullable Object> e : sorted.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(sb, e.getKey());
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else {
      throw new IllegalArgumentException(
          "no JSON form for a " + value.getClass().getName() + " value");
    }
  }

  private static void writeDouble(StringBuilder sb, double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("no JSON form for " + d);
    }
    if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
      sb.append("{\"").append(DOUBLE).append("\":\"-0.0\"}");
      return;
    }
    String s = Double.toString(d);
    if (s.indexOf('E') >= 0) {
      s = new BigDecimal(s).stripTrailingZeros().toPlainString();
      if (s.indexOf('.') < 0) {
        s += ".0";
      }
    }
    sb.append(s);
  }

  /**
   * A JSON array of strings as they are, without the escape of {@link Text}: for ids and
   * keys the database compares with its own text (a session id column, the keys of a JSON
   * object), which hold them unescaped; {@link #write} is for values kept in JSON.
   *
   * @param strings the strings
   * @return the JSON text of the array
   */
  public static String strings(Collection<String> strings) {
    StringBuilder sb = new StringBuilder(16 * strings.size() + 2).append('[');
    for (String s : strings) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, s);
    }
    return sb.append(']').toString();
  }

  /**
   * A string as a JSON string literal, without the escape of {@link Text}: for keys and
   * JSON paths.
   *
   * @param s the string
   * @return the quoted literal
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    quote(sb, s);
    return sb.toString();
  }

  private static void quote(StringBuilder sb, @Nullable String s) {
    if (s == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * The value of JSON text.
   *
   * @param json the text
   * @return the value: a string, boolean, integer, long, double, instant, an unmodifiable
   *     list or map of these, or null
   * @throws IllegalArgumentException if the text is not JSON
   */
  public static @Nullable Object read(String json) {
    Reader r = new Reader(json);
    Object value = r.value(0);
    r.skipSpace();
    if (r.pos != json.length()) {
      throw r.error("text after the value");
    }
    return value;
  }

  /**
   * The map of a JSON object.
   *
   * @param json the text of an object, or null
   * @return an unmodifiable map (it may hold null values); empty for null text
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  @SuppressWarnings("unchecked") // read returns maps of String keys
  public static Map<String, @Nullable Object> readObject(@Nullable String json) {
    if (json == null) {
      return Map.of();
    }
    Object value = read(json);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object: " + json);
    }
    return (Map<String, @Nullable Object>) value;
  }

  /** A recursive-descent reader over one text. */
  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("invalid JSON at " + pos + ": " + what);
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    @Nullable Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH);
      }
      skipSpace();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      return switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> Text.unescape(string());
        case 't' -> literal("true", true);
        case 'f' -> literal("false", false);
        case 'n' -> {
          literal("null", false);
          yield null;
        }
        default -> number();
      };
    }

    private Object literal(String word, Object value) {
      if (!s.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
      return value;
    }

    private Object number() {
      int start = pos;
      boolean decimal = false;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '.' || c == 'e' || c == 'E') {
          decimal = true;
        } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
          break;
        }
        pos++;
      }
      String text = s.substring(start, pos);
      if (text.isEmpty()) {
        throw error("expected a value");
      }
      try {
        if (!decimal) {
          long l = Long.parseLong(text);
          return l == (int) l ? (Object) (int) l : (Object) l;
        }
      } catch (NumberFormatException e) {
        // beyond a long: read as a double below
      }
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw error("bad number " + text);
      }
    }

    private List<@Nullable Object> array(int depth) {
      pos++;
      List<@Nullable Object> list = new ArrayList<>();
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
        return Collections.unmodifiableList(list);
      }
      while (true) {
        list.add(value(depth + 1));
        skipSpace();
        char c = next();
        if (c == ']') {
          return Collections.unmodifiableList(list);
        }
        if (c != ',') {
          throw error("expected , or ]");
        }
      }
    }

    private @Nullable Object object(int depth) {
      pos++;
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return Collections.unmodifiableMap(map);
      }
      while (true) {
        skipSpace();
        if (pos >= s.length() || s.charAt(pos) != '"') {
          throw error("expected a key");
        }
        String key = string();
        skipSpace();
        if (next() != ':') {
          throw error("expected :");
        }
        map.put(key, value(depth + 1));
        skipSpace();
        char c = next();
        if (c == '}') {
          return map.size() == 1 ? typed(map) : Collections.unmodifiableMap(map);
        }
        if (c != ',') {
          throw error("expected , or }");
        }
      }
    }

    /** A one-key object that names a type, as its value; other maps as they are. */
    private @Nullable Object typed(Map<String, @Nullable Object> map) {
      Map.Entry<String, @Nullable Object> e = map.entrySet().iterator().next();
      if (e.getValue() instanceof String v) {
        try {
          switch (e.getKey()) {
            case LONG -> {
              return Long.parseLong(v);
            }
            case DOUBLE -> {
              return Double.parseDouble(v);
            }
            case DATE -> {
              return Instant.parse(v);
            }
            default -> {}
          }
        } catch (NumberFormatException | DateTimeParseException ex) {
          throw error("bad " + e.getKey() + " value " + v);
        }
      }
      return Collections.unmodifiableMap(map);
    }

    private char next() {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(pos++);
    }

    private String string() {
      pos++; // the opening quote
      StringBuilder sb = null;
      int start = pos;
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos);
        if (c == '"') {
          String tail = s.substring(start, pos++);
          return sb == null ? tail : sb.append(tail).toString();
        }
        if (c != '\\') {
          pos++;
          continue;
        }
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(s, start, pos);
        pos++;
        char e = next();
        switch (e) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("bad \\u escape");
            }
            try {
              sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            pos += 4;
          }
          default -> sb.append(e); // \" \\ \/
        }
        start = pos;
      }
    }
  }
}
