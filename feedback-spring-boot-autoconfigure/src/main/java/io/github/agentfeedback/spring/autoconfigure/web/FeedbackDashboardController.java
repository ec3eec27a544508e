package io.github.agentfeedback.spring.autoconfigure.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard: {@code GET /api/feedback/dashboard}, a page that draws the analytics
 * endpoints ({@code /api/feedback/report}, {@code /trend}, {@code /groups} and {@code
 * /compare}) as charts and tables — volume and satisfaction over time split by rating, the
 * figures against the previous period with their intervals, NPS, CSAT and CES tiles with a
 * line over time when scores exist, the best and worst groups with their sample sizes, an A/B
 * comparison of two values of a field (each side's satisfaction and sample, the difference
 * with its interval drawn around zero, the p-value and the test, or why there is no test),
 * rising terms in negative comments and the sessions with the most negative feedback — for a
 * period (days in the chosen zone), granularity, zone and grouping picked on the page. The
 * page's address may preselect them: {@code from}, {@code to}, {@code granularity}, {@code
 * zone}, {@code group_by}, and {@code compare_by}, {@code a}, {@code b}. Served beside the
 * analytics endpoints so that whatever protects {@code /api/feedback/**} protects it too; its
 * script and style sheet are {@code dashboard.js} and {@code dashboard.css} there. No
 * third-party code and no CDN: charts are inline SVG drawn by the page's own script, under a
 * Content-Security-Policy of {@code default-src 'self'}. Thread-safe.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("${agent-feedback.web.base-path:/api}")
public class FeedbackDashboardController {

  private static final String LOCATION = "/io/github/agentfeedback/spring/dashboard/";
  private static final String POLICY =
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'";

  private final byte[] page = resource("dashboard.html");
  private final byte[] script = resource("dashboard.js");
  private final byte[] style = resource("dashboard.css");

  /** Reads the page and its files from the jar. */
  public FeedbackDashboardController() {}

  private static byte[] resource(String name) {
    try (InputStream in = FeedbackDashboardController.class.getResourceAsStream(LOCATION + name)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + LOCATION + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The page.
   *
   * @return the HTML
   */
  @GetMapping("/feedback/dashboard")
  public ResponseEntity<byte[]> page() {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        .header("Content-Security-Policy", POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .body(page);
  }

  /**
   * The page's script.
   *
   * @return the JavaScript
   */
  @GetMapping("/feedback/dashboard.js")
  public ResponseEntity<byte[]> script() {
    return asset(script, "javascript");
  }

  /**
   * The page's style sheet.
   *
   * @return the CSS
   */
  @GetMapping("/feedback/dashboard.css")
  public ResponseEntity<byte[]> style() {
    return asset(style, "css");
  }

  private static ResponseEntity<byte[]> asset(byte[] body, String textSubtype) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", textSubtype, StandardCharsets.UTF_8))
        .header("X-Content-Type-Options", "nosniff")
        .body(body);
  }
}
