package io.github.agentfeedback.spi;

import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackResult;
import java.util.Objects;

/**
 * What a store did with one item of a batch append ({@link FeedbackStore#appendAll}):
 * either a result, or a failure that says whether the item may have been stored anyway.
 *
 * <p>Immutable and thread-safe.
 *
 * @param result the result when the item was appended or found already stored, else
 *     {@code null}
 * @param failure why the item failed, else {@code null}
 * @param maybeStored for a failure: {@code true} when the store cannot tell whether the
 *     item was stored (a connection lost mid-way), {@code false} when it certainly was
 *     not; always {@code false} with a result
 * @since 0.1.0
 */
public record AppendResult(FeedbackResult result, FeedbackException failure,
    boolean maybeStored) {

  /**
   * Validates that exactly one of result and failure is present.
   *
   * @throws IllegalArgumentException otherwise
   */
  public AppendResult {
    if ((result == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of result and failure must be set");
    }
    if (result != null && maybeStored) {
      throw new IllegalArgumentException("maybeStored describes failures only");
    }
  }

  /**
   * The item was appended, or was already stored.
   *
   * @param result the store's result
   * @return the outcome
   */
  public static AppendResult of(FeedbackResult result) {
    return new AppendResult(Objects.requireNonNull(result, "result"), null, false);
  }

  /**
   * The item failed.
   *
   * @param failure why
   * @param maybeStored whether it may have been stored anyway
   * @return the outcome
   */
  public static AppendResult failed(FeedbackException failure, boolean maybeStored) {
    return new AppendResult(null, Objects.requireNonNull(failure, "failure"), maybeStored);
  }
}
