package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.internal.BoundedMap;
import io.github.agentfeedback.hooks.internal.Text;
import io.github.agentfeedback.spi.Tally;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live counters over the feedback that was stored: totals by rating, comment lengths, counts
 * by hour of day (from the injected {@link Clock}, in its time zone) and per session.
 *
 * <pre>{@code
 * AnalyticsHook analytics = AnalyticsHook.defaults();
 * // ... pass it to the manager, then:
 * Double satisfaction = analytics.satisfaction();     // null until something was rated
 * AnalyticsSnapshot figures = analytics.snapshot();
 * long down = figures.ratings().down();
 * }</pre>
 *
 * <p>The figures have the names and definitions of the stored figures: they are
 * {@link FeedbackSummary.Ratings} and {@link FeedbackSummary.Comments}, derived with
 * {@link FeedbackSummary#of} from the same sums that {@link FeedbackAnalytics#summary}
 * derives them from. Fed the same new feedback, the hook and
 * {@code manager.analytics().summary(FeedbackQuery.all())} report equal rating and comment
 * figures (and equal figures per session, while the session is tracked).
 *
 * <p>Counts only new feedback: an {@link FeedbackAction#ADD} whose result is
 * {@link FeedbackResult#created() created}. Retried calls (duplicates), rejected and failed
 * feedback are not counted, and neither are replacements — {@code updateFeedback}
 * ({@link FeedbackAction#UPDATE}) and a user's new vote on a message in one-vote mode
 * (outcome {@code REPLACED}) — so the counts describe feedback as first given, and a
 * changed rating is not counted again. Nor are votes the store left as they were (outcomes
 * {@code UNCHANGED} and {@code STALE}), and feedback a retention cap dropped at once
 * ({@code TRIMMED}), which is not stored. Counting happens after storage and never fails the
 * caller.
 *
 * <p>Per-session counts are kept for at most {@link Builder#maxSessions(int) maxSessions}
 * sessions (default {@value #DEFAULT_MAX_SESSIONS}); beyond that a session is forgotten to
 * make room, and counted in {@link AnalyticsSnapshot#evictedSessions()}: the oldest of those
 * not counted or looked up ({@link #session(String)}) again since they were added or since
 * the eviction hand last passed them (the CLOCK approximation of least recently used, which
 * keeps a session in use over one seen once). Totals are never forgotten.
 *
 * <p>Thread-safe: totals are {@link LongAdder}s, and each session's counts are atomic
 * counters of its own, found in a map striped by session id, so calls for different
 * sessions rarely wait for each other. Counting feedback of a session already tracked
 * allocates nothing. Counts are kept in memory for the life of the hook.
 *
 * @since 0.1.0
 */
public final class AnalyticsHook implements FeedbackHook {

  /** Default most sessions with per-session counts. */
  public static final int DEFAULT_MAX_SESSIONS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(AnalyticsHook.class);

  private final Clock clock;
  private final ZoneRules zone;

  private final LongAdder up = new LongAdder();
  private final LongAdder down = new LongAdder();
  private final LongAdder neutral = new LongAdder();

  /** Feedback without a rating (a score alone): in the totals, in no rating count. */
  private final LongAdder unrated = new LongAdder();

  private final LongAdder commented = new LongAdder();
  private final LongAdder commentCodePoints = new LongAdder();
  private final LongAdder[] byHour = new LongAdder[24];

  /** The counts per session; {@code null} when {@code maxSessions} is 0 (none are kept). */
  private final @Nullable BoundedMap<String, SessionCounter> sessions;

  /** The local hour that the latest counted instant fell in, reused while it lasts. */
  private volatile @Nullable HourWindow hour;

  private AnalyticsHook(Builder b) {
    this.clock = b.clock;
    this.zone = (b.zone != null ? b.zone : b.clock.getZone()).getRules();
    this.sessions = b.maxSessions == 0 ? null : BoundedMap.create(b.maxSessions);
    for (int h = 0; h < 24; h++) {
      byHour[h] = new LongAdder();
    }
  }

  /**
   * A hook with the UTC system clock and the default session limit.
   *
   * @return the hook
   */
  public static AnalyticsHook defaults() {
    return builder().build();
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Proceeds, then counts the feedback if this call added it. */
  @Override
  public FeedbackResult intercept(Chain chain) {
    FeedbackResult result = chain.proceed(chain.feedback());
    if (chain.action() == FeedbackAction.ADD && result.created()) {
      try {
        count(chain.sessionId(), result.feedback());
      } catch (RuntimeException e) {
        log.warn(
            "Analytics failed to count feedback {} in session {}",
            result.feedbackId(),
            chain.sessionId(),
            e);
      }
    }
    return result;
  }

  private void count(String sessionId, Feedback f) {
    int hourOfDay = hourOfDay();
    Rating rating = f.rating();
    if (rating == null) {
      unrated.increment();
    } else {
      switch (rating) {
        case UP -> up.increment();
        case DOWN -> down.increment();
        default -> neutral.increment();
      }
    }
    if (!f.comment().isEmpty()) {
      commented.increment();
      commentCodePoints.add(Text.codePoints(f.comment()));
    }
    byHour[hourOfDay].increment();
    if (sessions != null) {
      // A session evicted meanwhile loses this count with the others: it is forgotten.
      sessions.computeIfAbsent(sessionId, id -> new SessionCounter()).add(rating);
    }
  }

  /** The clock's hour of day, from the cached window while it lasts. */
  private int hourOfDay() {
    long second;
    try {
      second = Math.floorDiv(clock.millis(), 1_000L); // no Instant for the system clock
    } catch (ArithmeticException e) { // beyond the milliseconds of a long
      second = clock.instant().getEpochSecond();
    }
    HourWindow w = hour;
    if (w == null || second < w.from || second >= w.until) {
      w = HourWindow.at(Instant.ofEpochSecond(second), zone);
      hour = w;
    }
    return w.hourOfDay;
  }

  /**
   * The figures so far.
   *
   * @return an immutable snapshot
   */
  public AnalyticsSnapshot snapshot() {
    FeedbackSummary figures =
        FeedbackSummary.of(
            ratings(up.sum(), down.sum(), neutral.sum(), unrated.sum())
                .comments(commented.sum(), commentCodePoints.sum())
                .build());
    List<Long> hours = new ArrayList<>(24);
    for (int h = 0; h < 24; h++) {
      hours.add(byHour[h].sum());
    }
    Map<String, FeedbackSummary.Ratings> perSession = new HashMap<>();
    long evicted = 0;
    if (sessions != null) {
      sessions.forEach((id, c) -> perSession.put(id, c.ratings()));
      evicted = sessions.evictions();
    }
    return AnalyticsSnapshot.builder()
        .ratings(figures.ratings())
        .comments(figures.comments())
        .byHourOfDay(hours)
        .sessions(perSession)
        .evictedSessions(evicted)
        .build();
  }

  /** The sums of feedback counted by rating, as the stored figures are derived from. */
  private static Tally.Builder ratings(long up, long down, long neutral, long unrated) {
    return Tally.builder()
        .rating(Rating.UP, up)
        .rating(Rating.DOWN, down)
        .rating(Rating.NEUTRAL, neutral)
        .unrated(unrated);
  }

  /** The rating figures of sums counted by rating. */
  private static FeedbackSummary.Ratings figures(long up, long down, long neutral, long unrated) {
    return FeedbackSummary.of(ratings(up, down, neutral, unrated).build()).ratings();
  }

  /**
   * The rating figures of one session, if it is tracked: the figures that
   * {@code manager.analytics().summary(FeedbackQuery.session(sessionId)).ratings()} gives
   * for the feedback counted. Looking a session up counts as a use of it, as counting does.
   *
   * @param sessionId the session
   * @return its figures, or empty if it has no stored feedback, was evicted, or no sessions
   *     are tracked ({@code maxSessions(0)})
   */
  public Optional<FeedbackSummary.Ratings> session(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    SessionCounter c = sessions == null ? null : sessions.get(sessionId);
    return c == null ? Optional.empty() : Optional.of(c.ratings());
  }

  /**
   * Feedback counted so far, with a rating or without.
   *
   * @return the total
   */
  public long total() {
    return up.sum() + down.sum() + neutral.sum() + unrated.sum();
  }

  /**
   * The satisfaction so far, as {@link FeedbackSummary.Ratings#satisfaction()} defines it:
   * {@code 100 · up / (up + down)}.
   *
   * @return from 0 to 100; {@code null} when nothing was rated up or down
   */
  public @Nullable Double satisfaction() {
    return figures(up.sum(), down.sum(), 0, 0).satisfaction();
  }

  /** Counts of one session by rating, and without one (lock-free). */
  private static final class SessionCounter {
    private static final int UNRATED = Rating.values().length;
    private final AtomicLongArray slots = new AtomicLongArray(UNRATED + 1);

    void add(@Nullable Rating rating) {
      slots.incrementAndGet(rating == null ? UNRATED : rating.ordinal());
    }

    FeedbackSummary.Ratings ratings() {
      return figures(
          slots.get(Rating.UP.ordinal()),
          slots.get(Rating.DOWN.ordinal()),
          slots.get(Rating.NEUTRAL.ordinal()),
          slots.get(UNRATED));
    }
  }

  /**
   * One local hour, in epoch seconds, within which the zone's offset does not change: its
   * hour of day holds for every instant in it, so counting needs no time-zone arithmetic
   * until the hour ends. Immutable.
   */
  private static final class HourWindow {
    final long from;
    final long until;
    final int hourOfDay;

    private HourWindow(long from, long until, int hourOfDay) {
      this.from = from;
      this.until = until;
      this.hourOfDay = hourOfDay;
    }

    static HourWindow at(Instant instant, ZoneRules zone) {
      long second = instant.getEpochSecond();
      long local = second + zone.getOffset(instant).getTotalSeconds();
      long from = second - Math.floorMod(local, 3_600L);
      long until = from + 3_600;
      ZoneOffsetTransition next = zone.nextTransition(instant);
      if (next != null && next.toEpochSecond() < until) {
        until = next.toEpochSecond();
      }
      // The last transition at or before this second (previousTransition is strict).
      ZoneOffsetTransition previous =
          second == Instant.MAX.getEpochSecond()
              ? null
              : zone.previousTransition(Instant.ofEpochSecond(second + 1));
      if (previous != null && previous.toEpochSecond() > from) {
        from = previous.toEpochSecond();
      }
      return new HourWindow(from, until, (int) (Math.floorMod(local, 86_400L) / 3_600));
    }
  }

  /**
   * Configures an {@link AnalyticsHook}; starts with the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable ZoneId zone;
    private int maxSessions = DEFAULT_MAX_SESSIONS;

    private Builder() {}

    /**
     * The clock whose time (in the clock's zone, unless {@link #zone} is set) decides the
     * hour of day. Defaults to the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The time zone for counts by hour of day. Defaults to the clock's zone.
     *
     * @param zone the zone
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Most sessions with per-session counts. Defaults to
     * {@value AnalyticsHook#DEFAULT_MAX_SESSIONS}; 0 keeps no per-session counts.
     *
     * @param maxSessions the limit, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxSessions(int maxSessions) {
      if (maxSessions < 0) {
        throw new IllegalArgumentException("maxSessions must not be negative, was " + maxSessions);
      }
      this.maxSessions = maxSessions;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return a thread-safe hook with all counts at zero
     */
    public AnalyticsHook build() {
      return new AnalyticsHook(this);
    }
  }
}
