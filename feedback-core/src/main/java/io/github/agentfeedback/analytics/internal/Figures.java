package io.github.agentfeedback.analytics.internal;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.analytics.CohortComparison;
import io.github.agentfeedback.analytics.CompareOptions;
import io.github.agentfeedback.analytics.ConfidenceInterval;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.GroupReport;
import io.github.agentfeedback.analytics.ScaleFigures;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.analytics.WinRates;
import io.github.agentfeedback.internal.CodePointOrder;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.GroupKeys;
import io.github.agentfeedback.spi.Tally;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Derives every public figure from {@link Tally} sums, in one place: ratios are a whole
 * number divided by a whole number, means of scores are summed over the distribution in
 * ascending value order, so the result never depends on the order feedback was folded in.
 */
public final class Figures {

  /** Below this smallest expected count a proportion test is Fisher's exact test. */
  private static final double MIN_EXPECTED = 5;

  private Figures() {}

  /**
   * {@code 100 · part / whole}, or null when {@code whole} is 0. The whole is a double so
   * that a sum of counts given to it cannot overflow.
   */
  public static @Nullable Double percent(long part, double whole) {
    return whole == 0 ? null : part * 100.0 / whole;
  }

  /** Every figure of a tally, with the built-in scale declarations. */
  public static FeedbackSummary summary(Tally t) {
    return summary(t, ScaleFigures.defaults());
  }

  /** Every figure of a tally, scales read as declared. */
  public static FeedbackSummary summary(Tally t, ScaleFigures kinds) {
    long total = t.total();
    double rated = (double) t.up() + t.down() + t.neutral(); // a long sum could overflow
    FeedbackSummary.Ratings ratings =
        FeedbackSummary.Ratings.builder()
            .total(total)
            .up(t.up())
            .down(t.down())
            .neutral(t.neutral())
            .unrated(t.unrated())
            .satisfaction(percent(t.up(), (double) t.up() + t.down()))
            .positiveRate(percent(t.up(), rated))
            .responseQuality(rated == 0 ? null : (100.0 * t.up() + 50.0 * t.neutral()) / rated)
            .build();
    FeedbackSummary.Comments comments =
        FeedbackSummary.Comments.builder()
            .commented(t.commented())
            .commentRate(percent(t.commented(), (double) total))
            .averageLength(total == 0 ? null : (double) t.commentCodePoints() / total)
            .build();
    EnumMap<Dimension, Double> means = new EnumMap<>(Dimension.class);
    long sum = 0;
    long count = 0;
    for (Dimension d : Dimension.values()) {
      long n = t.dimensionCount(d);
      if (n > 0) {
        means.put(d, (double) t.dimensionSum(d) / n);
        sum += t.dimensionSum(d);
        count += n;
      }
    }
    FeedbackSummary.Dimensions dimensions =
        FeedbackSummary.Dimensions.builder()
            .ratings(count)
            .dimensionMean(count == 0 ? null : (double) sum / count)
            .means(means)
            .build();
    List<FeedbackSummary.ScaleScores> scales = new ArrayList<>();
    t.scores().forEach((scale, distribution) -> scales.add(scale(scale, distribution, kinds)));
    FeedbackSummary.Sentiment sentiment =
        FeedbackSummary.Sentiment.builder()
            .count(t.sentimentCount())
            .mean(t.sentimentCount() == 0 ? null : t.sentimentSum() / t.sentimentCount())
            .build();
    return FeedbackSummary.builder()
        .ratings(ratings)
        .comments(comments)
        .dimensions(dimensions)
        .scales(scales)
        .sentiment(sentiment)
        .build();
  }

  private static FeedbackSummary.ScaleScores scale(
      String scale, SortedMap<Double, Long> distribution, ScaleFigures kinds) {
    Moments m = moments(distribution);
    FeedbackSummary.Nps nps = null;
    Double csat = null;
    Double ces = null;
    ScaleFigures.Kind kind = kinds.kind(scale);
    if (kind == ScaleFigures.Kind.NPS) {
      long promoters = countWhere(distribution, v -> v >= 9);
      long detractors = countWhere(distribution, v -> v <= 6);
      nps =
          FeedbackSummary.Nps.builder()
              .score((promoters - detractors) * 100.0 / m.count)
              .promoters(promoters * 100.0 / m.count)
              .passives((m.count - promoters - detractors) * 100.0 / m.count)
              .detractors(detractors * 100.0 / m.count)
              .build();
    } else if (kind == ScaleFigures.Kind.CSAT) {
      double satisfied = kinds.csatThreshold(scale);
      csat = countWhere(distribution, v -> v >= satisfied) * 100.0 / m.count;
    } else if (kind == ScaleFigures.Kind.CES) {
      ces = m.mean;
    }
    return FeedbackSummary.ScaleScores.builder()
        .scale(scale)
        .count(m.count)
        .mean(m.mean)
        .standardDeviation(m.standardDeviation())
        .distribution(distribution)
        .nps(nps)
        .csat(csat)
        .ces(ces)
        .build();
  }

