package io.github.agentfeedback.capture.internal;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.capture.BatchResult;
import io.github.agentfeedback.capture.BatchResult.Status;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.FeedbackStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a batch through the hook chain so that every item passes every hook on its own, the
 * store receives the survivors of each group in one {@link FeedbackStore#appendAll} call,
 * and each hook's work after {@code proceed} runs item by item in list order, as it would
 * for the same items sent one by one.
 *
 * <p>A hook's work after {@code proceed} must see what was stored, so an item's chain waits
 * at its store step until the group is stored. On one thread the waiting chains could only
 * be nested, and would then finish last item first. So each item but the last runs its
 * chain on a worker thread and parks at its store step; the last runs on the calling thread,
 * stores the group, then lets the parked items finish one at a time, in order, before it
 * finishes itself. Exactly one thread runs hook code at any time, and each hand-over is a
 * latch, so every step happens-before the next: hooks see the items' work in list order as
 * on one thread. The caller's slf4j {@link MDC} is copied to the workers.
 *
 * <p>Without hooks nothing runs after a store step, and the group is stored directly on the
 * calling thread.
 *
 * <p>One instance per batch; used by the calling thread only.
 */
public final class BatchRun {

  private static final Logger log = LoggerFactory.getLogger(BatchRun.class);

  /** How long an item may take to reach its store step before the wait is logged. */
  private static final long SLOW_ITEM_SECONDS = 10;

  private final List<FeedbackHook> hooks;
  private final FeedbackStore store;
  private final UnknownSessionPolicy policy;
  private final Predicate<Feedback> isVote;
  private final BiFunction<String, Feedback, FeedbackResult> replaceVote;
  private final Executor workers;

  /**
   * @param isVote whether feedback is a vote whose duplicate must replace the stored one
   * @param replaceVote replaces a vote whose id the store already held
   * @param workers runs the chains of all but the last item of a group, each on its own
   *     thread while the group is stored; must start every task without queueing it
   */
  public BatchRun(
      List<FeedbackHook> hooks,
      FeedbackStore store,
      UnknownSessionPolicy policy,
      Predicate<Feedback> isVote,
      BiFunction<String, Feedback, FeedbackResult> replaceVote,
      Executor workers) {
    this.hooks = hooks;
    this.store = store;
    this.policy = policy;
    this.isVote = isVote;
    this.replaceVote = replaceVote;
    this.workers = workers;
  }

  /**
   * Runs a group of items whose session ids are valid and whose feedback is complete.
   *
   * @param items the group, at most as many as there may be threads
   * @param indexes each item's position in the whole batch
   * @return one outcome per item, in order
   */
  public List<BatchResult.Item> runGroup(List<SessionFeedback> items, int[] indexes) {
    Group group = new Group(items, indexes);
    if (hooks.isEmpty()) {
      group.storeWithoutHooks();
    } else {
      group.run();
    }
    return Arrays.asList(group.out);
  }

  private final class Group {
    final List<SessionFeedback> items;
    final int[] indexes;
    final BatchResult.Item[] out;
    final Slot[] slots;
    final List<SessionFeedback> survivors = new ArrayList<>();
    @Nullable List<AppendResult> stored;
    @Nullable RuntimeException failure;
    @Nullable Throwable workerError;

    Group(List<SessionFeedback> items, int[] indexes) {
      this.items = items;
      this.indexes = indexes;
      this.out = new BatchResult.Item[items.size()];
      this.slots = new Slot[items.size()];
      for (int i = 0; i < slots.length; i++) {
        slots[i] = new Slot();
      }
    }

    void storeWithoutHooks() {
      for (int i = 0; i < items.size(); i++) {
        slots[i].survivor = survivors.size();
        survivors.add(items.get(i));
      }
      flush();
      for (int i = 0; i < items.size(); i++) {
        try {
          FeedbackResult r = answer(i, items.get(i).feedback());
          out[i] = item(i, r.feedback(), status(r), null);
        } catch (RuntimeException e) {
          out[i] = failed(i, e);
        }
      }
    }

    void run() {
      int last = items.size() - 1;
      try {
        for (int i = 0; i < last; i++) {
          start(i);
          awaitUninterruptibly(slots[i].parkedOrDone, i, true);
        }
        runChain(last);
      } finally {
        finishGroup(); // unless the last item's store step did: no parked item is left behind
      }
      if (workerError instanceof Error e) {
        throw e;
      }
    }

    /** Starts item {@code i}'s chain on a worker; it parks at its store step. */
    private void start(int i) {
      Map<String, String> mdc = MDC.getCopyOfContextMap();
      Slot slot = slots[i];
      try {
        workers.execute(
            () -> {
              if (mdc != null) {
                MDC.setContextMap(mdc);
              }
              try {
                runChain(i);
              } catch (Throwable e) { // an Error: report it to the caller, never lose the item
                if (workerError == null) {
                  workerError = e;
                }
                out[i] = failed(i, new IllegalStateException("batch item failed: " + e, e));
              } finally {
                MDC.clear();
                slot.parkedOrDone.countDown();
                slot.done.countDown();
              }
            });
      } catch (RejectedExecutionException e) {
        out[i] =
            item(
                i,
                items.get(i).feedback(),
                Status.REJECTED,
                new IllegalStateException("the feedback manager is closed", e));
        slot.parkedOrDone.countDown();
        slot.done.countDown();
      }
    }

    /** Runs one item's chain to the end, on the current thread, and records its outcome. */
    private void runChain(int i) {
      SessionFeedback in = items.get(i);
      try {
        FeedbackResult r =
            RealChain.run(
                hooks, in.sessionId(), FeedbackAction.ADD, in.feedback(), f -> storeStep(i, f));
        out[i] = item(i, r.feedback(), status(r), null);
      } catch (RuntimeException e) {
        out[i] = failed(i, e);
      }
    }

    /**
     * The store step of one item. A worker's item parks until the last item has stored the
     * group and released it; the last item stores the group and lets the others finish.
     */
    private FeedbackResult storeStep(int i, Feedback f) {
      Slot slot = slots[i];
      if (slot.survivor >= 0) {
        throw new IllegalStateException("the store step of a batch item ran twice");
      }
      slot.survivor = survivors.size();
      survivors.add(new SessionFeedback(items.get(i).sessionId(), f));
      if (i == items.size() - 1) {
        finishGroup();
      } else {
        slot.parkedOrDone.countDown();
        awaitUninterruptibly(slot.released, i, false);
      }
      return answer(i, f);
    }

    /** Stores the survivors, then lets every parked item finish, one at a time, in order. */
    private void finishGroup() {
      if (stored != null || failure != null) {
        return;
      }
      flush();
      for (int i = 0; i < items.size() - 1; i++) {
        Slot slot = slots[i];
        if (slot.survivor >= 0 && slot.done.getCount() > 0) {
          slot.released.countDown();
          awaitUninterruptibly(slot.done, i, false);
        }
      }
    }

    private void flush() {
      try {
        stored = survivors.isEmpty() ? List.of() : store.appendAll(List.copyOf(survivors), policy);
        if (stored.size() != survivors.size()) {
          throw new IllegalStateException(
              store.getClass().getName()
                  + ".appendAll returned "
                  + stored.size()
                  + " results for "
                  + survivors.size()
                  + " items");
        }
      } catch (RuntimeException e) {
        failure = e;
        stored = null;
      }
    }

    /** What the store said of item {@code i}, as its chain's store step returns it. */
    private FeedbackResult answer(int i, Feedback f) {
      if (failure != null) {
        throw failure;
      }
      AppendResult r = Objects.requireNonNull(stored).get(slots[i].survivor); // no failure
      RuntimeException itemFailure = r.failure();
      if (itemFailure != null) {
        throw itemFailure;
      }
      FeedbackResult result = Objects.requireNonNull(r.result()); // a result where no failure
      if (result.outcome() == FeedbackResult.Outcome.DUPLICATE && isVote.test(f)) {
        return replaceVote.apply(items.get(i).sessionId(), f);
      }
      return result;
    }

    private void awaitUninterruptibly(CountDownLatch latch, int i, boolean warnIfSlow) {
      boolean interrupted = false;
      boolean warned = !warnIfSlow;
      while (true) {
        try {
          if (latch.await(SLOW_ITEM_SECONDS, TimeUnit.SECONDS)) {
            break;
          }
          if (!warned) {
            warned = true;
            log.warn(
                "Batch item {} in session {} has not reached the store for {} s; a hook "
                    + "that holds a lock across proceed() while another item of the batch needs "
                    + "it deadlocks the batch (see FeedbackHook)",
                indexes[i],
                items.get(i).sessionId(),
                SLOW_ITEM_SECONDS);
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private BatchResult.Item failed(int i, RuntimeException e) {
      int slot = slots[i].survivor;
      if (slot < 0) {
        return item(i, items.get(i).feedback(), Status.REJECTED, e);
      }
      Feedback f = survivors.get(slot).feedback();
      if (stored == null) {
        return item(i, f, Status.UNKNOWN, e);
      }
      AppendResult r = stored.get(slot);
      if (r.failure() != null) {
        return item(i, f, r.maybeStored() ? Status.UNKNOWN : Status.FAILED, e);
      }
      if (e instanceof FeedbackStoreException) { // replacing a vote failed
        return item(i, f, Status.UNKNOWN, e);
      }
      // Stored, then a hook broke the chain's rules on the way back: report what is true.
      log.error(
          "A hook failed after batch item {} was stored in session {}",
          indexes[i],
          items.get(i).sessionId(),
          e);
      return item(i, f, status(Objects.requireNonNull(r.result())), null);
    }

    private BatchResult.Item item(int i, Feedback f, Status status, @Nullable RuntimeException e) {
      return BatchResult.Item.builder()
          .index(indexes[i])
          .sessionId(items.get(i).sessionId())
          .feedback(f)
          .status(status)
          .error(e)
          .build();
    }
  }

  /**
   * One item's place in its group. {@code survivor} is written by the thread running the
   * item before a latch hands over, and read after it, so it needs no other guard.
   */
  private static final class Slot {
    final CountDownLatch parkedOrDone = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);
    final CountDownLatch done = new CountDownLatch(1);
    int survivor = -1;
  }

  private static Status status(FeedbackResult r) {
    return Status.of(r.outcome());
  }
}
