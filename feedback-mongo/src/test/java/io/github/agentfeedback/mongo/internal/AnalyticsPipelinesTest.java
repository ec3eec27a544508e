package io.github.agentfeedback.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.spi.GroupKeys;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The client's half of period keys and packed dimension sums. */
class AnalyticsPipelinesTest {

  @Test
  void isoWeeksPrintedAsCalendarYearMonthAndWeekGetTheirWeekBasedYear() {
    // Friday 2027-01-01 is in 2026-W53; Monday 2025-12-29 starts 2026-W01.
    assertThat(AnalyticsPipelines.periodKey("2027-01-53", Granularity.ISO_WEEK))
        .isEqualTo("2026-W53");
    assertThat(AnalyticsPipelines.periodKey("2025-12-01", Granularity.ISO_WEEK))
        .isEqualTo("2026-W01");
    assertThat(AnalyticsPipelines.periodKey("2026-01-01", Granularity.ISO_WEEK))
        .isEqualTo("2026-W01");
    assertThat(AnalyticsPipelines.periodKey("2022-01-52", Granularity.ISO_WEEK))
        .isEqualTo("2021-W52");
    assertThat(AnalyticsPipelines.periodKey("0001-01-01", Granularity.ISO_WEEK))
        .isEqualTo("0001-W01");
    assertThat(AnalyticsPipelines.periodKey("2026-03-29", Granularity.DAY)).isEqualTo("2026-03-29");
  }

  @Test
  void everyDayOfSeveralYearsGetsTheKeyTheFoldGivesIt() {
    for (LocalDate day = LocalDate.parse("2019-12-20");
        day.isBefore(LocalDate.parse("2028-01-10"));
        day = day.plusDays(1)) {
      String printed =
          String.format(
              "%04d-%02d-%02d",
              day.getYear(),
              day.getMonthValue(),
              day.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      assertThat(AnalyticsPipelines.periodKey(printed, Granularity.ISO_WEEK))
          .as("%s", day)
          .isEqualTo(
              GroupKeys.periodKey(
                  day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                  Granularity.ISO_WEEK,
                  ZoneOffset.UTC));
    }
  }

  @Test
  void packedDimensionSumsHoldCountAndSum() {
    long packed = 3 * AnalyticsPipelines.RATING_UNIT + 12;
    assertThat(AnalyticsPipelines.ratingCount(packed)).isEqualTo(3);
    assertThat(AnalyticsPipelines.ratingSum(packed)).isEqualTo(12);
    long many = 800_000_000L * AnalyticsPipelines.RATING_UNIT + 4_000_000_000L;
    assertThat(AnalyticsPipelines.ratingCount(many)).isEqualTo(800_000_000L);
    assertThat(AnalyticsPipelines.ratingSum(many)).isEqualTo(4_000_000_000L);
  }
}
