package io.github.agentfeedback.internal;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Violation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Collects violations so that a value reports every broken rule at once, and holds the
 * rules shared by the model, the manager and the stores. Every string that enters the
 * model passes {@link #text}, {@link #id} or {@link #documentKey}, so a rule on text (such
 * as well-formed UTF-16) is enforced in one place.
 *
 * <p>At most {@link FeedbackLimits#MAX_VIOLATIONS} violations are kept; {@link #full()}
 * tells validators to stop looking, so hostile input cannot make validation unbounded.
 *
 * <p>Not thread-safe: one instance per validation.
 */
public final class Checks {

  /** Longest session id accepted, in chars. */
  public static final int MAX_SESSION_ID_LENGTH = FeedbackLimits.MAX_SESSION_ID_LENGTH;

  /** Longest feedback id, user id, message id, tag or document key accepted, in chars. */
  public static final int MAX_ID_LENGTH = FeedbackLimits.MAX_ID_LENGTH;

  private static final Instant AFTER_MAX_INSTANT = FeedbackLimits.MAX_INSTANT.plusMillis(1);

  /** Longest excerpt of a bad value quoted in a message, in chars. */
  private static final int SHOWN_LENGTH = 64;

  private @Nullable List<Violation> violations;

  /** Records a violation, unless {@link FeedbackLimits#MAX_VIOLATIONS} are kept already. */
  public Checks add(String field, String code, String message) {
    if (violations == null) {
      violations = new ArrayList<>(2);
    } else if (violations.size() >= FeedbackLimits.MAX_VIOLATIONS) {
      return this;
    }
    violations.add(new Violation(field, code, message));
    return this;
  }

  /** Whether any violation was recorded. */
  public boolean failed() {
    return violations != null;
  }

  /** Whether the violation list is full: validators should stop looking. */
  public boolean full() {
    return violations != null && violations.size() >= FeedbackLimits.MAX_VIOLATIONS;
  }

  /** Throws {@link InvalidFeedbackException} listing every violation kept, if any. */
  public void throwIfAny() {
    if (violations == null) {
      return;
    }
    if (full()) {
      List<Violation> all = new ArrayList<>(violations);
      all.add(
          new Violation(
              "*",
              "too_many_violations",
              "validation stopped after "
                  + FeedbackLimits.MAX_VIOLATIONS
                  + " violations; there may be more"));
      throw new InvalidFeedbackException(all);
    }
    throw new InvalidFeedbackException(violations);
  }

  /**
   * Checks that text is well-formed UTF-16 (no lone surrogate) and measures it.
   *
   * @return the text's length in UTF-8 bytes, or 0 for null
   */
  public long text(String field, @Nullable String value) {
    if (value == null) {
      return 0;
    }
    long bytes = utf8Length(value);
    if (bytes < 0) {
      add(field, "invalid_utf16", loneSurrogate(field, value, bytes));
      return value.length();
    }
    return bytes;
  }

  /**
   * The message for text that is not well-formed UTF-16.
   *
   * @param field the field's name
   * @param value the text
   * @param utf8Length what {@link #utf8Length} answered for it: {@code -1 - i} for a lone
   *     surrogate at {@code i}
   * @return the message, naming the field, the surrogate and its index
   */
  public static String loneSurrogate(String field, String value, long utf8Length) {
    int at = (int) (-1 - utf8Length);
    return field
        + " must be well-formed UTF-16; found a lone surrogate U+"
        + String.format(Locale.ROOT, "%04X", (int) value.charAt(at))
        + " at index "
        + at;
  }

  /**
   * Checks an optional identifier: null is fine, otherwise as {@link #id}.
   *
   * @return the id's length in UTF-8 bytes, or 0 for null
   */
  public long optionalId(String field, @Nullable String value, int max) {
    return value == null ? 0 : id(field, value, max);
  }

  /**
   * Checks a required identifier: non-blank, at most {@code max} chars, well-formed UTF-16
   * and free of NUL.
   *
   * @return the id's length in UTF-8 bytes
   */
  public long id(String field, @Nullable String value, int max) {
    return id(field, -1, value, max);
  }

  /**
   * Checks element {@code index} of a list of identifiers, named {@code field[index]}; the
   * name is built only when the element breaks a rule.
   *
   * @return the id's length in UTF-8 bytes
   */
  public long id(String field, int index, @Nullable String value, int max) {
    if (value == null) {
      String name = name(field, index);
      add(name, "required", name + " must not be null");
      return 0;
    }
    if (value.length() > max) {
      String name = name(field, index);
      add(name, "too_long", name + " must be at most " + max + " chars, was " + value.length());
      return value.length();
    }
    long bytes = utf8Length(value);
    if (bytes < 0) {
      text(name(field, index), value);
      bytes = value.length();
    }
    if (value.isBlank()) {
      String name = name(field, index);
      add(name, "blank", name + " must not be blank");
    }
    if (value.indexOf('\0') >= 0) {
      String name = name(field, index);
      add(name, "nul_char", name + " must not contain the NUL character");
    }
    return bytes;
  }

  /**
   * A list element that must be a string: itself, or {@code null} after recording a
   * {@code bad_type} violation (a list built without generics may hold anything; a null
   * element is left for the caller's own check).
   */
  public static @Nullable String string(
      Checks checks, String field, int index, @Nullable Object element) {
    if (element == null || element instanceof String) {
      return (String) element;
    }
    String name = name(field, index);
    checks.add(name, "bad_type", name + " must be a string, was " + element.getClass().getName());
    return null;
  }

  private static String name(String field, int index) {
    return index < 0 ? field : field + "[" + index + "]";
  }

  /**
   * Checks a key that a document store uses as a field name: a string, not empty, at most
   * {@link #MAX_ID_LENGTH} chars, not starting with {@code $}, without {@code .} or NUL, and
   * well-formed UTF-16. Such keys would otherwise corrupt a document or inject an operator.
   *
   * @param field the map's field, for example {@code "metadata"}
   * @return the key's length in UTF-8 bytes
   */
  public long documentKey(String field, @Nullable Object key) {
    if (!(key instanceof String k)) {
      add(
          field,
          key == null ? "null_key" : "bad_key",
          field
              + " keys must be strings, was "
              + (key == null ? "null" : key.getClass().getName()));
      return 0;
    }
    if (k.isEmpty()) {
      add(field, "empty_key", field + " keys must not be empty");
      return 0;
    }
    if (k.length() > MAX_ID_LENGTH) {
      add(
          field,
          "too_long",
          field
              + " key '"
              + shown(k)
              + "' must be at most "
              + MAX_ID_LENGTH
              + " chars, was "
              + k.length());
      return k.length();
    }
    if (k.charAt(0) == '$') { // the field names are built only for a violation
      add(field + "." + k, "dollar_key", field + " key '" + k + "' must not start with '$'");
    }
    if (k.indexOf('.') >= 0) {
      add(field + "." + k, "dotted_key", field + " key '" + k + "' must not contain '.'");
    }
    if (k.indexOf('\0') >= 0) {
      add(field, "nul_char", field + " keys must not contain the NUL character");
    }
    long bytes = utf8Length(k);
    return bytes >= 0 ? bytes : text(field + " key", k); // the name only for a violation
  }

  /**
   * Checks that an instant lies within {@link FeedbackLimits#MIN_INSTANT} and
   * {@link FeedbackLimits#MAX_INSTANT}.
   *
   * @return the instant kept to the millisecond, or null for null
   */
  public @Nullable Instant instant(String field, @Nullable Instant value) {
    if (value == null) {
      return null;
    }
    if (!inRange(value)) {
      add(field, "out_of_range", outOfRange(field, value));
      return value;
    }
    return value.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The message for an instant outside {@link FeedbackLimits#MIN_INSTANT} and {@link
   * FeedbackLimits#MAX_INSTANT}.
   *
   * @param field the field's name
   * @param value the instant
   * @return the message, naming the field, the range and the instant
   */
  public static String outOfRange(String field, Instant value) {
    return field
        + " must be within "
        + FeedbackLimits.MIN_INSTANT
        + ".."
        + FeedbackLimits.MAX_INSTANT
        + ", was "
        + value;
  }

  /** Whether an instant, kept to the millisecond, lies within the accepted range. */
  public static boolean inRange(Instant value) {
    return !value.isBefore(FeedbackLimits.MIN_INSTANT) && value.isBefore(AFTER_MAX_INSTANT);
  }

  /**
   * Checks an OpenTelemetry id: {@code length} hex digits, not all zero.
   *
   * @return the id in lower case, or null for null
   */
  public @Nullable String hexId(String field, @Nullable String value, int length) {
    if (value == null) {
      return null;
    }
    boolean hex = value.length() == length;
    boolean zero = true;
    for (int i = 0; hex && i < length; i++) {
      char c = value.charAt(i);
      hex = c < 0x80 && Character.digit(c, 16) >= 0;
      zero &= c == '0';
    }
    if (!hex || zero) {
      add(
          field,
          "bad_format",
          field
              + " must be "
              + length
              + " hex digits, not all zero (an OpenTelemetry id), was '"
              + shown(value)
              + "'");
      return value;
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** Validates a session id, throwing at once. */
  public static String sessionId(String sessionId) {
    Checks checks = new Checks();
    checks.id("sessionId", sessionId, MAX_SESSION_ID_LENGTH);
    checks.throwIfAny();
    return sessionId;
  }

  /**
   * Checks what a store is given to append or replace: a valid session id, and feedback
   * whose id is assigned and whose size is within
   * {@link FeedbackLimits#MAX_FEEDBACK_BYTES}. The manager checks it before any hook runs
   * and stores check it again, so direct use of the SPI fails the same way everywhere.
   */
  public static void appendable(String sessionId, Feedback feedback) {
    sessionId(sessionId);
    Objects.requireNonNull(feedback, "feedback");
    if (feedback.id() == null) {
      throw InvalidFeedbackException.of(
          "id", "required", "feedback id must be assigned before the feedback is stored");
    }
    storable(feedback);
  }

  /**
   * Checks the size of feedback that is to be stored. The message names the largest field
   * and its size, so that the caller knows what to shorten.
   */
  public static void storable(Feedback feedback) {
    long bytes = storedBytes(feedback);
    if (bytes > FeedbackLimits.MAX_FEEDBACK_BYTES) {
      Largest largest = new Largest();
      measure(feedback, largest);
      throw InvalidFeedbackException.of(
          "feedback",
          "too_large",
          "feedback must be at most "
              + FeedbackLimits.MAX_FEEDBACK_BYTES
              + " bytes as stored (UTF-8 text and keys, "
              + Values.SCALAR_BYTES
              + " bytes for any other value), was "
              + bytes
              + "; its largest field is "
              + largest.field
              + ", "
              + largest.bytes
              + " bytes");
    }
  }

  /** The estimated stored size of feedback; see {@link Feedback#storedSize()}. */
  public static long storedBytes(Feedback f) {
    return measure(f, null);
  }

  /** The largest field met so far. Not thread-safe. */
  private static final class Largest {
    private @Nullable String field;
    private long bytes = -1;
  }

  /**
   * The estimated stored size of feedback, field by field; when {@code largest} is given,
   * it receives the largest field. Each attribute and each comparison candidate's part
   * counts as a field of its own ({@code attributes.note}, {@code comparison.b.response}),
   * since those are what a caller can shorten; measuring attributes one by one costs a pass
   * over their values, so only a failed check asks for it.
   */
  private static long measure(Feedback f, @Nullable Largest largest) {
    long bytes =
        field(largest, "id", utf8(f.id()))
            + field(largest, "comment", utf8(f.comment()))
            + field(largest, "userId", utf8(f.userId()))
            + field(largest, "messageId", utf8(f.messageId()))
            + field(largest, "correction", utf8(f.correction()))
            + field(largest, "authorId", utf8(f.authorId()))
            + field(largest, "traceId", utf8(f.traceId()))
            + field(largest, "spanId", utf8(f.spanId()))
            + field(largest, "prompt", utf8(f.prompt()))
            + field(largest, "response", utf8(f.response()))
            + f.source().name().length()
            + 4L * Values.SCALAR_BYTES; // rating, two times, source
    long tags = 0;
    for (String tag : f.tags()) {
      tags += utf8(tag);
    }
    bytes +=
        field(largest, "tags", tags)
            + field(largest, "dimensions", f.dimensions().size() * 2L * Values.SCALAR_BYTES);
    if (f.score() != null) {
      bytes +=
          field(largest, "score", 3L * Values.SCALAR_BYTES + f.score().scale().name().length());
    }
    bytes += field(largest, "model", utf8(f.model()));
    Comparison c = f.comparison();
    if (c != null) {
      bytes +=
          2L * Values.SCALAR_BYTES // one per candidate
              + field(largest, "comparison.a.responseId", utf8(c.a().responseId()))
              + field(largest, "comparison.a.response", utf8(c.a().response()))
              + field(largest, "comparison.a.model", utf8(c.a().model()))
              + field(largest, "comparison.b.responseId", utf8(c.b().responseId()))
              + field(largest, "comparison.b.response", utf8(c.b().response()))
              + field(largest, "comparison.b.model", utf8(c.b().model()));
    }
    if (f.review() != null) {
      bytes += field(largest, "review", utf8(f.review().by()) + 2L * Values.SCALAR_BYTES);
    }
    if (largest == null) {
      return bytes + Values.bytes(f.attributes());
    }
    for (Map.Entry<String, Object> e : f.attributes().entrySet()) {
      bytes +=
          field(
              largest, "attributes." + e.getKey(), Values.bytes(Map.of(e.getKey(), e.getValue())));
    }
    return bytes;
  }

  /** Returns {@code bytes}, recording the field in {@code largest} (if given) when larger. */
  private static long field(@Nullable Largest largest, String field, long bytes) {
    if (largest != null && bytes > largest.bytes) {
      largest.field = field;
      largest.bytes = bytes;
    }
    return bytes;
  }

  private static long utf8(@Nullable ModelRef model) {
    return model == null ? 0 : utf8(model.name()) + utf8(model.version());
  }

  private static long utf8(@Nullable String s) {
    if (s == null) {
      return 0;
    }
    long n = utf8Length(s);
    return n < 0 ? s.length() : n;
  }

  /** Validates an identifier argument (feedback id, user id), throwing at once. */
  public static String idArgument(String field, String value) {
    Checks checks = new Checks();
    checks.id(field, value, MAX_ID_LENGTH);
    checks.throwIfAny();
    return value;
  }

  /**
   * An immutable copy of a list argument whose elements must not be null.
   *
   * @throws NullPointerException naming {@code name} or {@code name[i]}
   */
  public static <T> List<T> nonNullElements(String name, List<? extends T> list) {
    Objects.requireNonNull(list, name);
    for (int i = 0; i < list.size(); i++) {
      Objects.requireNonNull(list.get(i), name + "[" + i + "]");
    }
    return List.copyOf(list);
  }

  /** Whether an identifier read from elsewhere (a stored document) would pass {@link #id}. */
  public static boolean isValidId(String value, int max) {
    Checks checks = new Checks();
    checks.id("id", value, max);
    return !checks.failed();
  }

  /** Validates metadata keys, throwing at once with every bad key. */
  public static void metadataKeys(Collection<?> keys) {
    Checks checks = new Checks();
    for (Object key : keys) {
      if (checks.full()) {
        break;
      }
      checks.documentKey("metadata", key);
    }
    checks.throwIfAny();
  }

  /**
   * The length of well-formed UTF-16 text in UTF-8 bytes, or {@code -1 - i} when the char
   * at {@code i} is a lone surrogate. One pass, no allocation.
   */
  public static long utf8Length(String s) {
    long bytes = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (!Character.isSurrogate(c)) {
        bytes += 3;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        return -1L - i;
      }
    }
    return bytes;
  }

  /** A bad value as quoted in a message: at most 64 chars, never half a surrogate pair. */
  public static String shown(String value) {
    if (value.length() <= SHOWN_LENGTH) {
      return value;
    }
    int end =
        Character.isHighSurrogate(value.charAt(SHOWN_LENGTH - 1)) ? SHOWN_LENGTH - 1 : SHOWN_LENGTH;
    return value.substring(0, end) + "…";
  }
}
