package io.github.agentfeedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.BatchResult.Status;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BatchIngestTest {

  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

  /** Counts the store's batch calls and the items each received. */
  private static final class CountingStore extends DelegatingStore {
    final List<Integer> batches = new ArrayList<>();

    CountingStore(FeedbackStore delegate) {
      super(delegate);
    }

    @Override
    public List<AppendResult> appendAll(List<SessionFeedback> items,
        UnknownSessionPolicy policy) {
      batches.add(items.size());
      return super.appendAll(items, policy);
    }
  }

  /** Records every outcome the hooks see after proceed, by comment. */
  private final Map<String, String> seen = new ConcurrentHashMap<>();

  private final FeedbackHook recorder = chain -> {
    try {
      FeedbackResult r = chain.proceed(chain.feedback());
      seen.put(chain.feedback().comment(), r.outcome().name());
      return r;
    } catch (FeedbackException e) {
      seen.put(chain.feedback().comment(), e.getClass().getSimpleName());
      throw e;
    }
  };

  private final FeedbackHook refuseSpam = chain -> {
    if (chain.feedback().comment().contains("spam")) {
      throw new FeedbackRejectedException("spam", "no spam");
    }
    return chain.proceed(chain.feedback());
  };

  private static SessionFeedback item(String session, Feedback f) {
    return new SessionFeedback(session, f);
  }

  @Test
  void everyItemPassesTheHooksAloneAndTheSurvivorsReachTheStoreInOneCall() {
    CountingStore store = new CountingStore(new InMemoryFeedbackStore());
    FeedbackManager manager = FeedbackManager.builder().store(store)
        .hooks(recorder, refuseSpam).build();
    manager.addFeedback("s1", Feedback.up("earlier").withId("dup"));
    seen.clear();

    BatchResult result = manager.addFeedbacks(List.of(
        item("s1", Feedback.up("one")),
        item("s2", Feedback.down("two").withId("f-2")),
        item(" ", Feedback.up("bad session")),
        item("s1", Feedback.up("buy spam now")),
        item("s1", Feedback.up("again").withId("dup")),
        item("s3", Feedback.neutral("three").withCreatedAt(T0))));

    assertThat(result.items()).extracting(BatchResult.Item::status).containsExactly(
        Status.CREATED, Status.CREATED, Status.REJECTED, Status.REJECTED, Status.DUPLICATE,
        Status.CREATED);
    assertThat(result.items()).extracting(BatchResult.Item::index)
        .containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(result.items().get(2).error()).isInstanceOf(InvalidFeedbackException.class);
    assertThat(result.items().get(3).error()).isInstanceOf(FeedbackRejectedException.class);
    assertThat(result.counts()).containsEntry(Status.CREATED, 3).containsEntry(
        Status.REJECTED, 2).containsEntry(Status.DUPLICATE, 1);
    assertThat(store.batches).containsExactly(4); // one call, with the four survivors
    // Each item's hooks saw its own outcome, as after a single call.
    assertThat(seen).containsEntry("one", "CREATED").containsEntry("two", "CREATED")
        .containsEntry("buy spam now", "FeedbackRejectedException")
        .containsEntry("again", "DUPLICATE").containsEntry("three", "CREATED")
        .doesNotContainKey("bad session");
    assertThat(manager.getFeedbacks("s1")).extracting(Feedback::comment)
        .containsExactly("earlier", "one");
    assertThat(result.items().get(1).feedback().id()).isEqualTo("f-2");
    assertThat(result.items().get(5).feedback().createdAt()).isEqualTo(T0);
    assertThat(result.items().get(0).feedback().id()).isNotNull();
  }

  @Test
  void largeBatchesAreStoredInGroups() {
    CountingStore store = new CountingStore(new InMemoryFeedbackStore());
    FeedbackManager manager = FeedbackManager.builder().store(store).hooks(recorder)
        .batchGroupSize(100).build();
    List<SessionFeedback> items = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      items.add(item("s" + i % 7, Feedback.up("c" + i)));
    }
    BatchResult result = manager.addFeedbacks(items);
    assertThat(result.count(Status.CREATED)).isEqualTo(250);
    assertThat(store.batches).containsExactly(100, 100, 50);
    assertThat(seen).hasSize(250).allSatisfy((k, v) -> assertThat(v).isEqualTo("CREATED"));
  }

  @Test
  void perItemStoreFailuresSayWhetherTheItemMayBeStored() {
    FeedbackStore failing = new DelegatingStore(new InMemoryFeedbackStore()) {
      @Override
      public List<AppendResult> appendAll(List<SessionFeedback> items,
          UnknownSessionPolicy policy) {
        List<AppendResult> results = new ArrayList<>(super.appendAll(items, policy));
        results.set(1, AppendResult.failed(new FeedbackStoreException("too large", "append",
            items.get(1).sessionId(), null, false, null), false));
        results.set(2, AppendResult.failed(new FeedbackStoreException("connection lost",
            "append", items.get(2).sessionId(), null, true, null), true));
        return results;
      }
    };
    FeedbackManager manager = FeedbackManager.builder().store(failing).hooks(recorder).build();
    BatchResult result = manager.addFeedbacks(List.of(item("s", Feedback.up("a")),
        item("s", Feedback.up("b")), item("s", Feedback.up("c"))));
    assertThat(result.items()).extracting(BatchResult.Item::status)
        .containsExactly(Status.CREATED, Status.FAILED, Status.UNKNOWN);
    assertThat(result.retryable()).extracting(BatchResult.Item::index).containsExactly(1, 2);
    assertThat(seen).containsEntry("a", "CREATED")
        .containsEntry("b", "FeedbackStoreException")
        .containsEntry("c", "FeedbackStoreException");
  }

  @Test
  void aStoreThatFailsWholesaleLeavesEverySurvivorUnknownNotLost() {
    AtomicInteger calls = new AtomicInteger();
    FeedbackStore down = new DelegatingStore(new InMemoryFeedbackStore()) {
      @Override
      public List<AppendResult> appendAll(List<SessionFeedback> items,
          UnknownSessionPolicy policy) {
        calls.incrementAndGet();
        throw new FeedbackStoreException("server gone", "appendAll", null, null, true, null);
      }
    };
    FeedbackManager manager = FeedbackManager.builder().store(down)
        .hooks(recorder, refuseSpam).build();
    BatchResult result = manager.addFeedbacks(List.of(item("s", Feedback.up("a")),
        item("s", Feedback.up("spam")), item("s", Feedback.up("c"))));
    assertThat(calls).hasValue(1);
    assertThat(result.items()).extracting(BatchResult.Item::status)
        .containsExactly(Status.UNKNOWN, Status.REJECTED, Status.UNKNOWN);
    assertThat(result.items().get(0).error()).hasMessageContaining("server gone");
    assertThat(seen).containsEntry("a", "FeedbackStoreException")
        .containsEntry("c", "FeedbackStoreException");
  }

  @Test
  void inOneVoteModeTheLaterVoteOfABatchWins() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager manager = FeedbackManager.builder().store(store)
        .oneVotePerUserAndMessage(true).build();
    BatchResult result = manager.addFeedbacks(List.of(
        item("s", Feedback.builder().userId("u").messageId("m").rating(Rating.UP).build()),
        item("s", Feedback.builder().userId("u").messageId("m").rating(Rating.DOWN)
            .comment("changed my mind").build())));
    assertThat(result.items()).extracting(BatchResult.Item::status)
        .containsExactly(Status.CREATED, Status.REPLACED);
    assertThat(store.list("s")).singleElement().satisfies(f -> {
      assertThat(f.rating()).isEqualTo(Rating.DOWN);
      assertThat(f.id()).isEqualTo(Feedback.voteId("u", "m"));
    });
  }

  @Test
  void theLargestGroupFitsInASmallStackWithManyHooks() throws Exception {
    List<FeedbackHook> hooks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      hooks.add(chain -> chain.proceed(chain.feedback().withAttribute("h", 1)));
    }
    FeedbackManager manager = FeedbackManager.builder().store(new InMemoryFeedbackStore())
        .hooks(hooks).batchGroupSize(FeedbackManager.MAX_BATCH_GROUP_SIZE).build();
    List<SessionFeedback> items = new ArrayList<>();
    for (int i = 0; i < FeedbackManager.MAX_BATCH_GROUP_SIZE; i++) {
      items.add(item("s" + i, Feedback.up("c")));
    }
    AtomicReference<Object> outcome = new AtomicReference<>();
    // 16 MB: the stack the group-size documentation promises is enough for 1,000 items
    // through 10 hooks (about 1 KB per item and hook).
    Thread t = new Thread(null, () -> {
      try {
        outcome.set(manager.addFeedbacks(items).count(Status.CREATED));
      } catch (Throwable e) {
        outcome.set(e);
      }
    }, "small-stack", 16L << 20);
    t.start();
    t.join();
    assertThat(outcome.get()).isEqualTo(FeedbackManager.MAX_BATCH_GROUP_SIZE);
  }

  @Test
  void nullItemsAreRefusedBeforeAnythingIsStored() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager manager = FeedbackManager.builder().store(store).build();
    assertThatThrownBy(() -> manager.addFeedbacks(Arrays.asList(item("s", Feedback.up("a")),
        null))).isInstanceOf(NullPointerException.class).hasMessage("items[1]");
    assertThatThrownBy(() -> manager.addFeedbacks(null)).hasMessage("items");
    assertThat(store.list("s")).isEmpty();
  }
}
