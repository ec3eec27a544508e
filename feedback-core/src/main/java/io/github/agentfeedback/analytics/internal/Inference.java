package io.github.agentfeedback.analytics.internal;

import io.github.agentfeedback.analytics.CompareOptions;
import io.github.agentfeedback.spi.Tally;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Significance tests and confidence intervals over counts and sample moments. Proportions
 * are fractions in [0, 1] here; the public figures scale them to percentages.
 *
 * <p>Stateless; thread-safe.
 */
public final class Inference {

  private Inference() {}

  /**
   * The two-sided critical value z<sub>1−α/2</sub> of the standard normal distribution.
   *
   * @param alpha the significance level, 0 &lt; α &lt; 1
   */
  public static double zCritical(double alpha) {
    return Distributions.normalQuantile(1 - alpha / 2);
  }

  /**
   * The pooled two-proportion z statistic for p₂ − p₁:
   * z = (p₂ − p₁) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)) with p̄ = (x₁ + x₂)/(n₁ + n₂).
   *
   * @return z, or NaN when a sample is empty or p̄ is 0 or 1 (no variation at all)
   */
  public static double twoProportionZ(long x1, long n1, long x2, long n2) {
    if (n1 == 0 || n2 == 0) {
      return Double.NaN;
    }
    double pooled = (double) (x1 + x2) / (n1 + n2);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    if (!(se > 0)) {
      return Double.NaN;
    }
    return ((double) x2 / n2 - (double) x1 / n1) / se;
  }

  /**
   * The session-clustered (CR1) variance of a proportion p̂ = Y/N of votes gathered in G
   * sessions, session i holding y<sub>i</sub> of n<sub>i</sub>: the ratio estimator's
   * sandwich G/(G − 1) · Σ(y<sub>i</sub> − p̂·n<sub>i</sub>)² / N². The sum of squared
   * residuals is computed exactly, N²·Σ(y<sub>i</sub> − p̂n<sub>i</sub>)² = N²·Σy<sub>i</sub>²
   * − 2YN·Σy<sub>i</sub>n<sub>i</sub> + Y²·Σn<sub>i</sub>², in whole numbers.
   *
   * @param up Y
   * @param votes N
   * @param sessions G
   * @param votesSquared Σ n<sub>i</sub>²
   * @param upVotes Σ y<sub>i</sub>·n<sub>i</sub>
   * @param upSquared Σ y<sub>i</sub>²
   * @return the variance, or NaN with fewer than 2 sessions
   */
  public static double clusteredProportionVariance(
      long up, long votes, long sessions, long votesSquared, long upVotes, long upSquared) {
    if (sessions < 2 || votes == 0) {
      return Double.NaN;
    }
    BigInteger n = BigInteger.valueOf(votes);
    BigInteger y = BigInteger.valueOf(up);
    BigInteger residuals =
        n.pow(2)
            .multiply(BigInteger.valueOf(upSquared))
            .subtract(BigInteger.TWO.multiply(y).multiply(n).multiply(BigInteger.valueOf(upVotes)))
            .add(y.pow(2).multiply(BigInteger.valueOf(votesSquared)));
    double squares =
        new BigDecimal(residuals)
            .divide(new BigDecimal(n.pow(4)), MathContext.DECIMAL128)
            .doubleValue();
    return (double) sessions / (sessions - 1) * squares;
  }

