package io.github.agentfeedback.benchmarks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.AnalyticsHook;
import io.github.agentfeedback.hooks.AuditHook;
import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.RateLimitHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.ValidationHook;
import java.time.Duration;
import java.util.List;

/**
 * The data and the hook chain the benchmarks share, so that their figures describe the same
 * work: four feedback shapes (plain, long, with markup, with a user id and an e-mail
 * address), session ids, and the full synchronous hook chain.
 *
 * <p>Thread-safe: holds constants only; every method returns new objects.
 */
public final class Workload {

  private static final Feedback[] SAMPLES = {
    Feedback.up("Clear instructions, thanks!"),
    Feedback.down("The answer was wrong: my order number is not in the email at all."),
    Feedback.up("<b>Great</b> answer &amp; quick &lt;3"),
    Feedback.builder()
        .rating(Rating.DOWN)
        .userId("user-7")
        .comment("Please write to jane.doe@example.com, the   steps did not work")
        .build(),
  };

  private static final Feedback[] NEGATIVE_SAMPLES = {
    SAMPLES[0].toBuilder().rating(Rating.DOWN).build(),
    SAMPLES[1],
    SAMPLES[2].toBuilder().rating(Rating.DOWN).build(),
    SAMPLES[3],
  };

  private Workload() {}

  /**
   * One of the four feedback shapes, without id or creation time (the manager sets them).
   *
   * @param n any counter; the shapes rotate with its two lowest bits
   * @return the feedback
   */
  public static Feedback sample(long n) {
    return SAMPLES[(int) (n & 3)];
  }

  /**
   * The same four shapes, each rated {@link Rating#DOWN}.
   *
   * @param n any counter; the shapes rotate with its two lowest bits
   * @return the feedback
   */
  public static Feedback negativeSample(long n) {
    return NEGATIVE_SAMPLES[(int) (n & 3)];
  }

  /**
   * Session ids {@code session-0} to {@code session-<count - 1>}.
   *
   * @param count how many
   * @return a new array
   */
  public static String[] sessionIds(int count) {
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) {
      ids[i] = "session-" + i;
    }
    return ids;
  }

  /**
   * New instances of the six synchronous ready hooks in the documented order, outermost
   * first: sanitizing → PII redaction → validation → rate limit (a limit never reached) →
   * audit (to a sink that discards) → analytics (per-session counts for {@code sessions}
   * sessions).
   *
   * @param sessions how many sessions the analytics hook keeps counts for
   * @return the hooks
   */
  public static List<FeedbackHook> fullChain(int sessions) {
    return ReadyHooks.builder()
        .sanitizing(SanitizingHook.defaults())
        .piiRedaction(PiiRedactionHook.defaults())
        .validation(ValidationHook.defaults())
        .rateLimit(RateLimitHook.builder().limit(1_000_000_000, Duration.ofSeconds(1)).build())
        .audit(AuditHook.builder().sink(event -> {}).build())
        .analytics(AnalyticsHook.builder().maxSessions(sessions).build())
        .build();
  }
}
