package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionCounts;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.spi.Votes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link EscalationRule#negativeRatings}: N DOWN in a session, optionally within a window. */
final class NegativeRatingsRule implements EscalationRule {

  private final int threshold;
  private final @Nullable Duration window;
  private final String name;

  NegativeRatingsRule(int threshold, @Nullable Duration window) {
    if (threshold < 1) {
      throw new IllegalArgumentException(
          "negativeRatings threshold must be at least 1, was " + threshold);
    }
    this.threshold = threshold;
    this.window = window;
    this.name =
        EscalationHook.SESSION_NEGATIVES + ":" + threshold + (window == null ? "" : "/" + window);
  }

  @Override
  public Optional<Escalation> check(SessionWrite write) {
    if (!write.counted(Rating.DOWN) || write.counts().down() < threshold) {
      return Optional.empty();
    }
    Escalation.Builder b = candidate(write, EscalationHook.SESSION_NEGATIVES, name, Severity.HIGH);
    if (window != null) {
      Instant from = write.at().minus(window);
      long inWindow = 0;
      for (Feedback f : write.history()) {
        Instant at = Votes.eventTime(f);
        if (f.rating() == Rating.DOWN && at != null && !at.isBefore(from)) {
          inWindow++;
        }
      }
      if (inWindow < threshold) {
        return Optional.empty();
      }
      b.figure("down_in_window", (double) inWindow);
    }
    return Optional.of(b.build());
  }

  /**
   * A candidate about the write's session: its counts as figures, the session and the
   * written feedback listed.
   */
  static Escalation.Builder candidate(
      SessionWrite write, String type, String rule, Severity severity) {
    SessionCounts c = write.counts();
    return Escalation.builder()
        .type(type)
        .severity(severity)
        .rule(rule)
        .subject("session:" + write.sessionId())
        .figure("up", (double) c.up())
        .figure("down", (double) c.down())
        .figure("neutral", (double) c.neutral())
        .figure("total", (double) c.total())
        .sessionIds(List.of(write.sessionId()))
        .feedback(
            List.of(
                new FeedbackRef(
                    write.sessionId(), Objects.requireNonNull(write.feedback().id(), "stored id"))))
        .raisedAt(write.at());
  }

  @Override
  public String toString() {
    return name;
  }
}
