package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;

/**
 * Who or what gave a piece of feedback: an end user, a human reviewer, an LLM judge, an
 * automatic check, or a kind a later version (or another writer) adds.
 *
 * <p>An open set rather than an enum: a source stored by a newer writer reads back as
 * itself instead of failing or turning into another source. Names are lower-case
 * identifiers ({@code [a-z][a-z0-9_]*}, at most 64 chars), stored as the feedback's
 * {@code source} key; {@link #END_USER}, the default, is stored by leaving the key out,
 * as the Python library does.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the stored name, for example {@code "llm_judge"}
 * @since 0.1.0
 */
public record Source(String name) {

  /** An end user of the application rated the answer: the default. */
  public static final Source END_USER = new Source("end_user");

  /** A human reviewer (an annotator, a support agent) rated the answer. */
  public static final Source REVIEWER = new Source("reviewer");

  /** A language model acting as a judge rated the answer. */
  public static final Source LLM_JUDGE = new Source("llm_judge");

  /** Code (a test, a heuristic, a guardrail) rated the answer. */
  public static final Source CODE = new Source("code");

  /** Longest source name, in chars. */
  public static final int MAX_NAME_LENGTH = 64;

  /**
   * Validates the name.
   *
   * @throws InvalidFeedbackException naming {@code source} if the name is not a lower-case
   *     identifier of at most {@value #MAX_NAME_LENGTH} chars
   */
  public Source {
    Checks checks = new Checks();
    checks.id("source", name, MAX_NAME_LENGTH);
    if (!checks.failed() && !name.matches("[a-z][a-z0-9_]*")) {
      checks.add(
          "source",
          "bad_format",
          "source must be a lower-case identifier "
              + "([a-z][a-z0-9_]*), was '"
              + Checks.shown(name)
              + "'");
    }
    checks.throwIfAny();
  }

  /**
   * The source with this name: a constant above, or another kind.
   *
   * @param name a lower-case identifier such as {@code "reviewer"}
   * @return the source
   * @throws InvalidFeedbackException if the name is not a lower-case identifier
   */
  public static Source of(String name) {
    return switch (name == null ? "" : name) {
      case "end_user" -> END_USER;
      case "reviewer" -> REVIEWER;
      case "llm_judge" -> LLM_JUDGE;
      case "code" -> CODE;
      default -> new Source(name);
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
