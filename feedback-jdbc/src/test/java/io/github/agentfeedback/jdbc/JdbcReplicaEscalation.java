package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.hooks.ReplicaEscalationScenario;
import io.github.agentfeedback.spi.FeedbackStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The replicas' scenario on one engine: each replica (and each restarted one) gets store
 * objects of its own over the same tables.
 */
abstract class JdbcReplicaEscalation extends ReplicaEscalationScenario {

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final DataSource dataSource;
  private final String prefix =
      "rep_" + Long.toString(System.currentTimeMillis(), 36) + "_" + RUNS.incrementAndGet();

  JdbcReplicaEscalation(Engine engine) {
    this.dataSource = engine.dataSource();
  }

  @Override
  protected FeedbackStore feedbackStore() {
    JdbcFeedbackStore store =
        JdbcFeedbackStore.builder()
            .dataSource(dataSource)
            .sessionsTable(prefix + "_sessions")
            .feedbackTable(prefix + "_feedback")
            .build();
    store.createSchema();
    return store;
  }

  @Override
  protected EscalationStore escalationStore() {
    JdbcEscalationStore store =
        JdbcEscalationStore.builder().dataSource(dataSource).table(prefix + "_escalations").build();
    store.createSchema();
    return store;
  }
}
