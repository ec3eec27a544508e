package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.Severity;
import java.util.List;
import java.util.Optional;

/** {@link EscalationRule#downStreak}: the last N rated feedbacks of a session are DOWN. */
final class DownStreakRule implements EscalationRule {

  private final int length;
  private final String name;

  DownStreakRule(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("downStreak length must be at least 1, was " + length);
    }
    this.length = length;
    this.name = EscalationHook.DOWN_STREAK + ":" + length;
  }

  @Override
  public Optional<Escalation> check(SessionWrite write) {
    if (!write.counted(Rating.DOWN) || write.counts().down() < length) {
      return Optional.empty(); // fewer DOWN than the streak: no read
    }
    List<Feedback> history = write.history();
    String written = write.feedback().id();
    int streak = 0;
    boolean inStreak = false;
    for (int i = history.size() - 1; i >= 0; i--) {
      Rating rating = history.get(i).rating();
      if (rating == null) {
        continue; // a score alone neither extends nor ends a streak
      }
      if (rating != Rating.DOWN) {
        break;
      }
      streak++;
      inStreak |= written != null && written.equals(history.get(i).id());
    }
    if (streak < length || !inStreak) {
      return Optional.empty();
    }
    return Optional.of(
        NegativeRatingsRule.candidate(write, EscalationHook.DOWN_STREAK, name, Severity.MEDIUM)
            .figure("streak", streak)
            .build());
  }

  @Override
  public String toString() {
    return name;
  }
}
