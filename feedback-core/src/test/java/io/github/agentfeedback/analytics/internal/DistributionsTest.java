package io.github.agentfeedback.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The special functions against reference values. Unless a test says otherwise, the values
 * come from {@code src/test/python/reference_values.py}, which derives each from a
 * definition independent of the Java code (decimal Taylor series at 120 digits for erf,
 * exact rational binomial sums for the incomplete beta with integer parameters, the finite
 * trigonometric series for Student's t with integer degrees of freedom, the hypergeometric
 * power series for other degrees of freedom); the script's header documents each method.
 */
class DistributionsTest {

  @ParameterizedTest(name = "erfc({0}) = {1}")
  @CsvSource({
    "0, 1.0",
    "0.1, 0.8875370839817152",
    "0.5, 0.4795001221869535",
    "1, 0.15729920705028513",
    "1.5, 0.033894853524689274",
    "1.99, 0.004888586800383002",
    "2, 0.004677734981047266",
    "2.5, 0.0004069520174449589",
    "3, 2.209049699858544e-05",
    "4, 1.541725790028002e-08",
    "5, 1.537459794428035e-12",
    "-1, 1.8427007929497148",
    "-2.5, 1.999593047982555"
  })
  void erfcMatchesTheDecimalSeriesToOneEMinus15(double x, double expected) {
    assertThat(Distributions.erfc(x)).isCloseTo(expected, within(1e-15));
  }

  @ParameterizedTest(name = "erfc({0}) = {1}")
  @CsvSource({"6, 2.1519736712498913e-17", "8, 1.1224297172982926e-29"})
  void erfcKeepsRelativeAccuracyInTheUpperTail(double x, double expected) {
    assertThat(Distributions.erfc(x) / expected).isCloseTo(1.0, within(1e-13));
  }

  @ParameterizedTest(name = "Phi({0}) = {1}")
  @CsvSource({
    "-3, 0.0013498980316300946",
    "-1.959963984540054, 0.025000000000000015",
    "0, 0.5",
    "1, 0.8413447460685429",
    "1.6448536269514722, 0.95",
    "2.5758293035489004, 0.995",
    "-6, 9.86587645037698e-10"
  })
  void normalCdfMatchesTheDecimalSeries(double x, double expected) {
    assertThat(Distributions.normalCdf(x)).isCloseTo(expected, within(1e-15));
  }

  @Test
  void normalUpperTailAvoidsCancellation() {
    // 1 - Phi(6) = erfc(6 / sqrt 2) / 2 = 9.86587645037698e-10 (Phi(-6) above, by symmetry).
    assertThat(Distributions.normalUpperTail(6) / 9.86587645037698e-10)
        .isCloseTo(1.0, within(1e-12));
  }

  /**
   * Quantiles of the standard normal distribution from Python 3's
   * {@code statistics.NormalDist().inv_cdf}, an implementation of Wichura's Algorithm AS 241
   * (relative error about 1e-16).
   */
  @ParameterizedTest(name = "z({0}) = {1}")
  @CsvSource({
    "0.975, 1.9599639845400536",
    "0.995, 2.5758293035489",
    "0.95, 1.6448536269514715",
    "0.025, -1.9599639845400538",
    "0.5, 0"
  })
  void normalQuantileInvertsTheCdf(double p, double expected) {
    assertThat(Distributions.normalQuantile(p)).isCloseTo(expected, within(1e-13));
  }

  @ParameterizedTest(name = "I_{0}({1},{2}) = {3}")
  @CsvSource({
    "0.3, 2, 3, 0.3483",
    "0.5, 5, 5, 0.5",
    "0.9, 3, 7, 0.999997002",
    "0.05, 1, 10, 0.4012630607616211",
    "0.7, 10, 2, 0.1129900996",
    "0.999, 4, 4, 0.9999999999650839"
  })
  void incompleteBetaMatchesExactBinomialSums(double x, double a, double b, double expected) {
    assertThat(Distributions.regularizedIncompleteBeta(x, a, b)).isCloseTo(expected, within(1e-14));
  }

  @Test
  void incompleteBetaMatchesClosedFormsForRealParameters() {
    // I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b for any real a, b > 0;
    // I_x(1/2, 1/2) = (2/pi) asin(sqrt x).
    for (double x : new double[] {0.01, 0.2, 0.5, 0.77, 0.99}) {
      assertThat(Distributions.regularizedIncompleteBeta(x, 3.7, 1))
          .isCloseTo(Math.pow(x, 3.7), within(1e-14));
      assertThat(Distributions.regularizedIncompleteBeta(x, 1, 0.35))
          .isCloseTo(1 - Math.pow(1 - x, 0.35), within(1e-14));
      assertThat(Distributions.regularizedIncompleteBeta(x, 0.5, 0.5))
          .isCloseTo(2 / Math.PI * Math.asin(Math.sqrt(x)), within(1e-14));
    }
    assertThat(Distributions.regularizedIncompleteBeta(0, 2, 3)).isZero();
    assertThat(Distributions.regularizedIncompleteBeta(1, 2, 3)).isEqualTo(1.0);
  }

