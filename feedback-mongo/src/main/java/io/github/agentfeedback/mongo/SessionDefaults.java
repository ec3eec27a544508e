package io.github.agentfeedback.mongo;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Fields a {@link MongoFeedbackStore} writes once, when one of its writes creates a session
 * document, so that sessions it creates look like those the Python mongodb-session-manager
 * creates. Python writes them only in its own {@code create_session} and never adds them to
 * a session that already exists, so a session first created by this library would otherwise
 * lack them for good.
 *
 * <pre>{@code
 * MongoFeedbackStore.builder()
 *     .client(client).database("chat_db").collection("virtualagent_sessions")
 *     .sessionDefaults(SessionDefaults.pythonCompatible("support-bot"))
 *     .build();
 * }</pre>
 *
 * <p>The fields are sent with {@code $setOnInsert} in every upsert that can create a session
 * ({@link MongoFeedbackStore#append} with
 * {@link io.github.agentfeedback.UnknownSessionPolicy#CREATE},
 * {@link MongoFeedbackStore#updateMetadata}); the server applies them only when the upsert
 * inserts, so an existing session keeps its values. Because the update is built before the
 * server decides, {@link #viewerPassword()} is called for every such upsert, not only for
 * the one that creates the session: a password per write is generated and discarded unless
 * it creates the session. {@link #newViewerPassword()} costs about a microsecond and adds
 * about 60 bytes to the command; the alternative, reading first, would cost a round trip.
 * The store never logs the password; note that the driver's own command logger
 * ({@code org.mongodb.driver.protocol.command} at DEBUG) prints command documents, so keep it
 * above DEBUG in production.
 *
 * <p>Immutable; thread-safe if the password supplier is (the one of
 * {@link #pythonCompatible(String)} is).
 *
 * @param applicationName written as {@code application_name}, or null to leave it out
 * @param sessionType written as {@code session_type}, or null to leave it out
 * @param viewerPassword generates {@code session_viewer_password}, or null to leave it out;
 *     must be thread-safe, fast and free of side effects, and return a non-blank string
 * @param guardrailEvents whether to write an empty {@code guardrail_events} array
 * @since 0.1.0
 */
public record SessionDefaults(String applicationName, String sessionType,
    Supplier<String> viewerPassword, boolean guardrailEvents) {

  /** The {@code session_type} Python writes: strands-agents' {@code SessionType.AGENT}. */
  public static final String PYTHON_SESSION_TYPE = "AGENT";

  /** Bytes of randomness in a viewer password, as Python's {@code token_urlsafe(24)}. */
  public static final int VIEWER_PASSWORD_BYTES = 24;

  private static final SessionDefaults NONE = new SessionDefaults(null, null, null, false);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
  /** One instance, so that equal Python-compatible defaults are equal records. */
  private static final Supplier<String> NEW_VIEWER_PASSWORD = SessionDefaults::newViewerPassword;

  /**
   * Validates the names.
   *
   * @throws IllegalArgumentException if {@code applicationName} or {@code sessionType} is
   *     blank or holds NUL
   */
  public SessionDefaults {
    check("applicationName", applicationName);
    check("sessionType", sessionType);
  }

  /**
   * No extra fields: a session this library creates holds {@code _id}, {@code session_id},
   * {@code created_at} and what the creating write sets. The default.
   *
   * @return the empty defaults
   */
  public static SessionDefaults none() {
    return NONE;
  }

  /**
   * The fields the Python library's {@code create_session} writes: {@code application_name},
   * {@code session_type} {@value #PYTHON_SESSION_TYPE}, a fresh
   * {@code session_viewer_password} from {@link #newViewerPassword()}, and an empty
   * {@code guardrail_events} array.
   *
   * @param applicationName the application's name, as the Python repository is configured
   * @return the defaults
   * @throws NullPointerException if {@code applicationName} is null
   * @throws IllegalArgumentException if it is blank
   */
  public static SessionDefaults pythonCompatible(String applicationName) {
    java.util.Objects.requireNonNull(applicationName, "applicationName");
    return new SessionDefaults(applicationName, PYTHON_SESSION_TYPE, NEW_VIEWER_PASSWORD, true);
  }

  /**
   * A session viewer password as Python's {@code secrets.token_urlsafe(24)} makes it: 24
   * bytes from a {@link SecureRandom}, Base64url without padding, 32 characters.
   *
   * @return a new password
   */
  public static String newViewerPassword() {
    byte[] bytes = new byte[VIEWER_PASSWORD_BYTES];
    RANDOM.nextBytes(bytes);
    return URL_SAFE.encodeToString(bytes);
  }

  /**
   * A copy with another application name.
   *
   * @param applicationName the name, or null to leave the field out
   * @return the copy
   */
  public SessionDefaults withApplicationName(String applicationName) {
    return new SessionDefaults(applicationName, sessionType, viewerPassword, guardrailEvents);
  }

  /**
   * A copy with another session type.
   *
   * @param sessionType the type, or null to leave the field out
   * @return the copy
   */
  public SessionDefaults withSessionType(String sessionType) {
    return new SessionDefaults(applicationName, sessionType, viewerPassword, guardrailEvents);
  }

  /**
   * A copy with another password generator.
   *
   * @param viewerPassword the generator, or null to leave the field out
   * @return the copy
   */
  public SessionDefaults withViewerPassword(Supplier<String> viewerPassword) {
    return new SessionDefaults(applicationName, sessionType, viewerPassword, guardrailEvents);
  }

  /**
   * A copy that does or does not write an empty {@code guardrail_events} array.
   *
   * @param guardrailEvents whether to write it
   * @return the copy
   */
  public SessionDefaults withGuardrailEvents(boolean guardrailEvents) {
    return new SessionDefaults(applicationName, sessionType, viewerPassword, guardrailEvents);
  }

  /**
   * Leaves the password generator out, so that logging these defaults shows no secret
   * source.
   *
   * @return the names and whether a password generator and guardrail events are set
   */
  @Override
  public String toString() {
    return "SessionDefaults[applicationName=" + applicationName + ", sessionType="
        + sessionType + ", viewerPassword=" + (viewerPassword == null ? "none" : "generated")
        + ", guardrailEvents=" + guardrailEvents + "]";
  }

  private static void check(String name, String value) {
    if (value != null && (value.isBlank() || value.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException(name + " must be null (left out) or non-blank text "
          + "without NUL, was '" + value + "'");
    }
  }
}