  /**
   * The session-clustered (CR1) variance of a mean m = T/N of values f(v) over scores
   * gathered in G sessions, from a scale's distribution and session sums ({@link
   * Tally#scorePairs()}): G/(G − 1) · Σ<sub>i</sub>(S<sub>i</sub> − m·n<sub>i</sub>)² / N²,
   * with S<sub>i</sub> = Σ<sub>v</sub> f(v)·c<sub>i</sub>(v) and n<sub>i</sub> session i's
   * total and count. With a<sub>v</sub> = N·f(v) − T, N²·Σ<sub>i</sub>(S<sub>i</sub> −
   * m·n<sub>i</sub>)² = Σ<sub>i</sub>(Σ<sub>v</sub> a<sub>v</sub>c<sub>i</sub>(v))² =
   * Σ<sub>v,w</sub> a<sub>v</sub>a<sub>w</sub>·Σ<sub>i</sub>c<sub>i</sub>(v)c<sub>i</sub>(w),
   * which is computed exactly in decimals (every double is one), then divided once.
   *
   * @param distribution the count of each value
   * @param pairs per pair of values v ≤ w, Σ<sub>i</sub> c<sub>i</sub>(v)·c<sub>i</sub>(w)
   * @param sessions G
   * @param f the value each score stands for (the score itself, or a recoding of it)
   * @return the variance, or NaN with fewer than 2 sessions or no score
   */
  public static double clusteredMeanVariance(
      SortedMap<Double, Long> distribution,
      SortedMap<Double, SortedMap<Double, Long>> pairs,
      long sessions,
      DoubleUnaryOperator f) {
    long count = 0;
    BigDecimal total = BigDecimal.ZERO;
    for (Map.Entry<Double, Long> e : distribution.entrySet()) {
      count += e.getValue();
      total =
          total.add(
              new BigDecimal(f.applyAsDouble(e.getKey()))
                  .multiply(BigDecimal.valueOf(e.getValue())));
    }
    if (sessions < 2 || count == 0) {
      return Double.NaN;
    }
    BigDecimal n = BigDecimal.valueOf(count);
    Map<Double, BigDecimal> residual = new HashMap<>();
    BigDecimal squares = BigDecimal.ZERO;
    for (Map.Entry<Double, SortedMap<Double, Long>> row : pairs.entrySet()) {
      BigDecimal av = residual(residual, row.getKey(), n, total, f);
      for (Map.Entry<Double, Long> cell : row.getValue().entrySet()) {
        BigDecimal term =
            av.multiply(residual(residual, cell.getKey(), n, total, f))
                .multiply(BigDecimal.valueOf(cell.getValue()));
        squares = squares.add(cell.getKey().equals(row.getKey()) ? term : term.add(term));
      }
    }
    BigDecimal g = BigDecimal.valueOf(sessions);
    return squares
        .multiply(g)
        .divide(g.subtract(BigDecimal.ONE).multiply(n.pow(4)), MathContext.DECIMAL128)
        .doubleValue();
  }

  /** a<sub>v</sub> = N·f(v) − T, computed once per value. */
  private static BigDecimal residual(
      Map<Double, BigDecimal> known,
      Double value,
      BigDecimal n,
      BigDecimal total,
      DoubleUnaryOperator f) {
    return known.computeIfAbsent(
        value, v -> n.multiply(new BigDecimal(f.applyAsDouble(v))).subtract(total));
  }

  /**
   * Welch's test with sessions as the units: the difference of two means m₂ − m₁, their
   * variances V₁, V₂ (such as {@link #clusteredMeanVariance}) from G₁, G₂ sessions, t = (m₂ −
   * m₁)/√(V₁ + V₂) and the Welch–Satterthwaite degrees of freedom of the sessions,
   * ν = (V₁ + V₂)² / (V₁²/(G₁ − 1) + V₂²/(G₂ − 1)). With one score per session V = s²/n and
   * G = n, so this is exactly Welch's test.
   *
   * @return {t, df, standard error}, or null with fewer than 2 sessions in a group or no
   *     variance at all
   */
  public static double @Nullable [] clusteredWelch(
      double m1, double v1, long g1, double m2, double v2, long g2) {
    if (g1 < 2 || g2 < 2) {
      return null;
    }
    double se2 = v1 + v2;
    if (!(se2 > 0)) {
      return null;
    }
    double df = se2 * se2 / (v1 * v1 / (g1 - 1) + v2 * v2 / (g2 - 1));
    double se = Math.sqrt(se2);
    return new double[] {(m2 - m1) / se, df, se};
  }

  /** The two-sided p-value of a standard normal statistic: 2(1 − Φ(|z|)) = erfc(|z|/√2). */
  public static double twoSidedNormalP(double z) {
    return Math.min(1, 2 * Distributions.normalUpperTail(Math.abs(z)));
  }

  /** The two-sided p-value of a Student t statistic: 2 P(T &gt; |t|). */
  public static double twoSidedStudentP(double t, double df) {
    return Math.min(1, 2 * Distributions.studentTUpperTail(Math.abs(t), df));
  }

  /**
   * The Wilson score interval for a proportion of {@code successes} in {@code n} trials
   * (successes may be fractional, as when ties count half): centre
   * (p̂ + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/4n²), clamped to
   * [0, 1] (exactly 0 and 1 at p̂ = 0 and p̂ = 1).
   *
   * @return {lower, upper}, or null when n is 0
   */
  public static double @Nullable [] wilson(double successes, long n, double z) {
    if (n == 0) {
      return null;
    }
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    // At p̂ = 0 the lower bound is exactly 0, at p̂ = 1 the upper exactly 1; rounding would
    // otherwise leave them a hair off.
    return new double[] {
      successes == 0 ? 0 : Math.max(0, centre - half),
      successes == n ? 1 : Math.min(1, centre + half)
    };
  }

