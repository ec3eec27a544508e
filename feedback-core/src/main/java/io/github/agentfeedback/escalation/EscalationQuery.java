package io.github.agentfeedback.escalation;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which escalations {@link EscalationStore#list} returns: by status, rule and subject, newest
 * first raise first, at most {@link #limit()}. Every criterion left unset matches all.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class EscalationQuery {

  /** The default and largest limit. */
  public static final int MAX_LIMIT = 10_000;

  private final Set<EscalationStatus> statuses;
  private final @Nullable String rule;
  private final @Nullable String subject;
  private final int limit;

  private EscalationQuery(Builder b) {
    this.statuses = Set.copyOf(b.statuses);
    this.rule = b.rule;
    this.subject = b.subject;
    this.limit = b.limit;
  }

  /**
   * A query that matches every escalation, up to {@value #MAX_LIMIT}.
   *
   * @return the query
   */
  public static EscalationQuery all() {
    return builder().build();
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The statuses selected.
   *
   * @return an immutable set; empty selects every status
   */
  public Set<EscalationStatus> statuses() {
    return statuses;
  }

  /**
   * The rule selected.
   *
   * @return the rule, or {@code null} for every rule
   */
  public @Nullable String rule() {
    return rule;
  }

  /**
   * The subject selected.
   *
   * @return the subject, or {@code null} for every subject
   */
  public @Nullable String subject() {
    return subject;
  }

  /**
   * How many escalations at most.
   *
   * @return the limit, 1 to {@value #MAX_LIMIT}
   */
  public int limit() {
    return limit;
  }

  /**
   * Whether an escalation meets the criteria (the limit aside).
   *
   * @param e the escalation
   * @return whether it is selected
   */
  public boolean matches(Escalation e) {
    return (statuses.isEmpty() || statuses.contains(e.status()))
        && (rule == null || rule.equals(e.rule()))
        && (subject == null || subject.equals(e.subject()));
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof EscalationQuery q
            && limit == q.limit
            && statuses.equals(q.statuses)
            && Objects.equals(rule, q.rule)
            && Objects.equals(subject, q.subject));
  }

  @Override
  public int hashCode() {
    return Objects.hash(statuses, rule, subject, limit);
  }

  @Override
  public String toString() {
    return "EscalationQuery[statuses="
        + statuses
        + ", rule="
        + rule
        + ", subject="
        + subject
        + ", limit="
        + limit
        + "]";
  }

  /**
   * Builds an {@link EscalationQuery}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Set<EscalationStatus> statuses = EnumSet.noneOf(EscalationStatus.class);
    private @Nullable String rule;
    private @Nullable String subject;
    private int limit = MAX_LIMIT;

    private Builder() {}

    /**
     * Selects escalations in any of these statuses (added to those already selected).
     *
     * @param statuses the statuses
     * @return this builder
     */
    public Builder status(EscalationStatus... statuses) {
      for (EscalationStatus s : statuses) {
        this.statuses.add(Objects.requireNonNull(s, "status"));
      }
      return this;
    }

    /**
     * Selects escalations of one rule.
     *
     * @param rule the rule, or {@code null} for all
     * @return this builder
     */
    public Builder rule(@Nullable String rule) {
      this.rule = rule;
      return this;
    }

    /**
     * Selects escalations about one subject.
     *
     * @param subject the subject, or {@code null} for all
     * @return this builder
     */
    public Builder subject(@Nullable String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Returns at most this many.
     *
     * @param limit 1 to {@value #MAX_LIMIT}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder limit(int limit) {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException(
            "limit must be within 1.." + MAX_LIMIT + ", was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     */
    public EscalationQuery build() {
      return new EscalationQuery(this);
    }
  }
}
