package io.github.agentfeedback.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.DelegatingStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FeedbackManagerTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final AtomicInteger ids = new AtomicInteger();

  private FeedbackManager.Builder builder() {
    return FeedbackManager.builder()
        .store(store)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .idGenerator(() -> "fb-" + ids.incrementAndGet());
  }

  @Test
  void idAndCreatedAtAreSetBeforeAnyHookRuns() {
    List<Feedback> seen = new ArrayList<>();
    FeedbackManager manager =
        builder()
            .hooks(
                chain -> {
                  seen.add(chain.feedback());
                  return chain.proceed(chain.feedback());
                })
            .build();
    FeedbackResult r = manager.session("s").addFeedback(Feedback.up("Clear instructions"));
    assertThat(seen)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo("fb-1");
              assertThat(f.createdAt()).isEqualTo(NOW);
            });
    assertThat(r.feedback()).isEqualTo(seen.get(0));
  }

  @Test
  void callerSuppliedIdAndTimeAreKept() {
    FeedbackManager manager = builder().build();
    Instant then = NOW.minusSeconds(3600);
    Feedback f = Feedback.down("late").toBuilder().id("mine").createdAt(then).build();
    assertThat(manager.addFeedback("s", f).feedback()).isEqualTo(f);
    assertThat(ids).hasValue(0);
  }

  @Test
  void retriedCallIsStoredOnceAndReportsNotCreated() {
    FeedbackManager manager = builder().build();
    AgentSession session = manager.session("user-123");
    Feedback f = Feedback.up("ok").toBuilder().id("idem-1").build();
    assertThat(session.addFeedback(f).created()).isTrue();
    assertThat(session.addFeedback(f).created()).isFalse();
    assertThat(session.getFeedbacks()).hasSize(1);
  }

  @Test
  void unknownSessionsAreRefusedWhenConfigured() {
    FeedbackManager manager = builder().unknownSessions(UnknownSessionPolicy.REFUSE).build();
    assertThatThrownBy(() -> manager.addFeedback("ghost", Feedback.up("x")))
        .isInstanceOf(SessionNotFoundException.class)
        .isInstanceOf(FeedbackException.class);
    manager.updateMetadata("real", Map.of("variant", "A"));
    assertThat(manager.addFeedback("real", Feedback.up("x")).created()).isTrue();
  }

  @Test
  void sessionIdMustBeNonBlankAndAtMost1024Chars() {
    FeedbackManager manager = builder().build();
    assertThatThrownBy(() -> manager.session(""))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> assertThat(e.fields()).containsExactly("sessionId"));
    assertThatThrownBy(() -> manager.addFeedback("x".repeat(1025), Feedback.up("x")))
        .isInstanceOf(InvalidFeedbackException.class)
        .hasMessageContaining("1024");
    assertThat(manager.session("x".repeat(1024)).sessionId()).hasSize(1024);
  }

  @Test
  void metadataKeysThatWouldInjectAreRejectedBeforeTheStore() {
    FeedbackManager manager = builder().build();
    AgentSession session = manager.session("s");
    assertThatThrownBy(() -> session.updateMetadata(Map.of("$where", "1")))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> assertThat(e.fields()).containsExactly("metadata.$where"));
    assertThatThrownBy(() -> session.updateMetadata(Map.of("a.b", "1")))
        .isInstanceOf(InvalidFeedbackException.class);
    assertThatThrownBy(() -> session.deleteMetadata("$unset"))
        .isInstanceOf(InvalidFeedbackException.class);
    assertThat(session.getMetadata()).isEmpty();
  }

  @Test
  void metadataRoundTripsThroughSessionHandle() {
    AgentSession session = builder().build().session("s");
    session.updateMetadata(Map.of("variant", "B", "model", "m1"));
    session.deleteMetadata("model");
    assertThat(session.getMetadata()).isEqualTo(Map.of("variant", "B"));
  }

  @Test
  void deleteAndEraseGoThroughToTheStore() {
    FeedbackManager manager = builder().build();
    FeedbackResult a = manager.addFeedback("s1", Feedback.up("a").toBuilder().userId("u").build());
    manager.addFeedback("s2", Feedback.down("b").toBuilder().userId("u").build());
    manager.addFeedback("s2", Feedback.down("c"));
    assertThat(manager.session("s1").retractFeedback(a.feedbackId())).isTrue();
    assertThat(manager.eraseUser("u")).isEqualTo(1);
    assertThat(manager.getFeedbacks("s2")).extracting(Feedback::comment).containsExactly("c");
  }

  @Test
  void summaryOfASession() {
    FeedbackManager manager = builder().build();
    AgentSession s = manager.session("s");
    s.addFeedback(Feedback.up("a"));
    s.addFeedback(Feedback.up("b"));
    s.addFeedback(Feedback.down("c"));
    manager.addFeedback("other", Feedback.down("d"));
    FeedbackSummary summary = s.summary();
    assertThat(summary.ratings().total()).isEqualTo(3);
    assertThat(summary.ratings().satisfaction()).isEqualTo(200.0 / 3);
    assertThat(summary).isEqualTo(manager.analytics().summary(FeedbackQuery.session("s")));
    assertThat(manager.analytics().summary(FeedbackQuery.all()).ratings().total()).isEqualTo(4);
  }

  @Test
  void sixteenThreadsAddingAThousandEachLoseNothing() throws Exception {
    FeedbackManager manager = FeedbackManager.builder().store(store).build();
    AgentSession session = manager.session("busy");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 1_000; i++) {
                    session.addFeedback(Feedback.up("x"));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(session.getFeedbacks()).hasSize(16_000);
  }

  @Test
  void closeClosesHooksLastFirstThenTheStoreOnce() {
    List<String> closed = new ArrayList<>();
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(
                new DelegatingStore(store) {
                  @Override
                  public void close() {
                    closed.add("store");
                  }
                })
            .hooks(
                new ClosingHook("a", closed),
                chain -> chain.proceed(chain.feedback()),
                new ClosingHook("b", closed))
            .build();
    manager.close();
    manager.close();
    assertThat(closed).containsExactly("b", "a", "store");
  }

  @Test
  void nullIdsInQueriesAndMetadataKeysAreReportedNotThrownAsNpe() {
    FeedbackManager manager = builder().build();
    assertThatThrownBy(() -> FeedbackQuery.builder().sessionId(null).build())
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> assertThat(e.fields()).containsExactly("sessionIds"));
    assertThatThrownBy(() -> manager.deleteMetadata("s", java.util.Arrays.asList("ok", null)))
        .isInstanceOf(InvalidFeedbackException.class);
  }

  @Test
  void invalidFeedbackExceptionKeepsItsViolationsWhenSerialized() throws Exception {
    InvalidFeedbackException e = InvalidFeedbackException.of("comment", "too_long", "too long");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      InvalidFeedbackException back = (InvalidFeedbackException) in.readObject();
      assertThat(back.fields()).containsExactly("comment");
    }
  }

  @Test
  void aStoreIsRequired() {
    assertThatThrownBy(() -> FeedbackManager.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("store");
  }

  @Test
  void defaultIdsAreDistinctVersion4UuidsAcrossThreads() throws Exception {
    FeedbackManager manager = FeedbackManager.builder().store(new InMemoryFeedbackStore()).build();
    java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_500; i++) {
                    ids.add(manager.addFeedback("s", Feedback.up("x")).feedbackId());
                  }
                }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ids)
        .hasSize(10_000)
        .allSatisfy(
            id -> {
              java.util.UUID uuid = java.util.UUID.fromString(id);
              assertThat(uuid.version()).isEqualTo(4);
              assertThat(uuid.variant()).isEqualTo(2);
              assertThat(uuid.toString()).isEqualTo(id);
            });
  }
}
