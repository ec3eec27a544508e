package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackAction;
import io.github.agentfeedback.FeedbackHook;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.hooks.AnalyticsSnapshot.SessionCounts;
import io.github.agentfeedback.hooks.internal.Text;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live counters over the feedback that was stored: totals by rating, comment lengths, counts
 * by hour of day (from the injected {@link Clock}, in its time zone) and per session.
 *
 * <pre>{@code
 * AnalyticsHook analytics = AnalyticsHook.defaults();
 * // ... pass it to the manager, then:
 * double satisfaction = analytics.satisfactionScore();
 * AnalyticsSnapshot figures = analytics.snapshot();
 * }</pre>
 *
 * <p>Counts only feedback this call stored ({@code created() == true}): retried calls,
 * rejected and failed feedback are not counted. Counting happens after storage and never
 * fails the caller. Per-session counts are kept for at most
 * {@link Builder#maxSessions(int) maxSessions} sessions (default
 * {@value #DEFAULT_MAX_SESSIONS}); beyond that the least recently active are forgotten and
 * counted in {@link AnalyticsSnapshot#evictedSessions()}. Totals are never forgotten.
 *
 * <p>Acts on {@link FeedbackAction#ADD} only. Thread-safe: counters are lock-free
 * ({@link LongAdder}); counts are kept in memory for the life of the hook.
 *
 * @since 0.1.0
 */
public final class AnalyticsHook implements FeedbackHook {

  /** Default most sessions with per-session counts. */
  public static final int DEFAULT_MAX_SESSIONS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(AnalyticsHook.class);

  private final Clock clock;
  private final ZoneRules zone;
  private final int maxSessions;

  private final LongAdder total = new LongAdder();
  private final LongAdder positive = new LongAdder();
  private final LongAdder negative = new LongAdder();
  private final LongAdder neutral = new LongAdder();
  private final LongAdder commented = new LongAdder();
  private final LongAdder commentCodePoints = new LongAdder();
  private final AtomicLongArray byHour = new AtomicLongArray(24);
  private final ConcurrentHashMap<String, SessionCounter> sessions = new ConcurrentHashMap<>();
  private final AtomicLong tick = new AtomicLong();
  private final LongAdder evicted = new LongAdder();
  private final ReentrantLock evicting = new ReentrantLock();

  private AnalyticsHook(Builder b) {
    this.clock = b.clock;
    this.zone = (b.zone != null ? b.zone : b.clock.getZone()).getRules();
    this.maxSessions = b.maxSessions;
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

  /** Proceeds, then counts the feedback if this call stored it. */
  @Override
  public FeedbackResult intercept(Chain chain) {
    FeedbackResult result = chain.proceed(chain.feedback());
    if (chain.action() == FeedbackAction.ADD && result.created()) {
      try {
        count(chain.sessionId(), result.feedback());
      } catch (RuntimeException e) {
        log.warn("Analytics failed to count feedback {} in session {}",
            result.feedback().id(), chain.sessionId(), e);
      }
    }
    return result;
  }

  private void count(String sessionId, Feedback f) {
    total.increment();
    switch (f.rating()) {
      case UP -> positive.increment();
      case DOWN -> negative.increment();
      default -> neutral.increment();
    }
    if (!f.comment().isEmpty()) {
      commented.increment();
      commentCodePoints.add(Text.codePoints(f.comment()));
    }
    byHour.incrementAndGet(hourOfDay(clock.instant()));
    if (maxSessions == 0) {
      return;
    }
    long now = tick.incrementAndGet();
    sessions.compute(sessionId, (k, c) -> {
      SessionCounter counter = c == null ? new SessionCounter() : c;
      counter.add(f, now);
      return counter;
    });
    if (sessions.size() > maxSessions) {
      evictLeastRecent();
    }
  }

  private int hourOfDay(Instant instant) {
    long seconds = instant.getEpochSecond() + zone.getOffset(instant).getTotalSeconds();
    return (int) (Math.floorMod(seconds, 86_400L) / 3_600);
  }

  /** Drops the least recently active sessions down to 90% of the limit. */
  private void evictLeastRecent() {
    if (!evicting.tryLock()) {
      return;
    }
    try {
      int target = Math.max(0, maxSessions - Math.max(1, maxSessions / 10));
      int excess = sessions.size() - target;
      if (excess <= 0) {
        return;
      }
      // Sort a snapshot of the ticks: other threads keep updating the live ones.
      List<Map.Entry<Long, Map.Entry<String, SessionCounter>>> entries = new ArrayList<>();
      sessions.entrySet().forEach(e -> entries.add(Map.entry(e.getValue().lastTick, e)));
      entries.sort(Map.Entry.comparingByKey());
      for (int i = 0; i < excess && i < entries.size(); i++) {
        Map.Entry<String, SessionCounter> e = entries.get(i).getValue();
        if (sessions.remove(e.getKey(), e.getValue())) {
          evicted.increment();
        }
      }
    } finally {
      evicting.unlock();
    }
  }

  /**
   * The figures so far.
   *
   * @return an immutable snapshot
   */
  public AnalyticsSnapshot snapshot() {
    long withComment = commented.sum();
    long codePoints = commentCodePoints.sum();
    List<Long> hours = new ArrayList<>(24);
    for (int h = 0; h < 24; h++) {
      hours.add(byHour.get(h));
    }
    Map<String, SessionCounts> perSession = new HashMap<>(sessions.size() * 2);
    sessions.forEach((id, c) -> perSession.put(id, c.counts()));
    return new AnalyticsSnapshot(total.sum(), positive.sum(), negative.sum(), neutral.sum(),
        withComment, withComment == 0 ? 0.0 : (double) codePoints / withComment, hours,
        perSession, evicted.sum());
  }

  /**
   * The counts of one session, if it is tracked.
   *
   * @param sessionId the session
   * @return its counts, or empty if it has no stored feedback or was evicted
   */
  public Optional<SessionCounts> session(String sessionId) {
    SessionCounter c = sessions.get(Objects.requireNonNull(sessionId, "sessionId"));
    return c == null ? Optional.empty() : Optional.of(c.counts());
  }

  /**
   * Feedback counted so far.
   *
   * @return the total
   */
  public long total() {
    return total.sum();
  }

  /**
   * Positive share of the rated feedback so far: positive / (positive + negative) × 100.
   *
   * @return from 0 to 100; 0 when nothing was rated up or down
   */
  public double satisfactionScore() {
    return AnalyticsSnapshot.satisfaction(positive.sum(), negative.sum());
  }

  /** Counts of one session; guarded by the map's per-key locking in {@code compute}. */
  private static final class SessionCounter {
    private volatile long total;
    private volatile long positive;
    private volatile long negative;
    private volatile long neutral;
    private volatile long lastTick;

    void add(Feedback f, long now) {
      total++;
      switch (f.rating()) {
        case UP -> positive++;
        case DOWN -> negative++;
        default -> neutral++;
      }
      lastTick = now;
    }

    SessionCounts counts() {
      return new SessionCounts(total, positive, negative, neutral);
    }
  }

  /**
   * Configures an {@link AnalyticsHook}; starts with the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private ZoneId zone;
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
