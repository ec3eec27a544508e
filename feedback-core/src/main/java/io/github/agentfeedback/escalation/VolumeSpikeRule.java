package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Raises when the feedback of a window is up by a factor against the previous window of the
 * same length, overall or per group: at {@code now}, with c feedbacks in {@code [now − window,
 * now)} and p in the window before, it raises when c ≥ {@link Builder#minCount} and c ≥
 * factor · p. A group that had no feedback in the previous window raises once it reaches the
 * minimum count.
 *
 * <pre>{@code
 * VolumeSpikeRule spike = VolumeSpikeRule.builder().name("volume_spike")
 *     .factor(3).window(Duration.ofHours(1)).minCount(50).build();
 * }</pre>
 *
 * <p>The escalation (type {@code "volume_spike"} unless set, severity {@link Severity#MEDIUM}
 * unless set) carries the figures {@code current}, {@code previous}, {@code factor}, {@code
 * min_count} and, when the previous window had feedback, {@code ratio} (current / previous).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class VolumeSpikeRule implements WindowRule {

  private final String name;
  private final double factor;
  private final Duration window;
  private final long minCount;
  private final @Nullable GroupKey groupBy;
  private final FeedbackQuery filter;
  private final Severity severity;
  private final String type;

  private VolumeSpikeRule(Builder b) {
    this.name = Windows.name(b.name);
    if (b.factor == null || !(b.factor > 1) || Double.isInfinite(b.factor)) {
      throw new IllegalArgumentException("factor must be set above 1, was " + b.factor);
    }
    this.factor = b.factor;
    this.window = Windows.window(Objects.requireNonNull(b.window, "window"));
    this.minCount = b.minCount;
    this.groupBy = Windows.grouping(b.groupBy);
    this.filter = b.filter;
    this.severity = b.severity;
    this.type = Windows.type(b.type);
  }

  /**
   * A builder; {@code name}, {@code factor} and {@code window} are required.
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
    List<Escalation> raised = new ArrayList<>();
    for (Windows.Subject s : Windows.subjects(context, filter, window, groupBy)) {
      long current = s.current().total();
      long previous = s.previous().total();
      if (current >= minCount && current >= factor * previous) {
        Escalation.Builder e =
            s.escalation(type, severity, name, context.now())
                .figure("current", (double) current)
                .figure("previous", (double) previous)
                .figure("factor", factor)
                .figure("min_count", (double) minCount);
        if (previous > 0) {
          e.figure("ratio", (double) current / previous);
        }
        raised.add(e.build());
      }
    }
    return raised;
  }

  @Override
  public String toString() {
    return "VolumeSpikeRule["
        + name
        + ": x"
        + factor
        + " over "
        + window
        + (groupBy == null ? "" : " by " + groupBy)
        + "]";
  }

  /**
   * Configures a {@link VolumeSpikeRule}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable Double factor;
    private @Nullable Duration window;
    private long minCount = 20;
    private @Nullable GroupKey groupBy;
    private FeedbackQuery filter = FeedbackQuery.all();
    private Severity severity = Severity.MEDIUM;
    private String type = "volume_spike";

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
     * How many times the previous window's volume the current one must reach. Required.
     *
     * @param factor above 1
     * @return this builder
     */
    public Builder factor(double factor) {
      this.factor = factor;
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
     * The fewest feedbacks in the current window for a spike; 20 unless set.
     *
     * @param minCount at least 1
     * @return this builder
     * @throws IllegalArgumentException naming {@code minCount} if below 1
     */
    public Builder minCount(long minCount) {
      if (minCount < 1) {
        throw new IllegalArgumentException("minCount must be at least 1, was " + minCount);
      }
      this.minCount = minCount;
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
     * Counts only the feedback a query selects (its time bounds are replaced by the
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
     * The severity of what it raises; {@link Severity#MEDIUM} unless set.
     *
     * @param severity the severity
     * @return this builder
     */
    public Builder severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /**
     * The type of what it raises; {@code "volume_spike"} unless set.
     *
     * @param type non-blank
     * @return this builder
     */
    public Builder type(String type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     * @throws NullPointerException naming {@code name} or {@code window} if not set
     * @throws IllegalArgumentException naming {@code name}, {@code factor}, {@code window},
     *     {@code groupBy} or {@code type} if invalid
     */
    public VolumeSpikeRule build() {
      return new VolumeSpikeRule(this);
    }
  }
}
