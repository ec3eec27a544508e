package io.github.agentfeedback.spi;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.Values;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The argument checks a {@link FeedbackStore} applies again on entry, so that a store used
 * directly (without the {@link io.github.agentfeedback.capture.FeedbackManager}, which
 * checks the same before any hook runs) fails the same way as every other store: with an
 * {@link InvalidFeedbackException} that names the field and the limit, before anything is
 * written.
 *
 * <p>Every store in this library calls these; a third-party store should too. Stateless and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class StoreChecks {

  private StoreChecks() {}

  /**
   * Checks a session id: not blank, well-formed text, at most
   * {@link FeedbackLimits#MAX_SESSION_ID_LENGTH} chars.
   *
   * @param sessionId the session id
   * @return {@code sessionId}
   * @throws InvalidFeedbackException naming {@code sessionId} if it is null or breaks a rule
   */
  public static String sessionId(String sessionId) {
    return Checks.sessionId(sessionId);
  }

  /**
   * Checks what a store is given to append or replace: a valid session id, and feedback
   * whose id is assigned and whose stored size is at most
   * {@link FeedbackLimits#MAX_FEEDBACK_BYTES} (the message names the largest field).
   *
   * @param sessionId the session id
   * @param feedback the feedback
   * @throws NullPointerException naming {@code feedback} if it is null
   * @throws InvalidFeedbackException naming the session id, the missing feedback id, or the
   *     size and the largest field
   */
  public static void appendable(String sessionId, Feedback feedback) {
    Checks.appendable(sessionId, feedback);
  }

  /**
   * The id of feedback handed to a store, which {@link #appendable} has checked is assigned
   * ({@code FeedbackManager} assigns one to feedback that comes without).
   *
   * @param feedback the feedback
   * @return its id
   * @throws InvalidFeedbackException naming {@code id} if the feedback has none
   */
  public static String assignedId(Feedback feedback) {
    String id = feedback.id();
    if (id == null) {
      throw InvalidFeedbackException.of(
          "id", "required", "feedback given to a store must have an id; none was assigned");
    }
    return id;
  }

  /**
   * Checks an identifier argument, such as a feedback id or a user id: not blank,
   * well-formed text, at most {@link FeedbackLimits#MAX_ID_LENGTH} chars.
   *
   * @param field the argument's name, used in the message
   * @param value the identifier
   * @return {@code value}
   * @throws InvalidFeedbackException naming {@code field} if the value is null or breaks a
   *     rule
   */
  public static String id(String field, String value) {
    return Checks.idArgument(field, value);
  }

  /**
   * Checks metadata keys: each a non-empty string that does not start with {@code $} and
   * holds no {@code .} and no NUL, so that it is a safe document key and field name.
   *
   * @param keys the keys
   * @throws NullPointerException naming {@code keys} if it is null
   * @throws InvalidFeedbackException naming every bad key
   */
  public static void metadataKeys(Collection<?> keys) {
    Checks.metadataKeys(Objects.requireNonNull(keys, "keys"));
  }

  /**
   * Checks and copies a metadata update: keys as {@link #metadataKeys}, values of the types
   * {@link io.github.agentfeedback.Feedback#attributes()} allows or {@code null}, each
   * value at most {@link FeedbackLimits#MAX_METADATA_VALUE_BYTES} as stored.
   *
   * @param values the keys to set and their values; {@code null} is read as empty
   * @return an immutable copy in the given order (it may hold {@code null} values)
   * @throws InvalidFeedbackException naming every bad key or value
   */
  public static Map<String, Object> metadata(Map<?, ?> values) {
    Checks checks = new Checks();
    Map<String, Object> copy = Values.metadata(values, checks);
    checks.throwIfAny();
    return copy;
  }

  /**
   * An immutable copy of a list argument whose elements must not be null.
   *
   * @param <T> the element type
   * @param name the argument's name, used in the message
   * @param list the list
   * @return an immutable copy
   * @throws NullPointerException naming {@code name}, or {@code name[i]} for a null element
   */
  public static <T> List<T> nonNullElements(String name, List<? extends T> list) {
    return Checks.nonNullElements(name, list);
  }
}
