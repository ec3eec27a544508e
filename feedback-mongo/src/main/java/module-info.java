/** The MongoDB store: feedback arrays on session documents, analytics on the server. */
module io.github.agentfeedback.mongo {
  requires transitive io.github.agentfeedback.core;
  requires transitive org.mongodb.driver.sync.client;
  requires transitive org.mongodb.driver.core;
  requires transitive org.mongodb.bson;
  requires org.slf4j;

  exports io.github.agentfeedback.mongo;
}
