package io.github.agentfeedback.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReportRequestTest {

  private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

  @Test
  void aWeekIsTheIsoWeekOfTheDayAndIsComparedWithTheWeekBefore() {
    ReportRequest r = ReportRequest.builder().week(LocalDate.parse("2027-01-01")).build();
    // Friday 2027-01-01 lies in 2026-W53, Monday 2026-12-28 to Sunday 2027-01-03.
    assertThat(r.period())
        .isEqualTo(
            new ReportPeriod(
                "2026-W53",
                Instant.parse("2026-12-28T00:00:00Z"),
                Instant.parse("2027-01-04T00:00:00Z")));
    assertThat(r.previousPeriod())
        .isEqualTo(
            new ReportPeriod(
                "2026-W52",
                Instant.parse("2026-12-21T00:00:00Z"),
                Instant.parse("2026-12-28T00:00:00Z")));
    assertThat(ReportRequest.builder().isoWeek(2026, 1).build().previousPeriod().label())
        .isEqualTo("2025-W52");
  }

  @Test
  void weekAndMonthBoundariesAreMidnightsInTheZone() {
    // March 2026 in Madrid: from 00:00 CET on the 1st to 00:00 CEST on April 1st.
    ReportRequest march = ReportRequest.builder().month(YearMonth.of(2026, 3)).zone(MADRID).build();
    assertThat(march.period())
        .isEqualTo(
            new ReportPeriod(
                "2026-03",
                Instant.parse("2026-02-28T23:00:00Z"),
                Instant.parse("2026-03-31T22:00:00Z")));
    assertThat(march.previousPeriod())
        .isEqualTo(
            new ReportPeriod(
                "2026-02",
                Instant.parse("2026-01-31T23:00:00Z"),
                Instant.parse("2026-02-28T23:00:00Z")));
    ReportRequest week13 = ReportRequest.builder().isoWeek(2026, 13).zone(MADRID).build();
    assertThat(week13.period().end()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
    assertThat(week13.zone()).isEqualTo(MADRID);
  }

  @Test
  void aSpanIsComparedWithTheSpanOfEqualLengthBeforeIt() {
    Instant start = Instant.parse("2026-03-02T06:00:00Z");
    Instant end = Instant.parse("2026-03-03T18:00:00Z");
    ReportRequest r = ReportRequest.builder().between(start, end).build();
    assertThat(r.period()).isEqualTo(ReportPeriod.between(start, end));
    assertThat(r.previousPeriod())
        .isEqualTo(ReportPeriod.between(Instant.parse("2026-02-28T18:00:00Z"), start));
    assertThat(r.period().label()).isEqualTo("2026-03-02T06:00:00Z/2026-03-03T18:00:00Z");
  }

  @Test
  void defaultsAreDocumented() {
    ReportRequest r = ReportRequest.builder().month(YearMonth.of(2026, 3)).build();
    assertThat(r.title()).isEqualTo("Feedback report");
    assertThat(r.filter()).isEqualTo(FeedbackQuery.all());
    assertThat(r.groupBy()).isNull();
    assertThat(r.groupOptions()).isSameAs(GroupOptions.defaults());
    assertThat(r.problemOptions()).isSameAs(ProblemOptions.defaults());
    assertThat(r.negativeSessions()).isEqualTo(5);
  }

  @Test
  void badSettingsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> ReportRequest.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("period");
    assertThatThrownBy(() -> ReportRequest.builder().isoWeek(2025, 53))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("week must be within 1..52 in 2025, was 53");
    assertThatThrownBy(() -> ReportRequest.builder().isoWeek(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("weekBasedYear");
    Instant t = Instant.parse("2026-03-02T00:00:00Z");
    assertThatThrownBy(() -> ReportRequest.builder().between(t, t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("start");
    assertThatThrownBy(
            () -> ReportRequest.builder().filter(FeedbackQuery.builder().since(t).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("filter");
    // A period beyond the years every instant is kept within, or the one before it, would
    // overflow.
    assertThatThrownBy(() -> ReportRequest.builder().month(YearMonth.of(-999_999_999, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("month");
    assertThatThrownBy(() -> ReportRequest.builder().month(YearMonth.of(10_000, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("month");
    assertThatThrownBy(() -> ReportRequest.builder().between(Instant.MIN, t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("start");
    assertThatThrownBy(() -> ReportRequest.builder().between(t, Instant.MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("end");
    assertThat(
            ReportRequest.builder()
                .between(FeedbackLimits.MIN_INSTANT, FeedbackLimits.MAX_INSTANT)
                .build()
                .period()
                .end())
        .isEqualTo(FeedbackLimits.MAX_INSTANT);
    assertThatThrownBy(() -> ReportRequest.builder().title(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("title");
    // A lone surrogate cannot be written as UTF-8: the JSON and HTML reports would fail or
    // turn it into '?'.
    assertThatThrownBy(() -> ReportRequest.builder().title("Weekly \uD800 report"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("title")
        .hasMessageContaining("U+D800 at index 7");
    assertThatThrownBy(
            () -> ReportRequest.builder().title("x".repeat(ReportRequest.MAX_TITLE_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("title")
        .hasMessageContaining(String.valueOf(ReportRequest.MAX_TITLE_LENGTH));
    assertThat(
            ReportRequest.builder()
                .title("\uD83D\uDCC8".repeat(ReportRequest.MAX_TITLE_LENGTH / 2))
                .month(YearMonth.of(2026, 3))
                .build()
                .title())
        .hasSize(ReportRequest.MAX_TITLE_LENGTH);
    assertThatThrownBy(() -> ReportRequest.builder().negativeSessions(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("negativeSessions");
    assertThatThrownBy(() -> ReportRequest.builder().week(null)).hasMessage("anyDay");
    assertThatThrownBy(() -> ReportRequest.builder().zone(null)).hasMessage("zone");
    assertThatThrownBy(() -> ReportRequest.builder().groupBy(null)).hasMessage("key");
  }

  @Test
  void theLastPeriodSetWins() {
    ReportRequest r =
        ReportRequest.builder().month(YearMonth.of(2026, 3)).isoWeek(2026, 10).build();
    assertThat(r.period().label()).isEqualTo("2026-W10");
  }
}
