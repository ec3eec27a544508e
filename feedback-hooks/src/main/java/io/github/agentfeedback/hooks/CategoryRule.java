package io.github.agentfeedback.hooks;

import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.Severity;
import java.util.Objects;
import java.util.Optional;

/** {@link EscalationRule#category}: feedback triaged into a category. */
final class CategoryRule implements EscalationRule {

  /** The type of what it raises. */
  static final String TYPE = "triage_category";

  private final String tag;
  private final String name;
  private final Severity severity;

  CategoryRule(String category, Severity severity) {
    TriageRule.checkCategory(category);
    this.tag = TriageHook.CATEGORY_PREFIX + category;
    this.name = TYPE + ":" + category;
    this.severity = Objects.requireNonNull(severity, "severity");
  }

  @Override
  public Optional<Escalation> check(SessionWrite write) {
    if (!write.feedback().tags().contains(tag)) {
      return Optional.empty();
    }
    return Optional.of(NegativeRatingsRule.candidate(write, TYPE, name, severity).build());
  }

  @Override
  public String toString() {
    return name;
  }
}
