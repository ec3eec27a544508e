package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.hooks.internal.RecentCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits how often each sender may add or replace feedback, with a token bucket per key:
 * the bucket holds up to {@code burst} tokens, refilled evenly at {@code permits} per
 * {@code period}; each call takes one. When the bucket is empty the feedback is refused
 * with {@link FeedbackRejectedException} code {@link FeedbackRejectedException#RATE_LIMITED},
 * whose {@link FeedbackRejectedException#retryAfter() retryAfter} says when the next token
 * arrives. Nothing is stored.
 *
 * <p>Defaults: 5 per minute, a burst of 5, keyed by user id or, when the feedback has none,
 * by session id ({@link #USER_OR_SESSION}). A key function returning {@code null} exempts
 * the feedback.
 *
 * <p>Both actions are charged: {@link FeedbackAction#UPDATE} ({@code updateFeedback}) takes a
 * token like {@link FeedbackAction#ADD}, also when the store finds nothing to replace, so
 * replacing feedback over and over is limited like adding it. A user's second vote on a
 * message in one-vote mode is an ADD and is charged too.
 *
 * <p>Retries of a stored call (an ADD with the same feedback id in the same session) are
 * not charged, up to {@link Builder#freeRetries(int) freeRetries} of them (default
 * {@value #DEFAULT_FREE_RETRIES}) per call: once a call has stored new feedback, its session
 * and feedback id are remembered for as long as an empty bucket takes to refill, and within
 * that time a retry costs no token:
 * <ul>
 *   <li>when the bucket is empty, it passes anyway — the store answers it as a duplicate
 *       ({@code created() == false});
 *   <li>when it took a token (the bucket was not empty, or the first attempt was still on
 *       its way to the store), it gets the token back when the store answers that it changed
 *       nothing: a duplicate, or in one-vote mode the same vote again ({@code UNCHANGED}) or
 *       an older one ({@code STALE}), or feedback a retention cap dropped at once
 *       ({@code TRIMMED}).
 * </ul>
 * So a client that timed out and retries is not refused because its first attempt, which
 * was stored, used the last token. The allowance is bounded so that sending one stored id
 * over and over is no way around the limit: further retries, duplicates of calls this hook
 * did not see stored, and retries of calls refused here or failed further down are charged
 * like new calls. (In one-vote mode a user's new vote on the same message has the same id:
 * it counts against the same allowance.)
 *
 * <p>Memory is bounded: a bucket that has refilled completely holds no information and is
 * dropped by a sweep that runs at most once per refill period (or when the limit is
 * reached), and so is a remembered id whose time is up; at most
 * {@link Builder#maxKeys(int) maxKeys} (default {@value #DEFAULT_MAX_KEYS}) buckets and as
 * many remembered ids are kept, and beyond that the fullest buckets and oldest ids are
 * forgotten — those senders start again with a full bucket.
 *
 * <p>Settings are refused when built outside the range this hook computes exactly (at most
 * one permit per nanosecond, at most {@link #MAX_REFILL_TIME} to refill a full bucket).
 * Time comes from the injected {@link Clock}, counted from the hook's creation; that
 * arithmetic saturates instead of overflowing, whatever instant the clock returns.
 *
 * <p>A stored call is remembered by a 64-bit keyed fingerprint of its session and feedback
 * id (SipHash, under a random key of the hook), in arrays of primitives: remembering
 * allocates nothing, holds on to no strings and gives the garbage collector nothing to
 * trace (20 bytes per call, in arrays that grow with use up to {@code maxKeys} calls). When
 * that room is taken, a new call replaces the oldest of the few it competes with for a
 * place.
 *
 * <p>Thread-safe. Buckets are lock-free; remembered calls are kept in stripes with a lock
 * each, so calls for different senders and sessions do not wait for each other. With the
 * default key function a call allocates nothing but the bucket of a sender that has none.
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

  /**
   * Keys by {@code "user:" + userId}, or {@code "session:" + sessionId} without a user, so
   * a user and a session never share a bucket. The hook recognizes this function and looks
   * its buckets up by the ids themselves, without building these strings.
   */
  public static final KeyFunction USER_OR_SESSION = (sessionId, feedback) ->
      feedback.userId() != null ? "user:" + feedback.userId() : "session:" + sessionId;

  /** Keys by {@code sessionId}. */
  public static final KeyFunction SESSION = (sessionId, feedback) -> sessionId;

  /** Default most buckets kept. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  /** Default retries of a stored call that are not charged. */
  public static final int DEFAULT_FREE_RETRIES = 3;

  /**
   * Longest time a full bucket may take to refill ({@code burst × period / permits}):
   * 36,500 days, about a century. Longer limits are refused when the hook is built.
   */
  public static final Duration MAX_REFILL_TIME = Duration.ofDays(36_500);

  private static final Logger log = LoggerFactory.getLogger(RateLimitHook.class);

  /** Marks an entry removed from its map; a caller that sees it looks the key up again. */
  private static final long RETIRED = Long.MIN_VALUE;

  /** Longest whole number of seconds whose nanoseconds fit in a long. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

  private final Clock clock;
  private final KeyFunction keys;
  private final boolean userOrSession;
  private final int permits;
  private final Duration period;
  private final long originSeconds;
  private final int originNanos;
  private final long intervalNanos;
  private final long toleranceNanos;
  private final long sweepEveryNanos;
  private final int maxKeys;
  private final int freeRetries;

  /**
   * Per key: the "theoretical arrival time" of the next request, in nanos since origin.
   * With {@link #USER_OR_SESSION}, the keys are user ids, and {@link #sessionBuckets}
   * holds the sessions without a user, so no key string is built per call.
   */
  private final ConcurrentHashMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicLong> sessionBuckets = new ConcurrentHashMap<>();
  private final List<ConcurrentHashMap<String, AtomicLong>> allBuckets =
      List.of(buckets, sessionBuckets);
  /** The calls this hook saw store new feedback: the retries they let off, until when. */
  private final RecentCalls stored;
  private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);
  private final ReentrantLock sweeping = new ReentrantLock();

  private RateLimitHook(Builder b) {
    this.clock = b.clock;
    this.keys = b.keys;
    this.userOrSession = b.keys == USER_OR_SESSION;
    this.permits = b.permits;
    this.period = b.period;
    Instant origin = b.clock.instant();
    this.originSeconds = origin.getEpochSecond();
    this.originNanos = origin.getNano();
    // Both within MAX_REFILL_TIME, checked by the builder: no overflow.
    this.intervalNanos = b.period.dividedBy(b.permits).toNanos();
    this.toleranceNanos = intervalNanos * b.burst();
    this.sweepEveryNanos = Math.max(toleranceNanos, Duration.ofSeconds(1).toNanos());
    this.maxKeys = b.maxKeys;
    this.freeRetries = b.freeRetries;
    this.stored = new RecentCalls(b.maxKeys);
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
   * Takes a token for the feedback's key and proceeds, or refuses. A retry of a stored call
   * passes even when the bucket is empty, and a duplicate gets the token it took back.
   *
   * @throws FeedbackRejectedException with code {@code RATE_LIMITED} and the wait, when the
   *     key's bucket is empty
   */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback feedback = chain.feedback();
    String sessionId = chain.sessionId();
    Map<String, AtomicLong> map = buckets;
    String key;
    if (userOrSession) {
      key = feedback.userId();
      if (key == null) {
        key = sessionId;
        map = sessionBuckets;
      }
    } else {
      key = keys.key(sessionId, feedback);
      if (key == null) {
        return chain.proceed(feedback);
      }
    }
    // Only an ADD can be a retry; the remembered calls are looked at only when the bucket
    // is empty or the store answers with a duplicate, so a new call never waits for them.
    boolean retries = chain.action() == FeedbackAction.ADD && freeRetries > 0;
    long now = nanosSinceOrigin(clock.instant());
    long wait = acquire(map, key, now);
    sweepIfDue(now);
    boolean charged = wait == 0;
    long call = 0;
    if (!charged) {
      if (!retries || !stored.use(call = stored.key(sessionId, feedback.id()), now)) {
        throw rateLimited(sessionId, feedback, wait);
      }
    }
    FeedbackResult result = chain.proceed(feedback);
    if (!retries) {
      return result;
    }
    try {
      if (result.created()) {
        stored.remember(call != 0 ? call : stored.key(sessionId, feedback.id()),
            add(now, toleranceNanos), freeRetries);
      } else if (!result.changed() && charged
          && stored.use(stored.key(sessionId, feedback.id()), now)) {
        refund(map, key);
      }
    } catch (RuntimeException e) {
      log.warn("Rate limit bookkeeping failed for feedback {} in session {}", feedback.id(),
          sessionId, e);
    }
    return result;
  }

  private FeedbackRejectedException rateLimited(String sessionId, Feedback feedback,
      long waitNanos) {
    // Rounded up to whole milliseconds, without overflowing near Long.MAX_VALUE.
    long millis = waitNanos / 1_000_000 + (waitNanos % 1_000_000 == 0 ? 0 : 1);
    Duration retryAfter = Duration.ofMillis(millis);
    if (log.isDebugEnabled()) {
      log.debug("Feedback {} in session {} rate limited; retry after {}", feedback.id(),
          sessionId, retryAfter);
    }
    return new FeedbackRejectedException(FeedbackRejectedException.RATE_LIMITED,
        "Rate limit of " + permits + " per " + period + " exceeded; retry after "
            + retryAfter, retryAfter);
  }

  /**
   * How many keys currently hold a bucket (for monitoring and tests).
   *
   * @return the number of buckets
   */
  public int trackedKeys() {
    return buckets.size() + sessionBuckets.size();
  }

  /**
   * Takes a token (generic cell rate algorithm: the bucket is the "theoretical arrival
   * time" of the next request). Returns 0 if taken, else nanos until one is available.
   */
  private long acquire(Map<String, AtomicLong> map, String key, long now) {
    while (true) {
      AtomicLong bucket = map.get(key);
      if (bucket == null) {
        AtomicLong fresh = new AtomicLong(now);
        bucket = map.putIfAbsent(key, fresh);
        if (bucket == null) {
          bucket = fresh;
        }
      }
      long tat = bucket.get();
      if (tat == RETIRED) {
        map.remove(key, bucket);
        continue;
      }
      long next = add(Math.max(tat, now), intervalNanos);
      long excess = subtract(subtract(next, now), toleranceNanos);
      if (excess > 0) {
        return excess;
      }
      if (bucket.compareAndSet(tat, next)) {
        return 0;
      }
    }
  }

  /** Gives back the token a duplicate took. */
  private void refund(Map<String, AtomicLong> map, String key) {
    AtomicLong bucket = map.get(key);
    if (bucket == null) {
      return;
    }
    long tat;
    do {
      tat = bucket.get();
      if (tat == RETIRED) {
        return;
      }
    } while (!bucket.compareAndSet(tat, subtract(tat, intervalNanos)));
  }

  private void sweepIfDue(long now) {
    long due = nextSweep.get();
    boolean full = trackedKeys() > maxKeys;
    if ((now < due && !full) || !sweeping.tryLock()) {
      return;
    }
    try {
      nextSweep.set(add(now, sweepEveryNanos));
      // Full buckets carry no state, and ids past their time no longer pass free.
      sweepBuckets(now);
      stored.expire(now);
    } catch (RuntimeException e) {
      log.warn("Rate limit sweep failed", e);
    } finally {
      sweeping.unlock();
    }
  }

  /**
   * Drops the buckets that are full at {@code now}; if more than {@code maxKeys} remain,
   * drops the fullest (earliest times) down to 90% of the limit.
   */
  private void sweepBuckets(long now) {
    for (ConcurrentHashMap<String, AtomicLong> map : allBuckets) {
      for (Map.Entry<String, AtomicLong> e : map.entrySet()) {
        AtomicLong time = e.getValue();
        long t = time.get();
        if (t != RETIRED && t <= now && time.compareAndSet(t, RETIRED)) {
          map.remove(e.getKey(), time);
        }
      }
    }
    int excess = trackedKeys() - maxKeys;
    if (excess <= 0) {
      return;
    }
    excess += maxKeys / 10;
    // The cut-off time from a sorted snapshot: other threads keep updating the live ones,
    // and an entry that moved past it meanwhile stays.
    long[] times = allBuckets.stream().flatMap(m -> m.values().stream())
        .mapToLong(AtomicLong::get).sorted().toArray();
    if (times.length == 0) {
      return;
    }
    long cutoff = times[Math.min(excess, times.length) - 1];
    int forgotten = 0;
    for (ConcurrentHashMap<String, AtomicLong> map : allBuckets) {
      for (Map.Entry<String, AtomicLong> e : map.entrySet()) {
        AtomicLong time = e.getValue();
        long t = time.get();
        if (forgotten < excess && t != RETIRED && t <= cutoff
            && time.compareAndSet(t, RETIRED)) {
          map.remove(e.getKey(), time);
          forgotten++;
        }
      }
    }
    log.warn("Rate limiter tracks more than {} keys; forgot the {} fullest buckets", maxKeys,
        forgotten);
  }

  /**
   * Nanoseconds from the origin to {@code instant}, saturated to the range of a long; never
   * {@link #RETIRED}. Computed from the instant's fields, without a {@code Duration}.
   */
  private long nanosSinceOrigin(Instant instant) {
    // Epoch seconds lie within ±3.2e16, so their difference cannot overflow.
    long seconds = instant.getEpochSecond() - originSeconds;
    if (seconds > MAX_SECONDS) {
      return Long.MAX_VALUE;
    }
    if (seconds < -MAX_SECONDS) {
      return Long.MIN_VALUE + 1;
    }
    return seconds * 1_000_000_000L + (instant.getNano() - originNanos);
  }

  /** {@code a + b}, saturated; never {@link #RETIRED}. */
  private static long add(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
    }
    return Math.max(sum, Long.MIN_VALUE + 1);
  }

  /** {@code a - b}, saturated; never {@link #RETIRED}. */
  private static long subtract(long a, long b) {
    return b == Long.MIN_VALUE ? add(add(a, Long.MAX_VALUE), 1) : add(a, -b);
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
    private int freeRetries = DEFAULT_FREE_RETRIES;

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
     * <p>The time per permit, {@code period / permits}, must lie between one nanosecond (at
     * most one permit per nanosecond) and {@link RateLimitHook#MAX_REFILL_TIME}; with the
     * {@link #burst(int) burst}, the time to refill a full bucket must stay within
     * {@code MAX_REFILL_TIME} too (checked by {@link #build()}).
     *
     * @param permits feedbacks per period, from 1 to {@link Integer#MAX_VALUE}
     * @param period the period, from {@code permits} nanoseconds to {@code permits} times
     *     {@link RateLimitHook#MAX_REFILL_TIME}
     * @return this builder
     * @throws NullPointerException if {@code period} is null
     * @throws IllegalArgumentException if {@code permits < 1} or the period is out of range
     */
    public Builder limit(int permits, Duration period) {
      Objects.requireNonNull(period, "period");
      if (permits < 1) {
        throw new IllegalArgumentException("permits must be at least 1, was " + permits);
      }
      Duration perPermit = period.dividedBy(permits);
      if (perPermit.isZero() || perPermit.isNegative()
          || perPermit.compareTo(MAX_REFILL_TIME) > 0) {
        throw new IllegalArgumentException("period / permits must be from 1 nanosecond to "
            + MAX_REFILL_TIME.toDays() + " days (MAX_REFILL_TIME), was " + period + " / "
            + permits);
      }
      this.permits = permits;
      this.period = period;
      return this;
    }

    /**
     * Most feedbacks accepted at once after a quiet spell (the bucket's size). Defaults to
     * the permits per period. A bucket this size must refill within
     * {@link RateLimitHook#MAX_REFILL_TIME} (checked by {@link #build()}).
     *
     * @param burst the bucket size, from 1 to {@link Integer#MAX_VALUE}
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
     * Most buckets kept, and most remembered feedback ids. Defaults to
     * {@value RateLimitHook#DEFAULT_MAX_KEYS}.
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
     * How many retries of a call that stored new feedback are not charged (see the class
     * description). Defaults to {@value RateLimitHook#DEFAULT_FREE_RETRIES}; 0 charges every
     * call, retries included.
     *
     * @param retries the allowance per stored call, at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code retries < 0}
     */
    public Builder freeRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("freeRetries must not be negative, was " + retries);
      }
      this.freeRetries = retries;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return a thread-safe hook with every bucket full
     * @throws IllegalArgumentException if a full bucket would take longer than
     *     {@link RateLimitHook#MAX_REFILL_TIME} to refill ({@code burst × period / permits})
     */
    public RateLimitHook build() {
      Duration perPermit = period.dividedBy(permits);
      if (perPermit.compareTo(MAX_REFILL_TIME.dividedBy(burst())) > 0) {
        throw new IllegalArgumentException("burst × period / permits (the time to refill a"
            + " full bucket) must be at most " + MAX_REFILL_TIME.toDays()
            + " days (MAX_REFILL_TIME), was " + burst() + " × " + period + " / " + permits);
      }
      return new RateLimitHook(this);
    }

    private int burst() {
      return burst == 0 ? permits : burst;
    }
  }
}
