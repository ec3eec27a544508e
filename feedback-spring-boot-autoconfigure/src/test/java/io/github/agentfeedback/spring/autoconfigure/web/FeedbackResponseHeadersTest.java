package io.github.agentfeedback.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.token.FeedbackTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The headers of the endpoints' answers in an application without Spring Security (which
 * would add its own): every answer, data or problem, may hold personal data and is never
 * stored by a cache, nor sniffed as another type.
 */
@SpringBootTest(
    classes = FeedbackResponseHeadersTest.PlainApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "agent-feedback.web.enabled=true",
      "agent-feedback.tokens.enabled=true",
      "agent-feedback.tokens.keys.k1=" + FeedbackTokenEndpointsTest.SECRET
    })
class FeedbackResponseHeadersTest {

  /** The starter alone: no Spring Security, no DataSource. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration(
      excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
      })
  static class PlainApplication {}

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired FeedbackTokens tokens;

  private final String session = "s-" + UUID.randomUUID();

  private HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  private static HttpRequest.BodyPublisher json(String body) {
    return HttpRequest.BodyPublishers.ofString(body);
  }

  private static void assertPrivate(HttpResponse<String> r) {
    assertThat(r.headers().allValues("Cache-Control"))
        .as(r.uri() + " " + r.headers().map())
        .contains("no-store");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void everyAnswerIsNeitherCachedNorSniffed() {
    String feedback = "/api/sessions/" + session + "/feedback";
    HttpResponse<String> posted =
        send(
            at(feedback)
                .header("Content-Type", "application/json")
                .POST(json("{\"rating\": \"down\", \"comment\": \"my order 1234 is late\"}")));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);

    String token = tokens.mint(session, "m-1");
    String vote = "/api/sessions/" + session + "/messages/m-1/vote";
    HttpResponse<String> voted =
        send(
            at(vote)
                .header("Content-Type", "application/json")
                .header("Feedback-Token", token)
                .POST(json("{\"rating\": \"up\", \"comment\": \"thanks\"}")));
    assertThat(voted.statusCode()).as(voted.body()).isEqualTo(201);

    for (HttpResponse<String> r :
        new HttpResponse[] {
          posted,
          voted,
          send(at(feedback).GET()),
          send(at(feedback + "/stats").GET()),
          send(at("/api/feedback/summary?session_id=" + session).GET()),
          send(at(vote).header("Feedback-Token", token).GET()),
          send(at(feedback).header("Content-Type", "application/json").POST(json("{\"x\": 1}")))
        }) {
      assertThat(r.statusCode()).as(r.body()).isBetween(200, 499);
      assertPrivate(r);
    }
  }
}
