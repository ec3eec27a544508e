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
      Instant now = write.at();
      Instant from = saturatedMinus(now, window);
      Instant until = saturatedPlus(now, window);
      String written = write.feedback().id();
      long inWindow = 0;
      for (Feedback f : write.history()) {
        if (f.rating() == Rating.DOWN && inWindow(f, written, now, from, until)) {
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
   * Whether a DOWN counts in the window of the write seen at {@code now}: its time
   * ({@link Votes#eventTime}) lies in {@code [from, now]}. A time ahead of {@code now} (a
   * client's clock ahead, or a made-up time) cannot be when it came: the written feedback came
   * now and counts as now; earlier feedback counts while its time is at most one window ahead
   * ({@code until}), so that it stays in windows no longer than until the window passes its
   * time, as the core's window rules count it, and a time far ahead does not keep it in every
   * window until then.
   */
  private static boolean inWindow(
      Feedback f, @Nullable String written, Instant now, Instant from, Instant until) {
    Instant at = Votes.eventTime(f);
    if (at == null) {
      return false;
    }
    if (at.isAfter(now)) {
      return !at.isAfter(until) || Objects.equals(written, f.id());
    }
    return !at.isBefore(from);
  }

  /** {@code t − d}, or {@link Instant#MIN} when that lies before it. */
  private static Instant saturatedMinus(Instant t, Duration d) {
    return d.compareTo(Duration.between(Instant.MIN, t)) >= 0 ? Instant.MIN : t.minus(d);
  }

  /** {@code t + d}, or {@link Instant#MAX} when that lies after it. */
  private static Instant saturatedPlus(Instant t, Duration d) {
    return d.compareTo(Duration.between(t, Instant.MAX)) >= 0 ? Instant.MAX : t.plus(d);
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
