/** Ready hooks for the feedback chain, composed in their documented order by ReadyHooks. */
module io.github.agentfeedback.hooks {
  requires transitive io.github.agentfeedback.core;
  requires transitive org.slf4j; // AuditSink.slf4j and LoggingNotifier take a Logger

  exports io.github.agentfeedback.hooks;
  exports io.github.agentfeedback.hooks.escalation;
  exports io.github.agentfeedback.hooks.notify;
}
