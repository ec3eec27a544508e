/** Stored feedback as OpenTelemetry gen_ai.evaluation.result events (EvaluationEvents). */
module io.github.agentfeedback.otel {
  requires transitive io.github.agentfeedback.core;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;
  requires org.slf4j;

  exports io.github.agentfeedback.otel;
}
