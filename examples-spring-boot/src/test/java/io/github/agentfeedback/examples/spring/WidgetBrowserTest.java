package io.github.agentfeedback.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The widget in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}), driven by Selenium against the example application on a random
 * port: up then down on one answer stores one vote, the last; the comment is stored; stars
 * work from the keyboard; a reload shows the stored vote; the dashboard draws one point per
 * day of a fixed week; the browser logs no errors. Saves screenshots under
 * {@code docs/images}. Skipped, saying why, when no browser is installed.
 */
@SpringBootTest(
    classes = FeedbackExampleApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "agent-feedback.hooks.rate-limit.permits=100")
class WidgetBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path IMAGES = Path.of("docs", "images");

  private static WebDriver driver;

  @LocalServerPort int port;
  @Autowired FeedbackManager manager;

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

  private void waitFor(String message, String state, int saves) {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d -> {
              WebElement w = widget(message);
              return state.equals(w.getAttribute("data-state"))
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

    assertThat(consoleProblems()).as("browser console warnings and errors").isEmpty();
  }

  @Test
  void theDashboardDrawsOnePointPerDayOfAFixedWeekWithoutConsoleErrors() throws IOException {
    // A fixed week, 2025-06-02 to 2025-06-08: rated feedback on four days, neutral only on
    // one, none on two; two variants.
    manager.updateMetadata("dash-a", Map.of("variant", "A"));
    manager.updateMetadata("dash-b", Map.of("variant", "B"));
    add("dash-a", Rating.UP, "too slow", "2025-06-02T09:00:00Z");
    add("dash-a", Rating.DOWN, "too slow to answer", "2025-06-02T10:00:00Z");
    add("dash-a", Rating.DOWN, "slow and wrong", "2025-06-03T10:00:00Z");
    add("dash-b", Rating.UP, "", "2025-06-03T11:00:00Z");
    add("dash-b", Rating.UP, "great", "2025-06-05T11:00:00Z");
    add("dash-b", Rating.NEUTRAL, "", "2025-06-06T11:00:00Z");
    add("dash-a", Rating.DOWN, "slow checkout", "2025-06-08T11:00:00Z");
    add("dash-b", Rating.UP, "", "2025-06-08T12:00:00Z");

    driver.get(
        "http://analyst:analyst-password@127.0.0.1:"
            + port
            + "/api/feedback/dashboard?from=2025-06-02&to=2025-06-09&granularity=day&zone=UTC"
            + "&group_by=metadata.variant");
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d -> {
              String state = d.findElement(By.id("dashboard")).getAttribute("data-state");
              return "ready".equals(state) || "error".equals(state);
            });

    assertThat(driver.findElement(By.id("status")).getText()).doesNotContain("Could not");
    WebElement chart = driver.findElement(By.cssSelector("#trend svg"));
    assertThat(chart.getAttribute("data-points")).isEqualTo("7");
    assertThat(chart.findElements(By.cssSelector("circle.point"))).hasSize(4);
    assertThat(chart.findElements(By.cssSelector("rect.bar-down"))).hasSize(3);
    assertThat(chart.findElements(By.cssSelector("rect.bar-neutral"))).hasSize(1);
    assertThat(driver.findElement(By.id("groups")).getText())
        .contains("metadata.variant", "A", "B");
    assertThat(driver.findElement(By.id("sessions")).getText()).contains("dash-a");
    driver.manage().window().setSize(new Dimension(900, 1500));
    screenshot("dashboard.png");
    driver.manage().window().setSize(new Dimension(900, 700));
    assertThat(consoleProblems()).as("browser console warnings and errors").isEmpty();
  }

  private void add(String session, Rating rating, String comment, String at) {
    manager.addFeedback(
        session,
        Feedback.builder().rating(rating).comment(comment).createdAt(Instant.parse(at)).build());
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
