package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackManager;
import io.github.agentfeedback.InMemoryFeedbackStore;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Violation;
import io.github.agentfeedback.hooks.internal.ChainOrder;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.NotificationHook;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented chain — sanitizing, PII redaction, validation, rate limit, spam filter,
 * audit, notification, analytics, then escalation — through a real manager and store:
 * validation sees the text that is stored.
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
            SanitizingHook.defaults(),
            PiiRedactionHook.defaults(),
            ValidationHook.builder().clock(clock).build(),
            rateLimit,
            SpamFilterHook.defaults(),
            AuditHook.builder().clock(clock).sink(audit::add).build(),
            notification,
            analytics,
            EscalationHook.builder().clock(clock).downStreak(2).listener(escalations::add)
                .build())
        .build();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"<p></p>", "&nbsp;", "\u00a0\u00a0", "<b> </b>", "<br>&#160;<br/>"})
  void aDownWhoseCommentIsOnlyMarkupOrSpaceIsRefused(String comment) {
    assertThatThrownBy(() -> manager.addFeedback("s", Feedback.down(comment)))
        .isInstanceOfSatisfying(InvalidFeedbackException.class, e ->
            assertThat(e.violations()).extracting(Violation::field, Violation::code)
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
    ValidationHook shortComments = ValidationHook.builder().clock(clock).maxCommentLength(10)
        .build();
    FeedbackManager m = FeedbackManager.builder().store(store).clock(clock)
        .hooks(SanitizingHook.defaults(), PiiRedactionHook.defaults(), shortComments).build();
    // 28 chars as sent, 7 as stored: the limit applies to what is stored.
    m.addFeedback("s", Feedback.up("<i>jane.doe@example.com</i>"));
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly("[EMAIL]");
  }

  @Test
  void theDocumentedOrderLogsNoOrderWarning() {
    List<String> log = CapturedLog.during(() -> manager.addFeedback("s",
        Feedback.up("<b>mail</b> jane@example.com")));
    assertThat(log).noneMatch(line -> line.contains("after ValidationHook"));
  }

  @Test
  void validatingBeforeSanitizingIsWarnedOncePerHookInstance() {
    SanitizingHook sanitizing = SanitizingHook.defaults();
    PiiRedactionHook redaction = PiiRedactionHook.defaults();
    FeedbackManager wrong = FeedbackManager.builder().store(store)
        .hooks(ValidationHook.defaults(), sanitizing, redaction).build();
    SanitizingHook another = SanitizingHook.defaults();
    FeedbackManager alsoWrong = FeedbackManager.builder().store(store)
        .hooks(ValidationHook.defaults(), another).build();

    List<String> log = CapturedLog.during(() -> {
      wrong.addFeedback("s", Feedback.down("<p></p>")); // passes: validated before sanitizing
      wrong.addFeedback("s", Feedback.down("<b>mail me</b> at jane@example.com"));
      wrong.addFeedback("s", Feedback.down("<i>again</i> jane@example.com"));
      alsoWrong.addFeedback("s", Feedback.down("<p>&nbsp;</p>"));
    });

    assertThat(store.list("s")).extracting(Feedback::comment)
        .containsExactly("", "mail me at [EMAIL]", "again [EMAIL]", "");
    List<String> warnings = log.stream().filter(line -> line.contains(" WARN ")
        && line.contains("after ValidationHook")).toList();
    assertThat(warnings).hasSize(3).allSatisfy(line -> assertThat(line)
        .contains("documented order: " + ChainOrder.DOCUMENTED));
    assertThat(warnings.get(0)).contains("SanitizingHook changed the text");
    assertThat(warnings.get(1)).contains("PiiRedactionHook changed the text");
    assertThat(warnings.get(2)).contains("SanitizingHook changed the text");
  }
}
