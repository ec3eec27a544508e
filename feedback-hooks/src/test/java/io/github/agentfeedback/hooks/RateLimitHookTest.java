package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackManager;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.InMemoryFeedbackStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitHookTest {

  private final TestClock clock = TestClock.at("2026-03-01T12:00:00Z");
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  private FeedbackManager manager(RateLimitHook hook) {
    return FeedbackManager.builder().store(store).hooks(hook).clock(clock).build();
  }

  private static Feedback fromUser(String user) {
    return Feedback.builder().comment("hi").userId(user).build();
  }

  private static FeedbackRejectedException rejected(Runnable r) {
    try {
      r.run();
    } catch (FeedbackRejectedException e) {
      return e;
    }
    throw new AssertionError("expected FeedbackRejectedException");
  }

  @Test
  void fivePerMinuteThenRateLimitedWithRetryAfter() {
    FeedbackManager m = manager(RateLimitHook.builder().clock(clock).build());
    for (int i = 0; i < 5; i++) {
      m.addFeedback("s", fromUser("u"));
    }
    FeedbackRejectedException e = rejected(() -> m.addFeedback("s", fromUser("u")));
    assertThat(e.code()).isEqualTo(FeedbackRejectedException.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
    assertThat(store.list("s")).hasSize(5);
  }

  @Test
  void tokensComeBackEvenlyOverTime() {
    FeedbackManager m = manager(RateLimitHook.builder().clock(clock).build());
    for (int i = 0; i < 5; i++) {
      m.addFeedback("s", fromUser("u"));
    }
    clock.advance(Duration.ofSeconds(5));
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofSeconds(7));
    clock.advance(Duration.ofSeconds(7));
    m.addFeedback("s", fromUser("u"));
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofSeconds(12));
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 5; i++) {
      m.addFeedback("s", fromUser("u"));
    }
    assertThat(store.list("s")).hasSize(11);
  }

  @Test
  void usersAreLimitedSeparatelyAndSessionsWithoutUser() {
    FeedbackManager m = manager(RateLimitHook.builder().clock(clock).limit(1, Duration.ofMinutes(1)).build());
    m.addFeedback("s1", fromUser("alice"));
    m.addFeedback("s1", fromUser("bob"));
    m.addFeedback("s1", Feedback.up("anonymous"));
    m.addFeedback("s2", Feedback.up("anonymous elsewhere"));
    assertThat(rejected(() -> m.addFeedback("s2", fromUser("alice"))).code())
        .isEqualTo("RATE_LIMITED");
    assertThat(rejected(() -> m.addFeedback("s1", Feedback.up("again"))).code())
        .isEqualTo("RATE_LIMITED");
  }

  @Test
  void burstAllowsMoreAtOnceThanTheSustainedRate() {
    FeedbackManager m = manager(RateLimitHook.builder().clock(clock)
        .limit(1, Duration.ofSeconds(10)).burst(3).build());
    for (int i = 0; i < 3; i++) {
      m.addFeedback("s", fromUser("u"));
    }
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofSeconds(10));
  }

  @Test
  void keyFunctionIsConfigurableAndNullExempts() {
    RateLimitHook.KeyFunction tenant = (session, f) ->
        "vip".equals(f.userId()) ? null : session.substring(0, session.indexOf('-'));
    FeedbackManager m = manager(RateLimitHook.builder().clock(clock)
        .limit(2, Duration.ofMinutes(1)).key(tenant).build());
    m.addFeedback("acme-1", fromUser("a"));
    m.addFeedback("acme-2", fromUser("b"));
    assertThat(rejected(() -> m.addFeedback("acme-3", fromUser("c"))).code())
        .isEqualTo("RATE_LIMITED");
    for (int i = 0; i < 10; i++) {
      m.addFeedback("acme-4", fromUser("vip"));
    }
  }

  @Test
  void idleKeysAreForgotten() {
    RateLimitHook hook = RateLimitHook.builder().clock(clock).build();
    FeedbackManager m = manager(hook);
    for (int i = 0; i < 1_000; i++) {
      m.addFeedback("s" + i, Feedback.up("x"));
    }
    assertThat(hook.trackedKeys()).isEqualTo(1_000);
    clock.advance(Duration.ofMinutes(2));
    m.addFeedback("late", Feedback.up("x"));
    assertThat(hook.trackedKeys()).isEqualTo(1);
  }

  @Test
  void manyActiveKeysDoNotGrowMemoryBeyondTheLimit() {
    RateLimitHook hook = RateLimitHook.builder().clock(clock).maxKeys(1_000).build();
    FeedbackHookHarness harness = new FeedbackHookHarness(hook);
    for (int i = 0; i < 100_000; i++) {
      harness.add("session-" + i, Feedback.up("x"));
      assertThat(hook.trackedKeys()).isLessThanOrEqualTo(1_001);
    }
  }

  @Test
  void builderRejectsNonsense() {
    assertThatThrownBy(() -> RateLimitHook.builder().limit(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimitHook.builder().limit(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimitHook.builder().maxKeys(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
