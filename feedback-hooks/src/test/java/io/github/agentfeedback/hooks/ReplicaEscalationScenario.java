package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStatus;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Three replicas of an application, each a {@link FeedbackManager} with its own
 * {@link EscalationHook} over one feedback store and one escalation store, each receiving a
 * third of a session's negative feedback, in any order, with a vote changed from UP to DOWN
 * along the way: exactly one escalation when the session reaches the threshold, none
 * before; the same after every replica restarts (new managers, hooks and store objects over
 * the same data); a later DOWN raises its count, and a comment fix of that DOWN does not.
 * Each store's tests extend it (feedback-hooks' test jar): in-memory, MongoDB, PostgreSQL,
 * SQLite.
 */
public abstract class ReplicaEscalationScenario {

  /** The threshold of the rule: the fourth DOWN of a session raises. */
  private static final int THRESHOLD = 4;

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /**
   * A feedback store object over the scenario's data: a new object over the same database
   * for each call (a replica's, or a restarted one's), or the one in-memory store.
   *
   * @return the store
   */
  protected abstract FeedbackStore feedbackStore();

  /**
   * An escalation store object over the scenario's escalations, as {@link #feedbackStore()}.
   *
   * @return the store
   */
  protected abstract EscalationStore escalationStore();

  private final List<Raised> told = new CopyOnWriteArrayList<>();

  /** One replica: a manager in one-vote mode with its own hook, over its own store objects. */
  private FeedbackManager replica() {
    FeedbackStore store = feedbackStore();
    return FeedbackManager.builder()
        .store(store)
        .oneVotePerUserAndMessage(true)
        .hooks(
            EscalationHook.builder()
                .escalations(escalationStore())
                .feedbackStore(store)
                .negativeRatings(THRESHOLD)
                .listener(told::add)
                .build())
        .build();
  }

  /** One write: which replica, and what. */
  private record Write(int replica, Feedback feedback) {}

  /**
   * A session's writes in a shuffled order: three plain DOWN and a vote that is UP first and
   * changed to DOWN later (four negatives), and two UP that count for nothing; the negative
   * ones spread over the three replicas, a third each.
   */
  private static List<Write> writes(long seed) {
    Feedback vote =
        Feedback.builder().userId("u").messageId("m").rating(Rating.UP).createdAt(T0).build();
    Feedback changed = vote.toBuilder().rating(Rating.DOWN).createdAt(T0.plusSeconds(60)).build();
    List<Write> writes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      writes.add(new Write(i, Feedback.down("d" + i).toBuilder().id("d" + i).build()));
    }
    writes.add(new Write(0, Feedback.up("fine").toBuilder().id("u0").build()));
    writes.add(new Write(1, Feedback.up("fine").toBuilder().id("u1").build()));
    Collections.shuffle(writes, new Random(seed));
    // The vote first, on one replica; its change later, on another.
    Random random = new Random(seed + 1);
    int first = random.nextInt(writes.size() + 1);
    writes.add(first, new Write(1, vote));
    int later = first + 1 + random.nextInt(writes.size() - first);
    writes.add(later, new Write(2, changed));
    return writes;
  }

  /** Sends a session's writes through the replicas, checking the escalations after each. */
  private void reachTheThreshold(List<FeedbackManager> replicas, String session, long seed) {
    EscalationStore escalations = escalationStore();
    String subject = "session:" + session;
    long down = 0;
    for (Write w : writes(seed)) {
      FeedbackResult r = replicas.get(w.replica()).addFeedback(session, w.feedback());
      assertThat(r.counts()).as("counts of %s", w).isNotNull();
      down = r.counts().down();
      List<Escalation> open = escalations.list(EscalationQuery.builder().subject(subject).build());
      if (down < THRESHOLD) {
        assertThat(open).as("after %s, %d DOWN", w, down).isEmpty();
      } else {
        assertThat(open)
            .as("after %s, %d DOWN", w, down)
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.status()).isEqualTo(EscalationStatus.OPEN);
                  assertThat(e.count()).isEqualTo(1);
                  assertThat(e.figures()).containsEntry("down", (double) THRESHOLD);
                  assertThat(e.sessionIds()).containsExactly(session);
                });
      }
    }
    assertThat(down).as("the session ends at the threshold").isEqualTo(THRESHOLD);
  }

  @Test
  public void threeReplicasRaiseOneEscalationWhenASessionReachesTheThresholdAndAfterARestart() {
    List<FeedbackManager> replicas = List.of(replica(), replica(), replica());
    reachTheThreshold(replicas, "s1", 20);
    assertThat(told).singleElement().satisfies(r -> assertThat(r.created()).isTrue());

    // Every replica restarts: new managers, hooks and store objects; nothing in memory.
    List<FeedbackManager> restarted = List.of(replica(), replica(), replica());
    reachTheThreshold(restarted, "s2", 21);
    // The session escalated before the restart stays one escalation: a further DOWN raises
    // its count, not a new one.
    restarted.get(2).addFeedback("s1", Feedback.down("more").toBuilder().id("d9").build());
    List<Escalation> s1 =
        escalationStore().list(EscalationQuery.builder().subject("session:s1").build());
    assertThat(s1).singleElement().satisfies(e -> assertThat(e.count()).isEqualTo(2));
    // A comment fix of that DOWN on another replica is no further DOWN: the store says the
    // feedback was DOWN before, and the count stays.
    FeedbackResult edited =
        restarted
            .get(0)
            .updateFeedback("s1", Feedback.down("more, fixed").toBuilder().id("d9").build());
    assertThat(edited.previousRating()).isEqualTo(Rating.DOWN);
    assertThat(escalationStore().list(EscalationQuery.builder().subject("session:s1").build()))
        .singleElement()
        .satisfies(e -> assertThat(e.count()).isEqualTo(2));
    assertThat(escalationStore().list(EscalationQuery.builder().build())).hasSize(2);
    assertThat(told).extracting(Raised::created).containsExactly(true, true, false);
  }
}
