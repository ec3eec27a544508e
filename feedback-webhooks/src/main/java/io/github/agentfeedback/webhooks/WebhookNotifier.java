package io.github.agentfeedback.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.hooks.notify.FeedbackResolved;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.webhooks.internal.DiscardedBody;
import io.github.agentfeedback.webhooks.internal.WebhookSigning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each notification to an HTTP endpoint, as JSON or as a Slack message, signed as
 * the <a href="https://www.standardwebhooks.com">Standard Webhooks</a> convention says and
 * retried.
 *
 * <pre>{@code
 * WebhookNotifier webhook = WebhookNotifier.builder()
 *     .uri("https://support.example.com/hooks/feedback")
 *     .secret(System.getenv("FEEDBACK_WEBHOOK_SECRET"))   // whsec_<base64 key>
 *     .build();
 * }</pre>
 *
 * <h2>The request</h2>
 * A {@code POST} with {@code Content-Type: application/json}. With {@link Format#JSON}
 * (the default) the body is an object with these fields, in this order:
 * <pre>{@code
 * {"type":"feedback", "session_id":"s-1", "feedback_id":"f-9",
 *  "rating":"down",                      // "up", "down", or null for neutral; left
 *                                        // out for feedback without a rating
 *  "score":{"value":9.0,"scale":"nps"},  // only for feedback with a score
 *  "comment":"Couldn't find my order",   // left out with includeComment(false)
 *  "created_at":"2026-01-02T03:04:05.678Z", "user_id":"u-1", "message_id":null,
 *  "count":3, "reason":"rating_down", "message":"3rd negative feedback in session s-1",
 *  "notified_at":"2026-01-02T03:04:05.900Z"}
 * }</pre>
 * The feedback fields ({@code feedback_id} to {@code message_id}) are there when the
 * notification carries a feedback. A notification about an escalation (from the {@code
 * EscalationRouter}) carries it as an object, and a loop-closing one (from the {@code
 * LoopCloser}) its event:
 * <pre>{@code
 * {"type":"escalation", "session_id":"s-1",
 *  "escalation":{"id":"e-1", "type":"session_negatives", "severity":"high",
 *    "rule":"three_downs", "subject":"session:s-1", "status":"open", "count":2,
 *    "figures":{"down":3.0}, "session_ids":["s-1"],
 *    "feedback":[{"session_id":"s-1", "feedback_id":"f-7"}, ...],
 *    "groups":[], "raised_at":"...", "last_raised_at":"..."},
 *  "count":2, "reason":"three_downs", "message":"...", "notified_at":"..."}
 * {"type":"resolved", "session_id":"s-1",
 *  "resolved":{"event_id":"3:e-1:3:s-1:f-9", "escalation_id":"e-1", "feedback_id":"f-9",
 *    "session_id":"s-1", "user_id":"u-1", "note":"tool fixed", "by":"ann", "at":"..."},
 *  "count":0, "reason":"resolved", "message":"...", "notified_at":"..."}
 * }</pre>
 * An escalation's {@code feedback} names each linked feedback by session and id (feedback ids
 * are unique within a session only); a resolved event's {@code event_id} is unique per
 * escalation, session and feedback ({@code FeedbackResolved.id()}). Times are ISO-8601
 * instants in UTC; absent optional values are {@code null}. With
 * {@link Format#SLACK} the body is a Slack incoming-webhook message, {@code {"text":"..."}},
 * holding the message, the feedback id and the comment as a quote (at most 1,000 chars,
 * with {@code & < >} escaped as Slack requires); for an escalation, its severity, type,
 * rule, subject, count and id; for a loop-closing event, its escalation, feedback and user.
 *
 * <h2>The headers</h2>
 * <ul>
 *   <li>{@value #ID_HEADER}: the delivery's id, such as
 *       {@code msg_Zq3X6mJ0cT1bV9fQ2kL8wA}. Each call to {@link #deliver} — one
 *       notification for this endpoint — gets a new id, from the
 *       {@linkplain Builder#idGenerator id generator} (by default {@code msg_} and 128 bits
 *       from {@link SecureRandom}, base64url); every retry of that delivery carries the
 *       <em>same</em> id, so a receiver that remembers the ids it processed handles each
 *       notification once.
 *   <li>{@value #TIMESTAMP_HEADER}: when this attempt was sent, as integer Unix seconds
 *       from the {@linkplain Builder#clock clock}; a retry carries its own, later time.
 *   <li>{@value #SIGNATURE_HEADER}, when at least one secret is set: one signature per
 *       secret, separated by spaces, each {@code v1,<base64 of HMAC-SHA256(key,
 *       "<id>.<timestamp>.<body>")>} over the exact body bytes. Without a secret the
 *       request is not signed (the id and timestamp are still sent).
 *   <li>{@code User-Agent: agent-feedback-webhook}, unless a {@link Builder#header header}
 *       replaces it, and the configured headers.
 * </ul>
 *
 * <h2>Verifying a request</h2>
 * Java receivers use {@link WebhookVerifier}. Any Standard Webhooks library verifies these
 * requests too, and so does this recipe: read the three headers (refuse the request if one
 * is missing); refuse it if the timestamp is more than a few minutes from your clock,
 * either way, so that a captured request cannot be replayed later; decode the key from
 * the secret (the base64 after {@code whsec_}); compute the HMAC-SHA256 of
 * {@code <webhook-id>.<webhook-timestamp>.<raw body>} and compare {@code v1,<its base64>}
 * with each entry of the signature list in constant time; accept when one matches. Do it
 * on the raw body bytes, before parsing them. Then skip a request whose id was already
 * processed.
 *
 * <h2>Rotating a secret</h2>
 * Secrets follow the convention: {@code whsec_} and the base64 of a random key of 24 to 64
 * bytes ({@link Builder#secret(String)}), or the raw key ({@link Builder#secret(byte[])}).
 * To replace one without losing a request: (1) add the new secret next to the old one
 * here — each request then carries both signatures, and receivers that know either accept
 * it; (2) move the receivers to the new secret ({@link WebhookVerifier} can hold both);
 * (3) remove the old secret here.
 *
 * <h2>Retries</h2>
 * An attempt succeeds on any 2xx status. It is retried, up to
 * {@link Builder#maxAttempts(int) maxAttempts} in all (3 by default), after a 5xx status,
 * 408 (request timeout), 429 (too many requests), a timeout or another I/O error. Any
 * other status (3xx, 4xx) fails at once: the request would fail the same way again. The
 * wait before retry <i>n</i> is {@code initialBackoff × 2^(n-1)} (200 ms, 400 ms, ...),
 * capped at {@code maxBackoff}; a {@code Retry-After} header in seconds lengthens it, within
 * the same cap. The wait goes through the {@link Sleeper}, and each attempt is signed
 * again with a new timestamp. When every attempt failed, {@link #deliver} throws
 * {@link WebhookException}. A delivery may arrive twice when a response was lost:
 * receivers de-duplicate on {@value #ID_HEADER}.
 *
 * <p>Logs name the receiver by scheme, host and port only, because webhook URLs such as
 * Slack's carry a secret token in their path; neither the comment nor a secret is ever
 * logged.
 *
 * <p>Immutable and thread-safe, if the {@link HttpClient}, {@link Sleeper}, {@link Clock}
 * and id generator given are.
 *
 * @since 0.1.0
 */
public final class WebhookNotifier implements Notifier {

  /** The header that carries the delivery's id, the same on each retry. */
  public static final String ID_HEADER = "webhook-id";

  /** The header that carries the attempt's time, in integer Unix seconds. */
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";

  /** The header that carries the signatures, one per secret, separated by spaces. */
  public static final String SIGNATURE_HEADER = "webhook-signature";

  /** The longest timeout or backoff a builder accepts: one hour. */
  public static final Duration MAX_DURATION = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SLACK_COMMENT_LIMIT = 1_000;
  private static final String USER_AGENT = "User-Agent";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Headers that cannot be configured, in lower case: those the HTTP client sets itself and
   * those the notifier sets.
   */
  private static final Set<String> OWNED_HEADERS =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "content-type",
          ID_HEADER,
          TIMESTAMP_HEADER,
          SIGNATURE_HEADER);

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
  private final List<byte[]> keys;
  private final Clock clock;
  private final Supplier<String> idGenerator;
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
    if (b.uri == null) {
      throw new IllegalStateException("uri must be set");
    }
    this.uri = b.uri;
    this.target = target(uri);
    this.keys = List.copyOf(b.keys);
    this.clock = b.clock;
    this.idGenerator = b.idGenerator;
    this.format = b.format;
    this.includeComment = b.includeComment;
    this.client =
        b.client != null
            ? b.client
            : HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.sleeper = b.sleeper;
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(b.headers);
    this.headers = Collections.unmodifiableMap(copy);
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
   * Posts the notification under a new {@value #ID_HEADER}, retrying as described in the
   * class description.
   *
   * @param notification what to post
   * @throws WebhookException if the receiver refused it or every attempt failed
   * @throws InterruptedException if interrupted while sending or waiting to retry
   * @throws IllegalStateException if the id generator returned an invalid id
   * @throws NullPointerException if the notification is null
   */
  @Override
  public void deliver(Notification notification) throws InterruptedException {
    Objects.requireNonNull(notification, "notification");
    byte[] body = body(notification);
    String id = nextId();
    String about = notification.about() + " (" + ID_HEADER + " " + id + ")";
    int status = -1;
    IOException error = null;
    for (int attempt = 1; ; attempt++) {
      Duration retryAfter = Duration.ZERO;
      try {
        HttpResponse<Void> response = client.send(request(body, id), DiscardedBody.handler());
        status = response.statusCode();
        error = null;
        if (status >= 200 && status < 300) {
          log.debug(
              "Webhook {} accepted {} notification for {} (status {}, attempt {})",
              target,
              notification.type(),
              about,
              status,
              attempt);
          return;
        }
        if (!retryable(status)) {
          throw new WebhookException(
              "Webhook "
                  + target
                  + " answered "
                  + status
                  + " to the "
                  + notification.type()
                  + " notification for "
                  + about
                  + "; not retried",
              status,
              attempt,
              null);
        }
        retryAfter = retryAfter(response);
      } catch (IOException e) {
        status = -1;
        error = e;
      }
      String outcome = error != null ? error.toString() : "status " + status;
      if (attempt >= maxAttempts) {
        throw new WebhookException(
            "Webhook "
                + target
                + " failed "
                + attempt
                + (attempt == 1 ? " attempt" : " attempts")
                + " to deliver the "
                + notification.type()
                + " notification for "
                + about
                + "; last: "
                + outcome,
            status,
            attempt,
            error);
      }
      Duration delay = backoff(attempt, retryAfter);
      log.debug(
          "Webhook {} attempt {}/{} for {} failed ({}); retrying in {} ms",
          target,
          attempt,
          maxAttempts,
          about,
          outcome,
          delay.toMillis());
      sleeper.sleep(delay);
    }
  }

  @Override
  public String toString() {
    return "WebhookNotifier[" + target + ", " + format + "]";
  }

  /** The body bytes for a notification, exactly as posted and signed. */
  byte[] body(Notification n) {
    ObjectNode o = JSON.createObjectNode();
    if (format == Format.SLACK) {
      o.put("text", slackText(n));
    } else {
      o.put("type", n.type());
      o.put("session_id", n.sessionId());
      Feedback f = n.feedback();
      if (f != null) {
        feedbackFields(o, f);
      }
      Escalation e = n.escalation();
      if (e != null) {
        escalationFields(o.putObject("escalation"), e);
      }
      FeedbackResolved r = n.resolved();
      if (r != null) {
        resolvedFields(o.putObject("resolved"), r);
      }
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

  private void feedbackFields(ObjectNode o, Feedback f) {
    o.put("feedback_id", f.id());
    if (f.rating() != null) {
      o.put("rating", f.rating().wireValue());
    }
    if (f.score() != null) {
      o.putObject("score").put("value", f.score().value()).put("scale", f.score().scale().name());
    }
    if (includeComment) {
      o.put("comment", f.comment());
    }
    o.put("created_at", f.createdAt() == null ? null : f.createdAt().toString());
    o.put("user_id", f.userId());
    o.put("message_id", f.messageId());
  }

  private static void escalationFields(ObjectNode o, Escalation e) {
    o.put("id", e.id());
    o.put("type", e.type());
    o.put("severity", e.severity().name().toLowerCase(Locale.ROOT));
    o.put("rule", e.rule());
    o.put("subject", e.subject());
    o.put("status", e.status().name().toLowerCase(Locale.ROOT));
    o.put("count", e.count());
    ObjectNode figures = o.putObject("figures");
    new TreeMap<>(e.figures()).forEach(figures::put);
    e.sessionIds().forEach(o.putArray("session_ids")::add);
    ArrayNode feedback = o.putArray("feedback");
    e.feedback()
        .forEach(
            r ->
                feedback
                    .addObject()
                    .put("session_id", r.sessionId())
                    .put("feedback_id", r.feedbackId()));
    e.groups().forEach(o.putArray("groups")::add);
    o.put("raised_at", e.raisedAt().toString());
    o.put("last_raised_at", e.lastRaisedAt().toString());
  }

  private static void resolvedFields(ObjectNode o, FeedbackResolved r) {
    o.put("event_id", r.id());
    o.put("escalation_id", r.escalationId());
    o.put("feedback_id", r.feedbackId());
    o.put("session_id", r.sessionId());
    o.put("user_id", r.userId());
    o.put("note", r.note());
    o.put("by", r.by());
    o.put("at", r.at().toString());
  }

  private String slackText(Notification n) {
    Escalation e = n.escalation();
    FeedbackResolved r = n.resolved();
    Feedback f = n.feedback();
    if (r != null) {
      return ":white_check_mark: "
          + slackEscape(n.message())
          + " (escalation "
          + slackEscape(r.escalationId())
          + ", feedback "
          + slackEscape(r.feedbackId())
          + ", user "
          + slackEscape(r.userId())
          + ")";
    }
    if (e != null && f == null) {
      return ":rotating_light: *"
          + e.severity()
          + "* "
          + slackEscape(e.type())
          + ": "
          + slackEscape(n.message())
          + " (rule "
          + slackEscape(e.rule())
          + ", subject "
          + slackEscape(e.subject())
          + ", raised "
          + e.count()
          + (e.count() == 1 ? " time" : " times")
          + ", escalation "
          + slackEscape(String.valueOf(e.id()))
          + ")";
    }
    Feedback rated = Objects.requireNonNull(f, "a notification without escalation has feedback");
    String icon =
        Notification.TYPE_ESCALATION.equals(n.type())
            ? ":rotating_light:"
            : rated.rating() == Rating.UP
                ? ":thumbsup:"
                : rated.rating() == Rating.DOWN
                    ? ":thumbsdown:"
                    : rated.rating() == null ? ":bar_chart:" : ":speech_balloon:";
    StringBuilder text =
        new StringBuilder()
            .append(icon)
            .append(' ')
            .append(slackEscape(n.message()))
            .append(" (feedback ")
            .append(slackEscape(String.valueOf(rated.id())))
            .append(')');
    if (includeComment && !rated.comment().isBlank()) {
      String comment = slackEscape(truncate(rated.comment().strip(), SLACK_COMMENT_LIMIT));
      text.append("\n> ").append(comment.replace("\n", "\n> "));
    }
    return text.toString();
  }

  private static String slackEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * Cuts a text to at most {@code max} chars without splitting a surrogate pair, adding
   * an ellipsis when it was cut.
   *
   * @param max the maximum length in chars, at least 1
   */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  private String nextId() {
    String id = idGenerator.get();
    if (!WebhookSigning.isValidId(id)) {
      throw new IllegalStateException(
          "idGenerator returned an invalid "
              + ID_HEADER
              + ": it must be 1 to "
              + WebhookSigning.MAX_ID_LENGTH
              + " visible ASCII characters without a full stop");
    }
    return id;
  }

  private static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** One attempt's request: the same body and id, a fresh timestamp and signatures. */
  private HttpRequest request(byte[] body, String id) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header(ID_HEADER, id)
            .header(TIMESTAMP_HEADER, timestamp);
    if (!keys.isEmpty()) {
      StringJoiner signatures = new StringJoiner(" ");
      for (byte[] key : keys) {
        signatures.add(WebhookSigning.sign(key, id, timestamp, body));
      }
      b.header(SIGNATURE_HEADER, signatures.toString());
    }
    if (!headers.containsKey(USER_AGENT)) {
      b.header(USER_AGENT, "agent-feedback-webhook");
    }
    headers.forEach(b::header);
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

  private static String target(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /**
   * Configures a {@link WebhookNotifier}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable URI uri;
    private final List<byte[]> keys = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Supplier<String> idGenerator = WebhookNotifier::randomId;
    private Format format = Format.JSON;
    private boolean includeComment = true;
    private @Nullable HttpClient client;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private Builder() {}

    /**
     * Where to post. Required.
     *
     * @param uri an absolute {@code http} or {@code https} URI with a host, without user
     *     info ({@code user:password@}), which the HTTP client would not send: give
     *     credentials with {@link #header(String, String) header("Authorization", ...)}
     * @return this builder
     * @throws IllegalArgumentException if the URI is not one; the message names only the
     *     URI's scheme, host and port
     */
    public Builder uri(URI uri) {
      Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "uri must be an absolute http or https URI with a host, was " + target(uri));
      }
      if (uri.getRawUserInfo() != null) {
        // The JDK client ignores user info: no request would carry these credentials.
        throw new IllegalArgumentException(
            "uri must not hold credentials (user:password@), which the HTTP client does not "
                + "send; set header(\"Authorization\", ...) instead; was "
                + target(uri));
      }
      this.uri = uri;
      return this;
    }

    /**
     * Where to post. Required.
     *
     * @param uri an absolute {@code http} or {@code https} URI with a host, without user
     *     info ({@code user:password@})
     * @return this builder
     * @throws IllegalArgumentException if the text is not such a URI; the message does not
     *     repeat it, since its path may hold a token
     */
    public Builder uri(String uri) {
      Objects.requireNonNull(uri, "uri");
      URI parsed;
      try {
        parsed = new URI(uri);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "uri is not a valid URI: " + e.getReason() + " at index " + e.getIndex());
      }
      return uri(parsed);
    }

    /**
     * Adds a secret to sign with, written as the convention writes it:
     * {@code whsec_<base64 key>}. Unset by default: requests are not signed. Add several
     * while rotating: each request then carries one signature per secret, in the order
     * added.
     *
     * @param secret the secret; its key 24 to 64 bytes long
     * @return this builder
     * @throws IllegalArgumentException if the secret is not of that form; the message never
     *     repeats it
     */
    public Builder secret(String secret) {
      keys.add(WebhookSigning.decodeSecret(secret, "secret"));
      return this;
    }

    /**
     * Adds a secret to sign with, given as its raw key bytes. Add several while rotating.
     *
     * @param key the key, 24 to 64 bytes; copied
     * @return this builder
     * @throws IllegalArgumentException if the key is shorter or longer
     */
    public Builder secret(byte[] key) {
      keys.add(WebhookSigning.checkKey(key, "secret"));
      return this;
    }

    /**
     * The clock that stamps {@value #TIMESTAMP_HEADER} on each attempt. Defaults to the UTC
     * system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Makes the {@value #ID_HEADER} of each delivery. Defaults to {@code msg_} followed by
     * 128 random bits from {@link SecureRandom}, base64url-encoded. It is called once per
     * {@link #deliver} (never per retry), from the dispatcher's worker threads.
     *
     * @param idGenerator a thread-safe supplier of unique ids, each 1 to 256 visible ASCII
     *     characters without a full stop; a delivery whose id is not one fails with
     *     {@link IllegalStateException}
     * @return this builder
     */
    public Builder idGenerator(Supplier<String> idGenerator) {
      this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator");
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
     * Adds a header to every request, such as {@code Authorization}. Setting a header again,
     * in any case, replaces it; {@code User-Agent} replaces the notifier's own.
     *
     * @param name the header name; not one the HTTP client sets itself ({@code Host},
     *     {@code Connection}, {@code Content-Length}, {@code Expect}, {@code Upgrade}) nor
     *     one the notifier sets ({@code Content-Type}, {@value #ID_HEADER},
     *     {@value #TIMESTAMP_HEADER}, {@value #SIGNATURE_HEADER}), in any case
     * @param value the header value
     * @return this builder
     * @throws IllegalArgumentException if the name is one of those, or the name or value is
     *     not valid in HTTP (the message never repeats the value)
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (OWNED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "header "
                + name
                + " is set by the notifier or "
                + "the HTTP client and cannot be configured");
      }
      try {
        // Let the JDK reject malformed names and values now rather than on every delivery.
        HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "header "
                + name
                + " has an invalid name or value "
                + "(such as a line break or another control character)");
      }
      headers.put(name, value);
      return this;
    }

    /**
     * The HTTP client to use. By default the notifier builds its own (HTTP/1.1, no
     * redirects, with the connect timeout); a client given here is used as it is, and
     * {@link #connectTimeout} is ignored. It must not follow redirects: the JDK client that
     * follows one sends the body, the signature and every configured header, {@code
     * Authorization} included, to whichever host the receiver names; a redirect is answered
     * like any other 3xx status, as a failure that is not retried.
     *
     * @param client the client, built with {@link HttpClient.Redirect#NEVER} (the JDK's
     *     default)
     * @return this builder
     * @throws IllegalArgumentException if the client follows redirects
     */
    public Builder httpClient(HttpClient client) {
      Objects.requireNonNull(client, "client");
      if (client.followRedirects() != HttpClient.Redirect.NEVER) {
        throw new IllegalArgumentException(
            "httpClient must not follow redirects (it would send the signed request and its "
                + "headers to another host); build it with Redirect.NEVER, was Redirect."
                + client.followRedirects());
      }
      this.client = client;
      return this;
    }

    /**
     * How long to wait for a connection. Defaults to 5 seconds.
     *
     * @param timeout positive, at most {@link #MAX_DURATION} (1 hour)
     * @return this builder
     * @throws IllegalArgumentException if the timeout is outside that range
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = bounded(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long one attempt may take until the response status arrives. Defaults to 10
     * seconds; a timeout is retried. The response body is not waited for: the attempt ends
     * with the status, and the body is drained and thrown away in the background (cut off
     * after 64 KiB), so a receiver that never ends its body cannot hold the delivery.
     *
     * @param timeout positive, at most {@link #MAX_DURATION} (1 hour)
     * @return this builder
     * @throws IllegalArgumentException if the timeout is outside that range
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = bounded(timeout, "requestTimeout");
      return this;
    }

    /**
     * How many requests to send at most, the first included. Defaults to 3.
     *
     * @param attempts from 1 to 20
     * @return this builder
     * @throws IllegalArgumentException if the number is outside that range
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
     * @param backoff positive, at most {@link #MAX_DURATION} (1 hour)
     * @return this builder
     * @throws IllegalArgumentException if the backoff is outside that range
     */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = bounded(backoff, "initialBackoff");
      return this;
    }

    /**
     * The longest wait between attempts, whatever the doubling or a {@code Retry-After}
     * header asks. Defaults to 10 seconds.
     *
     * @param backoff positive, at most {@link #MAX_DURATION} (1 hour)
     * @return this builder
     * @throws IllegalArgumentException if the backoff is outside that range
     */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = bounded(backoff, "maxBackoff");
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
     * @throws IllegalStateException if no URI was set
     */
    public WebhookNotifier build() {
      return new WebhookNotifier(this);
    }

    private static Duration bounded(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            name + " must be positive and at most " + MAX_DURATION + ", was " + d);
      }
      return d;
    }
  }
}
