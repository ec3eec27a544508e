package io.github.agentfeedback.export.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.export.SkipReason;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * SFT chat examples: {@code {"messages":[system?, user, assistant]}} from approved or
 * up-rated, not rejected feedback; the assistant says the correction, else the response.
 */
public final class SftFormat implements RowFormat {

  private final @Nullable String systemMessage;

  /** A format whose examples start with this system message, or with none when null. */
  public SftFormat(@Nullable String systemMessage) {
    this.systemMessage = systemMessage;
  }

  /** The system message, if any. */
  public Optional<String> systemMessage() {
    return Optional.ofNullable(systemMessage);
  }

  @Override
  public @Nullable SkipReason write(SessionFeedback row, JsonGenerator out) throws IOException {
    Feedback f = row.feedback();
    if (RowFormat.rejected(f)) {
      return SkipReason.REVIEW_REJECTED;
    }
    boolean approved = f.review() != null && f.review().status() == ReviewStatus.APPROVED;
    if (!approved && f.rating() != Rating.UP) {
      return SkipReason.NOT_SELECTED;
    }
    String prompt = f.prompt();
    if (prompt == null || !RowFormat.hasText(prompt)) {
      return SkipReason.NO_PROMPT;
    }
    String answer = RowFormat.hasText(f.correction()) ? f.correction() : f.response();
    if (answer == null || !RowFormat.hasText(answer)) {
      return SkipReason.NO_RESPONSE;
    }
    out.writeStartObject();
    out.writeFieldName("messages");
    out.writeStartArray();
    if (systemMessage != null) {
      message(out, "system", systemMessage);
    }
    message(out, "user", prompt);
    message(out, "assistant", answer);
    out.writeEndArray();
    out.writeEndObject();
    return null;
  }

  private static void message(JsonGenerator out, String role, String content) throws IOException {
    out.writeStartObject();
    out.writeStringField("role", role);
    out.writeStringField("content", content);
    out.writeEndObject();
  }
}
