package io.github.agentfeedback.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The win-rate interval (the score interval of the mean of a win 1 / tie ½ / loss 0 trinomial)
 * against references worked out here: Wilson's closed form when there are no ties, the
 * closed form of ties alone, a restricted likelihood maximised by direct search, and the
 * exact coverage of the interval over every outcome of a trinomial sample.
 */
class TrinomialIntervalTest {

  private static final double Z95 = 1.959963984540054;

  @Test
  void withoutTiesItIsWilsonsInterval() {
    for (int wins = 0; wins <= 30; wins++) {
      for (int losses = 0; wins + losses <= 30; losses++) {
        if (wins + losses == 0) {
          continue;
        }
        double[] wilson = Inference.wilson(wins, wins + losses, Z95);
        double[] trinomial = Inference.trinomialScoreInterval(wins, 0, losses, Z95);
        assertThat(trinomial[0]).as("%d-%d", wins, losses).isCloseTo(wilson[0], within(1e-12));
        assertThat(trinomial[1]).as("%d-%d", wins, losses).isCloseTo(wilson[1], within(1e-12));
      }
    }
  }

  @Test
  void tiesAloneHaveAClosedForm() {
    // Only ties: θ̂ = 1/2; below it the likeliest trinomial ties with probability 2θ, so
    // V(θ) = θ/2 − θ² and n(1/2 − θ)² ≤ z²V(θ) holds from θ = (n/2) / (n + z²).
    for (int n = 1; n <= 40; n++) {
      double lower = n / 2.0 / (n + Z95 * Z95);
      double[] ci = Inference.trinomialScoreInterval(0, n, 0, Z95);
      assertThat(ci[0]).as("n=%d", n).isCloseTo(lower, within(1e-13));
      assertThat(ci[1]).as("n=%d", n).isCloseTo(1 - lower, within(1e-13));
    }
    // The one tie of issue 21: Wilson's interval of half a success was 5.5 % to 94.5 %.
    double[] one = Inference.trinomialScoreInterval(0, 1, 0, Z95);
    assertThat(one[0]).isCloseTo(0.10327465718861869, within(1e-13));
    assertThat(Inference.wilson(0.5, 1, Z95)[0]).isCloseTo(0.0546, within(1e-4));
  }

  @Test
  void restrictedTieShareMaximisesTheLikelihood() {
    int[][] counts = {{3, 2, 1}, {1, 2, 3}, {0, 5, 2}, {7, 1, 0}, {2, 9, 4}, {10, 10, 10}};
    for (int[] c : counts) {
      for (double theta = 0.01; theta < 1; theta += 0.07) {
        double max = 2 * Math.min(theta, 1 - theta);
        double found = Inference.restrictedTieShare(c[0], c[1], c[2], theta);
        // Direct search: the best of 20,001 grid points, then the neighbours of the found
        // share; none may beat the found share by more than rounding.
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= 20_000; i++) {
          best = Math.max(best, logLikelihood(c, theta, max * i / 20_000));
        }
        assertThat(logLikelihood(c, theta, found))
            .as("%s at θ=%s", java.util.Arrays.toString(c), theta)
            .isGreaterThanOrEqualTo(best - 1e-9);
      }
    }
  }

  private static double logLikelihood(int[] c, double theta, double pt) {
    double pw = theta - pt / 2;
    double pl = 1 - theta - pt / 2;
    return term(c[0], pw) + term(c[1], pt) + term(c[2], pl);
  }

  private static double term(int count, double p) {
    if (count == 0) {
      return 0;
    }
    return p <= 0 ? Double.NEGATIVE_INFINITY : count * Math.log(p);
  }

  @Test
  void boundsAreWhereTheScoreStatisticReachesTheCriticalValue() {
    int[][] counts = {{3, 2, 1}, {3, 2, 3}, {1, 2, 3}, {0, 3, 5}, {12, 30, 4}};
    for (int[] c : counts) {
      double[] ci = Inference.trinomialScoreInterval(c[0], c[1], c[2], Z95);
      assertThat(Inference.trinomialZ(c[0], c[1], c[2], ci[0])).isCloseTo(Z95, within(1e-6));
      assertThat(Inference.trinomialZ(c[0], c[1], c[2], ci[1])).isCloseTo(-Z95, within(1e-6));
      double estimate = (c[0] + c[1] / 2.0) / (c[0] + c[1] + c[2]);
      assertThat(ci[0]).isLessThan(estimate);
      assertThat(ci[1]).isGreaterThan(estimate);
    }
  }

  @Test
  void exactCoverageIsNearTheLevelWithManyTies() {
    // Every outcome (w, t, l) of n = 40 comparisons, weighted by its trinomial probability:
    // the interval covers the true θ about 95 % of the time, where Wilson's interval of
    // (w + t/2) of n, which ignores that ties vary less, covers it nearly always.
    double[][] truths = {{0.3, 0.4}, {0.1, 0.8}, {0.45, 0.1}, {0.2, 0.6}};
    for (double[] truth : truths) {
      double pw = truth[0];
      double pt = truth[1];
      double pl = 1 - pw - pt;
      double theta = pw + pt / 2;
      int n = 40;
      double covered = 0;
      double wilsonCovered = 0;
      for (int w = 0; w <= n; w++) {
        for (int t = 0; w + t <= n; t++) {
          int l = n - w - t;
          double p =
              Math.exp(
                  lnFactorial(n)
                      - lnFactorial(w)
                      - lnFactorial(t)
                      - lnFactorial(l)
                      + w * Math.log(pw)
                      + t * Math.log(pt)
                      + l * Math.log(pl));
          double[] ci = Inference.trinomialScoreInterval(w, t, l, Z95);
          if (ci[0] <= theta && theta <= ci[1]) {
            covered += p;
          }
          double[] wilson = Inference.wilson(w + t / 2.0, n, Z95);
          if (wilson[0] <= theta && theta <= wilson[1]) {
            wilsonCovered += p;
          }
        }
      }
      assertThat(covered).as("pw=%s pt=%s", pw, pt).isBetween(0.93, 0.97);
      if (pt >= 0.6) {
        assertThat(wilsonCovered).as("Wilson, pw=%s pt=%s", pw, pt).isGreaterThan(0.99);
      }
    }
  }

  private static double lnFactorial(int k) {
    return Distributions.lnGamma(k + 1.0);
  }
}
