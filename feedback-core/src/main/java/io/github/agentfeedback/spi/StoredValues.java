package io.github.agentfeedback.spi;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.CodePointOrder;
import io.github.agentfeedback.internal.Values;
import java.time.Instant;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Rules for values a {@link FeedbackStore} reads back from its storage, which may have been
 * written by other programs (such as the Python session manager) and so need not follow the
 * model's rules. A store keeps a stored value when it passes these checks and otherwise
 * reads the field as absent (or, for free-form values, as text), never failing the read.
 * Also the one rule for comparing stored values, which a store that filters by metadata
 * must follow.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class StoredValues {

  private StoredValues() {}

  /**
   * Whether a stored identifier (feedback id, user id, tag, model name) is one the model
   * accepts: not blank, well-formed text, at most {@code maxLength} chars.
   *
   * @param value the stored text, or {@code null}
   * @param maxLength the field's limit, such as {@link FeedbackLimits#MAX_ID_LENGTH}
   * @return whether the model would accept it; false for {@code null}
   */
  public static boolean isValidId(String value, int maxLength) {
    return Checks.isValidId(value, maxLength);
  }

  /**
   * A stored OpenTelemetry id (trace id: 32 hex digits, span id: 16) as the model holds it.
   *
   * @param value the stored text, or {@code null}
   * @param length the number of hex digits the id has
   * @return the id in lower case, or {@code null} when the text is not {@code length} hex
   *     digits, is all zeros, or is {@code null}
   */
  public static @Nullable String hexId(@Nullable String value, int length) {
    if (value == null) {
      return null;
    }
    Checks checks = new Checks();
    String id = checks.hexId("id", value, length);
    return checks.failed() ? null : id;
  }

  /**
   * Whether a stored instant lies in the range the model accepts,
   * {@link FeedbackLimits#MIN_INSTANT} to {@link FeedbackLimits#MAX_INSTANT}.
   *
   * @param value the instant, kept to the millisecond
   * @return whether it is in range
   * @throws NullPointerException if {@code value} is null
   */
  public static boolean inRange(Instant value) {
    return Checks.inRange(value);
  }

  /**
   * The order of strings that every store uses, by Unicode code point: the order of their
   * UTF-8 bytes, which MongoDB and a binary collation ({@code COLLATE "C"}) give, and which
   * {@link String#compareTo} (by UTF-16 unit) does not for characters beyond U+FFFF. Stream
   * order and the retention cap's ties follow it; a store that locks several sessions in one
   * transaction can lock them in it, as its set-based statements do, so that the two never
   * deadlock.
   *
   * @return the comparator; a proper prefix sorts first
   */
  public static Comparator<String> codePointOrder() {
    return CodePointOrder.STRINGS;
  }

  /**
   * Whether two stored values are equal the way a document store compares them: numbers by
   * exact value whatever their type ({@code 3}, {@code 3L} and {@code 3.0} are equal;
   * 2<sup>53</sup> + 1 and the double 2<sup>53</sup> are not), lists and
   * maps element by element, anything else with {@code equals}; {@code null} equals only
   * {@code null}. A store that matches {@link io.github.agentfeedback.FeedbackQuery}
   * metadata criteria compares with this rule.
   *
   * @param a a value
   * @param b another value
   * @return whether they are equal
   */
  public static boolean same(Object a, Object b) {
    return Values.same(a, b);
  }
}
