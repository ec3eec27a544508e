package io.github.agentfeedback.analytics.internal;

/**
 * The few special functions the analytics need, written from their textbook definitions so
 * that core depends on no numerics library: the complementary error function, the standard
 * normal distribution, the log-gamma function, the regularized incomplete beta function and
 * Student's t distribution.
 *
 * <p>Accuracy (checked by the unit tests against independently derived reference values):
 * <ul>
 *   <li>{@link #erfc}: a Taylor series of erf below |x| = 2 and a continued fraction
 *       (modified Lentz) above; absolute error below 1e-15, relative error below 1e-13 in
 *       the upper tail;
 *   <li>{@link #lnGamma}: the recurrence Γ(x+1) = xΓ(x) up to x ≥ 15, then Stirling's series
 *       to the x<sup>-13</sup> term; absolute error below 1e-12 for x ≥ 1e-6;
 *       {@link #lnBeta} takes the difference of two large log-gammas term by term;
 *   <li>{@link #regularizedIncompleteBeta}: the continued fraction of I<sub>x</sub>(a, b)
 *       (modified Lentz), on the side of the symmetry I<sub>x</sub>(a, b) =
 *       1 − I<sub>1−x</sub>(b, a) where it converges fast; absolute error below 1e-14 for
 *       parameters up to about 10, below 1e-12 for Student's t up to 10⁶ degrees of
 *       freedom;
 *   <li>quantiles: bisection of the distribution function down to adjacent doubles.
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
public final class Distributions {

  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double SQRT_2 = Math.sqrt(2);
  private static final double HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double TINY = 1e-300;
  private static final double EPSILON = 1e-16;
  private static final int MAX_ITERATIONS = 10_000;
  private static final double STIRLING_FROM = 15;

  private Distributions() {}

  /**
   * The complementary error function erfc(x) = 1 − erf(x) = (2/√π)∫<sub>x</sub><sup>∞</sup>
   * e<sup>−t²</sup> dt.
   */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 2) {
      return 1 - erfSeries(x);
    }
    if (x > 27.3) {
      return 0; // below the smallest positive double
    }
    // erfc(x) = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))): a_n = n/2, b_n = x.
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < MAX_ITERATIONS; n++) {
      double a = n / 2.0;
      d = x + a * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = x + a / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        break;
      }
    }
    return Math.exp(-x * x) / (SQRT_PI * f);
  }

  /** erf(x) = (2/√π) Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)), for 0 ≤ x &lt; 2. */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x; // (−1)ⁿ x^(2n+1) / n!
    double sum = x;
    for (int n = 1; n < MAX_ITERATIONS; n++) {
      term *= -x2 / n;
      double add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < EPSILON * Math.abs(sum)) {
        break;
      }
    }
    return 2 / SQRT_PI * sum;
  }

  /** The standard normal distribution function Φ(x) = erfc(−x/√2) / 2. */
  public static double normalCdf(double x) {
    return 0.5 * erfc(-x / SQRT_2);
  }

  /**
   * The upper tail of the standard normal distribution, 1 − Φ(x) = erfc(x/√2) / 2, without
   * the cancellation of computing it as a difference.
   */
  public static double normalUpperTail(double x) {
    return 0.5 * erfc(x / SQRT_2);
  }

  /**
   * The standard normal quantile: the x with Φ(x) = p.
   *
   * @throws IllegalArgumentException unless 0 &lt; p &lt; 1
   */
  public static double normalQuantile(double p) {
    requireOpenUnit(p);
    return bisect(p, -40, 40, Distributions::normalCdf);
  }

  /**
   * ln Γ(x) for x &gt; 0.
   *
   * @throws IllegalArgumentException unless x is positive and finite
   */
  public static double lnGamma(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException("lnGamma needs a positive finite x, was " + x);
    }
    double shift = 0;
    while (x < STIRLING_FROM) {
      shift += Math.log(x);
      x += 1;
    }
    return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + stirlingSeries(x) - shift;
  }

  /** Σ B₂ₖ / (2k (2k − 1) x^(2k−1)) for k = 1..7, the tail of Stirling's series. */
  private static double stirlingSeries(double x) {
    double inv = 1 / x;
    double inv2 = inv * inv;
    return inv
        * (1.0 / 12
            + inv2
                * (-1.0 / 360
                    + inv2
                        * (1.0 / 1260
                            + inv2
                                * (-1.0 / 1680
                                    + inv2
                                        * (1.0 / 1188
                                            + inv2 * (-691.0 / 360360 + inv2 * (1.0 / 156)))))));
  }

  /**
   * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). When the larger parameter is large, the
   * difference ln Γ(big) − ln Γ(big + small) is taken from Stirling's series term by term,
   * = −small·ln big − (big + small − ½)·ln(1 + small/big) + small + S(big) − S(big + small),
   * so that two huge logarithms never cancel.
   */
  public static double lnBeta(double a, double b) {
    double small = Math.min(a, b);
    double big = Math.max(a, b);
    if (big < STIRLING_FROM) {
      return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
    }
    double difference =
        -small * Math.log(big)
            - (big + small - 0.5) * Math.log1p(small / big)
            + small
            + stirlingSeries(big)
            - stirlingSeries(big + small);
    return lnGamma(small) + difference;
  }

  /**
   * The regularized incomplete beta function I<sub>x</sub>(a, b) =
   * B(x; a, b) / B(a, b).
   *
   * @throws IllegalArgumentException unless a, b &gt; 0 and 0 ≤ x ≤ 1
   */
  public static double regularizedIncompleteBeta(double x, double a, double b) {
    if (!(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
      throw new IllegalArgumentException(
          "the incomplete beta function needs positive finite a and b, were " + a + ", " + b);
    }
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException(
          "the incomplete beta function needs 0 <= x <= 1, was " + x);
    }
    return incompleteBeta(x, 1 - x, a, b);
  }

  /** I_x(a, b) where y = 1 − x is given exactly, so that neither side loses precision. */
  private static double incompleteBeta(double x, double y, double a, double b) {
    if (x == 0 || y == 0) {
      return x == 0 ? 0 : 1;
    }
    if (x > (a + 1) / (a + b + 2)) {
      return 1 - incompleteBeta(y, x, b, a);
    }
    double front = Math.exp(a * Math.log(x) + b * Math.log(y) - lnBeta(a, b)) / a;
    return front * betaContinuedFraction(x, a, b);
  }

  /**
   * 1/(1 + d₁/(1 + d₂/(1 + …))) with d₂ₘ₊₁ = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and
   * d₂ₘ = m(b−m)x / ((a+2m−1)(a+2m)), evaluated by the modified Lentz method.
   */
  private static double betaContinuedFraction(double x, double a, double b) {
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (Math.abs(d) < TINY ? TINY : d);
    double f = d;
    for (int m = 1; m < MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + even * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + even / c;
      c = Math.abs(c) < TINY ? TINY : c;
      f *= d * c;
      double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + odd * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + odd / c;
      c = Math.abs(c) < TINY ? TINY : c;
      double delta = d * c;
      f *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        break;
      }
    }
    return f;
  }

  /**
   * Student's t distribution function with {@code df} degrees of freedom (any positive
   * real): for t ≥ 0, 1 − I<sub>df/(df+t²)</sub>(df/2, 1/2) / 2.
   *
   * @throws IllegalArgumentException unless df is positive and finite
   */
  public static double studentTCdf(double t, double df) {
    double tail = studentTUpperTail(Math.abs(t), df);
    return t < 0 ? tail : 1 - tail;
  }

  /**
   * The upper tail P(T &gt; t) of Student's t distribution, computed directly for t ≥ 0
   * (no cancellation): I<sub>df/(df+t²)</sub>(df/2, 1/2) / 2.
   *
   * @throws IllegalArgumentException unless df is positive and finite
   */
  public static double studentTUpperTail(double t, double df) {
    if (!(df > 0) || Double.isInfinite(df)) {
      throw new IllegalArgumentException(
          "Student's t distribution needs positive finite degrees of freedom, was " + df);
    }
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    if (t < 0) {
      return 1 - studentTUpperTail(-t, df);
    }
    if (Double.isInfinite(t)) {
      return 0;
    }
    // x = df/(df+t²) and 1 − x = t²/(df+t²), each computed directly.
    double t2 = t * t;
    return 0.5 * incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
  }

  /**
   * The quantile of Student's t distribution: the t with F(t) = p.
   *
   * @throws IllegalArgumentException unless 0 &lt; p &lt; 1 and df is positive and finite
   */
  public static double studentTQuantile(double p, double df) {
    requireOpenUnit(p);
    studentTUpperTail(0, df); // validates df
    double hi = 1;
    while (studentTCdf(hi, df) < p && hi < 1e300) {
      hi *= 2;
    }
    double lo = -1;
    while (studentTCdf(lo, df) > p && lo > -1e300) {
      lo *= 2;
    }
    return bisect(p, lo, hi, t -> studentTCdf(t, df));
  }

  private static void requireOpenUnit(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("a quantile needs 0 < p < 1, was " + p);
    }
  }

  /** The x in [lo, hi] where the increasing function {@code cdf} reaches p. */
  private static double bisect(
      double p, double lo, double hi, java.util.function.DoubleUnaryOperator cdf) {
    for (int i = 0; i < 2_000; i++) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (cdf.applyAsDouble(mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo + (hi - lo) / 2;
  }
}
