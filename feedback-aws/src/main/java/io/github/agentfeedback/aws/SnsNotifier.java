package io.github.agentfeedback.aws;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.notify.FeedbackResolved;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.Notifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * Publishes feedback notifications to Amazon SNS, one topic per rating — the routing of
 * the Python mongodb-session-manager's {@code FeedbackSNSHook}.
 *
 * <pre>{@code
 * SnsNotifier sns = SnsNotifier.builder()
 *     .client(SnsClient.create())                       // yours: never closed here
 *     .topicArns("arn:aws:sns:eu-west-1:123456789012:feedback-good",
 *                "arn:aws:sns:eu-west-1:123456789012:feedback-bad",
 *                "none")                                // neutral feedback: not published
 *     .comment(true)                                    // the user's text goes out
 *     .subjectPrefix(Rating.DOWN, "[PROD] URGENT: ")
 *     .bodyPrefix(Rating.DOWN, "NEGATIVE FEEDBACK ALERT\nSession: {session_id}\n"
 *         + "Timestamp: {timestamp}\n---\n")
 *     .build();
 * NotificationHook hook = sns.newHook();                // asynchronous, all enabled ratings
 * FeedbackManager manager = FeedbackManager.builder().store(store).hooks(hook).build();
 * }</pre>
 *
 * <h2>What is published</h2>
 * <ul>
 *   <li><b>Topic</b>: the ARN configured for the feedback's rating — up, down or neutral.
 *       An ARN of {@code "none"} (any case), or none configured, disables that rating:
 *       nothing is published for it.
 *   <li><b>Subject</b>: {@code <subject prefix>Virtual Agents Feedback <rating> on session
 *       <session id>}, where {@code <rating>} is {@code positive}, {@code negative} or
 *       {@code neutral}. SNS requires a subject of printable ASCII under 100 characters:
 *       control characters and line breaks become spaces, other characters beyond ASCII (in
 *       a session id, say) become {@code ?}, spaces at either end are removed, and a longer
 *       subject is cut to 99 characters. The message and the attributes keep every
 *       character.
 *   <li><b>Message</b>: {@code <body prefix>Session: <session id>}, then, only when
 *       {@linkplain Builder#comment(boolean) asked}, {@code \n\n<comment>}; cut to at
 *       most 250,000 UTF-8 bytes (SNS accepts 256 KiB, attributes included).
 *   <li><b>Message attributes</b> (for subscription filter policies): {@code session_id}
 *       and {@code rating} ({@code positive}, {@code negative} or {@code neutral}), both of
 *       data type {@code String}.
 * </ul>
 * Prefixes are templates: {@code {session_id}}, {@code {rating}} (the word above) and
 * {@code {timestamp}} (the notification's time, ISO-8601 in UTC) are replaced; other text,
 * including other braces, is kept as it is. Unlike the Python hook, the message carries no
 * session viewer password.
 *
 * <p>Escalations (a notification that carries one, from the {@code EscalationRouter}) go to
 * the {@linkplain Builder#escalationTopicArn escalation topic} with all their fields, and
 * loop-closing events to the {@linkplain Builder#resolvedTopicArn resolved topic}; without
 * such a topic {@link #deliver} throws an {@link IllegalStateException} for them, so that the
 * router or the loop closer counts them failed (and the loop closer keeps them pending)
 * rather than sent.
 *
 * <h2>Retries and duplicates</h2>
 * The SDK client retries a publish that failed or timed out (as its retry strategy says); a
 * retry of a publish SNS had in fact taken publishes it twice. To a standard topic this cannot
 * be avoided: subscribers must tolerate a duplicate (the {@code session_id} attribute and
 * the message say which feedback it is). To a FIFO topic (an ARN ending in {@code .fifo})
 * each publish carries a {@code MessageGroupId} (the session id, or its SHA-256 when it is
 * not 1 to 128 visible ASCII characters; for an escalation without a session, its subject)
 * and a {@code MessageDeduplicationId} (a SHA-256 of the notification's identity: session,
 * feedback id and replacement time; escalation id, status, count and last raise; event id),
 * so SNS publishes every attempt at one notification once, within its five-minute
 * deduplication window. Timeouts are the client's: set them on the {@link SnsClient} you
 * give (its {@code overrideConfiguration} and HTTP client).
 *
 * <p>Publishing is synchronous inside {@link #deliver}; use the notifier through a
 * {@link NotificationHook} ({@link #newHook()} or {@link #hookBuilder()}) so that it runs
 * on the hook's worker threads and the caller never waits for SNS. Failures (after the
 * SDK's own retries) are thrown as the SDK's exceptions, which the hook counts and logs.
 * Comments are never logged. Credentials are the client's; the notifier never sees them.
 *
 * <p>Immutable and thread-safe ({@link SnsClient} is thread-safe).
 *
 * @since 0.1.0
 */
public final class SnsNotifier implements Notifier {

  /** The topic ARN value that disables publishing for a rating. */
  public static final String DISABLED = "none";

  /** The longest subject SNS accepts, in characters. */
  static final int MAX_SUBJECT_LENGTH = 99;

  /** The longest message published, in UTF-8 bytes. */
  static final int MAX_MESSAGE_BYTES = 250_000;

  /** How the name of a FIFO topic ends. */
  static final String FIFO_SUFFIX = ".fifo";

  /** A message group id SNS accepts: 1 to 128 visible ASCII characters. */
  private static final Pattern FIFO_ID = Pattern.compile("[!-~]{1,128}");

  private static final Logger log = LoggerFactory.getLogger(SnsNotifier.class);

  private final SnsClient client;
  private final Map<Rating, String> topics;
  private final Map<Rating, String> subjectPrefixes;
  private final Map<Rating, String> bodyPrefixes;
  private final @Nullable String escalationTopic;
  private final @Nullable String resolvedTopic;
  private final boolean comment;

  private SnsNotifier(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client must be set");
    this.topics = Map.copyOf(b.topics);
    this.subjectPrefixes = Map.copyOf(b.subjectPrefixes);
    this.bodyPrefixes = Map.copyOf(b.bodyPrefixes);
    this.escalationTopic = b.escalationTopic;
    this.resolvedTopic = b.resolvedTopic;
    this.comment = b.comment;
  }

  /**
   * A builder; the client is required, and every rating is disabled until given a topic.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The topic that feedback with this rating is published to.
   *
   * @param rating the rating
   * @return the topic ARN, or empty when the rating is disabled
   */
  public Optional<String> topicArn(Rating rating) {
    return Optional.ofNullable(topics.get(Objects.requireNonNull(rating, "rating")));
  }

  /**
   * A hook builder that notifies this notifier about every feedback whose rating has a
   * topic (feedback without a rating has none), ready for queue and thread settings.
   *
   * @return a new hook builder with this notifier and a matching predicate
   */
  public NotificationHook.Builder hookBuilder() {
    return NotificationHook.builder()
        .when(f -> f.rating() != null && topics.containsKey(f.rating()), "feedback")
        .notifier(this);
  }

  /**
   * A hook that publishes every feedback whose rating has a topic, asynchronously, with
   * the default queue (1,000) and one worker thread. Give it to the manager, which closes
   * it.
   *
   * @return the hook, with its worker thread started
   */
  public NotificationHook newHook() {
    return hookBuilder().build();
  }

  /**
   * Publishes the notification to its topic: an escalation's or a loop-closing event's, or
   * else its rating's; does nothing for a feedback whose rating is disabled.
   *
   * @param notification what to publish
   * @throws software.amazon.awssdk.core.exception.SdkException if SNS refused it or could
   *     not be reached
   * @throws NullPointerException if the notification is null
   * @throws IllegalStateException if it carries an escalation or a loop-closing event and no
   *     topic is set for those
   */
  @Override
  public void deliver(Notification notification) {
    Objects.requireNonNull(notification, "notification");
    FeedbackResolved resolved = notification.resolved();
    Escalation escalation = notification.escalation();
    Feedback f = notification.feedback();
    String topic =
        resolved != null
            ? resolvedTopic
            : escalation != null
                ? escalationTopic
                : f == null || f.rating() == null ? null : topics.get(f.rating());
    if (topic == null && (resolved != null || escalation != null)) {
      // Thrown, not skipped: a loop closer or a router would count a silent return as sent.
      String missing =
          resolved != null
              ? "resolved events (set resolvedTopicArn)"
              : "escalations (set escalationTopicArn)";
      throw new IllegalStateException(
          "SnsNotifier has no topic for " + missing + "; " + notification.about() + " not sent");
    }
    if (topic == null) { // a disabled rating or a score alone
      log.debug("No SNS topic for {}; not published", notification.about());
      return;
    }
    PublishRequest request =
        resolved != null
            ? resolvedRequest(notification, resolved, topic)
            : escalation != null
                ? escalationRequest(notification, escalation, topic)
                : request(notification, topic);
    if (topic.endsWith(FIFO_SUFFIX)) {
      request = fifo(request, notification);
    }
    PublishResponse response = client.publish(request);
    log.debug(
        "Published {} to SNS topic {} as message {}",
        notification.about(),
        topic,
        response.messageId());
  }

  /**
   * The request with the message group and deduplication ids a FIFO topic needs. The group is
   * the session (or the escalation's subject), so that one session's notifications keep their
   * order; the deduplication id is a SHA-256 of what identifies the notification, the same
   * for every attempt at it, so that SNS drops a retry of a publish it had already taken
   * (within its five-minute deduplication window).
   */
  static PublishRequest fifo(PublishRequest request, Notification n) {
    FeedbackResolved resolved = n.resolved();
    Escalation escalation = n.escalation();
    Feedback f = n.feedback();
    String group;
    String key;
    if (resolved != null) {
      group = resolved.sessionId();
      key = "resolved\u0000" + resolved.id();
    } else if (escalation != null) {
      group = n.sessionId() != null ? n.sessionId() : escalation.subject();
      key =
          "escalation\u0000"
              + escalation.id()
              + "\u0000"
              + escalation.type()
              + "\u0000"
              + escalation.subject()
              + "\u0000"
              + escalation.status()
              + "\u0000"
              + escalation.count()
              + "\u0000"
              + escalation.lastRaisedAt();
    } else {
      Feedback feedback = Objects.requireNonNull(f, "feedback");
      group = String.valueOf(n.sessionId());
      key = "feedback\u0000" + group + "\u0000" + feedback.id() + "\u0000" + feedback.updatedAt();
    }
    return request.toBuilder()
        .messageGroupId(FIFO_ID.matcher(group).matches() ? group : sha256(group))
        .messageDeduplicationId(sha256(key))
        .build();
  }

  /** The lowercase hex SHA-256 of the UTF-8 bytes of a string. */
  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** The Publish request for an escalation, exactly as sent. */
  PublishRequest escalationRequest(Notification n, Escalation e, String topic) {
    String severity = e.severity().name().toLowerCase(Locale.ROOT);
    String message =
        (n.message().isEmpty() ? "" : n.message() + "\n\n")
            + "Escalation: "
            + e.id()
            + "\nType: "
            + e.type()
            + "\nSeverity: "
            + severity
            + "\nRule: "
            + e.rule()
            + "\nSubject: "
            + e.subject()
            + "\nStatus: "
            + e.status().name().toLowerCase(Locale.ROOT)
            + "\nCount: "
            + e.count()
            + "\nFigures: "
            + new TreeMap<>(e.figures())
            + "\nSessions: "
            + String.join(", ", e.sessionIds())
            + "\nFeedback: "
            + e.feedback().stream()
                .map(r -> r.feedbackId() + " (session " + r.sessionId() + ")")
                .collect(Collectors.joining(", "))
            + "\nGroups: "
            + String.join(", ", e.groups())
            + "\nRaised: "
            + e.raisedAt()
            + "\nLast raised: "
            + e.lastRaisedAt();
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put("type", string(n.type()));
    attributes.put("escalation_id", string(String.valueOf(e.id())));
    attributes.put("escalation_type", string(e.type()));
    attributes.put("severity", string(severity));
    attributes.put("rule", string(e.rule()));
    return PublishRequest.builder()
        .topicArn(topic)
        .subject(subject("Escalation " + severity + " " + e.type() + " on " + e.subject()))
        .message(truncateUtf8(message, MAX_MESSAGE_BYTES))
        .messageAttributes(attributes)
        .build();
  }

  /** The Publish request for a loop-closing event, exactly as sent. */
  PublishRequest resolvedRequest(Notification n, FeedbackResolved r, String topic) {
    String message =
        "Event: "
            + r.id()
            + "\nEscalation: "
            + r.escalationId()
            + "\nFeedback: "
            + r.feedbackId()
            + "\nSession: "
            + r.sessionId()
            + "\nUser: "
            + r.userId()
            + "\nResolved by: "
            + r.by()
            + "\nResolved at: "
            + r.at()
            + "\n\n"
            + r.note();
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put("type", string(n.type()));
    attributes.put("event_id", string(r.id()));
    attributes.put("user_id", string(r.userId()));
    attributes.put("session_id", string(r.sessionId()));
    return PublishRequest.builder()
        .topicArn(topic)
        .subject(subject("Feedback resolved in escalation " + r.escalationId()))
        .message(truncateUtf8(message, MAX_MESSAGE_BYTES))
        .messageAttributes(attributes)
        .build();
  }

  @Override
  public String toString() {
    Map<Rating, String> ordered = new EnumMap<>(Rating.class);
    ordered.putAll(topics);
    return "SnsNotifier" + ordered;
  }

  /** The Publish request for a notification, exactly as sent. */
  PublishRequest request(Notification n, String topic) {
    Feedback f = Objects.requireNonNull(n.feedback(), "feedback");
    String sessionId = String.valueOf(n.sessionId());
    // only rated feedback is published (see the condition in build())
    String rating = adjective(Objects.requireNonNull(f.rating(), "rating"));
    Map<String, String> vars =
        Map.of(
            "session_id", sessionId,
            "rating", rating,
            "timestamp", n.time().toString());
    String subject =
        apply(subjectPrefixes.get(f.rating()), vars)
            + "Virtual Agents Feedback "
            + rating
            + " on session "
            + sessionId;
    String message =
        apply(bodyPrefixes.get(f.rating()), vars)
            + "Session: "
            + sessionId
            + (comment ? "\n\n" + f.comment() : "");
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put("session_id", string(sessionId));
    attributes.put("rating", string(rating));
    return PublishRequest.builder()
        .topicArn(topic)
        .subject(subject(subject))
        .message(truncateUtf8(message, MAX_MESSAGE_BYTES))
        .messageAttributes(attributes)
        .build();
  }

  /**
   * The word for a rating in the subject, the message and the {@code rating} attribute, as
   * the Python session manager's SNS hook writes it: {@code "positive"}, {@code "negative"}
   * or {@code "neutral"} (these are words of the SNS wire format, not figure names).
   */
  static String adjective(Rating rating) {
    return switch (rating) {
      case UP -> "positive";
      case DOWN -> "negative";
      default -> "neutral";
    };
  }

  /** Replaces {@code {name}} placeholders; text without a known name is kept. */
  static String apply(@Nullable String template, Map<String, String> vars) {
    if (template == null || template.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(template.length() + 32);
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int close = template.indexOf('}', i + 1);
        if (close > 0) {
          String value = vars.get(template.substring(i + 1, close));
          if (value != null) {
            out.append(value);
            i = close + 1;
            continue;
          }
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /**
   * A subject SNS accepts: printable ASCII that starts with a letter, digit or punctuation
   * mark, at most 99 characters. Control characters and line or paragraph separators become
   * spaces, any other character beyond ASCII a {@code ?}; spaces at either end are removed.
   */
  static String subject(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_SUBJECT_LENGTH));
    for (int i = 0; i < s.length() && out.length() < MAX_SUBJECT_LENGTH; ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= ' ' && cp <= '~') {
        out.append((char) cp);
      } else if (Character.isISOControl(cp)
          || Character.getType(cp) == Character.LINE_SEPARATOR
          || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
        out.append(out.length() == 0 ? "" : " ");
      } else {
        out.append('?');
      }
      if (out.length() == 1 && out.charAt(0) == ' ') {
        out.setLength(0);
      }
    }
    return out.toString().stripTrailing();
  }

  /** Cuts a string to at most {@code maxBytes} UTF-8 bytes without splitting a character. */
  static String truncateUtf8(String s, int maxBytes) {
    if (s.length() * 3L <= maxBytes || s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return s;
    }
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /**
   * Configures an {@link SnsNotifier}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable SnsClient client;
    private final Map<Rating, String> topics = new EnumMap<>(Rating.class);
    private final Map<Rating, String> subjectPrefixes = new EnumMap<>(Rating.class);
    private final Map<Rating, String> bodyPrefixes = new EnumMap<>(Rating.class);
    private @Nullable String escalationTopic;
    private @Nullable String resolvedTopic;
    private boolean comment;

    private Builder() {}

    /**
     * Whether a feedback's comment is published, after the session line. Off by default: a
     * comment is the user's own text, may hold personal data, and reaches every subscriber of
     * the topic (redact it with a hook first where it must). The Python hook publishes it.
     *
     * @param include true to publish the comment
     * @return this builder
     */
    public Builder comment(boolean include) {
      this.comment = include;
      return this;
    }

    /**
     * The SNS client. Required. It stays the caller's: the notifier never closes it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(SnsClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The topics for positive, negative and neutral feedback, in the order of the Python
     * hook's {@code topic_arn_good}, {@code topic_arn_bad} and {@code topic_arn_neutral}.
     *
     * @param up the topic for {@link Rating#UP}, or {@code "none"} or {@code null}
     * @param down the topic for {@link Rating#DOWN}, or {@code "none"} or {@code null}
     * @param neutral the topic for {@link Rating#NEUTRAL}, or {@code "none"} or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if a value is neither an ARN nor "none"
     * @see #topicArn(Rating, String)
     */
    public Builder topicArns(@Nullable String up, @Nullable String down, @Nullable String neutral) {
      return topicArn(Rating.UP, up).topicArn(Rating.DOWN, down).topicArn(Rating.NEUTRAL, neutral);
    }

    /**
     * The topic for one rating.
     *
     * @param rating the rating
     * @param topicArn an ARN ({@code arn:...}), or {@code "none"} (any case) or
     *     {@code null} to publish nothing for this rating
     * @return this builder
     * @throws IllegalArgumentException if the value is neither an ARN nor "none"
     */
    public Builder topicArn(Rating rating, @Nullable String topicArn) {
      Objects.requireNonNull(rating, "rating");
      String arn = arn(rating.toString(), topicArn);
      if (arn == null) {
        topics.remove(rating);
      } else {
        topics.put(rating, arn);
      }
      return this;
    }

    /**
     * The topic for escalations (notifications that carry one, such as those of the {@code
     * EscalationRouter}); none unless set. The message lists the escalation's id, type,
     * severity, rule, subject, status, count, figures, sessions, feedback (each as {@code
     * <feedback id> (session <session id>)}), groups and raise times; its attributes are
     * {@code type}, {@code escalation_id}, {@code escalation_type}, {@code severity} and
     * {@code rule}.
     *
     * @param topicArn an ARN, or {@code "none"} or {@code null} to publish no escalation
     * @return this builder
     * @throws IllegalArgumentException if the value is neither an ARN nor "none"
     */
    public Builder escalationTopicArn(@Nullable String topicArn) {
      this.escalationTopic = arn("escalations", topicArn);
      return this;
    }

    /**
     * The topic for loop-closing events (notifications of type {@link
     * Notification#TYPE_RESOLVED} from the {@code LoopCloser}); none unless set. The message
     * lists the event's id, escalation, feedback, session, user, who resolved it and when,
     * then the note; its attributes are {@code type}, {@code event_id}, {@code user_id} and
     * {@code session_id}.
     *
     * @param topicArn an ARN, or {@code "none"} or {@code null} to publish no such event
     * @return this builder
     * @throws IllegalArgumentException if the value is neither an ARN nor "none"
     */
    public Builder resolvedTopicArn(@Nullable String topicArn) {
      this.resolvedTopic = arn("resolved events", topicArn);
      return this;
    }

    private static @Nullable String arn(String what, @Nullable String topicArn) {
      String arn = topicArn == null ? null : topicArn.strip();
      if (arn == null || arn.toLowerCase(Locale.ROOT).equals(DISABLED)) {
        return null;
      }
      if (!arn.startsWith("arn:")) {
        throw new IllegalArgumentException(
            "topic ARN for "
                + what
                + " must start with \"arn:\" or be \"none\", was \""
                + topicArn
                + "\"");
      }
      return arn;
    }

    /**
     * A template put before the subject of this rating's messages, such as
     * {@code "[PROD] URGENT: "}. Supports {@code {session_id}}, {@code {rating}} and
     * {@code {timestamp}}.
     *
     * @param rating the rating
     * @param template the template, or {@code null} for none
     * @return this builder
     */
    public Builder subjectPrefix(Rating rating, @Nullable String template) {
      put(subjectPrefixes, rating, template);
      return this;
    }

    /**
     * A template put before the body of this rating's messages. Supports
     * {@code {session_id}}, {@code {rating}} and {@code {timestamp}}.
     *
     * @param rating the rating
     * @param template the template, or {@code null} for none
     * @return this builder
     */
    public Builder bodyPrefix(Rating rating, @Nullable String template) {
      put(bodyPrefixes, rating, template);
      return this;
    }

    /**
     * Builds the notifier.
     *
     * @return the notifier
     * @throws NullPointerException if no client was set
     */
    public SnsNotifier build() {
      return new SnsNotifier(this);
    }

    private static void put(Map<Rating, String> map, Rating rating, @Nullable String template) {
      Objects.requireNonNull(rating, "rating");
      if (template == null) {
        map.remove(rating);
      } else {
        map.put(rating, template);
      }
    }
  }
}
