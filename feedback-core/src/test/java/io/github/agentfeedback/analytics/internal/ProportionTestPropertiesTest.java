package io.github.agentfeedback.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.agentfeedback.analytics.CohortComparison;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/**
 * The proportion comparison against references computed here: Fisher's exact test from exact
 * binomial coefficients, the pooled z from 40-digit decimals, the score interval's bounds from
 * a restricted maximum-likelihood fit found by direct search, and the agreement of test and
 * interval on every table of up to 24 trials per group.
 */
class ProportionTestPropertiesTest {

  private static final double Z95 = 1.959963984540054;
  private static final MathContext MC = new MathContext(40);

  @Test
  void fisherExactTestEqualsTheExactHypergeometricSum() {
    for (int n1 = 1; n1 <= 12; n1++) {
      for (int n2 = 1; n2 <= 12; n2++) {
        for (int x1 = 0; x1 <= n1; x1++) {
          for (int x2 = 0; x2 <= n2; x2++) {
            double expected = exactFisher(x1, n1, x2, n2);
            assertThat(Inference.fisherExact(x1, n1, x2, n2))
                .as("%d/%d vs %d/%d", x1, n1, x2, n2)
                .isCloseTo(expected, within(1e-12));
          }
        }
      }
    }
    // A 0/2 vs B 4/5: tables with 0, 1, 2 successes in A have probabilities 3, 12, 6 / 21.
    assertThat(Inference.fisherExact(0, 2, 4, 5)).isCloseTo(3.0 / 21, within(1e-15));
    assertThat(Inference.fisherExact(1, 1, 0, 1)).isEqualTo(1.0);
  }

  @Test
  void pooledZEqualsTheHighPrecisionValue() {
    long[][] tables = {{6, 10, 9, 10}, {48, 80, 56, 70}, {1, 3, 4999, 5000}, {0, 29, 5, 56}};
    for (long[] t : tables) {
      BigDecimal p1 = BigDecimal.valueOf(t[0]).divide(BigDecimal.valueOf(t[1]), MC);
      BigDecimal p2 = BigDecimal.valueOf(t[2]).divide(BigDecimal.valueOf(t[3]), MC);
      BigDecimal pooled =
          BigDecimal.valueOf(t[0] + t[2]).divide(BigDecimal.valueOf(t[1] + t[3]), MC);
      BigDecimal variance =
          pooled
              .multiply(BigDecimal.ONE.subtract(pooled))
              .multiply(
                  BigDecimal.ONE
                      .divide(BigDecimal.valueOf(t[1]), MC)
                      .add(BigDecimal.ONE.divide(BigDecimal.valueOf(t[3]), MC)));
      double z = p2.subtract(p1).divide(variance.sqrt(MC), MC).doubleValue();
      assertThat(Inference.twoProportionZ(t[0], t[1], t[2], t[3]))
          .isCloseTo(z, within(Math.abs(z) * 1e-13));
    }
  }

  @Test
  void scoreIntervalBoundsAreWhereTheRestrictedScoreStatisticReachesTheCriticalValue() {
    long[][] tables = {{0, 2, 4, 5}, {6, 10, 9, 10}, {3, 10, 9, 10}, {0, 29, 5, 56}, {7, 7, 0, 9}};
    for (long[] t : tables) {
      double[] ci = Inference.scoreInterval(t[0], t[1], t[2], t[3], Z95);
      double d = (double) t[2] / t[3] - (double) t[0] / t[1];
      assertThat(ci[0]).isLessThanOrEqualTo(d);
      assertThat(ci[1]).isGreaterThanOrEqualTo(d);
      if (ci[0] > -1) {
        assertThat(searchedScore(t, ci[0])).isCloseTo(Z95, within(1e-6));
      }
      if (ci[1] < 1) {
        assertThat(searchedScore(t, ci[1])).isCloseTo(-Z95, within(1e-6));
      }
    }
  }

  @Test
  void testAndIntervalAgreeOnEveryTableOfUpToTwentyFourTrials() {
    int fisher = 0;
    for (int n1 = 1; n1 <= 24; n1++) {
      for (int n2 = 1; n2 <= 24; n2++) {
        for (int x1 = 0; x1 <= n1; x1++) {
          for (int x2 = 0; x2 <= n2; x2++) {
            CohortComparison.ProportionTest p =
                Figures.proportionTest(x1, n1, x2, n2, 0.05, Z95, 1);
            boolean excludesZero = p.interval().lower() > 0 || p.interval().upper() < 0;
            assertThat(excludesZero)
                .as("%d/%d vs %d/%d: %s", x1, n1, x2, n2, p)
                .isEqualTo(p.significant());
            fisher += p.method() == CohortComparison.Method.FISHER_EXACT ? 1 : 0;
          }
        }
      }
    }
    assertThat(fisher).isPositive();
    // The case: A 0/2 vs B 4/5 is small (expected successes in A 8/7): Fisher, p = 1/7.
    CohortComparison.ProportionTest small = Figures.proportionTest(0, 2, 4, 5, 0.05, Z95, 1);
    assertThat(small.method()).isEqualTo(CohortComparison.Method.FISHER_EXACT);
    assertThat(small.pValue()).isCloseTo(1.0 / 7, within(1e-15));
    assertThat(small.significant()).isFalse();
    assertThat(small.interval().lower()).isLessThanOrEqualTo(0);
  }

  /**
   * The score statistic at δ with the restricted fit found by golden-section search of the
   * log-likelihood over p1 (p2 = p1 + δ), independent of the closed-form cubic root.
   */
  private static double searchedScore(long[] t, double delta) {
    double lo = Math.max(0, -delta);
    double hi = Math.min(1, 1 - delta);
    double g = (Math.sqrt(5) - 1) / 2;
    for (int i = 0; i < 200; i++) {
      double m1 = hi - g * (hi - lo);
      double m2 = lo + g * (hi - lo);
      if (logLikelihood(t, m1, delta) < logLikelihood(t, m2, delta)) {
        lo = m1;
      } else {
        hi = m2;
      }
    }
    double r1 = (lo + hi) / 2;
    double r2 = r1 + delta;
    double variance = r1 * (1 - r1) / t[1] + r2 * (1 - r2) / t[3];
    return ((double) t[2] / t[3] - (double) t[0] / t[1] - delta) / Math.sqrt(variance);
  }

  private static double logLikelihood(long[] t, double r1, double delta) {
    double r2 = r1 + delta;
    return term(t[0], r1) + term(t[1] - t[0], 1 - r1) + term(t[2], r2) + term(t[3] - t[2], 1 - r2);
  }

  private static double term(long count, double p) {
    return count == 0 ? 0 : count * Math.log(Math.max(p, 1e-300));
  }

  private static double exactFisher(int x1, int n1, int x2, int n2) {
    int successes = x1 + x2;
    BigInteger observed = choose(n1, x1).multiply(choose(n2, x2));
    BigInteger sum = BigInteger.ZERO;
    BigInteger all = BigInteger.ZERO;
    for (int k = Math.max(0, successes - n2); k <= Math.min(n1, successes); k++) {
      BigInteger w = choose(n1, k).multiply(choose(n2, successes - k));
      all = all.add(w);
      if (w.compareTo(observed) <= 0) {
        sum = sum.add(w);
      }
    }
    return new BigDecimal(sum)
        .divide(new BigDecimal(all), 30, RoundingMode.HALF_EVEN)
        .doubleValue();
  }

  private static BigInteger choose(int n, int k) {
    BigInteger r = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    return r;
  }
}