  /** A score distribution recoded for NPS: promoters +100, passives 0, detractors −100. */
  static SortedMap<Double, Long> npsRecoded(SortedMap<Double, Long> distribution) {
    TreeMap<Double, Long> recoded = new TreeMap<>();
    distribution.forEach((v, c) -> recoded.merge(npsValue(v), c, Long::sum));
    return recoded;
  }

  /** A score's NPS value: +100 for a promoter (9 or more), −100 for a detractor (6 or less). */
  static double npsValue(double score) {
    return score >= 9 ? 100.0 : score <= 6 ? -100.0 : 0.0;
  }

  static long countWhere(
      SortedMap<Double, Long> distribution, java.util.function.DoublePredicate test) {
    long n = 0;
    for (Map.Entry<Double, Long> e : distribution.entrySet()) {
      if (test.test(e.getKey())) {
        n += e.getValue();
      }
    }
    return n;
  }

  /**
   * Count, mean and sample variance of a score distribution, in ascending value order. A
   * distribution of one distinct value has exactly that value as its mean and a variance of
   * exactly 0. Otherwise the mean and the sum of squared deviations are updated value by
   * value (Welford's method, weighted by the counts: with n' = n + c and δ = v − mean,
   * mean' = mean + δ·c/n', M' = M + δ·c·(v − mean')), which neither overflows a sum of
   * values nor cancels two large sums of squares.
   */
  static Moments moments(SortedMap<Double, Long> distribution) {
    if (distribution.size() == 1) {
      Map.Entry<Double, Long> only = distribution.entrySet().iterator().next();
      long n = only.getValue();
      return new Moments(n, only.getKey(), n < 2 ? Double.NaN : 0, true);
    }
    long n = 0;
    double mean = Double.NaN;
    double squares = 0;
    for (Map.Entry<Double, Long> e : distribution.entrySet()) {
      long c = e.getValue();
      double v = e.getKey();
      if (c == 0) {
        continue;
      }
      if (n == 0) {
        n = c;
        mean = v;
        continue;
      }
      n += c;
      double delta = v - mean;
      mean += delta * ((double) c / n);
      squares += delta * c * (v - mean);
    }
    return new Moments(n, mean, n < 2 ? Double.NaN : squares / (n - 1), n > 0 && squares == 0);
  }

  /**
   * The count, mean and sample variance of scores; {@code constant} when every score is the
   * same value.
   */
  record Moments(long count, double mean, double variance, boolean constant) {
    @Nullable Double standardDeviation() {
      return count < 2 ? null : Math.sqrt(variance);
    }
  }

  /**
   * A trend from the buckets of a period grouping, in time order. With {@code fill}, every
   * period from the one holding {@code since} (or the first with feedback, when null) to the
   * one holding the last instant before {@code until} (or the last with feedback) is listed,
   * those without feedback with empty figures; every hour of day for
   * {@link Granularity#HOUR_OF_DAY}.
   *
   * @throws IllegalArgumentException if filling would list more than
   *     {@link Trend#MAX_FILLED_POINTS} points
   */
  public static Trend trend(
      GroupKey key,
      AnalyticsResult.Grouped grouped,
      ScaleFigures kinds,
      Trend.Fill fill,
      @Nullable Instant since,
      @Nullable Instant until) {
    Granularity g = Objects.requireNonNull(key.granularity(), "a period key's granularity");
    ZoneId zone = Objects.requireNonNull(key.zone(), "a period key's zone");
    TreeMap<String, Tally> byKey = new TreeMap<>();
    for (AnalyticsResult.Bucket b : grouped.buckets()) {
      if (b.key() != null) {
        byKey.put(b.key(), b.tally());
      }
    }
    List<String> keys = new ArrayList<>(byKey.keySet());
    if (fill == Trend.Fill.EVERY_PERIOD) {
      List<String> every =
          g == Granularity.HOUR_OF_DAY ? hoursOfDay() : periods(key, byKey.keySet(), since, until);
      java.util.Set<String> listed = new java.util.HashSet<>(every);
      keys.removeIf(listed::contains); // what the bounds missed, if anything, stays listed
      keys.addAll(every);
      if (g == Granularity.HOUR_OF_DAY) {
        keys.sort(Comparator.naturalOrder());
      }
    }
    List<Trend.Point> points = new ArrayList<>(keys.size());
    for (String k : keys) {
      Instant start = GroupKeys.periodStart(k, g, zone);
      Instant end = start == null ? null : GroupKeys.periodEnd(start, g, zone);
      points.add(
          Trend.Point.builder()
              .period(k)
              .start(start)
              .end(end)
              .summary(summary(byKey.getOrDefault(k, Tally.empty()), kinds))
              .build());
    }
    if (g != Granularity.HOUR_OF_DAY) {
      points.sort(Comparator.comparing(Trend.Point::start));
    }
    return Trend.builder().granularity(g).zone(zone).points(points).build();
  }

