package io.github.agentfeedback.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.export.GoldenRows.Case;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The plain dump holds every field under its stored name, and nothing is lost. */
class DumpFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KEYS =
      List.of(
          "session_id",
          "id",
          "rating",
          "comment",
          "created_at",
          "user_id",
          "message_id",
          "score",
          "tags",
          "dimensions",
          "correction",
          "source",
          "author_id",
          "trace_id",
          "span_id",
          "model",
          "prompt",
          "response",
          "comparison",
          "review",
          "updated_at",
          "attributes");

  @Test
  void everyLineHasEveryStoredFieldNameInTheSameOrder() throws IOException {
    Set<String> stored = new LinkedHashSet<>(KEYS);
    stored.removeAll(List.of("session_id", "attributes"));
    assertThat(stored).containsExactlyInAnyOrderElementsOf(Feedback.RESERVED_KEYS);

    for (JsonNode line : dump()) {
      assertThat(fieldNames(line)).containsExactlyElementsOf(KEYS);
    }
  }

  @Test
  void everyFieldReadsBackAsTheFeedbackItWasWrittenFrom() throws IOException {
    List<JsonNode> lines = dump();
    List<Case> cases = GoldenRows.cases();
    assertThat(lines).hasSameSizeAs(cases);
    for (int i = 0; i < lines.size(); i++) {
      SessionFeedback row = cases.get(i).row();
      JsonNode line = lines.get(i);

      assertThat(line.get("session_id").asText()).isEqualTo(row.sessionId());
      assertThat(readBack(line))
          .as(cases.get(i).name())
          .isEqualTo(row.feedback().toBuilder().attributes(Map.of()).build());
    }
  }

  @Test
  void attributesAreNestedWithTheirJsonTypesAndInstantsAsIsoText() throws IOException {
    JsonNode attributes = dump().get(2).get("attributes");

    assertThat(fieldNames(attributes))
        .containsExactly("validated_at", "sentiment", "flagged", "big", "labels", "geo");
    assertThat(Instant.parse(attributes.get("validated_at").asText()))
        .isEqualTo(Instant.parse("2026-03-01T09:15:02.500Z"));
    assertThat(attributes.get("validated_at").asText()).isEqualTo("2026-03-01T09:15:02.500Z");
    assertThat(attributes.get("sentiment").isDouble()).isTrue();
    assertThat(attributes.get("sentiment").asDouble()).isEqualTo(-0.25);
    assertThat(attributes.get("flagged").isBoolean()).isTrue();
    assertThat(attributes.get("big").isLong()).isTrue();
    assertThat(attributes.get("big").asLong()).isEqualTo(9_007_199_254_740_993L);
    assertThat(attributes.get("labels").get(1).asText()).isEqualTo("b\"c");
    assertThat(attributes.get("geo").get("visits").isInt()).isTrue();
  }

  @Test
  void absentValuesAreNullAndAbsentCollectionsEmpty() throws IOException {
    JsonNode bare = dump().get(GoldenRows.cases().size() - 1); // no id, no time, nothing set

    for (String key :
        List.of(
            "id",
            "created_at",
            "user_id",
            "message_id",
            "score",
            "correction",
            "author_id",
            "trace_id",
            "span_id",
            "model",
            "comparison",
            "review",
            "updated_at")) {
      assertThat(bare.get(key).isNull()).as(key).isTrue();
    }
    assertThat(bare.get("tags").isArray()).isTrue();
    assertThat(bare.get("tags")).isEmpty();
    assertThat(bare.get("dimensions").isObject()).isTrue();
    assertThat(bare.get("dimensions")).isEmpty();
    assertThat(bare.get("attributes")).isEmpty();
    assertThat(bare.get("source").asText()).isEqualTo("end_user");
  }

  @Test
  void feedbackWithoutARatingIsDumpedAsNoneNotAsNeutral() throws IOException {
    Feedback survey =
        Feedback.builder()
            .id("nps-1")
            .score(9, Scale.NPS)
            .prompt("How likely are you to recommend us?")
            .response("Very")
            .build();
    Feedback neutral = Feedback.builder().id("n-1").rating(Rating.NEUTRAL).build();
    StringWriter out = new StringWriter();
    FeedbackExporter.dump()
        .export(
            Stream.of(new SessionFeedback("s", survey), new SessionFeedback("s", neutral)), out);
    String[] lines = out.toString().split("\n");

    JsonNode surveyLine = JSON.readTree(lines[0]);
    assertThat(fieldNames(surveyLine)).containsExactlyElementsOf(KEYS);
    assertThat(surveyLine.get("rating").asText()).isEqualTo("none");
    assertThat(readBack(surveyLine)).isEqualTo(survey);
    assertThat(JSON.readTree(lines[1]).get("rating").isNull()).isTrue();

    // A score is no verdict: training formats select it only when approved (SFT) or
    // holding a comparison (DPO).
    StringWriter sft = new StringWriter();
    assertThat(
            FeedbackExporter.sft()
                .export(
                    Stream.of(
                        new SessionFeedback("s", survey),
                        new SessionFeedback(
                            "s",
                            survey.toBuilder()
                                .review(new Review(ReviewStatus.APPROVED, null, null))
                                .build())),
                    sft)
                .skipped())
        .isEqualTo(Map.of(SkipReason.NOT_SELECTED, 1L));
    assertThat(sft.toString()).contains("Very");
    assertThat(
            FeedbackExporter.dpo()
                .export(Stream.of(new SessionFeedback("s", survey)), new StringWriter())
                .skipped())
        .isEqualTo(Map.of(SkipReason.NOT_SELECTED, 1L));
  }

  private static List<JsonNode> dump() throws IOException {
    StringWriter out = new StringWriter();
    FeedbackExporter.dump().export(GoldenRows.cases().stream().map(Case::row), out);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Rebuilds the feedback (but its attributes) from a dump line, by the documented keys. */
  private static Feedback readBack(JsonNode n) {
    Map<Dimension, Integer> dimensions = new EnumMap<>(Dimension.class);
    n.get("dimensions")
        .properties()
        .forEach(e -> dimensions.put(Dimension.fromWire(e.getKey()), e.getValue().intValue()));
    List<String> tags = new ArrayList<>();
    n.get("tags").forEach(t -> tags.add(t.asText()));
    JsonNode score = n.get("score");
    JsonNode comparison = n.get("comparison");
    JsonNode review = n.get("review");
    return Feedback.builder()
        .id(text(n, "id"))
        .rating("none".equals(text(n, "rating")) ? null : Rating.fromWire(text(n, "rating")))
        .comment(text(n, "comment"))
        .createdAt(instant(n, "created_at"))
        .userId(text(n, "user_id"))
        .messageId(text(n, "message_id"))
        .score(
            score.isNull()
                ? null
                : Score.of(
                    score.get("value").doubleValue(),
                    Scale.of(
                        score.get("scale").asText(),
                        score.get("min").doubleValue(),
                        score.get("max").doubleValue())))
        .tags(tags)
        .dimensions(dimensions)
        .correction(text(n, "correction"))
        .source(Source.of(text(n, "source")), text(n, "author_id"))
        .traceId(text(n, "trace_id"))
        .spanId(text(n, "span_id"))
        .model(model(n.get("model")))
        .prompt(text(n, "prompt"))
        .response(text(n, "response"))
        .comparison(
            comparison.isNull()
                ? null
                : Comparison.of(
                    candidate(comparison.get("a")),
                    candidate(comparison.get("b")),
                    Comparison.Preference.fromWire(comparison.get("preference").asText())))
        .review(
            review.isNull()
                ? null
                : new Review(
                    ReviewStatus.fromWire(review.get("status").asText()),
                    text(review, "by"),
                    instant(review, "at")))
        .updatedAt(instant(n, "updated_at"))
        .build();
  }

  private static Comparison.Candidate candidate(JsonNode c) {
    return new Comparison.Candidate(
        model(c.get("model")), text(c, "response_id"), text(c, "response"));
  }

  private static ModelRef model(JsonNode m) {
    return m.isNull() ? null : ModelRef.of(m.get("name").asText(), text(m, "version"));
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node.get(key);
    assertThat(value).as(key).isNotNull();
    return value.isNull() ? null : value.textValue();
  }

  private static Instant instant(JsonNode node, String key) {
    String text = text(node, key);
    if (text != null) {
      assertThat(text).as(key).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }
    return text == null ? null : Instant.parse(text);
  }
}
