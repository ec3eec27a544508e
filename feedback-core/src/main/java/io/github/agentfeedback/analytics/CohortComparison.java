package io.github.agentfeedback.analytics;

import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.internal.Checks;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Two groups of feedback compared (for example metadata variant A against B): their
 * figures, whether their satisfaction differs significantly, and whether their mean scores
 * do. Differences are always {@code b − a}; a test is significant when its two-sided
 * p-value is below {@code alpha}; intervals have confidence level {@code 1 − alpha}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CohortComparison {

  private final GroupKey key;
  private final String a;
  private final String b;
  private final double alpha;
  private final int minSampleSize;
  private final CompareOptions.Adjustment adjustment;
  private final FeedbackSummary summaryA;
  private final FeedbackSummary summaryB;
  private final ProportionTest satisfaction;
  private final List<MeanTest> scores;

  private CohortComparison(
      @Nullable GroupKey key,
      @Nullable String a,
      @Nullable String b,
      double alpha,
      int minSampleSize,
      CompareOptions.Adjustment adjustment,
      @Nullable FeedbackSummary summaryA,
      @Nullable FeedbackSummary summaryB,
      @Nullable ProportionTest satisfaction,
      List<MeanTest> scores) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(summaryA, "summaryA");
    Objects.requireNonNull(summaryB, "summaryB");
    Objects.requireNonNull(satisfaction, "satisfaction");
    scores = Checks.nonNullElements("scores", scores);
    this.key = key;
    this.a = a;
    this.b = b;
    this.alpha = alpha;
    this.minSampleSize = minSampleSize;
    this.adjustment = adjustment;
    this.summaryA = summaryA;
    this.summaryB = summaryB;
    this.satisfaction = satisfaction;
    this.scores = scores;
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
   * A proportion observed in one group.
   *
   * <p>Immutable and thread-safe.
   *
   * @param successes the count of successes (for satisfaction: up)
   * @param trials the count of trials (for satisfaction: up + down)
   * @param percent {@code 100 · successes / trials}; {@code null} when there were no trials
   * @since 0.1.0
   */
  public record Proportion(long successes, long trials, @Nullable Double percent) {}

  /**
   * A two-proportion comparison: a test of p<sub>b</sub> = p<sub>a</sub> and a confidence
   * interval for p<sub>b</sub> − p<sub>a</sub> that agree: the interval excludes 0 exactly
   * when the test is significant.
   *
   * <p>With p<sub>a</sub>, p<sub>b</sub> the two proportions, n<sub>a</sub>,
   * n<sub>b</sub> their trials and p̄ the pooled proportion (all successes / all trials):
   * z = (p<sub>b</sub> − p<sub>a</sub>) / √(p̄(1 − p̄)(1/n<sub>a</sub> + 1/n<sub>b</sub>)),
   * the score statistic at a difference of 0. The interval is the score interval that
   * inverts the same test (Farrington and Manning, Statistics in Medicine 9, 1990): every
   * difference δ whose score statistic, with both proportions re-estimated under
   * p<sub>b</sub> − p<sub>a</sub> = δ, is within ±z<sub>1−α/2</sub>. It stays within
   * [−100, 100] and behaves for small samples and proportions near 0 or 100%.
   *
   * <p>The p-value ({@link #method()}) is the score test's, 2(1 − Φ(|z|)), when every expected
   * count of the 2×2 table (successes and failures of both groups, n × column total / N) is at
   * least 5; below that the normal approximation is poor and it is Fisher's exact test
   * (two-sided, summing the tables no more probable than the observed one). The interval is
   * then the score interval widened to reach 0 when Fisher's test is not significant, so
   * that test and interval still agree.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class ProportionTest {

    private final Proportion a;
    private final Proportion b;
    private final @Nullable Double difference;
    private final @Nullable Double z;
    private final @Nullable Double pValue;
    private final boolean significant;
    private final @Nullable ConfidenceInterval interval;
    private final @Nullable Withheld withheld;
    private final @Nullable Method method;
    private final @Nullable Double adjustedPValue;

    private ProportionTest(
        @Nullable Proportion a,
        @Nullable Proportion b,
        @Nullable Double difference,
        @Nullable Double z,
        @Nullable Double pValue,
        boolean significant,
        @Nullable ConfidenceInterval interval,
        @Nullable Withheld withheld,
        @Nullable Method method,
        @Nullable Double adjustedPValue) {
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
      this.a = a;
      this.b = b;
      this.difference = difference;
      this.z = z;
      this.pValue = pValue;
      this.significant = significant;
      this.interval = interval;
      this.withheld = withheld;
      this.method = method;
      this.adjustedPValue = adjustedPValue;
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
     * Group a's proportion.
     *
     * @return the a
     */
    public Proportion a() {
      return a;
    }

    /**
     * Group b's proportion.
     *
     * @return the b
     */
    public Proportion b() {
      return b;
    }

    /**
     * {@code b.percent − a.percent}, in percentage points; {@code null} when either group has no
     * trials.
     *
     * @return the difference
     */
    public @Nullable Double difference() {
      return difference;
    }

    /**
     * The test that gave {@link #pValue()}: {@link Method#FISHER_EXACT} when an expected count
     * of the 2×2 table is below 5, else {@link Method#SCORE}; {@code null} when there is no
     * test.
     *
     * @return the method, or {@code null}
     */
    public @Nullable Method method() {
      return method;
    }

    /**
     * Why there is no test, or {@code null} when there is one.
     *
     * @return the reason, or {@code null}
     */
    public @Nullable Withheld withheld() {
      return withheld;
    }

    /**
     * The z statistic; {@code null} when either group has no trials or p̄ is 0 or 1 (no variation
     * to test).
     *
     * @return the z
     */
    public @Nullable Double z() {
      return z;
    }

    /**
     * The two-sided p-value; {@code null} when {@code z} is.
     *
     * @return the pValue
     */
    public @Nullable Double pValue() {
      return pValue;
    }

    /**
     * Whether {@code pValue < alpha}.
     *
     * @return the significant
     */
    public boolean significant() {
      return significant;
    }

    /**
     * The confidence interval of the difference, in percentage points; {@code null} when either
     * group has no trials.
     *
     * @return the interval
     */
    public @Nullable ConfidenceInterval interval() {
      return interval;
    }

    /**
     * The p-value adjusted for the comparison's several tests ({@link CompareOptions#adjustment()}); {@code null} when there is no test.
     *
     * @return the adjustedPValue
     */
    public @Nullable Double adjustedPValue() {
      return adjustedPValue;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ProportionTest o
          && Objects.equals(adjustedPValue, o.adjustedPValue)
          && Objects.equals(a, o.a)
          && Objects.equals(b, o.b)
          && Objects.equals(difference, o.difference)
          && Objects.equals(z, o.z)
          && Objects.equals(pValue, o.pValue)
          && significant == o.significant
          && Objects.equals(interval, o.interval)
          && withheld == o.withheld
          && method == o.method;
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          adjustedPValue, a, b, difference, z, pValue, significant, interval, withheld, method);
    }

    @Override
    public String toString() {
      return "ProportionTest[a="
          + a
          + ", b="
          + b
          + ", difference="
          + difference
          + ", z="
          + z
          + ", pValue="
          + pValue
          + ", significant="
          + significant
          + ", interval="
          + interval
          + ", withheld="
          + withheld
          + ", method="
          + method
          + ", adjustedPValue="
          + adjustedPValue
          + "]";
    }

    /**
     * Builds a {@link ProportionTest}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable Proportion a;
      private @Nullable Proportion b;
      private @Nullable Double difference;
      private @Nullable Double z;
      private @Nullable Double pValue;
      private boolean significant;
      private @Nullable ConfidenceInterval interval;
      private @Nullable Withheld withheld;
      private @Nullable Method method;
      private @Nullable Double adjustedPValue;

      private Builder() {}

      private Builder(ProportionTest from) {
        this.a = from.a;
        this.b = from.b;
        this.difference = from.difference;
        this.z = from.z;
        this.pValue = from.pValue;
        this.significant = from.significant;
        this.interval = from.interval;
        this.withheld = from.withheld;
        this.method = from.method;
        this.adjustedPValue = from.adjustedPValue;
      }

      /**
       * Sets the {@code a}: group a's proportion.
       *
       * @param a the value
       * @return this builder
       */
      public Builder a(Proportion a) {
        this.a = a;
        return this;
      }

      /**
       * Sets the {@code b}: group b's proportion.
       *
       * @param b the value
       * @return this builder
       */
      public Builder b(Proportion b) {
        this.b = b;
        return this;
      }

      /**
       * Sets the {@code difference}: {@code b.percent − a.percent}, in percentage points; {@code
       * null} when either group has no trials.
       *
       * @param difference the value
       * @return this builder
       */
      public Builder difference(@Nullable Double difference) {
        this.difference = difference;
        return this;
      }

      /**
       * Sets the {@code z}: the z statistic; {@code null} when either group has no trials or p̄ is
       * 0 or 1 (no variation to test).
       *
       * @param z the value
       * @return this builder
       */
      public Builder z(@Nullable Double z) {
        this.z = z;
        return this;
      }

      /**
       * Sets the {@code pValue}: the two-sided p-value; {@code null} when {@code z} is.
       *
       * @param pValue the value
       * @return this builder
       */
      public Builder pValue(@Nullable Double pValue) {
        this.pValue = pValue;
        return this;
      }

      /**
       * Sets the {@code significant}: whether {@code pValue < alpha}.
       *
       * @param significant the value
       * @return this builder
       */
      public Builder significant(boolean significant) {
        this.significant = significant;
        return this;
      }

      /**
       * Sets the {@code interval}: the confidence interval of the difference, in percentage points;
       * {@code null} when either group has no trials.
       *
       * @param interval the value
       * @return this builder
       */
      public Builder interval(@Nullable ConfidenceInterval interval) {
        this.interval = interval;
        return this;
      }

      /**
       * Sets the {@code withheld}: why there is no test; {@code null} (the default) when there
       * is one.
       *
       * @param withheld the value
       * @return this builder
       */
      public Builder withheld(@Nullable Withheld withheld) {
        this.withheld = withheld;
        return this;
      }

      /**
       * Sets the {@code method}: the test that gave the p-value; {@code null} when there is
       * none.
       *
       * @param method the value
       * @return this builder
       */
      public Builder method(@Nullable Method method) {
        this.method = method;
        return this;
      }

      /**
       * Sets the {@code adjustedPValue}: the p-value adjusted for the comparison's several tests; {@code null} when there is no test.
       *
       * @param adjustedPValue the value
       * @return this builder
       */
      public Builder adjustedPValue(@Nullable Double adjustedPValue) {
        this.adjustedPValue = adjustedPValue;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the proportionTest
       * @throws NullPointerException naming {@code a} or {@code b} if it is not set
       */
      public ProportionTest build() {
        return new ProportionTest(
            a, b, difference, z, pValue, significant, interval, withheld, method, adjustedPValue);
      }
    }
  }

  /**
   * Scores observed in one group on one scale.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class MeanSample {

    private final long count;
    private final @Nullable Double mean;
    private final @Nullable Double standardDeviation;

    private MeanSample(long count, @Nullable Double mean, @Nullable Double standardDeviation) {
      this.count = count;
      this.mean = mean;
      this.standardDeviation = standardDeviation;
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
     * How many scores.
     *
     * @return the count
     */
    public long count() {
      return count;
    }

    /**
     * Their mean; {@code null} when there were none.
     *
     * @return the mean
     */
    public @Nullable Double mean() {
      return mean;
    }

    /**
     * Their sample standard deviation; {@code null} below two.
     *
     * @return the standardDeviation
     */
    public @Nullable Double standardDeviation() {
      return standardDeviation;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof MeanSample o
          && count == o.count
          && Objects.equals(mean, o.mean)
          && Objects.equals(standardDeviation, o.standardDeviation);
    }

    @Override
    public int hashCode() {
      return Objects.hash(count, mean, standardDeviation);
    }

    @Override
    public String toString() {
      return "MeanSample[count="
          + count
          + ", mean="
          + mean
          + ", standardDeviation="
          + standardDeviation
          + "]";
    }

    /**
     * Builds a {@link MeanSample}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private long count;
      private @Nullable Double mean;
      private @Nullable Double standardDeviation;

      private Builder() {}

      private Builder(MeanSample from) {
        this.count = from.count;
        this.mean = from.mean;
        this.standardDeviation = from.standardDeviation;
      }

      /**
       * Sets the {@code count}: how many scores.
       *
       * @param count the value
       * @return this builder
       */
      public Builder count(long count) {
        this.count = count;
        return this;
      }

      /**
       * Sets the {@code mean}: their mean; {@code null} when there were none.
       *
       * @param mean the value
       * @return this builder
       */
      public Builder mean(@Nullable Double mean) {
        this.mean = mean;
        return this;
      }

      /**
       * Sets the {@code standardDeviation}: their sample standard deviation; {@code null} below
       * two.
       *
       * @param standardDeviation the value
       * @return this builder
       */
      public Builder standardDeviation(@Nullable Double standardDeviation) {
        this.standardDeviation = standardDeviation;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the meanSample
       */
      public MeanSample build() {
        return new MeanSample(count, mean, standardDeviation);
      }
    }
  }

  /**
   * Which test gave a comparison's p-value and interval: {@link #SCORE}, {@link
   * #FISHER_EXACT} or {@link #CLUSTER_ROBUST} for a {@link ProportionTest}, {@link #WELCH}
   * or {@link #CLUSTER_ROBUST} for a {@link MeanTest}.
   *
   * @since 0.1.0
   */
  public enum Method {
    /** The score test (the pooled two-proportion z-test), for large enough samples. */
    SCORE,
    /** Fisher's exact test, when an expected count of the 2×2 table is below 5. */
    FISHER_EXACT,
    /**
     * Session-clustered (cluster-robust, CR1) standard errors: feedback of one session is not
     * taken as independent (see {@link CompareOptions.StandardErrors}). For a proportion the
     * Wald z-test and its interval; for a mean Welch's t-test and interval with sessions as
     * the units (the degrees of freedom of the sessions, not of the scores).
     */
    CLUSTER_ROBUST,
    /** Welch's t-test of two means, every score taken as independent. */
    WELCH
  }

  /**
   * Why a comparison reports no test: its statistic, p-value and interval are then {@code
   * null} and it is never significant.
   *
   * @since 0.1.0
   */
  public enum Withheld {
    /** A group has no observations at all. */
    NO_DATA,
    /**
     * A group has fewer observations than the test needs: fewer than two scores for Welch's
     * test, or fewer than the comparison's minimum sample size.
     */
    TOO_FEW,
    /**
     * Neither group varies: every score of each group is one and the same value (detected
     * exactly from the stored distribution, not from a variance that rounding left near
     * zero), or every trial of both groups has the same outcome. There is no standard error
     * to scale the difference by, so no test and no interval.
     */
    NO_VARIATION
  }

  /**
   * Welch's t-test of the difference of two mean scores, which does not assume equal
   * variances.
   *
   * <p>With means m, sample variances s² and counts n:
   * t = (m<sub>b</sub> − m<sub>a</sub>) / √(s<sub>a</sub>²/n<sub>a</sub> +
   * s<sub>b</sub>²/n<sub>b</sub>); the Welch–Satterthwaite degrees of freedom
   * ν = (s<sub>a</sub>²/n<sub>a</sub> + s<sub>b</sub>²/n<sub>b</sub>)² /
   * ((s<sub>a</sub>²/n<sub>a</sub>)²/(n<sub>a</sub> − 1) +
   * (s<sub>b</sub>²/n<sub>b</sub>)²/(n<sub>b</sub> − 1)); p-value = 2 P(T<sub>ν</sub> &gt; |t|)
   * from Student's t distribution; interval: difference ± t<sub>1−α/2, ν</sub> · the
   * standard error. Means and variances are computed stably from the stored distribution
   * (a group of one distinct value has exactly that mean and variance 0). There is no test
   * ({@link #withheld()} says why) when a group has fewer than two scores or when neither
   * group varies.
   *
   * <p>With session-clustered standard errors ({@link CompareOptions#standardErrors()},
   * {@link #method()} {@link Method#CLUSTER_ROBUST}) the sessions are the units: each mean's
   * variance is the CR1 sandwich V = G/(G − 1) · Σ(S<sub>i</sub> − m·n<sub>i</sub>)² / N²
   * over its G sessions (S<sub>i</sub> and n<sub>i</sub> a session's sum and count of
   * scores, N all scores), t = (m<sub>b</sub> − m<sub>a</sub>) / √(V<sub>a</sub> +
   * V<sub>b</sub>), ν = (V<sub>a</sub> + V<sub>b</sub>)² / (V<sub>a</sub>²/(G<sub>a</sub> −
   * 1) + V<sub>b</sub>²/(G<sub>b</sub> − 1)); with one score per session this is Welch's
   * test exactly. It is withheld as too few below two sessions with scores in a group, and
   * for no variation when both variances are 0.
   *
   * <p>Immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public static final class MeanTest {

    private final String scale;
    private final MeanSample a;
    private final MeanSample b;
    private final double difference;
    private final @Nullable Double t;
    private final @Nullable Double degreesOfFreedom;
    private final @Nullable Double pValue;
    private final boolean significant;
    private final @Nullable ConfidenceInterval interval;
    private final @Nullable Withheld withheld;
    private final @Nullable Method method;
    private final @Nullable Double adjustedPValue;
    private final @Nullable MeanTest nps;
    private final @Nullable ProportionTest csat;

    private MeanTest(
        @Nullable String scale,
        @Nullable MeanSample a,
        @Nullable MeanSample b,
        double difference,
        @Nullable Double t,
        @Nullable Double degreesOfFreedom,
        @Nullable Double pValue,
        boolean significant,
        @Nullable ConfidenceInterval interval,
        @Nullable Withheld withheld,
        @Nullable Method method,
        @Nullable Double adjustedPValue,
        @Nullable MeanTest nps,
        @Nullable ProportionTest csat) {
      Objects.requireNonNull(scale, "scale");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
      this.scale = scale;
      this.a = a;
      this.b = b;
      this.difference = difference;
      this.t = t;
      this.degreesOfFreedom = degreesOfFreedom;
      this.pValue = pValue;
      this.significant = significant;
      this.interval = interval;
      this.withheld = withheld;
      this.method = method;
      this.adjustedPValue = adjustedPValue;
      this.nps = nps;
      this.csat = csat;
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
     * The scale's stored name.
     *
     * @return the scale
     */
    public String scale() {
      return scale;
    }

    /**
     * Group a's scores.
     *
     * @return the a
     */
    public MeanSample a() {
      return a;
    }

    /**
     * Group b's scores.
     *
     * @return the b
     */
    public MeanSample b() {
      return b;
    }

    /**
     * {@code b.mean − a.mean}.
     *
     * @return the difference
     */
    public double difference() {
      return difference;
    }

    /**
     * Why there is no test, or {@code null} when there is one.
     *
     * @return the reason, or {@code null}
     */
    public @Nullable Withheld withheld() {
      return withheld;
    }

    /**
     * Which test was made: {@link Method#WELCH}, or {@link Method#CLUSTER_ROBUST} when the
     * standard errors are clustered by session ({@link CompareOptions#standardErrors()});
     * {@code null} when the test is {@link #withheld()}.
     *
     * @return the method, or {@code null}
     */
    public @Nullable Method method() {
      return method;
    }

    /**
     * The t statistic; {@code null} when the test is {@link #withheld()}: a group has fewer
     * than two scores (with clustered standard errors: fewer than two sessions with scores),
     * or neither group's scores vary.
     *
     * @return the t
     */
    public @Nullable Double t() {
      return t;
    }

    /**
     * Ν; {@code null} when {@code t} is.
     *
     * @return the degreesOfFreedom
     */
    public @Nullable Double degreesOfFreedom() {
      return degreesOfFreedom;
    }

    /**
     * The two-sided p-value; {@code null} when {@code t} is.
     *
     * @return the pValue
     */
    public @Nullable Double pValue() {
      return pValue;
    }

    /**
     * Whether {@code pValue < alpha}.
     *
     * @return the significant
     */
    public boolean significant() {
      return significant;
    }

    /**
     * The confidence interval of the difference; {@code null} when {@code t} is.
     *
     * @return the interval
     */
    public @Nullable ConfidenceInterval interval() {
      return interval;
    }

    /**
     * The p-value adjusted for the comparison's several tests ({@link CompareOptions#adjustment()}); {@code null} when there is no test.
     *
     * @return the adjustedPValue
     */
    public @Nullable Double adjustedPValue() {
      return adjustedPValue;
    }

    /**
     * For a scale read as NPS, Welch's test of the NPS difference: each response recoded as +100 (promoter, 9 or more), 0 (passive) or −100 (detractor, 6 or less), so that the mean is the NPS and the variance comes from the promoter and detractor shares; {@code null} for other scales.
     *
     * @return the NPS test, or {@code null}
     */
    public @Nullable MeanTest nps() {
      return nps;
    }

    /**
     * For a scale read as CSAT, the test of the CSAT-percent difference: the share of satisfied scores (at or above the scale's threshold) compared as satisfaction is; {@code null} for other scales.
     *
     * @return the csat
     */
    public @Nullable ProportionTest csat() {
      return csat;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof MeanTest o
          && Objects.equals(csat, o.csat)
          && Objects.equals(nps, o.nps)
          && Objects.equals(adjustedPValue, o.adjustedPValue)
          && Objects.equals(scale, o.scale)
          && Objects.equals(a, o.a)
          && Objects.equals(b, o.b)
          && Double.compare(difference, o.difference) == 0
          && Objects.equals(t, o.t)
          && Objects.equals(degreesOfFreedom, o.degreesOfFreedom)
          && Objects.equals(pValue, o.pValue)
          && significant == o.significant
          && Objects.equals(interval, o.interval)
          && withheld == o.withheld
          && method == o.method;
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          csat,
          nps,
          adjustedPValue,
          scale,
          a,
          b,
          difference,
          t,
          degreesOfFreedom,
          pValue,
          significant,
          interval,
          withheld,
          method);
    }

    @Override
    public String toString() {
      return "MeanTest[scale="
          + scale
          + ", a="
          + a
          + ", b="
          + b
          + ", difference="
          + difference
          + ", t="
          + t
          + ", degreesOfFreedom="
          + degreesOfFreedom
          + ", pValue="
          + pValue
          + ", significant="
          + significant
          + ", interval="
          + interval
          + ", withheld="
          + withheld
          + ", method="
          + method
          + ", adjustedPValue="
          + adjustedPValue
          + ", nps="
          + nps
          + ", csat="
          + csat
          + "]";
    }

    /**
     * Builds a {@link MeanTest}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private @Nullable String scale;
      private @Nullable MeanSample a;
      private @Nullable MeanSample b;
      private double difference;
      private @Nullable Double t;
      private @Nullable Double degreesOfFreedom;
      private @Nullable Double pValue;
      private boolean significant;
      private @Nullable ConfidenceInterval interval;
      private @Nullable Withheld withheld;
      private @Nullable Method method;
      private @Nullable Double adjustedPValue;
      private @Nullable MeanTest nps;
      private @Nullable ProportionTest csat;

      private Builder() {}

      private Builder(MeanTest from) {
        this.scale = from.scale;
        this.a = from.a;
        this.b = from.b;
        this.difference = from.difference;
        this.t = from.t;
        this.degreesOfFreedom = from.degreesOfFreedom;
        this.pValue = from.pValue;
        this.significant = from.significant;
        this.interval = from.interval;
        this.withheld = from.withheld;
        this.method = from.method;
        this.adjustedPValue = from.adjustedPValue;
        this.nps = from.nps;
        this.csat = from.csat;
      }

      /**
       * Sets the {@code scale}: the scale's stored name.
       *
       * @param scale the value
       * @return this builder
       */
      public Builder scale(String scale) {
        this.scale = scale;
        return this;
      }

      /**
       * Sets the {@code a}: group a's scores.
       *
       * @param a the value
       * @return this builder
       */
      public Builder a(MeanSample a) {
        this.a = a;
        return this;
      }

      /**
       * Sets the {@code b}: group b's scores.
       *
       * @param b the value
       * @return this builder
       */
      public Builder b(MeanSample b) {
        this.b = b;
        return this;
      }

      /**
       * Sets the {@code difference}: {@code b.mean − a.mean}.
       *
       * @param difference the value
       * @return this builder
       */
      public Builder difference(double difference) {
        this.difference = difference;
        return this;
      }

      /**
       * Sets the {@code t}: the t statistic; {@code null} when a group has fewer than two scores or
       * both have no variance.
       *
       * @param t the value
       * @return this builder
       */
      public Builder t(@Nullable Double t) {
        this.t = t;
        return this;
      }

      /**
       * Sets the {@code degreesOfFreedom}: ν; {@code null} when {@code t} is.
       *
       * @param degreesOfFreedom the value
       * @return this builder
       */
      public Builder degreesOfFreedom(@Nullable Double degreesOfFreedom) {
        this.degreesOfFreedom = degreesOfFreedom;
        return this;
      }

      /**
       * Sets the {@code pValue}: the two-sided p-value; {@code null} when {@code t} is.
       *
       * @param pValue the value
       * @return this builder
       */
      public Builder pValue(@Nullable Double pValue) {
        this.pValue = pValue;
        return this;
      }

      /**
       * Sets the {@code significant}: whether {@code pValue < alpha}.
       *
       * @param significant the value
       * @return this builder
       */
      public Builder significant(boolean significant) {
        this.significant = significant;
        return this;
      }

      /**
       * Sets the {@code interval}: the confidence interval of the difference; {@code null} when
       * {@code t} is.
       *
       * @param interval the value
       * @return this builder
       */
      public Builder interval(@Nullable ConfidenceInterval interval) {
        this.interval = interval;
        return this;
      }

      /**
       * Sets the {@code withheld}: why there is no test; {@code null} (the default) when there
       * is one.
       *
       * @param withheld the value
       * @return this builder
       */
      public Builder withheld(@Nullable Withheld withheld) {
        this.withheld = withheld;
        return this;
      }

      /**
       * Sets the {@code method}: which test was made; {@code null} (the default) when none was.
       *
       * @param method the value
       * @return this builder
       */
      public Builder method(@Nullable Method method) {
        this.method = method;
        return this;
      }

      /**
       * Sets the {@code adjustedPValue}: the p-value adjusted for the comparison's several tests; {@code null} when there is no test.
       *
       * @param adjustedPValue the value
       * @return this builder
       */
      public Builder adjustedPValue(@Nullable Double adjustedPValue) {
        this.adjustedPValue = adjustedPValue;
        return this;
      }

      /**
       * Sets the {@code nps}: the test of the NPS difference; {@code null} for a scale not read as NPS.
       *
       * @param nps the value
       * @return this builder
       */
      public Builder nps(@Nullable MeanTest nps) {
        this.nps = nps;
        return this;
      }

      /**
       * Sets the {@code csat}: the test of the CSAT-percent difference; {@code null} for a scale not read as CSAT.
       *
       * @param csat the value
       * @return this builder
       */
      public Builder csat(@Nullable ProportionTest csat) {
        this.csat = csat;
        return this;
      }

      /**
       * Builds the value, checking and copying the fields.
       *
       * @return the meanTest
       * @throws NullPointerException naming {@code scale}, {@code a} or {@code b} if it is not
       *     set
       */
      public MeanTest build() {
        return new MeanTest(
            scale,
            a,
            b,
            difference,
            t,
            degreesOfFreedom,
            pValue,
            significant,
            interval,
            withheld,
            method,
            adjustedPValue,
            nps,
            csat);
      }
    }
  }

  /**
   * What the feedback was grouped by.
   *
   * @return the key
   */
  public GroupKey key() {
    return key;
  }

  /**
   * The first group's key.
   *
   * @return the a
   */
  public String a() {
    return a;
  }

  /**
   * The second group's key.
   *
   * @return the b
   */
  public String b() {
    return b;
  }

  /**
   * The significance level.
   *
   * @return the alpha
   */
  public double alpha() {
    return alpha;
  }

  /**
   * The smallest sample each group needed for a test ({@link CompareOptions#minSampleSize()}).
   *
   * @return the minimum sample
   */
  public int minSampleSize() {
    return minSampleSize;
  }

  /**
   * How the p-values of the comparison's tests were adjusted for their number ({@link
   * ProportionTest#adjustedPValue()}, {@link MeanTest#adjustedPValue()}).
   *
   * @return the adjustment
   */
  public CompareOptions.Adjustment adjustment() {
    return adjustment;
  }

  /**
   * Every figure of group a.
   *
   * @return the summaryA
   */
  public FeedbackSummary summaryA() {
    return summaryA;
  }

  /**
   * Every figure of group b.
   *
   * @return the summaryB
   */
  public FeedbackSummary summaryB() {
    return summaryB;
  }

  /**
   * The comparison of {@link FeedbackSummary.Ratings#satisfaction()}.
   *
   * @return the satisfaction
   */
  public ProportionTest satisfaction() {
    return satisfaction;
  }

  /**
   * One comparison of mean scores per scale that occurred in both groups, in ascending scale name
   * order.
   *
   * @return the scores
   */
  public List<MeanTest> scores() {
    return scores;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CohortComparison o
        && Objects.equals(key, o.key)
        && Objects.equals(a, o.a)
        && Objects.equals(b, o.b)
        && Double.compare(alpha, o.alpha) == 0
        && minSampleSize == o.minSampleSize
        && adjustment == o.adjustment
        && Objects.equals(summaryA, o.summaryA)
        && Objects.equals(summaryB, o.summaryB)
        && Objects.equals(satisfaction, o.satisfaction)
        && Objects.equals(scores, o.scores);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        key, a, b, alpha, minSampleSize, adjustment, summaryA, summaryB, satisfaction, scores);
  }

  @Override
  public String toString() {
    return "CohortComparison[key="
        + key
        + ", a="
        + a
        + ", b="
        + b
        + ", alpha="
        + alpha
        + ", minSampleSize="
        + minSampleSize
        + ", adjustment="
        + adjustment
        + ", summaryA="
        + summaryA
        + ", summaryB="
        + summaryB
        + ", satisfaction="
        + satisfaction
        + ", scores="
        + scores
        + "]";
  }

  /**
   * Builds a {@link CohortComparison}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable GroupKey key;
    private @Nullable String a;
    private @Nullable String b;
    private double alpha;
    private int minSampleSize = 1;
    private CompareOptions.Adjustment adjustment = CompareOptions.Adjustment.NONE;
    private @Nullable FeedbackSummary summaryA;
    private @Nullable FeedbackSummary summaryB;
    private @Nullable ProportionTest satisfaction;
    private List<MeanTest> scores = List.of();

    private Builder() {}

    private Builder(CohortComparison from) {
      this.key = from.key;
      this.a = from.a;
      this.b = from.b;
      this.alpha = from.alpha;
      this.minSampleSize = from.minSampleSize;
      this.adjustment = from.adjustment;
      this.summaryA = from.summaryA;
      this.summaryB = from.summaryB;
      this.satisfaction = from.satisfaction;
      this.scores = from.scores;
    }

    /**
     * Sets the {@code key}: what the feedback was grouped by.
     *
     * @param key the value
     * @return this builder
     */
    public Builder key(GroupKey key) {
      this.key = key;
      return this;
    }

    /**
     * Sets the {@code a}: the first group's key.
     *
     * @param a the value
     * @return this builder
     */
    public Builder a(String a) {
      this.a = a;
      return this;
    }

    /**
     * Sets the {@code b}: the second group's key.
     *
     * @param b the value
     * @return this builder
     */
    public Builder b(String b) {
      this.b = b;
      return this;
    }

    /**
     * Sets the {@code alpha}: the significance level.
     *
     * @param alpha the value
     * @return this builder
     */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /**
     * Sets the {@code minSampleSize}: the smallest sample each group needed for a test.
     * Default 1.
     *
     * @param minSampleSize the value
     * @return this builder
     */
    public Builder minSampleSize(int minSampleSize) {
      this.minSampleSize = minSampleSize;
      return this;
    }

    /**
     * Sets the {@code adjustment}: how the tests' p-values were adjusted. Default {@link
     * CompareOptions.Adjustment#NONE}.
     *
     * @param adjustment the value
     * @return this builder
     */
    public Builder adjustment(CompareOptions.Adjustment adjustment) {
      this.adjustment = Objects.requireNonNull(adjustment, "adjustment");
      return this;
    }

    /**
     * Sets the {@code summaryA}: every figure of group a.
     *
     * @param summaryA the value
     * @return this builder
     */
    public Builder summaryA(FeedbackSummary summaryA) {
      this.summaryA = summaryA;
      return this;
    }

    /**
     * Sets the {@code summaryB}: every figure of group b.
     *
     * @param summaryB the value
     * @return this builder
     */
    public Builder summaryB(FeedbackSummary summaryB) {
      this.summaryB = summaryB;
      return this;
    }

    /**
     * Sets the {@code satisfaction}: the comparison of {@link
     * FeedbackSummary.Ratings#satisfaction()}.
     *
     * @param satisfaction the value
     * @return this builder
     */
    public Builder satisfaction(ProportionTest satisfaction) {
      this.satisfaction = satisfaction;
      return this;
    }

    /**
     * Sets the {@code scores}: one comparison of mean scores per scale that occurred in both
     * groups, in ascending scale name order.
     *
     * @param scores the value
     * @return this builder
     */
    public Builder scores(List<MeanTest> scores) {
      this.scores = scores;
      return this;
    }

    /**
     * Builds the value, checking and copying the fields.
     *
     * @return the cohortComparison
     * @throws NullPointerException naming a missing component
     */
    public CohortComparison build() {
      return new CohortComparison(
          key, a, b, alpha, minSampleSize, adjustment, summaryA, summaryB, satisfaction, scores);
    }
  }
}