  /**
   * The score interval for the mean θ = p_w + p_t/2 of an outcome that is a win (1), a tie
   * (½) or a loss (0), from {@code wins}, {@code ties} and {@code losses} counts of a
   * trinomial sample: every θ with |Z(θ)| ≤ z, where Z(θ) = (θ̂ − θ)·√n / √V(θ), θ̂ =
   * (wins + ties/2)/n and V(θ) = θ(1 − θ) − p̃_t/4 is the variance of one outcome under the
   * trinomial proportions of greatest likelihood with p_w + p_t/2 = θ ({@link
   * #restrictedTieShare}). Without ties p̃_t = 0 and this is Wilson's interval; ties lower
   * the variance below the binomial θ(1 − θ), which the Wilson interval of (wins + ties/2)
   * of n ignores. Bounds are found by bisection down to adjacent doubles.
   *
   * @return {lower, upper} within [0, 1], or null when n is 0
   */
  public static double @Nullable [] trinomialScoreInterval(
      long wins, long ties, long losses, double z) {
    double n = (double) wins + ties + losses;
    if (n == 0) {
      return null;
    }
    double estimate = (wins + ties / 2.0) / n;
    double lower = estimate;
    double lo = 0;
    for (int i = 0; i < 200 && lo < lower; i++) { // Z(θ) > z below the lower bound
      double mid = lo + (lower - lo) / 2;
      if (mid <= lo || mid >= lower) {
        break;
      }
      if (trinomialZ(wins, ties, losses, mid) > z) {
        lo = mid;
      } else {
        lower = mid;
      }
    }
    double upper = estimate;
    double hi = 1;
    for (int i = 0; i < 200 && upper < hi; i++) { // Z(θ) < −z above the upper bound
      double mid = upper + (hi - upper) / 2;
      if (mid <= upper || mid >= hi) {
        break;
      }
      if (trinomialZ(wins, ties, losses, mid) < -z) {
        hi = mid;
      } else {
        upper = mid;
      }
    }
    return new double[] {
      estimate == 0 ? 0 : trinomialZ(wins, ties, losses, 0) <= z ? 0 : lower,
      estimate == 1 ? 1 : trinomialZ(wins, ties, losses, 1) >= -z ? 1 : upper
    };
  }

  /** Z(θ) of {@link #trinomialScoreInterval}; ±∞ when V(θ) is 0 but θ is not θ̂. */
  static double trinomialZ(long wins, long ties, long losses, double theta) {
    double n = (double) wins + ties + losses;
    double difference = (wins + ties / 2.0) / n - theta;
    double variance = theta * (1 - theta) - restrictedTieShare(wins, ties, losses, theta) / 4;
    if (!(variance > 0)) {
      return difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
    }
    return difference * Math.sqrt(n / variance);
  }

