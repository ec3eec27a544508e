package io.github.agentfeedback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedbackStoreExceptionTest {

  @Test
  void theMessageQuotesLongIdsShortenedAndTheAccessorsWhole() {
    String session = "s".repeat(FeedbackLimits.MAX_SESSION_ID_LENGTH);
    String feedback = "f".repeat(FeedbackLimits.MAX_ID_LENGTH);
    FeedbackStoreException e =
        new FeedbackStoreException("disk full", "append", session, feedback, false, null);
    assertThat(e.getMessage())
        .isEqualTo(
            "append failed for session '"
                + "s".repeat(64)
                + "…', feedback '"
                + "f".repeat(64)
                + "…': disk full");
    assertThat(e.sessionId()).contains(session);
    assertThat(e.feedbackId()).contains(feedback);
  }
}
