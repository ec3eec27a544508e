package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.SessionFeedback;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Raises when the share of feedback with negative sentiment over a window is above a
 * threshold: of the feedback in {@code [now − window, now)} whose sentiment attribute (by
 * default {@code "sentiment"}, as the hooks module's sentiment hook writes it) is a finite
 * number from −1 to 1, the share below {@link Builder#negativeBelow} (default 0: strictly
 * negative), in percent; raised when at least {@link Builder#minCount} feedbacks have a
 * sentiment and the share is above the threshold.
 *
 * <pre>{@code
 * NegativeSentimentRule sour = NegativeSentimentRule.builder().name("negative_sentiment")
 *     .above(40).window(Duration.ofHours(6)).build();
 * }</pre>
 *
 * <p>The stores sum sentiment values but do not count them by sign, so this rule reads the
 * window's feedback through {@link io.github.agentfeedback.spi.FeedbackStore#stream} (lazily,
 * in constant memory) rather than the aggregated analytics: its cost grows with the feedback
 * of one window. It watches all the selected feedback ({@link Builder#filter} selects a model
 * or a metadata value), with subject {@code overall}.
 *
 * <p>The escalation (type {@code "negative_sentiment"} unless set, severity {@link
 * Severity#MEDIUM} unless set) carries the figures {@code share} (percent), {@code negative},
 * {@code n} (feedbacks with a sentiment), {@code threshold} and {@code negative_below}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class NegativeSentimentRule implements WindowRule {

  private final String name;
  private final double above;
  private final Duration window;
  private final long minCount;
  private final double negativeBelow;
  private final FeedbackQuery filter;
  private final Severity severity;
  private final String type;

  private NegativeSentimentRule(Builder b) {
    this.name = Windows.name(b.name);
    if (b.above == null || !(b.above >= 0 && b.above < 100)) {
      throw new IllegalArgumentException(
          "above must be set to a percentage in [0, 100), was " + b.above);
    }
    this.above = b.above;
    this.window = Windows.window(Objects.requireNonNull(b.window, "window"));
    this.minCount = b.minCount;
    this.negativeBelow = b.negativeBelow;
    this.filter = b.filter;
    this.severity = b.severity;
    this.type = Windows.type(b.type);
  }

  /**
   * A builder; {@code name}, {@code above} and {@code window} are required.
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
    Instant now = context.now();
    FeedbackQuery query = filter.toBuilder().since(now.minus(window)).until(now).build();
    String attribute = context.sentimentAttribute();
    long n = 0;
    long negative = 0;
    try (Stream<SessionFeedback> feedback = context.store().stream(query)) {
      Iterator<SessionFeedback> it = feedback.iterator();
      while (it.hasNext()) {
        Object value = it.next().feedback().attributes().get(attribute);
        if (value instanceof Number number) {
          double v = number.doubleValue();
          if (v >= -1 && v <= 1) {
            n++;
            if (v < negativeBelow) {
              negative++;
            }
          }
        }
      }
    }
    if (n < minCount) {
      return List.of();
    }
    double share = 100.0 * negative / n;
    if (!(share > above)) {
      return List.of();
    }
    return List.of(
        Escalation.builder()
            .type(type)
            .severity(severity)
            .rule(name)
            .subject(Windows.OVERALL)
            .raisedAt(now)
            .figure("share", share)
            .figure("negative", (double) negative)
            .figure("n", (double) n)
            .figure("threshold", above)
            .figure("negative_below", negativeBelow)
            .build());
  }

  @Override
  public String toString() {
    return "NegativeSentimentRule[" + name + ": above " + above + "% over " + window + "]";
  }

  /**
   * Configures a {@link NegativeSentimentRule}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable Double above;
    private @Nullable Duration window;
    private long minCount = 20;
    private double negativeBelow = 0;
    private FeedbackQuery filter = FeedbackQuery.all();
    private Severity severity = Severity.MEDIUM;
    private String type = "negative_sentiment";

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
     * The threshold: the rule raises while the share of negative sentiment is above it.
     * Required.
     *
     * @param percent from 0 (inclusive) to 100 (exclusive)
     * @return this builder
     */
    public Builder above(double percent) {
      this.above = percent;
      return this;
    }

    /**
     * The length of the window. Required.
     *
     * @param window at least one second
     * @return this builder
     */
    public Builder window(Duration window) {
      this.window = window;
      return this;
    }

    /**
     * The fewest feedbacks with a sentiment for the share to count; 20 unless set.
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
     * A sentiment below this value is negative; 0 unless set.
     *
     * @param value from −1 (exclusive) to 1 (inclusive)
     * @return this builder
     * @throws IllegalArgumentException naming {@code negativeBelow} if out of range
     */
    public Builder negativeBelow(double value) {
      if (!(value > -1 && value <= 1)) {
        throw new IllegalArgumentException("negativeBelow must be in (-1, 1], was " + value);
      }
      this.negativeBelow = value;
      return this;
    }

    /**
     * Reads only the feedback a query selects (its time bounds are replaced by the window's);
     * all feedback unless set.
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
     * The type of what it raises; {@code "negative_sentiment"} unless set.
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
     * @throws IllegalArgumentException naming {@code name}, {@code above}, {@code window} or
     *     {@code type} if invalid
     */
    public NegativeSentimentRule build() {
      return new NegativeSentimentRule(this);
    }
  }
}