  /**
   * The tie probability p̃_t of the trinomial of greatest likelihood with p_w + p_t/2 = θ:
   * with p_w = θ − p_t/2 and p_l = 1 − θ − p_t/2, the log-likelihood w·ln p_w + t·ln p_t +
   * l·ln p_l is concave in p_t on [0, 2·min(θ, 1 − θ)], its derivative t/p_t − w/(2θ − p_t) −
   * l/(2(1 − θ) − p_t) decreasing; p̃_t is its root, or the end where it keeps its sign.
   */
  static double restrictedTieShare(long wins, long ties, long losses, double theta) {
    double max = 2 * Math.min(theta, 1 - theta);
    if (ties == 0 || !(max > 0)) {
      return 0;
    }
    if (tieSlope(wins, ties, losses, theta, max) >= 0) {
      return max;
    }
    double lo = 0;
    double hi = max;
    for (int i = 0; i < 200; i++) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (tieSlope(wins, ties, losses, theta, mid) > 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo + (hi - lo) / 2;
  }

  /** The derivative of the restricted log-likelihood in p_t; a term with a zero count is 0. */
  private static double tieSlope(long wins, long ties, long losses, double theta, double pt) {
    double slope = ties / pt;
    if (wins > 0) {
      slope -= wins / (2 * theta - pt);
    }
    if (losses > 0) {
      slope -= losses / (2 * (1 - theta) - pt);
    }
    return slope;
  }

  /**
   * The score statistic for the hypothesis p₂ − p₁ = δ (Farrington and Manning, Statistics in
   * Medicine 9, 1990): Z(δ) = (p̂₂ − p̂₁ − δ) / √(p̃₁(1 − p̃₁)/n₁ + p̃₂(1 − p̃₂)/n₂), where p̃₁,
   * p̃₂ are the maximum-likelihood proportions under p₂ − p₁ = δ (the root of a cubic,
   * Miettinen and Nurminen's closed form). At δ = 0 they are both the pooled proportion, so
   * Z(0) is {@link #twoProportionZ}.
   *
   * @return Z(δ); ±∞ when the restricted variance is 0 but the difference is not δ, 0 when
   *     both are
   */
  static double scoreStatistic(long x1, long n1, long x2, long n2, double delta) {
    // Miettinen–Nurminen's cubic is written for P1 − P2 = δ: here group 2 is their "1".
    double q1 = (double) x2 / n2;
    double q2 = (double) x1 / n1;
    double theta = (double) n1 / n2;
    double a = 1 + theta;
    double b = -(1 + theta + q1 + theta * q2 + delta * (theta + 2));
    double c = delta * delta + delta * (2 * q1 + theta + 1) + q1 + theta * q2;
    double d = -q1 * delta * (1 + delta);
    double v = b * b * b / (27 * a * a * a) - b * c / (6 * a * a) + d / (2 * a);
    double u = Math.copySign(Math.sqrt(Math.max(0, b * b / (9 * a * a) - c / (3 * a))), v);
    double cosine = u == 0 ? 0 : Math.max(-1, Math.min(1, v / (u * u * u)));
    double w = (Math.PI + Math.acos(cosine)) / 3;
    double r1 = Math.max(0, Math.min(1, 2 * u * Math.cos(w) - b / (3 * a)));
    double r2 = Math.max(0, Math.min(1, r1 - delta));
    double variance = r1 * (1 - r1) / n2 + r2 * (1 - r2) / n1;
    double numerator = q1 - q2 - delta;
    if (!(variance > 0)) {
      return numerator == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, numerator);
    }
    return numerator / Math.sqrt(variance);
  }

  /**
   * The score interval for p₂ − p₁ that inverts the score test of {@link #scoreStatistic}:
   * every δ with |Z(δ)| ≤ z. Because Z(0) is the pooled z statistic, the interval excludes 0
   * exactly when the pooled two-proportion z-test is significant at the matching level.
   * Bounds are found by bisection down to adjacent doubles.
   *
   * @return {lower, upper}, or null when a sample is empty
   */
  public static double @Nullable [] scoreInterval(long x1, long n1, long x2, long n2, double z) {
    if (n1 == 0 || n2 == 0) {
      return null;
    }
    double d = (double) x2 / n2 - (double) x1 / n1;
    // Z decreases in δ: from +∞ near −1 through 0 at d to −∞ near 1.
    double lower = crossing(x1, n1, x2, n2, z, -1, d);
    double upper = crossing(x1, n1, x2, n2, -z, d, 1);
    return new double[] {lower, upper};
  }

