package io.github.agentfeedback.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.analytics.CohortComparison;
import io.github.agentfeedback.analytics.CompareOptions;
import io.github.agentfeedback.analytics.ConfidenceInterval;
import io.github.agentfeedback.analytics.FeedbackReport;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.analytics.ReportRequest;
import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.export.ReportHtml;
import io.github.agentfeedback.token.FeedbackTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The widget, the dashboard and the HTML report in a real headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}), driven by Selenium against the example
 * application on a random port: up then down on one answer stores one vote, the last; the
 * comment is stored; stars work from the keyboard; a reload shows the stored vote; on a fixed
 * week in Madrid the dashboard draws one point per day, its NPS, CSAT and CES tiles and an A/B
 * comparison with the figures {@code FeedbackAnalytics} computes, and says when a comparison
 * has too few votes; the report file draws its chart; the browser logs no warning or error.
 * Saves screenshots under {@code target/screenshots}, or under the folder the system property
 * {@code screenshots} names ({@code -Dscreenshots=docs/images} refreshes the README's), so
 * that a build leaves the sources as they were. Skipped, saying why, when no browser is
 * installed.
 */
@SpringBootTest(
    classes = FeedbackExampleApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "agent-feedback.hooks.rate-limit.permits=1000")
class WidgetBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path IMAGES =
      Path.of(System.getProperty("screenshots", Path.of("target", "screenshots").toString()));

  private static WebDriver driver;

  @LocalServerPort int port;
  @Autowired FeedbackManager manager;
  @Autowired FeedbackTokens tokens;

  @BeforeAll
  static void startBrowser(@TempDir Path profile) {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no browser: install Debian's chromium and chromium-driver (.ci/run does) to run the"
            + " widget's browser test");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=900,700",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
  }

  /** Each test sees only what the browser logs during it, not what an earlier test left. */
  @BeforeEach
  void forgetEarlierLogs() {
    if (driver != null) {
      driver.manage().logs().get(LogType.BROWSER);
    }
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  private WebElement widget(String message) {
    return driver.findElement(
        By.cssSelector("[data-agent-feedback][data-message='" + message + "']"));
  }

  /** Waits for a widget's state ({@code null}: any) after {@code saves} saves (0: any). */
  private void waitFor(String message, @Nullable String state, int saves) {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d -> {
              WebElement w = widget(message);
              return (state == null || state.equals(w.getAttribute("data-state")))
                  && (saves == 0 || String.valueOf(saves).equals(w.getAttribute("data-saves")));
            });
  }

  private List<Feedback> votes(String session, String message) {
    return manager.getFeedbacks(session).stream()
        .filter(f -> message.equals(f.messageId()))
        .toList();
  }

  @Test
  void votesCommentsAndStarsAreStoredOnePerAnswerWithoutConsoleErrors() throws IOException {
    String session = "browser-" + UUID.randomUUID();
    String page = "http://127.0.0.1:" + port + "/?user=ana&session=" + session;
    driver.get(page);
    waitFor("answer-1", "ready", 0);
    waitFor("answer-2", "ready", 0);

    WebElement first = widget("answer-1");
    first.findElement(By.cssSelector("button[aria-label='Helpful']")).click();
    waitFor("answer-1", "saved", 1);
    first.findElement(By.cssSelector("button[aria-label='Not helpful']")).click();
    waitFor("answer-1", "saved", 2);
    first.findElement(By.tagName("textarea")).sendKeys("The refund took 9 days, not 5.");
    first.findElement(By.cssSelector("button.af-send")).click();
    waitFor("answer-1", "saved", 3);

    // Stars from the keyboard: focus the first star, End selects 5.
    WebElement star =
        widget("answer-2").findElement(By.cssSelector("[role='radio'][data-score='1']"));
    star.sendKeys(Keys.END);
    waitFor("answer-2", "saved", 1);

    List<Feedback> one = votes(session, "answer-1");
    assertThat(one).hasSize(1);
    assertThat(one.get(0).rating()).isEqualTo(Rating.DOWN);
    assertThat(one.get(0).comment()).isEqualTo("The refund took 9 days, not 5.");
    List<Feedback> two = votes(session, "answer-2");
    assertThat(two).hasSize(1);
    assertThat(two.get(0).score()).isNotNull();
    assertThat(two.get(0).score().value()).isEqualTo(5.0);
    assertThat(
            first
                .findElement(By.cssSelector("button[aria-label='Not helpful']"))
                .getAttribute("aria-pressed"))
        .isEqualTo("true");
    assertThat(
            first
                .findElement(By.cssSelector("button[aria-label='Helpful']"))
                .getAttribute("aria-pressed"))
        .isEqualTo("false");
    screenshot("widget.png");

    // A new page, new tokens for the same user: the widget shows the stored vote.
    driver.get(page);
    waitFor("answer-1", "ready", 0);
    waitFor("answer-2", "ready", 0);
    WebElement again = widget("answer-1");
    assertThat(
            again
                .findElement(By.cssSelector("button[aria-label='Not helpful']"))
                .getAttribute("aria-pressed"))
        .isEqualTo("true");
    assertThat(again.findElement(By.tagName("textarea")).getAttribute("value"))
        .isEqualTo("The refund took 9 days, not 5.");
    assertThat(
            widget("answer-2")
                .findElement(By.cssSelector("[role='radio'][data-score='5']"))
                .getAttribute("aria-checked"))
        .isEqualTo("true");
    again.findElement(By.cssSelector("button[aria-label='Helpful']")).click();
    waitFor("answer-1", "saved", 1);
    assertThat(votes(session, "answer-1")).hasSize(1);
    assertThat(votes(session, "answer-1").get(0).rating()).isEqualTo(Rating.UP);
    assertThat(votes(session, "answer-1").get(0).comment())
        .isEqualTo("The refund took 9 days, not 5.");

    // An answer added to the page later, as a chat's answers arrive: its widget starts too.
    ((JavascriptExecutor) driver)
        .executeScript(
            "var e = document.createElement('div');"
                + " e.setAttribute('data-agent-feedback', '');"
                + " e.setAttribute('data-session', arguments[0]);"
                + " e.setAttribute('data-message', 'answer-3');"
                + " e.setAttribute('data-token', arguments[1]);"
                + " document.querySelector('main').appendChild(e);",
            session,
            tokens.mint(session, "answer-3", "ana"));
    waitFor("answer-3", "ready", 0);
    widget("answer-3").findElement(By.cssSelector("button[aria-label='Helpful']")).click();
    waitFor("answer-3", "saved", 1);
    assertThat(votes(session, "answer-3")).extracting(Feedback::rating).containsExactly(Rating.UP);

    assertThat(consoleProblems()).as("browser console warnings and errors").isEmpty();
  }

  private static String status(WebElement widget) {
    return widget.findElement(By.className("af-status")).getText();
  }

  private static String pressed(WebElement widget, String label) {
    return widget
        .findElement(By.cssSelector("button[aria-label='" + label + "']"))
        .getAttribute("aria-pressed");
  }

  /** How many fetches the page made to addresses ending so, by the browser's resource timing. */
  private static long fetches(String suffix) {
    Object n =
        ((JavascriptExecutor) driver)
            .executeScript(
                "var suffix = arguments[0];"
                    + " return performance.getEntriesByType('resource').filter(function (e) {"
                    + " return e.initiatorType === 'fetch' && e.name.endsWith(suffix);"
                    + " }).length;",
                suffix);
    return ((Number) n).longValue();
  }

  /** Makes every request to a vote endpoint fail in the browser, as a lost network does. */
  private static void blockVotes(boolean blocked) {
    ChromeDriver chrome = (ChromeDriver) driver;
    chrome.executeCdpCommand("Network.enable", Map.of());
    chrome.executeCdpCommand(
        "Network.setBlockedURLs", Map.of("urls", blocked ? List.of("*/vote") : List.of()));
  }

  @Test
  void failedAndRefusedVotesSayWhyAndLeaveTheStoredVoteShown() {
    String session = "refused-" + UUID.randomUUID();
    String page = "http://127.0.0.1:" + port + "/?user=ben&session=" + session;
    try {
      // The stored vote cannot be read: nothing can be clicked, so no click posts a vote
      // without the stored score and comment.
      blockVotes(true);
      driver.get(page);
      waitFor("answer-1", "error", 0);
      WebElement offline = widget("answer-1");
      assertThat(status(offline))
          .isEqualTo(
              "Feedback is unavailable: the server could not be reached. Check the connection"
                  + " and try again.");
      assertThat(offline.findElements(By.tagName("button"))).noneMatch(WebElement::isEnabled);
      assertThat(offline.findElement(By.tagName("textarea")).isEnabled()).isFalse();

      blockVotes(false);
      driver.get(page);
      waitFor("answer-1", "ready", 0);
      WebElement w = widget("answer-1");
      // A double click posts once: the second click is sent after the first is answered,
      // and not at all when it changes nothing. The page's fetches say how many went out.
      new Actions(driver)
          .doubleClick(w.findElement(By.cssSelector("button[aria-label='Helpful']")))
          .perform();
      waitFor("answer-1", "saved", 1);
      assertThat(fetches("/messages/answer-1/vote")).as("the load and one post").isEqualTo(2);

      // A post that never reaches the server: the stored vote stays shown, the reason said.
      blockVotes(true);
      w.findElement(By.cssSelector("button[aria-label='Not helpful']")).click();
      waitFor("answer-1", "error", 2);
      blockVotes(false);
      assertThat(status(w))
          .isEqualTo(
              "Not saved: the server could not be reached. Check the connection and try"
                  + " again.");
      assertThat(pressed(w, "Helpful")).isEqualTo("true");
      assertThat(pressed(w, "Not helpful")).isEqualTo("false");

      // The token's limit, 10 votes a minute refilled evenly: votes in quick turns soon get a
      // 429, said as such, and the vote stored before it stays shown.
      String storedLabel = "Helpful";
      int saves = 2;
      do {
        String label = storedLabel.equals("Helpful") ? "Not helpful" : "Helpful";
        w.findElement(By.cssSelector("button[aria-label='" + label + "']")).click();
        saves++;
        waitFor("answer-1", null, saves);
        if ("saved".equals(w.getAttribute("data-state"))) {
          storedLabel = label;
        }
      } while ("saved".equals(w.getAttribute("data-state")) && saves < 50);
      assertThat(w.getAttribute("data-state")).isEqualTo("error");
      assertThat(status(w)).matches("Not saved: too many votes\\. Try again in \\d+ seconds?\\.");
      String otherLabel = storedLabel.equals("Helpful") ? "Not helpful" : "Helpful";
      assertThat(pressed(w, storedLabel)).isEqualTo("true");
      assertThat(pressed(w, otherLabel)).isEqualTo("false");
      List<Feedback> stored = votes(session, "answer-1");
      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).rating())
          .isEqualTo(storedLabel.equals("Helpful") ? Rating.UP : Rating.DOWN);
    } finally {
      blockVotes(false);
      // The browser logs each refused or blocked request; nothing else may be logged.
      assertThat(consoleProblems())
          .as("browser console warnings and errors")
          .allMatch(e -> e.getMessage().contains("/vote"), "about a vote request");
    }
  }

  /** The fixed week of the dashboard and the report, in a zone two hours ahead of UTC. */
  private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

  private static final Instant WEEK_START =
      LocalDate.parse("2025-06-02").atStartOfDay(MADRID).toInstant();
  private static final Instant WEEK_END =
      LocalDate.parse("2025-06-09").atStartOfDay(MADRID).toInstant();

  /**
   * The week of 2025-06-02 in Madrid: 42 sessions with one vote each, variant A (12 up, 8
   * down) and B (18 up, 4 down), plan "free" for 6 of them; an NPS, CSAT or CES score on each
   * vote by turns; comments on the down votes; a session with three down votes; one vote just
   * after midnight on the first day in Madrid (still the day before in UTC); and the week
   * before, 22 up and 11 down with scores. Ids are fixed, so seeding twice stores nothing
   * twice.
   */
  private void seedWeek() {
    String[] complaints = {"checkout too slow", "slow answer", "wrong total", "slow again"};
    for (int i = 0; i < 42; i++) {
      boolean a = i < 20;
      String session = "ab-" + i;
      manager.updateMetadata(
          session, Map.of("variant", a ? "A" : "B", "plan", i % 7 == 0 ? "free" : "pro"));
      boolean up = a ? i < 12 : i < 38;
      Feedback.Builder f =
          Feedback.builder()
              .id("week-" + i)
              .rating(up ? Rating.UP : Rating.DOWN)
              .comment(up ? "" : complaints[i % complaints.length])
              .createdAt(WEEK_START.plus(Duration.ofDays(i % 7)).plus(Duration.ofHours(10)));
      switch (i % 3) {
        case 0 -> f.score(i % 11, Scale.NPS);
        case 1 -> f.score(1 + i % 5, Scale.CSAT);
        default -> f.score(1 + i % 7, Scale.CES);
      }
      manager.addFeedback(session, f.build());
    }
    for (int i = 0; i < 3; i++) {
      manager.addFeedback(
          "dash-negative",
          Feedback.builder()
              .id("negative-" + i)
              .rating(Rating.DOWN)
              .comment("slow and wrong")
              .createdAt(WEEK_START.plus(Duration.ofDays(2 + i)))
              .build());
    }
    add("edge-in", "edge-in", Rating.UP, "", "2025-06-01T22:30:00Z");
    for (int i = 0; i < 33; i++) {
      Feedback.Builder f =
          Feedback.builder()
              .id("before-" + i)
              .rating(i < 22 ? Rating.UP : Rating.DOWN)
              .comment(i < 22 ? "" : "wrong total")
              .createdAt(WEEK_START.minus(Duration.ofDays(7 - i % 7)).plus(Duration.ofHours(9)));
      switch (i % 3) {
        case 0 -> f.score(6 + i % 5, Scale.NPS);
        case 1 -> f.score(2 + i % 4, Scale.CSAT);
        default -> f.score(1 + i % 5, Scale.CES);
      }
      manager.addFeedback("before-" + i, f.build());
    }
  }

  private static FeedbackQuery week() {
    return FeedbackQuery.builder().since(WEEK_START).until(WEEK_END).build();
  }

  private Trend dailyTrend() {
    return manager.analytics().trend(week(), Granularity.DAY, MADRID, Trend.Fill.EVERY_PERIOD);
  }

  private FeedbackReport weeklyReport() {
    return manager
        .analytics()
        .report(
            ReportRequest.builder()
                .title("Support assistant, week of 2025-06-02")
                .between(WEEK_START, WEEK_END)
                .zone(MADRID)
                .groupBy(GroupKey.metadata("variant"))
                .build());
  }

  private static long daysWith(Trend trend, Predicate<FeedbackSummary> has) {
    return trend.points().stream().filter(p -> has.test(p.summary())).count();
  }

  /** A figure as the dashboard shows it: whole numbers as they are, else one decimal. */
  private static String shown(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : new BigDecimal(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
  }

  /** A 95% interval as the dashboard shows it. */
  private static String shown(ConfidenceInterval ci) {
    assertThat(ci.level()).isEqualTo(0.95);
    return "95% interval [" + shown(ci.lower()) + ", " + shown(ci.upper()) + "]";
  }

  @Test
  void theDashboardDrawsAFixedWeekInItsZoneWithScoresAndAnABTestWithoutConsoleErrors()
      throws IOException {
    seedWeek();
    Trend trend = dailyTrend();
    FeedbackReport report = weeklyReport();
    CohortComparison expected =
        manager
            .analytics()
            .compare(week(), GroupKey.metadata("variant"), "A", "B", CompareOptions.defaults());
    CohortComparison.ProportionTest test = expected.satisfaction();
    long inUtcDays =
        manager
            .analytics()
            .summary(
                FeedbackQuery.builder()
                    .since(Instant.parse("2025-06-02T00:00:00Z"))
                    .until(Instant.parse("2025-06-09T00:00:00Z"))
                    .build())
            .ratings()
            .total();

    driver.get(
        "http://analyst:analyst-password@127.0.0.1:"
            + port
            + "/api/feedback/dashboard?from=2025-06-02&to=2025-06-09&granularity=day"
            + "&zone=Europe/Madrid&group_by=metadata.variant&compare_by=metadata.variant&a=A&b=B");
    waitForDashboard();

    assertThat(driver.findElement(By.id("status")).getText()).doesNotContain("Could not");
    // The volume and satisfaction chart: one point per day of the week in Madrid.
    WebElement chart = driver.findElement(By.cssSelector("#trend svg"));
    assertThat(chart.getAttribute("data-points")).isEqualTo("7");
    assertThat(chart.findElements(By.cssSelector("circle.point")))
        .hasSize((int) daysWith(trend, s -> s.ratings().satisfaction() != null));
    assertThat(chart.findElements(By.cssSelector("rect.bar-down")))
        .hasSize((int) daysWith(trend, s -> s.ratings().down() > 0));
    // The period is the week's days in Madrid, not in UTC.
    long total = report.current().ratings().total();
    assertThat(total).isNotEqualTo(inUtcDays);
    assertThat(cell("figures", "feedback", 1)).isEqualTo(Long.toString(total));
    assertThat(cell("figures", "feedback", 2))
        .isEqualTo(Long.toString(report.previous().ratings().total()));

    // NPS, CSAT and CES tiles, each with its trend line over the seven days.
    FeedbackSummary current = report.current();
    Map<String, Double> figures =
        Map.of(
            "nps", current.scale("nps").nps().score(),
            "csat", current.scale("csat").csat(),
            "ces", current.scale("ces").ces());
    for (Map.Entry<String, Double> figure : figures.entrySet()) {
      String kind = figure.getKey();
      WebElement tile =
          driver.findElement(By.cssSelector("#scores .tile[data-figure='" + kind + "']"));
      WebElement value = tile.findElement(By.className("tile-value"));
      assertThat(Double.parseDouble(value.getAttribute("data-value")))
          .as(kind)
          .isEqualTo(figure.getValue());
      assertThat(tile.findElement(By.className("tile-n")).getAttribute("data-n"))
          .isEqualTo(Long.toString(current.scale(kind).count()));
      WebElement line = tile.findElement(By.cssSelector("svg.sparkline"));
      assertThat(line.getAttribute("data-points")).isEqualTo("7");
      assertThat(line.findElements(By.cssSelector("circle.point")))
          .as(kind)
          .hasSize((int) daysWith(trend, s -> s.scale(kind) != null));
    }
    assertThat(
            driver
                .findElement(By.cssSelector("#scores .tile[data-figure='nps'] .tile-value"))
                .getText())
        .isEqualTo(shown(figures.get("nps")));
    FeedbackReport.Change nps =
        report.changes().stream().filter(c -> c.figure().equals("nps")).findFirst().orElseThrow();
    assertThat(nps.interval()).isNotNull();
    assertThat(
            driver
                .findElement(By.cssSelector("#scores .tile[data-figure='nps'] .tile-change"))
                .getText())
        .startsWith((nps.change() > 0 ? "+" : "") + shown(nps.change()))
        .contains(shown(nps.interval()));

    // The A/B comparison, as FeedbackAnalytics.compare computes it.
    WebElement comparison = driver.findElement(By.id("comparison"));
    assertThat(comparison.getAttribute("data-state")).isEqualTo("ready");
    assertThat(test.method()).isEqualTo(CohortComparison.Method.SCORE);
    assertThat(cell("comparison", "A", 2)).isEqualTo(shown(test.a().percent()) + "%");
    assertThat(cell("comparison", "A", 5)).isEqualTo(Long.toString(test.a().trials()));
    assertThat(cell("comparison", "B", 2)).isEqualTo(shown(test.b().percent()) + "%");
    assertThat(cell("comparison", "B", 5)).isEqualTo(Long.toString(test.b().trials()));
    WebElement bar = comparison.findElement(By.cssSelector("svg.interval"));
    assertThat(Double.parseDouble(bar.getAttribute("data-difference")))
        .isEqualTo(test.difference());
    assertThat(Double.parseDouble(bar.getAttribute("data-lower")))
        .isEqualTo(test.interval().lower());
    assertThat(Double.parseDouble(bar.getAttribute("data-upper")))
        .isEqualTo(test.interval().upper());
    assertThat(bar.findElements(By.cssSelector("line.zero"))).hasSize(1);
    assertThat(bar.findElements(By.cssSelector("line.interval-bar"))).hasSize(1);
    WebElement verdict = comparison.findElement(By.cssSelector("p.test"));
    assertThat(Double.parseDouble(verdict.getAttribute("data-p"))).isEqualTo(test.pValue());
    assertThat(verdict.getText())
        .contains("score test")
        .contains(test.significant() ? "significant" : "not significant");
    assertThat(comparison.findElement(By.className("difference")).getText())
        .contains(shown(test.interval()));
    List<String> offered =
        driver.findElements(By.cssSelector("#compare select[name='a'] option")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(offered).containsExactly("B (n = 22)", "A (n = 20)");

    assertThat(driver.findElement(By.id("groups")).getText())
        .contains("metadata.variant", "A", "B");
    assertThat(driver.findElement(By.id("sessions")).getText()).contains("dash-negative");
    driver.manage().window().setSize(new Dimension(1000, 2750));
    screenshot("dashboard.png");
    driver.manage().window().setSize(new Dimension(900, 700));

    // Another field whose values are too few to test: the panel says so.
    WebElement field = driver.findElement(By.cssSelector("#compare input[name='by']"));
    field.clear();
    field.sendKeys("metadata.plan", Keys.TAB);
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> !d.findElements(By.cssSelector("#comparison p.withheld")).isEmpty());
    WebElement withheld = driver.findElement(By.cssSelector("#comparison p.withheld"));
    assertThat(withheld.getAttribute("data-withheld")).isEqualTo("too_few");
    assertThat(withheld.getText()).startsWith("Too few to test: each side needs at least 10");

    // A period the endpoints refuse: the problem is said, and nothing of the last period is
    // left on the page as if it were this one's.
    WebElement zone = driver.findElement(By.cssSelector("#period input[name='zone']"));
    zone.clear();
    zone.sendKeys("Mars/Olympus_Mons");
    driver.findElement(By.cssSelector("#period button[type='submit']")).click();
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> "error".equals(d.findElement(By.id("dashboard")).getAttribute("data-state")));
    assertThat(driver.findElement(By.id("status")).getText())
        .startsWith("Could not load the analytics: ")
        .contains("zone");
    for (String section : List.of("trend", "figures", "scores", "groups", "rising", "sessions")) {
      assertThat(driver.findElement(By.id(section)).getText()).as(section).isEmpty();
      assertThat(driver.findElements(By.cssSelector("#" + section + " svg"))).as(section).isEmpty();
    }
    assertThat(driver.findElement(By.id("comparison")).getText()).isEmpty();
    assertThat(consoleProblems())
        .as("the refused requests, and nothing else")
        .isNotEmpty()
        .allMatch(e -> e.getMessage().contains("400"), "a 400");

    // A week without feedback: no score tiles, nothing to compare.
    driver.get(
        "http://analyst:analyst-password@127.0.0.1:"
            + port
            + "/api/feedback/dashboard?from=2025-05-05&to=2025-05-12&zone=Europe/Madrid"
            + "&group_by=metadata.variant");
    waitForDashboard();
    assertThat(driver.findElement(By.id("scores-section")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("comparison")).getAttribute("data-state"))
        .isEqualTo("empty");
    assertThat(driver.findElement(By.id("comparison")).getText())
        .isEqualTo("Fewer than two values of metadata.variant in this period.");
    assertThat(consoleProblems()).as("browser console warnings and errors").isEmpty();
  }

  @Test
  void theHtmlReportDrawsItsChartInTheBrowserWithoutConsoleErrors() throws IOException {
    seedWeek();
    Trend trend = dailyTrend();
    Path file = Path.of("target", "weekly-report.html").toAbsolutePath();
    Files.writeString(file, ReportHtml.toHtml(weeklyReport(), trend));

    driver.get(file.toUri().toString());

    WebElement chart = driver.findElement(By.cssSelector("svg[data-points]"));
    assertThat(chart.getAttribute("data-points")).isEqualTo("7");
    assertThat(chart.getSize().getWidth()).isGreaterThan(0);
    List<WebElement> points = chart.findElements(By.cssSelector("circle.point"));
    assertThat(points).hasSize((int) daysWith(trend, s -> s.ratings().satisfaction() != null));
    assertThat(points).allMatch(WebElement::isDisplayed);
    assertThat(chart.findElements(By.cssSelector("rect.bar.down")))
        .hasSize((int) daysWith(trend, s -> s.ratings().down() > 0));
    assertThat(driver.findElement(By.tagName("h1")).getText())
        .isEqualTo("Support assistant, week of 2025-06-02");
    assertThat(consoleProblems()).as("browser console warnings and errors").isEmpty();
  }

  private static void waitForDashboard() {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d -> {
              String state = d.findElement(By.id("dashboard")).getAttribute("data-state");
              return "ready".equals(state) || "error".equals(state);
            });
  }

  /** The text of a cell in the row of a section's table whose first cell is {@code row}. */
  private static String cell(String section, String row, int column) {
    for (WebElement tr : driver.findElements(By.cssSelector("#" + section + " tr"))) {
      List<WebElement> cells = tr.findElements(By.tagName("td"));
      if (!cells.isEmpty() && cells.get(0).getText().equals(row)) {
        return cells.get(column).getText();
      }
    }
    throw new AssertionError("no row " + row + " in #" + section);
  }

  private void add(String id, String session, Rating rating, String comment, String at) {
    manager.addFeedback(
        session,
        Feedback.builder()
            .id(id)
            .rating(rating)
            .comment(comment)
            .createdAt(Instant.parse(at))
            .build());
  }

  private static List<LogEntry> consoleProblems() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .toList();
  }

  private static void screenshot(String name) throws IOException {
    Path shot =
        ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(IMAGES);
    Files.copy(shot, IMAGES.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
