package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feedback written through an in-process server with the H2 backend on a file survives the
 * server's restart.
 */
class PersistenceTest {

  @TempDir Path dir;

  @Test
  void feedbackSurvivesARestartOfAFileBackedServer() {
    String file = dir.resolve("sessions.mv").toString();
    Feedback rich =
        Feedback.builder()
            .id("r-1")
            .comment("persist me 💾")
            .createdAt(Instant.parse("2026-03-01T12:00:00.123Z"))
            .userId("u-1")
            .score(9, Scale.NPS)
            .dimension(Dimension.CLARITY, 5)
            .tags("keep")
            .attribute("validated_at", Instant.parse("2026-03-01T12:00:01Z"))
            .build();

    List<Feedback> written;
    FeedbackSummary summaryBefore;
    try (MongoTestServer first = MongoTestServer.startEmbedded(new H2Backend(file));
        FeedbackManager manager = manager(first.client())) {
      manager.addFeedback("s1", rich);
      manager.addFeedback("s1", Feedback.down("second"));
      manager.updateMetadata("s1", Map.of("variant", "B"));
      written = manager.getFeedbacks("s1");
      summaryBefore = manager.analytics().summary(FeedbackQuery.all());
    }

    try (MongoTestServer second = MongoTestServer.startEmbedded(new H2Backend(file));
        FeedbackManager manager = manager(second.client())) {
      assertThat(manager.getFeedbacks("s1")).isEqualTo(written).first().isEqualTo(rich);
      assertThat(manager.getMetadata("s1")).isEqualTo(Map.of("variant", "B"));
      assertThat(manager.analytics().summary(FeedbackQuery.all())).isEqualTo(summaryBefore);
      assertThat(manager.addFeedback("s1", rich).created()).isFalse();
    }
  }

  private static FeedbackManager manager(MongoClient client) {
    return FeedbackManager.builder()
        .store(MongoFeedbackStore.builder().client(client).database("chat_db").build())
        .build();
  }
}
