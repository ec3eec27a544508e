package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.internal.Checks;
import java.util.List;
import java.util.Objects;

/**
 * Win rates from pairwise comparison feedback ({@link Feedback#comparison()}), per model
 * and per pair of models.
 *
 * <p>A tie counts as half a win: win rate = {@code 100 · (wins + ties / 2) / comparisons},
 * so a model that only ties has 50%. The interval is the Wilson score interval of that
 * proportion (Wilson, 1927): with p̂ the win rate as a fraction, n the comparisons and z the
 * normal quantile of the confidence level, centre (p̂ + z²/2n) / (1 + z²/n) and half-width
 * z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²), in percent. Comparisons where a candidate has
 * no model, or both candidates are the same model, are not counted.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelKey how models were told apart: {@link GroupKey#model()} (by name) or
 *     {@link GroupKey#modelVersion()}
 * @param confidence the intervals' confidence level
 * @param models one row per model, highest win rate first (ties by more comparisons, then
 *     by name)
 * @param pairs one row per pair of models that met, ordered by {@link PairRow#first()},
 *     then {@link PairRow#second()}
 * @param skipped comparisons not counted
 * @since 0.1.0
 */
public record WinRates(GroupKey modelKey, double confidence, List<ModelRow> models,
    List<PairRow> pairs, long skipped) {

  /**
   * Validates and copies the rows.
   *
   * @throws NullPointerException naming a missing component or row
   */
  public WinRates {
    Objects.requireNonNull(modelKey, "modelKey");
    models = Checks.nonNullElements("models", models);
    pairs = Checks.nonNullElements("pairs", pairs);
  }

  /**
   * One model against all others.
   *
   * <p>Immutable and thread-safe.
   *
   * @param model the model's key
   * @param comparisons all its counted comparisons
   * @param wins comparisons that preferred it
   * @param losses comparisons that preferred the other model
   * @param ties comparisons that preferred neither
   * @param winRate {@code 100 · (wins + ties / 2) / comparisons}
   * @param interval the Wilson score interval of the win rate, in percent
   * @since 0.1.0
   */
  public record ModelRow(String model, long comparisons, long wins, long losses, long ties,
      double winRate, ConfidenceInterval interval) {}

  /**
   * Two models against each other. Comparisons come in both orientations (either model may
   * have been candidate a), so a row keeps no candidate's side: it names the two models in
   * alphabetical order of their keys ({@code first} sorts before {@code second}, by
   * {@link String#compareTo}) and counts each model's wins whichever side it stood on.
   *
   * <p>Immutable and thread-safe.
   *
   * @param first the model whose key sorts first
   * @param second the model whose key sorts second
   * @param comparisons all comparisons between them
   * @param firstWins comparisons that preferred {@code first}
   * @param secondWins comparisons that preferred {@code second}
   * @param ties comparisons that preferred neither
   * @param firstWinRate {@code first}'s win rate against {@code second}, in percent
   *     ({@code second}'s is 100 minus it)
   * @param interval the Wilson score interval of {@code firstWinRate}, in percent
   * @since 0.1.0
   */
  public record PairRow(String first, String second, long comparisons, long firstWins,
      long secondWins, long ties, double firstWinRate, ConfidenceInterval interval) {}
}
