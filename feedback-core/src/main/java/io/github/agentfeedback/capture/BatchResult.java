package io.github.agentfeedback.capture;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link FeedbackManager#addFeedbacks} did with each item of a batch, in the order the
 * items were given. Nothing is all-or-nothing: every item has its own status, and an item
 * whose fate the store could not confirm is reported as {@link Status#UNKNOWN}, never as
 * stored or lost. Repeating the unknown items is safe: appends are idempotent on the
 * feedback id.
 *
 * <p>Immutable and thread-safe.
 *
 * @param items one entry per item given, in order
 * @since 0.1.0
 */
public record BatchResult(List<Item> items) {

  /** Copies the items. */
  public BatchResult {
    items = List.copyOf(items);
  }

  /**
   * How many items ended with each status.
   *
   * @return a map holding every status, zero for those that did not occur
   */
  public Map<Status, Integer> counts() {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0);
    }
    items.forEach(i -> counts.merge(i.status(), 1, Integer::sum));
    return counts;
  }

  /**
   * How many items ended with a status.
   *
   * @param status the status
   * @return the count
   */
  public int count(Status status) {
    int n = 0;
    for (Item i : items) {
      if (i.status() == status) {
        n++;
      }
    }
    return n;
  }

  /**
   * The items worth sending again: those whose fate is unknown, and those the store failed
   * to store (the failure may be passing).
   *
   * @return the items with status {@link Status#UNKNOWN} or {@link Status#FAILED}
   */
  public List<Item> retryable() {
    return items.stream()
        .filter(i -> i.status() == Status.UNKNOWN || i.status() == Status.FAILED)
        .toList();
  }

  /**
   * What happened to one item. Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Status {
    /** Stored by this call. */
    CREATED,
    /** Already stored by an earlier call (same id); nothing changed. */
    DUPLICATE,
    /** A user's earlier vote on the message was replaced (one-vote mode). */
    REPLACED,
    /** Refused before the store: invalid, or rejected by a hook. Not stored. */
    REJECTED,
    /**
     * The store refused or failed to store it: this call did not store it (an item sent
     * again may have been stored by an earlier call, which sending it once more reports as
     * a duplicate).
     */
    FAILED,
    /** The store failed in a way that leaves it unknown whether the item was stored. */
    UNKNOWN,
    /**
     * One-vote mode: the user's vote on the message, with the same content, was already
     * stored ({@link FeedbackResult.Outcome#UNCHANGED}).
     */
    UNCHANGED,
    /**
     * One-vote mode: a more recent vote of the user on the message, with other content, is
     * stored; this one was ignored ({@link FeedbackResult.Outcome#STALE}).
     */
    STALE,
    /**
     * Accepted, but the store's retention cap dropped it at once: the session holds as many
     * feedbacks created later, some possibly from the same batch
     * ({@link FeedbackResult.Outcome#TRIMMED}). Not stored; sending it again changes nothing.
     */
    TRIMMED;

    /**
     * Whether the item is known to be stored after the call, as given or with the same
     * content.
     *
     * @return true for {@link #CREATED}, {@link #DUPLICATE}, {@link #REPLACED} and
     *     {@link #UNCHANGED}
     */
    public boolean stored() {
      return this == CREATED || this == DUPLICATE || this == REPLACED || this == UNCHANGED;
    }

    /**
     * The status that reports a store's outcome for one item.
     *
     * @param outcome the outcome of adding the item
     * @return the status of the same name
     * @throws IllegalArgumentException for {@link FeedbackResult.Outcome#NOT_FOUND}, which
     *     no add ends with
     * @throws NullPointerException if {@code outcome} is null
     */
    public static Status of(FeedbackResult.Outcome outcome) {
      return switch (Objects.requireNonNull(outcome, "outcome")) {
        case CREATED -> CREATED;
        case DUPLICATE -> DUPLICATE;
        case REPLACED -> REPLACED;
        case UNCHANGED -> UNCHANGED;
        case STALE -> STALE;
        case TRIMMED -> TRIMMED;
        case NOT_FOUND -> throw new IllegalArgumentException("an add cannot end " + outcome);
      };
    }

    /** Whether an item with this status carries the error that explains it. */
    private boolean failure() {
      return this == REJECTED || this == FAILED || this == UNKNOWN;
    }
  }

  /**
   * One item's outcome.
   *
   * <p>Immutable and thread-safe.
   *
   * @param index the item's position in the batch
   * @param sessionId the item's session
   * @param feedback the feedback as stored (id and creation time assigned), or as given
   *     when it never reached the store
   * @param status what happened
   * @param error why the item failed (for {@link Status#REJECTED}, {@link Status#FAILED}
   *     and {@link Status#UNKNOWN}), else {@code null}
   * @since 0.1.0
   */
  public record Item(int index, String sessionId, Feedback feedback, Status status,
      RuntimeException error) {

    /**
     * Validates the item.
     *
     * @throws NullPointerException if the status is null
     * @throws IllegalArgumentException if an error is missing from {@link Status#REJECTED},
     *     {@link Status#FAILED} or {@link Status#UNKNOWN}, or accompanies another status
     */
    public Item {
      Objects.requireNonNull(status, "status");
      if (status.failure() != (error != null)) {
        throw new IllegalArgumentException("status " + status
            + (error == null ? " needs an error" : " takes no error"));
      }
    }
  }
}
