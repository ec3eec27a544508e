package io.github.agentfeedback.hooks;

import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.Severity;
import java.time.Duration;
import java.util.Optional;

/**
 * A rule an {@link EscalationHook} checks on each write that changed a session: given the
 * write ({@link SessionWrite}: the feedback, the outcome, the action and the session's
 * {@link io.github.agentfeedback.SessionCounts} as the store counted them), it returns the
 * escalation to raise, or nothing. The hook raises it into its
 * {@link io.github.agentfeedback.escalation.EscalationStore}, which keeps one open escalation
 * per rule and subject: a rule that fires again for the same subject (on another replica, or
 * on a later write) raises that escalation's count, not a new one.
 *
 * <p>Ready rules: {@link #negativeRatings(int)} (the N-th DOWN of a session, in any order),
 * {@link #negativeRatings(int, Duration)} (N DOWN within a time window) and
 * {@link #downStreak(int)} (N DOWN in a row). A rule of your own is a lambda:
 *
 * <pre>{@code
 * EscalationRule lowStars = write ->
 *     write.feedback().score() != null && write.feedback().score().value() <= 1
 *         ? Optional.of(Escalation.builder().type("one_star").rule("one_star")
 *             .subject("session:" + write.sessionId()).raisedAt(write.at()).build())
 *         : Optional.empty();
 * }</pre>
 *
 * <p>Implementations must be thread-safe and fast: they run on the caller's thread, after
 * the write. An exception is logged and skips the rule for that write.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EscalationRule {

  /**
   * Checks one write.
   *
   * @param write the write, with the session's counts
   * @return the escalation to raise (a candidate: the store gives it its id), or empty
   */
  Optional<Escalation> check(SessionWrite write);

  /**
   * A session reached {@code threshold} DOWN ratings, in any order, whatever else it holds
   * (DOWN, UP, DOWN, DOWN reaches 3): type {@value EscalationHook#SESSION_NEGATIVES}, rule
   * {@code session_negatives:<threshold>}, subject {@code session:<id>}, severity
   * {@link io.github.agentfeedback.escalation.Severity#HIGH}, figures {@code up},
   * {@code down}, {@code neutral} and {@code total} of the session. It fires on each write
   * that adds a DOWN ({@link SessionWrite#counted}: new DOWN feedback, a vote or feedback
   * changed to DOWN from another rating or none) while the session holds at least
   * {@code threshold}: the first raise creates the escalation, later ones raise its count.
   * An edit of a DOWN that stays DOWN (a comment fix) adds no DOWN and raises nothing. It
   * reads nothing but the write's counts.
   *
   * @param threshold how many DOWN, at least 1
   * @return the rule
   * @throws IllegalArgumentException if {@code threshold < 1}
   */
  static EscalationRule negativeRatings(int threshold) {
    return new NegativeRatingsRule(threshold, null);
  }

  /**
   * A session holds {@code threshold} DOWN ratings whose time lies within {@code window}
   * before the write: as {@link #negativeRatings(int)}, with rule
   * {@code session_negatives:<threshold>/<window>} and the figure {@code down_in_window}. A
   * DOWN's time is when it was last given ({@code updatedAt} of a changed vote, else
   * {@code createdAt}); the window is {@code [write − window, write]}. A time ahead of the
   * write's (a client's clock ahead, or a made-up time) cannot be when the DOWN came: the DOWN
   * being written counts as given at the write, and an earlier one counts while its time is
   * at most one window ahead, so that a DOWN stamped far in the future counts at its own
   * write and is not kept in every window until then. The counts cannot say when each DOWN
   * came, so once they hold at least {@code threshold} DOWN, the rule reads the session's
   * feedback from the store ({@link SessionWrite#history()}, one read per such write); below
   * that it reads nothing.
   *
   * @param threshold how many DOWN, at least 1
   * @param window how far back from the write, positive, of any length (one reaching back
   *     past {@link java.time.Instant#MIN} covers all time)
   * @return the rule
   * @throws IllegalArgumentException if {@code threshold < 1} or the window is not positive
   */
  static EscalationRule negativeRatings(int threshold, Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    return new NegativeRatingsRule(threshold, window);
  }

  /**
   * The last {@code length} rated feedbacks of a session, in the store's order, are DOWN,
   * and the write is one of them: type and rule {@value EscalationHook#DOWN_STREAK}
   * ({@code down_streak:<length>}), subject {@code session:<id>}, severity
   * {@link io.github.agentfeedback.escalation.Severity#MEDIUM}, figure {@code streak}.
   * Feedback without a rating neither extends nor ends a streak; a vote changed to DOWN
   * counts where the vote stands in the session's order. Only a write that adds a DOWN
   * ({@link SessionWrite#counted}) is checked: an edit of a DOWN that stays DOWN does not
   * raise the streak again. The counts cannot tell an order,
   * so once they hold at least {@code length} DOWN, the rule reads the session's feedback
   * from the store ({@link SessionWrite#history()}), which every replica shares; below that
   * it reads nothing.
   *
   * @param length how many in a row, at least 1
   * @return the rule
   * @throws IllegalArgumentException if {@code length < 1}
   */
  static EscalationRule downStreak(int length) {
    return new DownStreakRule(length);
  }

  /**
   * The written feedback carries the triage tag {@code category:<category>} (given by a
   * {@link TriageHook} before the write): type {@code triage_category}, rule {@code
   * triage_category:<category>}, subject {@code session:<id>}, the given severity, figures
   * {@code up}, {@code down}, {@code neutral} and {@code total} of the session. The escalation
   * store keeps one open escalation per rule and subject, so a session raises one escalation
   * per category; a further feedback of that category in the session raises its count. It
   * reads nothing but the write.
   *
   * @param category the category, a lowercase identifier as {@link TriageRule} takes
   * @param severity the severity of what it raises
   * @return the rule
   * @throws IllegalArgumentException naming {@code category} if it is not a lowercase
   *     identifier of at most {@value TriageRule#MAX_CATEGORY_LENGTH} chars
   */
  static EscalationRule category(String category, Severity severity) {
    return new CategoryRule(category, severity);
  }
}
