package io.github.agentfeedback.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import io.github.agentfeedback.FeedbackStoreException;
import java.util.Locale;
import java.util.Set;
import org.bson.BsonMaximumSizeExceededException;

/**
 * Turns driver exceptions into {@link FeedbackStoreException}s that name the operation, the
 * session and the feedback, say whether a retry is safe, and explain the two failures users
 * meet most: an unreachable server and a session document over MongoDB's 16 MB limit.
 *
 * <p>Stateless and thread-safe.
 */
public final class MongoErrors {

  /** MongoDB's limit on one document, in bytes. */
  public static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  /**
   * Server codes for a document that is, or would become, too large: BSONObjectTooLarge,
   * and the codes of updates whose result would exceed the limit.
   */
  private static final Set<Integer> TOO_LARGE_CODES = Set.of(10334, 17419, 17420);

  private static final Set<String> RETRYABLE_LABELS =
      Set.of("RetryableWriteError",
          MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);

  private MongoErrors() {}

  /**
   * Translates a failure of the driver.
   *
   * @param e a {@link MongoException} or a BSON exception raised while encoding a command
   * @param operation the store operation, such as {@code "append"}
   * @param sessionId the session, or null
   * @param feedbackId the feedback, or null
   * @return the exception to throw
   */
  public static FeedbackStoreException translate(
      RuntimeException e, String operation, String sessionId, String feedbackId) {
    return new FeedbackStoreException(
        describe(e), operation, sessionId, feedbackId, retrySafe(e), e);
  }

  /**
   * Whether repeating the operation is safe and may succeed: network errors, timeouts,
   * elections and errors the server labels retryable. Appends are idempotent on the
   * feedback id, so a repeated append cannot store a copy.
   */
  public static boolean retrySafe(RuntimeException e) {
    if (e instanceof MongoSocketException || e instanceof MongoTimeoutException
        || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException) {
      return true;
    }
    if (e instanceof MongoException me) {
      for (String label : RETRYABLE_LABELS) {
        if (me.hasErrorLabel(label)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the failure is a document over the 16 MB limit. */
  public static boolean isDocumentTooLarge(RuntimeException e) {
    if (e instanceof BsonMaximumSizeExceededException) {
      return true;
    }
    if (!(e instanceof MongoException me)) {
      return false;
    }
    int code = me instanceof MongoWriteException we ? we.getError().getCode() : me.getCode();
    if (TOO_LARGE_CODES.contains(code)) {
      return true;
    }
    String message = String.valueOf(me instanceof MongoCommandException ce
        ? ce.getErrorMessage() : me.getMessage()).toLowerCase(Locale.ROOT);
    return message.contains("too large") || message.contains("larger than")
        || message.contains("maximum of " + MAX_DOCUMENT_BYTES);
  }

  /** Whether the failure is a duplicate key error. */
  public static boolean isDuplicateKey(RuntimeException e) {
    return e instanceof MongoWriteException we
        && we.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
  }

  private static String describe(RuntimeException e) {
    if (isDocumentTooLarge(e)) {
      return "the session document would exceed MongoDB's 16 MB document limit; keep fewer "
          + "feedbacks per session with MongoFeedbackStore.Builder.maxFeedbacksPerSession(int) "
          + "(a retention cap that drops the oldest) or split the session (" + e.getMessage()
          + ")";
    }
    if (e instanceof MongoTimeoutException) {
      return "no MongoDB server was available within the server selection timeout; check the "
          + "connection string, the network and that the server is running (" + e.getMessage()
          + ")";
    }
    if (e instanceof MongoSocketException) {
      return "the connection to MongoDB failed (" + e.getMessage() + ")";
    }
    return e.getMessage();
  }
}
