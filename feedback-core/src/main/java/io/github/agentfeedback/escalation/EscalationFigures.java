package io.github.agentfeedback.escalation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How escalations are being handled: how many are open, acknowledged and resolved, and how
 * long acknowledging and resolving took (mean, median, longest) over those that were.
 *
 * <p>Immutable and thread-safe.
 *
 * @param open escalations open
 * @param acknowledged escalations acknowledged, not resolved
 * @param resolved escalations resolved
 * @param timeToAcknowledge over the escalations that were acknowledged
 * @param timeToResolve over the escalations that were resolved
 * @since 0.1.0
 */
public record EscalationFigures(
    long open,
    long acknowledged,
    long resolved,
    Durations timeToAcknowledge,
    Durations timeToResolve) {

  /**
   * Checks the parts.
   *
   * @throws NullPointerException if a duration summary is null
   */
  public EscalationFigures {
    Objects.requireNonNull(timeToAcknowledge, "timeToAcknowledge");
    Objects.requireNonNull(timeToResolve, "timeToResolve");
  }

  /**
   * The figures of some escalations, such as those {@link EscalationStore#list} returned.
   *
   * @param escalations the escalations
   * @return the figures
   */
  public static EscalationFigures of(Collection<Escalation> escalations) {
    long open = 0;
    long acknowledged = 0;
    long resolved = 0;
    List<Duration> toAck = new ArrayList<>();
    List<Duration> toResolve = new ArrayList<>();
    for (Escalation e : escalations) {
      switch (e.status()) {
        case OPEN -> open++;
        case ACKNOWLEDGED -> acknowledged++;
        case RESOLVED -> resolved++;
      }
      e.timeToAcknowledge().ifPresent(toAck::add);
      e.timeToResolve().ifPresent(toResolve::add);
    }
    return new EscalationFigures(
        open, acknowledged, resolved, Durations.of(toAck), Durations.of(toResolve));
  }

  /**
   * A summary of durations.
   *
   * <p>Immutable and thread-safe.
   *
   * @param count how many durations
   * @param mean their mean, or empty when there are none
   * @param median their median (the mean of the middle two for an even count), or empty
   * @param max the longest, or empty
   * @since 0.1.0
   */
  public record Durations(
      long count, Optional<Duration> mean, Optional<Duration> median, Optional<Duration> max) {

    /**
     * Checks the parts.
     *
     * @throws NullPointerException if a part is null
     */
    public Durations {
      Objects.requireNonNull(mean, "mean");
      Objects.requireNonNull(median, "median");
      Objects.requireNonNull(max, "max");
    }

    /**
     * Summarizes durations.
     *
     * @param durations the durations
     * @return the summary
     */
    public static Durations of(List<Duration> durations) {
      if (durations.isEmpty()) {
        return new Durations(0, Optional.empty(), Optional.empty(), Optional.empty());
      }
      List<Duration> sorted = new ArrayList<>(durations);
      sorted.sort(null);
      Duration sum = Duration.ZERO;
      for (Duration d : sorted) {
        sum = sum.plus(d);
      }
      int n = sorted.size();
      Duration median =
          n % 2 == 1
              ? sorted.get(n / 2)
              : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
      return new Durations(
          n, Optional.of(sum.dividedBy(n)), Optional.of(median), Optional.of(sorted.get(n - 1)));
    }
  }
}
