package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What analytics group feedback by: a session metadata field, a tag, the user, the rated
 * message, the session, the model (by name, or by name and version), the source, the review
 * status, or a period of time. Create keys with the static factories.
 *
 * <p>Every group has a text key, the value the feedback has for this grouping:
 * <ul>
 *   <li>{@link Kind#METADATA}: the session's metadata value as text: strings as they are,
 *       booleans {@code "true"}/{@code "false"}, integral numbers without a fraction
 *       ({@code 3}, {@code 3L} and {@code 3.0} all give {@code "3"}), other numbers as
 *       {@link Double#toString(double)}, instants in ISO-8601; a list, a map, {@code null}
 *       or a missing key give no value;
 *   <li>{@link Kind#TAG}: each of the feedback's tags (feedback with two tags is in two
 *       groups); untagged feedback has no value;
 *   <li>{@link Kind#USER}, {@link Kind#MESSAGE}, {@link Kind#SESSION}: the id, or no value
 *       when the feedback has none;
 *   <li>{@link Kind#MODEL}: the model's name; {@link Kind#MODEL_VERSION}: the model as
 *       {@link ModelRef#toString()} ({@code name@version}, or the name when it has no
 *       version); no value without a model;
 *   <li>{@link Kind#SOURCE}: the source's name (always present);
 *   <li>{@link Kind#REVIEW_STATUS}: the status's stored name ({@code "pending"},
 *       {@code "approved"}, {@code "rejected"}); no value when not reviewed;
 *   <li>{@link Kind#PERIOD}: the period's key as {@link Granularity} describes it, in the
 *       key's zone.
 * </ul>
 * Feedback with no value forms one group whose key is {@code null} (shown as "(none)").
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what to group by; never null
 * @param field the metadata key for {@link Kind#METADATA}, otherwise {@code null}
 * @param granularity the period length for {@link Kind#PERIOD}, otherwise {@code null}
 * @param zone the time zone of the periods for {@link Kind#PERIOD}, otherwise {@code null}
 * @since 0.1.0
 */
public record GroupKey(
    Kind kind, @Nullable String field, @Nullable Granularity granularity, @Nullable ZoneId zone) {

  /**
   * Validates that each kind has exactly the parts it needs.
   *
   * @throws NullPointerException naming {@code kind}, or {@code field}, {@code granularity}
   *     or {@code zone} when the kind needs it
   * @throws IllegalArgumentException naming a part the kind does not take
   * @throws InvalidFeedbackException if the metadata field is not a valid metadata key
   */
  public GroupKey {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.METADATA) {
      Objects.requireNonNull(field, "field");
      Checks.metadataKeys(List.of(field));
    } else if (field != null) {
      throw new IllegalArgumentException("field is only for METADATA keys, not " + kind);
    }
    if (kind == Kind.PERIOD) {
      Objects.requireNonNull(granularity, "granularity");
      Objects.requireNonNull(zone, "zone");
      zone = zone.normalized();
    } else if (granularity != null || zone != null) {
      throw new IllegalArgumentException(
          "granularity and zone are only for PERIOD keys, not " + kind);
    }
  }

  /**
   * Groups by a session metadata field, such as an A/B variant.
   *
   * @param field the metadata key, for example {@code "variant"}
   * @return the key
   */
  public static GroupKey metadata(String field) {
    return new GroupKey(Kind.METADATA, field, null, null);
  }

  /**
   * Groups by tag; feedback with several tags is in each of their groups.
   *
   * @return the key
   */
  public static GroupKey tag() {
    return of(Kind.TAG);
  }

  /**
   * Groups by the user who gave the feedback.
   *
   * @return the key
   */
  public static GroupKey user() {
    return of(Kind.USER);
  }

  /**
   * Groups by the rated agent message.
   *
   * @return the key
   */
  public static GroupKey message() {
    return of(Kind.MESSAGE);
  }

  /**
   * Groups by session.
   *
   * @return the key
   */
  public static GroupKey session() {
    return of(Kind.SESSION);
  }

  /**
   * Groups by the model's name, every version together.
   *
   * @return the key
   */
  public static GroupKey model() {
    return of(Kind.MODEL);
  }

  /**
   * Groups by the model's name and version.
   *
   * @return the key
   */
  public static GroupKey modelVersion() {
    return of(Kind.MODEL_VERSION);
  }

  /**
   * Groups by who or what gave the feedback.
   *
   * @return the key
   */
  public static GroupKey source() {
    return of(Kind.SOURCE);
  }

  /**
   * Groups by training-data review status.
   *
   * @return the key
   */
  public static GroupKey reviewStatus() {
    return of(Kind.REVIEW_STATUS);
  }

  /**
   * Groups by period of time.
   *
   * @param granularity the period length
   * @param zone the time zone of the period boundaries
   * @return the key
   */
  public static GroupKey period(Granularity granularity, ZoneId zone) {
    return new GroupKey(Kind.PERIOD, null, granularity, zone);
  }

  /**
   * Groups by period of time, in UTC.
   *
   * @param granularity the period length
   * @return the key
   */
  public static GroupKey period(Granularity granularity) {
    return period(granularity, ZoneOffset.UTC);
  }

  private static GroupKey of(Kind kind) {
    return new GroupKey(kind, null, null, null);
  }

  /**
   * A short, stable name for headings: {@code "metadata.variant"}, {@code "tag"},
   * {@code "user"}, {@code "message"}, {@code "session"}, {@code "model"},
   * {@code "model_version"}, {@code "source"}, {@code "review_status"}, or the granularity
   * in lower case (such as {@code "iso_week"}).
   *
   * @return the name
   */
  public String label() {
    return switch (kind) {
      case METADATA -> "metadata." + field;
      case PERIOD -> Objects.requireNonNull(granularity).name().toLowerCase(java.util.Locale.ROOT);
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  @Override
  public String toString() {
    return kind == Kind.PERIOD ? label() + "@" + zone : label();
  }

  /**
   * The kinds of grouping. Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** A session metadata field. */
    METADATA,
    /** Each tag. */
    TAG,
    /** The user id. */
    USER,
    /** The rated message's id. */
    MESSAGE,
    /** The session id. */
    SESSION,
    /** The model's name. */
    MODEL,
    /** The model's name and version. */
    MODEL_VERSION,
    /** The source's name. */
    SOURCE,
    /** The review status. */
    REVIEW_STATUS,
    /** A period of time. */
    PERIOD
  }
}