  private static List<String> hoursOfDay() {
    List<String> hours = new ArrayList<>(24);
    for (int h = 0; h < 24; h++) {
      hours.add(h < 10 ? "0" + h : Integer.toString(h));
    }
    return hours;
  }

  /** The first instant of a period that does not recur (any but hour of day). */
  private static Instant periodStart(String key, Granularity g, ZoneId zone) {
    return Objects.requireNonNull(GroupKeys.periodStart(key, g, zone), "a recurring period");
  }

  /** The keys of every period between the bounds, or between the data's first and last. */
  private static List<String> periods(
      GroupKey key, java.util.Set<String> data, @Nullable Instant since, @Nullable Instant until) {
    Granularity g = Objects.requireNonNull(key.granularity(), "a period key's granularity");
    ZoneId zone = Objects.requireNonNull(key.zone(), "a period key's zone");
    Instant first = since;
    Instant last = until == null ? null : until.minusMillis(1);
    for (String k : data) {
      Instant start = periodStart(k, g, zone);
      first = since == null && (first == null || start.isBefore(first)) ? start : first;
      last = until == null && (last == null || start.isAfter(last)) ? start : last;
    }
    List<String> keys = new ArrayList<>();
    if (first == null || last == null || last.isBefore(first)) {
      return keys;
    }
    Instant end = periodStart(GroupKeys.periodKey(last, g, zone), g, zone);
    Instant at = periodStart(GroupKeys.periodKey(first, g, zone), g, zone);
    while (!at.isAfter(end)) {
      if (keys.size() == Trend.MAX_FILLED_POINTS) {
        throw new IllegalArgumentException(
            "a "
                + g
                + " trend filled from "
                + first
                + " to "
                + last
                + " would have more than "
                + Trend.MAX_FILLED_POINTS
                + " points; narrow "
                + "the query's since and until, or choose a longer granularity");
      }
      keys.add(GroupKeys.periodKey(at, g, zone));
      at = GroupKeys.periodEnd(at, g, zone);
    }
    return keys;
  }

  /** The ranking figure of a summary and its sample size. */
  private static GroupReport.Row row(
      @Nullable String key, FeedbackSummary s, GroupOptions.Metric metric) {
    return switch (metric) {
      case SATISFACTION ->
          GroupReport.Row.builder()
              .key(key)
              .sampleSize(s.ratings().up() + s.ratings().down())
              .value(s.ratings().satisfaction())
              .summary(s)
              .build();
      case POSITIVE_RATE ->
          GroupReport.Row.builder()
              .key(key)
              .sampleSize(s.ratings().rated())
              .value(s.ratings().positiveRate())
              .summary(s)
              .build();
      case RESPONSE_QUALITY ->
          GroupReport.Row.builder()
              .key(key)
              .sampleSize(s.ratings().rated())
              .value(s.ratings().responseQuality())
              .summary(s)
              .build();
      default ->
          GroupReport.Row.builder()
              .key(key)
              .sampleSize(s.dimensions().ratings())
              .value(s.dimensions().dimensionMean())
              .summary(s)
              .build();
    };
  }

