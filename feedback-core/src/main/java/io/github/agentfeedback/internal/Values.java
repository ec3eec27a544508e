package io.github.agentfeedback.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates and deep-copies free-form values (feedback attributes, session metadata) into
 * immutable form.
 *
 * <p>Allowed values: {@link String}, {@link Boolean}, {@link Integer}, {@link Long}, finite
 * {@link Double}, {@link Instant} (kept to the millisecond), and {@link List}s and {@link Map}s (with string keys) of
 * these. Other numbers are widened ({@code short}, {@code byte} to {@code Integer},
 * {@code float} to {@code Double}). Insertion order of maps is kept.
 */
public final class Values {

  /** Deepest nesting of lists and maps accepted. */
  public static final int MAX_DEPTH = 16;

  private Values() {}

  /**
   * Copies a map of values, recording a violation for every bad key or value.
   *
   * @param field the field name used in violations, for example {@code "attributes"}
   * @param reserved keys that must not be used at the top level
   */
  public static Map<String, Object> copyMap(
      String field, Map<String, ?> map, Set<String> reserved, Checks checks) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<String, ?> e : map.entrySet()) {
      String key = e.getKey();
      checks.documentKey(field, key);
      if (key != null && reserved.contains(key)) {
        checks.add(field + "." + key, "reserved_key",
            field + " key '" + key + "' is reserved for a feedback field");
      }
      copy.put(key, copy(field + "." + key, e.getValue(), 1, checks));
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Whether two stored values are equal the way a document store compares them: numbers by
   * value whatever their type, lists and maps element by element, the rest with
   * {@code equals}.
   */
  public static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x instanceof Double || y instanceof Double
          ? x.doubleValue() == y.doubleValue()
          : x.longValue() == y.longValue();
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(a, b);
  }

  private static Object copy(String field, Object value, int depth, Checks checks) {
    if (value == null) {
      checks.add(field, "null_value", field + " must not be null");
      return null;
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Integer
        || value instanceof Long) {
      return value;
    }
    if (value instanceof Instant instant) {
      return instant.truncatedTo(ChronoUnit.MILLIS);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        checks.add(field, "not_finite", field + " must be a finite number, was " + d);
      }
      return d;
    }
    if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (depth > MAX_DEPTH && (value instanceof List || value instanceof Map)) {
      checks.add(field, "too_deep", field + " nests deeper than " + MAX_DEPTH + " levels");
      return null;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(copy(field + "[" + i + "]", list.get(i), depth + 1, checks));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          checks.add(field, "bad_key", field + " keys must be strings, was " + e.getKey());
          continue;
        }
        checks.documentKey(field, key);
        copy.put(key, copy(field + "." + key, e.getValue(), depth + 1, checks));
      }
      return Collections.unmodifiableMap(copy);
    }
    checks.add(field, "unsupported_type",
        field + " has unsupported type " + value.getClass().getName()
            + "; use String, Boolean, Integer, Long, Double, Instant, List or Map");
    return null;
  }
}
