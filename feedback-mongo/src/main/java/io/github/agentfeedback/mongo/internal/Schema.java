package io.github.agentfeedback.mongo.internal;

/**
 * Field names of the session document, shared with the Python mongodb-session-manager.
 *
 * <pre>
 * { _id, session_id, created_at, updated_at, metadata: {...},
 *   application_name?, session_type?, session_viewer_password?, guardrail_events?,
 *   feedbacks: [ { id, rating, comment, created_at, user_id, message_id,
 *                  score: {value, scale, min, max}, tags, dimensions, correction,
 *                  source, author_id, trace_id, span_id, model: {name, version},
 *                  prompt, response, comparison: {a, b, preference},
 *                  review: {status, by, at}, updated_at, &lt;attributes&gt; } ],
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

  /** Who gave the feedback; absent for an end user. */
  public static final String F_SOURCE = "source";

  /** The reviewer's or judge's name. */
  public static final String F_AUTHOR_ID = "author_id";

  /** OpenTelemetry trace id (32 lower-case hex digits). */
  public static final String F_TRACE_ID = "trace_id";

  /** OpenTelemetry span id (16 lower-case hex digits). */
  public static final String F_SPAN_ID = "span_id";

  /** The model sub-document {@code {name, version?}}. */
  public static final String F_MODEL = "model";

  /** The prompt text. */
  public static final String F_PROMPT = "prompt";

  /** The rated response's text. */
  public static final String F_RESPONSE = "response";

  /** The pairwise comparison sub-document {@code {a, b, preference}}. */
  public static final String F_COMPARISON = "comparison";

  /** The review sub-document {@code {status, by?, at?}}. */
  public static final String F_REVIEW = "review";

  /** When the feedback was last replaced (BSON date). */
  public static final String F_UPDATED_AT = "updated_at";

  /** Model name. */
  public static final String M_NAME = "name";

  /** Model version. */
  public static final String M_VERSION = "version";

  /** Comparison candidate A. */
  public static final String C_A = "a";

  /** Comparison candidate B. */
  public static final String C_B = "b";

  /** Comparison preference: "a", "b" or "tie". */
  public static final String C_PREFERENCE = "preference";

  /** Candidate's model. */
  public static final String C_MODEL = "model";

  /** Candidate's response id. */
  public static final String C_RESPONSE_ID = "response_id";

  /** Candidate's response text. */
  public static final String C_RESPONSE = "response";

  /** Review status. */
  public static final String R_STATUS = "status";

  /** Reviewer. */
  public static final String R_BY = "by";

  /** Review time. */
  public static final String R_AT = "at";

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
