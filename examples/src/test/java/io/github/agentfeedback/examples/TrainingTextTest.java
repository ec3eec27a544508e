package io.github.agentfeedback.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.export.FeedbackExporter;
import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.ValidationHook;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * Model text goes from {@code addFeedback} through the documented hooks into the training
 * data byte for byte: the SFT assistant turn and the DPO {@code rejected} field hold exactly
 * what the application gave, code, angle brackets and indentation included.
 */
class TrainingTextTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The texts: code with generics, a UI label in angle brackets, indentation. */
  private static final String PROMPT = "How do I keep `List<String> ids` sorted?";

  private static final String RESPONSE =
      "1. Click <Edit>\n2. Add:\n\n```java\n"
          + "List<String> ids = new ArrayList<>();\n    ids.sort(null);\n```";
  private static final String CORRECTION =
      "Keep `List<String> ids` and sort it:\n\n"
          + "    ids.sort(Comparator.naturalOrder());\n\n1. Click <Edit>";

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  @Test
  void theDocumentedHooksKeepModelTextByteForByteInTheExport() throws IOException {
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .hooks(
                SanitizingHook.defaults(), PiiRedactionHook.defaults(), ValidationHook.defaults())
            .build();
    Feedback down =
        manager
            .addFeedback(
                "s",
                Feedback.builder()
                    .rating(Rating.DOWN)
                    .comment("<b>Wrong</b>: it dropped <i>my</i> generics")
                    .prompt(PROMPT)
                    .response(RESPONSE)
                    .correction(CORRECTION)
                    .build())
            .feedback();
    manager.review("s", down.id(), ReviewStatus.APPROVED, "ann"); // its correction: SFT too
    manager.addFeedback(
        "s",
        Feedback.builder()
            .rating(Rating.UP)
            .comment("Perfect")
            .prompt(PROMPT)
            .response(RESPONSE)
            .build());

    assertThat(store.list("s").get(0).comment()).isEqualTo("Wrong: it dropped my generics");

    JsonNode dpo = JSON.readTree(export(manager, FeedbackExporter.dpo()));
    assertThat(dpo.get("prompt").textValue()).isEqualTo(PROMPT);
    assertThat(dpo.get("chosen").textValue()).isEqualTo(CORRECTION);
    assertThat(dpo.get("rejected").textValue()).isEqualTo(RESPONSE);

    String[] sft = export(manager, FeedbackExporter.sft()).split("\n");
    assertThat(sft).hasSize(2);
    assertThat(JSON.readTree(sft[0]).at("/messages/1/content").textValue()).isEqualTo(CORRECTION);
    assertThat(JSON.readTree(sft[1]).at("/messages/0/content").textValue()).isEqualTo(PROMPT);
    assertThat(JSON.readTree(sft[1]).at("/messages/1/content").textValue()).isEqualTo(RESPONSE);
  }

  /** The README's snippet: personal data in comments only, training text as given. */
  @Test
  void piiRedactionOfTrainingTextCanBeTurnedOff() throws IOException {
    String response = "Write to support@example.com or call +44 20 7946 0958.";
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .hooks(
                ReadyHooks.builder()
                    .sanitizing(SanitizingHook.defaults())
                    .piiRedaction(
                        PiiRedactionHook.builder()
                            .promptAndResponse(false) // prompt, response, comparison responses
                            .corrections(false) // the answer the user wanted
                            .build())
                    .validation(ValidationHook.defaults())
                    .build())
            .build();
    manager.addFeedback(
        "s",
        Feedback.builder()
            .rating(Rating.UP)
            .prompt(PROMPT)
            .response(response)
            .comment("mail me at jane@example.com")
            .build());

    Feedback stored = store.list("s").get(0);
    assertThat(stored.comment()).isEqualTo("mail me at [EMAIL]");
    assertThat(
            JSON.readTree(export(manager, FeedbackExporter.sft()))
                .at("/messages/1/content")
                .textValue())
        .isEqualTo(response);
  }

  private static String export(FeedbackManager manager, FeedbackExporter exporter) {
    StringWriter out = new StringWriter();
    exporter.export(manager, FeedbackQuery.all(), out);
    return out.toString().strip();
  }
}
