package io.github.agentfeedback.webhooks;

import static io.github.agentfeedback.webhooks.WebhookNotifier.ID_HEADER;
import static io.github.agentfeedback.webhooks.WebhookNotifier.SIGNATURE_HEADER;
import static io.github.agentfeedback.webhooks.WebhookNotifier.TIMESTAMP_HEADER;

import io.github.agentfeedback.webhooks.WebhookVerificationException.Reason;
import io.github.agentfeedback.webhooks.internal.WebhookSigning;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks, for a receiver written in Java, that a webhook request comes from a
 * {@link WebhookNotifier} (or any other Standard Webhooks sender) that holds one of its
 * secrets, and that it is recent.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder()
 *     .secret(System.getenv("FEEDBACK_WEBHOOK_SECRET"))   // whsec_...
 *     .build();
 * // in the request handler, over the raw body bytes, before parsing them:
 * try {
 *   VerifiedWebhook webhook = verifier.verify(exchange.getRequestHeaders(), body);
 *   if (seenIds.add(webhook.id())) {
 *     process(body);                                      // once per delivery
 *   }
 *   respond(204);
 * } catch (WebhookVerificationException e) {
 *   respond(401);                                         // e.reason() says why
 * }
 * }</pre>
 *
 * <h2>What it checks</h2>
 * <ol>
 *   <li>The headers {@value WebhookNotifier#ID_HEADER},
 *       {@value WebhookNotifier#TIMESTAMP_HEADER} and
 *       {@value WebhookNotifier#SIGNATURE_HEADER} are each present exactly once
 *       ({@link Reason#MISSING_HEADER}, {@link Reason#MALFORMED_HEADER}); the id is 1 to 256
 *       visible ASCII characters without a full stop, the timestamp is integer Unix seconds
 *       (digits only), and the signature header is a space-separated list of
 *       {@code <version>,<signature>} entries ({@link Reason#MALFORMED_HEADER}).
 *   <li>The timestamp is within the tolerance of the clock's time, in either direction
 *       ({@link Reason#TIMESTAMP_TOO_OLD}, {@link Reason#TIMESTAMP_TOO_NEW}). This bounds
 *       how long a captured request can be replayed; within that window, de-duplicate on the
 *       id that {@link #verify} returns.
 *   <li>At least one {@code v1} entry of the list equals the HMAC-SHA256 of
 *       {@code <id>.<timestamp>.<body>} under at least one configured secret, compared in
 *       constant time ({@link Reason#NO_MATCHING_SIGNATURE}). Entries of other versions
 *       (such as the asymmetric {@code v1a}) are skipped.
 * </ol>
 * The first check that fails throws {@link WebhookVerificationException}; nothing is
 * logged.
 *
 * <h2>Rotating a secret</h2>
 * Configure both the new and the old secret here: requests signed with either are
 * accepted. Then move the sender to the new secret (a {@link WebhookNotifier} can sign with
 * both during the change), and finally drop the old secret from both sides.
 *
 * <p>Immutable and thread-safe: share one verifier between all request threads.
 *
 * @since 0.1.0
 */
public final class WebhookVerifier {

  /** The default tolerance: 5 minutes either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  /** The longest tolerance a builder accepts: one day. */
  public static final Duration MAX_TOLERANCE = Duration.ofDays(1);

  /** The most digits a timestamp may have: enough for any time a {@code long} can hold. */
  private static final int MAX_TIMESTAMP_DIGITS = 18;

  private final List<byte[]> keys;
  private final Duration tolerance;
  private final Clock clock;

  private WebhookVerifier(Builder b) {
    if (b.keys.isEmpty()) {
      throw new IllegalStateException("at least one secret must be set");
    }
    this.keys = List.copyOf(b.keys);
    this.tolerance = b.tolerance;
    this.clock = b.clock;
  }

  /**
   * A builder; at least one secret is required.
   *
   * @return a new builder with the default tolerance and the UTC system clock
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a request given its headers, as servers expose them: JDK
   * {@code HttpServer}'s {@code Headers}, {@code java.net.http.HttpHeaders.map()}, Spring's
   * {@code HttpHeaders}. Names are matched ignoring case.
   *
   * @param headers the request's headers, names to values
   * @param body the raw body bytes, exactly as received
   * @return the verified id and timestamp
   * @throws WebhookVerificationException if the request does not pass, saying why
   * @throws NullPointerException if {@code headers} or {@code body} is null
   */
  public VerifiedWebhook verify(Map<String, ? extends List<String>> headers, byte[] body) {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    return verify(
        single(headers, ID_HEADER),
        single(headers, TIMESTAMP_HEADER),
        single(headers, SIGNATURE_HEADER),
        body);
  }

  /**
   * Verifies a request given the values of its three headers, for servers that expose
   * headers one at a time (such as a servlet's {@code getHeader}).
   *
   * @param id the value of {@value WebhookNotifier#ID_HEADER}, or null if absent
   * @param timestamp the value of {@value WebhookNotifier#TIMESTAMP_HEADER}, or null if
   *     absent
   * @param signature the value of {@value WebhookNotifier#SIGNATURE_HEADER}, or null if
   *     absent
   * @param body the raw body bytes, exactly as received
   * @return the verified id and timestamp
   * @throws WebhookVerificationException if the request does not pass, saying why
   * @throws NullPointerException if {@code body} is null
   */
  public VerifiedWebhook verify(
      @Nullable String id, @Nullable String timestamp, @Nullable String signature, byte[] body) {
    Objects.requireNonNull(body, "body");
    return verifyPresent(
        present(id, ID_HEADER),
        present(timestamp, TIMESTAMP_HEADER),
        present(signature, SIGNATURE_HEADER),
        body);
  }

  private VerifiedWebhook verifyPresent(
      String id, String timestamp, String signature, byte[] body) {
    if (!WebhookSigning.isValidId(id)) {
      throw malformed(
          ID_HEADER,
          "must be 1 to "
              + WebhookSigning.MAX_ID_LENGTH
              + " visible ASCII characters without a full stop");
    }
    String t = timestamp.strip();
    long seconds = seconds(t);
    List<String> entries = entries(signature);
    long now = clock.instant().getEpochSecond();
    long slack = tolerance.toSeconds();
    if (seconds < now - slack) {
      throw new WebhookVerificationException(
          Reason.TIMESTAMP_TOO_OLD,
          TIMESTAMP_HEADER,
          TIMESTAMP_HEADER
              + " is "
              + (now - seconds)
              + " s old, more than the tolerance of "
              + slack
              + " s");
    }
    if (seconds > now + slack) {
      throw new WebhookVerificationException(
          Reason.TIMESTAMP_TOO_NEW,
          TIMESTAMP_HEADER,
          TIMESTAMP_HEADER
              + " is "
              + (seconds - now)
              + " s ahead, more than the tolerance of "
              + slack
              + " s");
    }
    for (byte[] key : keys) {
      byte[] expected = WebhookSigning.sign(key, id, t, body).getBytes(StandardCharsets.US_ASCII);
      for (String entry : entries) {
        if (MessageDigest.isEqual(expected, entry.getBytes(StandardCharsets.US_ASCII))) {
          return new VerifiedWebhook(id, Instant.ofEpochSecond(seconds));
        }
      }
    }
    throw new WebhookVerificationException(
        Reason.NO_MATCHING_SIGNATURE,
        SIGNATURE_HEADER,
        SIGNATURE_HEADER
            + " holds no "
            + WebhookSigning.VERSION
            + " signature that matches "
            + "the body, id and timestamp under any of the "
            + keys.size()
            + (keys.size() == 1 ? " configured secret" : " configured secrets"));
  }

  @Override
  public String toString() {
    return "WebhookVerifier["
        + keys.size()
        + (keys.size() == 1 ? " secret" : " secrets")
        + ", tolerance "
        + tolerance
        + "]";
  }

  private static @Nullable String single(Map<String, ? extends List<String>> headers, String name) {
    List<String> values = new ArrayList<>(1);
    headers.forEach(
        (key, list) -> {
          if (key != null && list != null && key.equalsIgnoreCase(name)) {
            values.addAll(list);
          }
        });
    if (values.size() > 1) {
      throw malformed(name, "is given " + values.size() + " times, once expected");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static String present(@Nullable String value, String name) {
    if (value == null) {
      throw new WebhookVerificationException(
          Reason.MISSING_HEADER, name, "header " + name + " is missing");
    }
    return value;
  }

  private static long seconds(String t) {
    boolean digits = !t.isEmpty() && t.length() <= MAX_TIMESTAMP_DIGITS;
    for (int i = 0; digits && i < t.length(); i++) {
      digits = t.charAt(i) >= '0' && t.charAt(i) <= '9';
    }
    if (!digits) {
      throw malformed(
          TIMESTAMP_HEADER,
          "must be integer Unix seconds (1 to " + MAX_TIMESTAMP_DIGITS + " digits)");
    }
    return Long.parseLong(t);
  }

  private static List<String> entries(String signature) {
    List<String> entries = new ArrayList<>();
    for (String entry : signature.strip().split(" +", -1)) {
      int comma = entry.indexOf(',');
      if (comma < 1 || comma == entry.length() - 1) {
        throw malformed(
            SIGNATURE_HEADER, "must be a space-separated list of <version>,<signature> entries");
      }
      entries.add(entry);
    }
    return entries;
  }

  private static WebhookVerificationException malformed(String header, String what) {
    return new WebhookVerificationException(
        Reason.MALFORMED_HEADER, header, "header " + header + " " + what);
  }

  /**
   * Configures a {@link WebhookVerifier}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<byte[]> keys = new ArrayList<>();
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds a secret, written as the sender shows it: {@code whsec_<base64 key>}. Add
     * several while a secret is rotated; a request passes when it is signed with any of
     * them.
     *
     * @param secret the secret; its key 24 to 64 bytes long
     * @return this builder
     * @throws IllegalArgumentException if the secret is not of that form
     */
    public Builder secret(String secret) {
      keys.add(WebhookSigning.decodeSecret(secret, "secret"));
      return this;
    }

    /**
     * Adds a secret given as its raw key bytes. Add several while a secret is rotated.
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
     * How far the timestamp may be from the clock's time, either way. Defaults to
     * {@link #DEFAULT_TOLERANCE} (5 minutes); keep it short, since it is the window in which
     * a captured request can be replayed.
     *
     * @param tolerance from 1 second to {@link #MAX_TOLERANCE} (1 day); compared in whole
     *     seconds
     * @return this builder
     * @throws IllegalArgumentException if the tolerance is outside that range
     */
    public Builder tolerance(Duration tolerance) {
      Objects.requireNonNull(tolerance, "tolerance");
      if (tolerance.compareTo(Duration.ofSeconds(1)) < 0
          || tolerance.compareTo(MAX_TOLERANCE) > 0) {
        throw new IllegalArgumentException(
            "tolerance must be within 1 second..1 day, was " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /**
     * The clock the timestamp is compared with. Defaults to the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws IllegalStateException if no secret was added
     */
    public WebhookVerifier build() {
      return new WebhookVerifier(this);
    }
  }
}
