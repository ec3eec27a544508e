package io.github.agentfeedback.hooks.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
