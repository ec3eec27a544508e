package io.github.agentfeedback.analytics;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.spi.GroupKeys;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FeedbackAnalytics#report} reports on: a period (an ISO week, a calendar month
 * or any span), compared with the period before it, and the options of each section. Build
 * with {@link #builder()}.
 *
 * <p>The previous period of an ISO week is the week before; of a month, the month before
 * (so "equal length" means one calendar month, whatever its days); of a span
 * {@code [start, end)}, the span of the same duration that ends at {@code start}. Week and
 * month boundaries are midnights in the request's zone (UTC by default).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ReportRequest {

  /** The longest {@link #title()}, in chars. */
  public static final int MAX_TITLE_LENGTH = 1_000;

  private final String title;
  private final ZoneId zone;
  private final ReportPeriod period;
  private final ReportPeriod previousPeriod;
  private final FeedbackQuery filter;
  private final @Nullable GroupKey groupBy;
  private final GroupOptions groupOptions;
  private final ProblemOptions problemOptions;
  private final int negativeSessions;
  private final CompareOptions changeOptions;

  private ReportRequest(Builder b, ReportPeriod period, ReportPeriod previousPeriod) {
    this.title = b.title;
    this.zone = b.zone;
    this.period = period;
    this.previousPeriod = previousPeriod;
    this.filter = b.filter;
    this.groupBy = b.groupBy;
    this.groupOptions = b.groupOptions;
    this.problemOptions = b.problemOptions;
    this.negativeSessions = b.negativeSessions;
    this.changeOptions = b.changeOptions;
  }

  /**
   * A builder; a period is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The report's heading.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * The zone of every day, week and month boundary in the report.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * The period reported on.
   *
   * @return the period
   */
  public ReportPeriod period() {
    return period;
  }

  /**
   * The period compared with.
   *
   * @return the previous period
   */
  public ReportPeriod previousPeriod() {
    return previousPeriod;
  }

  /**
   * The criteria besides time that select the feedback (no {@code since} or
   * {@code until}).
   *
   * @return the filter
   */
  public FeedbackQuery filter() {
    return filter;
  }

  /**
   * What the best and worst groups are grouped by.
   *
   * @return the key, or {@code null} for a report without groups
   */
  public @Nullable GroupKey groupBy() {
    return groupBy;
  }

  /**
   * How groups are ranked.
   *
   * @return the options
   */
  public GroupOptions groupOptions() {
    return groupOptions;
  }

  /**
   * How problems are found.
   *
   * @return the options
   */
  public ProblemOptions problemOptions() {
    return problemOptions;
  }

  /**
   * How many sessions with the most negative feedback are listed.
   *
   * @return at least 0
   */
  public int negativeSessions() {
    return negativeSessions;
  }

  /**
   * How the changes from the previous period are tested ({@link FeedbackReport.Change}): the
   * significance level and intervals' level, the minimum sample of each period, and the
   * adjustment of the p-values over every tested change.
   *
   * @return the options
   */
  public CompareOptions changeOptions() {
    return changeOptions;
  }

  @Override
  public String toString() {
    return "ReportRequest[title="
        + title
        + ", period="
        + period
        + ", previousPeriod="
        + previousPeriod
        + ", zone="
        + zone
        + ", groupBy="
        + groupBy
        + "]";
  }

  /**
   * Builds a {@link ReportRequest}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String title = "Feedback report";
    private ZoneId zone = ZoneOffset.UTC;
    private FeedbackQuery filter = FeedbackQuery.all();
    private @Nullable GroupKey groupBy;
    private GroupOptions groupOptions = GroupOptions.defaults();
    private ProblemOptions problemOptions = ProblemOptions.defaults();
    private int negativeSessions = 5;
    private CompareOptions changeOptions = CompareOptions.defaults();
    private @Nullable LocalDate weekStart;
    private @Nullable YearMonth month;
    private @Nullable Instant start;
    private @Nullable Instant end;

    private Builder() {}

    /**
     * Reports on the ISO week (Monday to Sunday) that holds a day.
     *
     * @param anyDay any day of the week
     * @return this builder
     */
    public Builder week(LocalDate anyDay) {
      Objects.requireNonNull(anyDay, "anyDay");
      return isoWeek(
          anyDay.get(IsoFields.WEEK_BASED_YEAR), anyDay.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /**
     * Reports on an ISO week.
     *
     * @param weekBasedYear the ISO week-based year, 1 to 9999
     * @param week the week, 1 to 52, or 53 in years that have it
     * @return this builder
     * @throws IllegalArgumentException naming {@code weekBasedYear} or {@code week} when
     *     out of range
     */
    public Builder isoWeek(int weekBasedYear, int week) {
      if (weekBasedYear < 1 || weekBasedYear > 9999) {
        throw new IllegalArgumentException(
            "weekBasedYear must be within 1..9999, was " + weekBasedYear);
      }
      LocalDate monday = GroupKeys.isoWeekStart(weekBasedYear, 1);
      long weeks = monday.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
      if (week < 1 || week > weeks) {
        throw new IllegalArgumentException(
            "week must be within 1.." + weeks + " in " + weekBasedYear + ", was " + week);
      }
      clearPeriod();
      weekStart = GroupKeys.isoWeekStart(weekBasedYear, week);
      return this;
    }

    /**
     * Reports on a calendar month.
     *
     * @param month the month, of a year from 1 to 9999
     * @return this builder
     * @throws IllegalArgumentException naming {@code month} when its year is out of range
     */
    public Builder month(YearMonth month) {
      Objects.requireNonNull(month, "month");
      if (month.getYear() < 1 || month.getYear() > 9999) {
        throw new IllegalArgumentException("month must be of a year within 1..9999, was " + month);
      }
      clearPeriod();
      this.month = month;
      return this;
    }

    /**
     * Reports on any span of time.
     *
     * @param start the first instant, from {@link FeedbackLimits#MIN_INSTANT}
     * @param end the first instant after the span, up to {@link FeedbackLimits#MAX_INSTANT}
     * @return this builder
     * @throws IllegalArgumentException naming {@code start} or {@code end} when out of range,
     *     or unless {@code start} is before {@code end}
     */
    public Builder between(Instant start, @Nullable Instant end) {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      if (!Checks.inRange(start)) {
        throw new IllegalArgumentException(Checks.outOfRange("start", start));
      }
      if (!Checks.inRange(end)) {
        throw new IllegalArgumentException(Checks.outOfRange("end", end));
      }
      if (!start.isBefore(end)) {
        throw new IllegalArgumentException(
            "start must be before end, were " + start + " and " + end);
      }
      clearPeriod();
      this.start = start;
      this.end = end;
      return this;
    }

    private void clearPeriod() {
      weekStart = null;
      month = null;
      start = null;
      end = null;
    }

    /**
     * The zone of week, month and day boundaries. Default UTC.
     *
     * @param zone the zone
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone").normalized();
      return this;
    }

    /**
     * Selects the feedback by criteria other than time, for example one model or source.
     * Default all feedback.
     *
     * @param filter criteria without {@code since} or {@code until}
     * @return this builder
     * @throws IllegalArgumentException naming {@code filter} if it sets {@code since} or
     *     {@code until} (the period sets them)
     */
    public Builder filter(FeedbackQuery filter) {
      Objects.requireNonNull(filter, "filter");
      if (filter.since() != null || filter.until() != null) {
        throw new IllegalArgumentException(
            "filter must not set since or until; the report's period sets them");
      }
      this.filter = filter;
      return this;
    }

    /**
     * Lists the best and worst groups of a grouping, ranked with the default options.
     *
     * @param key what to group by
     * @return this builder
     */
    public Builder groupBy(GroupKey key) {
      return groupBy(key, GroupOptions.defaults());
    }

    /**
     * Lists the best and worst groups of a grouping.
     *
     * @param key what to group by
     * @param options how to rank
     * @return this builder
     */
    public Builder groupBy(GroupKey key, GroupOptions options) {
      this.groupBy = Objects.requireNonNull(key, "key");
      this.groupOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * How problems are found. Default {@link ProblemOptions#defaults()}.
     *
     * @param options the options
     * @return this builder
     */
    public Builder problems(ProblemOptions options) {
      this.problemOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * How many sessions with the most negative feedback to list. Default 5.
     *
     * @param count at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder negativeSessions(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("negativeSessions must not be negative, was " + count);
      }
      this.negativeSessions = count;
      return this;
    }

    /**
     * How the changes from the previous period are tested. Default {@link
     * CompareOptions#defaults()}.
     *
     * @param options the options
     * @return this builder
     */
    public Builder changes(CompareOptions options) {
      this.changeOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * The report's heading. Default {@code "Feedback report"}.
     *
     * @param title a non-blank title of at most {@value #MAX_TITLE_LENGTH} chars, well-formed
     *     UTF-16 (no lone surrogate, which no UTF-8 report could hold)
     * @return this builder
     * @throws IllegalArgumentException if blank, longer or not well-formed
     */
    public Builder title(String title) {
      Objects.requireNonNull(title, "title");
      if (title.isBlank()) {
        throw new IllegalArgumentException("title must not be blank");
      }
      if (title.length() > MAX_TITLE_LENGTH) {
        throw new IllegalArgumentException(
            "title must be at most " + MAX_TITLE_LENGTH + " chars, was " + title.length());
      }
      long bytes = Checks.utf8Length(title);
      if (bytes < 0) {
        throw new IllegalArgumentException(Checks.loneSurrogate("title", title, bytes));
      }
      this.title = title;
      return this;
    }

    /**
     * Builds the request, resolving the period and the previous period in the zone.
     *
     * @return the request
     * @throws IllegalStateException if no period was set
     */
    public ReportRequest build() {
      if (weekStart != null) {
        LocalDate previous = weekStart.minusWeeks(1);
        return new ReportRequest(
            this,
            days(weekLabel(weekStart), weekStart, weekStart.plusWeeks(1)),
            days(weekLabel(previous), previous, weekStart));
      }
      if (month != null) {
        YearMonth previous = month.minusMonths(1);
        return new ReportRequest(
            this,
            days(month.toString(), month.atDay(1), month.plusMonths(1).atDay(1)),
            days(previous.toString(), previous.atDay(1), month.atDay(1)));
      }
      if (start != null) {
        return new ReportRequest(
            this,
            ReportPeriod.between(start, Objects.requireNonNull(end, "end")),
            ReportPeriod.between(start.minus(java.time.Duration.between(start, end)), start));
      }
      throw new IllegalStateException(
          "a report needs a period: call week, isoWeek, month or between");
    }

    private ReportPeriod days(String label, LocalDate first, LocalDate next) {
      return new ReportPeriod(
          label, first.atStartOfDay(zone).toInstant(), next.atStartOfDay(zone).toInstant());
    }

    private static String weekLabel(LocalDate monday) {
      return GroupKeys.periodKey(
          monday.atStartOfDay(ZoneOffset.UTC).toInstant(), Granularity.ISO_WEEK, ZoneOffset.UTC);
    }
  }
}
