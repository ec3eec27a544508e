package io.github.agentfeedback.spi;

import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.FeedbackResult;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a store did with one item of a batch append ({@link FeedbackStore#appendAll}):
 * either a result, or a failure that says whether the item may have been stored anyway.
 *
 * <p>Stores make it with the shorthands {@link #of(FeedbackResult)} and
 * {@link #failed(FeedbackException, boolean)}, or with {@link #builder()}. Immutable and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class AppendResult {

  private final @Nullable FeedbackResult result;
  private final FeedbackException failure;
  private final boolean maybeStored;

  private AppendResult(
      @Nullable FeedbackResult result, @Nullable FeedbackException failure, boolean maybeStored) {
    if ((result == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of result and failure must be set");
    }
    if (result != null && maybeStored) {
      throw new IllegalArgumentException("maybeStored describes failures only");
    }
    this.result = result;
    this.failure = failure;
    this.maybeStored = maybeStored;
  }

  /**
   * The item was appended, or was already stored: a shorthand for
   * {@code builder().result(result).build()}.
   *
   * @param result the store's result
   * @return the outcome
   * @throws NullPointerException if {@code result} is null
   */
  public static AppendResult of(FeedbackResult result) {
    return new AppendResult(Objects.requireNonNull(result, "result"), null, false);
  }

  /**
   * The item failed: a shorthand for
   * {@code builder().failure(failure).maybeStored(maybeStored).build()}.
   *
   * @param failure why
   * @param maybeStored whether it may have been stored anyway
   * @return the outcome
   * @throws NullPointerException if {@code failure} is null
   */
  public static AppendResult failed(FeedbackException failure, boolean maybeStored) {
    return new AppendResult(null, Objects.requireNonNull(failure, "failure"), maybeStored);
  }

  /**
   * A builder for outcomes with more than the shorthands set.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The store's result, when the item was appended or found already stored.
   *
   * @return the result, or {@code null} for a failure
   */
  public @Nullable FeedbackResult result() {
    return result;
  }

  /**
   * Why the item failed.
   *
   * @return the failure, or {@code null} when there is a result
   */
  public FeedbackException failure() {
    return failure;
  }

  /**
   * For a failure: whether the store cannot tell if the item was stored anyway (a
   * connection lost mid-way).
   *
   * @return {@code true} when the item may be stored, {@code false} when it certainly was
   *     not; always {@code false} with a result
   */
  public boolean maybeStored() {
    return maybeStored;
  }

  /** An outcome is equal to one with an equal result, or the same failure instance. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof AppendResult r
            && maybeStored == r.maybeStored
            && Objects.equals(result, r.result)
            && Objects.equals(failure, r.failure));
  }

  @Override
  public int hashCode() {
    return Objects.hash(result, failure, maybeStored);
  }

  @Override
  public String toString() {
    return result != null
        ? "AppendResult[" + result + "]"
        : "AppendResult[failure=" + failure + ", maybeStored=" + maybeStored + "]";
  }

  /**
   * Builds an {@link AppendResult}. Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable FeedbackResult result;
    private @Nullable FeedbackException failure;
    private boolean maybeStored;

    private Builder() {}

    /**
     * Sets the store's result, for an item appended or found already stored.
     *
     * @param result the result, or {@code null}
     * @return this builder
     */
    public Builder result(@Nullable FeedbackResult result) {
      this.result = result;
      return this;
    }

    /**
     * Sets why the item failed.
     *
     * @param failure the failure, or {@code null}
     * @return this builder
     */
    public Builder failure(FeedbackException failure) {
      this.failure = failure;
      return this;
    }

    /**
     * Sets whether a failed item may have been stored anyway. Defaults to {@code false}.
     *
     * @param maybeStored whether the store cannot tell
     * @return this builder
     */
    public Builder maybeStored(boolean maybeStored) {
      this.maybeStored = maybeStored;
      return this;
    }

    /**
     * Builds the outcome.
     *
     * @return the outcome
     * @throws IllegalArgumentException unless exactly one of result and failure is set, or
     *     if {@code maybeStored} is set with a result
     */
    public AppendResult build() {
      return new AppendResult(result, failure, maybeStored);
    }
  }
}
