package io.github.agentfeedback.internal;

import io.github.agentfeedback.FeedbackLimits;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Validates and deep-copies free-form values (feedback attributes, session metadata, query
 * criteria on metadata) into immutable form, measuring their stored size on the way.
 *
 * <p>Allowed values: {@link String}, {@link Boolean}, {@link Integer}, {@link Long}, finite
 * {@link Double}, {@link Instant} (kept to the millisecond, within the
 * {@link FeedbackLimits} range), and {@link List}s and {@link Map}s (with string keys) of
 * these; in metadata also {@code null}. Other numbers are widened ({@code short},
 * {@code byte} to {@code Integer}, {@code float} to {@code Double}). Insertion order of
 * maps is kept.
 *
 * <p>Work is bounded whatever the input: every value visited costs at least
 * {@value #SCALAR_BYTES} bytes of the size budget, a container met again on its own path
 * (a cycle) is reported instead of entered, nesting stops at
 * {@link FeedbackLimits#MAX_DEPTH}, and copying stops once the budget is spent or the
 * {@link Checks} are full.
 */
public final class Values {

  /** Deepest nesting of lists and maps accepted. */
  public static final int MAX_DEPTH = FeedbackLimits.MAX_DEPTH;

  /**
   * Largest set of metadata values one call may write, estimated in bytes: what one
   * MongoDB document holds.
   */
  public static final long MAX_METADATA_UPDATE_BYTES = 16L << 20;

  /**
   * The most bytes one value may take while it is copied, whatever other limit applies to
   * it later: what one MongoDB document holds. It bounds the work on hostile input.
   */
  public static final long MAX_DOCUMENT_BYTES = 16L << 20;

  /** Estimated stored size of a value other than a string, and of each list or map. */
  public static final int SCALAR_BYTES = 8;

  private Values() {}

  /**
   * Validates and copies session metadata (or metadata criteria of a query): keys are safe
   * document keys, values as the class describes with {@code null} allowed, each value at
   * most {@link FeedbackLimits#MAX_METADATA_VALUE_BYTES} and all of them at most
   * {@link #MAX_METADATA_UPDATE_BYTES}.
   *
   * @return an immutable copy (it may hold null values); empty for {@code null}
   */
  public static Map<String, Object> metadata(Map<?, ?> values, Checks checks) {
    if (values == null || values.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>(values.size() * 2);
    long total = 0;
    for (Map.Entry<?, ?> e : values.entrySet()) {
      if (checks.full()) {
        break;
      }
      long keyBytes = checks.documentKey("metadata", e.getKey());
      if (!(e.getKey() instanceof String key)) {
        continue;
      }
      String field = "metadata." + Checks.shown(key);
      Copier copier = new Copier(checks, true, FeedbackLimits.MAX_METADATA_VALUE_BYTES);
      Object value = copier.value(field, e.getValue());
      if (copier.overflowed()) {
        checks.add(
            field,
            "too_large",
            field
                + " must be at most "
                + FeedbackLimits.MAX_METADATA_VALUE_BYTES
                + " bytes as stored, was more");
        continue;
      }
      total += keyBytes + copier.bytes();
      if (total > MAX_METADATA_UPDATE_BYTES) {
        checks.add(
            "metadata",
            "too_large",
            "metadata of one call must be at most "
                + MAX_METADATA_UPDATE_BYTES
                + " bytes as stored, was more");
        break;
      }
      copy.put(key, value);
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Whether a double and a long have the same value, exactly: not through the nearest
   * double of the long, which would make 2<sup>53</sup> + 1 equal to 2<sup>53</sup>.
   */
  private static boolean equal(double d, long n) {
    return d >= -0x1p63 && d < 0x1p63 && d == Math.rint(d) && (long) d == n;
  }

  /**
   * Whether two stored values are equal the way a document store compares them: numbers by
   * exact value whatever their type, lists and maps element by element, the rest with
   * {@code equals}; {@code null} equals only {@code null}.
   */
  public static boolean same(@Nullable Object a, @Nullable Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Double && y instanceof Double) {
        return x.doubleValue() == y.doubleValue();
      }
      if (x instanceof Double || y instanceof Double) {
        return x instanceof Double d ? equal(d, y.longValue()) : equal((Double) y, x.longValue());
      }
      return x.longValue() == y.longValue();
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
    return Objects.equals(a, b);
  }

  /**
   * An immutable map that {@link Copier#map} made: its values are already checked and
   * copied, and it knows their size, so a copy of a feedback that keeps its attributes, or
   * adds one with {@code Feedback.Builder#attribute}, checks no other attribute again.
   */
  static final class Frozen extends AbstractMap<String, Object> {
    private final Map<String, Object> map;
    private final long bytes;
    private final Set<String> reserved;
    private final boolean nullsAllowed;

    Frozen(Map<String, Object> map, long bytes, Set<String> reserved, boolean nullsAllowed) {
      this.map = map;
      this.bytes = bytes;
      this.reserved = reserved;
      this.nullsAllowed = nullsAllowed;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return map.entrySet();
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public @Nullable Object get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }
  }

  /**
   * A copy of a map that {@link Copier#map} made (or of an empty map), with one entry added
   * or replaced; only the new entry is checked and measured.
   *
   * @param field the map's field, for example {@code "attributes"}
   * @return the new map, or {@code null} when {@code map} was not made under these rules
   *     (the caller then copies the whole map)
   * @throws io.github.agentfeedback.InvalidFeedbackException if the key or value is invalid
   */
  public static @Nullable Map<String, Object> with(
      String field, Map<String, Object> map, Set<String> reserved, String key, Object value) {
    Map<String, Object> entries;
    long bytes;
    if (map instanceof Frozen frozen && frozen.reserved == reserved && !frozen.nullsAllowed) {
      entries = frozen.map;
      bytes = frozen.bytes;
    } else if (map != null && map.isEmpty()) { // as Copier#map makes it: nothing to check
      entries = Map.of();
      bytes = 0;
    } else {
      return null;
    }
    Checks checks = new Checks();
    Copier copier = new Copier(checks, false, MAX_DOCUMENT_BYTES);
    if (key == null) {
      checks.documentKey(field, null);
      checks.throwIfAny();
    }
    Object copied = copier.entry(field, key, value, reserved, 1);
    checks.throwIfAny();
    bytes += copier.bytes();
    Object previous = entries.get(key);
    if (previous != null) {
      Copier old = new Copier(new Checks(), false, Long.MAX_VALUE);
      old.entry(field, key, previous, Set.of(), 1);
      bytes -= old.bytes();
    }
    if (entries.isEmpty()) { // the common first attribute: no table to build
      return new Frozen(Collections.singletonMap(key, copied), bytes, reserved, false);
    }
    Map<String, Object> copy = new LinkedHashMap<>((entries.size() + 1) * 2);
    copy.putAll(entries);
    copy.put(key, copied);
    return new Frozen(Collections.unmodifiableMap(copy), bytes, reserved, false);
  }

  /**
   * An immutable list of strings that the model checked already, so that copying feedback
   * that keeps its tags neither checks nor copies them again.
   */
  public static final class FrozenStrings extends AbstractList<String> implements RandomAccess {
    private final String[] strings;

    /** Wraps strings the caller has checked; the array must not be changed afterwards. */
    public FrozenStrings(String[] strings) {
      this.strings = strings;
    }

    @Override
    public String get(int index) {
      return strings[index];
    }

    @Override
    public int size() {
      return strings.length;
    }
  }

  /**
   * The stored size of a map that {@link Copier#map} made under these rules (without null
   * values), so that a copy of the model may keep it without checking it again.
   *
   * @return the size in bytes, or -1 when {@code map} was not made so
   */
  public static long frozenBytes(Map<?, ?> map, Set<String> reserved) {
    return map instanceof Frozen frozen && frozen.reserved == reserved && !frozen.nullsAllowed
        ? frozen.bytes
        : -1;
  }

  /**
   * The estimated stored size of a map {@link Copier#map} made, or of any other map of
   * model values (measured again).
   */
  public static long bytes(Map<String, Object> map) {
    if (map instanceof Frozen frozen) {
      return frozen.bytes;
    }
    Copier copier = new Copier(new Checks(), true, Long.MAX_VALUE);
    copier.map("map", map, Set.of());
    return copier.bytes();
  }

  /**
   * Copies values within a size budget, recording violations in shared {@link Checks}. One
   * instance per value or map being copied; not thread-safe.
   */
  public static final class Copier {
    private final Checks checks;
    private final boolean nullsAllowed;
    private final long budget;

    /**
     * The containers being copied, outermost first, compared by identity; made for the
     * first container only. At most {@link #MAX_DEPTH} + 1 deep, so a search is short.
     */
    private Object @Nullable [] path;

    private int pathLength;
    private long bytes;
    private boolean overflowed;

    /**
     * @param nullsAllowed whether {@code null} is a value (metadata) or a violation
     * @param budget the most bytes the copied values may take
     */
    public Copier(Checks checks, boolean nullsAllowed, long budget) {
      this.checks = checks;
      this.nullsAllowed = nullsAllowed;
      this.budget = budget;
    }

    /** The estimated stored size of what was copied, keys included. */
    public long bytes() {
      return bytes;
    }

    /** Whether copying stopped because the budget was spent. */
    public boolean overflowed() {
      return overflowed;
    }

    /**
     * Copies a map of values whose keys must not be among {@code reserved}.
     *
     * @param field the map's field, for example {@code "attributes"}
     */
    public Map<String, Object> map(String field, Map<?, ?> map, Set<String> reserved) {
      if (map == null || map.isEmpty()) {
        return Map.of();
      }
      if (map instanceof Frozen frozen
          && frozen.reserved == reserved
          && frozen.nullsAllowed == nullsAllowed) {
        spend(frozen.bytes); // copied and checked under the same rules when it was made
        return frozen;
      }
      long before = bytes;
      enter(map);
      Map<String, Object> copy = copyEntries(field, map, reserved, 1);
      pathLength--;
      return new Frozen(copy, bytes - before, reserved, nullsAllowed);
    }

    /** Copies one value at the top level (depth 1) of a map. */
    public @Nullable Object value(String field, @Nullable Object value) {
      return copy(field, null, -1, value, 1);
    }

    /** Adds a container to the path; false if it is on it already (a cycle). */
    private boolean enter(Object container) {
      if (path == null) {
        path = new Object[4];
      }
      for (int i = 0; i < pathLength; i++) {
        if (path[i] == container) {
          return false;
        }
      }
      if (pathLength == path.length) {
        path = Arrays.copyOf(path, pathLength * 2);
      }
      path[pathLength++] = container;
      return true;
    }

    private boolean stopped() {
      return overflowed || checks.full();
    }

    private void spend(long n) {
      bytes += n;
      if (bytes > budget) {
        overflowed = true;
      }
    }

    /**
     * The field name of an element: {@code parent} itself (index -1 and no key),
     * {@code parent.key} or {@code parent[index]}. Built only to report a violation, so the
     * common path allocates no names.
     */
    private static String name(String parent, @Nullable String key, int index) {
      return key != null
          ? parent + "." + Checks.shown(key)
          : index >= 0 ? parent + "[" + index + "]" : parent;
    }

    private Map<String, Object> copyEntries(
        String field, Map<?, ?> map, Set<String> reserved, int depth) {
      Map<String, Object> copy = new LinkedHashMap<>(Math.min(map.size(), 64) * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (stopped()) {
          break;
        }
        if (e.getKey() instanceof String k) {
          copy.put(k, entry(field, k, e.getValue(), reserved, depth));
        } else {
          spend(checks.documentKey(field, e.getKey())); // records the bad key
        }
      }
      return Collections.unmodifiableMap(copy);
    }

    /** Checks and measures one entry's key, and copies its value. */
    private @Nullable Object entry(
        String field, String key, @Nullable Object value, Set<String> reserved, int depth) {
      spend(checks.documentKey(field, key));
      if (reserved.contains(key)) {
        checks.add(
            name(field, key, -1),
            "reserved_key",
            field + " key '" + key + "' is reserved for a feedback field");
      }
      return copy(field, key, -1, value, depth);
    }

    private @Nullable Object copy(
        String parent, @Nullable String key, int index, @Nullable Object value, int depth) {
      if (value instanceof String s) {
        long n = Checks.utf8Length(s);
        if (n < 0) {
          checks.text(name(parent, key, index), s);
          n = s.length();
        }
        spend(n);
        return s;
      }
      spend(SCALAR_BYTES);
      if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
        return value;
      }
      if (value == null) {
        if (!nullsAllowed) {
          String field = name(parent, key, index);
          checks.add(field, "null_value", field + " must not be null");
        }
        return null;
      }
      if (value instanceof Instant t) {
        return Checks.inRange(t)
            ? t.truncatedTo(ChronoUnit.MILLIS)
            : checks.instant(name(parent, key, index), t);
      }
      if (value instanceof Double || value instanceof Float) {
        double d = ((Number) value).doubleValue();
        if (!Double.isFinite(d)) {
          String field = name(parent, key, index);
          checks.add(field, "not_finite", field + " must be a finite number, was " + d);
        }
        return d;
      }
      if (value instanceof Short || value instanceof Byte) {
        return ((Number) value).intValue();
      }
      String field = name(parent, key, index);
      if (!(value instanceof List || value instanceof Map)) {
        checks.add(
            field,
            "unsupported_type",
            field
                + " has unsupported type "
                + value.getClass().getName()
                + "; use String, Boolean, Integer, Long, Double, Instant, List or Map");
        return null;
      }
      if (depth > MAX_DEPTH) {
        checks.add(field, "too_deep", field + " nests deeper than " + MAX_DEPTH + " levels");
        return null;
      }
      if (!enter(value)) {
        checks.add(field, "cyclic", field + " contains itself");
        return null;
      }
      try {
        return value instanceof List<?> list
            ? copyList(field, list, depth + 1)
            : copyEntries(field, (Map<?, ?>) value, Set.of(), depth + 1);
      } finally {
        pathLength--;
      }
    }

    private List<Object> copyList(String field, List<?> list, int depth) {
      List<Object> copy = new ArrayList<>(Math.min(list.size(), 1024));
      int i = 0;
      for (Object element : list) {
        if (stopped()) {
          break;
        }
        copy.add(copy(field, null, i++, element, depth));
      }
      return Collections.unmodifiableList(copy);
    }
  }
}
