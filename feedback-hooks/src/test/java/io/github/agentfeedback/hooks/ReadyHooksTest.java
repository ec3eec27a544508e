package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Violation;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.ReadyHooks.Stage;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadyHooksTest {

  private final SanitizingHook sanitizing = SanitizingHook.defaults();
  private final PiiRedactionHook piiRedaction = PiiRedactionHook.defaults();
  private final ValidationHook validation = ValidationHook.defaults();
  private final RateLimitHook rateLimit = RateLimitHook.defaults();
  private final SpamFilterHook spamFilter = SpamFilterHook.defaults();
  private final SentimentHook sentiment = SentimentHook.defaults();
  private final AuditHook audit = AuditHook.builder().sink(event -> {}).build();
  private final NotificationHook notification =
      NotificationHook.builder().notifier(n -> {}).build();
  private final AnalyticsHook analytics = AnalyticsHook.defaults();
  private final EscalationHook escalation =
      EscalationHook.builder()
          .escalations(new io.github.agentfeedback.memory.InMemoryEscalationStore())
          .negativeRatings(3)
          .build();

  @AfterEach
  void close() {
    notification.close();
  }

  /** A custom hook that records its name on the way in. */
  private static FeedbackHook named(String name, List<String> seen) {
    return new FeedbackHook() {
      @Override
      public FeedbackResult intercept(Chain chain) {
        seen.add(name);
        return chain.proceed(chain.feedback());
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  @Test
  void theReadyHooksComeInTheDocumentedOrderWhateverOrderTheyAreGivenIn() {
    List<FeedbackHook> chain =
        ReadyHooks.builder()
            .escalation(escalation)
            .analytics(analytics)
            .notification(notification)
            .audit(audit)
            .sentiment(sentiment)
            .spamFilter(spamFilter)
            .rateLimit(rateLimit)
            .validation(validation)
            .piiRedaction(piiRedaction)
            .sanitizing(sanitizing)
            .build();
    assertThat(chain)
        .containsExactly(
            sanitizing,
            piiRedaction,
            validation,
            rateLimit,
            spamFilter,
            sentiment,
            audit,
            notification,
            analytics,
            escalation);
  }

  @Test
  void customHooksRunAtTheEndOfTheirStageInTheOrderAdded() {
    List<String> seen = new ArrayList<>();
    ReadyHooks.Builder builder =
        ReadyHooks.builder().validation(validation).rateLimit(rateLimit).audit(audit);
    Stage[] stages = Stage.values();
    for (int i = stages.length - 1; i >= 0; i--) {
      builder
          .add(stages[i], named(stages[i] + " 1", seen))
          .add(stages[i], named(stages[i] + " 2", seen));
    }
    assertThat(builder.build())
        .extracting(Object::toString)
        .containsExactly(
            "FIRST 1",
            "FIRST 2",
            "CHANGE_TEXT 1",
            "CHANGE_TEXT 2",
            validation.toString(),
            "VALIDATE 1",
            "VALIDATE 2",
            rateLimit.toString(),
            "REFUSE 1",
            "REFUSE 2",
            "ENRICH 1",
            "ENRICH 2",
            audit.toString(),
            "OBSERVE 1",
            "OBSERVE 2");

    FeedbackManager manager =
        FeedbackManager.builder().store(new InMemoryFeedbackStore()).hooks(builder.build()).build();
    manager.addFeedback("s", Feedback.up("fine"));
    assertThat(seen)
        .containsExactly(
            "FIRST 1",
            "FIRST 2",
            "CHANGE_TEXT 1",
            "CHANGE_TEXT 2",
            "VALIDATE 1",
            "VALIDATE 2",
            "REFUSE 1",
            "REFUSE 2",
            "ENRICH 1",
            "ENRICH 2",
            "OBSERVE 1",
            "OBSERVE 2");
  }

  @Test
  void validationGivenFirstStillChecksTheSanitizedText() {
    // Validation set before sanitizing: the chain still sanitizes first, so a DOWN whose
    // comment is markup only is refused instead of being stored empty.
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .hooks(ReadyHooks.builder().validation(validation).sanitizing(sanitizing).build())
            .build();
    assertThatThrownBy(() -> manager.addFeedback("s", Feedback.down("<p>&nbsp;</p>")))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field, Violation::code)
                    .containsExactly(tuple("comment", "required")));
    assertThat(store.list("s")).isEmpty();
  }

  @Test
  void aReadyHookSetTwiceIsReplacedAndNoHookMakesAnEmptyChain() {
    ValidationHook strict = ValidationHook.builder().maxCommentLength(10).build();
    assertThat(ReadyHooks.builder().validation(validation).validation(strict).build())
        .containsExactly(strict);
    assertThat(ReadyHooks.builder().build()).isEmpty();
  }

  @Test
  void theBuiltListIsImmutableAndNullsAreRefusedByName() {
    List<FeedbackHook> chain = ReadyHooks.builder().audit(audit).build();
    assertThatThrownBy(() -> chain.add(validation))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ReadyHooks.builder().sanitizing(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sanitizing");
    assertThatThrownBy(() -> ReadyHooks.builder().add(null, validation))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("stage");
    assertThatThrownBy(() -> ReadyHooks.builder().add(Stage.FIRST, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("hook");
  }
}
