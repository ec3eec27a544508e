package io.github.agentfeedback.hooks;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.GroupReport;
import io.github.agentfeedback.analytics.Trend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts and trends of the categories a {@link TriageHook} gave feedback, read from a store's
 * analytics through {@link FeedbackAnalytics} alone: the counts group the selected feedback
 * by tag and keep the {@code category:} groups; a category's trend is the trend of the
 * feedback carrying its tag. Every store computes both itself, so they are the same on each.
 *
 * <pre>{@code
 * TriageFigures triage = TriageFigures.of(FeedbackAnalytics.of(store));
 * Map<String, Long> counts = triage.counts(lastWeek);     // {accuracy=12, latency=4, ...}
 * Trend safety = triage.trend(lastWeek, "safety", Granularity.DAY);
 * }</pre>
 *
 * <p>Immutable and thread-safe (as the analytics it reads).
 *
 * @since 0.1.0
 */
public final class TriageFigures {

  /** The first ask for groups lists this many at each end; more groups ask again. */
  private static final int FIRST_LIMIT = 1_000;

  private final FeedbackAnalytics analytics;

  private TriageFigures(FeedbackAnalytics analytics) {
    this.analytics = analytics;
  }

  /**
   * Figures from these analytics.
   *
   * @param analytics the analytics of the store the triaged feedback is in
   * @return the figures
   */
  public static TriageFigures of(FeedbackAnalytics analytics) {
    return new TriageFigures(Objects.requireNonNull(analytics, "analytics"));
  }

  /**
   * How many of the selected feedbacks each category holds: most first, ties by name.
   * Categories without feedback are not listed.
   *
   * @param query the feedback to count
   * @return category name to count, immutable, in that order
   */
  public Map<String, Long> counts(FeedbackQuery query) {
    Objects.requireNonNull(query, "query");
    GroupReport report = groups(query, FIRST_LIMIT);
    List<GroupReport.Row> rows = rows(report);
    if (rows.size() < report.groups()) {
      rows = rows(groups(query, report.groups()));
    }
    List<Map.Entry<String, Long>> counts = new ArrayList<>();
    for (GroupReport.Row row : rows) {
      String key = row.key();
      long n = row.summary().ratings().total();
      if (key != null && key.startsWith(TriageHook.CATEGORY_PREFIX) && n > 0) {
        counts.add(Map.entry(key.substring(TriageHook.CATEGORY_PREFIX.length()), n));
      }
    }
    counts.sort(
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : counts) {
      out.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The trend of one category: the analytics' trend, in UTC, of the selected feedback that
   * carries the tag {@code category:<category>}.
   *
   * @param query the feedback to analyse; it must not select by tag itself
   * @param category the category
   * @param granularity the periods
   * @return the trend
   * @throws IllegalArgumentException naming {@code query.tag} if the query selects a tag, or
   *     {@code category} if it is not a lowercase identifier of at most
   *     {@value TriageRule#MAX_CATEGORY_LENGTH} chars
   */
  public Trend trend(FeedbackQuery query, String category, Granularity granularity) {
    untagged(query);
    Objects.requireNonNull(granularity, "granularity");
    TriageRule.checkCategory(category);
    return analytics.trend(
        query.toBuilder().tag(TriageHook.CATEGORY_PREFIX + category).build(), granularity);
  }

  /**
   * The trend of every category that {@link #counts} lists, in its order.
   *
   * @param query the feedback to analyse; it must not select by tag itself
   * @param granularity the periods
   * @return category name to trend, immutable
   * @throws IllegalArgumentException naming {@code query.tag} if the query selects a tag
   */
  public Map<String, Trend> trends(FeedbackQuery query, Granularity granularity) {
    untagged(query);
    Map<String, Trend> out = new LinkedHashMap<>();
    for (String category : counts(query).keySet()) {
      out.put(category, trend(query, category, granularity));
    }
    return Collections.unmodifiableMap(out);
  }

  private static void untagged(FeedbackQuery query) {
    if (Objects.requireNonNull(query, "query").tag() != null) {
      throw new IllegalArgumentException(
          "query.tag must not be set: a category's trend selects the category's tag");
    }
  }

  private GroupReport groups(FeedbackQuery query, int limit) {
    return analytics.groupBy(
        query, GroupKey.tag(), GroupOptions.builder().minSampleSize(1).limit(limit).build());
  }

  private static List<GroupReport.Row> rows(GroupReport report) {
    List<GroupReport.Row> rows = new ArrayList<>(report.best());
    rows.addAll(report.worst());
    rows.addAll(report.insufficient());
    return rows;
  }

  @Override
  public String toString() {
    return "TriageFigures[" + analytics + "]";
  }
}
