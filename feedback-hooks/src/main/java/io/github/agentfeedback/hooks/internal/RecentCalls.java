package io.github.agentfeedback.hooks.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls (a session and a feedback id) remembered until a time, each with a number of uses
 * left, in bounded memory. Entries live in stripes chosen by the feedback id, each a small
 * map in insertion order under its own lock, so that calls of different sessions rarely
 * wait for each other; a full stripe forgets its oldest entry when a new one arrives. The
 * capacity is shared out evenly among the stripes, so with many calls the oldest may be
 * forgotten a little before the capacity is reached.
 *
 * <p>Keyed by the feedback id alone: remembering a call replaces the entry of another
 * session that used the same id, which then has no uses left — a retry is never let off
 * wrongly, at worst charged. Nothing is allocated to look a call up.
 *
 * <p>Thread-safe.
 */
public final class RecentCalls {

  private static final int MAX_STRIPES = 64;

  /** Fewest calls a stripe holds, so that uneven hashing costs little of the capacity. */
  private static final int MIN_STRIPE_CAPACITY = 64;

  private final Stripe[] stripes;

  /**
   * Creates an empty set of calls.
   *
   * @param capacity the most calls remembered at once, at least 1
   */
  public RecentCalls(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    int count = Math.min(MAX_STRIPES,
        Integer.highestOneBit(Math.max(1, capacity / MIN_STRIPE_CAPACITY)));
    stripes = new Stripe[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new Stripe(capacity / count);
    }
  }

  /**
   * Remembers a call until {@code until} with {@code uses} uses, replacing what was
   * remembered for its id.
   */
  public void remember(String sessionId, String feedbackId, long until, int uses) {
    Stripe stripe = stripe(feedbackId);
    synchronized (stripe) {
      stripe.remove(feedbackId); // so that insertion order stays the order of the times
      stripe.put(feedbackId, new Call(sessionId, until, uses));
    }
  }

  /**
   * Uses up one use of a remembered call, if its time is after {@code now} and a use is
   * left.
   *
   * @return whether a use was taken
   */
  public boolean use(String sessionId, String feedbackId, long now) {
    Stripe stripe = stripe(feedbackId);
    synchronized (stripe) {
      Call call = stripe.get(feedbackId);
      if (call == null || call.left == 0 || call.until <= now
          || !call.sessionId.equals(sessionId)) {
        return false;
      }
      call.left--;
      return true;
    }
  }

  /** Forgets the calls whose time is not after {@code now}. */
  public void expire(long now) {
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        Iterator<Call> oldestFirst = stripe.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().until <= now) {
          oldestFirst.remove();
        }
      }
    }
  }

  /** How many calls are remembered. */
  public int size() {
    int size = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        size += stripe.size();
      }
    }
    return size;
  }

  private Stripe stripe(String feedbackId) {
    int h = feedbackId.hashCode();
    return stripes[(h ^ (h >>> 16)) & (stripes.length - 1)];
  }

  /** One remembered call; guarded by its stripe's lock. */
  private static final class Call {
    final String sessionId;
    final long until;
    int left;

    Call(String sessionId, long until, int left) {
      this.sessionId = sessionId;
      this.until = until;
      this.left = left;
    }
  }

  /** Calls in insertion order, oldest forgotten first; guarded by its own monitor. */
  private static final class Stripe extends LinkedHashMap<String, Call> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    Stripe(int capacity) {
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Call> eldest) {
      return size() > capacity;
    }
  }
}