  /** The δ in [lo, hi] where the decreasing Z(δ) falls to {@code target}. */
  private static double crossing(
      long x1, long n1, long x2, long n2, double target, double lo, double hi) {
    if (scoreStatistic(x1, n1, x2, n2, lo) <= target) {
      return lo;
    }
    if (scoreStatistic(x1, n1, x2, n2, hi) >= target) {
      return hi;
    }
    for (int i = 0; i < 200; i++) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (scoreStatistic(x1, n1, x2, n2, mid) > target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return target > 0 ? lo : hi; // the side that the test does not reject
  }

  /**
   * The smallest expected count of the 2×2 table (successes and failures of both samples)
   * under independence: min over cells of row total × column total / N.
   */
  public static double minExpected(long x1, long n1, long x2, long n2) {
    double total = (double) n1 + n2;
    double successes = (double) x1 + x2;
    double failures = total - successes;
    return Math.min(n1, n2) * Math.min(successes, failures) / total;
  }

  /**
   * Fisher's exact test of the 2×2 table (x₁, n₁ − x₁; x₂, n₂ − x₂), two-sided: the sum of the
   * hypergeometric probabilities, given both margins, of every table no more probable than the
   * observed one (with a relative tolerance of 10⁻⁷ for ties, as R's {@code fisher.test}).
   *
   * @return the p-value, at most 1
   */
  public static double fisherExact(long x1, long n1, long x2, long n2) {
    long successes = x1 + x2;
    long total = n1 + n2;
    long from = Math.max(0, successes - n2);
    long to = Math.min(n1, successes);
    double observed = lnHypergeometric(x1, n1, n2, successes);
    double sum = 0;
    double all = 0;
    for (long k = from; k <= to; k++) {
      double q = Math.exp(lnHypergeometric(k, n1, n2, successes) - observed);
      all += q;
      if (q <= 1 + 1e-7) {
        sum += q;
      }
    }
    return total == 0 ? 1 : Math.min(1, sum / all);
  }

  /** ln P(X = k) for X hypergeometric: k successes among n1 draws, K successes in n1 + n2. */
  private static double lnHypergeometric(long k, long n1, long n2, long successes) {
    return lnChoose(n1, k) + lnChoose(n2, successes - k) - lnChoose(n1 + n2, successes);
  }

  private static double lnChoose(long n, long k) {
    if (k == 0 || k == n) {
      return 0;
    }
    return Distributions.lnGamma(n + 1.0)
        - Distributions.lnGamma(k + 1.0)
        - Distributions.lnGamma(n - k + 1.0);
  }

  /**
   * Welch's t-test for the difference of means m₂ − m₁ with sample variances v₁, v₂:
   * t = (m₂ − m₁)/√(v₁/n₁ + v₂/n₂), and the Welch–Satterthwaite degrees of freedom
   * (v₁/n₁ + v₂/n₂)² / ((v₁/n₁)²/(n₁ − 1) + (v₂/n₂)²/(n₂ − 1)).
   *
   * @return {t, df, standard error}, or null when a sample has fewer than two values or
   *     both variances are zero
   */
  public static double @Nullable [] welch(
      long n1, double m1, double v1, long n2, double m2, double v2) {
    if (n1 < 2 || n2 < 2) {
      return null;
    }
    // Each score its own session: the variance of a mean is v/n, with n − 1 degrees of freedom.
    return clusteredWelch(m1, v1 / n1, n1, m2, v2 / n2, n2);
  }

  /**
   * Holm's step-down adjusted p-values, which control the family-wise error rate: with the
   * m p-values in ascending order p₍₁₎ ≤ … ≤ p₍ₘ₎, adjusted p₍ᵢ₎ = max over j ≤ i of
   * min(1, (m − j + 1)·p₍ⱼ₎).
   *
   * @param p the p-values of one family of tests
   * @return the adjusted p-values, in the order given
   */
  public static double[] holm(double[] p) {
    Integer[] order = ascending(p);
    double[] adjusted = new double[p.length];
    double running = 0;
    for (int r = 0; r < order.length; r++) {
      running = Math.max(running, Math.min(1, (p.length - r) * p[order[r]]));
      adjusted[order[r]] = running;
    }
    return adjusted;
  }

  /**
   * Benjamini and Hochberg's step-up adjusted p-values, which control the false discovery
   * rate: adjusted p₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎/j).
   *
   * @param p the p-values of one family of tests
   * @return the adjusted p-values, in the order given
   */
  public static double[] benjaminiHochberg(double[] p) {
    Integer[] order = ascending(p);
    double[] adjusted = new double[p.length];
    double running = 1;
    for (int r = order.length - 1; r >= 0; r--) {
      running = Math.min(running, Math.min(1, p[order[r]] * p.length / (r + 1)));
      adjusted[order[r]] = running;
    }
    return adjusted;
  }

  /**
   * Adjusts the p-values of one family of tests together, as {@link
   * CompareOptions.Adjustment} says; the one place every result with several tests (a
   * comparison, a group ranking, a report's changes) adjusts them.
   *
   * @param p the p-values, {@code null} for a test not made (no part of the family)
   * @param adjustment how to adjust
   * @return the adjusted p-values in the order given, {@code null} where {@code p} is null
   */
  public static List<@Nullable Double> adjust(
      List<@Nullable Double> p, CompareOptions.Adjustment adjustment) {
    List<Double> made = new ArrayList<>(p.size());
    for (Double v : p) {
      if (v != null) {
        made.add(v);
      }
    }
    double[] family = new double[made.size()];
    for (int i = 0; i < family.length; i++) {
      family[i] = made.get(i);
    }
    double[] adjusted =
        switch (adjustment) {
          case HOLM -> holm(family);
          case BENJAMINI_HOCHBERG -> benjaminiHochberg(family);
          case NONE -> family;
        };
    List<@Nullable Double> out = new ArrayList<>(p.size());
    int next = 0;
    for (Double v : p) {
      out.add(v == null ? null : adjusted[next++]);
    }
    return out;
  }

  /** The indexes of p in ascending order of value, ties by index. */
  private static Integer[] ascending(double[] p) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (i, j) -> Double.compare(p[i], p[j]));
    return order;
  }
}
