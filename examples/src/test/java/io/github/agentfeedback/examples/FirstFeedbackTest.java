package io.github.agentfeedback.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.analytics.FeedbackStats;
import io.github.agentfeedback.capture.AgentSession;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.ValidationHook;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's "First feedback" snippet, as written there (between the markers), run
 * against an in-process MongoDB wire server (never {@code MONGODB_URI}: the snippet writes
 * to {@code chat_db}); the snippet's imports are the ones above.
 */
class FirstFeedbackTest {

  @Test
  void theReadmeSnippetRuns() {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    try (MongoClient mongoClient = MongoClients.create(server.getConnectionString())) {
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

      AgentSession session = manager.session("user-123");   // cheap handle
      FeedbackResult r = session.addFeedback(Feedback.up("Clear instructions"));
      session.addFeedback(Feedback.down("Couldn't find my order number"));

      session.addFeedback(r.feedback());                     // a retry: created() == false, no copy
      session.updateMetadata(Map.of("variant", "B"));
      List<Feedback> all = session.getFeedbacks();           // oldest first

      FeedbackStats stats = manager.stats(FeedbackQuery.builder()
          .metadata("variant", "B").build());
      System.out.printf("satisfaction %.1f%%%n", stats.satisfactionScore());
      // README snippet ends

      assertThat(all).extracting(Feedback::comment)
          .containsExactly("Clear instructions", "Couldn't find my order number");
      assertThat(all).allSatisfy(f -> assertThat(f.attributes())
          .containsEntry("channel", "web").containsKey(ValidationHook.VALIDATED_AT));
      assertThat(stats.satisfactionScore()).isEqualTo(50.0);
      manager.close();
    } finally {
      server.shutdownNow();
    }
  }
}
