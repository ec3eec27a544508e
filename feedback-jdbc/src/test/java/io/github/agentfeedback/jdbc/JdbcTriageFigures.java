package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.hooks.TriageFiguresScenario;
import io.github.agentfeedback.spi.FeedbackStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** The triage figures on one engine, over tables of the test's own. */
abstract class JdbcTriageFigures extends TriageFiguresScenario {

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final DataSource dataSource;
  private final String prefix =
      "tri_" + Long.toString(System.currentTimeMillis(), 36) + "_" + RUNS.incrementAndGet();

  JdbcTriageFigures(Engine engine) {
    this.dataSource = engine.dataSource();
  }

  @Override
  protected FeedbackStore store() {
    JdbcFeedbackStore store =
        JdbcFeedbackStore.builder()
            .dataSource(dataSource)
            .sessionsTable(prefix + "_sessions")
            .feedbackTable(prefix + "_feedback")
            .build();
    store.createSchema();
    return store;
  }
}
