package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.internal.Checks;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Feedback figures per period of time: counts by rating, the satisfaction figures and every
 * other figure of a {@link FeedbackSummary}, per hour, day, ISO week, month or hour of day.
 *
 * <p>Periods are taken in the trend's zone, so an hourly series has 23 or 25 points on the
 * days clocks change there. By default ({@link Fill#DATA_ONLY}) only periods that hold
 * feedback are listed; with {@link Fill#EVERY_PERIOD} every period in the range is, so a
 * chart has one point per period. Feedback without a creation time is left out. Immutable
 * and thread-safe.
 *
 * @since 0.1.0
 */
public final class Trend {

  private final Granularity granularity;
  private final ZoneId zone;
  private final List<Point> points;

  private Trend(@Nullable Granularity granularity, @Nullable ZoneId zone, List<Point> points) {
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(zone, "zone");
    points = Checks.nonNullElements("points", points);
    this.granularity = granularity;
    this.zone = zone;
    this.points = points;
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this value's fields, to make a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The most points a trend with {@link Fill#EVERY_PERIOD} lists: {@value}. */
  public static final int MAX_FILLED_POINTS = 100_000;

  /**
   * Which periods a trend lists.
   *
   * <p>Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Fill {
    /** Only the periods that hold feedback. */
    DATA_ONLY,
    /**
     * Every period from the one holding the query's {@code since} to the one holding the
     * last instant before its {@code until}; an open end is taken from the data, the first
     * or the last period with feedback (no data and an open end: only the periods with
     * feedback, none). For {@link Granularity#HOUR_OF_DAY} every hour, 00 to 23. A period
     * without feedback has zero counts and {@code null} for every figure that needs data
     * (see {@link FeedbackSummary}), never 0%.
     */
    EVERY_PERIOD
  }

  /**
   * The figures of one period.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Point {

    private final String period;
    private final @Nullable Instant start;
    private final @Nullable Instant end;
    private final FeedbackSummary summary;

    private Point(
        @Nullable String period,
        @Nullable Instant start,
        @Nullable Instant end,
        @Nullable FeedbackSummary summary) {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(summary, "summary");
      this.period = period;
      this.start = start;
      this.end = end;
      this.summary = summary;
    }

    /**
     * A builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * A builder holding this value's fields, to make a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /**
     * The period's key, as {@link Granularity} describes it.
     *
     * @return the period
     */
    public String period() {
      return period;
    }

    /**
     * The first instant of the period; {@code null} for an hour of day.
     *
     * @return the start
     */
    public @Nullable Instant start() {
      return start;
    }

    /**
     * The first instant after the period (a day across a change to daylight saving time is 23 hours
     * long); {@code null} for an hour of day.
     *
     * @return the end
     */
    public @Nullable Instant end() {
      return end;
    }

    /**
     * The period's figures.
     *
     * @return the summary
     */
    public FeedbackSummary summary() {
      return summary;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Point o
          && Objects.equals(period, o.period)
          && Objects.equals(start, o.start)
          && Objects.equals(end, o.end)
          && Objects.equals(summary, o.summary);
    }

    @Override
    public int hashCode() {
      return Objects.hash(period, start, end, summary);
    }

    @Override
    public String toString() {
      return "Point[period="
          + period
          + ", start="
          + start
          + ", end="
          + end
          + ", summary="
          + summary
          + "]";
    }

    /**
     * Builds a {@link Point}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String period;
      private @Nullable Instant start;
      private @Nullable Instant end;
      private @Nullable FeedbackSummary summary;

      private Builder() {}

      private Builder(Point from) {
        this.period = from.period;
        this.start = from.start;
        this.end = from.end;
        this.summary = from.summary;
      }

      /**
       * Sets the {@code period}: the period's key, as {@link Granularity} describes it.
       *
       * @param period the value
       * @return this builder
       */
      public Builder period(String period) {
        this.period = period;
        return this;
      }

      /**
       * Sets the {@code start}: the first instant of the period; {@code null} for an hour of day.
       *
       * @param start the value
       * @return this builder
       */
      public Builder start(@Nullable Instant start) {
        this.start = start;
        return this;
      }

      /**
       * Sets the {@code end}: the first instant after the period (a day across a change to daylight
       * saving time is 23 hours long); {@code null} for an hour of day.
       *
       * @param end the value
       * @return this builder
       */
      public Builder end(@Nullable Instant end) {
        this.end = end;
        return this;
      }

      /**
       * Sets the {@code summary}: the period's figures.
       *
       * @param summary the value
       * @return this builder
       */
      public Builder summary(FeedbackSummary summary) {
        this.summary = summary;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the point
       * @throws NullPointerException naming {@code period} or {@code summary}
       */
      public Point build() {
        return new Point(period, start, end, summary);
      }
    }
  }

  /**
   * The period length.
   *
   * @return the granularity
   */
  public Granularity granularity() {
    return granularity;
  }

  /**
   * The time zone of the period boundaries.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * One per period, in time order (for {@link Granularity#HOUR_OF_DAY}, hour order).
   *
   * @return the points
   */
  public List<Point> points() {
    return points;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Trend o
        && Objects.equals(granularity, o.granularity)
        && Objects.equals(zone, o.zone)
        && Objects.equals(points, o.points);
  }

  @Override
  public int hashCode() {
    return Objects.hash(granularity, zone, points);
  }

  @Override
  public String toString() {
    return "Trend[granularity=" + granularity + ", zone=" + zone + ", points=" + points + "]";
  }

  /**
   * Builds a {@link Trend}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Granularity granularity;
    private @Nullable ZoneId zone;
    private List<Point> points = List.of();

    private Builder() {}

    private Builder(Trend from) {
      this.granularity = from.granularity;
      this.zone = from.zone;
      this.points = from.points;
    }

    /**
     * Sets the {@code granularity}: the period length.
     *
     * @param granularity the value
     * @return this builder
     */
    public Builder granularity(Granularity granularity) {
      this.granularity = granularity;
      return this;
    }

    /**
     * Sets the {@code zone}: the time zone of the period boundaries.
     *
     * @param zone the value
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Sets the {@code points}: one per period, in time order (for {@link Granularity#HOUR_OF_DAY},
     * hour order).
     *
     * @param points the value
     * @return this builder
     */
    public Builder points(List<Point> points) {
      this.points = points;
      return this;
    }

    /**
     * Builds the value, checking and copying the fields.
     *
     * @return the trend
     * @throws NullPointerException naming a missing component or point
     */
    public Trend build() {
      return new Trend(granularity, zone, points);
    }
  }
}
