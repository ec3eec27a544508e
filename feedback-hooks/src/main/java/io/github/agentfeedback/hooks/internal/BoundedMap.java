package io.github.agentfeedback.hooks.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The state a hook keeps per key — a rate limit's buckets (with the calls each remembers), a
 * session's streak or counter — in bounded memory. Every hook that keeps state per session or sender
 * keeps it here.
 *
 * <ul>
 *   <li>Size-bounded: at most {@code maxSize} entries. A new key beyond that evicts the least
 *       recently used entry (of its stripe, see below), counted in {@link #evictions()}.
 *   <li>Optionally expiring ({@link #expiring}): an entry not used for
 *       {@code expireAfterAccess}, by the injected {@link Clock} in whole milliseconds, is
 *       gone — never sooner. It is dropped when its stripe is next used, or by
 *       {@link #size()}.
 *   <li>Striped: keys are spread by hash over up to {@value #MAX_STRIPES} stripes, each an
 *       access-ordered {@link LinkedHashMap} under its own lock that holds its share of
 *       {@code maxSize}, so calls for keys of different stripes never wait for each other.
 *       Below {@value #ENTRIES_PER_STRIPE} × 2 entries there is one stripe and eviction is
 *       exactly least recently used; with more, nearly.
 *   <li>O(1) per operation: a lookup that moves the entry to the recent end and, amortized,
 *       the removal of expired entries from the other end.
 * </ul>
 *
 * <p>Values are handed out and shared: a caller that changes one makes it thread-safe itself
 * (atomics, or a lock of its own). A value evicted or expired while a caller holds it is
 * forgotten, with what the caller still does to it.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type, with {@code equals} and {@code hashCode}
 * @param <V> the value type
 */
public final class BoundedMap<K, V> {

  /** Entries per stripe below which no further stripe is made. */
  static final int ENTRIES_PER_STRIPE = 512;

  private static final int STRIPE_BITS = 6;

  private static final int MAX_STRIPES = 1 << STRIPE_BITS;

  private final Stripe<K, V>[] stripes;

  /** Reads the time for expiry; {@code null} when entries do not expire. */
  private final @Nullable Clock clock;

  private final LongAdder evictions = new LongAdder();

  @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type
  private BoundedMap(int maxSize, @Nullable Clock clock, long expireAfterMillis) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be at least 1, was " + maxSize);
    }
    this.clock = clock;
    int n = Integer.highestOneBit(Math.max(1, Math.min(MAX_STRIPES, maxSize / ENTRIES_PER_STRIPE)));
    stripes = new Stripe[n];
    for (int i = 0; i < n; i++) { // the shares add up to maxSize exactly
      stripes[i] =
          new Stripe<>(maxSize / n + (i < maxSize % n ? 1 : 0), expireAfterMillis, evictions);
    }
  }

  /**
   * A map of at most {@code maxSize} entries that do not expire.
   *
   * @param maxSize at least 1
   * @param <K> the key type
   * @param <V> the value type
   * @return an empty map
   * @throws IllegalArgumentException if {@code maxSize < 1}
   */
  public static <K, V> BoundedMap<K, V> create(int maxSize) {
    return new BoundedMap<>(maxSize, null, 0);
  }

  /**
   * A map of at most {@code maxSize} entries, each gone once it has not been used for
   * {@code expireAfterAccess} by {@code clock} (rounded up to whole milliseconds).
   *
   * @param maxSize at least 1
   * @param expireAfterAccess positive
   * @param clock the clock that measures it
   * @param <K> the key type
   * @param <V> the value type
   * @return an empty map
   * @throws IllegalArgumentException if {@code maxSize < 1} or the duration is not positive
   */
  public static <K, V> BoundedMap<K, V> expiring(
      int maxSize, Duration expireAfterAccess, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    if (expireAfterAccess.isZero() || expireAfterAccess.isNegative()) {
      throw new IllegalArgumentException(
          "expireAfterAccess must be positive, was " + expireAfterAccess);
    }
    long millis = expireAfterAccess.toMillis(); // at most 2^63 ms: within a Duration's range
    if (!expireAfterAccess.minusMillis(millis).isZero()) {
      millis++;
    }
    return new BoundedMap<>(maxSize, clock, millis);
  }

  /**
   * The value of a key, which counts as a use of it.
   *
   * @param key the key
   * @return the value, or {@code null} if the key has none (or it expired)
   */
  public @Nullable V get(K key) {
    Stripe<K, V> s = stripe(key);
    synchronized (s) {
      Node<V> node = s.get(key, now());
      return node == null ? null : node.value;
    }
  }

  /**
   * The value of a key, made by {@code create} if it has none. Either way a use of the key.
   *
   * @param key the key
   * @param create makes the value; runs under a lock, so it must be quick and must not use
   *     this map
   * @return the key's value, never {@code null}
   * @throws NullPointerException if {@code create} returns {@code null}
   */
  public V computeIfAbsent(K key, Function<? super K, ? extends V> create) {
    Stripe<K, V> s = stripe(key);
    synchronized (s) {
      long now = now();
      Node<V> node = s.get(key, now);
      if (node == null) {
        node = new Node<>(Objects.requireNonNull(create.apply(key), "created value"));
        s.add(key, node, now);
      }
      return node.value;
    }
  }

  /**
   * Removes a key.
   *
   * @param key the key
   * @return its value, or {@code null} if it had none
   */
  public @Nullable V remove(K key) {
    Stripe<K, V> s = stripe(key);
    synchronized (s) {
      Node<V> node = s.remove(key);
      return node == null ? null : node.value;
    }
  }

  /**
   * How many keys have a value, after dropping the expired ones of every stripe.
   *
   * @return at most {@code maxSize}
   */
  public int size() {
    long now = now();
    int size = 0;
    for (Stripe<K, V> s : stripes) {
      synchronized (s) {
        s.expire(now);
        size += s.size();
      }
    }
    return size;
  }

  /**
   * How many entries were evicted to make room for new keys (expired ones are not counted).
   *
   * @return the count since the map was made
   */
  public long evictions() {
    return evictions.sum();
  }

  /**
   * Calls {@code action} for every key and value, stripe by stripe, outside the stripes'
   * locks: a stripe's entries are copied under its lock first. Does not count as a use.
   *
   * @param action receives each key and value
   */
  public void forEach(BiConsumer<? super K, ? super V> action) {
    long now = now();
    List<K> keys = new ArrayList<>();
    List<V> values = new ArrayList<>();
    for (Stripe<K, V> s : stripes) {
      keys.clear();
      values.clear();
      synchronized (s) {
        s.expire(now);
        s.forEach(
            (k, node) -> {
              keys.add(k);
              values.add(node.value);
            });
      }
      for (int i = 0; i < keys.size(); i++) {
        action.accept(keys.get(i), values.get(i));
      }
    }
  }

  /**
   * The key's stripe, chosen by the top bits of its mixed hash: the low bits choose its slot
   * within the stripe's table, and if they chose the stripe too, a stripe's keys would all
   * share a few of its slots.
   */
  private Stripe<K, V> stripe(Object key) {
    int mixed = key.hashCode() * 0x9E3779B9; // the golden ratio, as Fibonacci hashing has it
    return stripes[(mixed >>> (32 - STRIPE_BITS)) & (stripes.length - 1)];
  }

  /** The clock's milliseconds, saturated; 0 when entries do not expire. */
  private long now() {
    if (clock == null) {
      return 0;
    }
    try {
      return clock.millis();
    } catch (ArithmeticException e) { // an instant beyond the milliseconds of a long
      return clock.instant().isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** A value and the last millisecond it is alive, guarded by its stripe's lock. */
  private static final class Node<V> {
    final V value;
    long deadline;

    Node(V value) {
      this.value = value;
    }
  }

  /**
   * One stripe's entries, least recently used first, guarded by the stripe's monitor.
   * {@code nextExpiry} is at most the earliest deadline, so a call finds out with one
   * comparison that nothing has expired.
   */
  private static final class Stripe<A, B> extends LinkedHashMap<A, Node<B>> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    /** 0 when entries do not expire. */
    private final long expireAfterMillis;

    private final LongAdder evicted;
    private long nextExpiry = Long.MAX_VALUE;

    Stripe(int capacity, long expireAfterMillis, LongAdder evicted) {
      super(16, 0.75f, true);
      this.capacity = capacity;
      this.expireAfterMillis = expireAfterMillis;
      this.evicted = evicted;
    }

    /** When an entry used at {@code now} expires: after this millisecond. */
    private long deadline(long now) {
      if (expireAfterMillis == 0) {
        return Long.MAX_VALUE;
      }
      long deadline = now + expireAfterMillis;
      return deadline < now ? Long.MAX_VALUE : deadline; // saturated
    }

    @Nullable Node<B> get(A key, long now) {
      expire(now);
      Node<B> node = get(key); // moves it to the recent end
      if (node != null) {
        node.deadline = deadline(now);
      }
      return node;
    }

    void add(A key, Node<B> node, long now) {
      node.deadline = deadline(now);
      if (isEmpty()) {
        nextExpiry = node.deadline;
      }
      put(key, node);
    }

    /** Drops the entries whose deadline is before {@code now}, oldest first. */
    void expire(long now) {
      if (now <= nextExpiry) {
        return;
      }
      Iterator<Node<B>> it = values().iterator();
      while (it.hasNext()) {
        Node<B> node = it.next();
        if (node.deadline >= now) {
          nextExpiry = node.deadline;
          return;
        }
        it.remove();
      }
      nextExpiry = Long.MAX_VALUE;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<A, Node<B>> eldest) {
      if (size() <= capacity) {
        return false;
      }
      evicted.increment();
      return true;
    }
  }
}