  /**
   * Groups ranked by a metric, as {@link GroupReport} documents; each ranked group's figure
   * with its interval and its test against the rest of {@code total}, adjusted over the
   * ranked groups.
   */
  public static GroupReport groups(
      GroupKey key,
      GroupOptions options,
      AnalyticsResult.Grouped grouped,
      Tally total,
      ScaleFigures kinds) {
    List<GroupReport.Row> ranked = new ArrayList<>();
    List<GroupReport.Row> insufficient = new ArrayList<>();
    for (AnalyticsResult.Bucket b : grouped.buckets()) {
      GroupReport.Row row = row(b.key(), summary(b.tally(), kinds), options.metric());
      if (row.sampleSize() >= options.minSampleSize()) {
        ranked.add(againstTheRest(row, b.tally(), total, options));
      } else {
        insufficient.add(row);
      }
    }
    List<@Nullable Double> p = new ArrayList<>(ranked.size());
    ranked.forEach(r -> p.add(r.pValue()));
    List<@Nullable Double> adjusted = Inference.adjust(p, options.adjustment());
    for (int i = 0; i < ranked.size(); i++) {
      ranked.set(i, ranked.get(i).toBuilder().adjustedPValue(adjusted.get(i)).build());
    }
    Comparator<GroupReport.Row> byKey =
        Comparator.comparing(GroupReport.Row::key, CodePointOrder.NULLS_FIRST);
    ranked.sort(Comparator.comparing(GroupReport.Row::value).reversed().thenComparing(byKey));
    int limit = options.limit();
    List<GroupReport.Row> best = new ArrayList<>(ranked.subList(0, Math.min(limit, ranked.size())));
    List<GroupReport.Row> rest = ranked.subList(best.size(), ranked.size());
    List<GroupReport.Row> worst = new ArrayList<>(rest);
    worst.sort(Comparator.comparing(GroupReport.Row::value).thenComparing(byKey));
    worst = worst.subList(0, Math.min(limit, worst.size()));
    insufficient.sort(
        Comparator.comparingLong(GroupReport.Row::sampleSize).reversed().thenComparing(byKey));
    return GroupReport.builder()
        .key(key)
        .metric(options.metric())
        .minSampleSize(options.minSampleSize())
        .groups(grouped.buckets().size())
        .ranked(ranked.size())
        .best(best)
        .worst(worst)
        .insufficient(insufficient.subList(0, Math.min(limit, insufficient.size())))
        .build();
  }

  /**
   * A ranked row with the interval of its figure and the test of it against the rest of the
   * feedback (the total less the group's, which holds every feedback once even when a key
   * puts one feedback in several groups).
   */
  private static GroupReport.Row againstTheRest(
      GroupReport.Row row, Tally group, Tally total, GroupOptions options) {
    double alpha = options.alpha();
    double z = Inference.zCritical(alpha);
    int minimum = options.minSampleSize();
    long up = group.up();
    long restUp = total.up() - up;
    switch (options.metric()) {
      case SATISFACTION, POSITIVE_RATE -> {
        boolean satisfaction = options.metric() == GroupOptions.Metric.SATISFACTION;
        long n = satisfaction ? up + group.down() : group.rated();
        long restN = (satisfaction ? total.up() + total.down() : total.rated()) - n;
        double[] ci =
            Objects.requireNonNull(Inference.wilson((double) up, n, z)); // n ≥ minimum ≥ 1
        return row.toBuilder()
            .interval(new ConfidenceInterval(1 - alpha, ci[0] * 100, ci[1] * 100))
            .pValue(proportionTest(restUp, restN, up, n, alpha, z, minimum).pValue())
            .build();
      }
      case RESPONSE_QUALITY -> {
        double[] ci =
            Objects.requireNonNull(
                Inference.trinomialScoreInterval(up, group.neutral(), group.down(), z));
        Moments rest =
            moments(
                ratingValues(
                    restUp, total.neutral() - group.neutral(), total.down() - group.down()));
        Moments own = moments(ratingValues(up, group.neutral(), group.down()));
        return row.toBuilder()
            .interval(new ConfidenceInterval(1 - alpha, ci[0] * 100, ci[1] * 100))
            .pValue(meanTest("response_quality", rest, own, alpha, minimum).pValue())
            .build();
      }
      default -> {
        return row; // the stores sum dimension ratings but not their squares: no variance
      }
    }
  }

  /** Ratings as the values response quality averages: up 100, neutral 50, down 0. */
  static SortedMap<Double, Long> ratingValues(long up, long neutral, long down) {
    TreeMap<Double, Long> values = new TreeMap<>();
    if (down > 0) {
      values.put(0.0, down);
    }
    if (neutral > 0) {
      values.put(50.0, neutral);
    }
    if (up > 0) {
      values.put(100.0, up);
    }
    return values;
  }

