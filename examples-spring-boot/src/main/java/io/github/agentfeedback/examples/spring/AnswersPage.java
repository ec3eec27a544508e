package io.github.agentfeedback.examples.spring;

import io.github.agentfeedback.token.FeedbackTokens;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * A chat page with two answers of the support bot, each with the feedback widget: the page
 * mints one token per answer ({@link FeedbackTokens}) and puts it beside the answer; the
 * widget posts the vote with it. Served at {@code /} under a strict Content-Security-Policy
 * (scripts and styles from this origin only), which the widget works under.
 */
@RestController
class AnswersPage {

  private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final FeedbackTokens tokens;

  AnswersPage(FeedbackTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * The page.
   *
   * @param session the chat session, or a new one when absent or not a plain id
   * @param user the signed-in user (a real application takes it from its login), or
   *     {@code visitor}: the tokens name the user, so that a reload shows the user's vote
   * @return the HTML
   */
  @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> page(
      @RequestParam(name = "session", required = false) @Nullable String session,
      @RequestParam(name = "user", required = false) @Nullable String user) {
    String id =
        session != null && PLAIN_ID.matcher(session).matches()
            ? session
            : "chat-" + UUID.randomUUID();
    String userId = user != null && PLAIN_ID.matcher(user).matches() ? user : "visitor";
    String html =
        """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Support chat</title>
          <link rel="icon" href="data:,">
          <link rel="stylesheet" href="/agent-feedback/feedback-widget.css">
          <script src="/agent-feedback/feedback-widget.js" defer></script>
        </head>
        <body>
          <main>
            <h1>Support chat</h1>
        %s
        %s
          </main>
        </body>
        </html>
        """
            .formatted(
                answer(
                    id,
                    userId,
                    "answer-1",
                    "How do I get a refund?",
                    "Open Orders, pick the order and choose Request refund; the money is back"
                        + " within 5 working days."),
                answer(
                    id,
                    userId,
                    "answer-2",
                    "Can I change my delivery address?",
                    "Yes, until the parcel ships: Orders, Delivery, Change address."));
    return ResponseEntity.ok()
        .header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'")
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .contentType(MediaType.TEXT_HTML)
        .body(html);
  }

  private String answer(String session, String user, String message, String question, String text) {
    String token = tokens.mint(session, message, user);
    return """
            <article>
              <p><strong>You:</strong> %s</p>
              <p><strong>Bot:</strong> %s</p>
              <div data-agent-feedback data-session="%s" data-message="%s" data-token="%s"
                   data-stars data-comment></div>
            </article>"""
        .formatted(
            HtmlUtils.htmlEscape(question),
            HtmlUtils.htmlEscape(text),
            HtmlUtils.htmlEscape(session),
            HtmlUtils.htmlEscape(message),
            HtmlUtils.htmlEscape(token));
  }
}
