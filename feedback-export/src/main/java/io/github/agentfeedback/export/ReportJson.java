package io.github.agentfeedback.export;

import io.github.agentfeedback.analytics.CohortComparison;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.analytics.GroupReport;
import io.github.agentfeedback.analytics.ProblemReport;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.analytics.WinRates;
import io.github.agentfeedback.export.internal.ReportJsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Objects;

/**
 * Analytics results as JSON, for dashboards, archives and other programs: a
 * {@link FeedbackReport}, and each result of {@link io.github.agentfeedback.analytics.FeedbackAnalytics}
 * on its own.
 *
 * <pre>{@code
 * FeedbackReport report = manager.analytics().report(ReportRequest.builder()
 *     .week(LocalDate.now()).groupBy(GroupKey.metadata("variant")).build());
 * Files.writeString(Path.of("week.json"), ReportJson.toJson(report));
 * }</pre>
 *
 * <h2>Format</h2>
 * One JSON object, pretty-printed: two spaces per level, {@code \n} line ends on every
 * platform, {@code "name": value}, no newline after the closing brace. The same result
 * always gives the same text. Text is escaped as JSON requires, and so are the control
 * characters U+007F to U+009F and the line separators U+2028 and U+2029.
 * <ul>
 *   <li>Field names are the result components' names in snake case
 *       ({@code positiveRate} is {@code positive_rate}), in the order the components are
 *       declared; every field is always present.
 *   <li>Counts are JSON integers and figures JSON numbers (as {@link Double#toString}
 *       writes them, so a figure may read {@code 1.0E-4}); a figure without data is
 *       {@code null}, never 0, as on the result types. The values of a report's
 *       {@code changes} are figures whatever their unit ({@code 11.0} feedbacks).
 *   <li>Enum values are their names in lower case ({@code "percent"}, {@code "iso_week"},
 *       {@code "satisfaction"}); instants are ISO-8601 text in UTC
 *       ({@code "2026-03-02T00:00:00Z"}); zones are their ids ({@code "Europe/Madrid"},
 *       {@code "Z"} for UTC).
 *   <li>A {@link io.github.agentfeedback.GroupKey} is
 *       {@code {"kind", "label", "field", "granularity", "zone"}}, the last three null
 *       where the kind has none; a {@link io.github.agentfeedback.analytics.ReportPeriod} is
 *       {@code {"label", "start", "end"}}; a confidence interval is
 *       {@code {"level", "lower", "upper"}}.
 *   <li>In a {@link FeedbackSummary}, {@code dimensions.means} maps each rated dimension's
 *       stored name ({@code "accuracy"}) to its mean, in dimension order, and each scale's
 *       {@code distribution} is an array of {@code {"value", "count"}} in ascending value
 *       order, so values stay numbers.
 * </ul>
 *
 * <p>Stateless and thread-safe. {@link #write(FeedbackReport, Writer)} writes to the
 * caller's writer, flushes it and leaves it open; an {@link ExportException} for a failing
 * writer names the writer's class and 0 rows (a report is one document, not rows).
 *
 * @since 0.1.0
 */
public final class ReportJson {

  private ReportJson() {}

  /**
   * A period report as JSON: {@code title}, {@code zone}, {@code period},
   * {@code previous_period}, {@code current}, {@code previous} (summaries),
   * {@code changes} ({@code figure}, {@code unit}, {@code current}, {@code previous},
   * {@code change}, {@code interval}, {@code p_value}, {@code adjusted_p_value}: null where
   * the change is not tested), {@code groups} (a group report, or null), {@code problems} (a problem
   * report) and {@code negative_sessions} ({@code key}, {@code down}, {@code total}).
   *
   * @param report the report
   * @return the JSON text
   * @throws NullPointerException if {@code report} is null
   */
  public static String toJson(FeedbackReport report) {
    return text(report, ReportJsonWriter::report, "report");
  }

  /**
   * Writes a period report as {@link #toJson(FeedbackReport)} does.
   *
   * @param report the report
   * @param out where to write; flushed, not closed
   * @throws NullPointerException if {@code report} or {@code out} is null
   * @throws ExportException if writing fails
   */
  public static void write(FeedbackReport report, Writer out) {
    write(report, out, ReportJsonWriter::report, "report");
  }

  /**
   * A summary as JSON: {@code ratings} ({@code total}, {@code up}, {@code down},
   * {@code neutral}, {@code unrated}, {@code satisfaction}, {@code positive_rate},
   * {@code response_quality}), {@code comments} ({@code commented}, {@code comment_rate},
   * {@code average_length}), {@code dimensions} ({@code ratings}, {@code dimension_mean},
   * {@code means}), {@code scales} ({@code scale}, {@code count}, {@code mean},
   * {@code standard_deviation}, {@code distribution}, {@code nps} ({@code score},
   * {@code promoters}, {@code passives}, {@code detractors}) or null, {@code csat},
   * {@code ces}) and {@code sentiment} ({@code count}, {@code mean}).
   *
   * @param summary the summary
   * @return the JSON text
   * @throws NullPointerException if {@code summary} is null
   */
  public static String toJson(FeedbackSummary summary) {
    return text(summary, ReportJsonWriter::summary, "summary");
  }

