package io.github.agentfeedback.analytics;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.internal.Checks;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Win rates from pairwise comparison feedback ({@link Feedback#comparison()}), per model
 * and per pair of models.
 *
 * <p>A tie counts as half a win: win rate = {@code 100 · (wins + ties / 2) / comparisons},
 * so a model that only ties has 50%. Each comparison is a trinomial outcome (win 1, tie ½,
 * loss 0) and the win rate its mean θ; the interval is the score interval of θ under that
 * model: every θ with |θ̂ − θ|·√n ≤ z·√V(θ), where n is the comparisons, z the normal
 * quantile of the confidence level and V(θ) = θ(1 − θ) − p̃<sub>t</sub>/4 the variance of one
 * outcome under the trinomial of greatest likelihood with win rate θ (p̃<sub>t</sub> its tie
 * probability). Without ties it is Wilson's interval (Wilson, 1927); with ties it is
 * narrower, as ties vary less than a win or a loss (a single tie gives 10.3% to 89.7%,
 * where Wilson's interval of half a success gave 5.5% to 94.5%). The plain win rate
 * {@code 100 · wins / comparisons}, ties counting as no win, is reported beside it.
 * Comparisons where a candidate has no model, or both candidates are the same model, are
 * not counted.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WinRates {

  private final GroupKey modelKey;
  private final double confidence;
  private final List<ModelRow> models;
  private final List<PairRow> pairs;
  private final long skipped;

  private WinRates(
      @Nullable GroupKey modelKey,
      double confidence,
      List<ModelRow> models,
      List<PairRow> pairs,
      long skipped) {
    Objects.requireNonNull(modelKey, "modelKey");
    models = Checks.nonNullElements("models", models);
    pairs = Checks.nonNullElements("pairs", pairs);
    this.modelKey = modelKey;
    this.confidence = confidence;
    this.models = models;
    this.pairs = pairs;
    this.skipped = skipped;
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this value's fields, to make a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * One model against all others.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class ModelRow {

    private final String model;
    private final long comparisons;
    private final long wins;
    private final long losses;
    private final long ties;
    private final double winRate;
    private final double plainWinRate;
    private final ConfidenceInterval interval;

    private ModelRow(
        @Nullable String model,
        long comparisons,
        long wins,
        long losses,
        long ties,
        double winRate,
        double plainWinRate,
        @Nullable ConfidenceInterval interval) {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(interval, "interval");
      this.model = model;
      this.comparisons = comparisons;
      this.wins = wins;
      this.losses = losses;
      this.ties = ties;
      this.winRate = winRate;
      this.plainWinRate = plainWinRate;
      this.interval = interval;
    }

    /**
     * A builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * A builder holding this value's fields, to make a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /**
     * The model's key.
     *
     * @return the model
     */
    public String model() {
      return model;
    }

    /**
     * All its counted comparisons.
     *
     * @return the comparisons
     */
    public long comparisons() {
      return comparisons;
    }

    /**
     * Comparisons that preferred it.
     *
     * @return the wins
     */
    public long wins() {
      return wins;
    }

    /**
     * Comparisons that preferred the other model.
     *
     * @return the losses
     */
    public long losses() {
      return losses;
    }

    /**
     * Comparisons that preferred neither.
     *
     * @return the ties
     */
    public long ties() {
      return ties;
    }

    /**
     * {@code 100 · (wins + ties / 2) / comparisons}.
     *
     * @return the winRate
     */
    public double winRate() {
      return winRate;
    }

    /**
     * {@code 100 · wins / comparisons}: the share of comparisons it won, a tie counting as no
     * win.
     *
     * @return the plainWinRate
     */
    public double plainWinRate() {
      return plainWinRate;
    }

    /**
     * The trinomial score interval of the win rate (see {@link WinRates}), in percent.
     *
     * @return the interval
     */
    public ConfidenceInterval interval() {
      return interval;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ModelRow o
          && Objects.equals(model, o.model)
          && comparisons == o.comparisons
          && wins == o.wins
          && losses == o.losses
          && ties == o.ties
          && Double.compare(winRate, o.winRate) == 0
          && Double.compare(plainWinRate, o.plainWinRate) == 0
          && Objects.equals(interval, o.interval);
    }

    @Override
    public int hashCode() {
      return Objects.hash(model, comparisons, wins, losses, ties, winRate, plainWinRate, interval);
    }

    @Override
    public String toString() {
      return "ModelRow[model="
          + model
          + ", comparisons="
          + comparisons
          + ", wins="
          + wins
          + ", losses="
          + losses
          + ", ties="
          + ties
          + ", winRate="
          + winRate
          + ", plainWinRate="
          + plainWinRate
          + ", interval="
          + interval
          + "]";
    }

    /**
     * Builds a {@link ModelRow}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String model;
      private long comparisons;
      private long wins;
      private long losses;
      private long ties;
      private double winRate;
      private double plainWinRate;
      private @Nullable ConfidenceInterval interval;

      private Builder() {}

      private Builder(ModelRow from) {
        this.model = from.model;
        this.comparisons = from.comparisons;
        this.wins = from.wins;
        this.losses = from.losses;
        this.ties = from.ties;
        this.winRate = from.winRate;
        this.plainWinRate = from.plainWinRate;
        this.interval = from.interval;
      }

      /**
       * Sets the {@code model}: the model's key.
       *
       * @param model the value
       * @return this builder
       */
      public Builder model(String model) {
        this.model = model;
        return this;
      }

      /**
       * Sets the {@code comparisons}: all its counted comparisons.
       *
       * @param comparisons the value
       * @return this builder
       */
      public Builder comparisons(long comparisons) {
        this.comparisons = comparisons;
        return this;
      }

      /**
       * Sets the {@code wins}: comparisons that preferred it.
       *
       * @param wins the value
       * @return this builder
       */
      public Builder wins(long wins) {
        this.wins = wins;
        return this;
      }

      /**
       * Sets the {@code losses}: comparisons that preferred the other model.
       *
       * @param losses the value
       * @return this builder
       */
      public Builder losses(long losses) {
        this.losses = losses;
        return this;
      }

      /**
       * Sets the {@code ties}: comparisons that preferred neither.
       *
       * @param ties the value
       * @return this builder
       */
      public Builder ties(long ties) {
        this.ties = ties;
        return this;
      }

      /**
       * Sets the {@code winRate}: {@code 100 · (wins + ties / 2) / comparisons}.
       *
       * @param winRate the value
       * @return this builder
       */
      public Builder winRate(double winRate) {
        this.winRate = winRate;
        return this;
      }

      /**
       * Sets the {@code plainWinRate}: {@code 100 · wins / comparisons}.
       *
       * @param plainWinRate the value
       * @return this builder
       */
      public Builder plainWinRate(double plainWinRate) {
        this.plainWinRate = plainWinRate;
        return this;
      }

      /**
       * Sets the {@code interval}: the trinomial score interval of the win rate, in percent.
       *
       * @param interval the value
       * @return this builder
       */
      public Builder interval(ConfidenceInterval interval) {
        this.interval = interval;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the modelRow
       * @throws NullPointerException naming {@code model} or {@code interval} if it is not set
       */
      public ModelRow build() {
        return new ModelRow(
            model, comparisons, wins, losses, ties, winRate, plainWinRate, interval);
      }
    }
  }

  /**
   * Two models against each other. Comparisons come in both orientations (either model may
   * have been candidate a), so a row keeps no candidate's side: it names the two models in
   * order of their keys ({@code first} sorts before {@code second} by Unicode code point) and counts each model's wins whichever side it stood on.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class PairRow {

    private final String first;
    private final String second;
    private final long comparisons;
    private final long firstWins;
    private final long secondWins;
    private final long ties;
    private final double firstWinRate;
    private final double firstPlainWinRate;
    private final ConfidenceInterval interval;

    private PairRow(
        @Nullable String first,
        @Nullable String second,
        long comparisons,
        long firstWins,
        long secondWins,
        long ties,
        double firstWinRate,
        double firstPlainWinRate,
        @Nullable ConfidenceInterval interval) {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
      Objects.requireNonNull(interval, "interval");
      this.first = first;
      this.second = second;
      this.comparisons = comparisons;
      this.firstWins = firstWins;
      this.secondWins = secondWins;
      this.ties = ties;
      this.firstWinRate = firstWinRate;
      this.firstPlainWinRate = firstPlainWinRate;
      this.interval = interval;
    }

    /**
     * A builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * A builder holding this value's fields, to make a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /**
     * The model whose key sorts first.
     *
     * @return the first
     */
    public String first() {
      return first;
    }

    /**
     * The model whose key sorts second.
     *
     * @return the second
     */
    public String second() {
      return second;
    }

    /**
     * All comparisons between them.
     *
     * @return the comparisons
     */
    public long comparisons() {
      return comparisons;
    }

    /**
     * Comparisons that preferred {@code first}.
     *
     * @return the firstWins
     */
    public long firstWins() {
      return firstWins;
    }

    /**
     * Comparisons that preferred {@code second}.
     *
     * @return the secondWins
     */
    public long secondWins() {
      return secondWins;
    }

    /**
     * Comparisons that preferred neither.
     *
     * @return the ties
     */
    public long ties() {
      return ties;
    }

    /**
     * {@code first}'s win rate against {@code second}, in percent ({@code second}'s is 100 minus
     * it).
     *
     * @return the firstWinRate
     */
    public double firstWinRate() {
      return firstWinRate;
    }

    /**
     * {@code 100 · firstWins / comparisons}: the share of comparisons {@code first} won, a tie
     * counting as no win.
     *
     * @return the firstPlainWinRate
     */
    public double firstPlainWinRate() {
      return firstPlainWinRate;
    }

    /**
     * The trinomial score interval of {@code firstWinRate} (see {@link WinRates}), in percent.
     *
     * @return the interval
     */
    public ConfidenceInterval interval() {
      return interval;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof PairRow o
          && Objects.equals(first, o.first)
          && Objects.equals(second, o.second)
          && comparisons == o.comparisons
          && firstWins == o.firstWins
          && secondWins == o.secondWins
          && ties == o.ties
          && Double.compare(firstWinRate, o.firstWinRate) == 0
          && Double.compare(firstPlainWinRate, o.firstPlainWinRate) == 0
          && Objects.equals(interval, o.interval);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          first,
          second,
          comparisons,
          firstWins,
          secondWins,
          ties,
          firstWinRate,
          firstPlainWinRate,
          interval);
    }

    @Override
    public String toString() {
      return "PairRow[first="
          + first
          + ", second="
          + second
          + ", comparisons="
          + comparisons
          + ", firstWins="
          + firstWins
          + ", secondWins="
          + secondWins
          + ", ties="
          + ties
          + ", firstWinRate="
          + firstWinRate
          + ", firstPlainWinRate="
          + firstPlainWinRate
          + ", interval="
          + interval
          + "]";
    }

    /**
     * Builds a {@link PairRow}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String first;
      private @Nullable String second;
      private long comparisons;
      private long firstWins;
      private long secondWins;
      private long ties;
      private double firstWinRate;
      private double firstPlainWinRate;
      private @Nullable ConfidenceInterval interval;

      private Builder() {}

      private Builder(PairRow from) {
        this.first = from.first;
        this.second = from.second;
        this.comparisons = from.comparisons;
        this.firstWins = from.firstWins;
        this.secondWins = from.secondWins;
        this.ties = from.ties;
        this.firstWinRate = from.firstWinRate;
        this.firstPlainWinRate = from.firstPlainWinRate;
        this.interval = from.interval;
      }

      /**
       * Sets the {@code first}: the model whose key sorts first.
       *
       * @param first the value
       * @return this builder
       */
      public Builder first(String first) {
        this.first = first;
        return this;
      }

      /**
       * Sets the {@code second}: the model whose key sorts second.
       *
       * @param second the value
       * @return this builder
       */
      public Builder second(String second) {
        this.second = second;
        return this;
      }

      /**
       * Sets the {@code comparisons}: all comparisons between them.
       *
       * @param comparisons the value
       * @return this builder
       */
      public Builder comparisons(long comparisons) {
        this.comparisons = comparisons;
        return this;
      }

      /**
       * Sets the {@code firstWins}: comparisons that preferred {@code first}.
       *
       * @param firstWins the value
       * @return this builder
       */
      public Builder firstWins(long firstWins) {
        this.firstWins = firstWins;
        return this;
      }

      /**
       * Sets the {@code secondWins}: comparisons that preferred {@code second}.
       *
       * @param secondWins the value
       * @return this builder
       */
      public Builder secondWins(long secondWins) {
        this.secondWins = secondWins;
        return this;
      }

      /**
       * Sets the {@code ties}: comparisons that preferred neither.
       *
       * @param ties the value
       * @return this builder
       */
      public Builder ties(long ties) {
        this.ties = ties;
        return this;
      }

      /**
       * Sets the {@code firstWinRate}: {@code first}'s win rate against {@code second}, in percent
       * ({@code second}'s is 100 minus it).
       *
       * @param firstWinRate the value
       * @return this builder
       */
      public Builder firstWinRate(double firstWinRate) {
        this.firstWinRate = firstWinRate;
        return this;
      }

      /**
       * Sets the {@code firstPlainWinRate}: {@code 100 · firstWins / comparisons}.
       *
       * @param firstPlainWinRate the value
       * @return this builder
       */
      public Builder firstPlainWinRate(double firstPlainWinRate) {
        this.firstPlainWinRate = firstPlainWinRate;
        return this;
      }

      /**
       * Sets the {@code interval}: the trinomial score interval of {@code firstWinRate}, in
       * percent.
       *
       * @param interval the value
       * @return this builder
       */
      public Builder interval(ConfidenceInterval interval) {
        this.interval = interval;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the pairRow
       * @throws NullPointerException naming {@code first}, {@code second} or {@code interval} if
       *     it is not set
       */
      public PairRow build() {
        return new PairRow(
            first,
            second,
            comparisons,
            firstWins,
            secondWins,
            ties,
            firstWinRate,
            firstPlainWinRate,
            interval);
      }
    }
  }

  /**
   * How models were told apart: {@link GroupKey#model()} (by name) or {@link
   * GroupKey#modelVersion()}.
   *
   * @return the modelKey
   */
  public GroupKey modelKey() {
    return modelKey;
  }

  /**
   * The intervals' confidence level.
   *
   * @return the confidence
   */
  public double confidence() {
    return confidence;
  }

  /**
   * One row per model, highest win rate first (ties by more comparisons, then by name).
   *
   * @return the models
   */
  public List<ModelRow> models() {
    return models;
  }

  /**
   * One row per pair of models that met, ordered by {@link PairRow#first()}, then {@link
   * PairRow#second()}.
   *
   * @return the pairs
   */
  public List<PairRow> pairs() {
    return pairs;
  }

  /**
   * Comparisons not counted.
   *
   * @return the skipped
   */
  public long skipped() {
    return skipped;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WinRates o
        && Objects.equals(modelKey, o.modelKey)
        && Double.compare(confidence, o.confidence) == 0
        && Objects.equals(models, o.models)
        && Objects.equals(pairs, o.pairs)
        && skipped == o.skipped;
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelKey, confidence, models, pairs, skipped);
  }

  @Override
  public String toString() {
    return "WinRates[modelKey="
        + modelKey
        + ", confidence="
        + confidence
        + ", models="
        + models
        + ", pairs="
        + pairs
        + ", skipped="
        + skipped
        + "]";
  }

  /**
   * Builds a {@link WinRates}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable GroupKey modelKey;
    private double confidence;
    private List<ModelRow> models = List.of();
    private List<PairRow> pairs = List.of();
    private long skipped;

    private Builder() {}

    private Builder(WinRates from) {
      this.modelKey = from.modelKey;
      this.confidence = from.confidence;
      this.models = from.models;
      this.pairs = from.pairs;
      this.skipped = from.skipped;
    }

    /**
     * Sets the {@code modelKey}: how models were told apart: {@link GroupKey#model()} (by name) or
     * {@link GroupKey#modelVersion()}.
     *
     * @param modelKey the value
     * @return this builder
     */
    public Builder modelKey(GroupKey modelKey) {
      this.modelKey = modelKey;
      return this;
    }

    /**
     * Sets the {@code confidence}: the intervals' confidence level.
     *
     * @param confidence the value
     * @return this builder
     */
    public Builder confidence(double confidence) {
      this.confidence = confidence;
      return this;
    }

    /**
     * Sets the {@code models}: one row per model, highest win rate first (ties by more comparisons,
     * then by name).
     *
     * @param models the value
     * @return this builder
     */
    public Builder models(List<ModelRow> models) {
      this.models = models;
      return this;
    }

    /**
     * Sets the {@code pairs}: one row per pair of models that met, ordered by {@link
     * PairRow#first()}, then {@link PairRow#second()}.
     *
     * @param pairs the value
     * @return this builder
     */
    public Builder pairs(List<PairRow> pairs) {
      this.pairs = pairs;
      return this;
    }

    /**
     * Sets the {@code skipped}: comparisons not counted.
     *
     * @param skipped the value
     * @return this builder
     */
    public Builder skipped(long skipped) {
      this.skipped = skipped;
      return this;
    }

    /**
     * Builds the value, checking and copying the fields.
     *
     * @return the winRates
     * @throws NullPointerException naming a missing component or row
     */
    public WinRates build() {
      return new WinRates(modelKey, confidence, models, pairs, skipped);
    }
  }
}
