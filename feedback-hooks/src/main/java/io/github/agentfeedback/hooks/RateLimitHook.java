package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackAction;
import io.github.agentfeedback.FeedbackHook;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits how often each sender may add feedback, with a token bucket per key: the bucket
 * holds up to {@code burst} tokens, refilled evenly at {@code permits} per {@code period};
 * each feedback takes one. When the bucket is empty the feedback is refused with
 * {@link FeedbackRejectedException} code {@link FeedbackRejectedException#RATE_LIMITED},
 * whose {@link FeedbackRejectedException#retryAfter() retryAfter} says when the next token
 * arrives. Nothing is stored.
 *
 * <p>Defaults: 5 per minute, a burst of 5, keyed by user id or, when the feedback has none,
 * by session id ({@link #USER_OR_SESSION}). A key function returning {@code null} exempts
 * the feedback.
 *
 * <p>Memory is bounded: a bucket that has refilled completely holds no information and is
 * dropped by a sweep that runs at most once per refill period (or when the limit is
 * reached); at most {@link Builder#maxKeys(int) maxKeys} buckets (default
 * {@value #DEFAULT_MAX_KEYS}) are kept, and beyond that the fullest buckets are forgotten
 * — those senders start again with a full bucket. Time comes from the injected
 * {@link Clock}.
 *
 * <p>Acts on {@link FeedbackAction#ADD} only. Note that a retried call with the same
 * feedback id takes a token too: the hook runs before the store knows it is a duplicate.
 * Thread-safe and lock-free on the hot path.
 *
 * @since 0.1.0
 */
public final class RateLimitHook implements FeedbackHook {

  /**
   * Picks the key a feedback is counted against.
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface KeyFunction {

    /**
     * The key for one feedback. Must be thread-safe and cheap.
     *
     * @param sessionId the session
     * @param feedback the feedback
     * @return the key, or {@code null} to exempt the feedback from the limit
     */
    String key(String sessionId, Feedback feedback);
  }

  /** Keys by {@code "user:" + userId}, or {@code "session:" + sessionId} without a user. */
  public static final KeyFunction USER_OR_SESSION = (sessionId, feedback) ->
      feedback.userId() != null ? "user:" + feedback.userId() : "session:" + sessionId;

  /** Keys by {@code sessionId}. */
  public static final KeyFunction SESSION = (sessionId, feedback) -> sessionId;

  /** Default most buckets kept. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  private static final Logger log = LoggerFactory.getLogger(RateLimitHook.class);

  /** Marks a bucket removed from the map; a caller that sees it looks the key up again. */
  private static final long RETIRED = Long.MIN_VALUE;

  private final Clock clock;
  private final KeyFunction keys;
  private final int permits;
  private final Duration period;
  private final int burst;
  private final long intervalNanos;
  private final long toleranceNanos;
  private final long sweepEveryNanos;
  private final int maxKeys;

  private final ConcurrentHashMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);
  private final ReentrantLock sweeping = new ReentrantLock();

  private RateLimitHook(Builder b) {
    this.clock = b.clock;
    this.keys = b.keys;
    this.permits = b.permits;
    this.period = b.period;
    this.burst = b.burst == 0 ? b.permits : b.burst;
    this.intervalNanos = Math.max(1, b.period.toNanos() / b.permits);
    this.toleranceNanos = Math.multiplyExact(intervalNanos, (long) burst);
    this.sweepEveryNanos = Math.max(toleranceNanos, Duration.ofSeconds(1).toNanos());
    this.maxKeys = b.maxKeys;
  }

  /**
   * A hook allowing 5 feedbacks per minute per user (or session), with the UTC system clock.
   *
   * @return the hook
   */
  public static RateLimitHook defaults() {
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

  /**
   * Takes a token for the feedback's key and proceeds, or refuses.
   *
   * @throws FeedbackRejectedException with code {@code RATE_LIMITED} and the wait, when the
   *     key's bucket is empty
   */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback feedback = chain.feedback();
    if (chain.action() != FeedbackAction.ADD) {
      return chain.proceed(feedback);
    }
    String key = keys.key(chain.sessionId(), feedback);
    if (key == null) {
      return chain.proceed(feedback);
    }
    long now = nanos(clock.instant());
    long wait = acquire(key, now);
    sweepIfDue(now);
    if (wait > 0) {
      Duration retryAfter = Duration.ofMillis((wait + 999_999) / 1_000_000);
      if (log.isDebugEnabled()) {
        log.debug("Feedback {} in session {} rate limited; retry after {}", feedback.id(),
            chain.sessionId(), retryAfter);
      }
      throw new FeedbackRejectedException(FeedbackRejectedException.RATE_LIMITED,
          "Rate limit of " + permits + " per " + period + " exceeded; retry after "
              + retryAfter, retryAfter);
    }
    return chain.proceed(feedback);
  }

  /**
   * How many keys currently hold a bucket (for monitoring and tests).
   *
   * @return the number of buckets
   */
  public int trackedKeys() {
    return buckets.size();
  }

  /**
   * Takes a token (generic cell rate algorithm: the bucket is the "theoretical arrival
   * time" of the next request). Returns 0 if taken, else nanos until one is available.
   */
  private long acquire(String key, long now) {
    while (true) {
      AtomicLong bucket = buckets.computeIfAbsent(key, k -> new AtomicLong(now));
      long tat = bucket.get();
      if (tat == RETIRED) {
        buckets.remove(key, bucket);
        continue;
      }
      long next = Math.max(tat, now) + intervalNanos;
      long excess = next - now - toleranceNanos;
      if (excess > 0) {
        return excess;
      }
      if (bucket.compareAndSet(tat, next)) {
        return 0;
      }
    }
  }

  private void sweepIfDue(long now) {
    long due = nextSweep.get();
    boolean full = buckets.size() > maxKeys;
    if ((now < due && !full) || !sweeping.tryLock()) {
      return;
    }
    try {
      nextSweep.set(now + sweepEveryNanos);
      sweep(now);
    } catch (RuntimeException e) {
      log.warn("Rate limit sweep failed", e);
    } finally {
      sweeping.unlock();
    }
  }

  private void sweep(long now) {
    // Full buckets carry no state: forget them.
    for (Map.Entry<String, AtomicLong> e : buckets.entrySet()) {
      AtomicLong bucket = e.getValue();
      long tat = bucket.get();
      if (tat != RETIRED && tat <= now && bucket.compareAndSet(tat, RETIRED)) {
        buckets.remove(e.getKey(), bucket);
      }
    }
    int excess = buckets.size() - maxKeys;
    if (excess <= 0) {
      return;
    }
    // Still too many active senders: forget the fullest buckets, down to 90% of the limit.
    excess += maxKeys / 10;
    // Sort a snapshot of the buckets' times: other threads keep updating the live ones.
    List<Map.Entry<Long, Map.Entry<String, AtomicLong>>> entries = new ArrayList<>();
    buckets.entrySet().forEach(e -> entries.add(Map.entry(e.getValue().get(), e)));
    entries.sort(Map.Entry.comparingByKey());
    for (int i = 0; i < excess && i < entries.size(); i++) {
      Map.Entry<String, AtomicLong> e = entries.get(i).getValue();
      e.getValue().set(RETIRED);
      buckets.remove(e.getKey(), e.getValue());
    }
    log.warn("Rate limiter tracks more than {} keys; forgot the {} fullest buckets",
        maxKeys, excess);
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /**
   * Configures a {@link RateLimitHook}; starts with the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private KeyFunction keys = USER_OR_SESSION;
    private int permits = 5;
    private Duration period = Duration.ofMinutes(1);
    private int burst;
    private int maxKeys = DEFAULT_MAX_KEYS;

    private Builder() {}

    /**
     * The clock that drives refills. Defaults to the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The sustained rate: {@code permits} per {@code period}. Defaults to 5 per minute.
     *
     * @param permits feedbacks per period, at least 1
     * @param period the period, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code permits < 1} or the period is not positive
     */
    public Builder limit(int permits, Duration period) {
      if (permits < 1) {
        throw new IllegalArgumentException("permits must be at least 1, was " + permits);
      }
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive, was " + period);
      }
      this.permits = permits;
      this.period = period;
      return this;
    }

    /**
     * Most feedbacks accepted at once after a quiet spell (the bucket's size). Defaults to
     * the permits per period.
     *
     * @param burst the bucket size, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code burst < 1}
     */
    public Builder burst(int burst) {
      if (burst < 1) {
        throw new IllegalArgumentException("burst must be at least 1, was " + burst);
      }
      this.burst = burst;
      return this;
    }

    /**
     * What feedback is counted against. Defaults to {@link #USER_OR_SESSION}.
     *
     * @param keys a thread-safe key function
     * @return this builder
     */
    public Builder key(KeyFunction keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * Most buckets kept. Defaults to {@value RateLimitHook#DEFAULT_MAX_KEYS}.
     *
     * @param maxKeys the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxKeys < 1}
     */
    public Builder maxKeys(int maxKeys) {
      if (maxKeys < 1) {
        throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
      }
      this.maxKeys = maxKeys;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return a thread-safe hook with every bucket full
     */
    public RateLimitHook build() {
      return new RateLimitHook(this);
    }
  }
}