  @Test
  void lnGammaMatchesFactorialsAndTheHalfIntegerValue() {
    // ln((n-1)!) exactly from the product; Gamma(1/2) = sqrt(pi).
    double lnFactorial = 0;
    for (int n = 1; n <= 60; n++) {
      assertThat(Distributions.lnGamma(n)).isCloseTo(lnFactorial, within(1e-12));
      lnFactorial += Math.log(n);
    }
    assertThat(Distributions.lnGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
    // Python 3's math.lgamma(1e-6).
    assertThat(Distributions.lnGamma(1e-6)).isCloseTo(13.81550998074943, within(1e-12));
  }

  @ParameterizedTest(name = "F({0}; {1}) = {2}")
  @CsvSource({
    "1.0, 1, 0.75",
    "-2.5, 1, 0.12111894159084341",
    "0.5, 2, 0.6666666666666666",
    "2.0, 3, 0.9303370157205785",
    "-1.2, 4, 0.1481756966561767",
    "2.228138851986, 10, 0.9749999999999883",
    "1.0, 10, 0.8295534338489701",
    "3.0, 30, 0.9973050179671739",
    "-0.4, 7, 0.35054083358520255",
    "1.5, 2.5, 0.8760817734568516",
    "-2.0, 7.3, 0.04197051966705201",
    "2.6, 13.75, 0.989390489800091",
    "0.3, 0.8, 0.5882728280234875"
  })
  void studentTCdfMatchesSeriesForIntegerAndRealDegreesOfFreedom(
      double t, double df, double expected) {
    assertThat(Distributions.studentTCdf(t, df)).isCloseTo(expected, within(1e-12));
  }

  /**
   * Two-sided 95% critical values of Student's t as printed in statistical tables (for
   * example the NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.2, to three
   * decimals): 12.706 (1 df), 4.303 (2), 2.571 (5), 2.228 (10), 2.042 (30).
   */
  @ParameterizedTest(name = "t(0.975; {0}) = {1}")
  @CsvSource({"1, 12.706", "2, 4.303", "5, 2.571", "10, 2.228", "30, 2.042"})
  void studentTQuantileMatchesPrintedTables(double df, double expected) {
    assertThat(Distributions.studentTQuantile(0.975, df)).isCloseTo(expected, within(5e-4));
  }

  @Test
  void studentTQuantileInvertsTheCdf() {
    // t(0.975; 1) = tan(0.475 pi) exactly (Cauchy); t(0.9; 2) = (2p - 1) sqrt(2 / (4p(1 - p))).
    assertThat(Distributions.studentTQuantile(0.975, 1))
        .isCloseTo(Math.tan(0.475 * Math.PI), within(1e-9));
    assertThat(Distributions.studentTQuantile(0.9, 2))
        .isCloseTo(0.8 * Math.sqrt(2 / (4 * 0.9 * 0.1)), within(1e-12));
    for (double df : new double[] {0.7, 3.3, 41.5, 1e6}) {
      for (double p : new double[] {0.001, 0.3, 0.975}) {
        double t = Distributions.studentTQuantile(p, df);
        assertThat(Distributions.studentTCdf(t, df)).isCloseTo(p, within(1e-11));
      }
    }
  }

  @Test
  void studentTCdfStaysAccurateForHugeDegreesOfFreedom() {
    // Fisher's expansion in powers of 1/df (Abramowitz and Stegun 26.7.5), to 1/df^2:
    // F(t) = Phi(t) - phi(t) [(t^3 + t)/(4 df) + (5t^5 + 16t^3 + 3t)/(96 df^2)],
    // evaluated in Python 3 with math.erfc; the neglected terms are below 1e-17 here.
    assertThat(Distributions.studentTCdf(1.96, 1e6)).isCloseTo(0.9750019662072533, within(1e-12));
  }

  @Test
  void upperTailOfHugeStatisticsIsTinyButPositive() {
    assertThat(Distributions.studentTUpperTail(50, 20)).isPositive().isLessThan(1e-20);
    assertThat(Distributions.normalUpperTail(30)).isPositive().isLessThan(1e-190);
  }

  @Test
  void invalidArgumentsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> Distributions.normalQuantile(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 < p < 1");
    assertThatThrownBy(() -> Distributions.studentTCdf(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degrees of freedom");
    assertThatThrownBy(() -> Distributions.regularizedIncompleteBeta(1.5, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 <= x <= 1");
    assertThatThrownBy(() -> Distributions.lnGamma(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
