package io.github.agentfeedback.hooks;

import io.github.agentfeedback.hooks.internal.Slf4jAuditSink;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the events of an {@link AuditHook}: to a log (the default, {@link #slf4j()}), a
 * collection, a file, a message queue.
 *
 * <pre>{@code
 * List<AuditEvent> events = new CopyOnWriteArrayList<>();
 * AuditHook audit = AuditHook.builder().sink(events::add).build();
 * }</pre>
 *
 * <p>{@link #accept} runs on the thread adding feedback, inside the call: keep it fast.
 * An exception it throws is logged and otherwise ignored; it never fails the caller.
 * Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AuditSink {

  /**
   * Receives one event.
   *
   * @param event the event
   */
  void accept(AuditEvent event);

  /**
   * Logs each event through slf4j on the logger {@code io.github.agentfeedback.audit}: at
   * INFO, or WARN for {@link AuditEvent.Outcome#FAILED}, with the fields as key-value pairs
   * ({@code phase}, {@code session_id}, {@code feedback_id}, {@code user_id}, {@code rating},
   * {@code outcome}, {@code duration_ms}, {@code reason}, {@code comment_length}, and
   * {@code comment} when included). Thread-safe.
   *
   * @return the sink
   */
  static AuditSink slf4j() {
    return slf4j(LoggerFactory.getLogger("io.github.agentfeedback.audit"));
  }

  /**
   * Logs each event through the given logger, as {@link #slf4j()} does.
   *
   * @param logger the logger
   * @return the sink
   */
  static AuditSink slf4j(Logger logger) {
    return new Slf4jAuditSink(Objects.requireNonNull(logger, "logger"));
  }
}
