package io.github.agentfeedback;

import java.util.Objects;

/**
 * A numeric score on a {@link Scale}, such as 4 on {@link Scale#STARS_5}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the score, within the scale's bounds; {@code -0.0} is kept as {@code 0.0}
 * @param scale the scale the score is on
 * @since 0.1.0
 */
public record Score(double value, Scale scale) {

  /**
   * Validates the score.
   *
   * @throws InvalidFeedbackException naming {@code score} if the value is NaN, infinite or
   *     outside the scale
   */
  public Score {
    Objects.requireNonNull(scale, "scale");
    value += 0.0; // -0.0 becomes 0.0: stores compare them as equal, so must the model
    if (!Double.isFinite(value)) {
      throw InvalidFeedbackException.of(
          "score", "not_finite", "score must be a finite number, was " + value);
    }
    if (!scale.contains(value)) {
      throw InvalidFeedbackException.of(
          "score",
          "out_of_range",
          "score must be within "
              + scale.name()
              + " bounds "
              + format(scale.min())
              + ".."
              + format(scale.max())
              + ", was "
              + format(value));
    }
  }

  /**
   * Creates a score.
   *
   * @param value the score
   * @param scale the scale
   * @return the score
   * @throws InvalidFeedbackException if the value is not within the scale
   */
  public static Score of(double value, Scale scale) {
    return new Score(value, scale);
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
