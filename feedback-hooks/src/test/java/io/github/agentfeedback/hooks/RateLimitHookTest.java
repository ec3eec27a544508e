package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.BatchResult;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
    FeedbackManager m =
        manager(RateLimitHook.builder().clock(clock).limit(1, Duration.ofMinutes(1)).build());
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
    FeedbackManager m =
        manager(
            RateLimitHook.builder().clock(clock).limit(1, Duration.ofSeconds(10)).burst(3).build());
    for (int i = 0; i < 3; i++) {
      m.addFeedback("s", fromUser("u"));
    }
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofSeconds(10));
  }

  @Test
  void keyFunctionIsConfigurableAndNullExempts() {
    RateLimitHook.KeyFunction tenant =
        (session, f) ->
            "vip".equals(f.userId()) ? null : session.substring(0, session.indexOf('-'));
    FeedbackManager m =
        manager(
            RateLimitHook.builder()
                .clock(clock)
                .limit(2, Duration.ofMinutes(1))
                .key(tenant)
                .build());
    m.addFeedback("acme-1", fromUser("a"));
    m.addFeedback("acme-2", fromUser("b"));
    assertThat(rejected(() -> m.addFeedback("acme-3", fromUser("c"))).code())
        .isEqualTo("RATE_LIMITED");
    for (int i = 0; i < 10; i++) {
      m.addFeedback("acme-4", fromUser("vip"));
    }
  }

  private static CallContext from(String address, String principal) {
    return CallContext.builder().clientAddress(address).principal(principal).build();
  }

  @Test
  void clientKeysByTheCallersAddressWhateverUserIdTheClientSends() {
    FeedbackManager m =
        manager(
            RateLimitHook.builder()
                .clock(clock)
                .limit(2, Duration.ofMinutes(1))
                .key(RateLimitHook.CLIENT)
                .build());
    m.addFeedback("s1", fromUser("a"), from("203.0.113.7", null));
    m.addFeedback("s2", fromUser("b"), from("203.0.113.7", null));
    assertThat(rejected(() -> m.addFeedback("s3", fromUser("c"), from("203.0.113.7", null))).code())
        .isEqualTo("RATE_LIMITED");
    m.addFeedback("s3", fromUser("c"), from("198.51.100.1", null));
    // Calls without a context fall back to the user (or session): "c" has a token left.
    m.addFeedback("s4", fromUser("c"));
    assertThat(store.list("s3")).hasSize(1);
  }

  @Test
  void callerKeysByThePrincipalFromAnyAddressThenByAddress() {
    FeedbackManager m =
        manager(
            RateLimitHook.builder()
                .clock(clock)
                .limit(1, Duration.ofMinutes(1))
                .key(RateLimitHook.CALLER)
                .build());
    m.addFeedback("s", fromUser("x"), from("203.0.113.7", "alice"));
    assertThat(rejected(() -> m.addFeedback("s", fromUser("y"), from("198.51.100.1", "alice"))))
        .isNotNull();
    m.addFeedback("s", fromUser("x"), from("203.0.113.7", "bob")); // same address, other user
    m.addFeedback("s", fromUser("x"), from("203.0.113.7", null)); // anonymous: by address
    assertThat(rejected(() -> m.addFeedback("s", fromUser("z"), from("203.0.113.7", null))))
        .isNotNull();
    assertThat(store.list("s")).hasSize(3);
  }

  @Test
  void keyFunctionsSeeTheContextAndTheReadyOnesNameTheirKeys() {
    List<CallContext> seen = new ArrayList<>();
    RateLimitHook.KeyFunction byTenant =
        new RateLimitHook.KeyFunction() {
          @Override
          public String key(String sessionId, Feedback feedback) {
            return sessionId;
          }

          @Override
          public String key(String sessionId, Feedback feedback, CallContext context) {
            seen.add(context);
            return String.valueOf(context.claim("tenant"));
          }
        };
    CallContext acme = CallContext.builder().claims(Map.of("tenant", "acme")).build();
    manager(RateLimitHook.builder().clock(clock).key(byTenant).build())
        .addFeedback("s", fromUser("u"), acme);
    assertThat(seen).containsExactly(acme);

    Feedback f = fromUser("u");
    assertThat(RateLimitHook.CALLER.key("s", f, from("203.0.113.7", "alice")))
        .isEqualTo("principal:alice");
    assertThat(RateLimitHook.CALLER.key("s", f, from("203.0.113.7", null)))
        .isEqualTo("client:203.0.113.7");
    assertThat(RateLimitHook.CLIENT.key("s", f, from("203.0.113.7", "alice")))
        .isEqualTo("client:203.0.113.7");
    assertThat(RateLimitHook.CLIENT.key("s", f, CallContext.empty())).isEqualTo("user:u");
    assertThat(RateLimitHook.CALLER.key("s", Feedback.up("x"))).isEqualTo("session:s");
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
  void theFastestAndSlowestLimitsAreComputedExactly() {
    // One permit per nanosecond: a burst of 1,000, then the next in a nanosecond (1 ms
    // rounded up).
    FeedbackManager fastest =
        manager(RateLimitHook.builder().clock(clock).limit(1_000, Duration.ofNanos(1_000)).build());
    for (int i = 0; i < 1_000; i++) {
      fastest.addFeedback("fast", fromUser("u"));
    }
    assertThat(rejected(() -> fastest.addFeedback("fast", fromUser("u"))).retryAfter())
        .contains(Duration.ofMillis(1));
    // One permit per MAX_REFILL_TIME.
    FeedbackManager slowest =
        manager(
            RateLimitHook.builder().clock(clock).limit(1, RateLimitHook.MAX_REFILL_TIME).build());
    slowest.addFeedback("slow", fromUser("u"));
    assertThat(rejected(() -> slowest.addFeedback("slow", fromUser("u"))).retryAfter())
        .contains(RateLimitHook.MAX_REFILL_TIME);
    // The largest counts, as long as a full bucket refills within MAX_REFILL_TIME.
    FeedbackManager largest =
        manager(
            RateLimitHook.builder()
                .clock(clock)
                .limit(Integer.MAX_VALUE, Duration.ofSeconds(Integer.MAX_VALUE))
                .burst(Integer.MAX_VALUE)
                .maxKeys(Integer.MAX_VALUE)
                .build());
    assertThat(largest.addFeedback("large", fromUser("u")).created()).isTrue();
  }

  static Stream<Arguments> limitsOutOfRange() {
    return Stream.of(
        Arguments.of(
            "Long.MAX_VALUE seconds per permit",
            (ThrowingCallable)
                () -> RateLimitHook.builder().limit(1, Duration.ofSeconds(Long.MAX_VALUE)),
            "period / permits must be from 1 nanosecond to 36500 days (MAX_REFILL_TIME), was "
                + "PT2562047788015215H30M7S / 1"),
        Arguments.of(
            "just over MAX_REFILL_TIME per permit",
            (ThrowingCallable)
                () ->
                    RateLimitHook.builder()
                        .limit(2, RateLimitHook.MAX_REFILL_TIME.multipliedBy(2).plusNanos(2)),
            "period / permits must be from 1 nanosecond to 36500 days"),
        Arguments.of(
            "more than one permit per nanosecond",
            (ThrowingCallable) () -> RateLimitHook.builder().limit(5, Duration.ofNanos(4)),
            "period / permits must be from 1 nanosecond to 36500 days (MAX_REFILL_TIME), was "
                + "PT0.000000004S / 5"),
        Arguments.of(
            "Integer.MAX_VALUE permits per second",
            (ThrowingCallable)
                () -> RateLimitHook.builder().limit(Integer.MAX_VALUE, Duration.ofSeconds(1)),
            "period / permits must be from 1 nanosecond"),
        Arguments.of(
            "a negative period",
            (ThrowingCallable) () -> RateLimitHook.builder().limit(1, Duration.ofSeconds(-1)),
            "period / permits must be from 1 nanosecond"),
        Arguments.of(
            "a bucket refilling in more than MAX_REFILL_TIME",
            (ThrowingCallable)
                () ->
                    RateLimitHook.builder()
                        .limit(1, Duration.ofDays(1))
                        .burst(Integer.MAX_VALUE)
                        .build(),
            "burst × period / permits (the time to refill a full bucket) must be at most 36500"
                + " days (MAX_REFILL_TIME), was 2147483647 × PT24H / 1"),
        Arguments.of(
            "a default burst refilling in more than MAX_REFILL_TIME",
            (ThrowingCallable)
                () ->
                    RateLimitHook.builder()
                        .limit(2, RateLimitHook.MAX_REFILL_TIME.plusNanos(2))
                        .build(),
            "was 2 × PT876000H0.000000002S / 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limitsOutOfRange")
  void limitsBeyondWhatIsComputedExactlyAreRefusedWhenBuilt(
      String what, ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .as(what)
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aClockAtTheEndsOfTimeNeitherOverflowsNorStopsLimiting() {
    // Only the hook reads the extreme clock; the feedback keeps a realistic creation time.
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .hooks(RateLimitHook.builder().clock(clock).build())
            .build();
    clock.set(Instant.MIN);
    for (int i = 0; i < 5; i++) {
      m.addFeedback("s", fromUser("u"));
    }
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofSeconds(12));
    clock.set(Instant.MAX);
    assertThat(m.addFeedback("s", fromUser("other")).created()).isTrue();
  }

  @Test
  void aClockSteppedBackIsTakenAsStandingStillNotAsADebtOfTheStep() {
    FeedbackManager m = manager(RateLimitHook.builder().clock(clock).build());
    for (int i = 0; i < 5; i++) {
      m.addFeedback("s", fromUser("u"));
    }
    clock.advance(Duration.ofHours(-1)); // an NTP step back
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofSeconds(12));
    clock.advance(Duration.ofSeconds(12));
    assertThat(m.addFeedback("s", fromUser("u")).created()).isTrue();
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofSeconds(12));
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 5; i++) {
      m.addFeedback("s", fromUser("u"));
    }
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofSeconds(12));
  }

  @Test
  void theFirstRetriesOfAStoredCallPassWithoutATokenEvenWhenTheBucketIsEmpty() {
    FeedbackManager m =
        manager(RateLimitHook.builder().clock(clock).limit(1, Duration.ofMinutes(1)).build());
    Feedback first = fromUser("u").toBuilder().id("f-1").build();
    assertThat(m.addFeedback("s", first).created()).isTrue();
    for (int i = 0; i < RateLimitHook.DEFAULT_FREE_RETRIES; i++) {
      assertThat(m.addFeedback("s", first).created()).isFalse();
    }
    // The allowance is used up: sending a stored id over and over is no way around the limit.
    assertThat(rejected(() -> m.addFeedback("s", first)).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
  }

  @Test
  void noRetryIsFreeWhenTheAllowanceIsZero() {
    FeedbackManager m =
        manager(
            RateLimitHook.builder()
                .clock(clock)
                .limit(1, Duration.ofMinutes(1))
                .freeRetries(0)
                .build());
    Feedback first = fromUser("u").toBuilder().id("f-1").build();
    m.addFeedback("s", first);
    assertThat(rejected(() -> m.addFeedback("s", first)).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
  }

  @Test
  void freeRetriesEndWithTheRefillTime() {
    FeedbackManager m =
        manager(RateLimitHook.builder().clock(clock).limit(1, Duration.ofMinutes(1)).build());
    Feedback first = fromUser("u").toBuilder().id("f-1").build();
    m.addFeedback("s", first);
    clock.advance(Duration.ofSeconds(61));
    // The bucket has refilled, so the late retry is charged: the next new call is refused.
    assertThat(m.addFeedback("s", first).created()).isFalse();
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
  }

  @Test
  void aRetryChargedWhileTheFirstAttemptWasOnItsWayGetsItsTokenBack() {
    RateLimitHook hook =
        RateLimitHook.builder().clock(clock).limit(2, Duration.ofMinutes(1)).build();
    Feedback call = fromUser("u").toBuilder().id("f-1").build();
    Set<String> storedIds = new HashSet<>();
    FeedbackHookHarness[] harness = new FeedbackHookHarness[1];
    boolean[] retried = new boolean[1];
    // The retry reaches the store only after the first attempt, which started later, has
    // been stored: both took a token, and the retry, a duplicate, gives its token back.
    harness[0] =
        new FeedbackHookHarness(
            hook,
            f -> {
              if (!retried[0]) {
                retried[0] = true;
                assertThat(harness[0].add("s", call).created()).isTrue();
              }
              return storedIds.add(f.id())
                  ? FeedbackResult.created(f)
                  : FeedbackResult.duplicate(f);
            });
    assertThat(harness[0].add("s", call).created()).isFalse();
    assertThat(harness[0].add("s", fromUser("u").toBuilder().id("f-2").build()).created()).isTrue();
    assertThat(
            rejected(() -> harness[0].add("s", fromUser("u").toBuilder().id("f-3").build())).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
  }

  @Test
  void aCallRefusedFurtherDownIsChargedAgainWhenRetried() {
    FeedbackHook refuseAll =
        chain -> {
          throw new FeedbackRejectedException(FeedbackRejectedException.SPAM, "spam");
        };
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .hooks(
                RateLimitHook.builder().clock(clock).limit(2, Duration.ofMinutes(1)).build(),
                refuseAll)
            .build();
    Feedback spam = fromUser("u").toBuilder().id("f-1").build();
    for (int i = 0; i < 2; i++) {
      assertThat(rejected(() -> m.addFeedback("s", spam)).code())
          .isEqualTo(FeedbackRejectedException.SPAM);
    }
    assertThat(rejected(() -> m.addFeedback("s", spam)).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
  }

  @Test
  void builderRejectsNonsense() {
    assertThatThrownBy(() -> RateLimitHook.builder().limit(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimitHook.builder().limit(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimitHook.builder().maxKeys(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimitHook.builder().freeRetries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("freeRetries");
  }

  @Test
  void updatesAreChargedLikeAddsAlsoWhenNothingIsFound() {
    FeedbackManager m =
        manager(RateLimitHook.builder().clock(clock).limit(3, Duration.ofMinutes(1)).build());
    Feedback added = m.addFeedback("s", fromUser("u").toBuilder().id("f-1").build()).feedback();
    assertThat(m.updateFeedback("s", added.toBuilder().comment("edited").build()).outcome())
        .isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(m.updateFeedback("s", fromUser("u").toBuilder().id("missing").build()).outcome())
        .isEqualTo(FeedbackResult.Outcome.NOT_FOUND);
    FeedbackRejectedException e =
        rejected(() -> m.updateFeedback("s", added.toBuilder().comment("edited again").build()));
    assertThat(e.code()).isEqualTo(FeedbackRejectedException.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly("edited");
  }

  @Test
  void anUpdateIsNeverLetOffAsARetryOfTheStoredAdd() {
    FeedbackManager m =
        manager(RateLimitHook.builder().clock(clock).limit(1, Duration.ofMinutes(1)).build());
    Feedback added = m.addFeedback("s", fromUser("u").toBuilder().id("f-1").build()).feedback();
    // The bucket is empty: the update with the stored id is charged and refused ...
    assertThat(
            rejected(() -> m.updateFeedback("s", added.toBuilder().comment("edited").build()))
                .code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
    // ... and used none of the allowance for retries of the add.
    for (int i = 0; i < RateLimitHook.DEFAULT_FREE_RETRIES; i++) {
      assertThat(m.addFeedback("s", added).created()).isFalse();
    }
    assertThat(rejected(() -> m.addFeedback("s", added)).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
  }

  @Test
  void aUserAndASessionWithTheSameIdDoNotShareABucket() {
    FeedbackManager m =
        manager(RateLimitHook.builder().clock(clock).limit(1, Duration.ofMinutes(1)).build());
    m.addFeedback("alice", Feedback.up("anonymous, in the session named alice"));
    m.addFeedback("elsewhere", fromUser("alice"));
    assertThat(rejected(() -> m.addFeedback("alice", Feedback.up("again"))).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
    assertThat(rejected(() -> m.addFeedback("s", fromUser("alice"))).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
    assertThat(RateLimitHook.USER_OR_SESSION.key("s", fromUser("alice"))).isEqualTo("user:alice");
    assertThat(RateLimitHook.USER_OR_SESSION.key("alice", Feedback.up("x")))
        .isEqualTo("session:alice");
  }

  @Test
  void aRetryInAnotherSessionWithTheSameIdIsCharged() {
    FeedbackManager m =
        manager(RateLimitHook.builder().clock(clock).limit(1, Duration.ofMinutes(1)).build());
    Feedback f = fromUser("u").toBuilder().id("f-1").build();
    m.addFeedback("s-1", f);
    assertThat(rejected(() -> m.addFeedback("s-2", f)).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
    assertThat(m.addFeedback("s-1", f).created()).isFalse();
  }

  @Test
  void aVoteThatChangedNothingGetsItsTokenBack() {
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .oneVotePerUserAndMessage(true)
            .hooks(
                RateLimitHook.builder()
                    .clock(clock)
                    .limit(2, Duration.ofMinutes(1))
                    .key(RateLimitHook.SESSION)
                    .freeRetries(1)
                    .build())
            .build();
    Instant t0 = Instant.parse("2026-03-01T11:59:00Z");
    Feedback up =
        Feedback.builder().userId("u").messageId("m").rating(Rating.UP).createdAt(t0).build();
    assertThat(m.addFeedback("s", up).outcome()).isEqualTo(FeedbackResult.Outcome.CREATED);
    // A retry of the stored vote changes nothing, so its token comes back ...
    assertThat(m.addFeedback("s", up).outcome()).isEqualTo(FeedbackResult.Outcome.UNCHANGED);
    // ... and pays for another user's vote in the session; then the bucket is empty.
    assertThat(m.addFeedback("s", up.toBuilder().userId("v").build()).outcome())
        .isEqualTo(FeedbackResult.Outcome.CREATED);
    assertThat(rejected(() -> m.addFeedback("s", up.toBuilder().userId("w").build())).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
  }

  /** Outcomes as {@code addFeedbacks} names them; a refusal as its code. */
  private static List<String> oneByOne(FeedbackManager m, List<SessionFeedback> items) {
    List<String> outcomes = new ArrayList<>();
    for (SessionFeedback item : items) {
      try {
        outcomes.add(m.addFeedback(item.sessionId(), item.feedback()).outcome().name());
      } catch (FeedbackRejectedException e) {
        outcomes.add("REJECTED " + e.code());
      }
    }
    return outcomes;
  }

  private static List<String> batch(FeedbackManager m, List<SessionFeedback> items) {
    BatchResult result = m.addFeedbacks(items);
    return result.items().stream()
        .map(
            i ->
                i.status().name()
                    + (i.error() instanceof FeedbackRejectedException e ? " " + e.code() : ""))
        .toList();
  }

  @Test
  void aRetryInTheSameBatchGroupIsLimitedAsWhenSentOneByOne() {
    // Two tokens: the first two calls take them; the retry of the first, sent when the
    // bucket is empty, passes as one sent alone does, though in a batch the first call is
    // not stored yet when the retry passes the hook. A new call after it is refused.
    Feedback first = fromUser("u").toBuilder().id("f-1").build();
    List<SessionFeedback> items =
        List.of(
            new SessionFeedback("s", first),
            new SessionFeedback("s", fromUser("u").toBuilder().id("f-2").build()),
            new SessionFeedback("s", first),
            new SessionFeedback("s", fromUser("u").toBuilder().id("f-3").build()));
    List<String> expected =
        List.of(
            "CREATED",
            "CREATED",
            "DUPLICATE",
            "REJECTED " + FeedbackRejectedException.RATE_LIMITED);

    assertThat(
            oneByOne(
                manager(
                    RateLimitHook.builder().clock(clock).limit(2, Duration.ofMinutes(1)).build()),
                items))
        .isEqualTo(expected);
    InMemoryFeedbackStore batchStore = new InMemoryFeedbackStore();
    FeedbackManager batched =
        FeedbackManager.builder()
            .store(batchStore)
            .clock(clock)
            .hooks(RateLimitHook.builder().clock(clock).limit(2, Duration.ofMinutes(1)).build())
            .build();
    assertThat(batch(batched, items)).isEqualTo(expected);
    assertThat(batchStore.list("s")).isEqualTo(store.list("s"));
  }

  @Test
  void aChargedRetryInTheSameBatchGroupGetsItsTokenBackAsWhenSentOneByOne() {
    // Three tokens: the retry of the first call takes one and gives it back when the
    // store answers with a duplicate, so the next new call passes, one by one and batched.
    Feedback first = fromUser("u").toBuilder().id("f-1").build();
    List<SessionFeedback> items =
        List.of(
            new SessionFeedback("s", first),
            new SessionFeedback("s", first),
            new SessionFeedback("s", fromUser("u").toBuilder().id("f-2").build()),
            new SessionFeedback("s", fromUser("u").toBuilder().id("f-3").build()),
            new SessionFeedback("s", fromUser("u").toBuilder().id("f-4").build()));
    List<String> expected =
        List.of(
            "CREATED",
            "DUPLICATE",
            "CREATED",
            "CREATED",
            "REJECTED " + FeedbackRejectedException.RATE_LIMITED);

    assertThat(
            oneByOne(
                manager(
                    RateLimitHook.builder().clock(clock).limit(3, Duration.ofMinutes(1)).build()),
                items))
        .isEqualTo(expected);
    FeedbackManager batched =
        FeedbackManager.builder()
            .store(new InMemoryFeedbackStore())
            .clock(clock)
            .hooks(RateLimitHook.builder().clock(clock).limit(3, Duration.ofMinutes(1)).build())
            .build();
    assertThat(batch(batched, items)).isEqualTo(expected);
  }

  @Test
  void aRetryLetThroughWhileItsFirstAttemptFailsIsChargedWhenItIsStored() {
    // The first attempt is refused further down once; its retry, arriving while it is on
    // its way, passes without a token (the bucket is empty) and is stored: then it owes
    // the token, and the bucket stays empty a whole interval longer.
    RateLimitHook hook =
        RateLimitHook.builder().clock(clock).limit(1, Duration.ofMinutes(1)).build();
    Feedback call = fromUser("u").toBuilder().id("f-1").build();
    boolean[] refused = new boolean[1];
    FeedbackHookHarness[] harness = new FeedbackHookHarness[1];
    harness[0] =
        new FeedbackHookHarness(
            hook,
            f -> {
              if (!refused[0]) {
                refused[0] = true;
                assertThat(harness[0].add("s", call).created()).isTrue(); // the retry, free
                throw new FeedbackRejectedException(
                    FeedbackRejectedException.SPAM, "first attempt");
              }
              return FeedbackResult.created(f);
            });
    assertThat(rejected(() -> harness[0].add("s", call)).code())
        .isEqualTo(FeedbackRejectedException.SPAM);
    clock.advance(Duration.ofMinutes(1));
    assertThat(rejected(() -> harness[0].add("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofMinutes(1));
  }

  @Test
  void eachKeyRemembersItsLastCallsAndChargesARetryOfAnOlderOne() {
    int calls = RateLimitHook.CALLS_PER_KEY + 1;
    FeedbackManager m =
        manager(RateLimitHook.builder().clock(clock).limit(calls, Duration.ofMinutes(1)).build());
    for (int i = 0; i < calls; i++) {
      m.addFeedback("s", fromUser("u").toBuilder().id("f-" + i).build());
    }
    // The bucket is empty: a retry of the last call passes, of the first (forgotten) not.
    assertThat(
            m.addFeedback("s", fromUser("u").toBuilder().id("f-" + (calls - 1)).build()).created())
        .isFalse();
    assertThat(
            rejected(() -> m.addFeedback("s", fromUser("u").toBuilder().id("f-0").build())).code())
        .isEqualTo(FeedbackRejectedException.RATE_LIMITED);
  }

  @Test
  void anIdMadeUpWithTheHashCodeOfAStoredOneGainsNothing() {
    // "Aa" and "BB" have the same String hash code: the second passes as a retry of the
    // first, but is stored, so it owes its token: the next call waits two intervals.
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    FeedbackManager m =
        manager(RateLimitHook.builder().clock(clock).limit(1, Duration.ofMinutes(1)).build());
    assertThat(m.addFeedback("s", fromUser("u").toBuilder().id("Aa").build()).created()).isTrue();
    assertThat(m.addFeedback("s", fromUser("u").toBuilder().id("BB").build()).created()).isTrue();
    assertThat(rejected(() -> m.addFeedback("s", fromUser("u"))).retryAfter())
        .contains(Duration.ofMinutes(2));
  }
}
