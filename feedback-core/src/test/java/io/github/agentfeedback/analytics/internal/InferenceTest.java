package io.github.agentfeedback.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tests and intervals against independently computed values, from
 * {@code src/test/python/reference_values.py} (closed-form formulas in double precision,
 * p-values from decimal series).
 */
class InferenceTest {

  private static final double Z95 = 1.959963984540054;

  @ParameterizedTest(name = "wilson({0}, {1})")
  @CsvSource({
    "81, 263, 0.2552885198782742, 0.36620957698280004",
    "0, 10, 0.0, 0.2775327998628892",
    "10, 10, 0.7224672001371107, 1.0",
    "4, 6, 0.299993315138392, 0.9032285888942195"
  })
  void wilsonIntervalMatchesTheClosedForm(long successes, long n, double lower, double upper) {
    double[] ci = Inference.wilson(successes, n, Z95);
    assertThat(ci[0]).isCloseTo(lower, within(1e-12));
    assertThat(ci[1]).isCloseTo(upper, within(1e-12));
  }

  @Test
  void wilsonIntervalStaysWithinZeroAndOne() {
    assertThat(Inference.wilson(10, 10, Z95)[1]).isEqualTo(1.0);
    assertThat(Inference.wilson(0, 10, Z95)[0]).isEqualTo(0.0);
    assertThat(Inference.wilson(0, 0, Z95)).isNull();
  }

  @Test
  void pooledZTestOfSixOfTenAgainstNineOfTen() {
    // p-bar = 0.75; z = 0.3 / sqrt(0.75 * 0.25 * (1/10 + 1/10)) = 1.549193338482967;
    // p = erfc(z / sqrt 2) = 0.12133525035848208.
    double z = Inference.twoProportionZ(6, 10, 9, 10);
    assertThat(z).isCloseTo(1.549193338482967, within(1e-13));
    assertThat(Inference.twoSidedNormalP(z)).isCloseTo(0.12133525035848208, within(1e-13));
    assertThat(Inference.twoSidedNormalP(-z)).isEqualTo(Inference.twoSidedNormalP(z));
  }

  @Test
  void zIsUndefinedWithoutVariationOrData() {
    assertThat(Inference.twoProportionZ(5, 5, 7, 7)).isNaN();
    assertThat(Inference.twoProportionZ(0, 5, 0, 7)).isNaN();
    assertThat(Inference.twoProportionZ(0, 0, 3, 7)).isNaN();
  }

  @Test
  void welchTestOfTwoSmallSamples() {
    // a = [2, 3, 3, 4]: mean 3, variance 2/3; b = [4, 5, 5, 4, 5]: mean 4.6, variance 0.3.
    // t = 1.6 / sqrt(2/12 + 0.3/5) = 3.360672201667224; df = 13872/2743 exactly;
    // p = 0.019745913111644198 (hypergeometric series of the t distribution).
    double[] w = Inference.welch(4, 3, 2.0 / 3, 5, 4.6, 0.3);
    assertThat(w[0]).isCloseTo(3.360672201667224, within(1e-12));
    assertThat(w[1]).isCloseTo(13872.0 / 2743, within(1e-12));
    assertThat(Inference.twoSidedStudentP(w[0], w[1]))
        .isCloseTo(0.019745913111644198, within(1e-12));
  }

  @Test
  void welchNeedsTwoValuesPerSampleAndSomeVariance() {
    assertThat(Inference.welch(1, 3, 0, 5, 4, 1)).isNull();
    assertThat(Inference.welch(3, 3, 0, 5, 4, 0)).isNull();
  }

  @Test
  void criticalValueOfTheNormalDistribution() {
    assertThat(Inference.zCritical(0.05)).isCloseTo(Z95, within(1e-13));
  }
}
