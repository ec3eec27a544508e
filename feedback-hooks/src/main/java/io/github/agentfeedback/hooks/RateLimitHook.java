package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.internal.BoundedMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
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
 * the feedback. Behind an HTTP endpoint, where the user id is whatever the client sent, key
 * by who called instead: {@link #CLIENT} (the client address of the call's
 * {@link CallContext}) or {@link #CALLER} (the authenticated principal, else the client
 * address); calls made without a context fall back to {@link #USER_OR_SESSION}.
 *
 * <p>Both actions are charged: {@link FeedbackAction#UPDATE} ({@code updateFeedback}) takes a
 * token like {@link FeedbackAction#ADD}, also when the store finds nothing to replace, so
 * replacing feedback over and over is limited like adding it. A user's second vote on a
 * message in one-vote mode is an ADD and is charged too.
 *
 * <p>Retries of a call (an ADD with the same feedback id in the same session) are not
 * charged, up to {@link Builder#freeRetries(int) freeRetries} of them (default
 * {@value #DEFAULT_FREE_RETRIES}) per call, while an earlier attempt of the call is on its
 * way to the store or, once one has stored new feedback, for as long as an empty bucket
 * takes to refill. Such a retry passes without a token, also when the bucket is empty; the
 * store answers it as a duplicate ({@code created() == false}), or in one-vote mode as the
 * same vote again ({@code UNCHANGED}) or an older one ({@code STALE}). If it turns out to
 * change what is stored after all (its first attempt failed meanwhile), it is charged then:
 * the bucket owes the token. An attempt that took a token because no other attempt of its
 * call was known yet gets the token back when another attempt has stored the call
 * meanwhile and the store answers that this one changed nothing.
 *
 * <p>So a client that timed out and retries is not refused because its first attempt, which
 * was stored, used the last token; and a batch ({@code addFeedbacks}), where every item of a
 * group passes this hook before any of them is stored, is limited exactly like the same
 * items sent one by one. The allowance is bounded so that sending one stored id over and
 * over is no way around the limit: further retries, duplicates of calls this hook did not
 * see, and retries of calls refused here or failed further down are charged like new calls.
 * (In one-vote mode a user's new vote on the same message has the same id: it counts
 * against the same allowance.)
 *
 * <p>Each key's bucket remembers the {@value #CALLS_PER_KEY} most recent calls made with it
 * (enough for every call a key with a burst of up to 8 can make while its bucket refills),
 * by the hash codes of their session and feedback ids; a retry of an older call is charged
 * like a new one. A sender who makes up feedback ids with the hash code of an earlier one
 * gains nothing: each such call that stores new feedback is charged once stored.
 *
 * <p>Memory is bounded: buckets are kept in a {@link BoundedMap} of at most
 * {@link Builder#maxKeys(int) maxKeys} (default {@value #DEFAULT_MAX_KEYS}) entries. A
 * bucket unused for as long as it takes to refill holds no information and is dropped;
 * beyond {@code maxKeys} the least recently used (by the CLOCK approximation) are forgotten —
 * those senders start again with a full bucket.
 *
 * <p>Settings are refused when built outside the range this hook computes exactly (at most
 * one permit per nanosecond, at most {@link #MAX_REFILL_TIME} to refill a full bucket).
 * Time comes from the injected {@link Clock}, counted from the hook's creation; that
 * arithmetic saturates instead of overflowing, whatever instant the clock returns. A clock
 * that steps back (a wall clock corrected by NTP) is taken as standing still: each bucket
 * counts on from the latest time it saw, so a sender waits for a token as long as without
 * the step, not for the step as well.
 *
 * <p>Thread-safe. Each bucket has a lock of its own, held for a clock reading, a few
 * arithmetic steps and a look at its calls, and the map of buckets is striped, so calls for
 * different senders rarely wait for each other. A call allocates nothing but, with the
 * default key function and a user id, a small key, and for a sender new to the hook its
 * bucket.
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
    @Nullable String key(String sessionId, Feedback feedback);

    /**
     * The key for one feedback, knowing the caller's context (client address, principal).
     * The hook calls this method; by default it ignores the context and returns
     * {@link #key(String, Feedback)}.
     *
     * @param sessionId the session
     * @param feedback the feedback
     * @param context what the caller knows about the call, {@link CallContext#empty()} if
     *     nothing
     * @return the key, or {@code null} to exempt the feedback from the limit
     * @since 0.1.0
     */
    default @Nullable String key(String sessionId, Feedback feedback, CallContext context) {
      return key(sessionId, feedback);
    }
  }

  /**
   * Keys by {@code "user:" + userId}, or {@code "session:" + sessionId} without a user, so
   * a user and a session never share a bucket. The hook recognizes this function and looks
   * its buckets up by the ids themselves, without building these strings.
   */
  public static final KeyFunction USER_OR_SESSION =
      (sessionId, feedback) ->
          feedback.userId() != null ? "user:" + feedback.userId() : "session:" + sessionId;

  /** Keys by {@code sessionId}. */
  public static final KeyFunction SESSION = (sessionId, feedback) -> sessionId;

  /**
   * Keys by the client address of the call's {@link CallContext} ({@code "client:" +
   * address}), or as {@link #USER_OR_SESSION} for a call without one. For endpoints open to
   * anonymous clients. The hook recognizes this function and builds no strings.
   *
   * @since 0.1.0
   */
  public static final KeyFunction CLIENT = new ContextKey(false);

  /**
   * Keys by the authenticated principal of the call's {@link CallContext}
   * ({@code "principal:" + name}), else by its client address ({@code "client:" + address}),
   * else as {@link #USER_OR_SESSION}. For endpoints behind authentication, where one user may
   * call from many addresses and many users from one. The hook recognizes this function and
   * builds no strings.
   *
   * @since 0.1.0
   */
  public static final KeyFunction CALLER = new ContextKey(true);

  /** Default most buckets kept. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  /** Default retries of a stored call that are not charged. */
  public static final int DEFAULT_FREE_RETRIES = 3;

  /** How many of its most recent calls each key's bucket remembers. */
  public static final int CALLS_PER_KEY = 16;

  /**
   * Longest time a full bucket may take to refill ({@code burst × period / permits}):
   * 36,500 days, about a century. Longer limits are refused when the hook is built.
   */
  public static final Duration MAX_REFILL_TIME = Duration.ofDays(36_500);

  private static final Logger log = LoggerFactory.getLogger(RateLimitHook.class);

  /** What {@link Bucket#start} returns for a free retry. */
  private static final long FREE = -1;

  /** Longest whole number of seconds whose nanoseconds fit in a long. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

  private final Clock clock;
  private final KeyFunction keys;
  private final boolean userOrSession;
  private final boolean client;
  private final boolean caller;
  private final int permits;
  private final Duration period;
  private final long originSeconds;
  private final int originNanos;

  /** The time one token takes to come back. */
  private final long intervalNanos;

  /** The time an empty bucket takes to refill: {@code burst × intervalNanos}. */
  private final long refillNanos;

  private final int freeRetries;

  /** Per key: with {@link #USER_OR_SESSION}, a {@link UserKey} or the session id. */
  private final BoundedMap<Object, Bucket> buckets;

  /** Made once: a lambda that makes an inner class's instance captures this hook. */
  @SuppressWarnings("UnnecessaryLambda") // kept in a field so that a call allocates none
  private final Function<Object, Bucket> newBucket = key -> new Bucket();

  private RateLimitHook(Builder b) {
    this.clock = b.clock;
    this.keys = b.keys;
    this.userOrSession = b.keys == USER_OR_SESSION;
    this.client = b.keys == CLIENT;
    this.caller = b.keys == CALLER;
    this.permits = b.permits;
    this.period = b.period;
    Instant origin = b.clock.instant();
    this.originSeconds = origin.getEpochSecond();
    this.originNanos = origin.getNano();
    // Both within MAX_REFILL_TIME, checked by the builder: no overflow.
    this.intervalNanos = b.period.dividedBy(b.permits).toNanos();
    this.refillNanos = intervalNanos * b.burst();
    this.freeRetries = b.freeRetries;
    // A bucket unused for refillNanos is full again, and its calls' free retries are over.
    this.buckets = BoundedMap.expiring(b.maxKeys, Duration.ofNanos(refillNanos), b.clock);
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
   * Takes a token for the feedback's key and proceeds, or refuses. A retry of a call passes
   * without a token, even when the bucket is empty (see the class description).
   *
   * @throws FeedbackRejectedException with code {@code RATE_LIMITED} and the wait, when the
   *     key's bucket is empty
   */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback feedback = chain.feedback();
    String sessionId = chain.sessionId();
    Object key =
        userOrSession
            ? userOrSessionKey(sessionId, feedback)
            : client || caller
                ? callerKey(sessionId, feedback, chain.context())
                : keys.key(sessionId, feedback, chain.context());
    if (key == null) {
      return chain.proceed(feedback);
    }
    Bucket bucket = buckets.computeIfAbsent(key, newBucket);
    if (chain.action() == FeedbackAction.ADD && freeRetries > 0) { // an ADD may be a retry
      return proceedCall(chain, bucket);
    }
    long wait = bucket.take();
    if (wait > 0) {
      throw rateLimited(sessionId, feedback, wait);
    }
    return chain.proceed(feedback);
  }

  /**
   * Proceeds with an attempt of a call, free if it is a retry, and settles with the bucket
   * when the store has answered.
   */
  private FeedbackResult proceedCall(Chain chain, Bucket bucket) {
    Feedback feedback = chain.feedback();
    // The call, by the hash codes of its ids: a forged match gains nothing (see above).
    long call =
        (long) chain.sessionId().hashCode() << 32
            | (Objects.hashCode(feedback.id()) & 0xFFFF_FFFFL);
    long wait = bucket.start(call);
    if (wait > 0) {
      throw rateLimited(chain.sessionId(), feedback, wait);
    }
    FeedbackResult result = null;
    try {
      result = chain.proceed(feedback);
      return result;
    } finally {
      bucket.end(call, wait == FREE, result);
    }
  }

  private static Object userOrSessionKey(String sessionId, Feedback feedback) {
    return feedback.userId() != null ? new UserKey(feedback.userId()) : sessionId;
  }

  /** The key of {@link #CLIENT} and {@link #CALLER}, as records rather than strings. */
  private Object callerKey(String sessionId, Feedback feedback, CallContext context) {
    if (caller && context.principal() != null) {
      return new PrincipalKey(context.principal());
    }
    if (context.clientAddress() != null) {
      return new ClientKey(context.clientAddress());
    }
    return userOrSessionKey(sessionId, feedback);
  }

  private FeedbackRejectedException rateLimited(
      String sessionId, Feedback feedback, long waitNanos) {
    // Rounded up to whole milliseconds, without overflowing near Long.MAX_VALUE.
    long millis = waitNanos / 1_000_000 + (waitNanos % 1_000_000 == 0 ? 0 : 1);
    Duration retryAfter = Duration.ofMillis(millis);
    if (log.isDebugEnabled()) {
      log.debug(
          "Feedback {} in session {} rate limited; retry after {}",
          feedback.id(),
          sessionId,
          retryAfter);
    }
    return new FeedbackRejectedException(
        FeedbackRejectedException.RATE_LIMITED,
        "Rate limit of " + permits + " per " + period + " exceeded; retry after " + retryAfter,
        retryAfter);
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
   * Nanoseconds from the origin to {@code instant}, saturated to the range of a long.
   * Computed from the instant's fields, without a {@code Duration}.
   */
  private long nanosSinceOrigin(Instant instant) {
    // Epoch seconds lie within ±3.2e16, so their difference cannot overflow.
    long seconds = instant.getEpochSecond() - originSeconds;
    if (seconds > MAX_SECONDS) {
      return Long.MAX_VALUE;
    }
    if (seconds < -MAX_SECONDS) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + (instant.getNano() - originNanos);
  }

  /** {@code a + b}, saturated. */
  private static long add(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  /** {@code a - b}, saturated. */
  private static long subtract(long a, long b) {
    long difference = a - b;
    return ((a ^ b) & (a ^ difference)) < 0
        ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE)
        : difference;
  }

  /** The key of a user's bucket, never equal to a session id (a string). */
  private record UserKey(String userId) {}

  /** The key of a client address's bucket, never equal to a user's or a principal's. */
  private record ClientKey(String address) {}

  /** The key of an authenticated principal's bucket. */
  private record PrincipalKey(String name) {}

  /** {@link #CLIENT} and {@link #CALLER}: the strings they document, for other callers. */
  private static final class ContextKey implements KeyFunction {
    private final boolean principalFirst;

    ContextKey(boolean principalFirst) {
      this.principalFirst = principalFirst;
    }

    @Override
    public @Nullable String key(String sessionId, Feedback feedback) {
      return USER_OR_SESSION.key(sessionId, feedback);
    }

    @Override
    public @Nullable String key(String sessionId, Feedback feedback, CallContext context) {
      if (principalFirst && context.principal() != null) {
        return "principal:" + context.principal();
      }
      if (context.clientAddress() != null) {
        return "client:" + context.clientAddress();
      }
      return key(sessionId, feedback);
    }

    @Override
    public String toString() {
      return principalFirst ? "RateLimitHook.CALLER" : "RateLimitHook.CLIENT";
    }
  }

  /**
   * A token bucket, as the time its next token is due in nanos since the origin (the
   * generic cell rate algorithm's "theoretical arrival time": a token is free when that time
   * is at most {@code refillNanos} ahead), and the key's most recent calls. Guarded by its
   * monitor.
   */
  private final class Bucket {
    private long due = Long.MIN_VALUE; // full

    /** Added to the clock's time: how far it stepped back, in all, since this bucket saw it. */
    private long skew;

    /** The latest time this bucket saw, in its own time. */
    private long latest = Long.MIN_VALUE;

    /** Up to {@link #CALLS_PER_KEY} calls, made when the first is. */
    private Call @Nullable [] calls;

    /**
     * The time now as this bucket counts it: moved on by the clock's steps forward, by none
     * of its steps back. Read under the bucket's lock, so that a reading earlier than the
     * latest is the clock's step back, not a thread that read the clock before another.
     */
    private long now() {
      long now = add(nanosSinceOrigin(clock.instant()), skew);
      if (now < latest) {
        skew = add(skew, subtract(latest, now));
        now = latest;
      }
      latest = now;
      return now;
    }

    /** Takes a token: 0 if taken, else nanos until one is free. */
    synchronized long take() {
      return take(now());
    }

    private long take(long now) {
      long next = add(Math.max(due, now), intervalNanos);
      long wait = subtract(subtract(next, now), refillNanos);
      if (wait <= 0) {
        due = next;
      }
      return Math.max(wait, 0);
    }

    /**
     * Starts an attempt of a call: {@link #FREE} if it is a retry of an attempt under way or
     * stored while the allowance lasts, else as {@link #take}.
     */
    synchronized long start(long id) {
      long now = now();
      Call call = find(id);
      if (call != null && call.live(now) && call.retriesLeft > 0) {
        call.retriesLeft--;
        call.inFlight++;
        return FREE;
      }
      long wait = take(now);
      if (wait == 0) {
        if (call == null) {
          call = place(now);
          call.reset(id, freeRetries);
        } else if (!call.live(now)) {
          call.reset(id, freeRetries);
        }
        call.inFlight++;
      }
      return wait;
    }

    /**
     * Settles an attempt that ended with {@code result} ({@code null} if it failed): a free
     * one that stored new feedback takes the token it owes, whether there is one or not; a
     * charged one that changed nothing, of a call another attempt is storing or stored,
     * gets its token back.
     */
    synchronized void end(long id, boolean free, @Nullable FeedbackResult result) {
      long now = now();
      Call call = find(id); // gone only if more calls than it holds were under way at once
      if (call == null) {
        return;
      }
      boolean another = call.inFlight > 1 || (call.stored && now < call.freeUntil);
      call.inFlight = Math.max(0, call.inFlight - 1);
      if (result == null) {
        return;
      }
      if (result.created()) {
        call.stored = true;
        call.freeUntil = add(now, refillNanos);
      }
      if (free && result.changed()) {
        due = add(Math.max(due, now), intervalNanos); // may owe beyond a full refill
      } else if (!free && !result.changed() && another && call.retriesLeft > 0) {
        call.retriesLeft--;
        due = subtract(due, intervalNanos);
      }
    }

    private @Nullable Call find(long id) {
      if (calls != null) {
        for (Call call : calls) {
          if (call != null && call.id == id) {
            return call;
          }
        }
      }
      return null;
    }

    /**
     * A place for a new call: an unused one, else that of a call no longer live, else that
     * of the stored call whose free retries end first, else (all under way) the first.
     */
    private Call place(long now) {
      if (calls == null) {
        calls = new Call[CALLS_PER_KEY];
      }
      Call earliest = null;
      for (int i = 0; i < calls.length; i++) {
        Call call = calls[i];
        if (call == null) {
          calls[i] = new Call();
          return calls[i];
        }
        if (!call.live(now)) {
          return call;
        }
        if (call.inFlight == 0 && (earliest == null || call.freeUntil < earliest.freeUntil)) {
          earliest = call;
        }
      }
      return earliest != null ? earliest : calls[0];
    }
  }

  /**
   * The attempts of one call seen by this hook: how many are on their way to the store,
   * whether one stored new feedback and until when its retries may be free, and how many
   * free retries are left. Guarded by its bucket's monitor.
   */
  private static final class Call {
    long id;
    int inFlight;
    boolean stored;
    long freeUntil;
    int retriesLeft;

    /** Whether an attempt now is a retry of one that is under way or stored. */
    boolean live(long now) {
      return inFlight > 0 || (stored && now < freeUntil);
    }

    void reset(long id, int freeRetries) {
      this.id = id;
      inFlight = 0;
      stored = false;
      retriesLeft = freeRetries;
    }
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
      if (perPermit.isZero()
          || perPermit.isNegative()
          || perPermit.compareTo(MAX_REFILL_TIME) > 0) {
        throw new IllegalArgumentException(
            "period / permits must be from 1 nanosecond to "
                + MAX_REFILL_TIME.toDays()
                + " days (MAX_REFILL_TIME), was "
                + period
                + " / "
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
     * What feedback is counted against. Defaults to {@link #USER_OR_SESSION}; behind an
     * HTTP endpoint, {@link #CLIENT} or {@link #CALLER}.
     *
     * @param keys a thread-safe key function
     * @return this builder
     */
    public Builder key(KeyFunction keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * Most buckets kept, each with its key's last {@value RateLimitHook#CALLS_PER_KEY}
     * calls. Defaults to {@value RateLimitHook#DEFAULT_MAX_KEYS}.
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
        throw new IllegalArgumentException(
            "burst × period / permits (the time to refill a"
                + " full bucket) must be at most "
                + MAX_REFILL_TIME.toDays()
                + " days (MAX_REFILL_TIME), was "
                + burst()
                + " × "
                + period
                + " / "
                + permits);
      }
      return new RateLimitHook(this);
    }

    private int burst() {
      return burst == 0 ? permits : burst;
    }
  }
}
