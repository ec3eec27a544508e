package io.github.agentfeedback.hooks.notify.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events per session in bounded memory: when more than {@code maxSessions}
 * sessions are tracked, the least recently counted one is forgotten, and its count starts
 * again from 1 if it comes back.
 *
 * <p>Thread-safe: one lock guards the map; each operation is a map lookup.
 */
public final class SessionCounters {

  private final int maxSessions;
  private final LinkedHashMap<String, long[]> counts;

  /**
   * Creates the counters.
   *
   * @param maxSessions how many sessions to track at most; at least 1
   */
  public SessionCounters(int maxSessions) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
    }
    this.maxSessions = maxSessions;
    this.counts = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
        return size() > SessionCounters.this.maxSessions;
      }
    };
  }

  /**
   * Adds one to the session's count.
   *
   * @param sessionId the session
   * @return the new count, 1 for the first event
   */
  public synchronized long increment(String sessionId) {
    long[] c = counts.computeIfAbsent(sessionId, k -> new long[1]);
    return ++c[0];
  }

  /**
   * The session's count. Reading counts as a use of the session for eviction.
   *
   * @param sessionId the session
   * @return the count, 0 for a session not tracked
   */
  public synchronized long get(String sessionId) {
    long[] c = counts.get(sessionId);
    return c == null ? 0 : c[0];
  }

  /**
   * How many sessions are tracked.
   *
   * @return at most {@code maxSessions}
   */
  public synchronized int size() {
    return counts.size();
  }
}
