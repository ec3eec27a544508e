package io.github.agentfeedback.export;

import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.analytics.GroupReport;
import io.github.agentfeedback.analytics.ProblemReport;
import io.github.agentfeedback.analytics.Trend;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A period report as one self-contained HTML file, for e-mail or a weekly job: the figures
 * against the previous period, the volume and satisfaction over time as an inline SVG chart
 * (when a {@link Trend} is given), the best and worst groups with their sample sizes, the
 * rising terms in negative comments and the sessions with the most negative feedback. No
 * script, no external style sheet, font or image: it opens offline and under any
 * Content-Security-Policy that allows inline styles.
 *
 * <pre>{@code
 * FeedbackReport report = manager.analytics().report(ReportRequest.builder()
 *     .week(LocalDate.now()).build());
 * Trend daily = manager.analytics().trend(
 *     FeedbackQuery.builder().since(report.period().start()).until(report.period().end()).build(),
 *     Granularity.DAY, report.zone());
 * Files.writeString(Path.of("week.html"), ReportHtml.toHtml(report, daily));
 * }</pre>
 *
 * <p>The chart has one bar per trend point, stacked by rating ({@code class="bar up"},
 * {@code "bar down"}, {@code "bar neutral"}), and one {@code circle class="point"} per point
 * with a satisfaction figure; its {@code svg} carries {@code data-points}, the number of
 * trend points. Every text from the data is HTML-escaped. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ReportHtml {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 240;
  private static final int PAD = 32;

  private ReportHtml() {}

  /**
   * The report as HTML, without a chart over time.
   *
   * @param report the report
   * @return the HTML document
   */
  public static String toHtml(FeedbackReport report) {
    return toHtml(report, null);
  }

  /**
   * The report as HTML, with the volume and satisfaction of {@code trend} as a chart.
   *
   * @param report the report
   * @param trend the report's period over time, or {@code null} for no chart
   * @return the HTML document
   * @throws NullPointerException if {@code report} is null
   */
  public static String toHtml(FeedbackReport report, @Nullable Trend trend) {
    Objects.requireNonNull(report, "report");
    StringBuilder h = new StringBuilder(8192);
    h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(report.title()))
        .append("</title>\n<style>\n")
        .append(
            "body{font:15px/1.45 system-ui,sans-serif;color:#1d2127;max-width:780px;margin:2rem"
                + " auto;padding:0 1rem}\n"
                + "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.25rem"
                + " .6rem;border-bottom:1px solid #d5d9e0;text-align:left}td.n{text-align:right}\n"
                + ".bar.up{fill:#2f7d32}.bar.down{fill:#b3261e}.bar.neutral{fill:#9aa0a6}"
                + ".line{fill:none;stroke:#1a5fd0;stroke-width:2}.point{fill:#1a5fd0}"
                + ".axis{stroke:#8a8f98}.label{font-size:11px;fill:#3b4048}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(escape(report.title()))
        .append("</h1>\n<p>")
        .append(escape(report.period().label()))
        .append(" (")
        .append(escape(report.zone().getId()))
        .append("), against ")
        .append(escape(report.previousPeriod().label()))
        .append("</p>\n");
    changes(h, report.changes());
    if (trend != null) {
      chart(h, trend);
    }
    GroupReport groups = report.groups();
    if (groups != null) {
      groups(h, "Best by " + groups.key().label(), groups.best());
      groups(h, "Worst by " + groups.key().label(), groups.worst());
    }
    rising(h, report.problems().rising());
    sessions(h, report.negativeSessions());
    return h.append("</body>\n</html>\n").toString();
  }

  private static void changes(StringBuilder h, List<FeedbackReport.Change> changes) {
    h.append("<h2>Figures</h2>\n<table>\n<tr><th>figure</th><th>this period</th>")
        .append("<th>previous</th><th>change</th></tr>\n");
    for (FeedbackReport.Change c : changes) {
      h.append("<tr><td>")
          .append(escape(c.figure()))
          .append("</td><td class=\"n\">")
          .append(number(c.current()))
          .append("</td><td class=\"n\">")
          .append(number(c.previous()))
          .append("</td><td class=\"n\">")
          .append(signed(c.change()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Stacked volume bars by rating and the satisfaction line, one step per trend point. */
  private static void chart(StringBuilder h, Trend trend) {
    List<Trend.Point> points = trend.points();
    long most = 1;
    for (Trend.Point p : points) {
      most = Math.max(most, p.summary().ratings().total());
    }
    double step = points.isEmpty() ? 0 : (double) (WIDTH - 2 * PAD) / points.size();
    double plot = HEIGHT - 2 * PAD;
    h.append("<h2>Volume and satisfaction by ")
        .append(escape(trend.granularity().name().toLowerCase(Locale.ROOT)))
        .append("</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" data-points=\"")
        .append(points.size())
        .append("\" aria-label=\"Feedback volume by rating (bars, up to ")
        .append(most)
        .append(") and satisfaction in percent (line)\">\n");
    h.append("<line class=\"axis\" x1=\"")
        .append(PAD)
        .append("\" y1=\"")
        .append(HEIGHT - PAD)
        .append("\" x2=\"")
        .append(WIDTH - PAD)
        .append("\" y2=\"")
        .append(HEIGHT - PAD)
        .append("\"/>\n");
    StringBuilder line = new StringBuilder();
    StringBuilder circles = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      Trend.Point p = points.get(i);
      FeedbackSummary.Ratings r = p.summary().ratings();
      double x = PAD + i * step;
      double y = HEIGHT - PAD;
      String[] names = {"up", "neutral", "down"};
      long[] counts = {r.up(), r.neutral(), r.down()};
      for (int k = 0; k < names.length; k++) {
        double height = plot * counts[k] / most;
        y -= height;
        if (counts[k] > 0) {
          h.append("<rect class=\"bar ")
              .append(names[k])
              .append("\" x=\"")
              .append(fixed(x + step * 0.15))
              .append("\" y=\"")
              .append(fixed(y))
              .append("\" width=\"")
              .append(fixed(step * 0.7))
              .append("\" height=\"")
              .append(fixed(height))
              .append("\"><title>")
              .append(escape(p.period()))
              .append(": ")
              .append(counts[k])
              .append(' ')
              .append(names[k])
              .append("</title></rect>\n");
        }
      }
      Double satisfaction = r.satisfaction();
      if (satisfaction != null) {
        double cx = x + step / 2;
        double cy = HEIGHT - PAD - plot * satisfaction / 100;
        line.append(line.length() == 0 ? "" : " ").append(fixed(cx)).append(',').append(fixed(cy));
        circles
            .append("<circle class=\"point\" r=\"3\" cx=\"")
            .append(fixed(cx))
            .append("\" cy=\"")
            .append(fixed(cy))
            .append("\"><title>")
            .append(escape(p.period()))
            .append(": ")
            .append(number(satisfaction))
            .append("% satisfied</title></circle>\n");
      }
      if (i == 0 || i == points.size() - 1) {
        h.append("<text class=\"label\" x=\"")
            .append(fixed(x))
            .append("\" y=\"")
            .append(HEIGHT - PAD + 14)
            .append("\">")
            .append(escape(p.period()))
            .append("</text>\n");
      }
    }
    if (line.length() > 0) {
      h.append("<polyline class=\"line\" points=\"").append(line).append("\"/>\n");
    }
    h.append(circles).append("</svg>\n");
  }

  private static void groups(StringBuilder h, String title, List<GroupReport.Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    h.append("<h2>")
        .append(escape(title))
        .append("</h2>\n<table>\n<tr><th>group</th><th>value</th><th>sample size</th></tr>\n");
    for (GroupReport.Row row : rows) {
      h.append("<tr><td>")
          .append(escape(row.key() == null ? "(none)" : row.key()))
          .append("</td><td class=\"n\">")
          .append(number(row.value()))
          .append("</td><td class=\"n\">")
          .append(row.sampleSize())
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void rising(StringBuilder h, List<ProblemReport.RisingTerm> rising) {
    if (rising.isEmpty()) {
      return;
    }
    h.append("<h2>Rising terms in negative comments</h2>\n<table>\n")
        .append("<tr><th>term</th><th>this period</th><th>previous</th></tr>\n");
    for (ProblemReport.RisingTerm t : rising) {
      h.append("<tr><td>")
          .append(escape(t.term()))
          .append("</td><td class=\"n\">")
          .append(t.count())
          .append("</td><td class=\"n\">")
          .append(t.previousCount())
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void sessions(StringBuilder h, List<ProblemReport.Hotspot> sessions) {
    if (sessions.isEmpty()) {
      return;
    }
    h.append("<h2>Sessions with the most negative feedback</h2>\n<table>\n")
        .append("<tr><th>session</th><th>down</th><th>total</th></tr>\n");
    for (ProblemReport.Hotspot s : sessions) {
      h.append("<tr><td>")
          .append(escape(s.key()))
          .append("</td><td class=\"n\">")
          .append(s.down())
          .append("</td><td class=\"n\">")
          .append(s.total())
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /**
   * A figure as shown: a whole number without decimals, else one decimal; a value that
   * rounds to zero shows no sign ({@code 0.0}, never {@code -0.0}).
   */
  private static String number(@Nullable Double value) {
    if (value == null) {
      return "–";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString(value.longValue());
    }
    String shown = String.format(Locale.ROOT, "%.1f", value);
    return shown.equals("-0.0") ? "0.0" : shown;
  }

  /** A change as shown: {@code +} before a rise, none before a change that shows as zero. */
  private static String signed(@Nullable Double change) {
    if (change == null) {
      return "";
    }
    String shown = number(change);
    return change > 0 && !shown.equals("0.0") ? "+" + shown : shown;
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** Text for HTML content and double-quoted attributes. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
