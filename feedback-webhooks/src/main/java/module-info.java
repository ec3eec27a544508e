/** Webhook delivery of notifications, signed the Standard Webhooks way, and its verifier. */
module io.github.agentfeedback.webhooks {
  requires transitive io.github.agentfeedback.hooks;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires transitive java.net.http; // the builder takes an HttpClient
  requires org.slf4j;

  exports io.github.agentfeedback.webhooks;
}
