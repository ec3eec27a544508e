package io.github.agentfeedback.export.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.analytics.CohortComparison;
import io.github.agentfeedback.analytics.ConfidenceInterval;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.analytics.GroupReport;
import io.github.agentfeedback.analytics.ProblemReport;
import io.github.agentfeedback.analytics.ReportPeriod;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.analytics.WinRates;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes analytics results as JSON, field by field in a fixed order, through Jackson's
 * streaming generator; the field names and shapes are documented on
 * {@link io.github.agentfeedback.export.ReportJson}.
 *
 * <p>Stateless and thread-safe; each document gets its own generator.
 */
public final class ReportJsonWriter {

  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .characterEscapes(new JsonlEscapes())
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET) // a caller's writer stays open
          .build();

  /**
   * Two spaces per level, {@code \n} line ends whatever the platform, {@code "name": value},
   * and {@code []} and {@code {}} for empty arrays and objects.
   */
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                  .withObjectEmptySeparator("")
                  .withArrayEmptySeparator(""))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  /** Writes one value of a result type. Implementations are stateless and thread-safe. */
  @FunctionalInterface
  public interface Part<T> {
    /**
     * Writes the value.
     *
     * @param json the generator
     * @param value the value, not null
     * @throws IOException if writing fails
     */
    void write(JsonGenerator json, T value) throws IOException;
  }

  private ReportJsonWriter() {}

  /** Writes one result as a pretty-printed JSON document; flushes, does not close. */
  public static <T> void write(Writer out, T value, Part<T> part) throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.setPrettyPrinter(new DefaultPrettyPrinter(PRETTY));
      part.write(json, value);
      json.flush();
    }
  }

  /** A period report. */
  public static void report(JsonGenerator json, FeedbackReport r) throws IOException {
    json.writeStartObject();
    json.writeStringField("title", r.title());
    zone(json, "zone", r.zone());
    json.writeFieldName("period");
    period(json, r.period());
    json.writeFieldName("previous_period");
    period(json, r.previousPeriod());
    json.writeFieldName("current");
    summary(json, r.current());
    json.writeFieldName("previous");
    summary(json, r.previous());
    json.writeArrayFieldStart("changes");
    for (FeedbackReport.Change c : r.changes()) {
      json.writeStartObject();
      json.writeStringField("figure", c.figure());
      json.writeStringField("unit", name(c.unit()));
      number(json, "current", c.current());
      number(json, "previous", c.previous());
      number(json, "change", c.change());
      tested(json, c.interval(), c.pValue(), c.adjustedPValue());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeFieldName("groups");
    if (r.groups() == null) {
      json.writeNull();
    } else {
      groups(json, r.groups());
    }
    json.writeFieldName("problems");
    problems(json, r.problems());
    hotspots(json, "negative_sessions", r.negativeSessions());
    json.writeEndObject();
  }

  /** Every figure of a set of feedback. */
  public static void summary(JsonGenerator json, FeedbackSummary s) throws IOException {
    json.writeStartObject();
    FeedbackSummary.Ratings r = s.ratings();
    json.writeObjectFieldStart("ratings");
    json.writeNumberField("total", r.total());
    json.writeNumberField("up", r.up());
    json.writeNumberField("down", r.down());
    json.writeNumberField("neutral", r.neutral());
    json.writeNumberField("unrated", r.unrated());
    number(json, "satisfaction", r.satisfaction());
    number(json, "positive_rate", r.positiveRate());
    number(json, "response_quality", r.responseQuality());
    json.writeEndObject();
    json.writeObjectFieldStart("comments");
    json.writeNumberField("commented", s.comments().commented());
    number(json, "comment_rate", s.comments().commentRate());
    number(json, "average_length", s.comments().averageLength());
    json.writeEndObject();
    json.writeObjectFieldStart("dimensions");
    json.writeNumberField("ratings", s.dimensions().ratings());
    number(json, "dimension_mean", s.dimensions().dimensionMean());
    json.writeObjectFieldStart("means");
    for (Dimension d : Dimension.values()) {
      Double mean = s.dimensions().means().get(d);
      if (mean != null) {
        number(json, d.wireName(), mean);
      }
    }
    json.writeEndObject();
    json.writeEndObject();
    json.writeArrayFieldStart("scales");
    for (FeedbackSummary.ScaleScores scale : s.scales()) {
      scale(json, scale);
    }
    json.writeEndArray();
    json.writeObjectFieldStart("sentiment");
    json.writeNumberField("count", s.sentiment().count());
    number(json, "mean", s.sentiment().mean());
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void scale(JsonGenerator json, FeedbackSummary.ScaleScores s) throws IOException {
    json.writeStartObject();
    json.writeStringField("scale", s.scale());
    json.writeNumberField("count", s.count());
    number(json, "mean", s.mean());
    number(json, "standard_deviation", s.standardDeviation());
    json.writeArrayFieldStart("distribution");
    for (Map.Entry<Double, Long> e : s.distribution().entrySet()) {
      json.writeStartObject();
      number(json, "value", e.getKey());
      json.writeNumberField("count", e.getValue());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeFieldName("nps");
    if (s.nps() == null) {
      json.writeNull();
    } else {
      json.writeStartObject();
      number(json, "score", s.nps().score());
      number(json, "promoters", s.nps().promoters());
      number(json, "passives", s.nps().passives());
      number(json, "detractors", s.nps().detractors());
      json.writeEndObject();
    }
    number(json, "csat", s.csat());
    number(json, "ces", s.ces());
    json.writeEndObject();
  }

  /** Figures per period. */
  public static void trend(JsonGenerator json, Trend t) throws IOException {
    json.writeStartObject();
    json.writeStringField("granularity", name(t.granularity()));
    zone(json, "zone", t.zone());
    json.writeArrayFieldStart("points");
    for (Trend.Point p : t.points()) {
      json.writeStartObject();
      json.writeStringField("period", p.period());
      instant(json, "start", p.start());
      instant(json, "end", p.end());
      json.writeFieldName("summary");
      summary(json, p.summary());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** Ranked groups. */
  public static void groups(JsonGenerator json, GroupReport g) throws IOException {
    json.writeStartObject();
    groupKey(json, "key", g.key());
    json.writeStringField("metric", name(g.metric()));
    json.writeNumberField("min_sample_size", g.minSampleSize());
    json.writeNumberField("groups", g.groups());
    json.writeNumberField("ranked", g.ranked());
    rows(json, "best", g.best());
    rows(json, "worst", g.worst());
    rows(json, "insufficient", g.insufficient());
    json.writeEndObject();
  }

  private static void rows(JsonGenerator json, String field, List<GroupReport.Row> rows)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (GroupReport.Row row : rows) {
      json.writeStartObject();
      json.writeStringField("key", row.key());
      json.writeNumberField("sample_size", row.sampleSize());
      number(json, "value", row.value());
      tested(json, row.interval(), row.pValue(), row.adjustedPValue());
      json.writeFieldName("summary");
      summary(json, row.summary());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** Two groups compared. */
  public static void comparison(JsonGenerator json, CohortComparison c) throws IOException {
    json.writeStartObject();
    groupKey(json, "key", c.key());
    json.writeStringField("a", c.a());
    json.writeStringField("b", c.b());
    number(json, "alpha", c.alpha());
    json.writeNumberField("min_sample_size", c.minSampleSize());
    json.writeStringField("adjustment", name(c.adjustment()));
    json.writeFieldName("summary_a");
    summary(json, c.summaryA());
    json.writeFieldName("summary_b");
    summary(json, c.summaryB());
    proportionTest(json, "satisfaction", c.satisfaction());
    json.writeArrayFieldStart("scores");
    for (CohortComparison.MeanTest t : c.scores()) {
      meanTest(json, t);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void proportionTest(
      JsonGenerator json, String field, CohortComparison.@Nullable ProportionTest p)
      throws IOException {
    json.writeFieldName(field);
    if (p == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    proportion(json, "a", p.a());
    proportion(json, "b", p.b());
    number(json, "difference", p.difference());
    json.writeStringField("method", p.method() == null ? null : name(p.method()));
    withheld(json, p.withheld());
    number(json, "z", p.z());
    number(json, "p_value", p.pValue());
    json.writeBooleanField("significant", p.significant());
    interval(json, "interval", p.interval());
    number(json, "adjusted_p_value", p.adjustedPValue());
    json.writeEndObject();
  }

  private static void meanTest(JsonGenerator json, CohortComparison.MeanTest t) throws IOException {
    json.writeStartObject();
    json.writeStringField("scale", t.scale());
    meanSample(json, "a", t.a());
    meanSample(json, "b", t.b());
    number(json, "difference", t.difference());
    withheld(json, t.withheld());
    number(json, "t", t.t());
    number(json, "degrees_of_freedom", t.degreesOfFreedom());
    number(json, "p_value", t.pValue());
    json.writeBooleanField("significant", t.significant());
    interval(json, "interval", t.interval());
    number(json, "adjusted_p_value", t.adjustedPValue());
    json.writeFieldName("nps");
    if (t.nps() == null) {
      json.writeNull();
    } else {
      meanTest(json, t.nps());
    }
    proportionTest(json, "csat", t.csat());
    json.writeEndObject();
  }

  private static void withheld(JsonGenerator json, CohortComparison.@Nullable Withheld withheld)
      throws IOException {
    json.writeStringField("withheld", withheld == null ? null : name(withheld));
  }

  private static void proportion(JsonGenerator json, String field, CohortComparison.Proportion p)
      throws IOException {
    json.writeObjectFieldStart(field);
    json.writeNumberField("successes", p.successes());
    json.writeNumberField("trials", p.trials());
    number(json, "percent", p.percent());
    json.writeEndObject();
  }

  private static void meanSample(JsonGenerator json, String field, CohortComparison.MeanSample s)
      throws IOException {
    json.writeObjectFieldStart(field);
    json.writeNumberField("count", s.count());
    number(json, "mean", s.mean());
    number(json, "standard_deviation", s.standardDeviation());
    json.writeEndObject();
  }

  /** Pairwise win rates. */
  public static void winRates(JsonGenerator json, WinRates w) throws IOException {
    json.writeStartObject();
    groupKey(json, "model_key", w.modelKey());
    number(json, "confidence", w.confidence());
    json.writeArrayFieldStart("models");
    for (WinRates.ModelRow m : w.models()) {
      json.writeStartObject();
      json.writeStringField("model", m.model());
      json.writeNumberField("comparisons", m.comparisons());
      json.writeNumberField("wins", m.wins());
      json.writeNumberField("losses", m.losses());
      json.writeNumberField("ties", m.ties());
      number(json, "win_rate", m.winRate());
      interval(json, "interval", m.interval());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("pairs");
    for (WinRates.PairRow p : w.pairs()) {
      json.writeStartObject();
      json.writeStringField("first", p.first());
      json.writeStringField("second", p.second());
      json.writeNumberField("comparisons", p.comparisons());
      json.writeNumberField("first_wins", p.firstWins());
      json.writeNumberField("second_wins", p.secondWins());
      json.writeNumberField("ties", p.ties());
      number(json, "first_win_rate", p.firstWinRate());
      interval(json, "interval", p.interval());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeNumberField("skipped", w.skipped());
    json.writeEndObject();
  }

  /** Problem patterns. */
  public static void problems(JsonGenerator json, ProblemReport p) throws IOException {
    json.writeStartObject();
    json.writeNumberField("down", p.down());
    json.writeNumberField("down_comments", p.downComments());
    terms(json, "terms", p.terms());
    terms(json, "phrases", p.phrases());
    json.writeFieldName("previous_period");
    if (p.previousPeriod() == null) {
      json.writeNull();
    } else {
      period(json, p.previousPeriod());
    }
    json.writeArrayFieldStart("rising");
    for (ProblemReport.RisingTerm t : p.rising()) {
      json.writeStartObject();
      json.writeStringField("term", t.term());
      json.writeNumberField("count", t.count());
      json.writeNumberField("previous_count", t.previousCount());
      number(json, "ratio", t.ratio());
      json.writeEndObject();
    }
    json.writeEndArray();
    hotspots(json, "messages", p.messages());
    hotspots(json, "tags", p.tags());
    json.writeArrayFieldStart("sentiment_by_day");
    for (ProblemReport.SentimentPoint s : p.sentimentByDay()) {
      json.writeStartObject();
      json.writeStringField("day", s.day());
      json.writeNumberField("count", s.count());
      number(json, "mean", s.mean());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void terms(JsonGenerator json, String field, List<TermCount> terms)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (TermCount t : terms) {
      json.writeStartObject();
      json.writeStringField("term", t.term());
      json.writeNumberField("count", t.count());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void hotspots(
      JsonGenerator json, String field, List<ProblemReport.Hotspot> hotspots) throws IOException {
    json.writeArrayFieldStart(field);
    for (ProblemReport.Hotspot h : hotspots) {
      json.writeStartObject();
      json.writeStringField("key", h.key());
      json.writeNumberField("down", h.down());
      json.writeNumberField("total", h.total());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void period(JsonGenerator json, ReportPeriod p) throws IOException {
    json.writeStartObject();
    json.writeStringField("label", p.label());
    instant(json, "start", p.start());
    instant(json, "end", p.end());
    json.writeEndObject();
  }

  private static void groupKey(JsonGenerator json, String field, GroupKey key) throws IOException {
    json.writeObjectFieldStart(field);
    json.writeStringField("kind", name(key.kind()));
    json.writeStringField("label", key.label());
    json.writeStringField("field", key.field());
    json.writeStringField(
        "granularity", key.granularity() == null ? null : name(key.granularity()));
    zone(json, "zone", key.zone());
    json.writeEndObject();
  }

  /** A figure's interval, its test's p-value and the p-value adjusted across the result. */
  private static void tested(
      JsonGenerator json,
      @Nullable ConfidenceInterval ci,
      @Nullable Double pValue,
      @Nullable Double adjustedPValue)
      throws IOException {
    interval(json, "interval", ci);
    number(json, "p_value", pValue);
    number(json, "adjusted_p_value", adjustedPValue);
  }

  private static void interval(JsonGenerator json, String field, @Nullable ConfidenceInterval ci)
      throws IOException {
    json.writeFieldName(field);
    if (ci == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    number(json, "level", ci.level());
    number(json, "lower", ci.lower());
    number(json, "upper", ci.upper());
    json.writeEndObject();
  }

  /** A figure: a JSON number, or null for no data (and for a value JSON cannot hold). */
  private static void number(JsonGenerator json, String field, @Nullable Double value)
      throws IOException {
    if (value == null || !Double.isFinite(value)) {
      json.writeNullField(field);
    } else {
      json.writeNumberField(field, value + 0.0); // -0.0 as 0.0
    }
  }

  private static void instant(JsonGenerator json, String field, @Nullable Instant at)
      throws IOException {
    json.writeStringField(field, at == null ? null : at.toString());
  }

  private static void zone(JsonGenerator json, String field, @Nullable ZoneId zone)
      throws IOException {
    json.writeStringField(field, zone == null ? null : zone.getId());
  }

  private static String name(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
