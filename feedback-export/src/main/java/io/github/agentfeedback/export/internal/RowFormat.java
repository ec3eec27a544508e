package io.github.agentfeedback.export.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.export.SkipReason;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One export format: turns a feedback row into one JSON object, or says why it cannot.
 * Implementations are immutable and thread-safe.
 */
public interface RowFormat {

  /**
   * Writes the row as one JSON object (without the line end), or writes nothing and returns
   * why the row is skipped.
   *
   * @return {@code null} when written, else the reason
   */
  @Nullable SkipReason write(SessionFeedback row, JsonGenerator out) throws IOException;

  /** Whether text is present: not null and not blank. */
  static boolean hasText(@Nullable String text) {
    return text != null && !text.isBlank();
  }

  /** Whether a reviewer rejected the feedback as a training example. */
  static boolean rejected(Feedback f) {
    return f.review() != null && f.review().status() == ReviewStatus.REJECTED;
  }
}
