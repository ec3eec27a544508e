package io.github.agentfeedback.mongo.internal;

import com.mongodb.MongoException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.client.MongoCollection;
import io.github.agentfeedback.FeedbackStoreException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.BSONException;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * One store operation: the one place that runs the driver calls of the store and turns every
 * driver, BSON and codec failure ({@link MongoException} and its subclasses,
 * {@link BSONException} such as {@code BsonSerializationException} and
 * {@code BsonMaximumSizeExceededException}, {@link CodecConfigurationException}) into a
 * {@link FeedbackStoreException} naming the operation, session and feedback.
 *
 * <p>It also carries the operation's time budget. Each driver call goes through
 * {@link #on(MongoCollection)}, which gives the collection the client-side operation
 * timeout (CSOT) left: with {@link Budget#WHOLE_OPERATION} all round trips of the
 * operation share one timeout, so an append that needs a second round trip still finishes
 * or fails within it; with {@link Budget#EACH_ROUND_TRIP} every round trip gets the whole
 * timeout, for operations whose work grows with the data (erasing a user across sessions,
 * building indexes).
 *
 * <p>Not thread-safe: one instance per call of a store method, on the calling thread.
 */
public final class StoreCall {

  /** How the timeout applies to the round trips of an operation. */
  public enum Budget {
    /** All round trips of the operation together finish within the timeout. */
    WHOLE_OPERATION,
    /** Each round trip finishes within the timeout. */
    EACH_ROUND_TRIP
  }

  /** The work of one store operation. */
  @FunctionalInterface
  public interface Body<T> {
    /**
     * Runs the operation's driver calls, each through {@link StoreCall#on}.
     *
     * @param call the operation
     * @return the result
     */
    T run(StoreCall call);
  }

  private final String operation;
  private final @Nullable String sessionId;
  private final @Nullable String feedbackId;
  private final Duration timeout;
  private final Budget budget;
  private final long deadlineNanos;
  private boolean idempotent = true;

  private StoreCall(
      String operation,
      @Nullable String sessionId,
      @Nullable String feedbackId,
      Duration timeout,
      Budget budget) {
    this.operation = operation;
    this.sessionId = sessionId;
    this.feedbackId = feedbackId;
    this.timeout = timeout;
    this.budget = budget;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /** The longest timeout kept: longer ones (up to {@code FOREVER}) mean the same, no limit. */
  private static final Duration LONGEST = Duration.ofDays(36_500);

  /**
   * Checks a timeout setting as every MongoDB builder takes it: at least one millisecond
   * (below it the driver's {@code maxTimeMS} would be 0, which means no limit), and at most
   * 100 years, which a longer one is taken as (so that counting it in nanoseconds cannot
   * overflow).
   *
   * @param timeout the timeout
   * @param setting the setting's name, for the exceptions
   * @return the timeout, at most 100 years
   * @throws NullPointerException naming the setting if the timeout is null
   * @throws IllegalArgumentException naming the setting if shorter than 1 ms
   */
  public static Duration timeout(Duration timeout, String setting) {
    Objects.requireNonNull(timeout, setting);
    if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(setting + " must be at least 1 ms, was " + timeout);
    }
    return timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout;
  }

  /**
   * Starts a store operation; its time budget starts now.
   *
   * @param operation the operation's name, such as {@code "append"}
   * @param sessionId the session concerned, or null
   * @param feedbackId the feedback concerned, or null
   * @param timeout the store's operation timeout
   * @param budget how the timeout applies
   * @return the operation
   */
  public static StoreCall of(
      String operation,
      @Nullable String sessionId,
      @Nullable String feedbackId,
      Duration timeout,
      Budget budget) {
    return new StoreCall(operation, sessionId, feedbackId, timeout, budget);
  }

  /**
   * Marks this operation's work as not idempotent (an escalation's raise, which counts): a
   * failure after which a write may have been applied is then not retry-safe ({@link
   * MongoErrors#translateNotIdempotent}).
   *
   * @return this operation
   */
  public StoreCall notIdempotent() {
    idempotent = false;
    return this;
  }

  /**
   * Runs the operation's driver calls.
   *
   * @param body the driver calls, each through {@link #on}
   * @return what the body returns
   * @throws FeedbackStoreException for any driver, BSON or codec failure
   */
  public <T> T run(Body<T> body) {
    return guard(() -> body.run(this));
  }

  /**
   * Runs the operation's driver calls when they return nothing.
   *
   * @param body the driver calls, each through {@link #on}
   * @throws FeedbackStoreException for any driver, BSON or codec failure
   */
  public void execute(Consumer<StoreCall> body) {
    guard(
        () -> {
          body.accept(this);
          return this; // guard needs a value; nothing reads it
        });
  }

  /**
   * Runs driver work of this operation, translating its failures; {@link #run} runs the
   * body through it, and a stream runs each step of its cursor through it. This is the one
   * place that catches driver failures.
   *
   * @param work the driver work
   * @return what the work returns
   * @throws FeedbackStoreException for any driver, BSON or codec failure
   */
  public <T> T guard(Supplier<T> work) {
    try {
      return work.get();
    } catch (MongoException | BSONException | CodecConfigurationException e) {
      throw idempotent
          ? MongoErrors.translate(e, operation, sessionId, feedbackId, timeout)
          : MongoErrors.translateNotIdempotent(e, operation, timeout);
    }
  }

  /**
   * The collection with the time left to this operation as its client-side operation
   * timeout; the driver then bounds server selection, connection checkout, the socket reads
   * and the server's {@code maxTimeMS} by it (not socket writes, which the synchronous
   * driver cannot time out).
   *
   * @throws MongoOperationTimeoutException if the budget is spent
   */
  public <C> MongoCollection<C> on(MongoCollection<C> collection) {
    long millis =
        budget == Budget.EACH_ROUND_TRIP
            ? timeout.toMillis()
            : TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (millis <= 0) { // 0 would mean "no timeout" to the driver
      throw new MongoOperationTimeoutException(
          "the time budget of " + operation + " was spent before its next round trip");
    }
    return collection.withTimeout(millis, TimeUnit.MILLISECONDS);
  }

  /**
   * A failure the store detects itself, such as a document another tool broke.
   *
   * @param message what went wrong and what to do
   * @param retrySafe whether repeating the call is safe and may succeed
   * @param cause the driver's exception, or null
   */
  public FeedbackStoreException failure(
      String message, boolean retrySafe, @Nullable Throwable cause) {
    return new FeedbackStoreException(message, operation, sessionId, feedbackId, retrySafe, cause);
  }
}
