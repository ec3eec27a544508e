package io.github.agentfeedback.otel;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackHook;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Emits each stored feedback as a {@code gen_ai.evaluation.result} event of the OpenTelemetry
 * GenAI semantic conventions, through the Logs API, so feedback lands next to the traces it
 * rates.
 *
 * <pre>{@code
 * FeedbackManager manager = FeedbackManager.builder()
 *     .store(store)
 *     .hooks(ReadyHooks.builder()
 *         .add(ReadyHooks.Stage.OBSERVE, EvaluationEvents.builder(openTelemetry).build())
 *         .build())
 *     .build();
 * }</pre>
 *
 * <h2>The event</h2>
 * One log record named {@value #EVENT_NAME}, timestamped with the feedback's
 * {@code createdAt} (left unset, so that the observed time stands, for a time before 1970
 * or after 2262, which epoch nanoseconds cannot hold), severity INFO, with the attributes:
 * <ul>
 *   <li>{@code gen_ai.evaluation.name}: the {@link Builder#name(String) evaluation name},
 *       {@value #DEFAULT_NAME} by default;
 *   <li>{@code gen_ai.evaluation.score.value}: the feedback's score when it has one, else
 *       {@code 1.0} for up and {@code 0.0} for down; absent for a neutral rating without a
 *       score;
 *   <li>{@code gen_ai.evaluation.score.label}: the rating, {@code up}, {@code down} or
 *       {@code neutral}; for a score without a rating, the scale's name ({@code nps});
 *   <li>{@code gen_ai.evaluation.explanation}: the comment, cut to
 *       {@value #MAX_EXPLANATION_LENGTH} chars, when not empty and
 *       {@link Builder#explanation(boolean) asked for} (off by default: it is the user's own
 *       text, personal data; redact it with a hook first where telemetry may hold it);
 *   <li>{@code gen_ai.response.id}: the feedback's message id, the answer rated, when set;
 *   <li>{@code gen_ai.conversation.id}: the session id.
 * </ul>
 * It is parented to the rated span: the feedback's {@code traceId} and {@code spanId} when
 * it has both, else the span current on the calling thread (none: the record has no span);
 * either way the rest of the calling thread's context, such as baggage, is kept.
 * Each rated {@linkplain Feedback#dimensions() dimension} adds one event more, named
 * {@code <name>.<dimension>} ({@code user_feedback.accuracy}) with its 1–5 rating as the
 * value.
 *
 * <p>Only feedback that changed what is stored is emitted: new feedback and replacements
 * ({@link FeedbackResult#changed()}); a retried call emits nothing. Put the hook in the
 * observing stage; emitting never fails the caller: an exception or an {@link Error} (other
 * than a {@link VirtualMachineError}) from the log pipeline is logged. Thread-safe.
 *
 * @since 0.1.0
 */
public final class EvaluationEvents implements FeedbackHook {

  /** The event's name in the GenAI semantic conventions. */
  public static final String EVENT_NAME = "gen_ai.evaluation.result";

  /** The default evaluation name. */
  public static final String DEFAULT_NAME = "user_feedback";

  /**
   * Longest {@code gen_ai.evaluation.explanation}, in chars; a longer comment is cut there
   * (before a character that would be split).
   */
  public static final int MAX_EXPLANATION_LENGTH = 4_096;

  /** The instrumentation scope of the events. */
  public static final String SCOPE = "io.github.agentfeedback";

  static final AttributeKey<String> NAME = AttributeKey.stringKey("gen_ai.evaluation.name");
  static final AttributeKey<Double> SCORE_VALUE =
      AttributeKey.doubleKey("gen_ai.evaluation.score.value");
  static final AttributeKey<String> SCORE_LABEL =
      AttributeKey.stringKey("gen_ai.evaluation.score.label");
  static final AttributeKey<String> EXPLANATION =
      AttributeKey.stringKey("gen_ai.evaluation.explanation");
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");

  /** The last instant whose epoch nanoseconds a {@code long} holds (in 2262). */
  private static final Instant LAST_EPOCH_NANO = Instant.ofEpochSecond(0, Long.MAX_VALUE);

  /** Longest evaluation name, in chars. */
  static final int MAX_NAME_LENGTH = 256;

  private static final org.slf4j.Logger log = LoggerFactory.getLogger(EvaluationEvents.class);

  private final Logger logger;
  private final String name;
  private final boolean explanation;

  private EvaluationEvents(Builder b) {
    this.logger = b.openTelemetry.getLogsBridge().loggerBuilder(SCOPE).build();
    this.name = b.name;
    this.explanation = b.explanation;
  }

  /**
   * A builder emitting through {@code openTelemetry}'s logs.
   *
   * @param openTelemetry the application's OpenTelemetry (the SDK, or
   *     {@code GlobalOpenTelemetry.get()} under the Java agent)
   * @return a new builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /** Proceeds, then emits the stored feedback's events when it changed what is stored. */
  @Override
  public FeedbackResult intercept(Chain chain) {
    FeedbackResult result = chain.proceed(chain.feedback());
    if (result.changed()) {
      try {
        emit(chain.sessionId(), result.feedback());
      } catch (Throwable e) { // an Error too (an exporter's bug): the feedback is stored
        if (e instanceof VirtualMachineError error) {
          throw error; // the JVM, not this call, is in trouble
        }
        log.warn(
            "Could not emit the evaluation event of feedback {} in session {}",
            result.feedback().id(),
            chain.sessionId(),
            e);
      }
    }
    return result;
  }

  private void emit(String sessionId, Feedback f) {
    Context parent = parent(f);
    AttributesBuilder attributes = common(sessionId, f).toBuilder().put(NAME, name);
    Double value = value(f);
    if (value != null) {
      attributes.put(SCORE_VALUE, value);
    }
    String label = label(f);
    if (label != null) {
      attributes.put(SCORE_LABEL, label);
    }
    if (explanation && !f.comment().isEmpty()) {
      attributes.put(EXPLANATION, cut(f.comment(), MAX_EXPLANATION_LENGTH));
    }
    record(parent, f, attributes.build());
    for (Map.Entry<Dimension, Integer> d : f.dimensions().entrySet()) {
      record(
          parent,
          f,
          common(sessionId, f).toBuilder()
              .put(NAME, name + "." + d.getKey().wireName())
              .put(SCORE_VALUE, d.getValue().doubleValue())
              .build());
    }
  }

  private static Attributes common(String sessionId, Feedback f) {
    AttributesBuilder b = Attributes.builder().put(CONVERSATION_ID, sessionId);
    if (f.messageId() != null) {
      b.put(RESPONSE_ID, f.messageId());
    }
    return b.build();
  }

  private void record(Context parent, Feedback f, Attributes attributes) {
    var record =
        logger
            .logRecordBuilder()
            .setEventName(EVENT_NAME)
            .setContext(parent)
            .setSeverity(Severity.INFO)
            .setAllAttributes(attributes);
    Instant at = f.createdAt();
    if (at != null && !at.isBefore(Instant.EPOCH) && !at.isAfter(LAST_EPOCH_NANO)) {
      record.setTimestamp(at);
    }
    record.emit();
  }

  /** At most {@code max} chars of {@code s}, without splitting a surrogate pair. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }

  /**
   * The current context, its span replaced by the rated one when the feedback names it (so
   * that baggage and other entries still reach the log processors).
   */
  private static Context parent(Feedback f) {
    String traceId = f.traceId();
    String spanId = f.spanId();
    if (traceId != null && spanId != null) {
      SpanContext rated =
          SpanContext.createFromRemoteParent(
              traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
      if (rated.isValid()) {
        return Context.current().with(Span.wrap(rated)); // baggage and the rest stay
      }
    }
    return Context.current();
  }

  private static @Nullable Double value(Feedback f) {
    if (f.score() != null) {
      return f.score().value();
    }
    Rating rating = f.rating();
    return rating == Rating.UP ? Double.valueOf(1.0) : rating == Rating.DOWN ? 0.0 : null;
  }

  private static @Nullable String label(Feedback f) {
    if (f.rating() != null) {
      return f.rating().name().toLowerCase(Locale.ROOT);
    }
    return f.score() != null ? f.score().scale().name() : null;
  }

  @Override
  public String toString() {
    return "EvaluationEvents[name=" + name + ", explanation=" + explanation + "]";
  }

  /**
   * Configures {@link EvaluationEvents}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private String name = DEFAULT_NAME;
    private boolean explanation;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * The evaluation's name, {@code gen_ai.evaluation.name}. Defaults to
     * {@value EvaluationEvents#DEFAULT_NAME}.
     *
     * @param name a short, fixed name, at most 256 chars
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or longer
     */
    public Builder name(String name) {
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      if (name.length() > MAX_NAME_LENGTH) {
        throw new IllegalArgumentException(
            "name must be at most " + MAX_NAME_LENGTH + " chars, was " + name.length());
      }
      this.name = name;
      return this;
    }

    /**
     * Whether the comment goes out as {@code gen_ai.evaluation.explanation}. Off by default:
     * it is the user's own text, personal data that telemetry backends keep and show beside
     * traces; turn it on where they may hold it (after a redaction hook, say).
     *
     * @param include true to send the user's text in the events
     * @return this builder
     */
    public Builder explanation(boolean include) {
      this.explanation = include;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return the hook
     */
    public EvaluationEvents build() {
      return new EvaluationEvents(this);
    }
  }
}
