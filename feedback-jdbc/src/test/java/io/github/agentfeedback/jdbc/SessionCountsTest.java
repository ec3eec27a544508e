package io.github.agentfeedback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionCounts;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.spi.AppendResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The session counts in the sessions table's columns, beyond the store kit: what a batch
 * returns, and a table made before the columns existed, on both engines.
 */
@ExtendWith(PostgresTestServer.class)
class SessionCountsTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.250Z");

  private static Feedback rated(String id, Rating rating) {
    return Feedback.builder().id(id).rating(rating).comment("").createdAt(T0).build();
  }

  private static SessionFeedback item(String session, String id, Rating rating) {
    return new SessionFeedback(session, rated(id, rating));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aBatchAddsToEachSessionsCountsAndReturnsThem(Engine engine) {
    JdbcFeedbackStore store = engine.store();
    store.append("s1", rated("old", Rating.DOWN), UnknownSessionPolicy.CREATE);
    List<AppendResult> results =
        store.appendAll(
            List.of(
                item("s1", "a", Rating.DOWN),
                item("s2", "b", Rating.UP),
                item("s1", "old", Rating.DOWN), // a replay: counted once, before
                item("s1", "c", Rating.NEUTRAL),
                item("s2", "b", Rating.UP)), // repeated in the call: written once
            UnknownSessionPolicy.CREATE);
    SessionCounts s1 = new SessionCounts(0, 2, 1, 3);
    SessionCounts s2 = new SessionCounts(1, 0, 0, 1);
    assertThat(results).extracting(r -> r.result().counts()).containsExactly(s1, s2, s1, s1, s2);
    // The columns hold what the session holds: the next single append counts on from there.
    assertThat(store.append("s1", rated("d", Rating.DOWN), UnknownSessionPolicy.REFUSE).counts())
        .isEqualTo(new SessionCounts(0, 3, 1, 4));
    assertThat(store.append("s2", rated("e", Rating.UP), UnknownSessionPolicy.CREATE).counts())
        .isEqualTo(new SessionCounts(2, 0, 0, 2));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aTableMadeBeforeTheCountsGetsTheColumnsAndIsCountedOnce(Engine engine) throws SQLException {
    DataSource ds = engine.dataSource();
    JdbcFeedbackStore store = engine.builder(ds).build();
    store.createSchema();
    String sessions = JdbcFeedbackStoreTest.tables(store)[0];
    store.append("s1", rated("a", Rating.DOWN), UnknownSessionPolicy.CREATE);
    store.append("s1", rated("b", Rating.UP), UnknownSessionPolicy.CREATE);
    store.append("s1", rated("c", Rating.DOWN), UnknownSessionPolicy.CREATE);
    store.append("s2", rated("d", Rating.NEUTRAL), UnknownSessionPolicy.CREATE);
    store.updateMetadata("s3", java.util.Map.of("plan", "pro")); // a session without feedback
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      for (String column : List.of("count_up", "count_down", "count_neutral", "count_total")) {
        st.execute("ALTER TABLE " + sessions + " DROP COLUMN " + column);
      }
    }

    store.createSchema(); // the table of an earlier release: the columns added, all counted

    assertThat(counts(ds, sessions, "s1")).containsExactly(1L, 2L, 0L, 3L);
    assertThat(counts(ds, sessions, "s2")).containsExactly(0L, 0L, 1L, 1L);
    assertThat(counts(ds, sessions, "s3")).containsExactly(0L, 0L, 0L, 0L);
    assertThat(store.append("s1", rated("e", Rating.DOWN), UnknownSessionPolicy.CREATE).counts())
        .isEqualTo(new SessionCounts(1, 3, 0, 4));

    // Once the columns exist, createSchema counts nothing again: what the columns say stays.
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("UPDATE " + sessions + " SET count_down = 7, count_total = 8 WHERE id = 's1'");
    }
    store.createSchema();
    assertThat(counts(ds, sessions, "s1")).containsExactly(1L, 7L, 0L, 8L);
    assertThat(store.list("s1")).hasSize(4);
  }

  private static List<Long> counts(DataSource ds, String sessions, String id) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count_up, count_down, count_neutral, count_total FROM "
                    + sessions
                    + " WHERE id = '"
                    + id
                    + "'")) {
      assertThat(rs.next()).isTrue();
      return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
    }
  }
}
