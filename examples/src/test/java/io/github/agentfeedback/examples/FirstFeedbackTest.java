package io.github.agentfeedback.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.capture.AgentSession;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.ValidationHook;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "First feedback" snippet, run against an in-process MongoDB wire server
 * (never {@code MONGODB_URI}: the snippet writes to {@code chat_db}); the snippet's imports
 * are the ones above. A second test checks that the code between the markers is the
 * README's snippet, line for line, but for its imports and the line that makes its client.
 */
class FirstFeedbackTest {

  @Test
  void theReadmeSnippetRuns() {
    try (MongoTestServer server = MongoTestServer.startEmbedded()) {
      MongoClient mongoClient = server.client();
      // spotless:off
      // README snippet begins
      FeedbackManager manager = FeedbackManager.builder()
          .store(MongoFeedbackStore.builder()                // or new InMemoryFeedbackStore()
              .client(mongoClient).database("chat_db").build())
          .hooks(ReadyHooks.builder()                        // in the documented order, whatever
              .sanitizing(SanitizingHook.defaults())         // the order here: text is cleaned
              .piiRedaction(PiiRedactionHook.defaults())     // and redacted, then validation
              .validation(ValidationHook.defaults())         // checks what will be stored
              .add(ReadyHooks.Stage.ENRICH, chain -> chain.proceed(
                  chain.feedback().toBuilder().attribute("channel", "web").build()))
              .build())
          .build();                                          // thread-safe, one per app

      AgentSession session = manager.session("session-123"); // cheap handle
      FeedbackResult r = session.addFeedback(Feedback.builder()
          .rating(Rating.UP).comment("Clear instructions")
          .userId("alice")                                   // who rated: what erasure looks for
          .build());
      session.addFeedback(Feedback.down("Couldn't find my order number"));

      session.addFeedback(r.feedback());                     // a retry: created() == false, no copy
      session.updateMetadata(Map.of("variant", "B"));
      List<Feedback> all = session.getFeedbacks();           // oldest first

      FeedbackSummary variantB = manager.analytics().summary(FeedbackQuery.builder()
          .metadata("variant", "B").build());
      Double satisfaction = variantB.ratings().satisfaction(); // 100 · up / (up + down); null: no data
      // README snippet ends
      // spotless:on

      assertThat(all)
          .extracting(Feedback::comment)
          .containsExactly("Clear instructions", "Couldn't find my order number");
      assertThat(all)
          .allSatisfy(
              f ->
                  assertThat(f.attributes())
                      .containsEntry("channel", "web")
                      .containsKey(ValidationHook.VALIDATED_AT));
      assertThat(all.get(0).userId()).isEqualTo("alice");
      assertThat(satisfaction).isEqualTo(50.0);
      manager.close();
    }
  }

  @Test
  void theCodeAboveIsTheReadmeSnippet() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher block =
        Pattern.compile("## First feedback\\s+```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("README has a First feedback java block").isTrue();
    String test =
        Files.readString(
            Path.of("src/test/java/io/github/agentfeedback/examples/FirstFeedbackTest.java"));
    String run =
        test.substring(
            test.indexOf("// README snippet begins") + 24, test.indexOf("// README snippet ends"));
    assertThat(lines(run))
        .isEqualTo(
            lines(block.group(1)).stream()
                .filter(
                    line -> !line.startsWith("import ") && !line.contains("MongoClients.create"))
                .toList());
  }

  private static List<String> lines(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
