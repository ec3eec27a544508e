package io.github.agentfeedback.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.hooks.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoundedMapTest {

  private static long increment(BoundedMap<String, AtomicLong> map, String key) {
    return map.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  @Test
  void keepsValuesPerKeyAndEvictsTheLeastRecentlyUsed() {
    BoundedMap<String, AtomicLong> map = BoundedMap.create(2);
    assertThat(increment(map, "a")).isEqualTo(1);
    assertThat(increment(map, "a")).isEqualTo(2);
    assertThat(increment(map, "b")).isEqualTo(1);
    assertThat(map.get("a")).hasValue(2); // a is now the most recent
    assertThat(increment(map, "c")).isEqualTo(1); // evicts b
    assertThat(map.size()).isEqualTo(2);
    assertThat(map.get("b")).isNull();
    assertThat(map.get("a")).hasValue(2);
    assertThat(map.evictions()).isEqualTo(1);
    assertThat(map.remove("a")).hasValue(2);
    assertThat(map.remove("a")).isNull();
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void theBoundHoldsUnderManyKeysAndTheRecentOnesStay() {
    BoundedMap<String, AtomicLong> map = BoundedMap.create(10_000);
    for (int i = 0; i < 200_000; i++) {
      increment(map, "s" + i);
      if (i % 1_000 == 0) {
        assertThat(map.size()).isLessThanOrEqualTo(10_000);
      }
    }
    assertThat(map.size()).isEqualTo(10_000);
    assertThat(map.evictions()).isEqualTo(190_000);
    assertThat(map.get("s199999")).hasValue(1);
    assertThat(map.get("s0")).isNull();
    int recentKept = 0;
    for (int i = 199_000; i < 200_000; i++) {
      recentKept += map.get("s" + i) != null ? 1 : 0;
    }
    assertThat(recentKept).as("the last thousand keys").isEqualTo(1_000);
  }

  @Test
  void aHugeBoundAllocatesOnlyWhatIsUsed() {
    BoundedMap<String, AtomicLong> map = BoundedMap.create(Integer.MAX_VALUE);
    increment(map, "only");
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void eightThreadsCountExactlyAndTheBoundHolds() throws Exception {
    BoundedMap<String, AtomicLong> counters = BoundedMap.create(10_000);
    BoundedMap<String, AtomicLong> small = BoundedMap.create(1_000);
    int threads = 8;
    int perThread = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    increment(counters, "s" + (i % 1_000));
                    increment(small, thread + "-" + i);
                    small.get("s" + i);
                    small.remove(thread + "-" + (i - 10));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < 1_000; i++) {
      assertThat(counters.get("s" + i)).hasValue((long) threads * perThread / 1_000);
    }
    assertThat(counters.size()).isEqualTo(1_000);
    assertThat(small.size()).isLessThanOrEqualTo(1_000);
  }

  @Test
  void anEntryExpiresOnlyAfterItWasUnusedForTheWholeTime() {
    TestClock clock = TestClock.at("2026-03-01T12:00:00Z");
    BoundedMap<String, AtomicLong> map = BoundedMap.expiring(100, Duration.ofSeconds(10), clock);
    increment(map, "a");
    increment(map, "b");
    clock.advance(Duration.ofSeconds(6));
    assertThat(map.get("a")).hasValue(1); // a use: a lives until 12:00:16
    clock.advance(Duration.ofSeconds(4));
    assertThat(map.size()).as("b's ten seconds are up, not past").isEqualTo(2);
    clock.advance(Duration.ofMillis(1));
    assertThat(map.size()).isEqualTo(1);
    assertThat(map.get("b")).isNull();
    clock.advance(Duration.ofMillis(5_999));
    assertThat(map.get("a")).hasValue(1);
    clock.advance(Duration.ofSeconds(11));
    assertThat(map.get("a")).isNull();
    assertThat(increment(map, "a")).as("a fresh value").isEqualTo(1);
    assertThat(map.evictions()).isZero();
  }

  @Test
  void expiryIsRoundedUpToWholeMillisecondsAndSurvivesTheEndsOfTime() {
    TestClock clock = TestClock.at("2026-03-01T12:00:00Z");
    BoundedMap<String, AtomicLong> map = BoundedMap.expiring(100, Duration.ofNanos(1), clock);
    increment(map, "a");
    assertThat(map.size()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(map.size()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(map.size()).isZero();

    clock.set(Instant.MIN);
    increment(map, "min");
    clock.set(Instant.MAX);
    increment(map, "max");
    assertThat(map.get("min")).isNull();
    assertThat(map.get("max")).hasValue(1);
  }

  @Test
  void expiredEntriesOfEveryStripeAreDroppedBySize() {
    TestClock clock = TestClock.at("2026-03-01T12:00:00Z");
    BoundedMap<String, AtomicLong> map = BoundedMap.expiring(100_000, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 5_000; i++) {
      increment(map, "s" + i);
    }
    clock.advance(Duration.ofMinutes(2));
    increment(map, "late");
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void forEachSeesEveryLiveEntry() {
    BoundedMap<String, AtomicLong> map = BoundedMap.create(5_000);
    for (int i = 0; i < 3_000; i++) {
      increment(map, "s" + i);
    }
    Map<String, Long> seen = new HashMap<>();
    map.forEach((k, v) -> seen.put(k, v.get()));
    assertThat(seen).hasSize(3_000).containsEntry("s0", 1L).containsEntry("s2999", 1L);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> BoundedMap.create(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSize");
    assertThatThrownBy(
            () -> BoundedMap.expiring(1, Duration.ZERO, TestClock.at("2026-03-01T12:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expireAfterAccess");
    BoundedMap<String, AtomicLong> map = BoundedMap.create(1);
    assertThatThrownBy(() -> map.computeIfAbsent("k", k -> null))
        .isInstanceOf(NullPointerException.class);
    assertThat(map.size()).isZero();
  }
}
