package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pairwise comparison: which of two responses to the same prompt was preferred, or a
 * tie. Stored as {@code comparison: {a: {...}, b: {...}, preference: "a" | "b" | "tie"}};
 * the prompt is the feedback's {@link Feedback#prompt()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param a the first candidate
 * @param b the second candidate
 * @param preference which one was preferred
 * @since 0.1.0
 */
public record Comparison(Candidate a, Candidate b, Preference preference) {

  /**
   * Validates that every part is present.
   *
   * @throws NullPointerException naming the missing part
   */
  public Comparison {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(preference, "preference");
  }

  /**
   * A comparison of two models' responses.
   *
   * @param a the first candidate
   * @param b the second candidate
   * @param preference which one was preferred
   * @return the comparison
   */
  public static Comparison of(Candidate a, Candidate b, Preference preference) {
    return new Comparison(a, b, preference);
  }

  /**
   * The preferred candidate.
   *
   * @return the winner, or {@code null} for a tie
   */
  public @Nullable Candidate preferred() {
    return preference == Preference.A ? a : preference == Preference.B ? b : null;
  }

  /**
   * The candidate not preferred.
   *
   * @return the loser, or {@code null} for a tie
   */
  public @Nullable Candidate other() {
    return preference == Preference.A ? b : preference == Preference.B ? a : null;
  }

  /**
   * Which candidate was preferred. Stored as {@code "a"}, {@code "b"} or {@code "tie"}.
   * Enum constants are immutable and thread-safe.
   *
   * @since 0.1.0
   */
  public enum Preference {
    /** The first candidate. */
    A,
    /** The second candidate. */
    B,
    /** Neither. */
    TIE;

    /**
     * The stored name.
     *
     * @return {@code "a"}, {@code "b"} or {@code "tie"}
     */
    public String wireValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Reads a stored name.
     *
     * @param wire {@code "a"}, {@code "b"} or {@code "tie"}
     * @return the preference
     * @throws InvalidFeedbackException naming {@code comparison.preference} otherwise
     */
    public static Preference fromWire(@Nullable String wire) {
      for (Preference p : values()) {
        if (p.wireValue().equals(wire)) {
          return p;
        }
      }
      throw InvalidFeedbackException.of(
          "comparison.preference",
          "unknown_preference",
          "comparison preference must be \"a\", \"b\" or \"tie\", was "
              + (wire == null ? null : "\"" + Checks.shown(wire) + "\""));
    }
  }

  /**
   * One side of a comparison: the model that answered, and the response's id and text as
   * far as the application attaches them. Stored as {@code {model?, response_id?,
   * response?}}.
   *
   * <p>Immutable and thread-safe.
   *
   * @param model the model that produced the response, or {@code null}
   * @param responseId the response's id (such as a message id), or {@code null}
   * @param response the response's text, or {@code null}
   * @since 0.1.0
   */
  public record Candidate(
      @Nullable ModelRef model, @Nullable String responseId, @Nullable String response) {

    /**
     * Validates the candidate.
     *
     * @throws InvalidFeedbackException if the candidate names nothing (no model, id or
     *     text), or the id is not a valid id
     */
    public Candidate {
      Checks checks = new Checks();
      checks.optionalId("comparison.responseId", responseId, Checks.MAX_ID_LENGTH);
      checks.text("comparison.response", response);
      if (model == null && responseId == null && response == null) {
        checks.add(
            "comparison",
            "empty_candidate",
            "a comparison candidate needs a model, a response id or a response");
      }
      checks.throwIfAny();
    }

    /**
     * A candidate known by the model that answered and the response text.
     *
     * @param model the model
     * @param response the response text, or {@code null}
     * @return the candidate
     */
    public static Candidate of(ModelRef model, @Nullable String response) {
      return new Candidate(model, null, response);
    }

    /** Describes the candidate without the response text, which may hold personal data. */
    @Override
    public String toString() {
      return "Candidate[model="
          + model
          + ", responseId="
          + responseId
          + ", response="
          + (response == null ? "null" : "<" + response.length() + " chars>")
          + "]";
    }
  }
}