  /** Two groups compared, as {@link CohortComparison} documents. */
  public static CohortComparison compare(
      GroupKey key,
      String a,
      String b,
      CompareOptions options,
      AnalyticsResult.Grouped grouped,
      ScaleFigures kinds) {
    double alpha = options.alpha();
    int minimum = options.minSampleSize();
    Tally ta = Tally.empty();
    Tally tb = Tally.empty();
    for (AnalyticsResult.Bucket bucket : grouped.buckets()) {
      if (a.equals(bucket.key())) {
        ta = bucket.tally();
      } else if (b.equals(bucket.key())) {
        tb = bucket.tally();
      }
    }
    double z = Inference.zCritical(alpha);
    long votesA = ta.up() + ta.down();
    long votesB = tb.up() + tb.down();
    CohortComparison.ProportionTest satisfaction =
        clustered(
                options.standardErrors(),
                votesA + votesB,
                ta.votingSessions() + tb.votingSessions())
            ? clusteredProportionTest(
                ta.up(),
                votesA,
                ta.votingSessions(),
                Inference.clusteredProportionVariance(
                    ta.up(),
                    votesA,
                    ta.votingSessions(),
                    ta.sessionVotesSquared(),
                    ta.sessionUpVotes(),
                    ta.sessionUpSquared()),
                tb.up(),
                votesB,
                tb.votingSessions(),
                Inference.clusteredProportionVariance(
                    tb.up(),
                    votesB,
                    tb.votingSessions(),
                    tb.sessionVotesSquared(),
                    tb.sessionUpVotes(),
                    tb.sessionUpSquared()),
                alpha,
                z,
                minimum)
            : proportionTest(ta.up(), votesA, tb.up(), votesB, alpha, z, minimum);
    List<CohortComparison.MeanTest> scores = new ArrayList<>();
    for (Map.Entry<String, SortedMap<Double, Long>> e : ta.scores().entrySet()) {
      String scale = e.getKey();
      SortedMap<Double, Long> other = tb.scores().get(scale);
      if (other != null) {
        Sessions sa = Sessions.of(ta, scale);
        Sessions sb = Sessions.of(tb, scale);
        Moments ma = moments(e.getValue());
        Moments mb = moments(other);
        boolean clustered =
            clustered(options.standardErrors(), ma.count() + mb.count(), sa.count() + sb.count());
        CohortComparison.MeanTest test =
            meanTest(scale, ma, mb, alpha, minimum, clustered ? sa.against(sb, v -> v) : null);
        ScaleFigures.Kind kind = kinds.kind(scale);
        if (kind == ScaleFigures.Kind.NPS) {
          test =
              test.toBuilder()
                  .nps(
                      meanTest(
                          scale,
                          moments(npsRecoded(e.getValue())),
                          moments(npsRecoded(other)),
                          alpha,
                          minimum,
                          clustered ? sa.against(sb, Figures::npsValue) : null))
                  .build();
        } else if (kind == ScaleFigures.Kind.CSAT) {
          double threshold = kinds.csatThreshold(scale);
          DoubleUnaryOperator satisfied = v -> v >= threshold ? 1 : 0;
          long xa = countWhere(e.getValue(), v -> v >= threshold);
          long xb = countWhere(other, v -> v >= threshold);
          test =
              test.toBuilder()
                  .csat(
                      clustered
                          ? clusteredProportionTest(
                              xa,
                              ma.count(),
                              sa.count(),
                              sa.variance(satisfied),
                              xb,
                              mb.count(),
                              sb.count(),
                              sb.variance(satisfied),
                              alpha,
                              z,
                              minimum)
                          : proportionTest(xa, ma.count(), xb, mb.count(), alpha, z, minimum))
                  .build();
        }
        scores.add(test);
      }
    }
    // The family: every test that was made (a null p-value is none). Adjusted p-values go
    // back in the same order.
    List<@Nullable Double> family = new ArrayList<>();
    family.add(satisfaction.pValue());
    for (CohortComparison.MeanTest s : scores) {
      family.add(s.pValue());
      family.add(s.nps() == null ? null : s.nps().pValue());
      family.add(s.csat() == null ? null : s.csat().pValue());
    }
    List<@Nullable Double> adjusted = Inference.adjust(family, options.adjustment());
    int next = 0;
    satisfaction = satisfaction.toBuilder().adjustedPValue(adjusted.get(next++)).build();
    for (int i = 0; i < scores.size(); i++) {
      CohortComparison.MeanTest s = scores.get(i);
      CohortComparison.MeanTest.Builder withAdjusted =
          s.toBuilder().adjustedPValue(adjusted.get(next++));
      CohortComparison.MeanTest nps = s.nps();
      Double npsAdjusted = adjusted.get(next++);
      if (nps != null) {
        withAdjusted.nps(nps.toBuilder().adjustedPValue(npsAdjusted).build());
      }
      CohortComparison.ProportionTest csat = s.csat();
      Double csatAdjusted = adjusted.get(next++);
      if (csat != null) {
        withAdjusted.csat(csat.toBuilder().adjustedPValue(csatAdjusted).build());
      }
      scores.set(i, withAdjusted.build());
    }
    return CohortComparison.builder()
        .key(key)
        .a(a)
        .b(b)
        .alpha(alpha)
        .minSampleSize(minimum)
        .adjustment(options.adjustment())
        .summaryA(summary(ta, kinds))
        .summaryB(summary(tb, kinds))
        .satisfaction(satisfaction)
        .scores(scores)
        .build();
  }

