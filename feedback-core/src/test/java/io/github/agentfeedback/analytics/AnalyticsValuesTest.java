package io.github.agentfeedback.analytics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The analytics values as code that reads them builds them by hand, for its own tests. */
class AnalyticsValuesTest {

  private static final ConfidenceInterval INTERVAL = new ConfidenceInterval(0.95, 40, 60);

  @Test
  void testsAndRowsRefuseToBeBuiltWithoutTheirRequiredParts() {
    // Their accessors never return null, so a missing part is refused when the value is built
    // (it was kept as null, to fail later in the code that read it).
    CohortComparison.Proportion p = new CohortComparison.Proportion(1, 2, 50.0);
    assertThatThrownBy(() -> CohortComparison.ProportionTest.builder().b(p).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a");
    assertThatThrownBy(() -> CohortComparison.ProportionTest.builder().a(p).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("b");
    CohortComparison.MeanSample sample = CohortComparison.MeanSample.builder().count(0).build();
    assertThatThrownBy(() -> CohortComparison.MeanTest.builder().a(sample).b(sample).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("scale");
    assertThatThrownBy(() -> CohortComparison.MeanTest.builder().scale("nps").b(sample).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a");
    assertThatThrownBy(() -> WinRates.ModelRow.builder().interval(INTERVAL).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("model");
    assertThatThrownBy(() -> WinRates.ModelRow.builder().model("m").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("interval");
    assertThatThrownBy(() -> WinRates.PairRow.builder().second("b").interval(INTERVAL).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("first");
    assertThatThrownBy(() -> WinRates.PairRow.builder().first("a").second("b").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("interval");
  }
}
