/**
 * The feedback model, the capture API (manager, sessions, hook chain), analytics, the storage
 * SPI and the in-memory store. Internal packages are not exported.
 */
module io.github.agentfeedback.core {
  requires transitive org.jspecify;
  requires org.slf4j;

  exports io.github.agentfeedback;
  exports io.github.agentfeedback.capture;
  exports io.github.agentfeedback.analytics;
  exports io.github.agentfeedback.spi;
  exports io.github.agentfeedback.memory;
  exports io.github.agentfeedback.token;
  exports io.github.agentfeedback.escalation;
}
