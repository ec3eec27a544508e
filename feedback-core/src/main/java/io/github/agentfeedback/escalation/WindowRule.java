package io.github.agentfeedback.escalation;

import java.util.List;

/**
 * A rule over a window of time of stored feedback, evaluated by a {@link WindowCheck} on a
 * schedule (not on every call): it reads the store's analytics through the {@link
 * WindowContext} and returns the escalations to raise, which the check raises into its {@link
 * EscalationStore} (one open escalation per rule and subject: a repeat raises the count).
 *
 * <p>The built-in rules: {@link FigureDropRule} (satisfaction, positive rate or NPS below a
 * threshold and significantly below the previous window), {@link NegativeSentimentRule} (the
 * share of negative sentiment above a threshold) and {@link VolumeSpikeRule} (feedback volume
 * up by a factor against the previous window). A custom rule implements this interface:
 *
 * <pre>{@code
 * WindowRule noFeedback = new WindowRule() {
 *   public String name() { return "no_feedback_today"; }
 *   public List<Escalation> evaluate(WindowContext w) {
 *     long n = w.tallies(FeedbackQuery.all(), w.now().minus(Duration.ofDays(1)), w.now(), null)
 *         .total().total();
 *     return n > 0 ? List.of() : List.of(Escalation.builder().type("silence").rule(name())
 *         .subject("overall").raisedAt(w.now()).build());
 *   }
 * };
 * }</pre>
 *
 * <p>Implementations must be thread-safe (a check may run on its scheduler's thread and on
 * the caller's); the built-in rules are immutable.
 *
 * @since 0.1.0
 */
public interface WindowRule {

  /**
   * The rule's name: the {@link Escalation#rule()} of what it raises, unique among the rules
   * of one check.
   *
   * @return the name
   */
  String name();

  /**
   * Evaluates the rule at {@link WindowContext#now()}.
   *
   * @param context the time, the store and its analytics for this run
   * @return the escalations to raise, none when nothing is wrong; each with {@link #name()} as
   *     its rule
   * @throws RuntimeException if the rule fails; the check logs it and evaluates the other
   *     rules
   */
  List<Escalation> evaluate(WindowContext context);
}