  static CohortComparison.ProportionTest proportionTest(
      long xa, long na, long xb, long nb, double alpha, double zCritical, int minimum) {
    CohortComparison.Proportion pa =
        new CohortComparison.Proportion(xa, na, percent(xa, (double) na));
    CohortComparison.Proportion pb =
        new CohortComparison.Proportion(xb, nb, percent(xb, (double) nb));
    if (na == 0 || nb == 0) {
      return CohortComparison.ProportionTest.builder()
          .a(pa)
          .b(pb)
          .difference(null)
          .z(null)
          .pValue(null)
          .significant(false)
          .interval(null)
          .withheld(CohortComparison.Withheld.NO_DATA)
          .build();
    }
    double difference = Objects.requireNonNull(pb.percent()) - Objects.requireNonNull(pa.percent());
    if (na < minimum || nb < minimum) {
      return CohortComparison.ProportionTest.builder()
          .a(pa)
          .b(pb)
          .difference(difference)
          .withheld(CohortComparison.Withheld.TOO_FEW)
          .build();
    }
    double z = Inference.twoProportionZ(xa, na, xb, nb);
    double[] ci = Objects.requireNonNull(Inference.scoreInterval(xa, na, xb, nb, zCritical));
    CohortComparison.Method method = null;
    Double p = null;
    if (!Double.isNaN(z)) {
      if (Inference.minExpected(xa, na, xb, nb) < MIN_EXPECTED) {
        method = CohortComparison.Method.FISHER_EXACT;
        p = Inference.fisherExact(xa, na, xb, nb);
        if (!(p < alpha)) { // the exact test finds no difference: the interval reaches 0
          ci = new double[] {Math.min(ci[0], 0), Math.max(ci[1], 0)};
        }
      } else {
        method = CohortComparison.Method.SCORE;
        p = Inference.twoSidedNormalP(z);
      }
    }
    return CohortComparison.ProportionTest.builder()
        .a(pa)
        .b(pb)
        .difference(difference)
        .z(Double.isNaN(z) ? null : z)
        .pValue(p)
        .significant(p != null && p < alpha)
        .interval(new ConfidenceInterval(1 - alpha, ci[0] * 100, ci[1] * 100))
        .withheld(p == null ? CohortComparison.Withheld.NO_VARIATION : null)
        .method(method)
        .build();
  }

  /**
   * Whether a test uses session-clustered standard errors: always, never, or ({@code AUTO})
   * when its observations (votes, or scores on a scale) outnumber the sessions they came
   * from, both groups together.
   */
  static boolean clustered(
      CompareOptions.StandardErrors standardErrors, long observations, long sessions) {
    return switch (standardErrors) {
      case SESSION_CLUSTERED -> true;
      case INDEPENDENT -> false;
      case AUTO -> sessions > 0 && observations > sessions;
    };
  }

