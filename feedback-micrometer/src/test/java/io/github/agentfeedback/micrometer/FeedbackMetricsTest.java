package io.github.agentfeedback.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.RateLimitHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.hooks.ValidationHook;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FeedbackMetricsTest {

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final FeedbackMetrics metrics = FeedbackMetrics.builder(registry).build();
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  private FeedbackManager manager(FeedbackHook... inner) {
    return FeedbackManager.builder().store(store).hooks(metrics.withHooks(List.of(inner))).build();
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private long calls(String name, String... tags) {
    return registry.get(name).tags(tags).timer().count();
  }

  @Test
  void storedFeedbackIsCountedByRatingAndSource() {
    FeedbackManager m = manager();
    m.addFeedback("s", Feedback.up("a"));
    m.addFeedback("s", Feedback.up("b"));
    m.addFeedback("s", Feedback.down("c"));
    m.addFeedback("s", Feedback.scored(9, Scale.NPS));
    m.addFeedback(
        "s", Feedback.builder().rating(Rating.DOWN).source(Source.LLM_JUDGE, "judge-1").build());
    m.addFeedback("s", Feedback.builder().rating(Rating.UP).source(new Source("survey")).build());

    assertThat(count("feedback.stored", "rating", "up", "source", "end_user")).isEqualTo(2);
    assertThat(count("feedback.stored", "rating", "down", "source", "end_user")).isEqualTo(1);
    assertThat(count("feedback.stored", "rating", "none", "source", "end_user")).isEqualTo(1);
    assertThat(count("feedback.stored", "rating", "down", "source", "llm_judge")).isEqualTo(1);
    assertThat(count("feedback.stored", "rating", "up", "source", "other")).isEqualTo(1);
    assertThat(calls("feedback.add", "outcome", "created")).isEqualTo(6);
  }

  @Test
  void duplicatesAreCountedAndStoreNothing() {
    FeedbackManager m = manager();
    Feedback f = Feedback.builder().id("f-1").rating(Rating.UP).build();
    m.addFeedback("s", f);
    m.addFeedback("s", f);

    assertThat(count("feedback.duplicates")).isEqualTo(1);
    assertThat(count("feedback.stored", "rating", "up", "source", "end_user")).isEqualTo(1);
    assertThat(calls("feedback.add", "outcome", "duplicate")).isEqualTo(1);
  }

  @Test
  void rejectionsAreCountedByReasonAndStoreErrorsByOperation() {
    FeedbackHook refuse =
        chain -> {
          String comment = chain.feedback().comment();
          switch (comment) {
            case "spam" -> throw new FeedbackRejectedException(FeedbackRejectedException.SPAM, "x");
            case "invalid" -> throw InvalidFeedbackException.of("comment", "bad", "bad");
            case "store" ->
                throw new FeedbackStoreException("down", "append", "s", "f", true, null);
            case "bug" -> throw new IllegalArgumentException("bug");
            default -> {
              return chain.proceed(chain.feedback());
            }
          }
        };
    FeedbackManager m = manager(refuse);
    for (String comment : List.of("spam", "spam", "invalid", "store", "bug")) {
      assertThatThrownBy(() -> m.addFeedback("s", Feedback.down(comment)))
          .isInstanceOf(RuntimeException.class);
    }
    FeedbackManager refusing =
        FeedbackManager.builder()
            .store(store)
            .unknownSessions(UnknownSessionPolicy.REFUSE)
            .hooks(metrics)
            .build();
    assertThatThrownBy(() -> refusing.addFeedback("unknown", Feedback.up("x")))
        .isInstanceOf(SessionNotFoundException.class);

    assertThat(count("feedback.rejected", "reason", "spam")).isEqualTo(2);
    assertThat(count("feedback.rejected", "reason", "invalid")).isEqualTo(1);
    assertThat(count("feedback.rejected", "reason", "session_not_found")).isEqualTo(1);
    assertThat(count("feedback.store.errors", "operation", "append", "retry_safe", "true"))
        .isEqualTo(1);
    assertThat(calls("feedback.add", "outcome", "rejected")).isEqualTo(2);
    assertThat(calls("feedback.add", "outcome", "store_error")).isEqualTo(1);
    assertThat(calls("feedback.add", "outcome", "error")).isEqualTo(1);
    assertThat(store.list("s")).isEmpty();
  }

  @Test
  void aRateLimitIsCountedAsRateLimited() {
    FeedbackManager m =
        manager(
            RateLimitHook.builder()
                .limit(1, Duration.ofMinutes(1))
                .key(RateLimitHook.SESSION)
                .build());
    m.addFeedback("s", Feedback.up("a"));
    assertThatThrownBy(() -> m.addFeedback("s", Feedback.up("b")))
        .isInstanceOf(FeedbackRejectedException.class);
    assertThat(count("feedback.rejected", "reason", "rate_limited")).isEqualTo(1);
  }

  @Test
  void eachHookIsTimedWithoutTheHooksAfterIt() {
    FeedbackHook outer =
        chain -> {
          clock.add(5, TimeUnit.MILLISECONDS);
          return chain.proceed(chain.feedback());
        };
    FeedbackHook inner =
        chain -> {
          clock.add(100, TimeUnit.MILLISECONDS);
          return chain.proceed(chain.feedback());
        };
    FeedbackManager m =
        manager(
            ReadyHooks.builder().validation(ValidationHook.defaults()).build().get(0),
            outer,
            inner);
    m.addFeedback("s", Feedback.up("fine"));

    assertThat(
            registry
                .get("feedback.hook")
                .tag("hook", "hook-1")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(5);
    assertThat(
            registry
                .get("feedback.hook")
                .tag("hook", "hook-2")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(100);
    assertThat(calls("feedback.hook", "hook", "ValidationHook", "action", "add")).isEqualTo(1);
    assertThat(
            registry
                .get("feedback.add")
                .tag("outcome", "created")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(105);
    assertThat(metrics.timed("inner", inner).toString()).startsWith("timed inner (");
  }

  @Test
  void satisfactionIsMeasuredOverTheSlidingWindow() {
    FeedbackManager m = manager();
    assertThat(registry.get("feedback.satisfaction").gauge().value()).isNaN();
    m.addFeedback("s", Feedback.up("a"));
    m.addFeedback("s", Feedback.neutral("not counted"));
    clock.add(Duration.ofMinutes(30));
    m.addFeedback("s", Feedback.down("b"));
    m.addFeedback("s", Feedback.up("c"));
    m.addFeedback("s", Feedback.up("d"));
    assertThat(registry.get("feedback.satisfaction").gauge().value()).isEqualTo(75.0);

    clock.add(Duration.ofMinutes(31)); // the first vote left the window
    assertThat(registry.get("feedback.satisfaction").gauge().value())
        .isCloseTo(66.67, org.assertj.core.data.Offset.offset(0.01));
    clock.add(Duration.ofHours(2));
    assertThat(registry.get("feedback.satisfaction").gauge().value()).isNaN();
  }

  @Test
  void tagsHaveFewValuesAndNeverIds() {
    FeedbackMetrics tagged =
        FeedbackMetrics.builder(registry).tags(Tags.of("application", "bot")).build();
    FeedbackManager m =
        FeedbackManager.builder().store(store).hooks(tagged.withHooks(List.of())).build();
    for (int i = 0; i < 50; i++) {
      m.addFeedback(
          "session-" + i, Feedback.builder().rating(Rating.UP).userId("user-" + i).build());
    }
    Set<String> keys =
        registry.getMeters().stream()
            .map(Meter::getId)
            .flatMap(id -> id.getTags().stream())
            .map(Tag::getKey)
            .collect(Collectors.toSet());
    assertThat(keys).containsOnly("rating", "source", "outcome", "application");
    assertThat(registry.getMeters())
        .allSatisfy(meter -> assertThat(meter.getId().getName()).matches("[a-z]+(\\.[a-z_]+)*"));
    assertThat(registry.find("feedback.stored").tag("application", "bot").counters()).hasSize(20);
  }

  @Test
  void reasonsAndOperationsFromInputHaveABoundedSetOfTagValues() {
    // Any hook may throw a rejection with a code of its own, any store an operation name of
    // its own: a code made of the user's id must not make a meter per user.
    FeedbackHook refuse =
        chain -> {
          String comment = chain.feedback().comment();
          if (comment.startsWith("store:")) {
            throw new FeedbackStoreException(
                "down", comment.substring("store:".length()), "s", "f", false, null);
          }
          throw new FeedbackRejectedException(comment, "refused");
        };
    FeedbackManager m = manager(refuse);
    for (int i = 0; i < 500; i++) {
      String code = "blocked_user_" + i;
      assertThatThrownBy(() -> m.addFeedback("s", Feedback.down(code)))
          .isInstanceOf(FeedbackRejectedException.class);
      String operation = "store:op_" + i;
      assertThatThrownBy(() -> m.addFeedback("s", Feedback.down(operation)))
          .isInstanceOf(FeedbackStoreException.class);
    }
    String odd = "Spam With Spaces \uD83D\uDE00 " + "x".repeat(10_000);
    assertThatThrownBy(() -> m.addFeedback("s", Feedback.down(odd)))
        .isInstanceOf(FeedbackRejectedException.class);

    assertThat(registry.find("feedback.rejected").counters())
        .hasSize(FeedbackMetrics.MAX_TAG_VALUES + 1);
    assertThat(registry.find("feedback.store.errors").counters())
        .hasSize(FeedbackMetrics.MAX_TAG_VALUES + 1);
    assertThat(count("feedback.rejected", "reason", "blocked_user_0")).isEqualTo(1);
    assertThat(count("feedback.rejected", "reason", "other"))
        .isEqualTo(500 - FeedbackMetrics.MAX_TAG_VALUES + 1);
    assertThat(count("feedback.store.errors", "operation", "other", "retry_safe", "false"))
        .isEqualTo(500 - FeedbackMetrics.MAX_TAG_VALUES);
  }

  @Test
  void aRegistryThatRefusesAMeterNeverFailsTheCall() {
    // A meter of another type under the same name and tags makes the registry throw when this
    // hook registers its own; the call must still return what was stored, or the rejection.
    registry.counter("feedback.add", "outcome", "created");
    registry.gauge("feedback.rejected", Tags.of("reason", "spam"), 1.0);
    FeedbackHook refuse =
        chain -> {
          if (chain.feedback().comment().equals("spam")) {
            throw new FeedbackRejectedException(FeedbackRejectedException.SPAM, "x");
          }
          return chain.proceed(chain.feedback());
        };
    FeedbackManager m = manager(refuse);

    assertThat(m.addFeedback("s", Feedback.up("kept")).created()).isTrue();
    assertThat(m.addFeedback("s", Feedback.up("kept too")).created()).isTrue();
    assertThatThrownBy(() -> m.addFeedback("s", Feedback.down("spam")))
        .isInstanceOf(FeedbackRejectedException.class);
    assertThat(store.list("s")).hasSize(2);
    assertThat(count("feedback.stored", "rating", "up", "source", "end_user")).isEqualTo(2);
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertThatThrownBy(() -> FeedbackMetrics.builder(registry).window(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window must be from 1 second to 30 days");
    assertThatThrownBy(() -> FeedbackMetrics.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
  }
}
