package io.github.agentfeedback.spi;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Review;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The group keys of feedback, as {@link GroupKey} documents them, and the bounds of period
 * keys. Stores that group on a server turn their group values into keys with
 * {@link #metadataText(Object)} and {@link #periodKey(Instant, Granularity, ZoneId)}, so
 * every store names groups alike.
 */
public final class GroupKeys {

  private static final List<String> NONE = Collections.singletonList(null);

  private GroupKeys() {}

  /**
   * The keys of one feedback under a grouping: one key (possibly {@code null}, "no value"),
   * or one per tag.
   *
   * @param metadata the session's metadata; read only for metadata keys
   */
  public static List<String> keys(
      GroupKey key, String sessionId, Feedback f, Map<String, Object> metadata) {
    return switch (key.kind()) {
      case METADATA -> one(metadataText(metadata.get(key.field())));
      case TAG -> f.tags().isEmpty() ? NONE : f.tags();
      case USER -> one(f.userId());
      case MESSAGE -> one(f.messageId());
      case SESSION -> one(sessionId);
      case MODEL, MODEL_VERSION -> one(modelKey(key.kind(), f.model()));
      case SOURCE -> one(f.source().name());
      case REVIEW_STATUS -> one(reviewStatus(f.review()));
      case PERIOD -> one(periodKey(key, f.createdAt()));
      default -> throw new IllegalStateException("unknown group kind " + key.kind());
    };
  }

  private static @Nullable String reviewStatus(@Nullable Review review) {
    return review == null ? null : review.status().wireValue();
  }

  private static @Nullable String periodKey(GroupKey key, @Nullable Instant at) {
    return at == null
        ? null
        : periodKey(
            at,
            Objects.requireNonNull(key.granularity(), "a period key's granularity"),
            Objects.requireNonNull(key.zone(), "a period key's zone"));
  }

  /**
   * A model's key under {@link GroupKey.Kind#MODEL} (its name) or
   * {@link GroupKey.Kind#MODEL_VERSION} ({@code name@version}); {@code null} without a model.
   */
  public static @Nullable String modelKey(GroupKey.Kind kind, @Nullable ModelRef model) {
    if (model == null) {
      return null;
    }
    return kind == GroupKey.Kind.MODEL ? model.name() : model.toString();
  }

  private static List<String> one(@Nullable String key) {
    return key == null ? NONE : List.of(key);
  }

  /**
   * A metadata value as group key text: strings as they are, booleans, integral numbers
   * without a fraction, other numbers as {@link Double#toString(double)}, instants in
   * ISO-8601; {@code null} for anything else.
   */
  public static @Nullable String metadataText(@Nullable Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof Double d) {
      double v = d;
      if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
        return Long.toString((long) v);
      }
      return Double.toString(v + 0.0);
    }
    if (value instanceof Instant t) {
      return t.toString();
    }
    return null;
  }

  /** The key of the period an instant falls in, in a zone. */
  public static String periodKey(Instant at, Granularity granularity, ZoneId zone) {
    ZonedDateTime t = at.atZone(zone);
    switch (granularity) {
      case HOUR_OF_DAY -> {
        return pad(t.getHour(), 2);
      }
      case HOUR -> {
        ZonedDateTime hour = t.truncatedTo(ChronoUnit.HOURS);
        return pad(hour.getYear(), 4)
            + "-"
            + pad(hour.getMonthValue(), 2)
            + "-"
            + pad(hour.getDayOfMonth(), 2)
            + "T"
            + pad(hour.getHour(), 2)
            + ":"
            + pad(hour.getMinute(), 2)
            + offset(hour.getOffset());
      }
      case DAY -> {
        return pad(t.getYear(), 4)
            + "-"
            + pad(t.getMonthValue(), 2)
            + "-"
            + pad(t.getDayOfMonth(), 2);
      }
      case ISO_WEEK -> {
        return pad(t.get(IsoFields.WEEK_BASED_YEAR), 4)
            + "-W"
            + pad(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
      }
      case MONTH -> {
        return pad(t.getYear(), 4) + "-" + pad(t.getMonthValue(), 2);
      }
      default -> throw new IllegalStateException("unknown granularity " + granularity);
    }
  }

  /** An offset as {@code +hh:mm} (UTC too), with seconds only when it has them. */
  private static String offset(ZoneOffset offset) {
    return offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
  }

  /**
   * The first instant of the period a key names, in a zone; {@code null} for
   * {@link Granularity#HOUR_OF_DAY}, which recurs.
   */
  public static @Nullable Instant periodStart(String key, Granularity granularity, ZoneId zone) {
    return switch (granularity) {
      case HOUR_OF_DAY -> null;
      case HOUR -> OffsetDateTime.parse(key).toInstant();
      default -> firstDay(key, granularity).atStartOfDay(zone).toInstant();
    };
  }

  /** The first instant after the period that starts at {@code start}. */
  public static Instant periodEnd(Instant start, Granularity granularity, ZoneId zone) {
    if (granularity == Granularity.HOUR) {
      return start.atZone(zone).plusHours(1).truncatedTo(ChronoUnit.HOURS).toInstant();
    }
    LocalDate first = start.atZone(zone).toLocalDate();
    return nextFirstDay(first, granularity).atStartOfDay(zone).toInstant();
  }

  /**
   * The first day of a period key ({@link Granularity#DAY}, {@link Granularity#ISO_WEEK} or
   * {@link Granularity#MONTH}).
   */
  public static LocalDate firstDay(String key, Granularity granularity) {
    return switch (granularity) {
      case DAY -> LocalDate.parse(key);
      case ISO_WEEK ->
          isoWeekStart(Integer.parseInt(key.substring(0, 4)), Integer.parseInt(key.substring(6)));
      case MONTH -> YearMonth.parse(key).atDay(1);
      default -> throw new IllegalArgumentException(granularity + " periods have no first day");
    };
  }

  /** The day after the last day of the period that starts on {@code first}. */
  public static LocalDate nextFirstDay(LocalDate first, Granularity granularity) {
    return switch (granularity) {
      case DAY -> first.plusDays(1);
      case ISO_WEEK -> first.plusWeeks(1);
      case MONTH -> first.plusMonths(1);
      default -> throw new IllegalArgumentException(granularity + " periods have no first day");
    };
  }

  /** The Monday that starts an ISO week. */
  public static LocalDate isoWeekStart(int weekBasedYear, int week) {
    // January 4th is always in week 1 of its week-based year.
    return LocalDate.of(weekBasedYear, 1, 4).with(DayOfWeek.MONDAY).plusWeeks(week - 1L);
  }

  private static String pad(int value, int width) {
    String s = Integer.toString(value);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }
}
