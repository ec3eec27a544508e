package io.github.agentfeedback.hooks.notify.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events per session in bounded memory: at most {@code maxSessions} sessions are
 * tracked; beyond that a least recently counted one is forgotten, and its count starts
 * again from 1 if it comes back.
 *
 * <p>Sessions are spread by hash over stripes, each a map with a lock of its own and its
 * share of {@code maxSessions}, so that counting one session never waits for another
 * stripe's. Eviction is least recently used within a stripe: with one stripe (fewer than
 * {@value #SESSIONS_PER_STRIPE} × 2 sessions) exactly the least recently counted session
 * goes, with several a nearly least recent one.
 *
 * <p>Thread-safe; each operation is a map lookup under one stripe's lock.
 */
public final class SessionCounters {

  /** Sessions per stripe below which no further stripe is made. */
  static final int SESSIONS_PER_STRIPE = 512;

  /** Most stripes: enough to keep the threads of a busy service apart. */
  private static final int MAX_STRIPES = 64;

  private final Stripe[] stripes;

  /**
   * Creates the counters.
   *
   * @param maxSessions how many sessions to track at most; at least 1
   */
  public SessionCounters(int maxSessions) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
    }
    int n = Integer.highestOneBit(
        Math.max(1, Math.min(MAX_STRIPES, maxSessions / SESSIONS_PER_STRIPE)));
    stripes = new Stripe[n];
    for (int i = 0; i < n; i++) { // the shares add up to maxSessions exactly
      stripes[i] = new Stripe(maxSessions / n + (i < maxSessions % n ? 1 : 0));
    }
  }

  private Stripe stripe(String sessionId) {
    int h = sessionId.hashCode();
    return stripes[(h ^ (h >>> 16)) & (stripes.length - 1)];
  }

  /**
   * Adds one to the session's count.
   *
   * @param sessionId the session
   * @return the new count, 1 for the first event
   */
  public long increment(String sessionId) {
    Stripe s = stripe(sessionId);
    synchronized (s) {
      long[] c = s.counts.computeIfAbsent(sessionId, k -> new long[1]);
      return ++c[0];
    }
  }

  /**
   * The session's count. Reading counts as a use of the session for eviction.
   *
   * @param sessionId the session
   * @return the count, 0 for a session not tracked
   */
  public long get(String sessionId) {
    Stripe s = stripe(sessionId);
    synchronized (s) {
      long[] c = s.counts.get(sessionId);
      return c == null ? 0 : c[0];
    }
  }

  /**
   * How many sessions are tracked.
   *
   * @return at most {@code maxSessions}
   */
  public int size() {
    int size = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        size += s.counts.size();
      }
    }
    return size;
  }

  /** One stripe's sessions, in access order, guarded by the stripe's monitor. */
  private static final class Stripe {
    final LinkedHashMap<String, long[]> counts;

    Stripe(int capacity) {
      counts = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
          return size() > capacity;
        }
      };
    }
  }
}
