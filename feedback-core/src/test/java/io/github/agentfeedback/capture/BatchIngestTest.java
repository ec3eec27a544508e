package io.github.agentfeedback.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.capture.BatchResult.Status;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.DelegatingStore;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
    public List<AppendResult> appendAll(List<SessionFeedback> items, UnknownSessionPolicy policy) {
      batches.add(items.size());
      return super.appendAll(items, policy);
    }
  }

  /** Records every outcome the hooks see after proceed, by comment. */
  private final Map<String, String> seen = new ConcurrentHashMap<>();

  private final FeedbackHook recorder =
      chain -> {
        try {
          FeedbackResult r = chain.proceed(chain.feedback());
          seen.put(chain.feedback().comment(), r.outcome().name());
          return r;
        } catch (FeedbackException e) {
          seen.put(chain.feedback().comment(), e.getClass().getSimpleName());
          throw e;
        }
      };

  private final FeedbackHook refuseSpam =
      chain -> {
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
    FeedbackManager manager =
        FeedbackManager.builder().store(store).hooks(recorder, refuseSpam).build();
    manager.addFeedback("s1", Feedback.up("earlier").toBuilder().id("dup").build());
    seen.clear();

    BatchResult result =
        manager.addFeedbacks(
            List.of(
                item("s1", Feedback.up("one")),
                item("s2", Feedback.down("two").toBuilder().id("f-2").build()),
                item(" ", Feedback.up("bad session")),
                item("s1", Feedback.up("buy spam now")),
                item("s1", Feedback.up("again").toBuilder().id("dup").build()),
                item("s3", Feedback.neutral("three").toBuilder().createdAt(T0).build())));

    assertThat(result.items())
        .extracting(BatchResult.Item::status)
        .containsExactly(
            Status.CREATED,
            Status.CREATED,
            Status.REJECTED,
            Status.REJECTED,
            Status.DUPLICATE,
            Status.CREATED);
    assertThat(result.items())
        .extracting(BatchResult.Item::index)
        .containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(result.items().get(2).error()).isInstanceOf(InvalidFeedbackException.class);
    assertThat(result.items().get(3).error()).isInstanceOf(FeedbackRejectedException.class);
    assertThat(result.counts())
        .containsEntry(Status.CREATED, 3)
        .containsEntry(Status.REJECTED, 2)
        .containsEntry(Status.DUPLICATE, 1);
    assertThat(store.batches).containsExactly(4); // one call, with the four survivors
    // Each item's hooks saw its own outcome, as after a single call.
    assertThat(seen)
        .containsEntry("one", "CREATED")
        .containsEntry("two", "CREATED")
        .containsEntry("buy spam now", "FeedbackRejectedException")
        .containsEntry("again", "DUPLICATE")
        .containsEntry("three", "CREATED")
        .doesNotContainKey("bad session");
    assertThat(manager.getFeedbacks("s1"))
        .extracting(Feedback::comment)
        .containsExactly("earlier", "one");
    assertThat(result.items().get(1).feedback().id()).isEqualTo("f-2");
    assertThat(result.items().get(5).feedback().createdAt()).isEqualTo(T0);
    assertThat(result.items().get(0).feedback().id()).isNotNull();
  }

  @Test
  void largeBatchesAreStoredInGroups() {
    CountingStore store = new CountingStore(new InMemoryFeedbackStore());
    FeedbackManager manager =
        FeedbackManager.builder().store(store).hooks(recorder).batchGroupSize(100).build();
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
  void withoutHooksTheWholeBatchIsOneStoreCall() {
    // No item waits at a store step without hooks, so no group bound applies: the store
    // splits the batch by its own limits (statements, bulk writes).
    CountingStore store = new CountingStore(new InMemoryFeedbackStore());
    FeedbackManager manager = FeedbackManager.builder().store(store).batchGroupSize(100).build();
    List<SessionFeedback> items = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      items.add(item("s" + i % 7, Feedback.up("c" + i)));
    }
    items.add(item("  ", Feedback.up("a session id the manager refuses")));
    BatchResult result = manager.addFeedbacks(items);
    assertThat(result.count(Status.CREATED)).isEqualTo(250);
    assertThat(result.count(Status.REJECTED)).isEqualTo(1);
    assertThat(store.batches).containsExactly(250);
  }

  @Test
  void perItemStoreFailuresSayWhetherTheItemMayBeStored() {
    FeedbackStore failing =
        new DelegatingStore(new InMemoryFeedbackStore()) {
          @Override
          public List<AppendResult> appendAll(
              List<SessionFeedback> items, UnknownSessionPolicy policy) {
            List<AppendResult> results = new ArrayList<>(super.appendAll(items, policy));
            results.set(
                1,
                AppendResult.failed(
                    new FeedbackStoreException(
                        "too large", "append", items.get(1).sessionId(), null, false, null),
                    false));
            results.set(
                2,
                AppendResult.failed(
                    new FeedbackStoreException(
                        "connection lost", "append", items.get(2).sessionId(), null, true, null),
                    true));
            return results;
          }
        };
    FeedbackManager manager = FeedbackManager.builder().store(failing).hooks(recorder).build();
    BatchResult result =
        manager.addFeedbacks(
            List.of(
                item("s", Feedback.up("a")),
                item("s", Feedback.up("b")),
                item("s", Feedback.up("c"))));
    assertThat(result.items())
        .extracting(BatchResult.Item::status)
        .containsExactly(Status.CREATED, Status.FAILED, Status.UNKNOWN);
    assertThat(result.retryable()).extracting(BatchResult.Item::index).containsExactly(1, 2);
    assertThat(seen)
        .containsEntry("a", "CREATED")
        .containsEntry("b", "FeedbackStoreException")
        .containsEntry("c", "FeedbackStoreException");
  }

  @Test
  void aStoreThatFailsWholesaleLeavesEverySurvivorUnknownNotLost() {
    AtomicInteger calls = new AtomicInteger();
    FeedbackStore down =
        new DelegatingStore(new InMemoryFeedbackStore()) {
          @Override
          public List<AppendResult> appendAll(
              List<SessionFeedback> items, UnknownSessionPolicy policy) {
            calls.incrementAndGet();
            throw new FeedbackStoreException("server gone", "appendAll", null, null, true, null);
          }
        };
    FeedbackManager manager =
        FeedbackManager.builder().store(down).hooks(recorder, refuseSpam).build();
    BatchResult result =
        manager.addFeedbacks(
            List.of(
                item("s", Feedback.up("a")),
                item("s", Feedback.up("spam")),
                item("s", Feedback.up("c"))));
    assertThat(calls).hasValue(1);
    assertThat(result.items())
        .extracting(BatchResult.Item::status)
        .containsExactly(Status.UNKNOWN, Status.REJECTED, Status.UNKNOWN);
    assertThat(result.items().get(0).error()).hasMessageContaining("server gone");
    assertThat(seen)
        .containsEntry("a", "FeedbackStoreException")
        .containsEntry("c", "FeedbackStoreException");
  }

  @Test
  void inOneVoteModeTheLaterVoteOfABatchWins() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager manager =
        FeedbackManager.builder().store(store).oneVotePerUserAndMessage(true).build();
    BatchResult result =
        manager.addFeedbacks(
            List.of(
                item("s", Feedback.builder().userId("u").messageId("m").rating(Rating.UP).build()),
                item(
                    "s",
                    Feedback.builder()
                        .userId("u")
                        .messageId("m")
                        .rating(Rating.DOWN)
                        .comment("changed my mind")
                        .build())));
    assertThat(result.items())
        .extracting(BatchResult.Item::status)
        .containsExactly(Status.CREATED, Status.REPLACED);
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rating()).isEqualTo(Rating.DOWN);
              assertThat(f.id()).isEqualTo(Feedback.voteId("u", "m"));
            });
  }

  /**
   * Logs each item's work before and after proceed, what the store holds for the item's
   * session when the work after proceed runs, and whether two items' work ever overlapped.
   */
  private static final class OrderHook implements FeedbackHook {
    final List<String> log = new ArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();
    final FeedbackStore store;

    OrderHook(FeedbackStore store) {
      this.store = store;
    }

    @Override
    public FeedbackResult intercept(Chain chain) {
      String c = chain.feedback().comment();
      step(() -> log.add("before " + c));
      if (c.startsWith("refuse")) {
        throw new FeedbackRejectedException("refused", "refused");
      }
      FeedbackResult r = chain.proceed(chain.feedback());
      step(
          () ->
              log.add(
                  "after "
                      + c
                      + " "
                      + r.outcome()
                      + " sees "
                      + store.list(chain.sessionId()).stream().map(Feedback::comment).toList()));
      return r;
    }

    private void step(Runnable work) {
      if (running.incrementAndGet() != 1) {
        overlaps.incrementAndGet();
      }
      work.run();
      running.decrementAndGet();
    }
  }

  @Test
  void hooksSeeTheItemsOfAGroupInListOrderBeforeAndAfterTheStoreCall() {
    CountingStore store = new CountingStore(new InMemoryFeedbackStore());
    OrderHook order = new OrderHook(store);
    FeedbackManager manager = FeedbackManager.builder().store(store).hooks(order).build();

    BatchResult result =
        manager.addFeedbacks(
            List.of(
                item("s", Feedback.up("a")),
                item("t", Feedback.down("b")),
                item("s", Feedback.down("refuse c")),
                item("s", Feedback.up("d")),
                item("s", Feedback.up("e").toBuilder().id("dup").build()),
                item("s", Feedback.up("e").toBuilder().id("dup").build())));

    assertThat(result.items())
        .extracting(BatchResult.Item::status)
        .containsExactly(
            Status.CREATED,
            Status.CREATED,
            Status.REJECTED,
            Status.CREATED,
            Status.CREATED,
            Status.DUPLICATE);
    assertThat(store.batches).containsExactly(5);
    // One bulk write per group: the work after proceed sees the whole group stored.
    assertThat(order.log)
        .containsExactly(
            "before a",
            "before b",
            "before refuse c",
            "before d",
            "before e",
            "before e",
            "after a CREATED sees [a, d, e]",
            "after b CREATED sees [b]",
            "after d CREATED sees [a, d, e]",
            "after e CREATED sees [a, d, e]",
            "after e DUPLICATE sees [a, d, e]");
    assertThat(order.overlaps).hasValue(0);
  }

  @Test
  void eachGroupIsStoredBeforeTheNextGroupsHooksRun() {
    OrderHook order = new OrderHook(new InMemoryFeedbackStore());
    FeedbackManager manager =
        FeedbackManager.builder().store(order.store).hooks(order).batchGroupSize(2).build();
    manager.addFeedbacks(
        List.of(
            item("s", Feedback.up("a")), item("s", Feedback.up("b")), item("s", Feedback.up("c"))));
    assertThat(order.log)
        .containsExactly(
            "before a",
            "before b",
            "after a CREATED sees [a, b]",
            "after b CREATED sees [a, b]",
            "before c",
            "after c CREATED sees [a, b, c]");
  }

  @Test
  void anErrorInOneItemsHookReachesTheCallerAfterTheGroupIsStored() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackHook broken =
        chain -> {
          FeedbackResult r = chain.proceed(chain.feedback());
          if (chain.feedback().comment().equals("a")) {
            throw new AssertionError("broken hook");
          }
          return r;
        };
    FeedbackManager manager = FeedbackManager.builder().store(store).hooks(broken).build();
    assertThatThrownBy(
            () ->
                manager.addFeedbacks(
                    List.of(
                        item("s", Feedback.up("a")),
                        item("s", Feedback.up("b")),
                        item("s", Feedback.up("c")))))
        .isInstanceOf(AssertionError.class)
        .hasMessage("broken hook");
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly("a", "b", "c");
  }

  @Test
  void theLargestGroupRunsThroughManyHooks() {
    List<FeedbackHook> hooks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      hooks.add(chain -> chain.proceed(chain.feedback().toBuilder().attribute("h", 1).build()));
    }
    List<Integer> after = new ArrayList<>();
    hooks.add(
        chain -> {
          FeedbackResult r = chain.proceed(chain.feedback());
          after.add(Integer.parseInt(chain.feedback().comment()));
          return r;
        });
    CountingStore store = new CountingStore(new InMemoryFeedbackStore());
    FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .hooks(hooks)
            .batchGroupSize(FeedbackManager.MAX_BATCH_GROUP_SIZE)
            .build();
    List<SessionFeedback> items = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < FeedbackManager.MAX_BATCH_GROUP_SIZE; i++) {
      items.add(item("s" + i % 10, Feedback.up(Integer.toString(i))));
      expected.add(i);
    }
    assertThat(manager.addFeedbacks(items).count(Status.CREATED))
        .isEqualTo(FeedbackManager.MAX_BATCH_GROUP_SIZE);
    assertThat(store.batches).containsExactly(FeedbackManager.MAX_BATCH_GROUP_SIZE);
    assertThat(after).isEqualTo(expected);
    manager.close();
  }

  @Test
  void aClosedManagerRefusesBatchItemsItCannotRunWithoutLosingAny() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager manager = FeedbackManager.builder().store(store).hooks(recorder).build();
    manager.close();
    BatchResult result =
        manager.addFeedbacks(List.of(item("s", Feedback.up("a")), item("s", Feedback.up("b"))));
    assertThat(result.items().get(0).status()).isEqualTo(Status.REJECTED);
    assertThat(result.items().get(0).error()).hasMessageContaining("closed");
    assertThat(result.items().get(1).status()).isEqualTo(Status.CREATED);
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly("b");
  }

  @Test
  void aCappedStoreReportsEachBatchItemTruthfullyThroughTheHooks() {
    InMemoryFeedbackStore store = InMemoryFeedbackStore.builder().maxFeedbacksPerSession(2).build();
    FeedbackManager manager = FeedbackManager.builder().store(store).hooks(recorder).build();
    BatchResult result =
        manager.addFeedbacks(
            List.of(
                item("s", Feedback.up("old").toBuilder().createdAt(T0).build()),
                item("s", Feedback.up("newer").toBuilder().createdAt(T0.plusSeconds(1)).build()),
                item("s", Feedback.up("newest").toBuilder().createdAt(T0.plusSeconds(2)).build())));
    assertThat(result.items())
        .extracting(BatchResult.Item::status)
        .containsExactly(Status.TRIMMED, Status.CREATED, Status.CREATED);
    assertThat(seen).containsEntry("old", "TRIMMED").containsEntry("newest", "CREATED");
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly("newer", "newest");
  }

  @Test
  void nullItemsAreRefusedBeforeAnythingIsStored() {
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    FeedbackManager manager = FeedbackManager.builder().store(store).build();
    assertThatThrownBy(() -> manager.addFeedbacks(Arrays.asList(item("s", Feedback.up("a")), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("items[1]");
    assertThatThrownBy(() -> manager.addFeedbacks(null)).hasMessage("items");
    assertThat(store.list("s")).isEmpty();
  }
}