  /**
   * Two proportions x/n compared with session-clustered standard errors: the Wald z = (p̂_B
   * − p̂_A) / √(V_A + V_B), V the CR1 variance of each proportion over its G sessions
   * ({@link Inference#clusteredProportionVariance}, {@link Inference#clusteredMeanVariance}
   * of a 0/1 value), and the interval (p̂_B − p̂_A) ± z₁₋α/₂ · √(V_A + V_B), which agree by
   * construction. Withheld as the independent test would be (no data, below the minimum
   * sample), as too few below 2 sessions in a group, and for no variation when V_A + V_B is
   * 0.
   */
  static CohortComparison.ProportionTest clusteredProportionTest(
      long xa,
      long na,
      long ga,
      double va,
      long xb,
      long nb,
      long gb,
      double vb,
      double alpha,
      double zCritical,
      int minimum) {
    CohortComparison.ProportionTest independent =
        proportionTest(xa, na, xb, nb, alpha, zCritical, minimum);
    if (independent.withheld() == CohortComparison.Withheld.NO_DATA
        || independent.withheld() == CohortComparison.Withheld.TOO_FEW) {
      return independent;
    }
    CohortComparison.ProportionTest.Builder test =
        CohortComparison.ProportionTest.builder()
            .a(independent.a())
            .b(independent.b())
            .difference(independent.difference());
    if (ga < 2 || gb < 2) {
      return test.withheld(CohortComparison.Withheld.TOO_FEW).build();
    }
    double variance = va + vb;
    if (!(variance > 0)) {
      return test.withheld(CohortComparison.Withheld.NO_VARIATION).build();
    }
    double se = Math.sqrt(variance);
    double d = (double) xb / nb - (double) xa / na;
    double z = d / se;
    double p = Inference.twoSidedNormalP(z);
    double half = zCritical * se;
    return test.z(z)
        .pValue(p)
        .significant(p < alpha)
        .interval(
            new ConfidenceInterval(
                1 - alpha, Math.max(-100, (d - half) * 100), Math.min(100, (d + half) * 100)))
        .method(CohortComparison.Method.CLUSTER_ROBUST)
        .build();
  }

  /** A group's scores on one scale as sessions: its distribution and session sums. */
  private record Sessions(
      SortedMap<Double, Long> distribution,
      SortedMap<Double, SortedMap<Double, Long>> pairs,
      long count) {

    static Sessions of(Tally t, String scale) {
      return new Sessions(
          t.scores().getOrDefault(scale, Collections.emptySortedMap()),
          t.scorePairs().getOrDefault(scale, Collections.emptySortedMap()),
          t.scoreSessions().getOrDefault(scale, 0L));
    }

    /** The CR1 variance of the mean of f over the scores, or NaN below 2 sessions. */
    double variance(DoubleUnaryOperator f) {
      return Inference.clusteredMeanVariance(distribution, pairs, count, f);
    }

    /** Both groups' clustered variances of the mean of f. */
    Clusters against(Sessions b, DoubleUnaryOperator f) {
      return new Clusters(variance(f), count, b.variance(f), b.count);
    }
  }

  /** The CR1 variances of two means and their groups' sessions. */
  record Clusters(double varianceA, long sessionsA, double varianceB, long sessionsB) {}

  static CohortComparison.MeanTest meanTest(
      String scale, Moments a, Moments b, double alpha, int minimum) {
    return meanTest(scale, a, b, alpha, minimum, null);
  }

  /**
   * Two means compared: Welch's test, or with {@code clusters} Welch's test with sessions as
   * the units ({@link Inference#clusteredWelch}).
   */
  static CohortComparison.MeanTest meanTest(
      String scale, Moments a, Moments b, double alpha, int minimum, @Nullable Clusters clusters) {
    CohortComparison.MeanSample sa =
        CohortComparison.MeanSample.builder()
            .count(a.count())
            .mean(a.mean())
            .standardDeviation(a.standardDeviation())
            .build();
    CohortComparison.MeanSample sb =
        CohortComparison.MeanSample.builder()
            .count(b.count())
            .mean(b.mean())
            .standardDeviation(b.standardDeviation())
            .build();
    double difference = b.mean() - a.mean();
    CohortComparison.Withheld withheld = null;
    double[] w = null;
    if (a.count() < Math.max(2, minimum)
        || b.count() < Math.max(2, minimum)
        || (clusters != null && (clusters.sessionsA() < 2 || clusters.sessionsB() < 2))) {
      withheld = CohortComparison.Withheld.TOO_FEW;
    } else if (a.constant() && b.constant()) {
      withheld = CohortComparison.Withheld.NO_VARIATION;
    } else if (clusters == null) {
      w = Inference.welch(a.count(), a.mean(), a.variance(), b.count(), b.mean(), b.variance());
    } else {
      w =
          Inference.clusteredWelch(
              a.mean(),
              clusters.varianceA(),
              clusters.sessionsA(),
              b.mean(),
              clusters.varianceB(),
              clusters.sessionsB());
    }
    if (w == null) {
      return CohortComparison.MeanTest.builder()
          .scale(scale)
          .a(sa)
          .b(sb)
          .difference(difference)
          .t(null)
          .degreesOfFreedom(null)
          .pValue(null)
          .significant(false)
          .interval(null)
          .withheld(withheld == null ? CohortComparison.Withheld.NO_VARIATION : withheld)
          .build();
    }
    double p = Inference.twoSidedStudentP(w[0], w[1]);
    double half = Distributions.studentTQuantile(1 - alpha / 2, w[1]) * w[2];
    return CohortComparison.MeanTest.builder()
        .scale(scale)
        .a(sa)
        .b(sb)
        .difference(difference)
        .t(w[0])
        .degreesOfFreedom(w[1])
        .pValue(p)
        .significant(p < alpha)
        .interval(new ConfidenceInterval(1 - alpha, difference - half, difference + half))
        .method(
            clusters == null
                ? CohortComparison.Method.WELCH
                : CohortComparison.Method.CLUSTER_ROBUST)
        .build();
  }

