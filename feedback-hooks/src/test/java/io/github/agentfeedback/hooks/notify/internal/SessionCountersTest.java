package io.github.agentfeedback.hooks.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionCountersTest {

  @Test
  void countsPerSessionAndForgetsTheLeastRecentlyUsed() {
    SessionCounters c = new SessionCounters(2);
    assertThat(c.increment("a")).isEqualTo(1);
    assertThat(c.increment("a")).isEqualTo(2);
    assertThat(c.increment("b")).isEqualTo(1);
    assertThat(c.increment("a")).isEqualTo(3); // a is now the most recent
    assertThat(c.increment("c")).isEqualTo(1); // evicts b
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.get("b")).isZero();
    assertThat(c.get("a")).isEqualTo(3);
  }

  @Test
  void keepsAtMostMaxSessionsWhenManySessionsCome() {
    SessionCounters c = new SessionCounters(10_000);
    for (int i = 0; i < 50_000; i++) {
      c.increment("s" + i);
    }
    assertThat(c.size()).isEqualTo(10_000);
    assertThat(c.get("s49999")).isEqualTo(1); // the most recent sessions are kept
    assertThat(c.get("s0")).isZero();
  }

  @Test
  void countsExactlyUnderConcurrentIncrements() throws Exception {
    SessionCounters c = new SessionCounters(10_000);
    int threads = 8;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            c.increment("s" + (i % 1_000));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < 1_000; i++) {
      assertThat(c.get("s" + i)).isEqualTo((long) threads * perThread / 1_000);
    }
  }
}
