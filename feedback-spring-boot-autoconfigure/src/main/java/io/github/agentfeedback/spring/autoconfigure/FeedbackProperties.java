package io.github.agentfeedback.spring.autoconfigure;

import io.github.agentfeedback.Rating;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.hooks.RateLimitHook;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The settings of agent-feedback in a Spring Boot application, under the prefix
 * {@value #PREFIX}.
 *
 * <pre>
 * agent-feedback:
 *   store:
 *     type: mongodb              # auto (default), memory, mongodb or jdbc
 *     mongodb:
 *       database: chat_db        # uses the application's MongoClient bean, or uri
 *   hooks:
 *     rate-limit:
 *       enabled: true
 *       key: caller
 *   notification:
 *     webhook:
 *       url: https://example.com/hooks/feedback
 *       secret: ${FEEDBACK_WEBHOOK_SECRET}
 *   web:
 *     enabled: true              # the REST endpoints under /api
 * </pre>
 *
 * <p>Bound once at startup; not meant to be changed afterwards.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(FeedbackProperties.PREFIX)
public class FeedbackProperties {

  /** The prefix of every property. */
  public static final String PREFIX = "agent-feedback";

  /** Whether to auto-configure a FeedbackManager at all. */
  private boolean enabled = true;

  /**
   * What happens to feedback for a session the store does not know: create it, or refuse
   * the feedback (404 from the REST endpoints).
   */
  private UnknownSessionPolicy unknownSessions = UnknownSessionPolicy.CREATE;

  /**
   * One vote per user per answer: feedback with a user id and a message id replaces the
   * user's earlier vote on the same message.
   */
  private boolean oneVotePerUserAndMessage = false;

  private final Store store = new Store();
  private final Hooks hooks = new Hooks();
  private final Notification notification = new Notification();
  private final Web web = new Web();
  private final Tokens tokens = new Tokens();
  private final Metrics metrics = new Metrics();
  private final Otel otel = new Otel();
  private final Escalation escalation = new Escalation();

  /**
   * Whether to auto-configure a manager.
   *
   * @return true by default
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether to auto-configure a manager.
   *
   * @param enabled false to configure nothing
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The unknown-session policy.
   *
   * @return the policy, CREATE by default
   */
  public UnknownSessionPolicy getUnknownSessions() {
    return unknownSessions;
  }

  /**
   * Sets the unknown-session policy.
   *
   * @param unknownSessions the policy
   */
  public void setUnknownSessions(UnknownSessionPolicy unknownSessions) {
    this.unknownSessions = unknownSessions;
  }

  /**
   * Whether one-vote mode is on.
   *
   * @return false by default
   */
  public boolean isOneVotePerUserAndMessage() {
    return oneVotePerUserAndMessage;
  }

  /**
   * Sets one-vote mode.
   *
   * @param oneVotePerUserAndMessage true to keep one vote per user and message
   */
  public void setOneVotePerUserAndMessage(boolean oneVotePerUserAndMessage) {
    this.oneVotePerUserAndMessage = oneVotePerUserAndMessage;
  }

  /**
   * Where feedback is kept.
   *
   * @return the store settings
   */
  public Store getStore() {
    return store;
  }

  /**
   * Which ready hooks run.
   *
   * @return the hook settings
   */
  public Hooks getHooks() {
    return hooks;
  }

  /**
   * Notifications of feedback worth attention.
   *
   * @return the notification settings
   */
  public Notification getNotification() {
    return notification;
  }

  /**
   * The REST endpoints.
   *
   * @return the web settings
   */
  public Web getWeb() {
    return web;
  }

  /**
   * Signed feedback tokens, their endpoints and the widget.
   *
   * @return the token settings
   */
  public Tokens getTokens() {
    return tokens;
  }

  /**
   * Micrometer metrics.
   *
   * @return the metrics settings
   */
  public Metrics getMetrics() {
    return metrics;
  }

  /**
   * OpenTelemetry events.
   *
   * @return the OpenTelemetry settings
   */
  public Otel getOtel() {
    return otel;
  }

  /**
   * Escalations: their store, the rules on the hot path, routing, the window check and
   * closing the loop with users.
   *
   * @return the escalation settings
   */
  public Escalation getEscalation() {
    return escalation;
  }

  /** The kinds of store. */
  public enum StoreType {
    /**
     * MongoDB when feedback-mongo and a MongoClient bean (or a URI) are present, else JDBC when
     * feedback-jdbc and a DataSource bean are present, else in memory.
     */
    AUTO,
    /** In memory: lost on restart; for tests, demos and small applications. */
    MEMORY,
    /** MongoDB, through feedback-mongo. */
    MONGODB,
    /** A relational database (PostgreSQL, SQLite) on the application's DataSource. */
    JDBC
  }

  /** Where feedback is kept. */
  public static class Store {

    /** Which store to use. */
    private StoreType type = StoreType.AUTO;

    private final Mongodb mongodb = new Mongodb();

    private final Jdbc jdbc = new Jdbc();

    /**
     * Which store to use.
     *
     * @return AUTO by default
     */
    public StoreType getType() {
      return type;
    }

    /**
     * Sets which store to use.
     *
     * @param type the store type
     */
    public void setType(StoreType type) {
      this.type = type;
    }

    /**
     * The MongoDB store.
     *
     * @return its settings
     */
    public Mongodb getMongodb() {
      return mongodb;
    }

    /**
     * The JDBC store.
     *
     * @return its settings
     */
    public Jdbc getJdbc() {
      return jdbc;
    }
  }

  /** The MongoDB store. */
  public static class Mongodb {

    /**
     * Connection string of a MongoDB for the feedback alone. When unset, the application's
     * MongoClient bean is used (and never closed by the store).
     */
    private @Nullable String uri;

    /** The database. */
    private String database = "agent_feedback";

    /** The sessions collection, shared with the Python mongodb-session-manager. */
    private String collection = "sessions";

    /** Whether to create the store's indexes at startup. */
    private boolean ensureIndexes = false;

    /** Most feedbacks kept per session, oldest dropped first; 0 keeps all. */
    private int maxFeedbacksPerSession = 0;

    /**
     * The connection string.
     *
     * @return the URI, or null to use the MongoClient bean
     */
    public @Nullable String getUri() {
      return uri;
    }

    /**
     * Sets the connection string.
     *
     * @param uri the URI
     */
    public void setUri(@Nullable String uri) {
      this.uri = uri;
    }

    /**
     * The database.
     *
     * @return agent_feedback by default
     */
    public String getDatabase() {
      return database;
    }

    /**
     * Sets the database.
     *
     * @param database the name
     */
    public void setDatabase(String database) {
      this.database = database;
    }

    /**
     * The sessions collection.
     *
     * @return sessions by default
     */
    public String getCollection() {
      return collection;
    }

    /**
     * Sets the sessions collection.
     *
     * @param collection the name
     */
    public void setCollection(String collection) {
      this.collection = collection;
    }

    /**
     * Whether indexes are created at startup.
     *
     * @return false by default
     */
    public boolean isEnsureIndexes() {
      return ensureIndexes;
    }

    /**
     * Sets whether indexes are created at startup.
     *
     * @param ensureIndexes true to create them
     */
    public void setEnsureIndexes(boolean ensureIndexes) {
      this.ensureIndexes = ensureIndexes;
    }

    /**
     * The retention cap per session.
     *
     * @return 0 (none) by default
     */
    public int getMaxFeedbacksPerSession() {
      return maxFeedbacksPerSession;
    }

    /**
     * Sets the retention cap per session.
     *
     * @param maxFeedbacksPerSession the cap, 0 for none
     */
    public void setMaxFeedbacksPerSession(int maxFeedbacksPerSession) {
      this.maxFeedbacksPerSession = maxFeedbacksPerSession;
    }
  }

  /**
   * The JDBC store, on the application's DataSource bean (never closed by the store). The
   * store's builder checks the values when the store is made, naming the setting.
   */
  public static class Jdbc {

    /** The sessions table: a lower-case SQL identifier of at most 48 chars. */
    private String sessionsTable = "feedback_sessions";

    /** The feedback table: a lower-case SQL identifier of at most 48 chars. */
    private String feedbackTable = "feedback";

    /** How long one statement may run before the driver cancels it (rounded up to seconds). */
    private Duration statementTimeout = Duration.ofSeconds(10);

    /**
     * Whether to create the tables and indexes at startup if they do not exist; false when
     * Flyway or Liquibase run the store's schema script.
     */
    private boolean initializeSchema = true;

    /**
     * The most feedbacks a session keeps, the newest by creation time; older feedback is
     * trimmed, not stored. 0 for no cap.
     */
    private int maxFeedbacksPerSession = 0;

    /** How many rows a stream of feedback fetches per round trip. */
    private int fetchSize = 500;

    /** How many rows one insert of a batch append carries, at most 819. */
    private int batchSize = 500;

    /**
     * The sessions table.
     *
     * @return feedback_sessions by default
     */
    public String getSessionsTable() {
      return sessionsTable;
    }

    /**
     * Sets the sessions table.
     *
     * @param sessionsTable the name
     */
    public void setSessionsTable(String sessionsTable) {
      this.sessionsTable = sessionsTable;
    }

    /**
     * The feedback table.
     *
     * @return feedback by default
     */
    public String getFeedbackTable() {
      return feedbackTable;
    }

    /**
     * Sets the feedback table.
     *
     * @param feedbackTable the name
     */
    public void setFeedbackTable(String feedbackTable) {
      this.feedbackTable = feedbackTable;
    }

    /**
     * The statement timeout.
     *
     * @return 10 seconds by default
     */
    public Duration getStatementTimeout() {
      return statementTimeout;
    }

    /**
     * Sets the statement timeout.
     *
     * @param statementTimeout at least one millisecond
     */
    public void setStatementTimeout(Duration statementTimeout) {
      this.statementTimeout = statementTimeout;
    }

    /**
     * Whether the schema is created at startup.
     *
     * @return true by default
     */
    public boolean isInitializeSchema() {
      return initializeSchema;
    }

    /**
     * Sets whether the schema is created at startup.
     *
     * @param initializeSchema false when a migration tool owns the schema
     */
    public void setInitializeSchema(boolean initializeSchema) {
      this.initializeSchema = initializeSchema;
    }

    /**
     * The cap on feedback per session.
     *
     * @return 0 (none) by default
     */
    public int getMaxFeedbacksPerSession() {
      return maxFeedbacksPerSession;
    }

    /**
     * Sets the cap on feedback per session.
     *
     * @param maxFeedbacksPerSession the cap, 0 for none
     */
    public void setMaxFeedbacksPerSession(int maxFeedbacksPerSession) {
      this.maxFeedbacksPerSession = maxFeedbacksPerSession;
    }

    /**
     * The rows a stream fetches per round trip.
     *
     * @return 500 by default
     */
    public int getFetchSize() {
      return fetchSize;
    }

    /**
     * Sets the rows a stream fetches per round trip.
     *
     * @param fetchSize a positive count
     */
    public void setFetchSize(int fetchSize) {
      this.fetchSize = fetchSize;
    }

    /**
     * The rows one insert of a batch carries.
     *
     * @return 500 by default
     */
    public int getBatchSize() {
      return batchSize;
    }

    /**
     * Sets the rows one insert of a batch carries.
     *
     * @param batchSize from 1 to 819
     */
    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }
  }

  /** Which ready hooks run, in their documented order, and their settings. */
  public static class Hooks {
    private final Toggle sanitizing = new Toggle(true);
    private final Toggle piiRedaction = new Toggle(true);
    private final Validation validation = new Validation();
    private final RateLimit rateLimit = new RateLimit();
    private final Toggle spamFilter = new Toggle(false);
    private final Toggle sentiment = new Toggle(false);
    private final Toggle triage = new Toggle(false);
    private final Audit audit = new Audit();

    /**
     * Markup in comments to plain text.
     *
     * @return on by default
     */
    public Toggle getSanitizing() {
      return sanitizing;
    }

    /**
     * Personal data (emails, phone numbers, cards) to placeholders.
     *
     * @return on by default
     */
    public Toggle getPiiRedaction() {
      return piiRedaction;
    }

    /**
     * Checks of ratings, lengths and scores.
     *
     * @return on by default
     */
    public Validation getValidation() {
      return validation;
    }

    /**
     * A rate limit per caller.
     *
     * @return off by default
     */
    public RateLimit getRateLimit() {
      return rateLimit;
    }

    /**
     * Refuses spam.
     *
     * @return off by default
     */
    public Toggle getSpamFilter() {
      return spamFilter;
    }

    /**
     * Adds a sentiment attribute.
     *
     * @return off by default
     */
    public Toggle getSentiment() {
      return sentiment;
    }

    /**
     * Triage of negative feedback: category, urgency and actionable tags.
     *
     * @return off by default
     */
    public Toggle getTriage() {
      return triage;
    }

    /**
     * Logs who gave which feedback with what outcome.
     *
     * @return off by default
     */
    public Audit getAudit() {
      return audit;
    }
  }

  /** A ready hook without settings. */
  public static class Toggle {

    /** Whether the hook runs. */
    private boolean enabled;

    /**
     * A toggle.
     *
     * @param enabled the default
     */
    public Toggle(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Whether the hook runs.
     *
     * @return whether it runs
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the hook runs.
     *
     * @param enabled whether it runs
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The validation hook. */
  public static class Validation extends Toggle {

    /** Most code points in a comment. */
    private int maxCommentLength = 5_000;

    /** Whether a thumbs down needs a comment. */
    private boolean requireCommentForDown = false;

    /** Validation on. */
    public Validation() {
      super(true);
    }

    /**
     * The comment limit.
     *
     * @return 5000 by default
     */
    public int getMaxCommentLength() {
      return maxCommentLength;
    }

    /**
     * Sets the comment limit.
     *
     * @param maxCommentLength code points
     */
    public void setMaxCommentLength(int maxCommentLength) {
      this.maxCommentLength = maxCommentLength;
    }

    /**
     * Whether a thumbs down needs a comment.
     *
     * @return false by default
     */
    public boolean isRequireCommentForDown() {
      return requireCommentForDown;
    }

    /**
     * Sets whether a thumbs down needs a comment.
     *
     * @param requireCommentForDown true to require one
     */
    public void setRequireCommentForDown(boolean requireCommentForDown) {
      this.requireCommentForDown = requireCommentForDown;
    }
  }

  /** What a rate limit counts against. */
  public enum RateLimitKey {
    /** The user id the feedback carries, else the session. */
    USER_OR_SESSION,
    /** The session. */
    SESSION,
    /** The client address of the HTTP request. */
    CLIENT,
    /** The authenticated principal, else the client address. */
    CALLER;

    RateLimitHook.KeyFunction function() {
      return switch (this) {
        case USER_OR_SESSION -> RateLimitHook.USER_OR_SESSION;
        case SESSION -> RateLimitHook.SESSION;
        case CLIENT -> RateLimitHook.CLIENT;
        case CALLER -> RateLimitHook.CALLER;
      };
    }
  }

  /** The rate limit hook. */
  public static class RateLimit extends Toggle {

    /** Feedbacks allowed per period and key. */
    private int permits = 5;

    /** The period of the permits. */
    private Duration period = Duration.ofMinutes(1);

    /** Most feedbacks at once after a quiet spell; 0 means as many as the permits. */
    private int burst = 0;

    /** What the limit counts against. */
    private RateLimitKey key = RateLimitKey.CALLER;

    /** Rate limit off. */
    public RateLimit() {
      super(false);
    }

    /**
     * The permits per period.
     *
     * @return 5 by default
     */
    public int getPermits() {
      return permits;
    }

    /**
     * Sets the permits per period.
     *
     * @param permits at least 1
     */
    public void setPermits(int permits) {
      this.permits = permits;
    }

    /**
     * The period.
     *
     * @return one minute by default
     */
    public Duration getPeriod() {
      return period;
    }

    /**
     * Sets the period.
     *
     * @param period the period
     */
    public void setPeriod(Duration period) {
      this.period = period;
    }

    /**
     * The burst.
     *
     * @return 0 (the permits) by default
     */
    public int getBurst() {
      return burst;
    }

    /**
     * Sets the burst.
     *
     * @param burst 0 for the permits
     */
    public void setBurst(int burst) {
      this.burst = burst;
    }

    /**
     * What the limit counts against.
     *
     * @return CALLER by default
     */
    public RateLimitKey getKey() {
      return key;
    }

    /**
     * Sets what the limit counts against.
     *
     * @param key the key
     */
    public void setKey(RateLimitKey key) {
      this.key = key;
    }
  }

  /** The audit hook. */
  public static class Audit extends Toggle {

    /** Whether audit events hold the comment text (personal data). */
    private boolean includeComment = false;

    /** Audit off. */
    public Audit() {
      super(false);
    }

    /**
     * Whether comments are audited.
     *
     * @return false by default
     */
    public boolean isIncludeComment() {
      return includeComment;
    }

    /**
     * Sets whether comments are audited.
     *
     * @param includeComment true to include them
     */
    public void setIncludeComment(boolean includeComment) {
      this.includeComment = includeComment;
    }
  }

  /** Notifications of feedback worth attention, delivered asynchronously. */
  public static class Notification {

    /** The ratings that notify. */
    private List<Rating> ratings = new ArrayList<>(List.of(Rating.DOWN));

    /** Most notifications waiting for delivery; beyond it they are dropped. */
    private int queueCapacity = 1_000;

    private final Webhook webhook = new Webhook();

    /**
     * The ratings that notify.
     *
     * @return DOWN by default
     */
    public List<Rating> getRatings() {
      return ratings;
    }

    /**
     * Sets the ratings that notify.
     *
     * @param ratings the ratings
     */
    public void setRatings(List<Rating> ratings) {
      this.ratings = ratings;
    }

    /**
     * The queue's capacity.
     *
     * @return 1000 by default
     */
    public int getQueueCapacity() {
      return queueCapacity;
    }

    /**
     * Sets the queue's capacity.
     *
     * @param queueCapacity the capacity
     */
    public void setQueueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
    }

    /**
     * A signed webhook.
     *
     * @return its settings
     */
    public Webhook getWebhook() {
      return webhook;
    }
  }

  /** A webhook receiving notifications (needs feedback-webhooks). */
  public static class Webhook {

    /** The receiver's URL; no webhook when unset. */
    private @Nullable String url;

    /** The HMAC secret that signs each delivery; unsigned when unset. */
    private @Nullable String secret;

    /** The body: json, or slack for a Slack incoming webhook. */
    private String format = "json";

    /** Whether the body holds the comment text. */
    private boolean includeComment = true;

    /**
     * The URL.
     *
     * @return the URL, or null for no webhook
     */
    public @Nullable String getUrl() {
      return url;
    }

    /**
     * Sets the URL.
     *
     * @param url the URL
     */
    public void setUrl(@Nullable String url) {
      this.url = url;
    }

    /**
     * The secret.
     *
     * @return the secret, or null
     */
    public @Nullable String getSecret() {
      return secret;
    }

    /**
     * Sets the secret.
     *
     * @param secret the secret
     */
    public void setSecret(@Nullable String secret) {
      this.secret = secret;
    }

    /**
     * The body format.
     *
     * @return json by default
     */
    public String getFormat() {
      return format;
    }

    /**
     * Sets the body format.
     *
     * @param format json or slack
     */
    public void setFormat(String format) {
      this.format = format;
    }

    /**
     * Whether the comment is sent.
     *
     * @return true by default
     */
    public boolean isIncludeComment() {
      return includeComment;
    }

    /**
     * Sets whether the comment is sent.
     *
     * @param includeComment false to leave it out
     */
    public void setIncludeComment(boolean includeComment) {
      this.includeComment = includeComment;
    }
  }

  /**
   * Escalations (needs nothing beyond the starter; routing and closing the loop deliver
   * through notifiers). When enabled: an escalation store beside the feedback store (MongoDB,
   * JDBC or in memory), the escalation hook with the rules below and the application's
   * {@code EscalationRule} beans, a router when it has somewhere to send, a window check when
   * the application has {@code WindowRule} beans, and, when switched on, the loop closer.
   */
  public static class Escalation {

    /** Whether to configure escalations. */
    private boolean enabled = false;

    /** Raise when a session holds this many DOWN ratings, in any order; 0 for no such rule. */
    private int negativeRatings = 3;

    /**
     * Count only the DOWN ratings given within this window before the write; all of the
     * session's when unset.
     */
    private @Nullable Duration negativeRatingsWindow;

    /** Raise when a session's last this many rated feedbacks are DOWN; 0 for no such rule. */
    private int downStreak = 0;

    private final EscalationMongodb mongodb = new EscalationMongodb();
    private final EscalationJdbc jdbc = new EscalationJdbc();
    private final Routing routing = new Routing();
    private final WindowCheck windowCheck = new WindowCheck();
    private final LoopClosing loopClosing = new LoopClosing();

    /**
     * Whether escalations are configured.
     *
     * @return false by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether escalations are configured.
     *
     * @param enabled true to configure them
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The DOWN ratings of a session that raise an escalation.
     *
     * @return 3 by default; 0 for none
     */
    public int getNegativeRatings() {
      return negativeRatings;
    }

    /**
     * Sets the DOWN ratings of a session that raise an escalation.
     *
     * @param negativeRatings at least 1, or 0 for none
     */
    public void setNegativeRatings(int negativeRatings) {
      this.negativeRatings = negativeRatings;
    }

    /**
     * The window the DOWN ratings are counted in.
     *
     * @return the window, or null for the whole session
     */
    public @Nullable Duration getNegativeRatingsWindow() {
      return negativeRatingsWindow;
    }

    /**
     * Sets the window the DOWN ratings are counted in.
     *
     * @param negativeRatingsWindow a positive window, or null for the whole session
     */
    public void setNegativeRatingsWindow(@Nullable Duration negativeRatingsWindow) {
      this.negativeRatingsWindow = negativeRatingsWindow;
    }

    /**
     * The DOWN ratings in a row that raise an escalation.
     *
     * @return 0 (no streak rule) by default
     */
    public int getDownStreak() {
      return downStreak;
    }

    /**
     * Sets the DOWN ratings in a row that raise an escalation.
     *
     * @param downStreak at least 1, or 0 for none
     */
    public void setDownStreak(int downStreak) {
      this.downStreak = downStreak;
    }

    /**
     * Where escalations and leases are kept beside a MongoDB feedback store.
     *
     * @return the MongoDB settings
     */
    public EscalationMongodb getMongodb() {
      return mongodb;
    }

    /**
     * Where escalations and leases are kept beside a JDBC feedback store.
     *
     * @return the JDBC settings
     */
    public EscalationJdbc getJdbc() {
      return jdbc;
    }

    /**
     * Where raised escalations are sent.
     *
     * @return the routing settings
     */
    public Routing getRouting() {
      return routing;
    }

    /**
     * The scheduled check of the application's window rules.
     *
     * @return the window-check settings
     */
    public WindowCheck getWindowCheck() {
      return windowCheck;
    }

    /**
     * Telling users that their feedback was acted on.
     *
     * @return the loop-closing settings
     */
    public LoopClosing getLoopClosing() {
      return loopClosing;
    }
  }

  /** The collections of escalations and leases, in the feedback store's database. */
  public static class EscalationMongodb {

    /** The escalations' collection. */
    private String collection = "escalations";

    /** The leases' collection (the window check's). */
    private String leasesCollection = "leases";

    /**
     * The escalations' collection.
     *
     * @return escalations by default
     */
    public String getCollection() {
      return collection;
    }

    /**
     * Sets the escalations' collection.
     *
     * @param collection the name
     */
    public void setCollection(String collection) {
      this.collection = collection;
    }

    /**
     * The leases' collection.
     *
     * @return leases by default
     */
    public String getLeasesCollection() {
      return leasesCollection;
    }

    /**
     * Sets the leases' collection.
     *
     * @param leasesCollection the name
     */
    public void setLeasesCollection(String leasesCollection) {
      this.leasesCollection = leasesCollection;
    }
  }

  /**
   * The tables of escalations and leases, on the feedback store's DataSource, with its
   * statement timeout; made at startup unless {@code store.jdbc.initialize-schema} is false.
   */
  public static class EscalationJdbc {

    /** The escalations' table. */
    private String table = "feedback_escalations";

    /** The leases' table (the window check's). */
    private String leasesTable = "feedback_leases";

    /**
     * The escalations' table.
     *
     * @return feedback_escalations by default
     */
    public String getTable() {
      return table;
    }

    /**
     * Sets the escalations' table.
     *
     * @param table the name, optionally schema-qualified
     */
    public void setTable(String table) {
      this.table = table;
    }

    /**
     * The leases' table.
     *
     * @return feedback_leases by default
     */
    public String getLeasesTable() {
      return leasesTable;
    }

    /**
     * Sets the leases' table.
     *
     * @param leasesTable the name, optionally schema-qualified
     */
    public void setLeasesTable(String leasesTable) {
      this.leasesTable = leasesTable;
    }
  }

  /**
   * Routing of raised escalations: the application's {@code EscalationRoute} beans first, in
   * order; what no route takes goes to the notification notifiers (the webhook of
   * {@code notification.webhook.url} and the {@code Notifier} beans) unless
   * {@code to-notifiers} is false.
   */
  public static class Routing {

    /** Whether escalations no route takes go to the notification notifiers. */
    private boolean toNotifiers = true;

    /** The shortest time between two notifications of one escalation, across replicas. */
    private Duration minInterval = Duration.ofMinutes(15);

    /** The start of the quiet hours (local time); none when unset. */
    private @Nullable LocalTime quietHoursStart;

    /** The end of the quiet hours (local time). */
    private @Nullable LocalTime quietHoursEnd;

    /** The zone of the quiet hours. */
    private ZoneId quietHoursZone = ZoneOffset.UTC;

    /** The least severity sent during quiet hours; lower ones wait for their end. */
    private Severity quietHoursBypass = Severity.CRITICAL;

    /**
     * Whether escalations no route takes go to the notification notifiers.
     *
     * @return true by default
     */
    public boolean isToNotifiers() {
      return toNotifiers;
    }

    /**
     * Sets whether escalations no route takes go to the notification notifiers.
     *
     * @param toNotifiers false to send them nowhere
     */
    public void setToNotifiers(boolean toNotifiers) {
      this.toNotifiers = toNotifiers;
    }

    /**
     * The minimum interval between two notifications of one escalation.
     *
     * @return 15 minutes by default
     */
    public Duration getMinInterval() {
      return minInterval;
    }

    /**
     * Sets the minimum interval between two notifications of one escalation.
     *
     * @param minInterval zero or more
     */
    public void setMinInterval(Duration minInterval) {
      this.minInterval = minInterval;
    }

    /**
     * The start of the quiet hours.
     *
     * @return the local time, or null for no quiet hours
     */
    public @Nullable LocalTime getQuietHoursStart() {
      return quietHoursStart;
    }

    /**
     * Sets the start of the quiet hours.
     *
     * @param quietHoursStart a local time, such as 22:00; set with the end
     */
    public void setQuietHoursStart(@Nullable LocalTime quietHoursStart) {
      this.quietHoursStart = quietHoursStart;
    }

    /**
     * The end of the quiet hours.
     *
     * @return the local time, or null for no quiet hours
     */
    public @Nullable LocalTime getQuietHoursEnd() {
      return quietHoursEnd;
    }

    /**
     * Sets the end of the quiet hours.
     *
     * @param quietHoursEnd a local time, such as 07:00; set with the start
     */
    public void setQuietHoursEnd(@Nullable LocalTime quietHoursEnd) {
      this.quietHoursEnd = quietHoursEnd;
    }

    /**
     * The zone of the quiet hours.
     *
     * @return UTC by default
     */
    public ZoneId getQuietHoursZone() {
      return quietHoursZone;
    }

    /**
     * Sets the zone of the quiet hours.
     *
     * @param quietHoursZone a zone, such as Europe/Madrid
     */
    public void setQuietHoursZone(ZoneId quietHoursZone) {
      this.quietHoursZone = quietHoursZone;
    }

    /**
     * The least severity sent during quiet hours.
     *
     * @return CRITICAL by default
     */
    public Severity getQuietHoursBypass() {
      return quietHoursBypass;
    }

    /**
     * Sets the least severity sent during quiet hours.
     *
     * @param quietHoursBypass the severity
     */
    public void setQuietHoursBypass(Severity quietHoursBypass) {
      this.quietHoursBypass = quietHoursBypass;
    }
  }

  /**
   * The scheduled check of the application's {@code WindowRule} beans, run by one replica at
   * a time under a lease kept beside the escalations; started with the context, closed
   * (and its lease released) with it.
   */
  public static class WindowCheck {

    /** How often the rules are evaluated. */
    private Duration period = Duration.ofMinutes(5);

    /** The lease that one replica holds while it runs the rules. */
    private String leaseName = "window-check";

    /**
     * How often the rules are evaluated.
     *
     * @return 5 minutes by default
     */
    public Duration getPeriod() {
      return period;
    }

    /**
     * Sets how often the rules are evaluated.
     *
     * @param period a positive period
     */
    public void setPeriod(Duration period) {
      this.period = period;
    }

    /**
     * The lease's name.
     *
     * @return window-check by default
     */
    public String getLeaseName() {
      return leaseName;
    }

    /**
     * Sets the lease's name.
     *
     * @param leaseName the name, shared by the replicas of one application
     */
    public void setLeaseName(String leaseName) {
      this.leaseName = leaseName;
    }
  }

  /**
   * The loop closer: when an escalation is resolved, each linked feedback with a user id
   * yields one "resolved" event to the application's own webhook (which tells the user), sent
   * once across replicas and restarts. Its webhook is not the notification webhook: the
   * events go to the application, not to the people on call.
   */
  public static class LoopClosing {

    /** Whether resolved escalations are told to the users whose feedback they link. */
    private boolean enabled = false;

    /** How often pending events are sent. */
    private Duration drainEvery = Duration.ofMinutes(1);

    private final Webhook webhook = new Webhook();

    /**
     * The webhook that receives the events (needs feedback-webhooks).
     *
     * @return its settings
     */
    public Webhook getWebhook() {
      return webhook;
    }

    /**
     * Whether the loop closer runs.
     *
     * @return false by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the loop closer runs.
     *
     * @param enabled true to run it
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * How often pending events are sent.
     *
     * @return one minute by default
     */
    public Duration getDrainEvery() {
      return drainEvery;
    }

    /**
     * Sets how often pending events are sent.
     *
     * @param drainEvery a positive period
     */
    public void setDrainEvery(Duration drainEvery) {
      this.drainEvery = drainEvery;
    }
  }

  /** The REST endpoints. */
  public static class Web {

    /** Whether to serve the REST endpoints. */
    private boolean enabled = false;

    /** The path the endpoints are served under. */
    private String basePath = "/api";

    /** Largest request body accepted; larger ones get 413. */
    private DataSize maxBodySize = DataSize.ofKilobytes(64);

    /**
     * Whether to serve the dashboard page at {base-path}/feedback/dashboard, beside the
     * analytics endpoints and behind the same security.
     */
    private boolean dashboard = false;

    /**
     * Whether the dashboard is served.
     *
     * @return false by default
     */
    public boolean isDashboard() {
      return dashboard;
    }

    /**
     * Sets whether the dashboard is served.
     *
     * @param dashboard true to serve it
     */
    public void setDashboard(boolean dashboard) {
      this.dashboard = dashboard;
    }

    /**
     * Whether the endpoints are served.
     *
     * @return false by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the endpoints are served.
     *
     * @param enabled true to serve them
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The base path.
     *
     * @return /api by default
     */
    public String getBasePath() {
      return basePath;
    }

    /**
     * Sets the base path.
     *
     * @param basePath the path
     */
    public void setBasePath(String basePath) {
      this.basePath = basePath;
    }

    /**
     * The body limit.
     *
     * @return 64KB by default
     */
    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    /**
     * Sets the body limit.
     *
     * @param maxBodySize the limit
     */
    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }
  }

  /**
   * Signed feedback tokens: a {@code FeedbackTokens} bean to mint them, the endpoints that
   * take a vote with one, and the widget.
   */
  public static class Tokens {

    /** Whether to serve the token endpoints and define the FeedbackTokens bean. */
    private boolean enabled = false;

    /**
     * The signing keys, by id: each a secret of at least 32 bytes in Base64. Several for
     * rotation: tokens of every key verify, new ones are signed with the current key.
     */
    private Map<String, String> keys = new LinkedHashMap<>();

    /** The id of the key that signs new tokens; unset: the only key. */
    private @Nullable String currentKey;

    /** How long a new token is accepted. */
    private Duration timeToLive = Duration.ofHours(1);

    /** Votes each token may post per rate-limit period. */
    private int perToken = 10;

    /** Votes each client address may post per rate-limit period. */
    private int perClient = 60;

    /** The period of the per-token and per-client rate limits. */
    private Duration ratePeriod = Duration.ofMinutes(1);

    /** Whether to serve the feedback widget at /agent-feedback/feedback-widget.js. */
    private boolean widget = false;

    /**
     * Whether the token endpoints are served.
     *
     * @return false by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the token endpoints are served.
     *
     * @param enabled true to serve them
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The signing keys.
     *
     * @return Base64 secrets by key id
     */
    public Map<String, String> getKeys() {
      return keys;
    }

    /**
     * Sets the signing keys.
     *
     * @param keys Base64 secrets by key id
     */
    public void setKeys(Map<String, String> keys) {
      this.keys = keys;
    }

    /**
     * The current key's id.
     *
     * @return the id, or null for the only key
     */
    public @Nullable String getCurrentKey() {
      return currentKey;
    }

    /**
     * Sets the current key's id.
     *
     * @param currentKey the id
     */
    public void setCurrentKey(@Nullable String currentKey) {
      this.currentKey = currentKey;
    }

    /**
     * The time to live of new tokens.
     *
     * @return 1h by default
     */
    public Duration getTimeToLive() {
      return timeToLive;
    }

    /**
     * Sets the time to live of new tokens.
     *
     * @param timeToLive from 1s to 30 days
     */
    public void setTimeToLive(Duration timeToLive) {
      this.timeToLive = timeToLive;
    }

    /**
     * Votes per token and period.
     *
     * @return 10 by default
     */
    public int getPerToken() {
      return perToken;
    }

    /**
     * Sets the votes per token and period.
     *
     * @param perToken at least 1
     */
    public void setPerToken(int perToken) {
      this.perToken = perToken;
    }

    /**
     * Votes per client address and period.
     *
     * @return 60 by default
     */
    public int getPerClient() {
      return perClient;
    }

    /**
     * Sets the votes per client address and period.
     *
     * @param perClient at least 1
     */
    public void setPerClient(int perClient) {
      this.perClient = perClient;
    }

    /**
     * The rate limits' period.
     *
     * @return 1m by default
     */
    public Duration getRatePeriod() {
      return ratePeriod;
    }

    /**
     * Sets the rate limits' period.
     *
     * @param ratePeriod the period
     */
    public void setRatePeriod(Duration ratePeriod) {
      this.ratePeriod = ratePeriod;
    }

    /**
     * Whether the widget is served.
     *
     * @return false by default
     */
    public boolean isWidget() {
      return widget;
    }

    /**
     * Sets whether the widget is served.
     *
     * @param widget true to serve it
     */
    public void setWidget(boolean widget) {
      this.widget = widget;
    }
  }

  /** Micrometer metrics (needs feedback-micrometer and a MeterRegistry). */
  public static class Metrics {

    /** Whether to record metrics. */
    private boolean enabled = true;

    /** How far back the satisfaction gauge looks. */
    private Duration satisfactionWindow = Duration.ofHours(1);

    /**
     * Whether metrics are recorded.
     *
     * @return true by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether metrics are recorded.
     *
     * @param enabled false to record none
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The satisfaction window.
     *
     * @return one hour by default
     */
    public Duration getSatisfactionWindow() {
      return satisfactionWindow;
    }

    /**
     * Sets the satisfaction window.
     *
     * @param satisfactionWindow the window
     */
    public void setSatisfactionWindow(Duration satisfactionWindow) {
      this.satisfactionWindow = satisfactionWindow;
    }
  }

  /** OpenTelemetry events (needs feedback-otel and an OpenTelemetry bean). */
  public static class Otel {

    /** Whether to emit gen_ai.evaluation.result events. */
    private boolean enabled = true;

    /** The gen_ai.evaluation.name of the events. */
    private String evaluationName = "user_feedback";

    /** Whether the comment is sent as gen_ai.evaluation.explanation (personal data). */
    private boolean explanation;

    /**
     * Whether events are emitted.
     *
     * @return true by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether events are emitted.
     *
     * @param enabled false to emit none
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The evaluation name.
     *
     * @return user_feedback by default
     */
    public String getEvaluationName() {
      return evaluationName;
    }

    /**
     * Sets the evaluation name.
     *
     * @param evaluationName the name
     */
    public void setEvaluationName(String evaluationName) {
      this.evaluationName = evaluationName;
    }

    /**
     * Whether the comment is sent.
     *
     * @return false by default
     */
    public boolean isExplanation() {
      return explanation;
    }

    /**
     * Sets whether the comment is sent.
     *
     * @param explanation true to send the user's text (personal data) to telemetry
     */
    public void setExplanation(boolean explanation) {
      this.explanation = explanation;
    }
  }
}
