package io.github.agentfeedback.capture;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.internal.Checks;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FeedbackManager#addFeedbacks} did with each item of a batch, in the order the
 * items were given. Nothing is all-or-nothing: every item has its own status, and an item
 * whose fate the store could not confirm is reported as {@link Status#UNKNOWN}, never as
 * stored or lost. Repeating the unknown items is safe: appends are idempotent on the
 * feedback id.
 *
 * <p>Made by the manager (or, in tests of code that reads it, with {@link #builder()}).
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class BatchResult {

  private final List<Item> items;

  private BatchResult(List<Item> items) {
    this.items = items;
  }

  /**
   * A builder for batch results.
   *
   * @return a new builder without items
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * One entry per item given, in order.
   *
   * @return an immutable list
   */
  public List<Item> items() {
    return items;
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

  /** A batch result is equal to one with equal items in the same order. */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof BatchResult r && items.equals(r.items));
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  /**
   * Describes the result by its counts, such as
   * {@code BatchResult[items=3, CREATED=2, REJECTED=1]}; statuses that did not occur are
   * left out.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("BatchResult[items=").append(items.size());
    counts()
        .forEach(
            (status, n) -> {
              if (n > 0) {
                s.append(", ").append(status).append('=').append(n);
              }
            });
    return s.append(']').toString();
  }

  /**
   * Builds a {@link BatchResult}. Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private List<Item> items = List.of();

    private Builder() {}

    /**
     * Adds one item's outcome after those added before.
     *
     * @param item the item's outcome
     * @return this builder
     * @throws NullPointerException if {@code item} is null
     */
    public Builder item(Item item) {
      Objects.requireNonNull(item, "item");
      if (!(items instanceof ArrayList)) {
        items = new ArrayList<>(items);
      }
      items.add(item);
      return this;
    }

    /**
     * Sets every item's outcome, replacing those added before.
     *
     * @param items one entry per item of the batch, in order
     * @return this builder
     * @throws NullPointerException naming {@code items} or {@code items[i]} if the list or
     *     an entry is null
     */
    public Builder items(List<Item> items) {
      this.items = Checks.nonNullElements("items", items); // an immutable copy
      return this;
    }

    /**
     * Builds the result.
     *
     * @return the result
     */
    public BatchResult build() {
      return new BatchResult(List.copyOf(items)); // free when items(List) set them
    }
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
   * @since 0.1.0
   */
  public static final class Item {

    private final int index;
    private final String sessionId;
    private final Feedback feedback;
    private final Status status;
    private final @Nullable RuntimeException error;

    private Item(Builder b) {
      if (b.index < 0) {
        throw new IllegalArgumentException("index must be set, at least 0, was " + b.index);
      }
      Objects.requireNonNull(b.status, "status");
      if (b.status.failure() != (b.error != null)) {
        throw new IllegalArgumentException(
            "status " + b.status + (b.error == null ? " needs an error" : " takes no error"));
      }
      this.index = b.index;
      this.sessionId = Objects.requireNonNull(b.sessionId, "sessionId");
      this.feedback = Objects.requireNonNull(b.feedback, "feedback");
      this.status = b.status;
      this.error = b.error;
    }

    /**
     * A builder for one item's outcome.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * The item's position in the batch.
     *
     * @return the index, at least 0
     */
    public int index() {
      return index;
    }

    /**
     * The item's session, as given (a rejected item's may be invalid).
     *
     * @return the session id, never null
     */
    public String sessionId() {
      return sessionId;
    }

    /**
     * The feedback as stored (id and creation time assigned), or as given when it never
     * reached the store.
     *
     * @return the feedback, never null
     */
    public Feedback feedback() {
      return feedback;
    }

    /**
     * What happened.
     *
     * @return the status, never null
     */
    public Status status() {
      return status;
    }

    /**
     * Why the item failed.
     *
     * @return the error for {@link Status#REJECTED}, {@link Status#FAILED} and
     *     {@link Status#UNKNOWN}, else {@code null}
     */
    public @Nullable RuntimeException error() {
      return error;
    }

    /** An item is equal to one with equal fields (the same error instance). */
    @Override
    public boolean equals(Object o) {
      return o == this
          || (o instanceof Item i
              && index == i.index
              && status == i.status
              && sessionId.equals(i.sessionId)
              && feedback.equals(i.feedback)
              && Objects.equals(error, i.error));
    }

    @Override
    public int hashCode() {
      return Objects.hash(index, sessionId, feedback, status, error);
    }

    /** Describes the item; the feedback as {@link Feedback#toString()} does, without text. */
    @Override
    public String toString() {
      return "Item[index="
          + index
          + ", sessionId="
          + sessionId
          + ", status="
          + status
          + ", feedback="
          + feedback
          + (error == null ? "" : ", error=" + error)
          + "]";
    }

    /**
     * Builds an {@link Item}. Not thread-safe; use one builder per thread.
     *
     * @since 0.1.0
     */
    public static final class Builder {
      private int index = -1;
      private @Nullable String sessionId;
      private @Nullable Feedback feedback;
      private @Nullable Status status;
      private @Nullable RuntimeException error;

      private Builder() {}

      /**
       * Sets the item's position in the batch. Required.
       *
       * @param index at least 0
       * @return this builder
       */
      public Builder index(int index) {
        this.index = index;
        return this;
      }

      /**
       * Sets the item's session. Required.
       *
       * @param sessionId the session id as given
       * @return this builder
       */
      public Builder sessionId(String sessionId) {
        this.sessionId = sessionId;
        return this;
      }

      /**
       * Sets the feedback. Required.
       *
       * @param feedback as stored, or as given when it never reached the store
       * @return this builder
       */
      public Builder feedback(Feedback feedback) {
        this.feedback = feedback;
        return this;
      }

      /**
       * Sets what happened. Required.
       *
       * @param status the status
       * @return this builder
       */
      public Builder status(Status status) {
        this.status = status;
        return this;
      }

      /**
       * Sets why the item failed: required for {@link Status#REJECTED},
       * {@link Status#FAILED} and {@link Status#UNKNOWN}, not allowed for the others.
       *
       * @param error the error, or {@code null}
       * @return this builder
       */
      public Builder error(@Nullable RuntimeException error) {
        this.error = error;
        return this;
      }

      /**
       * Builds the item.
       *
       * @return the item
       * @throws NullPointerException naming the field if the session id, feedback or status
       *     is not set
       * @throws IllegalArgumentException if the index is not set or negative, or an error is
       *     missing from {@link Status#REJECTED}, {@link Status#FAILED} or
       *     {@link Status#UNKNOWN}, or accompanies another status
       */
      public Item build() {
        return new Item(this);
      }
    }
  }
}
