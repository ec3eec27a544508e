package io.github.agentfeedback.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.WriteConcernError;
import io.github.agentfeedback.FeedbackStoreException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Turns driver and BSON failures into {@link FeedbackStoreException}s that name the
 * operation, the session and the feedback, say whether a retry is safe, and explain the
 * failures users meet most: an unreachable or silent server, a write concern that was not
 * confirmed in time, a stream cursor that expired, and a session document over MongoDB's
 * 16 MB limit. {@link StoreCall} is the one place that calls {@link #translate}.
 *
 * <p>Stateless and thread-safe.
 */
public final class MongoErrors {

  /** MongoDB's limit on one document, in bytes. */
  public static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  /** The name MongoDB gives the unique index on {@code _id}. */
  public static final String ID_INDEX = "_id_";

  /**
   * Server codes for a document that is, or would become, too large: BSONObjectTooLarge,
   * and the codes of updates whose result would exceed the limit.
   */
  private static final Set<Integer> TOO_LARGE_CODES = Set.of(10334, 17419, 17420);

  /** WriteConcernFailed: the write concern was not satisfied within {@code wtimeout}. */
  private static final int WRITE_CONCERN_FAILED = 64;

  /** MaxTimeMSExpired. */
  private static final int MAX_TIME_EXPIRED = 50;

  /** CursorNotFound: the server closed the cursor, normally because it idled too long. */
  private static final int CURSOR_NOT_FOUND = 43;

  /** BadValue: among others, {@code $push} onto a field that is not an array. */
  private static final int BAD_VALUE = 2;

  /**
   * The index named in a duplicate key message: {@code "... index: <name> dup key: ..."} on
   * MongoDB 3.4 and later and on mongo-java-server, {@code "... index: db.coll.$<name> ..."}
   * on older servers.
   */
  private static final Pattern DUPLICATE_KEY_INDEX =
      Pattern.compile("index: (?:\\S+\\.\\$)?(\\S+) dup key");

  /** How the driver's server selection timeouts begin, with or without CSOT. */
  private static final String NO_SERVER = "Timed out while waiting for a server";

  private static final Set<String> RETRYABLE_LABELS =
      Set.of("RetryableWriteError", MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);

  private MongoErrors() {}

  /**
   * Translates a failure of the driver.
   *
   * @param e a {@link MongoException}, or a BSON or codec exception raised while encoding a
   *     command or decoding a result
   * @param operation the store operation, such as {@code "append"}
   * @param sessionId the session, or null
   * @param feedbackId the feedback, or null
   * @param timeout the store's operation timeout, named in timeout messages
   * @return the exception to throw
   */
  public static FeedbackStoreException translate(
      RuntimeException e,
      String operation,
      @Nullable String sessionId,
      @Nullable String feedbackId,
      Duration timeout) {
    return new FeedbackStoreException(
        describe(e, timeout), operation, sessionId, feedbackId, retrySafe(e), e);
  }

  /**
   * Translates a failure of work that repeating would apply again, such as an escalation's
   * raise, which counts: a failure that {@link #retrySafe} calls safe but after which a write
   * may have been applied ({@link #mayHaveBeenApplied}) is not retry-safe here; any other
   * failure translates as {@link #translate} does.
   *
   * @param e a driver, BSON or codec failure
   * @param operation the store operation, such as {@code "raise"}
   * @param timeout the store's operation timeout, named in timeout messages
   * @return the exception to throw
   */
  public static FeedbackStoreException translateNotIdempotent(
      RuntimeException e, String operation, Duration timeout) {
    if (!retrySafe(e) || !mayHaveBeenApplied(e)) {
      return translate(e, operation, null, null, timeout);
    }
    return new FeedbackStoreException(
        "the "
            + operation
            + " may have been applied although the call failed (the connection failed or timed"
            + " out after the command was sent, or the write concern was not confirmed in"
            + " time), and repeating it would apply it again, so retrying is not safe ("
            + e.getMessage()
            + ")",
        operation,
        null,
        null,
        false,
        e);
  }

  /**
   * Whether a write sent to the server may have been applied although the call failed: the
   * connection failed or timed out after the command was sent (a socket read or write, the
   * client-side operation timeout), the primary applied it without confirming its write
   * concern in time, or the driver's own retry of it failed again. A server that could not
   * be selected or connected to was sent nothing.
   *
   * @param e a driver failure
   * @return true when the write may have been applied
   */
  public static boolean mayHaveBeenApplied(RuntimeException e) {
    if (e instanceof MongoSocketOpenException) {
      return false;
    }
    return e instanceof MongoSocketException
        || e instanceof MongoOperationTimeoutException
        || isWriteConcernTimeout(e)
        || (e instanceof MongoException me && me.hasErrorLabel("RetryableWriteError"));
  }

  /**
   * Whether repeating the operation is safe and may succeed: network errors, timeouts,
   * elections, expired cursors and errors the server labels retryable. Appends are
   * idempotent on the feedback id, so a repeated append cannot store a copy.
   */
  public static boolean retrySafe(RuntimeException e) {
    if (e instanceof MongoSocketException
        || e instanceof MongoTimeoutException
        || e instanceof MongoExecutionTimeoutException
        || e instanceof MongoNotPrimaryException
        || e instanceof MongoNodeIsRecoveringException
        || isWriteConcernTimeout(e)
        || isCursorExpired(e)) {
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
    String message =
        String.valueOf(
                me instanceof MongoCommandException ce ? ce.getErrorMessage() : me.getMessage())
            .toLowerCase(Locale.ROOT);
    return message.contains("too large")
        || message.contains("larger than")
        || message.contains("maximum of " + MAX_DOCUMENT_BYTES);
  }

  /**
   * Whether the failure is a duplicate key error, on whatever index: a write error of an
   * update, or the command error of a {@code findAndModify}.
   */
  public static boolean isDuplicateKey(RuntimeException e) {
    Integer code = writeErrorCode(e);
    return code != null && ErrorCategory.fromErrorCode(code) == ErrorCategory.DUPLICATE_KEY;
  }

  /**
   * The index a duplicate key error names. The driver exposes only the server's message
   * (neither {@code keyPattern} nor {@code keyValue}), so the name is read from it.
   *
   * @return the index name, such as {@code "_id_"} or {@code "feedbacks.id_1"}, or null when
   *     the failure is no duplicate key error or its message names no index
   */
  public static @Nullable String duplicateKeyIndex(RuntimeException e) {
    if (!isDuplicateKey(e)) {
      return null;
    }
    Matcher m = DUPLICATE_KEY_INDEX.matcher(String.valueOf(writeErrorMessage(e)));
    return m.find() ? m.group(1) : null;
  }

  /**
   * Whether an update failed because the field it pushes to holds something other than an
   * array ({@code "The field 'feedbacks' must be an array but is of type null ..."}).
   */
  public static boolean isNotAnArray(RuntimeException e, String field) {
    Integer code = writeErrorCode(e);
    if (code == null || code != BAD_VALUE) {
      return false;
    }
    String message = String.valueOf(writeErrorMessage(e));
    return message.contains("'" + field + "'") && message.contains("must be an array");
  }

  /**
   * The server's code for a failed write: a {@link MongoWriteException}'s write error, or a
   * {@link MongoCommandException} (how {@code findAndModify} reports it); else null.
   */
  private static @Nullable Integer writeErrorCode(RuntimeException e) {
    if (e instanceof MongoWriteException we) {
      return we.getError().getCode();
    }
    return e instanceof MongoCommandException ce ? ce.getErrorCode() : null;
  }

  private static String writeErrorMessage(RuntimeException e) {
    return e instanceof MongoWriteException we
        ? we.getError().getMessage()
        : ((MongoCommandException) e).getErrorMessage();
  }

  /**
   * Whether a write was applied on the primary but its write concern was not confirmed in
   * time: a {@code writeConcernError} with WriteConcernFailed (a {@code wtimeout}, such as
   * the server's default write concern may carry) or MaxTimeMSExpired.
   *
   * <p>Under the client-side operation timeout the driver reports a write concern wait that
   * the timeout cut short (MaxTimeMSExpired in {@code writeConcernError}) as a
   * {@link MongoOperationTimeoutException} caused by a {@link MongoExecutionTimeoutException},
   * exactly as it reports a command the server stopped at {@code maxTimeMS}, and it does not
   * expose the response that would tell them apart; that case is reported as a timeout whose
   * write may have been applied.
   */
  public static boolean isWriteConcernTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MongoWriteConcernException wce) {
        return isTimeout(wce.getWriteConcernError());
      }
      if (t instanceof MongoBulkWriteException bwe && bwe.getWriteConcernError() != null) {
        return isTimeout(bwe.getWriteConcernError());
      }
    }
    return false;
  }

  private static boolean isTimeout(WriteConcernError error) {
    return error.getCode() == WRITE_CONCERN_FAILED
        || error.getCode() == MAX_TIME_EXPIRED
        || isTrue(error.getDetails(), "wtimeout");
  }

  /**
   * One statement's error of a bulk write, as the exception a single write would have
   * raised, so that the same tests ({@link #isDuplicateKey}, {@link #isNotAnArray},
   * {@link #isDocumentTooLarge}) and {@link #translate} apply to it.
   *
   * @param error the statement's error
   * @param bulk the bulk write's exception, for the server address and error labels
   * @return the exception
   */
  public static MongoWriteException statementError(
      BulkWriteError error, MongoBulkWriteException bulk) {
    return new MongoWriteException(error, bulk.getServerAddress(), bulk.getErrorLabels());
  }

  /**
   * The message for a duplicate key on a unique index other than {@code _id}, which the store
   * never takes for "already stored".
   *
   * @param index the index the error names
   * @param e the duplicate key error
   * @return what happened and what to do
   */
  public static String foreignUniqueIndex(String index, RuntimeException e) {
    return "the unique index '"
        + index
        + "', which MongoFeedbackStore does not create, "
        + "refused the write: the feedback was NOT stored. In a sessions collection only _id "
        + "may be unique (feedback ids are unique within a session, not across sessions, and "
        + "session_id repeats _id); drop that index or give the store a collection of its own ("
        + e.getMessage()
        + ")";
  }

  /** Whether a stream's server-side cursor was gone when the stream asked for more. */
  public static boolean isCursorExpired(RuntimeException e) {
    return e instanceof MongoCursorNotFoundException
        || (e instanceof MongoCommandException ce && ce.getErrorCode() == CURSOR_NOT_FOUND);
  }

  /** {@code 1500 ms}, {@code 10 s}: a duration as people write it. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private static boolean isTrue(@Nullable BsonDocument doc, String key) {
    BsonValue v = doc == null ? null : doc.get(key);
    return v != null && v.isBoolean() && v.asBoolean().getValue();
  }

  private static String describe(RuntimeException e, Duration timeout) {
    if (isDocumentTooLarge(e)) {
      return "the session document would exceed MongoDB's 16 MB document limit; keep fewer "
          + "feedbacks per session with MongoFeedbackStore.Builder.maxFeedbacksPerSession(int) "
          + "(a retention cap that drops the oldest) or split the session ("
          + e.getMessage()
          + ")";
    }
    if (isWriteConcernTimeout(e)) {
      return "the write was applied on the primary, but its write concern was not confirmed "
          + "within the operation timeout of "
          + format(timeout)
          + "; it may be rolled back if "
          + "the primary fails before replicating it. Retrying is safe: appends are idempotent "
          + "on the feedback id, so a retry stores no copy and reports created() == false if "
          + "the first write survived ("
          + e.getMessage()
          + ")";
    }
    if (isCursorExpired(e)) {
      return "the stream's server-side cursor expired while the consumer was idle between "
          + "batches (MongoDB closes cursors left idle for cursorTimeoutMillis, 10 minutes by "
          + "default); consume streams without long pauses, or start a new stream ("
          + e.getMessage()
          + ")";
    }
    if (e instanceof MongoTimeoutException && String.valueOf(e.getMessage()).contains(NO_SERVER)) {
      return "no MongoDB server was available within the server selection timeout or the "
          + "operation timeout of "
          + format(timeout)
          + ", whichever is shorter; check the "
          + "connection string, the network and that the server is running. Retrying is safe ("
          + e.getMessage()
          + ")";
    }
    if (e instanceof MongoOperationTimeoutException
        || e instanceof MongoExecutionTimeoutException) {
      return "MongoDB did not answer within the operation timeout of "
          + format(timeout)
          + " (MongoFeedbackStore.Builder.operationTimeout); a write may not have been applied, "
          + "or may have been applied without its write concern being confirmed. Retrying is "
          + "safe: appends are idempotent on the feedback id ("
          + e.getMessage()
          + ")";
    }
    if (e instanceof MongoTimeoutException) {
      return "MongoDB did not answer in time; check the connection string, the network and "
          + "that the server is running. Retrying is safe ("
          + e.getMessage()
          + ")";
    }
    if (e instanceof MongoSocketException) {
      return "the connection to MongoDB failed (" + e.getMessage() + ")";
    }
    String message = e.getMessage();
    return message != null ? message : e.getClass().getName(); // some exceptions carry none
  }
}
