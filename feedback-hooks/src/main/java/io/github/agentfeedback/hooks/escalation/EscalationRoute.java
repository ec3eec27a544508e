package io.github.agentfeedback.hooks.escalation;

import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.hooks.notify.Notifier;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One rule of an {@link EscalationRouter}: escalations of at least a severity and, when types
 * are given, of one of those types go to these notifiers.
 *
 * <p>Immutable and thread-safe (as far as its notifiers are).
 *
 * @param minSeverity the lowest severity that matches; {@link Severity#LOW} matches all
 * @param types the types that match; empty matches every type
 * @param notifiers where matching escalations go; at least one
 * @since 0.1.0
 */
public record EscalationRoute(Severity minSeverity, Set<String> types, List<Notifier> notifiers) {

  /**
   * Checks and copies the parts.
   *
   * @throws NullPointerException if a part, a type or a notifier is null
   * @throws IllegalArgumentException if there is no notifier
   */
  public EscalationRoute {
    Objects.requireNonNull(minSeverity, "minSeverity");
    types = Set.copyOf(types);
    notifiers = List.copyOf(notifiers);
    if (notifiers.isEmpty()) {
      throw new IllegalArgumentException("a route needs at least one notifier");
    }
  }

  /**
   * Escalations of at least a severity, of any type.
   *
   * @param minSeverity the lowest severity that matches
   * @param notifiers where they go; at least one
   * @return the route
   */
  public static EscalationRoute atLeast(Severity minSeverity, Notifier... notifiers) {
    return new EscalationRoute(minSeverity, Set.of(), List.of(notifiers));
  }

  /**
   * Escalations of one type, of any severity.
   *
   * @param type the type, such as {@code "session_negatives"}
   * @param notifiers where they go; at least one
   * @return the route
   */
  public static EscalationRoute ofType(String type, Notifier... notifiers) {
    return new EscalationRoute(Severity.LOW, Set.of(type), List.of(notifiers));
  }

  /**
   * Whether an escalation takes this route.
   *
   * @param e the escalation
   * @return {@code true} if its severity is at least {@link #minSeverity()} and its type is
   *     one of {@link #types()} (or no type is given)
   */
  public boolean matches(Escalation e) {
    return e.severity().compareTo(minSeverity) >= 0
        && (types.isEmpty() || types.contains(e.type()));
  }
}
