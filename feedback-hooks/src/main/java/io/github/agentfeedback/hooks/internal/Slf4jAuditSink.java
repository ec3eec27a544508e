package io.github.agentfeedback.hooks.internal;

import io.github.agentfeedback.hooks.AuditEvent;
import io.github.agentfeedback.hooks.AuditSink;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/** The default {@link AuditSink}: one structured slf4j event per audit event. Thread-safe. */
public final class Slf4jAuditSink implements AuditSink {

  private final Logger logger;

  /** Logs through {@code logger}. */
  public Slf4jAuditSink(Logger logger) {
    this.logger = logger;
  }

  @Override
  public void accept(AuditEvent e) {
    AuditEvent.Outcome outcome = e.outcome();
    Duration duration = e.duration();
    Level level = outcome == AuditEvent.Outcome.FAILED ? Level.WARN : Level.INFO;
    if (!logger.isEnabledForLevel(level)) {
      return;
    }
    LoggingEventBuilder b =
        logger
            .atLevel(level)
            .addKeyValue("phase", e.phase())
            .addKeyValue("action", e.action())
            .addKeyValue("session_id", e.sessionId())
            .addKeyValue("feedback_id", e.feedbackId());
    if (e.userId() != null) {
      b = b.addKeyValue("user_id", e.userId());
    }
    if (e.principal() != null) {
      b = b.addKeyValue("principal", e.principal());
    }
    if (e.clientAddress() != null) {
      b = b.addKeyValue("client_address", e.clientAddress());
    }
    b = b.addKeyValue("rating", e.rating());
    if (outcome != null) {
      b = b.addKeyValue("outcome", outcome);
    }
    if (duration != null) { // required after storage only
      b = b.addKeyValue("duration_ms", duration.toNanos() / 1_000_000.0);
    }
    if (e.reason() != null) {
      b = b.addKeyValue("reason", e.reason());
    }
    b = b.addKeyValue("comment_length", e.commentLength());
    if (e.comment() != null) {
      b = b.addKeyValue("comment", e.comment());
    }
    b.log(
        e.phase() == AuditEvent.Phase.BEFORE || outcome == null
            ? "Feedback received"
            : "Feedback " + outcome.name().toLowerCase(java.util.Locale.ROOT));
  }
}
