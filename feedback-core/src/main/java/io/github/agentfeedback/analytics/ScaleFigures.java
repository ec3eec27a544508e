package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Scale;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Which score scales get Net Promoter, CSAT or customer-effort figures in a
 * {@link FeedbackSummary.ScaleScores}. A stored score carries its scale's name and bounds,
 * never what the scale measures, so the caller declares it here, for the analytics
 * ({@link FeedbackAnalytics#withScaleFigures(ScaleFigures)}), and the figures follow for
 * every store alike.
 *
 * <p>{@link #defaults()} reads the built-in scales {@link Scale#NPS}, {@link Scale#CSAT} and
 * {@link Scale#CES} by their kind; declare more, for example five-star ratings read as
 * CSAT:
 *
 * <pre>{@code
 * FeedbackAnalytics analytics = manager.analytics()
 *     .withScaleFigures(ScaleFigures.defaults().csat(Scale.STARS_5));
 * }</pre>
 *
 * <p>Scales are matched by name, as scores are stored. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ScaleFigures {

  /**
   * The figures a scale's scores give besides count, mean, standard deviation and
   * distribution.
   *
   * <p>Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /**
     * Net Promoter figures ({@link FeedbackSummary.Nps}), on a 0–10 scale: promoters score 9
     * or 10, detractors 6 or less.
     */
    NPS,
    /**
     * Customer satisfaction ({@link FeedbackSummary.ScaleScores#csat()}): the percentage of
     * scores in the scale's top two points, at least {@code max − 1} (4 or 5 of 1–5).
     */
    CSAT,
    /** Customer effort ({@link FeedbackSummary.ScaleScores#ces()}): the mean score. */
    CES
  }

  private static final ScaleFigures DEFAULTS =
      new ScaleFigures(Map.of()).nps(Scale.NPS).csat(Scale.CSAT).ces(Scale.CES);

  private final Map<String, Declared> byName;

  private record Declared(Kind kind, Scale scale) {}

  private ScaleFigures(Map<String, Declared> byName) {
    this.byName = byName;
  }

  /**
   * The built-in declarations: {@code "nps"} as {@link Kind#NPS}, {@code "csat"} as
   * {@link Kind#CSAT}, {@code "ces"} as {@link Kind#CES}.
   *
   * @return the defaults
   */
  public static ScaleFigures defaults() {
    return DEFAULTS;
  }

  /**
   * No scale gets NPS, CSAT or CES figures.
   *
   * @return declarations with no scale
   */
  public static ScaleFigures none() {
    return new ScaleFigures(Map.of());
  }

  /**
   * A copy that reads a scale's scores as Net Promoter scores.
   *
   * @param scale a scale from 0 to 10
   * @return the copy; a declaration of the same scale name is replaced
   * @throws IllegalArgumentException naming the scale unless its bounds are 0 and 10
   */
  public ScaleFigures nps(Scale scale) {
    Objects.requireNonNull(scale, "scale");
    if (scale.min() != 0 || scale.max() != 10) {
      throw new IllegalArgumentException(
          "an NPS scale must run from 0 to 10; scale '"
              + scale.name()
              + "' runs from "
              + scale.min()
              + " to "
              + scale.max());
    }
    return with(Kind.NPS, scale);
  }

  /**
   * A copy that reads a scale's scores as customer satisfaction (CSAT): the percentage of
   * scores of at least {@code max − 1}.
   *
   * @param scale a scale of whole-number bounds at least 2 apart, such as
   *     {@link Scale#STARS_5}
   * @return the copy; a declaration of the same scale name is replaced
   * @throws IllegalArgumentException naming the scale if its bounds are not whole numbers
   *     or less than 2 apart
   */
  public ScaleFigures csat(Scale scale) {
    Objects.requireNonNull(scale, "scale");
    if (scale.min() != Math.rint(scale.min())
        || scale.max() != Math.rint(scale.max())
        || scale.max() - scale.min() < 2) {
      throw new IllegalArgumentException(
          "a CSAT scale needs whole-number bounds at least 2 "
              + "apart; scale '"
              + scale.name()
              + "' runs from "
              + scale.min()
              + " to "
              + scale.max());
    }
    return with(Kind.CSAT, scale);
  }

  /**
   * A copy that reads a scale's scores as customer effort (CES): the mean score.
   *
   * @param scale the scale
   * @return the copy; a declaration of the same scale name is replaced
   */
  public ScaleFigures ces(Scale scale) {
    return with(Kind.CES, Objects.requireNonNull(scale, "scale"));
  }

  /**
   * What a scale's scores are read as.
   *
   * @param scaleName the scale's stored name
   * @return the kind, or {@code null} when the scale gets none of these figures
   */
  public @Nullable Kind kind(String scaleName) {
    Declared d = byName.get(scaleName);
    return d == null ? null : d.kind();
  }

  /**
   * The lowest score counted as satisfied on a scale declared {@link Kind#CSAT}.
   *
   * @param scaleName the scale's stored name
   * @return {@code max − 1} of the declared scale
   * @throws IllegalArgumentException if the scale is not declared CSAT
   */
  public double csatThreshold(String scaleName) {
    Declared d = byName.get(scaleName);
    if (d == null || d.kind() != Kind.CSAT) {
      throw new IllegalArgumentException("scale '" + scaleName + "' is not declared CSAT");
    }
    return d.scale().max() - 1;
  }

  private ScaleFigures with(Kind kind, Scale scale) {
    TreeMap<String, Declared> copy = new TreeMap<>(byName);
    copy.put(scale.name(), new Declared(kind, scale));
    return new ScaleFigures(Collections.unmodifiableMap(copy));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScaleFigures s && byName.equals(s.byName);
  }

  @Override
  public int hashCode() {
    return byName.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ScaleFigures[");
    byName.forEach(
        (name, d) ->
            b.append(b.length() > 13 ? ", " : "").append(name).append('=').append(d.kind()));
    return b.append(']').toString();
  }
}
