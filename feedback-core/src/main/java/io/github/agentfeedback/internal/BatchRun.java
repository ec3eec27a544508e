package io.github.agentfeedback.internal;

import io.github.agentfeedback.BatchResult;
import io.github.agentfeedback.BatchResult.Status;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackAction;
import io.github.agentfeedback.FeedbackHook;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.FeedbackStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch through the hook chain so that every item passes every hook on its own and
 * the store receives the survivors of each group in one {@link FeedbackStore#appendAll}
 * call.
 *
 * <p>A hook's work after {@code proceed} must see what was stored, so an item's chain
 * cannot finish before the store call. The items of a group are therefore nested: item
 * <i>i</i>'s store step runs the chains of items <i>i</i>+1.. of the group, and the
 * innermost one makes the one store call; then every chain returns with its own item's
 * outcome. The nesting is as deep as a group is long, which is why groups are bounded.
 *
 * <p>One instance per batch; used by the calling thread only.
 */
public final class BatchRun {

  private static final Logger log = LoggerFactory.getLogger(BatchRun.class);

  private final List<FeedbackHook> hooks;
  private final FeedbackStore store;
  private final UnknownSessionPolicy policy;
  private final BiFunction<String, Feedback, FeedbackResult> replaceVote;
  private final Function<Feedback, Boolean> isVote;

  /**
   * @param replaceVote replaces a vote whose id the store already held
   * @param isVote whether feedback is a vote whose duplicate must replace the stored one
   */
  public BatchRun(List<FeedbackHook> hooks, FeedbackStore store, UnknownSessionPolicy policy,
      Function<Feedback, Boolean> isVote, BiFunction<String, Feedback, FeedbackResult> replaceVote) {
    this.hooks = hooks;
    this.store = store;
    this.policy = policy;
    this.isVote = isVote;
    this.replaceVote = replaceVote;
  }

  /**
   * Runs a group of items whose session ids are valid and whose feedback is complete.
   *
   * @param items the group, at most as many as the stack allows nesting
   * @param indexes each item's position in the whole batch
   * @return one outcome per item, in order
   */
  public List<BatchResult.Item> runGroup(List<SessionFeedback> items, int[] indexes) {
    Group group = new Group(items, indexes);
    group.runFrom(0);
    return Arrays.asList(group.out);
  }

  private final class Group {
    final List<SessionFeedback> items;
    final int[] indexes;
    final BatchResult.Item[] out;
    final int[] slotOf;
    final List<SessionFeedback> survivors = new ArrayList<>();
    List<AppendResult> stored;
    RuntimeException failure;

    Group(List<SessionFeedback> items, int[] indexes) {
      this.items = items;
      this.indexes = indexes;
      this.out = new BatchResult.Item[items.size()];
      this.slotOf = new int[items.size()];
      Arrays.fill(slotOf, -1);
    }

    /** Runs the chains of items {@code i}.. ; the innermost store step stores them all. */
    void runFrom(int i) {
      for (; i < items.size(); i++) {
        int item = i;
        SessionFeedback in = items.get(item);
        try {
          FeedbackResult r = RealChain.run(hooks, in.sessionId(), FeedbackAction.ADD,
              in.feedback(), f -> storeStep(item, f));
          out[item] = item(item, r.feedback(), status(r), null);
        } catch (RuntimeException e) {
          out[item] = failed(item, e);
        }
        if (slotOf[item] >= 0) {
          return; // this item's store step ran every later item
        }
      }
      flush();
    }

    /** The store step of one item: run the rest of the group, then answer for this item. */
    private FeedbackResult storeStep(int item, Feedback f) {
      if (slotOf[item] >= 0) {
        throw new IllegalStateException("the store step of a batch item ran twice");
      }
      slotOf[item] = survivors.size();
      survivors.add(new SessionFeedback(items.get(item).sessionId(), f));
      runFrom(item + 1);
      if (failure != null) {
        throw failure;
      }
      AppendResult r = stored.get(slotOf[item]);
      if (r.failure() != null) {
        throw r.failure();
      }
      FeedbackResult result = r.result();
      if (result.outcome() == FeedbackResult.Outcome.DUPLICATE
          && Boolean.TRUE.equals(isVote.apply(f))) {
        return replaceVote.apply(items.get(item).sessionId(), f);
      }
      return result;
    }

    private void flush() {
      if (survivors.isEmpty() || stored != null || failure != null) {
        return;
      }
      try {
        stored = store.appendAll(List.copyOf(survivors), policy);
        if (stored.size() != survivors.size()) {
          throw new IllegalStateException(store.getClass().getName() + ".appendAll returned "
              + stored.size() + " results for " + survivors.size() + " items");
        }
      } catch (RuntimeException e) {
        failure = e;
        stored = null;
      }
    }

    private BatchResult.Item failed(int item, RuntimeException e) {
      int slot = slotOf[item];
      if (slot < 0) {
        return item(item, items.get(item).feedback(), Status.REJECTED, e);
      }
      Feedback f = survivors.get(slot).feedback();
      if (stored == null) {
        return item(item, f, Status.UNKNOWN, e);
      }
      AppendResult r = stored.get(slot);
      if (r.failure() != null) {
        return item(item, f, r.maybeStored() ? Status.UNKNOWN : Status.FAILED, e);
      }
      if (e instanceof FeedbackStoreException) { // replacing a vote failed
        return item(item, f, Status.UNKNOWN, e);
      }
      // Stored, then a hook broke the chain's rules on the way back: report what is true.
      log.error("A hook failed after batch item {} was stored in session {}", indexes[item],
          items.get(item).sessionId(), e);
      return item(item, f, status(r.result()), null);
    }

    private BatchResult.Item item(int item, Feedback f, Status status, RuntimeException e) {
      return new BatchResult.Item(indexes[item], items.get(item).sessionId(), f, status, e);
    }
  }

  private static Status status(FeedbackResult r) {
    switch (r.outcome()) {
      case CREATED:
        return Status.CREATED;
      case DUPLICATE:
        return Status.DUPLICATE;
      case REPLACED:
        return Status.REPLACED;
      default:
        throw new IllegalStateException("an append cannot end " + r.outcome());
    }
  }
}
