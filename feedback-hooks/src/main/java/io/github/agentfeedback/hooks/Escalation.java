package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A breach of an {@link EscalationHook} rule, raised once when the rule starts to be broken.
 *
 * <p>{@link #toString()} does not print the feedback's comment. Immutable and thread-safe.
 *
 * @param rule the rule's name, for example {@code "down_streak"}
 * @param sessionId the session the breach is about, or {@code null} for a rule over all
 *     sessions
 * @param message a human-readable description, without comment text
 * @param triggerSessionId the session of the feedback that caused the breach
 * @param feedback the stored feedback that caused the breach
 * @param time when the breach was detected, from the hook's clock
 * @since 0.1.0
 */
public record Escalation(
    String rule,
    @Nullable String sessionId,
    String message,
    String triggerSessionId,
    Feedback feedback,
    Instant time) {

  /** Validates that every component but the session id is present. */
  public Escalation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(triggerSessionId, "triggerSessionId");
    Objects.requireNonNull(feedback, "feedback");
    Objects.requireNonNull(time, "time");
  }

  /**
   * The id of the feedback that caused the breach.
   *
   * @return the feedback id
   */
  public String feedbackId() {
    return Objects.requireNonNull(feedback.id(), "stored feedback has an id");
  }
}
