package io.github.agentfeedback.escalation;

import io.github.agentfeedback.internal.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * Who acted on an escalation, when, and why: an acknowledgement or a resolution.
 *
 * <p>Immutable and thread-safe.
 *
 * @param by who acted; non-blank, at most 256 chars
 * @param at when: within {@link io.github.agentfeedback.FeedbackLimits#MIN_INSTANT} and {@link
 *     io.github.agentfeedback.FeedbackLimits#MAX_INSTANT}, kept to the millisecond (as every
 *     store keeps it)
 * @param note why, or what was done; at most {@value #MAX_NOTE_LENGTH} chars, "" when none
 * @since 0.1.0
 */
public record EscalationAction(String by, Instant at, String note) {

  /** The longest note, in chars. */
  public static final int MAX_NOTE_LENGTH = 4_000;

  /**
   * Validates the action.
   *
   * @throws io.github.agentfeedback.InvalidFeedbackException naming {@code by}, {@code note}
   *     or {@code at} and the limit
   * @throws NullPointerException if {@code at} or {@code note} is null
   */
  public EscalationAction {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(note, "note");
    Checks checks = new Checks();
    checks.id("by", by, Checks.MAX_ID_LENGTH);
    at = Objects.requireNonNull(checks.instant("at", at));
    if (note.length() > MAX_NOTE_LENGTH) {
      checks.add(
          "note",
          "too_long",
          "note must be at most " + MAX_NOTE_LENGTH + " chars, was " + note.length());
    }
    checks.throwIfAny();
  }
}
