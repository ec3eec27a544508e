package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.analytics.CohortComparison;
import io.github.agentfeedback.analytics.CompareOptions;
import io.github.agentfeedback.analytics.WindowComparison;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Raises when satisfaction, the positive rate or the NPS over a window is below a threshold
 * <em>and</em> significantly below the previous window of the same length, overall or per
 * group (a model, a metadata value such as a persona or an A/B variant).
 *
 * <pre>{@code
 * FigureDropRule drop = FigureDropRule.builder()
 *     .name("satisfaction_drop_by_model").figure(FigureDropRule.Figure.SATISFACTION)
 *     .below(70).window(Duration.ofDays(7)).groupBy(GroupKey.model())
 *     .severity(Severity.HIGH).build();
 * }</pre>
 *
 * <h2>When it raises</h2>
 *
 * At {@code now}, the current window is {@code [now − window, now)} and the previous one the
 * same length before it. For each subject ({@code overall}, or each group with feedback in
 * the current window, named {@code model:gpt-4o}, {@code variant:B}), the two windows are
 * compared as two cohorts ({@link WindowComparison}, previous first): satisfaction by the
 * score test or Fisher's exact test for small expected counts, with session-clustered
 * standard errors when sessions hold several votes (as {@link CompareOptions#standardErrors()}
 * chooses); the positive rate by the same proportion test with neutral ratings counted as not
 * positive; the NPS by Welch's test of the recoded values +100, 0, −100. A test needs {@link
 * CompareOptions#minSampleSize()} observations in each window (default here 30), else it is
 * withheld and nothing is raised. The p-values (two-sided) of the tested subjects are adjusted
 * together with {@link CompareOptions#adjustment()} (Holm by default), so that with twenty
 * models a chance dip in one does not page anyone. The rule raises for a subject whose current
 * value is below the threshold, lower than the previous value, and whose adjusted p-value is
 * below {@link CompareOptions#alpha()}.
 *
 * <p>The escalation (type {@link Figure#type()} unless set) carries the figures {@code
 * current}, {@code previous}, {@code difference} (points), {@code threshold}, {@code n} and
 * {@code previous_n} (the tests' samples), {@code p_value}, {@code adjusted_p_value}, {@code
 * alpha}, {@code interval_low} and {@code interval_high} (the difference's interval at level 1
 * − α), and lists the group ({@code model=gpt-4o}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FigureDropRule implements WindowRule {

  /** The figures the rule watches. Enum constants are immutable and thread-safe. */
  public enum Figure {
    /** Up of up + down, in percent. */
    SATISFACTION("satisfaction_drop"),
    /** Up of rated (up, down, neutral), in percent. */
    POSITIVE_RATE("positive_rate_drop"),
    /** The net promoter score of an NPS scale, −100 to 100. */
    NPS("nps_drop");

    private final String type;

    Figure(String type) {
      this.type = type;
    }

    /**
     * The escalation type the rule raises unless {@link Builder#type} sets another.
     *
     * @return the type, such as {@code "satisfaction_drop"}
     */
    public String type() {
      return type;
    }
  }

  private final String name;
  private final Figure figure;
  private final double below;
  private final Duration window;
  private final @Nullable GroupKey groupBy;
  private final FeedbackQuery filter;
  private final CompareOptions options;
  private final Severity severity;
  private final String type;
  private final String npsScale;

  private FigureDropRule(Builder b) {
    this.name = Windows.name(b.name);
    this.figure = Objects.requireNonNull(b.figure, "figure");
    if (b.below == null || !Double.isFinite(b.below)) {
      throw new IllegalArgumentException("below must be set to a finite threshold, was " + b.below);
    }
    this.below = b.below;
    this.window = Windows.window(Objects.requireNonNull(b.window, "window"));
    this.groupBy = Windows.grouping(b.groupBy);
    this.filter = b.filter;
    this.options = b.options;
    this.severity = b.severity;
    this.type = b.type != null ? Windows.type(b.type) : figure.type();
    this.npsScale = b.npsScale;
  }

  /**
   * A builder; {@code name}, {@code figure}, {@code below} and {@code window} are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Escalation> evaluate(WindowContext context) {
    List<Windows.Subject> subjects = Windows.subjects(context, filter, window, groupBy);
    List<Tested> tested = new ArrayList<>();
    List<@Nullable Double> pValues = new ArrayList<>();
    for (Windows.Subject s : subjects) {
      WindowComparison c =
          WindowComparison.of(s.previous(), s.current(), options, context.scaleFigures());
      Tested t = test(s, c);
      if (t != null) {
        tested.add(t);
        pValues.add(t.pValue);
      }
    }
    List<@Nullable Double> adjusted = WindowComparison.adjust(pValues, options.adjustment());
    List<Escalation> raised = new ArrayList<>();
    for (int i = 0; i < tested.size(); i++) {
      Tested t = tested.get(i);
      double p = Objects.requireNonNull(adjusted.get(i));
      if (t.current < below && t.difference < 0 && p < options.alpha()) {
        raised.add(
            t.subject
                .escalation(type, severity, name, context.now())
                .figure("current", t.current)
                .figure("previous", t.previous)
                .figure("difference", t.difference)
                .figure("threshold", below)
                .figure("n", t.n)
                .figure("previous_n", t.previousN)
                .figure("p_value", t.pValue)
                .figure("adjusted_p_value", p)
                .figure("alpha", options.alpha())
                .figure("interval_low", t.low)
                .figure("interval_high", t.high)
                .build());
      }
    }
    return raised;
  }

  /** A subject whose figure was tested. */
  private record Tested(
      Windows.Subject subject,
      double current,
      double previous,
      double difference,
      double n,
      double previousN,
      double pValue,
      double low,
      double high) {}

  /** The subject's test of the figure, or null when it was withheld. */
  private @Nullable Tested test(Windows.Subject s, WindowComparison c) {
    if (figure == Figure.NPS) {
      CohortComparison.MeanTest t = c.nps(npsScale);
      if (t == null || t.pValue() == null || t.interval() == null) {
        return null;
      }
      return new Tested(
          s,
          Objects.requireNonNull(t.b().mean()),
          Objects.requireNonNull(t.a().mean()),
          t.difference(),
          t.b().count(),
          t.a().count(),
          Objects.requireNonNull(t.pValue()),
          Objects.requireNonNull(t.interval()).lower(),
          Objects.requireNonNull(t.interval()).upper());
    }
    CohortComparison.ProportionTest t =
        figure == Figure.SATISFACTION ? c.satisfaction() : c.positiveRate();
    if (t.pValue() == null || t.interval() == null || t.difference() == null) {
      return null;
    }
    return new Tested(
        s,
        Objects.requireNonNull(t.b().percent()),
        Objects.requireNonNull(t.a().percent()),
        Objects.requireNonNull(t.difference()),
        t.b().trials(),
        t.a().trials(),
        Objects.requireNonNull(t.pValue()),
        Objects.requireNonNull(t.interval()).lower(),
        Objects.requireNonNull(t.interval()).upper());
  }

  @Override
  public String toString() {
    return "FigureDropRule["
        + name
        + ": "
        + figure
        + " below "
        + below
        + " over "
        + window
        + (groupBy == null ? "" : " by " + groupBy)
        + "]";
  }

  /**
   * Configures a {@link FigureDropRule}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable Figure figure;
    private @Nullable Double below;
    private @Nullable Duration window;
    private @Nullable GroupKey groupBy;
    private FeedbackQuery filter = FeedbackQuery.all();
    private CompareOptions options = CompareOptions.builder().minSampleSize(30).build();
    private Severity severity = Severity.HIGH;
    private @Nullable String type;
    private String npsScale = Scale.NPS.name();

    private Builder() {}

    /**
     * The rule's name, the escalations' rule. Required.
     *
     * @param name non-blank, at most 256 chars
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The figure to watch. Required.
     *
     * @param figure the figure
     * @return this builder
     */
    public Builder figure(Figure figure) {
      this.figure = Objects.requireNonNull(figure, "figure");
      return this;
    }

    /**
     * The threshold: the rule raises only while the current value is below it. Required.
     *
     * @param threshold percent for satisfaction and the positive rate, NPS points for NPS
     * @return this builder
     */
    public Builder below(double threshold) {
      this.below = threshold;
      return this;
    }

    /**
     * The length of each of the two windows compared. Required.
     *
     * @param window at least one second
     * @return this builder
     */
    public Builder window(Duration window) {
      this.window = window;
      return this;
    }

    /**
     * Watches each group of a key (model, a metadata field) instead of all the feedback.
     *
     * @param key the grouping, not a period; {@code null} for overall (the default)
     * @return this builder
     */
    public Builder groupBy(@Nullable GroupKey key) {
      this.groupBy = key;
      return this;
    }

    /**
     * Watches only the feedback a query selects (its time bounds are replaced by the
     * windows'); all feedback unless set.
     *
     * @param filter the query
     * @return this builder
     */
    public Builder filter(FeedbackQuery filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * The significance level, the minimum sample per window, the adjustment over subjects
     * and the standard errors; α 0.05, 30 per window, Holm, {@code AUTO} unless set.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(CompareOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * The severity of what it raises; {@link Severity#HIGH} unless set.
     *
     * @param severity the severity
     * @return this builder
     */
    public Builder severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /**
     * The type of what it raises; {@link Figure#type()} unless set.
     *
     * @param type non-blank
     * @return this builder
     */
    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /**
     * The scale whose NPS {@link Figure#NPS} watches; {@code "nps"} unless set. The scale
     * must be read as NPS ({@link io.github.agentfeedback.analytics.ScaleFigures}).
     *
     * @param scale the scale's name
     * @return this builder
     */
    public Builder npsScale(String scale) {
      this.npsScale = Objects.requireNonNull(scale, "scale");
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     * @throws NullPointerException naming {@code name}, {@code figure} or {@code window} if
     *     not set
     * @throws IllegalArgumentException naming {@code name}, {@code below}, {@code window},
     *     {@code groupBy} or {@code type} if invalid
     */
    public FigureDropRule build() {
      return new FigureDropRule(this);
    }
  }
}
