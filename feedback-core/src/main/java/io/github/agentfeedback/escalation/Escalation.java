package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Something feedback says needs a person's attention: raised by a rule about a subject (a
 * session, a group, the whole product), with the figures that raised it, the sessions,
 * feedback and groups it concerns, and its lifecycle ({@link EscalationStatus}).
 *
 * <p>The feedback it concerns is named by session and id ({@link FeedbackRef}), since a
 * feedback id is unique within its session only. {@link #sessionIds()} lists the sessions the
 * rule names; it need not list the session of every {@link #feedback()} ref (each ref carries
 * its own), and it may name sessions without feedback.
 *
 * <p>A store keeps one escalation that is not resolved per {@link #rule()} and
 * {@link #subject()}: raising it again ({@link EscalationStore#raise}) raises its
 * {@link #count()} and merges the new raise into it ({@link #repeatedBy}) instead of making
 * another. Make one with {@link #builder()}; {@link #toBuilder()} derives a changed copy.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Escalation {

  /** The most sessions, feedback refs or groups one escalation lists; later ones are dropped. */
  public static final int MAX_LISTED = 1_000;

  /**
   * The longest {@link #subject()} or group, in chars: a kind or a grouping's name of up to
   * {@value FeedbackLimits#MAX_ID_LENGTH} chars, a separator, and a session id or a group's
   * value of up to {@value FeedbackLimits#MAX_SESSION_ID_LENGTH} (so that {@code session:<id>}
   * names a session of the longest id).
   */
  public static final int MAX_SUBJECT_LENGTH =
      FeedbackLimits.MAX_ID_LENGTH + 1 + FeedbackLimits.MAX_SESSION_ID_LENGTH;

  private final @Nullable String id;
  private final String type;
  private final Severity severity;
  private final String rule;
  private final String subject;
  private final Map<String, Double> figures;
  private final List<String> sessionIds;
  private final List<FeedbackRef> feedback;
  private final List<String> groups;
  private final EscalationStatus status;
  private final long count;
  private final Instant raisedAt;
  private final Instant lastRaisedAt;
  private final @Nullable EscalationAction acknowledged;
  private final @Nullable EscalationAction resolved;

  private Escalation(Builder b) {
    Instant firstRaise = Objects.requireNonNull(b.raisedAt, "raisedAt");
    Checks checks = new Checks();
    checks.optionalId("id", b.id, Checks.MAX_ID_LENGTH);
    checks.id("type", b.type, Checks.MAX_ID_LENGTH);
    checks.id("rule", b.rule, Checks.MAX_ID_LENGTH);
    checks.id("subject", b.subject, MAX_SUBJECT_LENGTH);
    for (Map.Entry<String, Double> figure : b.figures.entrySet()) {
      checks.documentKey("figures", figure.getKey());
      if (!Double.isFinite(figure.getValue())) {
        checks.add(
            "figures." + figure.getKey(),
            "not_finite",
            "figure " + figure.getKey() + " must be a finite number, was " + figure.getValue());
      }
    }
    List<String> listedSessions = listed(b.sessionIds);
    for (int i = 0; i < listedSessions.size() && !checks.full(); i++) {
      checks.id("sessionIds", i, listedSessions.get(i), Checks.MAX_SESSION_ID_LENGTH);
    }
    List<String> listedGroups = listed(b.groups);
    for (int i = 0; i < listedGroups.size() && !checks.full(); i++) {
      checks.id("groups", i, listedGroups.get(i), MAX_SUBJECT_LENGTH);
    }
    firstRaise = Objects.requireNonNull(checks.instant("raisedAt", firstRaise));
    Instant lastRaise =
        b.lastRaisedAt != null
            ? Objects.requireNonNull(checks.instant("lastRaisedAt", b.lastRaisedAt))
            : firstRaise;
    checks.throwIfAny();
    this.id = b.id;
    this.type = Objects.requireNonNull(b.type, "type");
    this.severity = Objects.requireNonNull(b.severity, "severity");
    this.rule = Objects.requireNonNull(b.rule, "rule");
    this.subject = Objects.requireNonNull(b.subject, "subject");
    this.figures = Map.copyOf(b.figures);
    this.sessionIds = listedSessions;
    this.feedback = listed(b.feedback);
    this.groups = listedGroups;
    this.status = Objects.requireNonNull(b.status, "status");
    if (b.count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + b.count);
    }
    this.count = b.count;
    this.raisedAt = firstRaise;
    this.lastRaisedAt = lastRaise;
    if (lastRaisedAt.isBefore(raisedAt)) {
      throw new IllegalArgumentException(
          "lastRaisedAt " + lastRaisedAt + " must not be before raisedAt " + raisedAt);
    }
    this.acknowledged = b.acknowledged;
    this.resolved = b.resolved;
    if ((status == EscalationStatus.RESOLVED) != (resolved != null)) {
      throw new IllegalArgumentException("a resolution is set exactly when the status is RESOLVED");
    }
    if (status == EscalationStatus.ACKNOWLEDGED && acknowledged == null) {
      throw new IllegalArgumentException("an ACKNOWLEDGED escalation needs its acknowledgement");
    }
    if (status == EscalationStatus.OPEN && acknowledged != null) {
      throw new IllegalArgumentException("an OPEN escalation has no acknowledgement");
    }
  }

  private static <T> List<T> listed(Collection<T> values) {
    List<T> copy = new ArrayList<>(Math.min(values.size(), MAX_LISTED));
    for (T v : values) {
      Objects.requireNonNull(v, "listed ids, feedback refs and groups must not be null");
      if (copy.size() == MAX_LISTED) {
        break;
      }
      copy.add(v);
    }
    return List.copyOf(copy);
  }

  /**
   * A builder for an escalation; status {@link EscalationStatus#OPEN} and count 1 unless set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this escalation.
   *
   * @return a new builder holding this escalation's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.type = type;
    b.severity = severity;
    b.rule = rule;
    b.subject = subject;
    b.figures = new LinkedHashMap<>(figures);
    b.sessionIds = new LinkedHashSet<>(sessionIds);
    b.feedback = new LinkedHashSet<>(feedback);
    b.groups = new LinkedHashSet<>(groups);
    b.status = status;
    b.count = count;
    b.raisedAt = raisedAt;
    b.lastRaisedAt = lastRaisedAt;
    b.acknowledged = acknowledged;
    b.resolved = resolved;
    return b;
  }

  /**
   * This escalation raised again by {@code repeat} (same rule and subject): the count goes
   * up by one, {@link #lastRaisedAt()} becomes the repeat's raise time (if later), the
   * severity the higher of the two, the figures the repeat's, and the sessions, feedback
   * refs and groups the union of both, without repeats (in order, at most {@value
   * #MAX_LISTED} each; a ref is a repeat when session and feedback id are equal). Id,
   * type, first raise time and status stay.
   *
   * @param repeat the new raise
   * @return the merged escalation
   * @throws IllegalArgumentException if {@code repeat} has another rule or subject
   */
  public Escalation repeatedBy(Escalation repeat) {
    if (!rule.equals(repeat.rule) || !subject.equals(repeat.subject)) {
      throw new IllegalArgumentException(
          "a repeat has the same rule and subject; was "
              + repeat.rule
              + "/"
              + repeat.subject
              + " for "
              + rule
              + "/"
              + subject);
    }
    Builder b = toBuilder();
    b.count = count + 1;
    b.lastRaisedAt = repeat.lastRaisedAt.isAfter(lastRaisedAt) ? repeat.lastRaisedAt : lastRaisedAt;
    b.severity = repeat.severity.compareTo(severity) > 0 ? repeat.severity : severity;
    b.figures = new LinkedHashMap<>(repeat.figures);
    b.sessionIds.addAll(repeat.sessionIds);
    b.feedback.addAll(repeat.feedback);
    b.groups.addAll(repeat.groups);
    return b.build();
  }

  /**
   * A candidate as a store first keeps it: with this id, {@link EscalationStatus#OPEN},
   * count 1, last raised when first raised, and no actions.
   *
   * @param id the id the store gives it
   * @return the new escalation
   */
  public Escalation created(String id) {
    Builder b = toBuilder().id(id).status(EscalationStatus.OPEN).count(1);
    b.lastRaisedAt = raisedAt;
    b.acknowledged = null;
    b.resolved = null;
    return b.build();
  }

  /**
   * This escalation acknowledged.
   *
   * @param action who, when, why
   * @return the acknowledged escalation
   * @throws IllegalStateException unless it is {@link EscalationStatus#OPEN}
   */
  public Escalation acknowledgedBy(EscalationAction action) {
    if (status != EscalationStatus.OPEN) {
      throw new IllegalStateException(
          "escalation " + id + " is " + status + "; only an OPEN escalation is acknowledged");
    }
    return toBuilder().status(EscalationStatus.ACKNOWLEDGED).acknowledged(action).build();
  }

  /**
   * This escalation resolved.
   *
   * @param action who, when, what was done
   * @return the resolved escalation
   * @throws IllegalStateException if it is {@link EscalationStatus#RESOLVED} already
   */
  public Escalation resolvedBy(EscalationAction action) {
    if (status == EscalationStatus.RESOLVED) {
      throw new IllegalStateException("escalation " + id + " is RESOLVED already");
    }
    return toBuilder().status(EscalationStatus.RESOLVED).resolved(action).build();
  }

  /**
   * The key that stores keep unique among escalations that are not resolved: the rule and
   * the subject, unambiguously joined ({@code <length of rule>:<rule>:<subject>}), plain
   * text without NUL so that every database can index it.
   *
   * @return the key
   */
  public String dedupKey() {
    return rule.length() + ":" + rule + ":" + subject;
  }

  /**
   * The store's id for the escalation.
   *
   * @return the id; {@code null} only in a candidate not yet raised
   */
  public @Nullable String id() {
    return id;
  }

  /**
   * What kind of problem it is, for routing: for example {@code "session_negatives"} or
   * {@code "nps_drop"}.
   *
   * @return the type
   */
  public String type() {
    return type;
  }

  /**
   * How urgent it is.
   *
   * @return the severity
   */
  public Severity severity() {
    return severity;
  }

  /**
   * The name of the rule that raised it.
   *
   * @return the rule
   */
  public String rule() {
    return rule;
  }

  /**
   * What it is about, as the rule names it: for example {@code "session:abc"} or
   * {@code "model:gpt-4o"}. One escalation that is not resolved per rule and subject.
   *
   * @return the subject
   */
  public String subject() {
    return subject;
  }

  /**
   * The figures that raised it, by name (for example {@code down: 3}, {@code threshold: 3}).
   *
   * @return an immutable map
   */
  public Map<String, Double> figures() {
    return figures;
  }

  /**
   * The sessions it concerns, as the rule names them; the sessions of {@link #feedback()}
   * need not be repeated here.
   *
   * @return an immutable list, in the order raised
   */
  public List<String> sessionIds() {
    return sessionIds;
  }

  /**
   * The feedback it concerns, each named by session and id; resolving the escalation leaves
   * one loop-closing event per ref ({@link EscalationStore#resolve}).
   *
   * @return an immutable list without repeats, in the order raised
   */
  public List<FeedbackRef> feedback() {
    return feedback;
  }

  /**
   * The groups it concerns, as {@code dimension=value} (for example {@code model=gpt-4o}).
   *
   * @return an immutable list
   */
  public List<String> groups() {
    return groups;
  }

  /**
   * Where it is in its lifecycle.
   *
   * @return the status
   */
  public EscalationStatus status() {
    return status;
  }

  /**
   * How many times its rule raised it (1 when first raised).
   *
   * @return the count, at least 1
   */
  public long count() {
    return count;
  }

  /**
   * When it was first raised.
   *
   * @return the instant
   */
  public Instant raisedAt() {
    return raisedAt;
  }

  /**
   * When it was last raised; {@link #raisedAt()} until a repeat.
   *
   * @return the instant
   */
  public Instant lastRaisedAt() {
    return lastRaisedAt;
  }

  /**
   * Who acknowledged it, when and with what note.
   *
   * @return the acknowledgement, or {@code null} if it was not acknowledged
   */
  public @Nullable EscalationAction acknowledged() {
    return acknowledged;
  }

  /**
   * Who resolved it, when and with what note.
   *
   * @return the resolution, or {@code null} unless {@link EscalationStatus#RESOLVED}
   */
  public @Nullable EscalationAction resolved() {
    return resolved;
  }

  /**
   * The time from the first raise to the acknowledgement; zero for an acknowledgement
   * stamped before the raise (by a clock behind the one that raised it), never negative.
   *
   * @return the duration, or empty if it was not acknowledged
   */
  public Optional<Duration> timeToAcknowledge() {
    return acknowledged == null ? Optional.empty() : Optional.of(since(acknowledged.at()));
  }

  /**
   * The time from the first raise to the resolution; zero for a resolution stamped before
   * the raise, never negative.
   *
   * @return the duration, or empty if it is not resolved
   */
  public Optional<Duration> timeToResolve() {
    return resolved == null ? Optional.empty() : Optional.of(since(resolved.at()));
  }

  private Duration since(Instant at) {
    return at.isBefore(raisedAt) ? Duration.ZERO : Duration.between(raisedAt, at);
  }

  /** An escalation is equal to one with all the same values. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Escalation e
            && count == e.count
            && Objects.equals(id, e.id)
            && type.equals(e.type)
            && severity == e.severity
            && rule.equals(e.rule)
            && subject.equals(e.subject)
            && figures.equals(e.figures)
            && sessionIds.equals(e.sessionIds)
            && feedback.equals(e.feedback)
            && groups.equals(e.groups)
            && status == e.status
            && raisedAt.equals(e.raisedAt)
            && lastRaisedAt.equals(e.lastRaisedAt)
            && Objects.equals(acknowledged, e.acknowledged)
            && Objects.equals(resolved, e.resolved));
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, rule, subject, status, count, raisedAt);
  }

  /** Describes the escalation without its notes. */
  @Override
  public String toString() {
    return "Escalation[id="
        + id
        + ", type="
        + type
        + ", severity="
        + severity
        + ", rule="
        + rule
        + ", subject="
        + subject
        + ", status="
        + status
        + ", count="
        + count
        + ", figures="
        + figures
        + ", sessions="
        + sessionIds.size()
        + ", feedback="
        + feedback.size()
        + "]";
  }

  /**
   * Builds an {@link Escalation}. Not thread-safe; use one builder per thread.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String type;
    private Severity severity = Severity.MEDIUM;
    private @Nullable String rule;
    private @Nullable String subject;
    private Map<String, Double> figures = new LinkedHashMap<>();
    private LinkedHashSet<String> sessionIds = new LinkedHashSet<>();
    private LinkedHashSet<FeedbackRef> feedback = new LinkedHashSet<>();
    private LinkedHashSet<String> groups = new LinkedHashSet<>();
    private EscalationStatus status = EscalationStatus.OPEN;
    private long count = 1;
    private @Nullable Instant raisedAt;
    private @Nullable Instant lastRaisedAt;
    private @Nullable EscalationAction acknowledged;
    private @Nullable EscalationAction resolved;

    private Builder() {}

    /**
     * Sets the id; stores assign one when an escalation is first raised.
     *
     * @param id the id, or {@code null}
     * @return this builder
     */
    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the type. Required.
     *
     * @param type non-blank, at most 256 chars
     * @return this builder
     */
    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /**
     * Sets the severity; {@link Severity#MEDIUM} unless set.
     *
     * @param severity the severity
     * @return this builder
     */
    public Builder severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /**
     * Sets the rule's name. Required.
     *
     * @param rule non-blank, at most 256 chars
     * @return this builder
     */
    public Builder rule(String rule) {
      this.rule = rule;
      return this;
    }

    /**
     * Sets the subject. Required.
     *
     * @param subject non-blank, at most {@value Escalation#MAX_SUBJECT_LENGTH} chars
     * @return this builder
     */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Sets one figure.
     *
     * @param name the figure's name: as a document key of the model (not empty, at most
     *     {@value FeedbackLimits#MAX_ID_LENGTH} chars, not starting with {@code $}, without
     *     {@code .} or NUL)
     * @param value its value, a finite number
     * @return this builder
     */
    public Builder figure(String name, double value) {
      figures.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * Replaces the figures.
     *
     * @param figures the figures by name, each as {@link #figure} takes it
     * @return this builder
     */
    public Builder figures(Map<String, Double> figures) {
      this.figures = new LinkedHashMap<>(figures);
      return this;
    }

    /**
     * Adds sessions it concerns.
     *
     * @param ids session ids, each valid as a session id of the model
     * @return this builder
     */
    public Builder sessionIds(Collection<String> ids) {
      sessionIds.addAll(ids);
      return this;
    }

    /**
     * Adds feedback it concerns, after any added before; a ref added twice is kept once.
     *
     * @param refs the feedback, each named by session and id
     * @return this builder
     */
    public Builder feedback(Collection<FeedbackRef> refs) {
      feedback.addAll(refs);
      return this;
    }

    /**
     * Adds groups it concerns.
     *
     * @param groups as {@code dimension=value}: non-blank, at most {@value
     *     Escalation#MAX_SUBJECT_LENGTH} chars, well-formed UTF-16, without NUL
     * @return this builder
     */
    public Builder groups(Collection<String> groups) {
      this.groups.addAll(groups);
      return this;
    }

    /**
     * Sets the status; {@link EscalationStatus#OPEN} unless set.
     *
     * @param status the status
     * @return this builder
     */
    public Builder status(EscalationStatus status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * Sets how many times it was raised; 1 unless set.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder count(long count) {
      this.count = count;
      return this;
    }

    /**
     * Sets when it was first raised. Required; kept to the millisecond, as every store keeps
     * it.
     *
     * @param at the instant, within {@link io.github.agentfeedback.FeedbackLimits#MIN_INSTANT}
     *     and {@link io.github.agentfeedback.FeedbackLimits#MAX_INSTANT}
     * @return this builder
     */
    public Builder raisedAt(Instant at) {
      this.raisedAt = at;
      return this;
    }

    /**
     * Sets when it was last raised; {@link #raisedAt} unless set. Kept to the millisecond.
     *
     * @param at the instant, or {@code null}; within the range {@link #raisedAt} takes
     * @return this builder
     */
    public Builder lastRaisedAt(@Nullable Instant at) {
      this.lastRaisedAt = at;
      return this;
    }

    /**
     * Sets the acknowledgement.
     *
     * @param action the acknowledgement, or {@code null}
     * @return this builder
     */
    public Builder acknowledged(@Nullable EscalationAction action) {
      this.acknowledged = action;
      return this;
    }

    /**
     * Sets the resolution.
     *
     * @param action the resolution, or {@code null}
     * @return this builder
     */
    public Builder resolved(@Nullable EscalationAction action) {
      this.resolved = action;
      return this;
    }

    /**
     * Builds the escalation.
     *
     * @return the escalation
     * @throws io.github.agentfeedback.InvalidFeedbackException naming {@code id},
     *     {@code type}, {@code rule} or {@code subject} if blank or too long, {@code
     *     raisedAt} or {@code lastRaisedAt} if outside the model's range of instants, a figure
     *     whose name is no valid document key or whose value is not finite, or a listed
     *     session id or group that is invalid (of those kept: at most {@value #MAX_LISTED})
     * @throws NullPointerException if a required value is missing
     * @throws IllegalArgumentException if the count is below 1, the last raise precedes the
     *     first, or the actions do not fit the status
     */
    public Escalation build() {
      return new Escalation(this);
    }
  }
}
