package io.github.agentfeedback.hooks.notify;

import io.github.agentfeedback.Feedback;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each notification to an slf4j logger at INFO: its type, message, session,
 * feedback id, rating, count and the comment's <em>length</em>, or, for a notification
 * without feedback, what it is about ({@link Notification#about()}). The comment itself is
 * never logged, since it may hold personal data.
 *
 * <p>Example line: {@code feedback notification: 3rd negative feedback in session s-1
 * (feedback f-9, rating down, count 3, reason rating_down, comment 42 chars)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class LoggingNotifier implements Notifier {

  private final Logger logger;

  /** Logs to the logger named after this class. */
  public LoggingNotifier() {
    this(LoggerFactory.getLogger(LoggingNotifier.class));
  }

  /**
   * Logs to the given logger.
   *
   * @param logger the logger
   */
  public LoggingNotifier(Logger logger) {
    this.logger = Objects.requireNonNull(logger, "logger");
  }

  /**
   * Logs the notification at INFO.
   *
   * @param n the notification
   * @throws NullPointerException if the notification is null
   */
  @Override
  public void deliver(Notification n) {
    Objects.requireNonNull(n, "notification");
    Feedback f = n.feedback();
    if (f == null) {
      logger.info(
          "{} notification: {} ({}, count {}, reason {})",
          n.type(),
          n.message(),
          n.about(),
          n.count(),
          n.reason());
      return;
    }
    logger.info(
        "{} notification: {} (feedback {}, rating {}, count {}, reason {}, " + "comment {} chars)",
        n.type(),
        n.message(),
        f.id(),
        f.rating() == null ? "none" : f.rating().name().toLowerCase(Locale.ROOT),
        n.count(),
        n.reason(),
        f.comment().length());
  }

  @Override
  public String toString() {
    return "LoggingNotifier[" + logger.getName() + "]";
  }
}
