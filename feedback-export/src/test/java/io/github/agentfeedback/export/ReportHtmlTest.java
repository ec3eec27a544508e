package io.github.agentfeedback.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.ReportRequest;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.tck.AnalyticsFixtures;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report as one self-contained HTML file, on the week of the core fixtures. */
class ReportHtmlTest {

  private static final FeedbackAnalytics ANALYTICS = analytics();

  private static FeedbackAnalytics analytics() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    AnalyticsFixtures.problems(store);
    return FeedbackAnalytics.of(store);
  }

  private static FeedbackReport report(String title) {
    return ANALYTICS.report(
        ReportRequest.builder()
            .title(title)
            .week(LocalDate.parse("2026-03-04"))
            .groupBy(
                GroupKey.metadata("variant"),
                GroupOptions.builder().minSampleSize(2).limit(1).build())
            .build());
  }

  private static Trend daily(FeedbackReport report) {
    return ANALYTICS.trend(
        FeedbackQuery.builder().since(report.period().start()).until(report.period().end()).build(),
        Granularity.DAY,
        ZoneOffset.UTC,
        Trend.Fill.EVERY_PERIOD);
  }

  private static int count(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void theChartHasOnePointPerDayOfTheWeekAndOneCirclePerDayWithASatisfaction() {
    FeedbackReport report = report("Support assistant, week 10");
    Trend trend = daily(report);

    String html = ReportHtml.toHtml(report, trend);

    assertThat(trend.points()).hasSize(7);
    assertThat(html).contains("data-points=\"7\"");
    long satisfied =
        trend.points().stream().filter(p -> p.summary().ratings().satisfaction() != null).count();
    assertThat(satisfied).isEqualTo(4); // 03-03 to 03-06 hold rated feedback
    assertThat(count(html, "<circle class=\"point\"")).isEqualTo(4);
    assertThat(count(html, "<rect class=\"bar down\""))
        .isEqualTo(
            (int) trend.points().stream().filter(p -> p.summary().ratings().down() > 0).count());
    assertThat(html).contains("<polyline class=\"line\"");
    assertThat(html).startsWith("<!doctype html>").endsWith("</html>\n");
  }

  @Test
  void theFileIsSelfContainedAndHoldsEverySection() {
    FeedbackReport report = report("Week 10");
    String html = ReportHtml.toHtml(report, daily(report));

    assertThat(html)
        .doesNotContain("<script", "src=", "href=", "@import", "url(")
        .contains("<h2>Figures</h2>", "satisfaction", "Best by ", "Worst by ")
        .contains("Sessions with the most negative feedback");
    assertThat(ReportHtml.toHtml(report)).doesNotContain("<svg");
  }

  @Test
  void textFromTheDataIsEscaped() {
    String html = ReportHtml.toHtml(report("<script>alert('x')</script> & \"quotes\""), null);

    assertThat(html)
        .doesNotContain("<script>")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;");
  }

  @Test
  void aChangeThatRoundsToZeroShowsNoSign() {
    FeedbackReport report =
        report("Week 10").toBuilder()
            .changes(
                List.of(
                    change("satisfaction", 80.02, 80.0, 0.02),
                    change("sentiment_mean", -0.04, -0.01, -0.03),
                    change("positive_rate", 61.26, 60.0, 1.26)))
            .build();

    String html = ReportHtml.toHtml(report);

    assertThat(html)
        .contains(
            "<td>satisfaction</td><td class=\"n\">80.0</td><td class=\"n\">80</td>"
                + "<td class=\"n\">0.0</td>")
        .contains(
            "<td>sentiment_mean</td><td class=\"n\">0.0</td><td class=\"n\">0.0</td>"
                + "<td class=\"n\">0.0</td>")
        .contains("<td class=\"n\">+1.3</td>")
        .doesNotContain("+0.0", "-0.0");
  }

  private static FeedbackReport.Change change(
      String figure, double current, double previous, double change) {
    return FeedbackReport.Change.builder()
        .figure(figure)
        .unit(FeedbackReport.Unit.PERCENT)
        .current(current)
        .previous(previous)
        .change(change)
        .build();
  }
}