  /**
   * A trend as JSON: {@code granularity}, {@code zone} and {@code points} ({@code period},
   * {@code start}, {@code end} (null for hours of the day), {@code summary}).
   *
   * @param trend the trend
   * @return the JSON text
   * @throws NullPointerException if {@code trend} is null
   */
  public static String toJson(Trend trend) {
    return text(trend, ReportJsonWriter::trend, "trend");
  }

  /**
   * Ranked groups as JSON: {@code key}, {@code metric}, {@code min_sample_size},
   * {@code groups}, {@code ranked}, and {@code best}, {@code worst} and
   * {@code insufficient} rows ({@code key}, {@code sample_size}, {@code value},
   * {@code interval}, {@code p_value}, {@code adjusted_p_value} (the row's test against the
   * rest; null where withheld), {@code summary}).
   *
   * @param groups the ranked groups
   * @return the JSON text
   * @throws NullPointerException if {@code groups} is null
   */
  public static String toJson(GroupReport groups) {
    return text(groups, ReportJsonWriter::groups, "groups");
  }

  /**
   * A cohort comparison as JSON: {@code key}, {@code a}, {@code b}, {@code alpha},
   * {@code min_sample_size}, {@code adjustment}, {@code summary_a}, {@code summary_b},
   * {@code satisfaction} (a proportion test: {@code a} and {@code b} ({@code successes},
   * {@code trials}, {@code percent}), {@code difference}, {@code method} ({@code score},
   * {@code fisher_exact}, {@code cluster_robust}), {@code withheld} ({@code no_data},
   * {@code too_few}, {@code no_variation}), {@code z}, {@code p_value}, {@code significant},
   * {@code interval}, {@code adjusted_p_value}; method, statistic, p-values and interval null
   * where the test is withheld) and {@code scores} ({@code scale}, {@code a} and {@code b}
   * ({@code count}, {@code mean}, {@code standard_deviation}), {@code difference},
   * {@code withheld}, {@code t}, {@code degrees_of_freedom}, {@code p_value},
   * {@code significant}, {@code interval}, {@code adjusted_p_value}, {@code nps} (the same
   * shape, or null) and {@code csat} (a proportion test, or null)).
   *
   * @param comparison the comparison
   * @return the JSON text
   * @throws NullPointerException if {@code comparison} is null
   */
  public static String toJson(CohortComparison comparison) {
    return text(comparison, ReportJsonWriter::comparison, "comparison");
  }

  /**
   * Win rates as JSON: {@code model_key}, {@code confidence}, {@code models}
   * ({@code model}, {@code comparisons}, {@code wins}, {@code losses}, {@code ties},
   * {@code win_rate}, {@code interval}), {@code pairs} ({@code first}, {@code second}: the
   * two models in alphabetical order, {@code comparisons}, {@code first_wins},
   * {@code second_wins}, {@code ties}, {@code first_win_rate}, {@code interval}) and
   * {@code skipped}.
   *
   * @param winRates the win rates
   * @return the JSON text
   * @throws NullPointerException if {@code winRates} is null
   */
  public static String toJson(WinRates winRates) {
    return text(winRates, ReportJsonWriter::winRates, "winRates");
  }

  /**
   * Problem patterns as JSON: {@code down}, {@code down_comments},
   * {@code terms} and {@code phrases} ({@code term}, {@code count}),
   * {@code previous_period} (or null), {@code rising} ({@code term}, {@code count},
   * {@code previous_count}, {@code ratio}), {@code messages} and {@code tags}
   * ({@code key}, {@code down}, {@code total}) and {@code sentiment_by_day}
   * ({@code day}, {@code count}, {@code mean}).
   *
   * @param problems the problems
   * @return the JSON text
   * @throws NullPointerException if {@code problems} is null
   */
  public static String toJson(ProblemReport problems) {
    return text(problems, ReportJsonWriter::problems, "problems");
  }

  private static <T> String text(T value, ReportJsonWriter.Part<T> part, String name) {
    StringWriter out = new StringWriter(4096);
    write(value, out, part, name);
    return out.toString();
  }

  private static <T> void write(T value, Writer out, ReportJsonWriter.Part<T> part, String name) {
    Objects.requireNonNull(value, name);
    Objects.requireNonNull(out, "out");
    try {
      ReportJsonWriter.write(out, value, part);
    } catch (IOException e) {
      throw new ExportException("writer " + out.getClass().getName(), 0, e);
    }
  }
}
