package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.ScaleFigures;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spi.Tally;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WindowRule} reads in one run of a {@link WindowCheck}: the time of the run,
 * the feedback store and its analytics, and the stores' sums of a window ({@link #tallies}),
 * asked for once per run however many rules read the same window.
 *
 * <p>Not thread-safe: a check makes one per run and evaluates its rules one after another.
 *
 * @since 0.1.0
 */
public final class WindowContext {

  private final Instant now;
  private final FeedbackStore store;
  private final ScaleFigures scaleFigures;
  private final String sentimentAttribute;
  private final Map<List<Object>, Tallies> asked = new HashMap<>();

  private WindowContext(
      Instant now, FeedbackStore store, ScaleFigures scaleFigures, String sentimentAttribute) {
    this.now = Objects.requireNonNull(now, "now");
    this.store = Objects.requireNonNull(store, "store");
    this.scaleFigures = Objects.requireNonNull(scaleFigures, "scaleFigures");
    this.sentimentAttribute = Objects.requireNonNull(sentimentAttribute, "sentimentAttribute");
  }

  /**
   * A context for a run at {@code now}.
   *
   * @param now the time of the run
   * @param store the feedback store
   * @param scaleFigures which scales are read as NPS and CSAT
   * @param sentimentAttribute the attribute holding each feedback's sentiment (−1 to 1)
   * @return the context
   */
  public static WindowContext of(
      Instant now, FeedbackStore store, ScaleFigures scaleFigures, String sentimentAttribute) {
    return new WindowContext(now, store, scaleFigures, sentimentAttribute);
  }

  /**
   * A context for a run at {@code now} with the default scale declarations and sentiment
   * attribute.
   *
   * @param now the time of the run
   * @param store the feedback store
   * @return the context
   */
  public static WindowContext of(Instant now, FeedbackStore store) {
    return of(now, store, ScaleFigures.defaults(), AnalyticsRequest.DEFAULT_SENTIMENT_ATTRIBUTE);
  }

  /**
   * The time of the run: current windows end here (exclusive).
   *
   * @return the instant
   */
  public Instant now() {
    return now;
  }

  /**
   * The feedback store.
   *
   * @return the store
   */
  public FeedbackStore store() {
    return store;
  }

  /**
   * The analytics over the store, with this context's scale declarations and sentiment
   * attribute.
   *
   * @return the analytics
   */
  public FeedbackAnalytics analytics() {
    return FeedbackAnalytics.of(store)
        .withScaleFigures(scaleFigures)
        .withSentimentAttribute(sentimentAttribute);
  }

  /**
   * Which scales are read as NPS and CSAT.
   *
   * @return the declarations
   */
  public ScaleFigures scaleFigures() {
    return scaleFigures;
  }

  /**
   * The attribute holding each feedback's sentiment.
   *
   * @return the attribute's key
   */
  public String sentimentAttribute() {
    return sentimentAttribute;
  }

  /**
   * The stores' sums of the feedback a filter selects in {@code [since, until)}, in total and
   * per group, with the session sums that session-clustered standard errors need: one {@link
   * FeedbackStore#analyze} call, made once per run for the same arguments.
   *
   * @param filter the feedback to read; its own time bounds are replaced
   * @param since the window's start (inclusive)
   * @param until the window's end (exclusive)
   * @param key what to group by, or {@code null} for the total only
   * @return the sums
   * @throws io.github.agentfeedback.FeedbackStoreException if the store fails
   */
  public Tallies tallies(
      FeedbackQuery filter, Instant since, Instant until, @Nullable GroupKey key) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    List<Object> question =
        Arrays.asList(filter, since, until, key == null ? "total" : (Object) key);
    Tallies known = asked.get(question);
    if (known != null) {
      return known;
    }
    AnalyticsRequest.Builder request =
        AnalyticsRequest.builder(filter.toBuilder().since(since).until(until).build())
            .sentimentAttribute(sentimentAttribute)
            .sessionSums(true);
    if (key != null) {
      request.breakdown(Breakdown.of(key));
    }
    AnalyticsResult result = store.analyze(request.build());
    Map<String, Tally> groups = new TreeMap<>();
    if (key != null) {
      for (AnalyticsResult.Bucket b : result.breakdowns().get(0).buckets()) {
        String value = b.key();
        if (value != null) {
          groups.put(value, b.tally());
        }
      }
    }
    Tallies tallies = new Tallies(result.total(), groups);
    asked.put(question, tallies);
    return tallies;
  }

  @Override
  public String toString() {
    return "WindowContext[now=" + now + ", store=" + store + "]";
  }

  /**
   * The sums of a window.
   *
   * <p>Immutable and thread-safe.
   *
   * @param total the sums of all the selected feedback
   * @param groups the sums per group value, in key order; feedback without a value for the
   *     grouping is in the total only; empty when there was no grouping
   * @since 0.1.0
   */
  public record Tallies(Tally total, Map<String, Tally> groups) {

    /**
     * Checks and copies the values.
     *
     * @throws NullPointerException if a value is null
     */
    public Tallies {
      Objects.requireNonNull(total, "total");
      groups = java.util.Collections.unmodifiableMap(new TreeMap<>(groups));
    }

    /**
     * The sums of one group.
     *
     * @param value the group's value
     * @return its sums, empty when the window has no feedback in it
     */
    public Tally group(String value) {
      Tally t = groups.get(value);
      return t == null ? Tally.empty() : t;
    }
  }
}
