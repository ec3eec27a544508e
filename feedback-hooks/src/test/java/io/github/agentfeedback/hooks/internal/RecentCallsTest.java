package io.github.agentfeedback.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentCallsTest {

  @Test
  void aRememberedCallIsUsedAsOftenAsAllowedUntilItsTime() {
    RecentCalls calls = new RecentCalls(100);
    calls.remember("s", "f-1", 1_000, 2);
    assertThat(calls.use("s", "f-1", 999)).isTrue();
    assertThat(calls.use("s", "f-1", 999)).isTrue();
    assertThat(calls.use("s", "f-1", 999)).isFalse();
    calls.remember("s", "f-2", 1_000, 5);
    assertThat(calls.use("s", "f-2", 1_000)).as("time is up").isFalse();
    assertThat(calls.use("s", "unknown", 0)).isFalse();
  }

  @Test
  void theSameIdInAnotherSessionIsNotTheSameCall() {
    RecentCalls calls = new RecentCalls(100);
    calls.remember("s-1", "f-1", 1_000, 3);
    assertThat(calls.use("s-2", "f-1", 0)).isFalse();
    calls.remember("s-2", "f-1", 1_000, 3);
    assertThat(calls.use("s-1", "f-1", 0)).as("replaced by the other session's call").isFalse();
    assertThat(calls.use("s-2", "f-1", 0)).isTrue();
  }

  @Test
  void memoryIsBoundedAndTheOldestCallsAreForgottenFirst() {
    RecentCalls calls = new RecentCalls(1_000);
    for (int i = 0; i < 100_000; i++) {
      calls.remember("s", "f-" + i, Long.MAX_VALUE, 1);
      assertThat(calls.size()).isLessThanOrEqualTo(1_000);
    }
    assertThat(calls.use("s", "f-99999", 0)).isTrue();
    assertThat(calls.use("s", "f-0", 0)).isFalse();
    RecentCalls one = new RecentCalls(1);
    one.remember("s", "a", 10, 1);
    one.remember("s", "b", 10, 1);
    assertThat(one.size()).isEqualTo(1);
    assertThat(one.use("s", "b", 0)).isTrue();
  }

  @Test
  void expiringForgetsTheCallsWhoseTimeIsUp() {
    RecentCalls calls = new RecentCalls(100);
    for (int i = 0; i < 50; i++) {
      calls.remember("s", "f-" + i, i, 1);
    }
    calls.expire(24);
    assertThat(calls.size()).isEqualTo(25);
    assertThat(calls.use("s", "f-25", 24)).isTrue();
    calls.expire(Long.MAX_VALUE);
    assertThat(calls.size()).isZero();
  }

  @Test
  void capacityMustBePositive() {
    assertThatThrownBy(() -> new RecentCalls(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
  }
}
