package io.github.agentfeedback.mongo.internal;

/**
 * Field names of the session document, shared with the Python mongodb-session-manager.
 *
 * <pre>
 * { _id, session_id, created_at, updated_at, metadata: {...},
 *   application_name?, session_type?, session_viewer_password?, guardrail_events?,
 *   feedbacks: [ { id, rating, comment, created_at, user_id, message_id,
 *                  score: {value, scale, min, max}, tags, dimensions, correction,
 *                  &lt;attributes&gt; } ],
 *   ...fields owned by other tools, never touched }
 * </pre>
 */
public final class Schema {

  /** The session id, the document key. */
  public static final String ID = "_id";
  /** The session id again, as the Python library writes it. */
  public static final String SESSION_ID = "session_id";
  /** When the session document was created (BSON date). */
  public static final String CREATED_AT = "created_at";
  /** When the session document was last changed (BSON date). */
  public static final String UPDATED_AT = "updated_at";
  /** The session metadata sub-document. */
  public static final String METADATA = "metadata";
  /** The feedback array. */
  public static final String FEEDBACKS = "feedbacks";
  /** Which application the session belongs to; written by the Python library. */
  public static final String APPLICATION_NAME = "application_name";
  /** The session's type; written by the Python library ({@code "AGENT"}). */
  public static final String SESSION_TYPE = "session_type";
  /** The session viewer's password; written by the Python library. */
  public static final String SESSION_VIEWER_PASSWORD = "session_viewer_password";
  /** Guardrail audit events; written by the Python library, an empty array at creation. */
  public static final String GUARDRAIL_EVENTS = "guardrail_events";

  /** Feedback id, the idempotency key. */
  public static final String F_ID = "id";
  /** {@code "up"}, {@code "down"} or null. */
  public static final String F_RATING = "rating";
  /** The comment text. */
  public static final String F_COMMENT = "comment";
  /** When the feedback was given (BSON date). */
  public static final String F_CREATED_AT = "created_at";
  /** Who gave the feedback. */
  public static final String F_USER_ID = "user_id";
  /** Which agent message was rated. */
  public static final String F_MESSAGE_ID = "message_id";
  /** The score sub-document. */
  public static final String F_SCORE = "score";
  /** The tags array. */
  public static final String F_TAGS = "tags";
  /** Quality per dimension, a sub-document of wire name to 1..5. */
  public static final String F_DIMENSIONS = "dimensions";
  /** The answer the user wanted. */
  public static final String F_CORRECTION = "correction";

  /** Score value. */
  public static final String S_VALUE = "value";
  /** Score scale name. */
  public static final String S_SCALE = "scale";
  /** Lower bound of the scale, so that custom scales can be read back. */
  public static final String S_MIN = "min";
  /** Upper bound of the scale. */
  public static final String S_MAX = "max";

  private Schema() {}

  /** {@code feedbacks.<field>}, the path of a feedback field from the session document. */
  public static String feedbackPath(String field) {
    return FEEDBACKS + "." + field;
  }

  /** {@code metadata.<key>}. */
  public static String metadataPath(String key) {
    return METADATA + "." + key;
  }
}
