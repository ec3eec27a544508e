package io.github.agentfeedback.hooks.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.hooks.notify.internal.Texts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each notification to an HTTP endpoint, as JSON or as a Slack message, signed and
 * retried.
 *
 * <pre>{@code
 * WebhookNotifier webhook = WebhookNotifier.builder()
 *     .uri("https://support.example.com/hooks/feedback")
 *     .secret(System.getenv("FEEDBACK_WEBHOOK_SECRET"))
 *     .build();
 * }</pre>
 *
 * <h2>The request</h2>
 * A {@code POST} with {@code Content-Type: application/json}. With {@link Format#JSON}
 * (the default) the body is an object with these fields, in this order:
 * <pre>{@code
 * {"type":"feedback", "session_id":"s-1", "feedback_id":"f-9",
 *  "rating":"down",                      // "up", "down", or null for neutral
 *  "comment":"Couldn't find my order",   // left out with includeComment(false)
 *  "created_at":"2026-01-02T03:04:05.678Z", "user_id":"u-1", "message_id":null,
 *  "count":3, "reason":"rating_down", "message":"3rd negative feedback in session s-1",
 *  "notified_at":"2026-01-02T03:04:05.900Z"}
 * }</pre>
 * Times are ISO-8601 instants in UTC; absent optional values are {@code null}. With
 * {@link Format#SLACK} the body is a Slack incoming-webhook message, {@code {"text":"..."}},
 * holding the message, the feedback id and the comment as a quote (at most 1,000 chars,
 * with {@code & < >} escaped as Slack requires).
 *
 * <h2>The signature</h2>
 * When a secret is set, the header {@code X-Signature: sha256=<hex>} carries the
 * HMAC-SHA256 of the exact body bytes under the secret, as 64 lowercase hex digits. A
 * receiver recomputes it over the raw body before parsing and compares in constant time;
 * {@link #verifySignature} does that for Java receivers.
 *
 * <h2>Retries</h2>
 * An attempt succeeds on any 2xx status. It is retried, up to
 * {@link Builder#maxAttempts(int) maxAttempts} in all (3 by default), after a 5xx status,
 * 408 (request timeout), 429 (too many requests), a timeout or another I/O error. Any
 * other status (3xx, 4xx) fails at once: the request would fail the same way again. The
 * wait before retry <i>n</i> is {@code initialBackoff × 2^(n-1)} (200 ms, 400 ms, ...),
 * capped at {@code maxBackoff}; a {@code Retry-After} header in seconds lengthens it, within
 * the same cap. When every attempt failed, {@link #deliver} throws
 * {@link WebhookException}. Retries may deliver a notification twice when a response was
 * lost: receivers should de-duplicate on {@code type} and {@code feedback_id}.
 *
 * <p>Logs name the receiver by scheme, host and port only, because webhook URLs such as
 * Slack's carry a secret token in their path; the comment is never logged.
 *
 * <p>Immutable and thread-safe, if the {@link HttpClient} and {@link Sleeper} given are.
 *
 * @since 0.1.0
 */
public final class WebhookNotifier implements Notifier {

  /** The default header that carries the body's signature. */
  public static final String SIGNATURE_HEADER = "X-Signature";

  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HMAC = "HmacSHA256";
  private static final String SIGNATURE_PREFIX = "sha256=";
  private static final int SLACK_COMMENT_LIMIT = 1_000;
  /**
   * Headers that cannot be configured, in lower case: those the HTTP client sets itself and
   * those the notifier sets. The signature header, whose name is configurable, is refused
   * as well.
   */
  private static final Set<String> OWNED_HEADERS = Set.of(
      "host", "connection", "content-length", "expect", "upgrade", "content-type");

  /**
   * How the body is written.
   *
   * @since 0.1.0
   */
  public enum Format {
    /** A JSON object with every field of the notification (see the class description). */
    JSON,
    /** A Slack incoming-webhook message: {@code {"text": "..."}}. */
    SLACK
  }

  /**
   * Waits between attempts. Tests replace it so that they do not sleep.
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits for the given time.
     *
     * @param duration how long to wait
     * @throws InterruptedException if interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  private final URI uri;
  private final String target;
  private final byte[] secret;
  private final String signatureHeader;
  private final Format format;
  private final boolean includeComment;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;
  private final Map<String, String> headers;

  private WebhookNotifier(Builder b) {
    this.uri = Objects.requireNonNull(b.uri, "uri must be set");
    this.target = target(uri);
    this.secret = b.secret;
    this.signatureHeader = b.signatureHeader;
    this.format = b.format;
    this.includeComment = b.includeComment;
    this.client = b.client != null ? b.client : HttpClient.newBuilder()
        .connectTimeout(b.connectTimeout)
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.sleeper = b.sleeper;
    this.headers = Map.copyOf(b.headers);
  }

  /**
   * A builder; only the URI is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Posts the notification, retrying as described in the class description.
   *
   * @param notification what to post
   * @throws WebhookException if the receiver refused it or every attempt failed
   * @throws InterruptedException if interrupted while sending or waiting to retry
   */
  @Override
  public void deliver(Notification notification) throws InterruptedException {
    byte[] body = body(notification);
    HttpRequest request = request(body);
    String about = "feedback " + notification.feedback().id() + " in session "
        + notification.sessionId();
    int status = -1;
    IOException error = null;
    for (int attempt = 1; ; attempt++) {
      Duration retryAfter = Duration.ZERO;
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        status = response.statusCode();
        error = null;
        if (status >= 200 && status < 300) {
          log.debug("Webhook {} accepted {} notification for {} (status {}, attempt {})",
              target, notification.type(), about, status, attempt);
          return;
        }
        if (!retryable(status)) {
          throw new WebhookException("Webhook " + target + " answered " + status + " to the "
              + notification.type() + " notification for " + about + "; not retried",
              status, attempt, null);
        }
        retryAfter = retryAfter(response);
      } catch (IOException e) {
        status = -1;
        error = e;
      }
      String outcome = error != null ? error.toString() : "status " + status;
      if (attempt >= maxAttempts) {
        throw new WebhookException("Webhook " + target + " failed " + attempt
            + (attempt == 1 ? " attempt" : " attempts") + " to deliver the "
            + notification.type() + " notification for " + about + "; last: " + outcome,
            status, attempt, error);
      }
      Duration delay = backoff(attempt, retryAfter);
      log.debug("Webhook {} attempt {}/{} for {} failed ({}); retrying in {} ms", target,
          attempt, maxAttempts, about, outcome, delay.toMillis());
      sleeper.sleep(delay);
    }
  }

  /**
   * The signature header value of a body: {@code sha256=} followed by the HMAC-SHA256 of
   * the body under the secret, as 64 lowercase hex digits.
   *
   * @param secret the shared secret's bytes
   * @param body the exact body bytes
   * @return the header value
   */
  public static String signature(byte[] secret, byte[] body) {
    return SIGNATURE_PREFIX + HexFormat.of().formatHex(hmac(secret, body));
  }

  /**
   * Checks a signature header in constant time, for receivers written in Java.
   *
   * @param secret the shared secret's bytes
   * @param body the exact body bytes received
   * @param header the value of the signature header, may be null
   * @return {@code true} if the header is the body's signature under the secret
   */
  public static boolean verifySignature(byte[] secret, byte[] body, String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        signature(secret, body).getBytes(StandardCharsets.US_ASCII),
        header.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "WebhookNotifier[" + target + ", " + format + "]";
  }

  /** The body bytes for a notification, exactly as posted and signed. */
  byte[] body(Notification n) {
    ObjectNode o = JSON.createObjectNode();
    Feedback f = n.feedback();
    if (format == Format.SLACK) {
      o.put("text", slackText(n));
    } else {
      o.put("type", n.type());
      o.put("session_id", n.sessionId());
      o.put("feedback_id", f.id());
      o.put("rating", f.rating().wireValue());
      if (includeComment) {
        o.put("comment", f.comment());
      }
      o.put("created_at", f.createdAt() == null ? null : f.createdAt().toString());
      o.put("user_id", f.userId());
      o.put("message_id", f.messageId());
      o.put("count", n.count());
      o.put("reason", n.reason());
      o.put("message", n.message());
      o.put("notified_at", n.time().toString());
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Could not write the webhook body", e);
    }
  }

  private String slackText(Notification n) {
    Feedback f = n.feedback();
    String icon = Notification.TYPE_ESCALATION.equals(n.type()) ? ":rotating_light:"
        : f.rating() == Rating.UP ? ":thumbsup:"
        : f.rating() == Rating.DOWN ? ":thumbsdown:" : ":speech_balloon:";
    StringBuilder text = new StringBuilder()
        .append(icon).append(' ').append(slackEscape(n.message()))
        .append(" (feedback ").append(slackEscape(f.id())).append(')');
    if (includeComment && !f.comment().isBlank()) {
      String comment = slackEscape(Texts.truncate(f.comment().strip(), SLACK_COMMENT_LIMIT));
      text.append("\n> ").append(comment.replace("\n", "\n> "));
    }
    return text.toString();
  }

  private static String slackEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private HttpRequest request(byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "agent-feedback-webhook");
    headers.forEach(b::header);
    if (secret != null) {
      b.header(signatureHeader, signature(secret, body));
    }
    return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  private Duration backoff(int attempt, Duration retryAfter) {
    Duration delay = initialBackoff;
    for (int i = 1; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    if (retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    if (value.isEmpty()) {
      return Duration.ZERO;
    }
    try {
      long seconds = Long.parseLong(value.get().trim());
      return seconds > 0 ? Duration.ofSeconds(Math.min(seconds, 86_400)) : Duration.ZERO;
    } catch (NumberFormatException e) {
      return Duration.ZERO; // an HTTP date: the exponential backoff will do
    }
  }

  private static byte[] hmac(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String target(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /**
   * Configures a {@link WebhookNotifier}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private URI uri;
    private byte[] secret;
    private String signatureHeader = SIGNATURE_HEADER;
    private Format format = Format.JSON;
    private boolean includeComment = true;
    private HttpClient client;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Where to post. Required.
     *
     * @param uri an absolute {@code http} or {@code https} URI
     * @return this builder
     */
    public Builder uri(URI uri) {
      Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "uri must be an absolute http or https URI with a host, was " + target(uri));
      }
      this.uri = uri;
      return this;
    }

    /**
     * Where to post. Required.
     *
     * @param uri an absolute {@code http} or {@code https} URI
     * @return this builder
     */
    public Builder uri(String uri) {
      return uri(URI.create(Objects.requireNonNull(uri, "uri")));
    }

    /**
     * Signs every body with this secret (its UTF-8 bytes). Unset by default: no signature.
     *
     * @param secret the shared secret, not empty
     * @return this builder
     */
    public Builder secret(String secret) {
      return secret(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs every body with this secret. Unset by default: no signature.
     *
     * @param secret the shared secret's bytes, not empty; copied
     * @return this builder
     */
    public Builder secret(byte[] secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.length == 0) {
        throw new IllegalArgumentException("secret must not be empty");
      }
      this.secret = Arrays.copyOf(secret, secret.length);
      return this;
    }

    /**
     * The header that carries the signature. Defaults to {@value #SIGNATURE_HEADER}.
     *
     * @param name the header name
     * @return this builder
     */
    public Builder signatureHeader(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("signatureHeader must not be blank");
      }
      this.signatureHeader = name;
      return this;
    }

    /**
     * How the body is written. Defaults to {@link Format#JSON}.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Whether the body carries the feedback's comment. Defaults to {@code true}; turn it
     * off when the receiver must not see personal data.
     *
     * @param include whether to include the comment
     * @return this builder
     */
    public Builder includeComment(boolean include) {
      this.includeComment = include;
      return this;
    }

    /**
     * Adds a header to every request, such as {@code Authorization}.
     *
     * @param name the header name; not one the HTTP client sets itself ({@code Host},
     *     {@code Connection}, {@code Content-Length}, {@code Expect}, {@code Upgrade}), nor
     *     {@code Content-Type} or the signature header, which the notifier sets
     * @param value the header value
     * @return this builder
     * @throws IllegalArgumentException if the name is one of those, or the client would
     *     refuse the header
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      refuseOwned(name);
      // Let the JDK reject malformed names and values now rather than on every delivery.
      HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
      headers.put(name, value);
      return this;
    }

    /**
     * The HTTP client to use. By default the notifier builds its own (HTTP/1.1, no
     * redirects, with the connect timeout); a client given here is used as it is, and
     * {@link #connectTimeout} is ignored.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * How long to wait for a connection. Defaults to 5 seconds.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long one attempt may take until the response status arrives. Defaults to 10
     * seconds; a timeout is retried.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * How many requests to send at most, the first included. Defaults to 3.
     *
     * @param attempts from 1 to 20
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 20) {
        throw new IllegalArgumentException("maxAttempts must be within 1..20, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * The wait before the first retry; it doubles for each later one. Defaults to 200 ms.
     *
     * @param backoff zero or more
     * @return this builder
     */
    public Builder initialBackoff(Duration backoff) {
      Objects.requireNonNull(backoff, "backoff");
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("initialBackoff must not be negative, was " + backoff);
      }
      this.initialBackoff = backoff;
      return this;
    }

    /**
     * The longest wait between attempts. Defaults to 10 seconds.
     *
     * @param backoff zero or more
     * @return this builder
     */
    public Builder maxBackoff(Duration backoff) {
      Objects.requireNonNull(backoff, "backoff");
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("maxBackoff must not be negative, was " + backoff);
      }
      this.maxBackoff = backoff;
      return this;
    }

    /**
     * How to wait between attempts. Defaults to {@link Thread#sleep(long)}.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the notifier.
     *
     * @return the notifier
     * @throws NullPointerException if no URI was set
     */
    public WebhookNotifier build() {
      headers.keySet().forEach(this::refuseOwned); // the signature header may be set last
      return new WebhookNotifier(this);
    }

    private void refuseOwned(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (OWNED_HEADERS.contains(lower) || lower.equals(signatureHeader.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header " + name + " is set by the notifier or "
            + "the HTTP client and cannot be configured");
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
