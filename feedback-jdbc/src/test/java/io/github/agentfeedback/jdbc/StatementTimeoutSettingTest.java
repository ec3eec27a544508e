package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.jdbc.internal.Connections;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The JDBC store, escalation store and leases take one statement timeout by one rule. */
class StatementTimeoutSettingTest {

  private static final List<Consumer<Duration>> SETTERS =
      List.of(
          d -> JdbcFeedbackStore.builder().statementTimeout(d),
          d -> JdbcEscalationStore.builder().statementTimeout(d),
          d -> JdbcLeases.builder().statementTimeout(d));

  @Test
  void everyBuilderRefusesLessThanAMillisecondNamingTheSetting() {
    for (Consumer<Duration> setter : SETTERS) {
      for (Duration bad :
          List.of(Duration.ZERO, Duration.ofNanos(999_999), Duration.ofSeconds(-1))) {
        assertThatThrownBy(() -> setter.accept(bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("statementTimeout must be at least 1 ms, was " + bad);
      }
      assertThatThrownBy(() -> setter.accept(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("statementTimeout");
      setter.accept(Duration.ofMillis(1));
      setter.accept(ChronoUnit.FOREVER.getDuration());
    }
  }

  @Test
  void aTimeoutIsRoundedUpToWholeSecondsWithinTheDriversRange() {
    assertThat(Connections.seconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(Connections.seconds(Duration.ofMillis(1_500))).isEqualTo(2);
    assertThat(Connections.seconds(Duration.ofSeconds(10))).isEqualTo(10);
    assertThat(Connections.seconds(ChronoUnit.FOREVER.getDuration())).isEqualTo(Integer.MAX_VALUE);
  }
}
