package io.github.agentfeedback.hooks.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class LoggingNotifierTest {

  /** Captures formatted log lines. */
  static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    final List<String> lines = new ArrayList<>();

    CapturingLogger() {
      this.name = "capture";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }

  @Test
  void logsTheMessageButNeverTheComment() {
    CapturingLogger logger = new CapturingLogger();
    Feedback f = Feedback.down("my card number is 4111").toBuilder().id("f-1").build();
    new LoggingNotifier(logger)
        .deliver(
            Notification.ofFeedback(
                Notification.TYPE_FEEDBACK,
                "s-1",
                f,
                2,
                Instant.EPOCH,
                "rating_down",
                "2nd negative feedback in session s-1"));

    assertThat(logger.lines)
        .containsExactly(
            "INFO feedback notification: 2nd negative "
                + "feedback in session s-1 (feedback f-1, rating down, count 2, reason rating_down, "
                + "comment 22 chars)");
  }
}
