package io.github.agentfeedback.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentCallsTest {

  private static RecentCalls calls(int capacity) {
    return new RecentCalls(capacity, new Random(1));
  }

  @Test
  void aRememberedCallIsUsedAsOftenAsAllowedUntilItsTime() {
    RecentCalls calls = calls(100);
    long first = calls.key("s", "f-1");
    calls.remember(first, 1_000, 2);
    assertThat(calls.use(first, 999)).isTrue();
    assertThat(calls.use(first, 999)).isTrue();
    assertThat(calls.use(first, 999)).isFalse();
    long second = calls.key("s", "f-2");
    calls.remember(second, 1_000, 5);
    assertThat(calls.use(second, 1_000)).as("time is up").isFalse();
    assertThat(calls.use(calls.key("s", "unknown"), 0)).isFalse();
    calls.remember(first, 2_000, 1);
    assertThat(calls.use(first, 1_500)).as("remembered again").isTrue();
  }

  @Test
  void theSameIdInAnotherSessionIsAnotherCall() {
    RecentCalls calls = calls(100);
    assertThat(calls.key("s-1", "f-1")).isNotEqualTo(calls.key("s-2", "f-1"))
        .isNotEqualTo(calls.key("s-1f", "-1")).isNotZero();
    calls.remember(calls.key("s-1", "f-1"), 1_000, 3);
    assertThat(calls.use(calls.key("s-2", "f-1"), 0)).isFalse();
    assertThat(calls.use(calls.key("s-1", "f-1"), 0)).isTrue();
  }

  @Test
  void fingerprintsDependOnARandomKeyPerInstance() {
    assertThat(new RecentCalls(10).key("s", "f")).isNotEqualTo(new RecentCalls(10).key("s", "f"));
  }

  @Test
  void memoryIsBoundedAndRecentCallsAreKeptOverOldOnes() {
    RecentCalls calls = calls(1_000);
    for (int i = 0; i < 100_000; i++) {
      calls.remember(calls.key("s", "f-" + i), i, 1);
      assertThat(calls.size()).isLessThanOrEqualTo(1_000);
    }
    assertThat(calls.size()).isGreaterThan(400);
    assertThat(calls.use(calls.key("s", "f-99999"), 0)).isTrue();
    int oldKept = 0;
    for (int i = 0; i < 1_000; i++) {
      oldKept += calls.use(calls.key("s", "f-" + i), 0) ? 1 : 0;
    }
    assertThat(oldKept).as("the oldest give way to newer calls").isZero();
    RecentCalls one = calls(1);
    one.remember(one.key("s", "a"), 10, 1);
    one.remember(one.key("s", "b"), 10, 1);
    assertThat(one.size()).isEqualTo(1);
    assertThat(one.use(one.key("s", "b"), 0)).isTrue();
  }

  @Test
  void expiringForgetsTheCallsWhoseTimeIsUp() {
    RecentCalls calls = calls(100_000);
    for (int i = 0; i < 50; i++) {
      calls.remember(calls.key("s", "f-" + i), i, 1);
    }
    assertThat(calls.size()).isEqualTo(50);
    calls.expire(24);
    assertThat(calls.size()).isEqualTo(25);
    assertThat(calls.use(calls.key("s", "f-25"), 24)).isTrue();
    calls.expire(Long.MAX_VALUE);
    assertThat(calls.size()).isZero();
  }

  @Test
  void capacityMustBePositive() {
    assertThatThrownBy(() -> new RecentCalls(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
  }
}
