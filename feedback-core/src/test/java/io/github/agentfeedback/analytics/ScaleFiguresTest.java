package io.github.agentfeedback.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Scale;
import org.junit.jupiter.api.Test;

class ScaleFiguresTest {

  @Test
  void defaultsDeclareTheBuiltInScalesByName() {
    ScaleFigures d = ScaleFigures.defaults();
    assertThat(d.kind("nps")).isEqualTo(ScaleFigures.Kind.NPS);
    assertThat(d.kind("csat")).isEqualTo(ScaleFigures.Kind.CSAT);
    assertThat(d.kind("ces")).isEqualTo(ScaleFigures.Kind.CES);
    assertThat(d.kind("stars_5")).isNull();
    assertThat(d.csatThreshold("csat")).isEqualTo(4.0);
    assertThat(ScaleFigures.none().kind("nps")).isNull();
  }

  @Test
  void declaringAScaleAddsOrReplacesItsKind() {
    ScaleFigures d = ScaleFigures.defaults().csat(Scale.STARS_5).csat(Scale.of("agree_7", 1, 7));
    assertThat(d.kind("stars_5")).isEqualTo(ScaleFigures.Kind.CSAT);
    assertThat(d.csatThreshold("stars_5")).isEqualTo(4.0);
    assertThat(d.csatThreshold("agree_7")).isEqualTo(6.0);
    assertThat(d.ces(Scale.STARS_5).kind("stars_5")).isEqualTo(ScaleFigures.Kind.CES);
    assertThat(ScaleFigures.defaults())
        .isEqualTo(ScaleFigures.none().nps(Scale.NPS).csat(Scale.CSAT).ces(Scale.CES));
    assertThat(d.toString()).contains("stars_5=CSAT");
  }

  @Test
  void scalesThatCannotCarryTheFiguresAreRefusedNamingTheScale() {
    assertThatThrownBy(() -> ScaleFigures.defaults().nps(Scale.STARS_5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stars_5")
        .hasMessageContaining("0 to 10");
    assertThatThrownBy(() -> ScaleFigures.defaults().csat(Scale.of("ratio", 0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ratio");
    assertThatThrownBy(() -> ScaleFigures.defaults().csat(Scale.of("half", 1, 4.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("half");
    assertThatThrownBy(() -> ScaleFigures.defaults().csatThreshold("nps"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nps");
  }
}