  /** Win rates per model and per pair, as {@link WinRates} documents. */
  public static WinRates winRates(
      GroupKey modelKey, double confidence, AnalyticsResult.Pairwise pairwise) {
    double z = Distributions.normalQuantile(1 - (1 - confidence) / 2);
    List<WinRates.PairRow> pairs = new ArrayList<>();
    TreeMap<String, long[]> models = new TreeMap<>(CodePointOrder.STRINGS); // wins, losses, ties
    for (AnalyticsResult.PairTally p : pairwise.pairs()) {
      long n = p.comparisons();
      if (n == 0) {
        continue; // a pair that never met has no win rate
      }
      pairs.add(
          WinRates.PairRow.builder()
              .first(p.first())
              .second(p.second())
              .comparisons(n)
              .firstWins(p.firstWins())
              .secondWins(p.secondWins())
              .ties(p.ties())
              .firstWinRate(winRate(p.firstWins(), p.ties(), n))
              .firstPlainWinRate(p.firstWins() * 100.0 / n)
              .interval(winRateInterval(p.firstWins(), p.ties(), p.secondWins(), z, confidence))
              .build());
      long[] first = models.computeIfAbsent(p.first(), k -> new long[3]);
      long[] second = models.computeIfAbsent(p.second(), k -> new long[3]);
      first[0] += p.firstWins();
      first[1] += p.secondWins();
      first[2] += p.ties();
      second[0] += p.secondWins();
      second[1] += p.firstWins();
      second[2] += p.ties();
    }
    List<WinRates.ModelRow> rows = new ArrayList<>();
    models.forEach(
        (model, c) -> {
          long n = c[0] + c[1] + c[2];
          rows.add(
              WinRates.ModelRow.builder()
                  .model(model)
                  .comparisons(n)
                  .wins(c[0])
                  .losses(c[1])
                  .ties(c[2])
                  .winRate(winRate(c[0], c[2], n))
                  .plainWinRate(c[0] * 100.0 / n)
                  .interval(winRateInterval(c[0], c[2], c[1], z, confidence))
                  .build());
        });
    rows.sort(
        Comparator.comparingDouble(WinRates.ModelRow::winRate)
            .reversed()
            .thenComparing(Comparator.comparingLong(WinRates.ModelRow::comparisons).reversed())
            .thenComparing(WinRates.ModelRow::model, CodePointOrder.STRINGS));
    return WinRates.builder()
        .modelKey(modelKey)
        .confidence(confidence)
        .models(rows)
        .pairs(pairs)
        .skipped(pairwise.skipped())
        .build();
  }

  /** {@code 100 · (wins + ties / 2) / n}, from whole numbers: {@code 50 · (2 wins + ties) / n}. */
  private static double winRate(long wins, long ties, long n) {
    return (double) (50 * (2 * wins + ties)) / n;
  }

  private static ConfidenceInterval winRateInterval(
      long wins, long ties, long losses, double z, double confidence) {
    double[] w = // wins + ties + losses > 0
        Objects.requireNonNull(Inference.trinomialScoreInterval(wins, ties, losses, z));
    return new ConfidenceInterval(confidence, w[0] * 100, w[1] * 100);
  }
}
