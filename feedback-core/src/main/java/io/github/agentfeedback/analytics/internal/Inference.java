package io.github.agentfeedback.analytics.internal;

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
   * Newcombe's hybrid score interval (his method 10) for the difference p₂ − p₁ of two
   * independent proportions, built from the Wilson intervals (l₁, u₁) and (l₂, u₂):
   * lower = d − √((p₂ − l₂)² + (u₁ − p₁)²), upper = d + √((u₂ − p₂)² + (p₁ − l₁)²).
   *
   * @return {lower, upper}, or null when a sample is empty
   */
  public static double @Nullable [] newcombe(long x1, long n1, long x2, long n2, double z) {
    double[] w1 = wilson((double) x1, n1, z);
    double[] w2 = wilson((double) x2, n2, z);
    if (w1 == null || w2 == null) {
      return null;
    }
    double p1 = (double) x1 / n1;
    double p2 = (double) x2 / n2;
    double d = p2 - p1;
    double lower = d - Math.sqrt(square(p2 - w2[0]) + square(w1[1] - p1));
    double upper = d + Math.sqrt(square(w2[1] - p2) + square(p1 - w1[0]));
    return new double[] {Math.max(-1, lower), Math.min(1, upper)};
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
    double a = v1 / n1;
    double b = v2 / n2;
    double se2 = a + b;
    if (!(se2 > 0)) {
      return null;
    }
    double df = se2 * se2 / (a * a / (n1 - 1) + b * b / (n2 - 1));
    double se = Math.sqrt(se2);
    return new double[] {(m2 - m1) / se, df, se};
  }

  private static double square(double x) {
    return x * x;
  }
}
