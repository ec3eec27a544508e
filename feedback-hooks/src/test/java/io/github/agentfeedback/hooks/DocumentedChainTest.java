package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Violation;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.hooks.AuditEvent.Outcome;
import io.github.agentfeedback.hooks.AuditEvent.Phase;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented chain — sanitizing, PII redaction, validation, rate limit, spam filter,
 * audit, notification, analytics, then escalation, composed by {@link ReadyHooks} — through
 * a real manager and store: validation sees the text that is stored, and retried calls
 * count once everywhere.
 */
class DocumentedChainTest {

  private final TestClock clock = TestClock.at("2026-03-01T08:00:00Z");
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  private final List<Notification> notified = new CopyOnWriteArrayList<>();
  private final List<Escalation> escalations = new CopyOnWriteArrayList<>();
  private final AnalyticsHook analytics = AnalyticsHook.builder().clock(clock).build();
  private final NotificationHook notification =
      NotificationHook.builder().clock(clock).notifier(notified::add).build();
  private final FeedbackManager manager =
      documentedChain(RateLimitHook.builder().clock(clock).build());

  private FeedbackManager documentedChain(RateLimitHook rateLimit) {
    return FeedbackManager.builder()
        .store(store)
        .clock(clock)
        .hooks(
            ReadyHooks.builder()
                .escalation(
                    EscalationHook.builder()
                        .clock(clock)
                        .escalations(new InMemoryEscalationStore())
                        .feedbackStore(store)
                        .downStreak(2)
                        .listener(raised -> escalations.add(raised.escalation()))
                        .build())
                .analytics(analytics)
                .notification(notification)
                .audit(AuditHook.builder().clock(clock).sink(audit::add).build())
                .spamFilter(SpamFilterHook.defaults())
                .rateLimit(rateLimit)
                .validation(ValidationHook.builder().clock(clock).build())
                .piiRedaction(PiiRedactionHook.defaults())
                .sanitizing(SanitizingHook.defaults())
                .build())
        .build();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Waits for the notification hook's queue to drain. */
  private List<Notification> notifications() {
    notification.shutdown(Duration.ofSeconds(10));
    return notified;
  }

  private static Feedback down(String id, String user, String comment) {
    return Feedback.builder().id(id).rating(Rating.DOWN).userId(user).comment(comment).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"<p></p>", "&nbsp;", "\u00a0\u00a0", "<b> </b>", "<br>&#160;<br/>"})
  void aDownWhoseCommentIsOnlyMarkupOrSpaceIsRefused(String comment) {
    assertThatThrownBy(() -> manager.addFeedback("s", Feedback.down(comment)))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field, Violation::code)
                    .containsExactly(tuple("comment", "required")));
    assertThat(store.list("s")).isEmpty();
    assertThat(analytics.total()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"<p></p>", "&nbsp;", "\u00a0\u00a0", "<b> </b>", "<br>&#160;<br/>"})
  void anUpWhoseCommentIsOnlyMarkupOrSpaceIsStoredWithAnEmptyComment(String comment) {
    assertThat(manager.addFeedback("s", Feedback.up(comment)).created()).isTrue();
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly("");
  }

  @Test
  void validationChecksTheRedactedTextThatIsStored() {
    ValidationHook shortComments =
        ValidationHook.builder().clock(clock).maxCommentLength(10).build();
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .clock(clock)
            .hooks(SanitizingHook.defaults(), PiiRedactionHook.defaults(), shortComments)
            .build();
    // 28 chars as sent, 7 as stored: the limit applies to what is stored.
    m.addFeedback("s", Feedback.up("<i>jane.doe@example.com</i>"));
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly("[EMAIL]");
  }

  @Test
  void aRetriedCallIsStoredNotifiedCountedAndEscalatedOnce() {
    Feedback first = down("f-1", "u-1", "<b>Wrong</b> answer");
    List<FeedbackResult> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(manager.addFeedback("s", first));
    }
    results.add(manager.addFeedback("s", down("f-2", "u-1", "still wrong")));
    results.add(manager.addFeedback("s", down("f-2", "u-1", "still wrong")));

    assertThat(results)
        .extracting(FeedbackResult::created)
        .containsExactly(true, false, false, false, true, false);
    assertThat(store.list("s")).extracting(Feedback::id).containsExactly("f-1", "f-2");
    assertThat(analytics.snapshot().ratings().total()).isEqualTo(2);
    assertThat(analytics.snapshot().ratings().down()).isEqualTo(2);
    // Two DOWN in a row: once f-2 is stored, not when f-1 is retried.
    assertThat(escalations)
        .singleElement()
        .satisfies(e -> assertThat(e.feedback()).containsExactly(new FeedbackRef("s", "f-2")));
    assertThat(audit)
        .filteredOn(e -> e.phase() == Phase.AFTER)
        .extracting(AuditEvent::feedbackId, AuditEvent::outcome)
        .containsExactly(
            tuple("f-1", Outcome.CREATED), tuple("f-1", Outcome.DUPLICATE),
            tuple("f-1", Outcome.DUPLICATE), tuple("f-1", Outcome.DUPLICATE),
            tuple("f-2", Outcome.CREATED), tuple("f-2", Outcome.DUPLICATE));
    assertThat(notifications())
        .extracting(n -> n.feedback().id(), Notification::count)
        .containsExactly(tuple("f-1", 1L), tuple("f-2", 2L));
  }

  @Test
  void retriesNeitherUseTokensNorAreRefusedWhenTheBucketIsEmpty() {
    // The default limit: 5 per minute per user. Retries of stored calls are free.
    for (int i = 1; i <= 5; i++) {
      Feedback f = down("f-" + i, "u-1", "wrong " + i);
      assertThat(manager.addFeedback("s", f).created()).isTrue();
      assertThat(manager.addFeedback("s", f).created()).isFalse();
    }
    // The bucket is empty now: a retry of a stored call still passes, a new call does not.
    assertThat(manager.addFeedback("s", down("f-1", "u-1", "wrong 1")).created()).isFalse();
    assertThatThrownBy(() -> manager.addFeedback("s", down("f-6", "u-1", "wrong 6")))
        .isInstanceOfSatisfying(
            FeedbackRejectedException.class,
            e -> assertThat(e.code()).isEqualTo(FeedbackRejectedException.RATE_LIMITED));
    assertThat(store.list("s")).hasSize(5);
    assertThat(analytics.total()).isEqualTo(5);
  }

  @Test
  void concurrentRetriesOfManyCallsCountEachCallOnce() throws Exception {
    int calls = 40;
    int threads = 8;
    List<Feedback> feedback = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      feedback.add(
          Feedback.builder()
              .id("f-" + i)
              .userId("u-" + i)
              .rating(i % 2 == 0 ? Rating.DOWN : Rating.UP)
              .comment("<p>comment " + i + "</p>")
              .build());
    }
    // Simultaneous first attempts of one call may each take a token before either is
    // known to the other, so the limit here is generous.
    FeedbackManager concurrent =
        documentedChain(
            RateLimitHook.builder().clock(clock).limit(100, Duration.ofMinutes(1)).build());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Feedback> order = new ArrayList<>(feedback);
        Collections.shuffle(order, new java.util.Random(t));
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (Feedback f : order) {
                    concurrent.addFeedback("session-" + f.userId(), f);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(feedback)
        .allSatisfy(
            f ->
                assertThat(store.list("session-" + f.userId()))
                    .extracting(Feedback::id)
                    .containsExactly(f.id()));
    assertThat(analytics.snapshot().ratings().total()).isEqualTo(calls);
    assertThat(analytics.snapshot().ratings().down()).isEqualTo(calls / 2);
    assertThat(audit).filteredOn(e -> e.outcome() == Outcome.CREATED).hasSize(calls);
    assertThat(audit)
        .filteredOn(e -> e.outcome() == Outcome.DUPLICATE)
        .hasSize(calls * (threads - 1));
    assertThat(notifications())
        .extracting(n -> n.feedback().id())
        .doesNotHaveDuplicates()
        .hasSize(calls / 2);
  }

  @Test
  void anUpdateIsCheckedAndCleanedLikeAnAddButNeitherCountedNorNotifiedAgain() {
    Feedback added = manager.addFeedback("s", down("f-1", "u-1", "<b>Wrong</b> answer")).feedback();
    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(
            () -> manager.updateFeedback("s", added.toBuilder().comment("<p>&nbsp;</p>").build()))
        .isInstanceOf(InvalidFeedbackException.class);
    FeedbackResult replaced =
        manager.updateFeedback(
            "s",
            added.toBuilder()
                .comment("<i>Still</i> wrong, mail me: jane@example.com")
                .prompt("<p>How do I reset my password?</p>")
                .response("Call +44 20 7946 0958 <script>x()</script>")
                .build());

    assertThat(replaced.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.comment()).isEqualTo("Still wrong, mail me: [EMAIL]");
              // Model text is stored as given, but for the personal data redacted.
              assertThat(f.prompt()).isEqualTo("<p>How do I reset my password?</p>");
              assertThat(f.response()).isEqualTo("Call [PHONE] <script>x()</script>");
              assertThat(f.attributes())
                  .containsEntry(ValidationHook.VALIDATED_AT, clock.instant())
                  .containsEntry(PiiRedactionHook.ATTRIBUTE, List.of("email", "phone"));
            });
    assertThat(audit)
        .filteredOn(e -> e.phase() == Phase.AFTER)
        .extracting(AuditEvent::action, AuditEvent::outcome)
        .containsExactly(
            tuple(FeedbackAction.ADD, Outcome.CREATED),
            tuple(FeedbackAction.UPDATE, Outcome.REPLACED));
    assertThat(analytics.snapshot().ratings().total()).isEqualTo(1);
    assertThat(escalations).isEmpty();
    assertThat(notifications()).extracting(n -> n.feedback().id()).containsExactly("f-1");
  }
}
