package io.github.agentfeedback.hooks.internal;

import java.security.SecureRandom;

/**
 * Calls (a session and a feedback id) remembered until a time, each with a number of uses
 * left, in bounded memory that the garbage collector never has to trace: a call is kept as
 * a 64-bit fingerprint in arrays of primitives, not as objects, and nothing is allocated to
 * look a call up or to remember one (but when a stripe grows).
 *
 * <p>The fingerprint is SipHash-1-3 of the session id and feedback id under a random key of
 * the instance, so that nobody can make up calls that pass for another; two calls share a
 * fingerprint with a chance of about 2<sup>-64</sup>.
 *
 * <p>Layout: stripes chosen by the fingerprint, each under its own lock, so that calls of
 * different sessions rarely wait for each other. A stripe is a set-associative table of
 * {@value #WAYS}-way sets that starts small and doubles up to its share of the capacity; a
 * call that finds its set full replaces the one of those whose time ends first (the
 * oldest), so the capacity is never exceeded and the oldest calls are forgotten first
 * within each set.
 *
 * <p>Thread-safe.
 */
public final class RecentCalls {

  private static final int MAX_STRIPES = 64;

  /** Fewest slots a stripe may hold at its largest, so that few stripes serve small tables. */
  private static final int MIN_STRIPE_CAPACITY = 64;

  private static final int WAYS = 4;

  private static final int INITIAL_SETS = 4;

  private final long k0;
  private final long k1;
  private final Stripe[] stripes;

  /**
   * Creates an empty set of calls with a random fingerprint key.
   *
   * @param capacity the most calls remembered at once, at least 1
   */
  public RecentCalls(int capacity) {
    this(capacity, new SecureRandom());
  }

  /** Creates an empty set of calls whose fingerprint key comes from {@code keys}. */
  RecentCalls(int capacity, java.util.Random keys) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.k0 = keys.nextLong();
    this.k1 = keys.nextLong();
    int count = Math.min(MAX_STRIPES,
        Integer.highestOneBit(Math.max(1, capacity / MIN_STRIPE_CAPACITY)));
    int share = capacity / count;
    int ways = Math.min(WAYS, share);
    int maxSets = Integer.highestOneBit(share / ways);
    stripes = new Stripe[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new Stripe(ways, maxSets);
    }
  }

  /**
   * The fingerprint of a call, to pass to {@link #remember} and {@link #use}.
   *
   * @return a non-zero fingerprint
   */
  public long key(String sessionId, String feedbackId) {
    long fingerprint = SipHash.hash13(k0, k1, sessionId, feedbackId);
    return fingerprint == 0 ? 1 : fingerprint;
  }

  /**
   * Remembers a call until {@code until} with {@code uses} uses, replacing what was
   * remembered for it.
   *
   * @param key the call's {@link #key}
   */
  public void remember(long key, long until, int uses) {
    Stripe stripe = stripe(key);
    synchronized (stripe) {
      stripe.put(key, until, uses);
    }
  }

  /**
   * Uses up one use of a remembered call, if its time is after {@code now} and a use is
   * left.
   *
   * @param key the call's {@link #key}
   * @return whether a use was taken
   */
  public boolean use(long key, long now) {
    Stripe stripe = stripe(key);
    synchronized (stripe) {
      return stripe.use(key, now);
    }
  }

  /** Forgets the calls whose time is not after {@code now}. */
  public void expire(long now) {
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        stripe.expire(now);
      }
    }
  }

  /** How many calls are remembered. */
  public int size() {
    int size = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        size += stripe.used;
      }
    }
    return size;
  }

  private Stripe stripe(long key) {
    return stripes[(int) (key >>> 32) & (stripes.length - 1)];
  }

  /**
   * One stripe: {@code sets} sets of {@code ways} slots; slot {@code i} holds a fingerprint
   * ({@code 0} when free), its time and its uses left. Guarded by its own monitor.
   */
  private static final class Stripe {
    private final int ways;
    private final int maxSets;
    private long[] keys;
    private long[] untils;
    private int[] lefts;
    private int used;

    Stripe(int ways, int maxSets) {
      this.ways = ways;
      this.maxSets = maxSets;
      allocate(Math.min(INITIAL_SETS, maxSets));
    }

    private void allocate(int sets) {
      keys = new long[sets * ways];
      untils = new long[sets * ways];
      lefts = new int[sets * ways];
    }

    /** The first slot of the key's set; sets are a power of two, chosen by the low bits. */
    private int set(long key) {
      return ((int) key & (keys.length / ways - 1)) * ways;
    }

    private int find(long key) {
      int base = set(key);
      for (int i = base; i < base + ways; i++) {
        if (keys[i] == key) {
          return i;
        }
      }
      return -1;
    }

    boolean use(long key, long now) {
      int i = find(key);
      if (i < 0 || lefts[i] == 0 || untils[i] <= now) {
        return false;
      }
      lefts[i]--;
      return true;
    }

    void put(long key, long until, int uses) {
      int i = find(key);
      if (i < 0) {
        if (used * 4 >= keys.length * 3 && keys.length / ways < maxSets) {
          grow();
        }
        i = freeOrOldest(key);
        if (keys[i] == 0) {
          used++;
        }
      }
      keys[i] = key;
      untils[i] = until;
      lefts[i] = uses;
    }

    /** A free slot of the key's set, or else the one whose time ends first. */
    private int freeOrOldest(long key) {
      int base = set(key);
      int oldest = base;
      for (int i = base; i < base + ways; i++) {
        if (keys[i] == 0) {
          return i;
        }
        if (untils[i] < untils[oldest]) {
          oldest = i;
        }
      }
      return oldest;
    }

    /** Doubles the sets and puts every entry into its new set, where it always fits. */
    private void grow() {
      long[] oldKeys = keys;
      long[] oldUntils = untils;
      int[] oldLefts = lefts;
      allocate(keys.length / ways * 2);
      used = 0;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldKeys[j] != 0) {
          int i = freeOrOldest(oldKeys[j]);
          if (keys[i] == 0) {
            used++;
          }
          keys[i] = oldKeys[j];
          untils[i] = oldUntils[j];
          lefts[i] = oldLefts[j];
        }
      }
    }

    void expire(long now) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != 0 && untils[i] <= now) {
          keys[i] = 0;
          used--;
        }
      }
    }
  }
}
