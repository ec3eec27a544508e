package io.github.agentfeedback.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvaluationEventsTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  private final InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setLoggerProvider(
              SdkLoggerProvider.builder()
                  .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter))
                  .build())
          .setTracerProvider(SdkTracerProvider.builder().build())
          .build();
  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  @AfterEach
  void close() {
    otel.close();
  }

  private FeedbackManager manager(FeedbackHook... more) {
    FeedbackHook[] hooks = new FeedbackHook[more.length + 1];
    System.arraycopy(more, 0, hooks, 0, more.length);
    hooks[more.length] = EvaluationEvents.builder(otel).explanation(true).build();
    return FeedbackManager.builder().store(store).hooks(hooks).build();
  }

  private static String attr(LogRecordData record, String key) {
    Object value = record.getAttributes().get(AttributeKey.stringKey(key));
    return value == null ? null : value.toString();
  }

  private static Double score(LogRecordData record) {
    return record.getAttributes().get(AttributeKey.doubleKey("gen_ai.evaluation.score.value"));
  }

  @Test
  void aStoredFeedbackIsAnEvaluationEventParentedToTheSpanItRates() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    manager()
        .addFeedback(
            "session-1",
            Feedback.builder()
                .rating(Rating.DOWN)
                .comment("Wrong order number")
                .messageId("msg-7")
                .traceId(TRACE)
                .spanId(SPAN)
                .createdAt(at)
                .build());

    List<LogRecordData> records = exporter.getFinishedLogRecordItems();
    assertThat(records).hasSize(1);
    LogRecordData event = records.get(0);
    assertThat(event.getEventName()).isEqualTo("gen_ai.evaluation.result");
    assertThat(event.getInstrumentationScopeInfo().getName()).isEqualTo("io.github.agentfeedback");
    assertThat(event.getTimestampEpochNanos()).isEqualTo(at.toEpochMilli() * 1_000_000);
    assertThat(event.getSpanContext().getTraceId()).isEqualTo(TRACE);
    assertThat(event.getSpanContext().getSpanId()).isEqualTo(SPAN);
    assertThat(attr(event, "gen_ai.evaluation.name")).isEqualTo("user_feedback");
    assertThat(score(event)).isEqualTo(0.0);
    assertThat(attr(event, "gen_ai.evaluation.score.label")).isEqualTo("down");
    assertThat(attr(event, "gen_ai.evaluation.explanation")).isEqualTo("Wrong order number");
    assertThat(attr(event, "gen_ai.response.id")).isEqualTo("msg-7");
    assertThat(attr(event, "gen_ai.conversation.id")).isEqualTo("session-1");
  }

  @Test
  void withoutIdsTheEventIsParentedToTheCurrentSpan() {
    Tracer tracer = otel.getTracer("test");
    Span span = tracer.spanBuilder("chat").startSpan();
    Scope scope = span.makeCurrent();
    try {
      manager().addFeedback("s", Feedback.up("great"));
    } finally {
      scope.close();
      span.end();
    }
    manager().addFeedback("s", Feedback.up("outside any span"));

    List<LogRecordData> records = exporter.getFinishedLogRecordItems();
    assertThat(records.get(0).getSpanContext()).isEqualTo(span.getSpanContext());
    assertThat(score(records.get(0))).isEqualTo(1.0);
    assertThat(records.get(1).getSpanContext().isValid()).isFalse();
  }

  @Test
  void scoresNeutralRatingsAndDimensions() {
    manager().addFeedback("s", Feedback.scored(9, Scale.NPS));
    manager().addFeedback("s", Feedback.neutral(""));
    manager()
        .addFeedback(
            "s",
            Feedback.builder()
                .rating(Rating.UP)
                .score(4, Scale.STARS_5)
                .dimension(Dimension.ACCURACY, 5)
                .build());

    List<LogRecordData> records = exporter.getFinishedLogRecordItems();
    assertThat(records).hasSize(4);
    assertThat(score(records.get(0))).isEqualTo(9.0);
    assertThat(attr(records.get(0), "gen_ai.evaluation.score.label")).isEqualTo(Scale.NPS.name());
    assertThat(score(records.get(1))).isNull();
    assertThat(attr(records.get(1), "gen_ai.evaluation.score.label")).isEqualTo("neutral");
    assertThat(attr(records.get(1), "gen_ai.evaluation.explanation")).isNull();
    assertThat(score(records.get(2))).isEqualTo(4.0);
    assertThat(attr(records.get(2), "gen_ai.evaluation.score.label")).isEqualTo("up");
    assertThat(attr(records.get(3), "gen_ai.evaluation.name")).isEqualTo("user_feedback.accuracy");
    assertThat(score(records.get(3))).isEqualTo(5.0);
  }

  @Test
  void theCommentGoesOutOnlyWhenAsked() {
    FeedbackManager.builder()
        .store(store)
        .hooks(EvaluationEvents.builder(otel).build())
        .build()
        .addFeedback("s", Feedback.down("my card is 4111 and I live at 1 Main St"));

    LogRecordData event = exporter.getFinishedLogRecordItems().get(0);
    assertThat(attr(event, "gen_ai.evaluation.score.label")).isEqualTo("down");
    assertThat(attr(event, "gen_ai.evaluation.explanation"))
        .as("the user's own text is personal data: out of telemetry unless asked")
        .isNull();
  }

  @Test
  void retriesAndRejectedFeedbackEmitNothingAndTheCommentCanBeLeftOut() {
    FeedbackManager m = manager();
    Feedback f = Feedback.builder().id("f-1").rating(Rating.UP).comment("mine").build();
    m.addFeedback("s", f);
    m.addFeedback("s", f);
    FeedbackHook refuse =
        chain -> {
          throw new FeedbackRejectedException("SPAM", "spam");
        };
    assertThatThrownBy(() -> manager(refuse).addFeedback("s", Feedback.up("x")))
        .isInstanceOf(FeedbackRejectedException.class);
    FeedbackManager.builder()
        .store(store)
        .hooks(EvaluationEvents.builder(otel).name("csat").explanation(false).build())
        .build()
        .addFeedback("s", Feedback.up("private words"));

    List<LogRecordData> records = exporter.getFinishedLogRecordItems();
    assertThat(records).hasSize(2);
    assertThat(attr(records.get(1), "gen_ai.evaluation.name")).isEqualTo("csat");
    assertThat(attr(records.get(1), "gen_ai.evaluation.explanation")).isNull();
    assertThatThrownBy(() -> EvaluationEvents.builder(otel).name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  @Test
  void creationTimesBeyondWhatEpochNanosHoldLeaveTheTimestampUnset() {
    // Epoch nanoseconds in a long reach 1970 to 2262; OTLP's are unsigned. Before, 9999 wrapped
    // round to 1677 and 1900 became a negative, that is an enormous, timestamp.
    Instant late = Instant.parse("9999-12-31T23:59:59.999Z");
    Instant early = Instant.parse("1900-01-01T00:00:00Z");
    Instant fine = Instant.parse("2262-04-11T23:47:16Z");
    FeedbackManager m = manager();
    m.addFeedback("s", Feedback.builder().rating(Rating.UP).createdAt(late).build());
    m.addFeedback("s", Feedback.builder().rating(Rating.UP).createdAt(early).build());
    m.addFeedback("s", Feedback.builder().rating(Rating.UP).createdAt(fine).build());

    List<LogRecordData> records = exporter.getFinishedLogRecordItems();
    assertThat(records).hasSize(3);
    assertThat(records.get(0).getTimestampEpochNanos()).isZero();
    assertThat(records.get(0).getObservedTimestampEpochNanos()).isPositive();
    assertThat(records.get(1).getTimestampEpochNanos()).isZero();
    assertThat(records.get(2).getTimestampEpochNanos())
        .isEqualTo(fine.getEpochSecond() * 1_000_000_000L);
  }

  @Test
  void theExplanationIsCutToItsLimitOnACharacterBoundary() {
    String comment = "a" + "\uD83D\uDE00".repeat(100_000);
    manager().addFeedback("s", Feedback.down(comment));

    String explanation =
        attr(exporter.getFinishedLogRecordItems().get(0), "gen_ai.evaluation.explanation");
    assertThat(explanation)
        .hasSize(EvaluationEvents.MAX_EXPLANATION_LENGTH - 1)
        .isEqualTo(comment.substring(0, EvaluationEvents.MAX_EXPLANATION_LENGTH - 1));
    assertThat(Character.isHighSurrogate(explanation.charAt(explanation.length() - 1))).isFalse();
  }

  @Test
  void anErrorFromTheLogPipelineNeverFailsTheCall() {
    OpenTelemetrySdk failing =
        OpenTelemetrySdk.builder()
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(
                        (context, record) -> {
                          throw new AssertionError("exporter bug");
                        })
                    .build())
            .build();
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .hooks(EvaluationEvents.builder(failing).build())
            .build();

    assertThat(m.addFeedback("s", Feedback.up("kept")).created()).isTrue();
    assertThat(store.list("s")).hasSize(1);
    failing.close();
  }

  @Test
  void aLongEvaluationNameIsRefusedWithItsLimit() {
    assertThatThrownBy(() -> EvaluationEvents.builder(otel).name("n".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name")
        .hasMessageContaining("256");
  }

  @Test
  void theRatedSpanReplacesOnlyTheSpanOfTheCurrentContext() {
    // Baggage and other context entries of the calling thread reach the log processors also
    // when the feedback names the span it rates (a processor may copy baggage to attributes).
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(
                        (context, record) ->
                            seen.add(
                                Baggage.fromContext(context).getEntryValue("tenant")
                                    + " "
                                    + Span.fromContext(context).getSpanContext().getSpanId()))
                    .build())
            .build();
    FeedbackManager m =
        FeedbackManager.builder().store(store).hooks(EvaluationEvents.builder(sdk).build()).build();
    try (Scope scope = Baggage.builder().put("tenant", "acme").build().makeCurrent()) {
      m.addFeedback("s", Feedback.builder().rating(Rating.UP).traceId(TRACE).spanId(SPAN).build());
    }
    sdk.close();

    assertThat(seen).containsExactly("acme " + SPAN);
  }

  @Test
  void withTheNoopOpenTelemetryFeedbackIsStoredAndNothingIsEmitted() {
    FeedbackManager m =
        FeedbackManager.builder()
            .store(store)
            .hooks(EvaluationEvents.builder(OpenTelemetry.noop()).build())
            .build();

    assertThat(m.addFeedback("s", Feedback.down("fine")).created()).isTrue();
    assertThat(exporter.getFinishedLogRecordItems()).isEmpty();
  }
}
