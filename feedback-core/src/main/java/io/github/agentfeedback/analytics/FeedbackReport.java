package io.github.agentfeedback.analytics;

import io.github.agentfeedback.analytics.internal.ReportMarkdown;
import io.github.agentfeedback.internal.Checks;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A report on one period against the period before it: every figure with its change,
 * the best and worst groups, emerging problems, and the sessions with the most negative
 * feedback. A tree of small records with stable component names, so a JSON mapper can
 * write it as it is; {@link #toMarkdown()} renders it for a weekly update.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FeedbackReport {

  private final String title;
  private final ZoneId zone;
  private final ReportPeriod period;
  private final ReportPeriod previousPeriod;
  private final FeedbackSummary current;
  private final FeedbackSummary previous;
  private final List<Change> changes;
  private final @Nullable GroupReport groups;
  private final ProblemReport problems;
  private final List<ProblemReport.Hotspot> negativeSessions;

  private FeedbackReport(
      @Nullable String title,
      @Nullable ZoneId zone,
      @Nullable ReportPeriod period,
      @Nullable ReportPeriod previousPeriod,
      @Nullable FeedbackSummary current,
      @Nullable FeedbackSummary previous,
      List<Change> changes,
      @Nullable GroupReport groups,
      @Nullable ProblemReport problems,
      List<ProblemReport.Hotspot> negativeSessions) {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(previousPeriod, "previousPeriod");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(previous, "previous");
    changes = Checks.nonNullElements("changes", changes);
    Objects.requireNonNull(problems, "problems");
    negativeSessions = Checks.nonNullElements("negativeSessions", negativeSessions);
    this.title = title;
    this.zone = zone;
    this.period = period;
    this.previousPeriod = previousPeriod;
    this.current = current;
    this.previous = previous;
    this.changes = changes;
    this.groups = groups;
    this.problems = problems;
    this.negativeSessions = negativeSessions;
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this value's fields, to make a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The report as Markdown (GitHub-flavoured tables), ready to paste into a weekly update.
   * The same report always renders to the same text: numbers are formatted with
   * {@link java.util.Locale#ROOT}, one decimal for percentages and points, two for means;
   * text from the data (group keys, terms) is escaped so it cannot break the layout.
   *
   * <p>Nothing empty is printed: a figure without a value in either period has no row, and
   * an empty list (terms, messages, tags, sessions, ...) has no section. Groups are listed as
   * the best and the worst apart only when both lists of the {@link GroupReport} are full,
   * that is when at least twice the {@link GroupOptions#limit()} groups are ranked;
   * otherwise as one ranking of every ranked group, best first, with a line that says so.
   *
   * @return the Markdown text, ending with a newline
   */
  public String toMarkdown() {
    return ReportMarkdown.render(this);
  }

  /**
   * One headline figure now and before. {@code change} is {@code current − previous}, in
   * percentage points for {@link Unit#PERCENT}.
   *
   * <p>Figures, in order: {@code feedback}, {@code up}, {@code down}, {@code neutral}
   * (counts); {@code satisfaction}, {@code positive_rate} (percent);
   * {@code response_quality} (score); {@code comment_rate} (percent);
   * {@code average_comment_length}, {@code dimension_mean}, {@code sentiment_mean}
   * (means); then for every scale that occurred in either period, in name order,
   * {@code score.<scale>.count} and {@code score.<scale>.mean}, followed by {@code nps}
   * (score) for the {@code nps} scale and {@code csat} (percent) for the {@code csat}
   * scale.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Change {

    private final String figure;
    private final Unit unit;
    private final @Nullable Double current;
    private final @Nullable Double previous;
    private final @Nullable Double change;
    private final @Nullable ConfidenceInterval interval;
    private final @Nullable Double pValue;
    private final @Nullable Double adjustedPValue;

    private Change(
        @Nullable String figure,
        @Nullable Unit unit,
        @Nullable Double current,
        @Nullable Double previous,
        @Nullable Double change,
        @Nullable ConfidenceInterval interval,
        @Nullable Double pValue,
        @Nullable Double adjustedPValue) {
      Objects.requireNonNull(figure, "figure");
      Objects.requireNonNull(unit, "unit");
      this.figure = figure;
      this.unit = unit;
      this.current = current;
      this.previous = previous;
      this.change = change;
      this.interval = interval;
      this.pValue = pValue;
      this.adjustedPValue = adjustedPValue;
    }

    /**
     * A builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * A builder holding this value's fields, to make a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /**
     * The figure's stable name.
     *
     * @return the figure
     */
    public String figure() {
      return figure;
    }

    /**
     * How to read the values.
     *
     * @return the unit
     */
    public Unit unit() {
      return unit;
    }

    /**
     * The value in the period, or {@code null} for no data.
     *
     * @return the current
     */
    public @Nullable Double current() {
      return current;
    }

    /**
     * The value in the previous period, or {@code null} for no data.
     *
     * @return the previous
     */
    public @Nullable Double previous() {
      return previous;
    }

    /**
     * {@code current − previous}, or {@code null} when either is.
     *
     * @return the change
     */
    public @Nullable Double change() {
      return change;
    }

    /**
     * The confidence interval of {@code change} at level 1 − {@link ReportRequest#changeOptions()} alpha, in the figure's unit; {@code null} when no test was made.
     *
     * @return the interval, or {@code null}
     */
    public @Nullable ConfidenceInterval interval() {
      return interval;
    }

    /**
     * The two-sided p-value of the test that the figure did not change, the previous period's feedback against the period's, as {@link FeedbackAnalytics#compare} tests two groups: for {@code satisfaction}, {@code positive_rate}, {@code comment_rate} and {@code csat} the proportion test, for {@code response_quality} (values 100, 50, 0), {@code score.<scale>.mean} and {@code nps} (values +100, 0, −100) Welch's test; {@code null} for counts, for means whose squares the stores do not sum ({@code average_comment_length}, {@code dimension_mean}, {@code sentiment_mean}), and for a test withheld (too few, no variation).
     *
     * @return the pValue, or {@code null}
     */
    public @Nullable Double pValue() {
      return pValue;
    }

    /**
     * The p-value adjusted over every tested change of the report as {@link ReportRequest#changeOptions()} says; {@code null} when no test was made.
     *
     * @return the adjustedPValue, or {@code null}
     */
    public @Nullable Double adjustedPValue() {
      return adjustedPValue;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Change o
          && Objects.equals(figure, o.figure)
          && Objects.equals(unit, o.unit)
          && Objects.equals(current, o.current)
          && Objects.equals(previous, o.previous)
          && Objects.equals(change, o.change)
          && Objects.equals(interval, o.interval)
          && Objects.equals(pValue, o.pValue)
          && Objects.equals(adjustedPValue, o.adjustedPValue);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          figure, unit, current, previous, change, interval, pValue, adjustedPValue);
    }

    @Override
    public String toString() {
      return "Change[figure="
          + figure
          + ", unit="
          + unit
          + ", current="
          + current
          + ", previous="
          + previous
          + ", change="
          + change
          + ", interval="
          + interval
          + ", pValue="
          + pValue
          + ", adjustedPValue="
          + adjustedPValue
          + "]";
    }

    /**
     * Builds a {@link Change}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String figure;
      private @Nullable Unit unit;
      private @Nullable Double current;
      private @Nullable Double previous;
      private @Nullable Double change;
      private @Nullable ConfidenceInterval interval;
      private @Nullable Double pValue;
      private @Nullable Double adjustedPValue;

      private Builder() {}

      private Builder(Change from) {
        this.figure = from.figure;
        this.unit = from.unit;
        this.current = from.current;
        this.previous = from.previous;
        this.change = from.change;
        this.interval = from.interval;
        this.pValue = from.pValue;
        this.adjustedPValue = from.adjustedPValue;
      }

      /**
       * Sets the {@code figure}: the figure's stable name.
       *
       * @param figure the value
       * @return this builder
       */
      public Builder figure(String figure) {
        this.figure = figure;
        return this;
      }

      /**
       * Sets the {@code unit}: how to read the values.
       *
       * @param unit the value
       * @return this builder
       */
      public Builder unit(Unit unit) {
        this.unit = unit;
        return this;
      }

      /**
       * Sets the {@code current}: the value in the period, or {@code null} for no data.
       *
       * @param current the value
       * @return this builder
       */
      public Builder current(@Nullable Double current) {
        this.current = current;
        return this;
      }

      /**
       * Sets the {@code previous}: the value in the previous period, or {@code null} for no data.
       *
       * @param previous the value
       * @return this builder
       */
      public Builder previous(@Nullable Double previous) {
        this.previous = previous;
        return this;
      }

      /**
       * Sets the {@code change}: {@code current − previous}, or {@code null} when either is.
       *
       * @param change the value
       * @return this builder
       */
      public Builder change(@Nullable Double change) {
        this.change = change;
        return this;
      }

      /**
       * Sets the {@code interval}: the confidence interval of {@code change} at level 1 − {@link ReportRequest#changeOptions()} alpha, in the figure's unit; {@code null} when no test was made.
       *
       * @param interval the value, or {@code null}
       * @return this builder
       */
      public Builder interval(@Nullable ConfidenceInterval interval) {
        this.interval = interval;
        return this;
      }

      /**
       * Sets the {@code pValue}: the two-sided p-value of the test that the figure did not change, the previous period's feedback against the period's, as {@link FeedbackAnalytics#compare} tests two groups: for {@code satisfaction}, {@code positive_rate}, {@code comment_rate} and {@code csat} the proportion test, for {@code response_quality} (values 100, 50, 0), {@code score.<scale>.mean} and {@code nps} (values +100, 0, −100) Welch's test; {@code null} for counts, for means whose squares the stores do not sum ({@code average_comment_length}, {@code dimension_mean}, {@code sentiment_mean}), and for a test withheld (too few, no variation).
       *
       * @param pValue the value, or {@code null}
       * @return this builder
       */
      public Builder pValue(@Nullable Double pValue) {
        this.pValue = pValue;
        return this;
      }

      /**
       * Sets the {@code adjustedPValue}: the p-value adjusted over every tested change of the report as {@link ReportRequest#changeOptions()} says; {@code null} when no test was made.
       *
       * @param adjustedPValue the value, or {@code null}
       * @return this builder
       */
      public Builder adjustedPValue(@Nullable Double adjustedPValue) {
        this.adjustedPValue = adjustedPValue;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the change
       * @throws NullPointerException naming {@code figure} or {@code unit}
       */
      public Change build() {
        return new Change(
            figure, unit, current, previous, change, interval, pValue, adjustedPValue);
      }
    }
  }

  /**
   * How a figure's values read. Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Unit {
    /** A count; the change is a difference of counts. */
    COUNT,
    /** A percentage (0–100); the change is in percentage points. */
    PERCENT,
    /** A score on a 0–100 or −100–100 scale (response quality, NPS); change in points. */
    SCORE,
    /** A mean (of scores, dimension ratings, lengths or sentiment). */
    MEAN
  }

  /**
   * The heading.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * The zone of every day, week and month boundary.
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
   * @return the previousPeriod
   */
  public ReportPeriod previousPeriod() {
    return previousPeriod;
  }

  /**
   * Every figure of the period.
   *
   * @return the current
   */
  public FeedbackSummary current() {
    return current;
  }

  /**
   * Every figure of the previous period.
   *
   * @return the previous
   */
  public FeedbackSummary previous() {
    return previous;
  }

  /**
   * The headline figures with their change, in a fixed order (see {@link Change}).
   *
   * @return the changes
   */
  public List<Change> changes() {
    return changes;
  }

  /**
   * The best and worst groups of the requested grouping, or {@code null} when none was requested.
   *
   * @return the groups
   */
  public @Nullable GroupReport groups() {
    return groups;
  }

  /**
   * The period's problems, rising terms compared with the previous period.
   *
   * @return the problems
   */
  public ProblemReport problems() {
    return problems;
  }

  /**
   * The sessions with the most negative feedback, most first, ties by session id; only sessions
   * with some.
   *
   * @return the negativeSessions
   */
  public List<ProblemReport.Hotspot> negativeSessions() {
    return negativeSessions;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeedbackReport o
        && Objects.equals(title, o.title)
        && Objects.equals(zone, o.zone)
        && Objects.equals(period, o.period)
        && Objects.equals(previousPeriod, o.previousPeriod)
        && Objects.equals(current, o.current)
        && Objects.equals(previous, o.previous)
        && Objects.equals(changes, o.changes)
        && Objects.equals(groups, o.groups)
        && Objects.equals(problems, o.problems)
        && Objects.equals(negativeSessions, o.negativeSessions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        title,
        zone,
        period,
        previousPeriod,
        current,
        previous,
        changes,
        groups,
        problems,
        negativeSessions);
  }

  @Override
  public String toString() {
    return "FeedbackReport[title="
        + title
        + ", zone="
        + zone
        + ", period="
        + period
        + ", previousPeriod="
        + previousPeriod
        + ", current="
        + current
        + ", previous="
        + previous
        + ", changes="
        + changes
        + ", groups="
        + groups
        + ", problems="
        + problems
        + ", negativeSessions="
        + negativeSessions
        + "]";
  }

  /**
   * Builds a {@link FeedbackReport}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String title;
    private @Nullable ZoneId zone;
    private @Nullable ReportPeriod period;
    private @Nullable ReportPeriod previousPeriod;
    private @Nullable FeedbackSummary current;
    private @Nullable FeedbackSummary previous;
    private List<Change> changes = List.of();
    private @Nullable GroupReport groups;
    private @Nullable ProblemReport problems;
    private List<ProblemReport.Hotspot> negativeSessions = List.of();

    private Builder() {}

    private Builder(FeedbackReport from) {
      this.title = from.title;
      this.zone = from.zone;
      this.period = from.period;
      this.previousPeriod = from.previousPeriod;
      this.current = from.current;
      this.previous = from.previous;
      this.changes = from.changes;
      this.groups = from.groups;
      this.problems = from.problems;
      this.negativeSessions = from.negativeSessions;
    }

    /**
     * Sets the {@code title}: the heading.
     *
     * @param title the value
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * Sets the {@code zone}: the zone of every day, week and month boundary.
     *
     * @param zone the value
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Sets the {@code period}: the period reported on.
     *
     * @param period the value
     * @return this builder
     */
    public Builder period(ReportPeriod period) {
      this.period = period;
      return this;
    }

    /**
     * Sets the {@code previousPeriod}: the period compared with.
     *
     * @param previousPeriod the value
     * @return this builder
     */
    public Builder previousPeriod(ReportPeriod previousPeriod) {
      this.previousPeriod = previousPeriod;
      return this;
    }

    /**
     * Sets the {@code current}: every figure of the period.
     *
     * @param current the value
     * @return this builder
     */
    public Builder current(FeedbackSummary current) {
      this.current = current;
      return this;
    }

    /**
     * Sets the {@code previous}: every figure of the previous period.
     *
     * @param previous the value
     * @return this builder
     */
    public Builder previous(FeedbackSummary previous) {
      this.previous = previous;
      return this;
    }

    /**
     * Sets the {@code changes}: the headline figures with their change, in a fixed order (see
     * {@link Change}).
     *
     * @param changes the value
     * @return this builder
     */
    public Builder changes(List<Change> changes) {
      this.changes = changes;
      return this;
    }

    /**
     * Sets the {@code groups}: the best and worst groups of the requested grouping, or {@code null}
     * when none was requested.
     *
     * @param groups the value
     * @return this builder
     */
    public Builder groups(@Nullable GroupReport groups) {
      this.groups = groups;
      return this;
    }

    /**
     * Sets the {@code problems}: the period's problems, rising terms compared with the previous
     * period.
     *
     * @param problems the value
     * @return this builder
     */
    public Builder problems(ProblemReport problems) {
      this.problems = problems;
      return this;
    }

    /**
     * Sets the {@code negativeSessions}: the sessions with the most negative feedback, most first,
     * ties by session id; only sessions with some.
     *
     * @param negativeSessions the value
     * @return this builder
     */
    public Builder negativeSessions(List<ProblemReport.Hotspot> negativeSessions) {
      this.negativeSessions = negativeSessions;
      return this;
    }

    /**
     * Builds the value, checking and copying the fields.
     *
     * @return the feedbackReport
     * @throws NullPointerException naming a missing component or element
     */
    public FeedbackReport build() {
      return new FeedbackReport(
          title,
          zone,
          period,
          previousPeriod,
          current,
          previous,
          changes,
          groups,
          problems,
          negativeSessions);
    }
  }
}
