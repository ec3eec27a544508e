package io.github.agentfeedback.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.tck.AnalyticsFixtures;
import io.github.agentfeedback.tck.RandomFeedback;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Markdown of period reports: groups are shown as best and worst only when there are
 * enough of them to tell apart, and nothing empty is printed, neither a "None." section nor
 * a row of "n/a". It lives beside the store test kit, whose random feedback it reports on
 * (feedback-core's own tests cannot depend on the kit, which depends on feedback-core).
 */
class ReportMarkdownTest {

  private static final LocalDate WEEK10 = LocalDate.parse("2026-03-04");
  private static final int TOP = 3;

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  /** The issue's report: three groups, top 3, the worst at 52%. */
  @Test
  void threeGroupsAndATopThreeAreOneRankingNotThreeBestAndNoWorst() {
    group("A", 8, 2);
    group("B", 2, 1);
    group("C", 13, 12);

    String md = report(GroupOptions.builder().minSampleSize(1).limit(TOP).build());

    assertThat(md)
        .contains(
            "3 groups; 3 with a sample of at least 1 are ranked: too few to "
                + "list the best and the worst apart, so all 3 follow, best first.\n\n### Ranking\n\n"
                + "| # | Group | Satisfaction | Sample | Feedback | 95% interval"
                + " | p against the rest | Adjusted p |\n"
                + "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
                + "| 1 | A | 80.0% | 10 | 10 | 49.0% to 94.3% | 0.259 | 0.518 |\n"
                + "| 2 | B | 66.7% | 3 | 3 | 20.8% to 93.9% | 1.000 | 1.000 |\n"
                + "| 3 | C | 52.0% | 25 | 25 | 33.5% to 70.0% | 0.136 | 0.408 |\n");
    assertThat(md).doesNotContain("### Best", "### Worst", "None");
    assertWellFormed(md);
  }

  /**
   * Report changes and ranked groups that were tested show their interval, p-value and
   * adjusted p-value, as the report holds them; untested ones read "n/a" there.
   */
  @Test
  void testedChangesAndGroupsShowTheirIntervalsAndPValues() {
    group("A", 18, 2);
    group("B", 6, 14);
    for (int i = 0; i < 20; i++) { // week 9: half up
      String session = "w9-" + (i % 4);
      store.append(
          session,
          Feedback.builder()
              .id(session + "-" + i)
              .rating(i % 2 == 0 ? Rating.UP : Rating.DOWN)
              .createdAt(AnalyticsFixtures.MONDAY.minus(Duration.ofDays(7)).plusSeconds(60L * i))
              .build(),
          UnknownSessionPolicy.CREATE);
    }
    FeedbackReport report =
        FeedbackAnalytics.of(store)
            .report(
                ReportRequest.builder()
                    .week(WEEK10)
                    .groupBy(
                        GroupKey.metadata("variant"),
                        GroupOptions.builder().minSampleSize(1).limit(TOP).build())
                    .build());
    String md = report.toMarkdown();

    assertThat(md)
        .contains("| Figure | 2026-W10 | 2026-W09 | Change | 95% interval | p | Adjusted p |\n")
        .contains("| Sample | Feedback | 95% interval | p against the rest | Adjusted p |\n");
    FeedbackReport.Change satisfaction =
        report.changes().stream()
            .filter(c -> c.figure().equals("satisfaction"))
            .findFirst()
            .orElseThrow();
    ConfidenceInterval ci = satisfaction.interval();
    assertThat(ci).isNotNull();
    assertThat(row(md, "| Satisfaction: up / (up + down) |"))
        .containsExactly(
            "Satisfaction: up / (up + down)",
            "60.0%",
            "50.0%",
            "+10.0 pts",
            signed(ci.lower()) + " to " + signed(ci.upper()) + " pts",
            decimals(satisfaction.pValue()),
            decimals(satisfaction.adjustedPValue()));
    // A count has no test.
    assertThat(row(md, "| Feedback |")).endsWith("n/a", "n/a", "n/a");

    GroupReport.Row a = report.groups().best().get(0);
    ConfidenceInterval ai = a.interval();
    assertThat(row(md, "| 1 | A |"))
        .containsExactly(
            "1",
            "A",
            "90.0%",
            "20",
            "20",
            percent(ai.lower()) + " to " + percent(ai.upper()),
            a.pValue() < 0.001 ? "< 0.001" : decimals(a.pValue()),
            a.adjustedPValue() < 0.001 ? "< 0.001" : decimals(a.adjustedPValue()));
    assertWellFormed(md);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.1f", v);
  }

  private static String percent(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v);
  }

  private static String decimals(@Nullable Double p) {
    return String.format(Locale.ROOT, "%.3f", Objects.requireNonNull(p));
  }

  /** The cells of the first table row starting with {@code start}. */
  private static List<String> row(String md, String start) {
    for (String line : md.split("\n")) {
      if (line.startsWith(start)) {
        return cells(line);
      }
    }
    throw new AssertionError("no row " + start + " in\n" + md);
  }

  /** k ranked groups and a top 3: two tables from k = 6 = 2 × 3 on, one ranking below. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 6, 7})
  void groupsAreSplitIntoBestAndWorstOnlyFromTwiceTheTopOn(int k) {
    for (int i = 0; i < k; i++) {
      group("g" + i, 10 - i, i); // satisfaction falls with i
    }
    String md = report(GroupOptions.builder().minSampleSize(1).limit(TOP).build());

    List<List<String>> ranking = table(md, "### Ranking");
    List<List<String>> best = table(md, "### Best");
    List<List<String>> worst = table(md, "### Worst");
    if (k < 2 * TOP) {
      assertThat(best).isEmpty();
      assertThat(worst).isEmpty();
      assertThat(ranking).extracting(row -> row.get(1)).containsExactlyElementsOf(groups(0, k));
      assertThat(md)
          .contains(
              k == 1
                  ? "1 group; 1 with a sample of at least 1 is ranked.\n"
                  : k
                      + " groups; "
                      + k
                      + " with a sample of at least 1 are ranked: too few to list "
                      + "the best and the worst apart, so all "
                      + k
                      + " follow, best first.\n");
    } else {
      assertThat(ranking).isEmpty();
      assertThat(best).extracting(row -> row.get(1)).containsExactlyElementsOf(groups(0, TOP));
      List<String> bottom = groups(k - TOP, k);
      Collections.reverse(bottom);
      assertThat(worst).extracting(row -> row.get(1)).containsExactlyElementsOf(bottom);
      assertThat(md).contains(k + " groups; " + k + " with a sample of at least 1 are ranked.\n");
    }
    assertWellFormed(md);
  }

  @Test
  void noRankedGroupSaysSoWithoutEmptyTables() {
    group("A", 1, 1);
    group("B", 0, 1);
    String md = report(GroupOptions.builder().minSampleSize(5).limit(TOP).build());
    assertThat(md)
        .contains(
            "2 groups; none has a sample of at least 5, so none is ranked.\n"
                + "\nInsufficient data (sample below 5): A (2), B (1).\n");
    assertThat(md).doesNotContain("### ");
    assertWellFormed(md);

    String nothing =
        FeedbackAnalytics.of(new InMemoryFeedbackStore())
            .report(
                ReportRequest.builder().week(WEEK10).groupBy(GroupKey.metadata("variant")).build())
            .toMarkdown();
    assertThat(nothing)
        .contains("## Groups by satisfaction (metadata.variant)\n\n" + "No feedback to group.\n");
    assertWellFormed(nothing);
  }

  @Test
  void figuresWithoutDataAndEmptyListsAreLeftOut() {
    group("A", 1, 2); // no dimension ratings, scores, sentiment, messages or tags
    String md = report(GroupOptions.builder().minSampleSize(1).limit(TOP).build());
    assertThat(md)
        .contains("| Satisfaction: up / (up + down) | 33.3% | n/a | n/a |")
        .doesNotContain(
            "Dimension mean",
            "Sentiment mean",
            "### Messages",
            "### Tags",
            "### Mean sentiment",
            "### Rising",
            "None");
    assertWellFormed(md);
  }

  /**
   * Reports over random data (every kind of value, random periods, groupings and limits):
   * none prints an empty section, a "None.", or a row without a value, and none shows a
   * group twice or a worse group above a better one.
   */
  @Test
  void noRandomReportPrintsAnythingEmptyOrContradictory() {
    Random random = new Random(15);
    Set<String> shapes = new HashSet<>();
    for (int i = 0; i < 150; i++) {
      InMemoryFeedbackStore s = new InMemoryFeedbackStore();
      RandomFeedback.builder()
          .seed(i)
          .start(AnalyticsFixtures.MONDAY)
          .span(Duration.ofDays(5))
          .users(6)
          .messages(8)
          .build()
          .load(s, random.nextInt(150));
      GroupKey[] keys = {
        GroupKey.metadata("variant"),
        GroupKey.tag(),
        GroupKey.user(),
        GroupKey.message(),
        GroupKey.model(),
        GroupKey.session(),
        GroupKey.source()
      };
      ReportRequest.Builder request =
          ReportRequest.builder()
              .groupBy(
                  keys[random.nextInt(keys.length)],
                  GroupOptions.builder()
                      .metric(GroupOptions.Metric.values()[random.nextInt(4)])
                      .minSampleSize(1 + random.nextInt(6))
                      .limit(1 + random.nextInt(5))
                      .build())
              .problems(
                  ProblemOptions.builder()
                      .limit(1 + random.nextInt(5))
                      .minCount(1 + random.nextInt(3))
                      .risingMinCount(1 + random.nextInt(3))
                      .hotspotThreshold(1 + random.nextInt(3))
                      .build())
              .negativeSessions(random.nextInt(4));
      Instant start = AnalyticsFixtures.MONDAY.plus(Duration.ofHours(random.nextInt(150) - 30));
      if (random.nextBoolean()) {
        request.week(WEEK10.plusDays(7L * (random.nextInt(3) - 1)));
      } else {
        request.between(start, start.plus(Duration.ofHours(1 + random.nextInt(72))));
      }
      String md = FeedbackAnalytics.of(s).report(request.build()).toMarkdown();
      assertWellFormed(md);
      shapes.add(
          md.contains("### Best")
              ? "split"
              : md.contains("### Ranking")
                  ? "ranking"
                  : md.contains("none is ranked") ? "none ranked" : "no groups");
    }
    assertThat(shapes)
        .as("the shapes the random reports took")
        .containsExactlyInAnyOrder("split", "ranking", "none ranked", "no groups");
  }

  /**
   * Checks what every report must be: no "None", every heading followed by text, no table
   * row without a value, and groups listed once, better ones first.
   */
  static void assertWellFormed(String md) {
    String[] lines = md.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      assertThat(line).as("line %d", i + 1).doesNotContain("None");
      if (line.startsWith("#")) {
        assertThat(lines[i + 1]).as("after heading %s", line).isEmpty();
        assertThat(lines[i + 2]).as("after heading %s", line).isNotEmpty().doesNotStartWith("#");
      }
      if (line.startsWith("| ")
          && !line.startsWith("| ---")
          && i > 0
          && lines[i - 1].startsWith("|")) {
        List<String> cells = cells(line);
        assertThat(cells.subList(1, cells.size()))
            .as("row %s", line)
            .anyMatch(c -> !c.equals("n/a"));
      }
    }
    List<List<String>> best = table(md, "### Best");
    List<List<String>> worst = table(md, "### Worst");
    List<List<String>> ranking = table(md, "### Ranking");
    assertThat(best.isEmpty()).as("best and worst come together").isEqualTo(worst.isEmpty());
    assertThat(best).as("as many best as worst").hasSameSizeAs(worst);
    assertThat(ranking.isEmpty() || best.isEmpty()).as("one ranking or best and worst").isTrue();
    List<String> keys = new ArrayList<>();
    for (List<List<String>> t : List.of(best, worst, ranking)) {
      for (int r = 0; r < t.size(); r++) {
        assertThat(t.get(r).get(0)).isEqualTo(Integer.toString(r + 1));
        keys.add(t.get(r).get(1));
      }
    }
    assertThat(keys).as("groups listed").doesNotHaveDuplicates();
    assertOrdered(best, -1);
    assertOrdered(ranking, -1);
    assertOrdered(worst, 1);
    if (!best.isEmpty()) {
      assertThat(value(best.get(best.size() - 1)))
          .as("the last best against the worst")
          .isGreaterThanOrEqualTo(value(worst.get(worst.size() - 1)));
    }
  }

  /** Values falling ({@code direction} -1) or rising (1) from row to row. */
  private static void assertOrdered(List<List<String>> rows, int direction) {
    for (int r = 1; r < rows.size(); r++) {
      assertThat(Double.compare(value(rows.get(r)), value(rows.get(r - 1))) * direction)
          .as("row %s after %s", rows.get(r), rows.get(r - 1))
          .isNotNegative();
    }
  }

  private static double value(List<String> row) {
    return Double.parseDouble(row.get(2).replace("%", ""));
  }

  /** The data rows of the table under {@code heading}, as cells; empty when none. */
  private static List<List<String>> table(String md, String heading) {
    List<List<String>> rows = new ArrayList<>();
    int at = md.indexOf("\n" + heading + "\n");
    if (at < 0) {
      return rows;
    }
    String[] lines = md.substring(at + heading.length() + 2).split("\n");
    for (int i = 3; i < lines.length && lines[i].startsWith("|"); i++) {
      rows.add(cells(lines[i]));
    }
    return rows;
  }

  private static List<String> cells(String row) {
    List<String> cells = new ArrayList<>();
    for (String cell : row.substring(2, row.length() - 2).split(" \\| ")) {
      cells.add(cell);
    }
    return cells;
  }

  private static List<String> groups(int from, int to) {
    List<String> names = new ArrayList<>();
    for (int i = from; i < to; i++) {
      names.add("g" + i);
    }
    return names;
  }

  /** A session of the variant with {@code up} and {@code down} feedbacks in week 10. */
  private void group(String variant, int up, int down) {
    String session = "s-" + variant;
    store.updateMetadata(session, Map.of("variant", variant));
    for (int i = 0; i < up + down; i++) {
      store.append(
          session,
          Feedback.builder()
              .id(session + "-" + i)
              .rating(i < up ? Rating.UP : Rating.DOWN)
              .createdAt(AnalyticsFixtures.MONDAY.plusSeconds(60L * i))
              .build(),
          UnknownSessionPolicy.CREATE);
    }
  }

  private String report(GroupOptions options) {
    return FeedbackAnalytics.of(store)
        .report(
            ReportRequest.builder()
                .week(WEEK10)
                .groupBy(GroupKey.metadata("variant"), options)
                .build())
        .toMarkdown();
  }
}
