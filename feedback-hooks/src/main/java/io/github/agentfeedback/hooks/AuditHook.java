package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.AuditEvent.Outcome;
import io.github.agentfeedback.hooks.AuditEvent.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Records an {@link AuditEvent} before and after the rest of the chain: the action (add or
 * update), session id, feedback id, user id, rating, and afterwards the outcome (created,
 * duplicate, replaced, not found, rejected, failed) and the duration. Events go to one or
 * more {@link AuditSink}s, by default {@link AuditSink#slf4j()}.
 *
 * <p>During the call the session id is in the slf4j {@link MDC} under {@value #MDC_KEY} (or
 * the configured key), so that everything logged by later hooks and the store carries it;
 * the previous value is restored afterwards. The comment text is omitted from events unless
 * {@link Builder#includeComment(boolean)} is set; its length is always recorded.
 *
 * <p>Auditing never fails the caller: an exception from a sink is logged and ignored, and
 * whatever the rest of the chain throws, an {@link Error} too, is recorded (outcome
 * {@link Outcome#REJECTED} or {@link Outcome#FAILED}) and then passes through unchanged; an
 * {@code Error} thrown by a sink is not swallowed, but while recording such a failure it is
 * added to the chain's throwable as suppressed rather than replacing it. Put it
 * after {@link ValidationHook} to audit valid feedback only, or before it to audit
 * rejections too. Acts on {@link FeedbackAction#ADD} and {@link FeedbackAction#UPDATE}
 * alike and records which it was. Per call it allocates the two events and their times
 * (and the MDC entry), nothing else. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AuditHook implements FeedbackHook {

  /** The default MDC key holding the session id during the call. */
  public static final String MDC_KEY = "session_id";

  private static final Logger log = LoggerFactory.getLogger(AuditHook.class);

  private final Clock clock;
  private final AuditSink[] sinks;
  private final boolean includeComment;
  private final @Nullable String mdcKey;

  private AuditHook(Builder b) {
    this.clock = b.clock;
    this.sinks = b.sinks.toArray(new AuditSink[0]);
    this.includeComment = b.includeComment;
    this.mdcKey = b.mdcKey;
  }

  /**
   * A hook that logs through slf4j, omits comments and uses the UTC system clock.
   *
   * @return the hook
   */
  public static AuditHook defaults() {
    return builder().build();
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Records the call before and after the rest of the chain. */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback in = chain.feedback();
    FeedbackAction action = chain.action();
    String sessionId = chain.sessionId();
    String previous = mdcKey == null ? null : MDC.get(mdcKey);
    if (mdcKey != null) {
      MDC.put(mdcKey, sessionId);
    }
    try {
      Instant start = clock.instant();
      CallContext context = chain.context();
      emit(event(Phase.BEFORE, start, action, sessionId, context, in, null, null, null));
      FeedbackResult result;
      try {
        result = chain.proceed(in);
      } catch (Throwable e) { // an Error too: the trail must show that the call ended badly
        failed(start, action, sessionId, context, in, e);
        throw e;
      }
      after(start, action, sessionId, context, result.feedback(), outcome(result.outcome()), null);
      return result;
    } finally {
      if (mdcKey != null) {
        if (previous == null) {
          MDC.remove(mdcKey);
        } else {
          MDC.put(mdcKey, previous);
        }
      }
    }
  }

  /**
   * Records the AFTER event of a call the rest of the chain ended by throwing {@code failure}.
   * Whatever recording it throws in turn (an {@link Error} from a sink) is added to
   * {@code failure} as suppressed, so that the caller gets the chain's own throwable.
   */
  private void failed(
      Instant start,
      FeedbackAction action,
      String sessionId,
      CallContext context,
      Feedback f,
      Throwable failure) {
    Outcome outcome;
    String reason;
    if (failure instanceof FeedbackRejectedException e) {
      outcome = Outcome.REJECTED;
      reason = e.code();
    } else if (failure instanceof InvalidFeedbackException e) {
      outcome = Outcome.REJECTED;
      reason = "INVALID " + e.fields();
    } else {
      outcome = Outcome.FAILED;
      reason = failure.getClass().getName();
    }
    try {
      after(start, action, sessionId, context, f, outcome, reason);
    } catch (Throwable t) {
      if (t != failure) {
        failure.addSuppressed(t);
      }
    }
  }

  private static Outcome outcome(FeedbackResult.Outcome outcome) {
    return switch (outcome) {
      case CREATED -> Outcome.CREATED;
      case DUPLICATE -> Outcome.DUPLICATE;
      case REPLACED -> Outcome.REPLACED;
      case NOT_FOUND -> Outcome.NOT_FOUND;
      case UNCHANGED -> Outcome.UNCHANGED;
      case STALE -> Outcome.STALE;
      case TRIMMED -> Outcome.TRIMMED;
    };
  }

  private void after(
      Instant start,
      FeedbackAction action,
      String sessionId,
      CallContext context,
      Feedback f,
      Outcome outcome,
      @Nullable String reason) {
    try {
      Instant end = clock.instant();
      Duration took = end.isBefore(start) ? Duration.ZERO : Duration.between(start, end);
      emit(event(Phase.AFTER, end, action, sessionId, context, f, outcome, took, reason));
    } catch (RuntimeException e) {
      log.warn("Audit of feedback {} in session {} failed", f.id(), sessionId, e);
    }
  }

  private AuditEvent event(
      Phase phase,
      Instant time,
      FeedbackAction action,
      String sessionId,
      CallContext context,
      Feedback f,
      @Nullable Outcome outcome,
      @Nullable Duration duration,
      @Nullable String reason) {
    return new AuditEvent(
        phase,
        time,
        action,
        sessionId,
        Objects.requireNonNull(f.id(), "ids are assigned before hooks run"),
        f.userId(),
        f.rating(),
        outcome,
        duration,
        reason,
        f.comment().length(),
        includeComment ? f.comment() : null,
        context.principal(),
        context.clientAddress());
  }

  private void emit(AuditEvent event) {
    for (AuditSink sink : sinks) {
      try {
        sink.accept(event);
      } catch (RuntimeException e) {
        log.warn(
            "Audit sink {} failed for feedback {} in session {}",
            sink.getClass().getName(),
            event.feedbackId(),
            event.sessionId(),
            e);
      }
    }
  }

  /**
   * Configures an {@link AuditHook}; starts with the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private final List<AuditSink> sinks = new ArrayList<>(List.of(AuditSink.slf4j()));
    private boolean includeComment;
    private @Nullable String mdcKey = MDC_KEY;

    private Builder() {}

    /**
     * The clock for event times and durations. Defaults to the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sends events to {@code sink} only, replacing the default slf4j sink and any sink set
     * before.
     *
     * @param sink a thread-safe sink
     * @return this builder
     */
    public Builder sink(AuditSink sink) {
      sinks.clear();
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * Sends events to {@code sink} as well as to the sinks set so far.
     *
     * @param sink a thread-safe sink
     * @return this builder
     */
    public Builder addSink(AuditSink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * Whether events carry the comment text. Defaults to {@code false}: comments may hold
     * personal data. Even when included, the default slf4j sink logs it as a key-value
     * pair, so consider where logs go.
     *
     * @param include whether to include the comment
     * @return this builder
     */
    public Builder includeComment(boolean include) {
      this.includeComment = include;
      return this;
    }

    /**
     * The MDC key holding the session id during the call. Defaults to
     * {@value AuditHook#MDC_KEY}; {@code null} leaves the MDC alone.
     *
     * @param key the key, or {@code null}
     * @return this builder
     */
    public Builder mdcKey(@Nullable String key) {
      this.mdcKey = key;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return an immutable, thread-safe hook
     */
    public AuditHook build() {
      return new AuditHook(this);
    }
  }
}
