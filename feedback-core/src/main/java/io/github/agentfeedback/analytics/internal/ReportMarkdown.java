package io.github.agentfeedback.analytics.internal;

import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.analytics.ConfidenceInterval;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.FeedbackReport.Change;
import io.github.agentfeedback.analytics.FeedbackReport.Unit;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.GroupReport;
import io.github.agentfeedback.analytics.ProblemReport;
import io.github.agentfeedback.analytics.ReportPeriod;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link FeedbackReport} as Markdown: plain text, the same report always giving
 * the same text (numbers in {@link Locale#ROOT}, no clock, no randomness).
 *
 * <p>Nothing empty is printed: a figure with no value in either period has no row, and a
 * list with no entries has no section (no "None." and no row of "n/a"). A value missing in
 * one period only reads "n/a" in that cell. Groups are shown as the {@link GroupReport}
 * holds them: when its best and worst lists are both full (as many worst as best, which a
 * report of k ranked groups and a top N has when k &ge; 2N), as two tables, Best and Worst;
 * otherwise (then they hold every ranked group between them) as one table, Ranking, of all
 * of them, best first, saying that they are too few to list the best and the worst apart.
 * No group is called best and worst at once, and no table is empty.
 *
 * <p>Tests are shown where the report made them: when a change of the figures, or a row of a
 * group table, has an interval or a p-value, its table gets the columns of the interval (at
 * the level the report used), the p-value and the adjusted p-value ({@link Change#interval()},
 * {@link GroupReport.Row#interval()} and the rest); a row without a test reads "n/a" there.
 * A table in which nothing was tested has no such columns.
 */
public final class ReportMarkdown {

  private static final int MAX_CELL_CODE_POINTS = 80;
  private static final String NO_DATA = "n/a";
  private static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("feedback", "Feedback"),
          Map.entry("up", "Up"),
          Map.entry("down", "Down"),
          Map.entry("neutral", "Neutral"),
          Map.entry("satisfaction", "Satisfaction: up / (up + down)"),
          Map.entry("positive_rate", "Positive rate: up / all"),
          Map.entry("response_quality", "Response quality: up 100, neutral 50, down 0"),
          Map.entry("comment_rate", "Feedback with a comment"),
          Map.entry("average_comment_length", "Average comment length per feedback"),
          Map.entry("dimension_mean", "Dimension mean (1-5)"),
          Map.entry("sentiment_mean", "Sentiment mean (-1 to 1)"),
          Map.entry("nps", "NPS"),
          Map.entry("csat", "CSAT: share of 4-5"));

  private ReportMarkdown() {}

  /** The report as Markdown, ending with a newline. */
  public static String render(FeedbackReport r) {
    StringBuilder out = new StringBuilder(4096);
    out.append("# ").append(escape(r.title())).append("\n\n");
    out.append("Period: **")
        .append(escape(r.period().label()))
        .append("** (")
        .append(span(r.period(), r.zone()))
        .append(", ")
        .append(r.zone().equals(ZoneOffset.UTC) ? "UTC" : r.zone().getId())
        .append("), compared with ")
        .append(escape(r.previousPeriod().label()))
        .append(" (")
        .append(span(r.previousPeriod(), r.zone()))
        .append(").\n");

    figures(out, r);
    if (r.groups() != null) {
      groups(out, r.groups());
    }
    problems(out, r.problems(), r.previousPeriod());
    hotspotTable(
        out, "## Sessions with the most negative feedback", "Session", r.negativeSessions());
    return out.toString();
  }

  /** The figures with a value in either period; no section when none has. */
  private static void figures(StringBuilder out, FeedbackReport r) {
    boolean header = false;
    boolean tested = false;
    ConfidenceInterval level = null;
    for (Change c : r.changes()) {
      tested |= c.interval() != null || c.pValue() != null;
      level = level == null ? c.interval() : level;
    }
    for (Change c : r.changes()) {
      if (c.current() == null && c.previous() == null) {
        continue;
      }
      if (!header) {
        out.append("\n## Figures\n\n");
        out.append("| Figure | ")
            .append(escape(r.period().label()))
            .append(" | ")
            .append(escape(r.previousPeriod().label()))
            .append(" | Change |")
            .append(tested ? testHeader(level, "p") : "")
            .append("\n| --- | ---: | ---: | ---: |")
            .append(tested ? " ---: | ---: | ---: |" : "")
            .append('\n');
        header = true;
      }
      out.append("| ")
          .append(label(c.figure()))
          .append(" | ")
          .append(value(c.unit(), c.current()))
          .append(" | ")
          .append(value(c.unit(), c.previous()))
          .append(" | ")
          .append(change(c.unit(), c.change()))
          .append(" |");
      if (tested) {
        ConfidenceInterval ci = c.interval();
        test(
            out,
            ci == null
                ? NO_DATA
                : change(c.unit(), ci.lower()).replace(" pts", "")
                    + " to "
                    + change(c.unit(), ci.upper()),
            c.pValue(),
            c.adjustedPValue());
      }
      out.append('\n');
    }
  }

  /** The headers of the test columns: the interval at its level, the p-value, adjusted. */
  private static String testHeader(@Nullable ConfidenceInterval level, String p) {
    String interval =
        level == null
            ? "Interval"
            : format("%.1f", level.level() * 100).replace(".0", "") + "% interval";
    return " " + interval + " | " + p + " | Adjusted p |";
  }

  /** The cells of the test columns, each ending the row's cell. */
  private static void test(
      StringBuilder out, String interval, @Nullable Double p, @Nullable Double adjusted) {
    out.append(' ')
        .append(interval)
        .append(" | ")
        .append(pValue(p))
        .append(" | ")
        .append(pValue(adjusted))
        .append(" |");
  }

  /** A p-value to three decimals, "&lt; 0.001" below, "n/a" when there is none. */
  private static String pValue(@Nullable Double p) {
    if (p == null) {
      return NO_DATA;
    }
    return p < 0.001 ? "< 0.001" : format("%.3f", p);
  }

  private static void groups(StringBuilder out, GroupReport g) {
    String metric = metricName(g.metric());
    out.append("\n## Groups by ")
        .append(metric)
        .append(" (")
        .append(escape(g.key().label()))
        .append(")\n\n");
    if (g.groups() == 0) {
      out.append("No feedback to group.\n");
      return;
    }
    List<GroupReport.Row> best = g.best();
    List<GroupReport.Row> worst = g.worst();
    out.append(count(g.groups(), "group", "groups")).append("; ");
    if (best.isEmpty()) {
      out.append("none has a sample of at least ")
          .append(g.minSampleSize())
          .append(", so none is ranked.\n");
    } else if (!worst.isEmpty() && worst.size() == best.size()) {
      out.append(g.ranked())
          .append(" with a sample of at least ")
          .append(g.minSampleSize())
          .append(" are ranked.\n");
      groupTable(out, "Best", g.metric(), best);
      groupTable(out, "Worst", g.metric(), worst);
    } else {
      List<GroupReport.Row> all = new ArrayList<>(best.size() + worst.size());
      all.addAll(best);
      for (int i = worst.size() - 1; i >= 0; i--) {
        all.add(worst.get(i)); // worst first there: the least bad of them comes next here
      }
      out.append(g.ranked())
          .append(" with a sample of at least ")
          .append(g.minSampleSize())
          .append(
              g.ranked() == 1
                  ? " is ranked.\n"
                  : all.size() < g.ranked()
                      ? " are ranked; " + all.size() + " follow, best first.\n"
                      : " are ranked: too few to list the best and the worst apart, so all "
                          + all.size()
                          + " follow, best first.\n");
      groupTable(out, "Ranking", g.metric(), all);
    }
    if (!g.insufficient().isEmpty()) {
      out.append("\nInsufficient data (sample below ").append(g.minSampleSize()).append("): ");
      for (int i = 0; i < g.insufficient().size(); i++) {
        GroupReport.Row row = g.insufficient().get(i);
        out.append(i == 0 ? "" : ", ")
            .append(groupKey(row.key()))
            .append(" (")
            .append(row.sampleSize())
            .append(')');
      }
      int hidden = g.groups() - g.ranked() - g.insufficient().size();
      out.append(hidden > 0 ? " and " + hidden + " more" : "").append(".\n");
    }
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static void groupTable(
      StringBuilder out, String title, GroupOptions.Metric metric, List<GroupReport.Row> rows) {
    boolean tested = false;
    ConfidenceInterval level = null;
    for (GroupReport.Row row : rows) {
      tested |= row.interval() != null || row.pValue() != null;
      level = level == null ? row.interval() : level;
    }
    out.append("\n### ").append(title).append("\n\n");
    out.append("| # | Group | ")
        .append(capitalized(metricName(metric)))
        .append(" | Sample | Feedback |")
        .append(tested ? testHeader(level, "p against the rest") : "")
        .append("\n| ---: | --- | ---: | ---: | ---: |")
        .append(tested ? " ---: | ---: | ---: |" : "")
        .append('\n');
    int rank = 1;
    for (GroupReport.Row row : rows) {
      out.append("| ")
          .append(rank++)
          .append(" | ")
          .append(groupKey(row.key()))
          .append(" | ")
          .append(metricValue(row.value(), metric))
          .append(" | ")
          .append(row.sampleSize())
          .append(" | ")
          .append(row.summary().ratings().total())
          .append(" |");
      if (tested) {
        ConfidenceInterval ci = row.interval();
        test(
            out,
            ci == null
                ? NO_DATA
                : metricValue(ci.lower(), metric) + " to " + metricValue(ci.upper(), metric),
            row.pValue(),
            row.adjustedPValue());
      }
      out.append('\n');
    }
  }

  private static void problems(StringBuilder out, ProblemReport p, ReportPeriod previous) {
    out.append("\n## Emerging problems\n\n");
    out.append("Negative feedback: ")
        .append(p.down())
        .append(", with a comment: ")
        .append(p.downComments())
        .append(".\n");
    if (!p.rising().isEmpty()) {
      out.append("\n### Rising in negative comments (against ")
          .append(escape(previous.label()))
          .append(")\n\n");
      out.append("| Term | Comments | Before | Ratio |\n| --- | ---: | ---: | ---: |\n");
      for (ProblemReport.RisingTerm t : p.rising()) {
        out.append("| ")
            .append(escape(t.term()))
            .append(" | ")
            .append(t.count())
            .append(" | ")
            .append(t.previousCount())
            .append(" | ")
            .append(t.ratio() == null ? "new" : format("%.1f", t.ratio()) + "x")
            .append(" |\n");
      }
    }
    termTable(out, "Frequent terms in negative comments", p.terms());
    hotspotTable(out, "### Messages with the most negative feedback", "Message", p.messages());
    hotspotTable(out, "### Tags with the most negative feedback", "Tag", p.tags());
    if (!p.sentimentByDay().isEmpty()) {
      out.append("\n### Mean sentiment per day\n\n");
      out.append("| Day | Feedback | Mean |\n| --- | ---: | ---: |\n");
      for (ProblemReport.SentimentPoint s : p.sentimentByDay()) {
        out.append("| ")
            .append(s.day())
            .append(" | ")
            .append(s.count())
            .append(" | ")
            .append(format("%.2f", s.mean()))
            .append(" |\n");
      }
    }
  }

  /**
   * The terms, words and phrases together, with their fragments folded (see
   * {@link ProblemReport#terms()}); the report's phrase list is not printed apart, as it
   * would list the same phrases again, fragments included.
   */
  private static void termTable(StringBuilder out, String title, List<TermCount> terms) {
    if (terms.isEmpty()) {
      return;
    }
    out.append("\n### ").append(title).append("\n\n");
    out.append("| Term | Comments |\n| --- | ---: |\n");
    for (TermCount t : terms) {
      out.append("| ").append(escape(t.term())).append(" | ").append(t.count()).append(" |\n");
    }
  }

  /** A section headed {@code heading} listing hotspots; nothing when there are none. */
  private static void hotspotTable(
      StringBuilder out, String heading, String what, List<ProblemReport.Hotspot> rows) {
    if (rows.isEmpty()) {
      return;
    }
    out.append("\n").append(heading).append("\n\n");
    out.append("| ").append(what).append(" | Negative | All |\n| --- | ---: | ---: |\n");
    for (ProblemReport.Hotspot h : rows) {
      out.append("| ")
          .append(escape(h.key()))
          .append(" | ")
          .append(h.down())
          .append(" | ")
          .append(h.total())
          .append(" |\n");
    }
  }

  private static String metricName(GroupOptions.Metric metric) {
    return metric.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String metricValue(@Nullable Double value, GroupOptions.Metric metric) {
    return switch (metric) {
      case SATISFACTION, POSITIVE_RATE -> value(Unit.PERCENT, value);
      case RESPONSE_QUALITY -> value(Unit.SCORE, value);
      default -> value(Unit.MEAN, value);
    };
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String label(String figure) {
    String label = LABELS.get(figure);
    if (label != null) {
      return label;
    }
    if (figure.startsWith("score.")) {
      int dot = figure.lastIndexOf('.');
      String scale = figure.substring("score.".length(), dot);
      String part = figure.substring(dot + 1);
      return "Scores " + escape(scale) + ": " + (part.equals("mean") ? "mean" : "count");
    }
    return escape(figure);
  }

  private static String value(Unit unit, @Nullable Double v) {
    if (v == null) {
      return NO_DATA;
    }
    return switch (unit) {
      case COUNT -> Long.toString(Math.round(v));
      case PERCENT -> format("%.1f", v) + "%";
      case SCORE -> format("%.1f", v);
      default -> format("%.2f", v);
    };
  }

  private static String change(Unit unit, @Nullable Double v) {
    if (v == null) {
      return NO_DATA;
    }

    String magnitude =
        switch (unit) {
          case COUNT -> Long.toString(Math.round(Math.abs(v)));
          case PERCENT, SCORE -> format("%.1f", Math.abs(v));
          default -> format("%.2f", Math.abs(v));
        };
    boolean zero = magnitude.chars().allMatch(c -> c == '0' || c == '.');
    String signed = zero ? magnitude : (v < 0 ? "-" : "+") + magnitude;
    return unit == Unit.PERCENT ? signed + " pts" : signed;
  }

  private static String span(ReportPeriod p, ZoneId zone) {
    ZonedDateTime start = p.start().atZone(zone);
    ZonedDateTime end = p.end().atZone(zone);
    if (start.toLocalTime().equals(LocalTime.MIDNIGHT)
        && end.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      return start.toLocalDate() + " to " + end.toLocalDate().minusDays(1);
    }
    return p.start() + " to " + p.end();
  }

  private static String groupKey(@Nullable String key) {
    return key == null ? "(none)" : escape(key);
  }

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }

  /**
   * Text from the data as it may stand in a table cell or heading: control characters and
   * line breaks become spaces, the characters that could start emphasis, code, a link, HTML
   * or a table cell are escaped with a backslash,
   * and text longer than 80 code points is cut with an ellipsis.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 100) + 8);
    int codePoints = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (++codePoints > MAX_CELL_CODE_POINTS) {
        out.append('…');
        break;
      }
      if (Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029') {
        out.append(' ');
      } else if ("\\`*_[]<>|~&".indexOf(cp) >= 0) {
        out.append('\\').appendCodePoint(cp);
      } else {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }
}
