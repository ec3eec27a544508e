package io.github.agentfeedback.hooks;

import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The ready hooks in their documented order, whatever order they are given in: a builder
 * takes each hook you want, with its settings, and {@link Builder#build()} returns them
 * outermost first, for {@link FeedbackManager.Builder#hooks(java.util.List)}.
 *
 * <pre>{@code
 * FeedbackManager manager = FeedbackManager.builder()
 *     .store(store)
 *     .hooks(ReadyHooks.builder()
 *         .sanitizing(SanitizingHook.defaults())
 *         .piiRedaction(PiiRedactionHook.defaults())
 *         .validation(ValidationHook.defaults())
 *         .rateLimit(RateLimitHook.defaults())
 *         .audit(AuditHook.defaults())
 *         .add(ReadyHooks.Stage.ENRICH, chain -> chain.proceed(
 *             chain.feedback().toBuilder().attribute("channel", "web").build()))
 *         .build())
 *     .build();
 * }</pre>
 *
 * <h2>The order, outermost first, and why</h2>
 * <ol>
 *   <li>{@link Stage#FIRST}: your hooks that must see every call as the caller made it.
 *   <li>{@link Stage#CHANGE_TEXT}: {@link SanitizingHook} (markup to plain text), then
 *       {@link PiiRedactionHook} (so markup cannot hide an address), then yours. They come
 *       before validation, so that it checks the text that will be stored: a comment of
 *       markup only ({@code "<p></p>"}, {@code "&nbsp;"}) is empty by then, and a DOWN
 *       without a comment is refused.
 *   <li>{@link Stage#VALIDATE}: {@link ValidationHook}, then yours.
 *   <li>{@link Stage#REFUSE}: {@link RateLimitHook}, then {@link SpamFilterHook}, then yours:
 *       only valid feedback is charged to a sender's limit or checked for spam.
 *   <li>{@link Stage#ENRICH}: {@link SentimentHook} (after the spam filter, which saves it
 *       the work), then {@link TriageHook} (which tags negative feedback with its category,
 *       urgency and whether it is actionable), then yours that add attributes to feedback
 *       about to be stored.
 *   <li>{@link Stage#OBSERVE}: {@link AuditHook}, {@link NotificationHook},
 *       {@code AnalyticsHook}, {@link EscalationHook}, then yours: they act after the store
 *       has answered, on what it stored, so they are innermost.
 * </ol>
 * Hooks of one stage run in that order, yours after the ready ones in the order added.
 *
 * <p>The lists it builds are immutable and hold the hooks given, which are thread-safe; the
 * builder is not thread-safe.
 *
 * @since 0.1.0
 */
@SuppressWarnings("EscapedEntity") // the javadoc shows character references as written
public final class ReadyHooks {

  private ReadyHooks() {}

  /**
   * Where in the chain a hook runs; the stages run in the order declared, outermost first.
   *
   * @since 0.1.0
   */
  public enum Stage {
    /** Outermost: sees every call as the caller made it, refused ones included. */
    FIRST,
    /** Changes text, after sanitizing and PII redaction, before validation. */
    CHANGE_TEXT,
    /** Checks feedback, after {@link ValidationHook}. */
    VALIDATE,
    /** Refuses feedback, after the rate limit and the spam filter. */
    REFUSE,
    /** Adds to feedback that is about to be stored, after sentiment and triage. */
    ENRICH,
    /** Observes the outcome, after audit, notification, analytics and escalation. */
    OBSERVE
  }

  /**
   * A builder without hooks.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects the hooks of a chain. Each ready hook has a setter, which replaces the one set
   * before; {@link #add} adds your own. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable FeedbackHook sanitizing;
    private @Nullable FeedbackHook piiRedaction;
    private @Nullable FeedbackHook validation;
    private @Nullable FeedbackHook rateLimit;
    private @Nullable FeedbackHook spamFilter;
    private @Nullable FeedbackHook sentiment;
    private @Nullable FeedbackHook triage;
    private @Nullable FeedbackHook audit;
    private @Nullable FeedbackHook notification;
    private @Nullable FeedbackHook analytics;
    private @Nullable FeedbackHook escalation;
    private final Map<Stage, List<FeedbackHook>> custom = new EnumMap<>(Stage.class);

    private Builder() {}

    /**
     * The sanitizing hook, first of {@link Stage#CHANGE_TEXT}.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder sanitizing(SanitizingHook hook) {
      this.sanitizing = Objects.requireNonNull(hook, "sanitizing");
      return this;
    }

    /**
     * The PII redaction hook, in {@link Stage#CHANGE_TEXT} after sanitizing.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder piiRedaction(PiiRedactionHook hook) {
      this.piiRedaction = Objects.requireNonNull(hook, "piiRedaction");
      return this;
    }

    /**
     * The validation hook, first of {@link Stage#VALIDATE}.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder validation(ValidationHook hook) {
      this.validation = Objects.requireNonNull(hook, "validation");
      return this;
    }

    /**
     * The rate limit, first of {@link Stage#REFUSE}.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder rateLimit(RateLimitHook hook) {
      this.rateLimit = Objects.requireNonNull(hook, "rateLimit");
      return this;
    }

    /**
     * The spam filter, in {@link Stage#REFUSE} after the rate limit.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder spamFilter(SpamFilterHook hook) {
      this.spamFilter = Objects.requireNonNull(hook, "spamFilter");
      return this;
    }

    /**
     * The sentiment hook, first of {@link Stage#ENRICH}.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder sentiment(SentimentHook hook) {
      this.sentiment = Objects.requireNonNull(hook, "sentiment");
      return this;
    }

    /**
     * The triage hook, in {@link Stage#ENRICH} after sentiment.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder triage(TriageHook hook) {
      this.triage = Objects.requireNonNull(hook, "triage");
      return this;
    }

    /**
     * The audit hook, first of {@link Stage#OBSERVE}.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder audit(AuditHook hook) {
      this.audit = Objects.requireNonNull(hook, "audit");
      return this;
    }

    /**
     * The notification hook, in {@link Stage#OBSERVE} after audit.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder notification(NotificationHook hook) {
      this.notification = Objects.requireNonNull(hook, "notification");
      return this;
    }

    /**
     * The analytics hook, in {@link Stage#OBSERVE} after notification.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder analytics(AnalyticsHook hook) {
      this.analytics = Objects.requireNonNull(hook, "analytics");
      return this;
    }

    /**
     * The escalation hook, in {@link Stage#OBSERVE} after analytics.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder escalation(EscalationHook hook) {
      this.escalation = Objects.requireNonNull(hook, "escalation");
      return this;
    }

    /**
     * Adds a hook of your own at the end of a stage, after its ready hooks and the hooks
     * added to it before.
     *
     * @param stage where it runs
     * @param hook the hook
     * @return this builder
     */
    public Builder add(Stage stage, FeedbackHook hook) {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(hook, "hook");
      custom.computeIfAbsent(stage, s -> new ArrayList<>()).add(hook);
      return this;
    }

    /**
     * The hooks set, in the documented order.
     *
     * @return an immutable list, outermost first; empty when no hook was set
     */
    public List<FeedbackHook> build() {
      List<FeedbackHook> chain = new ArrayList<>();
      stage(chain, Stage.FIRST);
      stage(chain, Stage.CHANGE_TEXT, sanitizing, piiRedaction);
      stage(chain, Stage.VALIDATE, validation);
      stage(chain, Stage.REFUSE, rateLimit, spamFilter);
      stage(chain, Stage.ENRICH, sentiment, triage);
      stage(chain, Stage.OBSERVE, audit, notification, analytics, escalation);
      return List.copyOf(chain);
    }

    private void stage(List<FeedbackHook> chain, Stage stage, @Nullable FeedbackHook... ready) {
      for (FeedbackHook hook : ready) {
        if (hook != null) {
          chain.add(hook);
        }
      }
      chain.addAll(custom.getOrDefault(stage, List.of()));
    }
  }
}
