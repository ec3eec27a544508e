package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.AuditEvent.Outcome;
import io.github.agentfeedback.hooks.AuditEvent.Phase;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class AuditHookTest {

  private final TestClock clock = TestClock.at("2026-03-01T09:00:00Z");
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  private FeedbackManager manager(FeedbackHook... inner) {
    List<FeedbackHook> hooks = new ArrayList<>();
    hooks.add(AuditHook.builder().clock(clock).sink(events::add).build());
    hooks.addAll(List.of(inner));
    return FeedbackManager.builder().store(store).hooks(hooks).clock(clock).build();
  }

  /** A hook that lets time pass inside the chain, so durations are deterministic. */
  private FeedbackHook takes(Duration d) {
    return chain -> {
      clock.advance(d);
      return chain.proceed(chain.feedback());
    };
  }

  @Test
  void recordsOneEventBeforeAndOneAfterACreatedFeedback() {
    Feedback f =
        Feedback.builder()
            .id("f-1")
            .rating(Rating.UP)
            .userId("u-1")
            .comment("my phone is 555-123-4567")
            .build();
    manager(takes(Duration.ofMillis(42))).addFeedback("s-1", f);

    assertThat(events).hasSize(2);
    AuditEvent before = events.get(0);
    assertThat(before.phase()).isEqualTo(Phase.BEFORE);
    assertThat(before.time()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
    assertThat(before.sessionId()).isEqualTo("s-1");
    assertThat(before.feedbackId()).isEqualTo("f-1");
    assertThat(before.userId()).isEqualTo("u-1");
    assertThat(before.rating()).isEqualTo(Rating.UP);
    assertThat(before.outcome()).isNull();
    assertThat(before.duration()).isNull();

    AuditEvent after = events.get(1);
    assertThat(after.phase()).isEqualTo(Phase.AFTER);
    assertThat(after.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(after.duration()).isEqualTo(Duration.ofMillis(42));
    assertThat(after.reason()).isNull();
  }

  @Test
  void recordsWhoCalledFromTheCallersContextAndNothingWithoutOne() {
    CallContext alice =
        CallContext.builder()
            .principal("alice")
            .clientAddress("203.0.113.7")
            .userAgent("curl/8.5")
            .build();
    manager().addFeedback("s", Feedback.up("x"), alice);
    manager().addFeedback("s", Feedback.up("y"));

    assertThat(events).hasSize(4);
    assertThat(events.subList(0, 2))
        .allSatisfy(
            e -> {
              assertThat(e.principal()).isEqualTo("alice");
              assertThat(e.clientAddress()).isEqualTo("203.0.113.7");
              assertThat(e.toString()).contains("principal=alice");
            });
    assertThat(events.subList(2, 4))
        .allSatisfy(
            e -> {
              assertThat(e.principal()).isNull();
              assertThat(e.clientAddress()).isNull();
            });
    assertThat(store.list("s")).allSatisfy(f -> assertThat(f.attributes()).isEmpty());
  }

  @Test
  void commentIsOmittedByDefaultButItsLengthIsKept() {
    manager().addFeedback("s", Feedback.up("secret stuff"));
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.comment()).isNull();
              assertThat(e.commentLength()).isEqualTo(12);
              assertThat(e.toString()).doesNotContain("secret");
            });
  }

  @Test
  void commentIsIncludedWhenConfigured() {
    AuditHook hook =
        AuditHook.builder().clock(clock).sink(events::add).includeComment(true).build();
    FeedbackManager.builder()
        .store(store)
        .hooks(hook)
        .build()
        .addFeedback("s", Feedback.up("hello"));
    assertThat(events).extracting(AuditEvent::comment).containsExactly("hello", "hello");
  }

  @Test
  void aRetriedCallIsRecordedAsDuplicate() {
    Feedback f = Feedback.builder().id("same").rating(Rating.UP).build();
    manager().addFeedback("s", f);
    manager().addFeedback("s", f);
    assertThat(events)
        .filteredOn(e -> e.phase() == Phase.AFTER)
        .extracting(AuditEvent::outcome)
        .containsExactly(Outcome.CREATED, Outcome.DUPLICATE);
  }

  @Test
  void aRejectionByALaterHookIsRecordedWithItsCodeAndStillThrown() {
    FeedbackHook spam =
        chain -> {
          throw new FeedbackRejectedException(FeedbackRejectedException.SPAM, "spam");
        };
    assertThatThrownBy(() -> manager(spam).addFeedback("s", Feedback.up("buy now")))
        .isInstanceOf(FeedbackRejectedException.class);
    assertThat(events)
        .extracting(AuditEvent::phase, AuditEvent::outcome, AuditEvent::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Phase.BEFORE, null, null),
            org.assertj.core.groups.Tuple.tuple(Phase.AFTER, Outcome.REJECTED, "SPAM"));
  }

  @Test
  void invalidFeedbackFromALaterHookIsRecordedAsRejected() {
    assertThatThrownBy(() -> manager(ValidationHook.defaults()).addFeedback("s", Feedback.down("")))
        .isInstanceOf(io.github.agentfeedback.InvalidFeedbackException.class);
    assertThat(events.get(1).outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(events.get(1).reason()).isEqualTo("INVALID [comment]");
  }

  @Test
  void aStoreFailureIsRecordedAsFailedAndPassesThrough() {
    FeedbackHook failingStore =
        chain -> {
          throw new FeedbackStoreException(
              "disk full", "append", chain.sessionId(), chain.feedback().id(), true, null);
        };
    assertThatThrownBy(() -> manager(failingStore).addFeedback("s", Feedback.up("x")))
        .isInstanceOf(FeedbackStoreException.class);
    assertThat(events.get(1).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(events.get(1).reason()).isEqualTo(FeedbackStoreException.class.getName());
  }

  @Test
  void anErrorBelowIsRecordedAsFailedAndPassesThroughUnchanged() {
    StackOverflowError error = new StackOverflowError("deep");
    FeedbackHook overflowing =
        chain -> {
          clock.advance(Duration.ofMillis(7));
          throw error;
        };
    assertThatThrownBy(() -> manager(overflowing).addFeedback("s", Feedback.up("x")))
        .isSameAs(error);
    assertThat(events)
        .extracting(AuditEvent::phase, AuditEvent::outcome, AuditEvent::reason)
        .containsExactly(
            tuple(Phase.BEFORE, null, null),
            tuple(Phase.AFTER, Outcome.FAILED, StackOverflowError.class.getName()));
    assertThat(events.get(1).duration()).isEqualTo(Duration.ofMillis(7));
    assertThat(error.getSuppressed()).isEmpty();
  }

  @Test
  void aSinkFailingOnTheAfterEventOfAnErrorLeavesThatErrorInCharge() {
    AssertionError error = new AssertionError("broken invariant");
    AuditHook hook =
        AuditHook.builder()
            .clock(clock)
            .sink(
                e -> {
                  if (e.phase() == Phase.AFTER) {
                    throw new LinkageError("sink classes missing");
                  }
                })
            .addSink(events::add)
            .build();
    FeedbackHook failing =
        chain -> {
          throw error;
        };
    FeedbackManager m = FeedbackManager.builder().store(store).hooks(hook, failing).build();
    assertThatThrownBy(() -> m.addFeedback("s", Feedback.up("x"))).isSameAs(error);
    assertThat(error.getSuppressed()).hasSize(1);
    assertThat(error.getSuppressed()[0])
        .isInstanceOf(LinkageError.class)
        .hasMessage("sink classes missing");
  }

  @Test
  void sessionIdIsInTheMdcDuringTheCallAndThePreviousValueIsRestored() {
    List<String> seen = new ArrayList<>();
    FeedbackHook peek =
        chain -> {
          seen.add(MDC.get(AuditHook.MDC_KEY));
          return chain.proceed(chain.feedback());
        };
    MDC.put(AuditHook.MDC_KEY, "outer");
    manager(peek).addFeedback("s-42", Feedback.up("x"));
    assertThat(seen).containsExactly("s-42");
    assertThat(MDC.get(AuditHook.MDC_KEY)).isEqualTo("outer");

    MDC.clear();
    manager(peek).addFeedback("s-43", Feedback.up("x"));
    assertThat(MDC.get(AuditHook.MDC_KEY)).isNull();
  }

  @Test
  void aFailingSinkNeverFailsTheCaller() {
    List<AuditEvent> second = new ArrayList<>();
    AuditHook hook =
        AuditHook.builder()
            .clock(clock)
            .sink(
                e -> {
                  throw new IllegalStateException("sink down");
                })
            .addSink(second::add)
            .build();
    FeedbackResult r =
        FeedbackManager.builder()
            .store(store)
            .hooks(hook)
            .build()
            .addFeedback("s", Feedback.up("x"));
    assertThat(r.created()).isTrue();
    assertThat(second).hasSize(2);
  }

  @Test
  void defaultSlf4jSinkLogsWithoutFailing() {
    FeedbackResult r =
        FeedbackManager.builder()
            .store(store)
            .hooks(AuditHook.defaults())
            .build()
            .addFeedback("s", Feedback.up("x"));
    assertThat(r.created()).isTrue();
  }

  @Test
  void theSlf4jSinkLogsAnyValidEventAlsoOneWithAnOutcomeButNoDuration() {
    // The event's contract asks for a duration only after storage.
    AuditEvent early =
        new AuditEvent(
            Phase.BEFORE,
            clock.instant(),
            FeedbackAction.ADD,
            "s",
            "f-1",
            null,
            Rating.UP,
            Outcome.CREATED,
            null,
            null,
            0,
            null,
            null,
            null);
    assertThatCode(() -> AuditSink.slf4j().accept(early)).doesNotThrowAnyException();
  }

  @Test
  void updatesAreRecordedWithTheirActionAndOutcome() {
    FeedbackManager m = manager();
    Feedback added =
        m.addFeedback("s", Feedback.builder().id("f-1").rating(Rating.UP).comment("fine").build())
            .feedback();
    m.updateFeedback("s", added.toBuilder().rating(Rating.DOWN).comment("not fine").build());
    m.updateFeedback("s", Feedback.builder().id("missing").rating(Rating.UP).build());

    assertThat(events)
        .extracting(
            AuditEvent::phase, AuditEvent::action, AuditEvent::feedbackId, AuditEvent::outcome)
        .containsExactly(
            tuple(Phase.BEFORE, FeedbackAction.ADD, "f-1", null),
            tuple(Phase.AFTER, FeedbackAction.ADD, "f-1", Outcome.CREATED),
            tuple(Phase.BEFORE, FeedbackAction.UPDATE, "f-1", null),
            tuple(Phase.AFTER, FeedbackAction.UPDATE, "f-1", Outcome.REPLACED),
            tuple(Phase.BEFORE, FeedbackAction.UPDATE, "missing", null),
            tuple(Phase.AFTER, FeedbackAction.UPDATE, "missing", Outcome.NOT_FOUND));
    assertThat(events.get(3).rating()).isEqualTo(Rating.DOWN);
    assertThat(events.get(3).toString()).contains("action=UPDATE").doesNotContain("not fine");
  }

  @Test
  void aSecondVoteInOneVoteModeIsRecordedAsReplaced() {
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .oneVotePerUserAndMessage(true)
            .hooks(AuditHook.builder().clock(clock).sink(events::add).build())
            .build();
    Feedback vote = Feedback.builder().userId("u").messageId("m").rating(Rating.UP).build();
    m.addFeedback("s", vote);
    m.addFeedback("s", vote.toBuilder().rating(Rating.DOWN).build());
    assertThat(events)
        .filteredOn(e -> e.phase() == Phase.AFTER)
        .extracting(AuditEvent::action, AuditEvent::outcome)
        .containsExactly(
            tuple(FeedbackAction.ADD, Outcome.CREATED),
            tuple(FeedbackAction.ADD, Outcome.REPLACED));
  }

  @Test
  void votesTheStoreLeftAsTheyWereAndTrimmedFeedbackAreRecordedAsSuch() {
    FeedbackManager m =
        FeedbackManager.builder()
            .store(InMemoryFeedbackStore.builder().maxFeedbacksPerSession(1).build())
            .clock(clock)
            .oneVotePerUserAndMessage(true)
            .hooks(AuditHook.builder().clock(clock).sink(events::add).build())
            .build();
    Instant t0 = Instant.parse("2026-03-01T08:00:00Z");
    Feedback first =
        Feedback.builder().userId("u").messageId("m").rating(Rating.UP).createdAt(t0).build();
    Feedback second = first.toBuilder().rating(Rating.DOWN).createdAt(t0.plusSeconds(5)).build();
    m.addFeedback("s", first);
    m.addFeedback("s", second);
    m.addFeedback("s", second); // retried
    m.addFeedback("s", first); // the first click's late retry
    m.addFeedback("s", Feedback.up("long ago").toBuilder().createdAt(t0.minusSeconds(60)).build());
    assertThat(events)
        .filteredOn(e -> e.phase() == Phase.AFTER)
        .extracting(AuditEvent::outcome)
        .containsExactly(
            Outcome.CREATED, Outcome.REPLACED, Outcome.UNCHANGED, Outcome.STALE, Outcome.TRIMMED);
  }
}
