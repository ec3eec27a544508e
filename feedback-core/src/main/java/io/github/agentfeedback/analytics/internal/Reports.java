package io.github.agentfeedback.analytics.internal;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.analytics.CohortComparison;
import io.github.agentfeedback.analytics.CompareOptions;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.FeedbackReport.Change;
import io.github.agentfeedback.analytics.FeedbackReport.Unit;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.analytics.GroupReport;
import io.github.agentfeedback.analytics.ProblemOptions;
import io.github.agentfeedback.analytics.ProblemReport;
import io.github.agentfeedback.analytics.ReportPeriod;
import io.github.agentfeedback.analytics.ReportRequest;
import io.github.agentfeedback.analytics.ScaleFigures;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.CodePointOrder;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Assembles problem reports and period reports from {@link FeedbackStore#analyze} results:
 * one analysis of the period (tallies per message, tag, day, and for reports per session
 * and per requested group, with term counts) and one of the previous period (term counts).
 */
public final class Reports {
  private static final String TERMS_ASKED =
      "the store returned no term counts, which were asked for";

  private static final int MESSAGES = 0;
  private static final int TAGS = 1;
  private static final int DAYS = 2;
  private static final int SESSIONS = 3;
  private static final int GROUPS = 4;

  private Reports() {}

  /** A copy of a query with other time bounds. */
  public static FeedbackQuery between(FeedbackQuery q, Instant since, Instant until) {
    return q.toBuilder().since(since).until(until).build();
  }

  /**
   * Problems of the feedback a query selects; rising terms against the span of equal
   * length before the query's {@code since}, when it has both bounds.
   */
  public static ProblemReport problems(
      FeedbackStore store,
      FeedbackQuery query,
      ProblemOptions options,
      ZoneId zone,
      String sentimentAttribute) {
    ReportPeriod previous = null;
    if (query.since() != null && query.until() != null && query.since().isBefore(query.until())) {
      Instant start = query.since().minus(java.time.Duration.between(query.since(), query.until()));
      if (Checks.inRange(start)) {
        previous = ReportPeriod.between(start, query.since());
      }
    }
    AnalyticsResult now =
        store.analyze(problemRequest(query, options, zone, sentimentAttribute).build());
    AnalyticsResult before =
        previous == null
            ? null
            : store.analyze(previousRequest(query, previous, options, sentimentAttribute));
    return problems(now, before, previous, options);
  }

  /** A period report, as {@link FeedbackReport} documents. */
  public static FeedbackReport report(
      FeedbackStore store, ReportRequest request, String sentimentAttribute, ScaleFigures kinds) {
    ReportPeriod period = request.period();
    ReportPeriod previousPeriod = request.previousPeriod();
    ProblemOptions options = request.problemOptions();
    FeedbackQuery query = between(request.filter(), period.start(), period.end());
    AnalyticsRequest.Builder now =
        problemRequest(query, options, request.zone(), sentimentAttribute)
            .breakdown(
                Breakdown.of(GroupKey.session())
                    .top(Rating.DOWN, Math.max(1, request.negativeSessions())));
    if (request.groupBy() != null) {
      now.breakdown(Breakdown.of(request.groupBy()));
    }
    AnalyticsResult current = store.analyze(now.build());
    AnalyticsResult before =
        store.analyze(
            previousRequest(request.filter(), previousPeriod, options, sentimentAttribute));
    FeedbackSummary summary = Figures.summary(current.total(), kinds);
    FeedbackSummary previous = Figures.summary(before.total(), kinds);
    GroupReport groups =
        request.groupBy() == null
            ? null
            : Figures.groups(
                request.groupBy(),
                request.groupOptions(),
                current.breakdowns().get(GROUPS),
                current.total(),
                kinds);
    List<ProblemReport.Hotspot> sessions =
        hotspots(current.breakdowns().get(SESSIONS), 1, request.negativeSessions());
    return FeedbackReport.builder()
        .title(request.title())
        .zone(request.zone())
        .period(period)
        .previousPeriod(previousPeriod)
        .current(summary)
        .previous(previous)
        .changes(changes(summary, previous, kinds, request.changeOptions()))
        .groups(groups)
        .problems(problems(current, before, previousPeriod, options))
        .negativeSessions(sessions)
        .build();
  }

  private static AnalyticsRequest.Builder problemRequest(
      FeedbackQuery query, ProblemOptions options, ZoneId zone, String sentimentAttribute) {
    int hotspots = options.limit() + 1; // one more, in case "no value" ranks among them
    return AnalyticsRequest.builder(query)
        .breakdown(Breakdown.of(GroupKey.message()).top(Rating.DOWN, hotspots))
        .breakdown(Breakdown.of(GroupKey.tag()).top(Rating.DOWN, hotspots))
        .breakdown(Breakdown.of(GroupKey.period(Granularity.DAY, zone)))
        .terms(
            AnalyticsRequest.TermSpec.builder()
                .stopWords(options.stopWords())
                .phrases(options.phrases())
                .minCount(Math.min(options.minCount(), options.risingMinCount()))
                .build())
        .sentimentAttribute(sentimentAttribute);
  }

  private static AnalyticsRequest previousRequest(
      FeedbackQuery filter,
      ReportPeriod previous,
      ProblemOptions options,
      String sentimentAttribute) {
    return AnalyticsRequest.builder(between(filter, previous.start(), previous.end()))
        .terms(
            AnalyticsRequest.TermSpec.builder()
                .stopWords(options.stopWords())
                .phrases(options.phrases())
                .minCount(1)
                .build())
        .sentimentAttribute(sentimentAttribute)
        .build();
  }

  private static ProblemReport problems(
      AnalyticsResult now,
      @Nullable AnalyticsResult before,
      @Nullable ReportPeriod previousPeriod,
      ProblemOptions options) {
    AnalyticsResult.Terms terms = Objects.requireNonNull(now.terms(), TERMS_ASKED);
    List<ProblemReport.RisingTerm> rising = new ArrayList<>();
    if (before != null) {
      Map<String, Long> previousCounts = new HashMap<>();
      AnalyticsResult.Terms earlier = Objects.requireNonNull(before.terms(), TERMS_ASKED);
      earlier.terms().forEach(t -> previousCounts.put(t.term(), t.count()));
      earlier.phrases().forEach(t -> previousCounts.put(t.term(), t.count()));
      for (List<TermCount> list : List.of(terms.terms(), terms.phrases())) {
        for (TermCount t : list) {
          long was = previousCounts.getOrDefault(t.term(), 0L);
          if (t.count() >= options.risingMinCount()
              && (was == 0 || t.count() >= options.risingRatio() * was)) {
            rising.add(
                ProblemReport.RisingTerm.builder()
                    .term(t.term())
                    .count(t.count())
                    .previousCount(was)
                    .ratio(was == 0 ? null : (double) t.count() / was)
                    .build());
          }
        }
      }
      rising =
          TermFolding.fold(rising, ProblemReport.RisingTerm::term, ProblemReport.RisingTerm::count);
      rising.sort(
          Comparator.comparing(
                  (ProblemReport.RisingTerm r) ->
                      r.ratio() == null ? Double.POSITIVE_INFINITY : r.ratio())
              .reversed()
              .thenComparing(Comparator.comparingLong(ProblemReport.RisingTerm::count).reversed())
              .thenComparing(ProblemReport.RisingTerm::term, CodePointOrder.STRINGS));
    }
    List<ProblemReport.SentimentPoint> sentiment = new ArrayList<>();
    for (AnalyticsResult.Bucket b : now.breakdowns().get(DAYS).buckets()) {
      FeedbackSummary.Sentiment s = Figures.summary(b.tally()).sentiment();
      if (b.key() != null && s.mean() != null) {
        sentiment.add(
            ProblemReport.SentimentPoint.builder()
                .day(b.key())
                .count(s.count())
                .mean(s.mean())
                .build());
      }
    }
    List<TermCount> wordsAndPhrases = new ArrayList<>(terms.terms());
    wordsAndPhrases.addAll(terms.phrases());
    return ProblemReport.builder()
        .down(now.total().down())
        .downComments(terms.comments())
        .terms(frequent(wordsAndPhrases, options, true))
        .phrases(frequent(terms.phrases(), options, false))
        .previousPeriod(previousPeriod)
        .rising(first(rising, options.limit()))
        .messages(
            hotspots(now.breakdowns().get(MESSAGES), options.hotspotThreshold(), options.limit()))
        .tags(hotspots(now.breakdowns().get(TAGS), options.hotspotThreshold(), options.limit()))
        .sentimentByDay(sentiment)
        .build();
  }

  /**
   * The terms in at least {@link ProblemOptions#minCount()} comments, fragments folded (see
   * {@link TermFolding}) when asked, most frequent first, then by term, cut to the limit.
   */
  private static List<TermCount> frequent(
      List<TermCount> counts, ProblemOptions options, boolean fold) {
    List<TermCount> kept = new ArrayList<>();
    for (TermCount t : counts) {
      if (t.count() >= options.minCount()) {
        kept.add(t);
      }
    }
    if (fold) {
      kept = TermFolding.fold(kept, TermCount::term, TermCount::count);
    }
    kept.sort(
        Comparator.comparingLong(TermCount::count)
            .reversed()
            .thenComparing(TermCount::term, CodePointOrder.STRINGS));
    return first(kept, options.limit());
  }

  /** Groups with at least {@code threshold} negative feedbacks, most first, then by key. */
  private static List<ProblemReport.Hotspot> hotspots(
      AnalyticsResult.Grouped grouped, long threshold, int limit) {
    List<ProblemReport.Hotspot> out = new ArrayList<>();
    for (AnalyticsResult.Bucket b : grouped.buckets()) {
      if (b.key() != null && b.tally().down() >= threshold) {
        out.add(
            ProblemReport.Hotspot.builder()
                .key(b.key())
                .down(b.tally().down())
                .total(b.tally().total())
                .build());
      }
    }
    out.sort(
        Comparator.comparingLong(ProblemReport.Hotspot::down)
            .reversed()
            .thenComparing(ProblemReport.Hotspot::key, CodePointOrder.STRINGS));
    return first(out, limit);
  }

  private static <T> List<T> first(List<T> list, int limit) {
    return list.size() <= limit ? list : new ArrayList<>(list.subList(0, limit));
  }

  /**
   * The headline figures, as {@link FeedbackReport.Change} lists them, each change tested
   * (the previous period against the period, as a comparison tests two groups) where the
   * sums allow it, the p-values adjusted over the tested changes.
   */
  static List<Change> changes(
      FeedbackSummary now, FeedbackSummary before, ScaleFigures kinds, CompareOptions options) {
    Changes changes = new Changes(now, before, options);
    changes.add("feedback", Unit.COUNT, s -> (double) s.ratings().total());
    changes.add("up", Unit.COUNT, s -> (double) s.ratings().up());
    changes.add("down", Unit.COUNT, s -> (double) s.ratings().down());
    changes.add("neutral", Unit.COUNT, s -> (double) s.ratings().neutral());
    changes.proportion(
        "satisfaction",
        s -> s.ratings().satisfaction(),
        s -> s.ratings().up(),
        s -> s.ratings().up() + s.ratings().down());
    changes.proportion(
        "positive_rate",
        s -> s.ratings().positiveRate(),
        s -> s.ratings().up(),
        s -> s.ratings().rated());
    changes.mean(
        "response_quality",
        Unit.SCORE,
        s -> s.ratings().responseQuality(),
        s -> Figures.ratingValues(s.ratings().up(), s.ratings().neutral(), s.ratings().down()));
    changes.proportion(
        "comment_rate",
        s -> s.comments().commentRate(),
        s -> s.comments().commented(),
        s -> s.ratings().total());
    changes.add("average_comment_length", Unit.MEAN, s -> s.comments().averageLength());
    changes.add("dimension_mean", Unit.MEAN, s -> s.dimensions().dimensionMean());
    changes.add("sentiment_mean", Unit.MEAN, s -> s.sentiment().mean());
    TreeSet<String> scales = new TreeSet<>();
    now.scales().forEach(s -> scales.add(s.scale()));
    before.scales().forEach(s -> scales.add(s.scale()));
    for (String scale : scales) {
      Function<FeedbackSummary, SortedMap<Double, Long>> scores =
          s -> {
            FeedbackSummary.ScaleScores of = s.scale(scale);
            return of == null ? new TreeMap<>() : of.distribution();
          };
      changes.add(
          "score." + scale + ".count",
          Unit.COUNT,
          s -> {
            FeedbackSummary.ScaleScores of = s.scale(scale);
            return of == null ? 0.0 : (double) of.count();
          });
      changes.mean(
          "score." + scale + ".mean",
          Unit.MEAN,
          s -> {
            FeedbackSummary.ScaleScores of = s.scale(scale);
            return of == null ? null : of.mean();
          },
          scores);
      if (scale.equals("nps")) {
        changes.mean(
            "nps",
            Unit.SCORE,
            s -> {
              // NPS figures only when the scale is read as NPS (see ScaleFigures)
              FeedbackSummary.ScaleScores of = s.scale(scale);
              FeedbackSummary.Nps nps = of == null ? null : of.nps();
              return nps == null ? null : nps.score();
            },
            s -> Figures.npsRecoded(scores.apply(s)));
      } else if (scale.equals("csat")) {
        changes.proportion(
            "csat",
            s -> {
              FeedbackSummary.ScaleScores of = s.scale(scale);
              return of == null ? null : of.csat();
            },
            s -> Figures.countWhere(scores.apply(s), v -> v >= kinds.csatThreshold(scale)),
            s -> Figures.countWhere(scores.apply(s), v -> true));
      }
    }
    return changes.adjusted();
  }

  /** The changes of a report as they are listed, tested, then adjusted together. */
  private static final class Changes {
    private final List<Change> list = new ArrayList<>();
    private final FeedbackSummary now;
    private final FeedbackSummary before;
    private final CompareOptions options;
    private final double z;

    Changes(FeedbackSummary now, FeedbackSummary before, CompareOptions options) {
      this.now = now;
      this.before = before;
      this.options = options;
      this.z = Inference.zCritical(options.alpha());
    }

    /** A change without a test. */
    Change.Builder add(String figure, Unit unit, Function<FeedbackSummary, Double> value) {
      Double a = value.apply(now);
      Double b = value.apply(before);
      Change.Builder change =
          Change.builder()
              .figure(figure)
              .unit(unit)
              .current(a)
              .previous(b)
              .change(a == null || b == null ? null : a - b);
      list.add(change.build());
      return change;
    }

    /** A change of a percentage, tested as {@link CohortComparison#satisfaction()} is. */
    void proportion(
        String figure,
        Function<FeedbackSummary, Double> value,
        ToLongFunction<FeedbackSummary> successes,
        ToLongFunction<FeedbackSummary> trials) {
      Change.Builder change = add(figure, Unit.PERCENT, value);
      if (change.build().change() != null) {
        CohortComparison.ProportionTest test =
            Figures.proportionTest(
                successes.applyAsLong(before),
                trials.applyAsLong(before),
                successes.applyAsLong(now),
                trials.applyAsLong(now),
                options.alpha(),
                z,
                options.minSampleSize());
        replaceLast(change.interval(test.interval()).pValue(test.pValue()));
      }
    }

    /** A change of a mean of the given values, tested by Welch's test. */
    void mean(
        String figure,
        Unit unit,
        Function<FeedbackSummary, Double> value,
        Function<FeedbackSummary, SortedMap<Double, Long>> values) {
      Change.Builder change = add(figure, unit, value);
      if (change.build().change() != null) {
        CohortComparison.MeanTest test =
            Figures.meanTest(
                figure,
                Figures.moments(values.apply(before)),
                Figures.moments(values.apply(now)),
                options.alpha(),
                options.minSampleSize());
        replaceLast(change.interval(test.interval()).pValue(test.pValue()));
      }
    }

    private void replaceLast(Change.Builder change) {
      list.set(list.size() - 1, change.build());
    }

    List<Change> adjusted() {
      List<@Nullable Double> p = new ArrayList<>(list.size());
      list.forEach(c -> p.add(c.pValue()));
      List<@Nullable Double> adjusted = Inference.adjust(p, options.adjustment());
      for (int i = 0; i < list.size(); i++) {
        list.set(i, list.get(i).toBuilder().adjustedPValue(adjusted.get(i)).build());
      }
      return list;
    }
  }
}
