package io.github.agentfeedback.analytics;

import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.analytics.internal.ReportMarkdown;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A report on one period against the period before it: every figure with its change,
 * the best and worst groups, emerging problems, and the sessions with the most negative
 * feedback. A tree of small records with stable component names, so a JSON mapper can
 * write it as it is; {@link #toMarkdown()} renders it for a weekly update.
 *
 * <p>Immutable and thread-safe.
 *
 * @param title the heading
 * @param zone the zone of every day, week and month boundary
 * @param period the period reported on
 * @param previousPeriod the period compared with
 * @param current every figure of the period
 * @param previous every figure of the previous period
 * @param changes the headline figures with their change, in a fixed order (see
 *     {@link Change})
 * @param groups the best and worst groups of the requested grouping, or {@code null} when
 *     none was requested
 * @param problems the period's problems, rising terms compared with the previous period
 * @param negativeSessions the sessions with the most negative feedback, most first, ties
 *     by session id; only sessions with some
 * @since 0.1.0
 */
public record FeedbackReport(
    String title,
    ZoneId zone,
    ReportPeriod period,
    ReportPeriod previousPeriod,
    FeedbackSummary current,
    FeedbackSummary previous,
    List<Change> changes,
    GroupReport groups,
    ProblemReport problems,
    List<ProblemReport.Hotspot> negativeSessions) {

  /**
   * Validates and copies the report.
   *
   * @throws NullPointerException naming a missing component or element
   */
  public FeedbackReport {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(previousPeriod, "previousPeriod");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(previous, "previous");
    changes = Checks.nonNullElements("changes", changes);
    Objects.requireNonNull(problems, "problems");
    negativeSessions = Checks.nonNullElements("negativeSessions", negativeSessions);
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
   * @param figure the figure's stable name
   * @param unit how to read the values
   * @param current the value in the period, or {@code null} for no data
   * @param previous the value in the previous period, or {@code null} for no data
   * @param change {@code current − previous}, or {@code null} when either is
   * @since 0.1.0
   */
  public record Change(String figure, Unit unit, Double current, Double previous,
      Double change) {

    /**
     * Validates the change.
     *
     * @throws NullPointerException naming {@code figure} or {@code unit}
     */
    public Change {
      Objects.requireNonNull(figure, "figure");
      Objects.requireNonNull(unit, "unit");
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
}
