package io.github.agentfeedback.hooks.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The state a hook keeps per key — a rate limit's buckets (with the calls each remembers), a
 * session's streak or counter — in bounded memory. Every hook that keeps state per session or
 * sender keeps it here.
 *
 * <ul>
 *   <li>Size-bounded: at most {@code maxSize} entries. A new key beyond that evicts an entry
 *       that was not used since the eviction hand last passed it (the CLOCK, or second chance,
 *       approximation of least recently used: of keys only added, the oldest goes first; a key
 *       used since it was added outlives one that was not), counted in {@link #evictions()}.
 *   <li>Optionally expiring ({@link #expiring}): an entry not used for {@code expireAfterAccess},
 *       by the injected {@link Clock} in whole milliseconds, is gone — never sooner. From then on
 *       it is absent to every call; its memory is reclaimed when a call finds it, when the
 *       eviction hand reaches it (not counted as an eviction), or by {@link #size()}.
 *   <li>Cheap to read: a lookup of a present key takes no lock and writes, at most, a flag and
 *       the entry's deadline (once per millisecond) on the entry itself. Adding and removing
 *       keys take the map's lock for a few steps of the hand.
 *   <li>O(1) amortized per operation.
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

  /** Every live entry; changed only under the ring's lock. */
  private final ConcurrentHashMap<K, Node<K, V>> entries = new ConcurrentHashMap<>();

  /** The entries in the order the eviction hand walks them; guards itself and the map. */
  private final Ring<K, V> ring;

  /** Reads the time for expiry; {@code null} when entries do not expire. */
  private final @Nullable Clock clock;

  /** 0 when entries do not expire. */
  private final long expireAfterMillis;

  private final LongAdder evictions = new LongAdder();

  private BoundedMap(int maxSize, @Nullable Clock clock, long expireAfterMillis) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be at least 1, was " + maxSize);
    }
    this.clock = clock;
    this.expireAfterMillis = expireAfterMillis;
    this.ring = new Ring<>(maxSize);
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
    Node<K, V> node = entries.get(key);
    if (node == null) {
      return null;
    }
    long now = now();
    if (node.expired(now)) {
      synchronized (ring) {
        if (node.expired(now) && entries.remove(key, node)) {
          ring.unlink(node);
        }
      }
      return null;
    }
    node.use(deadline(now));
    return node.value;
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
    long now = now();
    Node<K, V> node = entries.get(key);
    if (node != null && !node.expired(now)) {
      node.use(deadline(now));
      return node.value;
    }
    synchronized (ring) {
      node = entries.get(key); // another call may have added it meanwhile
      if (node != null) {
        if (!node.expired(now)) {
          node.use(deadline(now));
          return node.value;
        }
        entries.remove(key, node);
        ring.unlink(node);
      }
      V value = Objects.requireNonNull(create.apply(key), "created value");
      node = new Node<>(key, value, deadline(now));
      Node<K, V> victim = ring.add(node, now);
      if (victim != null) {
        entries.remove(victim.key, victim);
        if (!victim.expired(now)) {
          evictions.increment();
        }
      }
      entries.put(key, node);
      return value;
    }
  }

  /**
   * Removes a key.
   *
   * @param key the key
   * @return its value, or {@code null} if it had none
   */
  public @Nullable V remove(K key) {
    synchronized (ring) {
      Node<K, V> node = entries.remove(key);
      if (node == null) {
        return null;
      }
      ring.unlink(node);
      return node.value;
    }
  }

  /**
   * How many keys have a value, after dropping the expired ones.
   *
   * @return at most {@code maxSize}
   */
  public int size() {
    synchronized (ring) {
      dropExpired(now());
      return ring.size;
    }
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
   * Calls {@code action} for every key and value outside the map's lock: the entries are
   * copied under it first. Does not count as a use.
   *
   * @param action receives each key and value
   */
  public void forEach(BiConsumer<? super K, ? super V> action) {
    List<Node<K, V>> copy;
    synchronized (ring) {
      dropExpired(now());
      copy = new ArrayList<>(Arrays.asList(ring.nodes).subList(0, ring.size));
    }
    for (Node<K, V> node : copy) {
      action.accept(node.key, node.value);
    }
  }

  /** Drops the expired entries; the caller holds the ring's lock. */
  private void dropExpired(long now) {
    if (clock == null) {
      return;
    }
    for (int i = ring.size - 1; i >= 0; i--) {
      Node<K, V> node = Objects.requireNonNull(ring.nodes[i]);
      if (node.expired(now)) {
        entries.remove(node.key, node);
        ring.unlink(node);
      }
    }
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

  /** The last millisecond an entry used at {@code now} is alive, saturated. */
  private long deadline(long now) {
    if (expireAfterMillis == 0) {
      return Long.MAX_VALUE;
    }
    long deadline = now + expireAfterMillis;
    return deadline < now ? Long.MAX_VALUE : deadline;
  }

  /**
   * A key's value, its deadline and whether it was used since the eviction hand passed it.
   * {@code slot} is guarded by the ring's lock; the other mutable fields are written without
   * it, only when they change.
   */
  private static final class Node<K, V> {
    private static final VarHandle DEADLINE;

    static {
      try {
        DEADLINE = MethodHandles.lookup().findVarHandle(Node.class, "deadline", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final K key;
    final V value;
    private volatile long deadline;
    volatile boolean used;
    int slot;

    Node(K key, V value, long deadline) {
      this.key = key;
      this.value = value;
      this.deadline = deadline;
    }

    boolean expired(long now) {
      return deadline < now;
    }

    /** Marks a use; a deadline only ever moves later, whatever order threads write in. */
    void use(long newDeadline) {
      if (!used) {
        used = true;
      }
      long d;
      while ((d = deadline) < newDeadline && !DEADLINE.compareAndSet(this, d, newDeadline)) {
        Thread.onSpinWait();
      }
    }
  }

  /**
   * The entries in a ring that the eviction hand walks, guarded by its own monitor. It grows
   * as entries are added, up to the capacity.
   */
  private static final class Ring<K, V> {
    private final int capacity;
    @Nullable Node<K, V>[] nodes;
    int size;
    private int hand;

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type
    Ring(int capacity) {
      this.capacity = capacity;
      this.nodes = new Node[Math.min(capacity, 16)];
    }

    /**
     * Adds a node; when the ring is full, it takes the slot of the first node the hand
     * finds expired or unused since the hand last passed it, and returns that node.
     */
    @Nullable Node<K, V> add(Node<K, V> node, long now) {
      if (size < capacity) {
        if (size == nodes.length) {
          nodes = Arrays.copyOf(nodes, (int) Math.min(capacity, 2L * nodes.length));
        }
        node.slot = size;
        nodes[size++] = node;
        return null;
      }
      while (true) {
        if (hand >= size) {
          hand = 0;
        }
        Node<K, V> victim = Objects.requireNonNull(nodes[hand]);
        if (victim.used && !victim.expired(now)) {
          victim.used = false; // a second chance
          hand++;
          continue;
        }
        node.slot = hand;
        nodes[hand++] = node;
        return victim;
      }
    }

    /** Removes a node from the ring, moving the last one into its slot. */
    void unlink(Node<K, V> node) {
      int i = node.slot;
      Node<K, V> last = Objects.requireNonNull(nodes[--size]);
      nodes[i] = last;
      last.slot = i;
      nodes[size] = null;
    }
  }
}
