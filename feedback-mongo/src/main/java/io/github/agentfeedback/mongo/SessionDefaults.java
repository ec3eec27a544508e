package io.github.agentfeedback.mongo;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

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
 * <p>Start from {@link #none()} or {@link #pythonCompatible(String)}, or build with
 * {@link #builder()}; derive a changed copy with {@link #toBuilder()}:
 * {@code SessionDefaults.pythonCompatible("bot").toBuilder().guardrailEvents(false).build()}.
 *
 * <p>Immutable; thread-safe if the password supplier is (the one of
 * {@link #pythonCompatible(String)} is).
 *
 * @since 0.1.0
 */
public final class SessionDefaults {

  /** The {@code session_type} Python writes: strands-agents' {@code SessionType.AGENT}. */
  public static final String PYTHON_SESSION_TYPE = "AGENT";

  /** Bytes of randomness in a viewer password, as Python's {@code token_urlsafe(24)}. */
  public static final int VIEWER_PASSWORD_BYTES = 24;

  private static final SessionDefaults NONE = new Builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

  /** One instance, so that equal Python-compatible defaults are equal. */
  private static final Supplier<String> NEW_VIEWER_PASSWORD = SessionDefaults::newViewerPassword;

  private final @Nullable String applicationName;
  private final @Nullable String sessionType;
  private final @Nullable Supplier<String> viewerPassword;
  private final boolean guardrailEvents;

  private SessionDefaults(Builder b) {
    check("applicationName", b.applicationName);
    check("sessionType", b.sessionType);
    this.applicationName = b.applicationName;
    this.sessionType = b.sessionType;
    this.viewerPassword = b.viewerPassword;
    this.guardrailEvents = b.guardrailEvents;
  }

  /**
   * A builder that starts from {@link #none()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from these defaults.
   *
   * @return a new builder holding these values
   */
  public Builder toBuilder() {
    return new Builder()
        .applicationName(applicationName)
        .sessionType(sessionType)
        .viewerPassword(viewerPassword)
        .guardrailEvents(guardrailEvents);
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
    Objects.requireNonNull(applicationName, "applicationName");
    return new Builder()
        .applicationName(applicationName)
        .sessionType(PYTHON_SESSION_TYPE)
        .viewerPassword(NEW_VIEWER_PASSWORD)
        .guardrailEvents(true)
        .build();
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
   * Written as {@code application_name} when a write creates a session.
   *
   * @return the name, or {@code null} to leave the field out
   */
  public @Nullable String applicationName() {
    return applicationName;
  }

  /**
   * Written as {@code session_type} when a write creates a session.
   *
   * @return the type, or {@code null} to leave the field out
   */
  public @Nullable String sessionType() {
    return sessionType;
  }

  /**
   * Generates {@code session_viewer_password} for each write that may create a session.
   *
   * @return the generator, or {@code null} to leave the field out
   */
  public @Nullable Supplier<String> viewerPassword() {
    return viewerPassword;
  }

  /**
   * Whether a write that creates a session writes an empty {@code guardrail_events} array.
   *
   * @return whether to write it
   */
  public boolean guardrailEvents() {
    return guardrailEvents;
  }

  /**
   * Defaults are equal to defaults with equal names and flag and the same password
   * generator instance.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o == this
        || (o instanceof SessionDefaults d
            && Objects.equals(applicationName, d.applicationName)
            && Objects.equals(sessionType, d.sessionType)
            && Objects.equals(viewerPassword, d.viewerPassword)
            && guardrailEvents == d.guardrailEvents);
  }

  @Override
  public int hashCode() {
    return Objects.hash(applicationName, sessionType, viewerPassword, guardrailEvents);
  }

  /**
   * Leaves the password generator out, so that logging these defaults shows no secret
   * source.
   *
   * @return the names and whether a password generator and guardrail events are set
   */
  @Override
  public String toString() {
    return "SessionDefaults[applicationName="
        + applicationName
        + ", sessionType="
        + sessionType
        + ", viewerPassword="
        + (viewerPassword == null ? "none" : "generated")
        + ", guardrailEvents="
        + guardrailEvents
        + "]";
  }

  /**
   * Builds {@link SessionDefaults}; every field starts as in {@link SessionDefaults#none()}.
   * Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String applicationName;
    private @Nullable String sessionType;
    private @Nullable Supplier<String> viewerPassword;
    private boolean guardrailEvents;

    private Builder() {}

    /**
     * Sets the {@code application_name} to write.
     *
     * @param applicationName the name, or {@code null} to leave the field out
     * @return this builder
     */
    public Builder applicationName(@Nullable String applicationName) {
      this.applicationName = applicationName;
      return this;
    }

    /**
     * Sets the {@code session_type} to write, such as {@link #PYTHON_SESSION_TYPE}.
     *
     * @param sessionType the type, or {@code null} to leave the field out
     * @return this builder
     */
    public Builder sessionType(@Nullable String sessionType) {
      this.sessionType = sessionType;
      return this;
    }

    /**
     * Sets the generator of {@code session_viewer_password}, such as
     * {@code SessionDefaults::newViewerPassword}. It must be thread-safe, fast and free of
     * side effects, and return a non-blank string.
     *
     * @param viewerPassword the generator, or {@code null} to leave the field out
     * @return this builder
     */
    public Builder viewerPassword(@Nullable Supplier<String> viewerPassword) {
      this.viewerPassword = viewerPassword;
      return this;
    }

    /**
     * Sets whether to write an empty {@code guardrail_events} array.
     *
     * @param guardrailEvents whether to write it
     * @return this builder
     */
    public Builder guardrailEvents(boolean guardrailEvents) {
      this.guardrailEvents = guardrailEvents;
      return this;
    }

    /**
     * Builds the defaults.
     *
     * @return the defaults
     * @throws IllegalArgumentException if the application name or session type is blank or
     *     holds NUL
     */
    public SessionDefaults build() {
      return new SessionDefaults(this);
    }
  }

  private static void check(String name, @Nullable String value) {
    if (value != null && (value.isBlank() || value.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException(
          name
              + " must be null (left out) or non-blank text "
              + "without NUL, was '"
              + value
              + "'");
    }
  }
}
