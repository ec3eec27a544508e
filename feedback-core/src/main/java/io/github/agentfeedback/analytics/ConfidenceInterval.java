package io.github.agentfeedback.analytics;

/**
 * A two-sided confidence interval, in the unit of the figure it belongs to (percentages or
 * percentage points for proportions, score units for means).
 *
 * <p>Immutable and thread-safe.
 *
 * @param level the confidence level, such as 0.95
 * @param lower the lower bound
 * @param upper the upper bound
 * @since 0.1.0
 */
public record ConfidenceInterval(double level, double lower, double upper) {

  /**
   * Validates the interval.
   *
   * @throws IllegalArgumentException unless {@code 0 < level < 1} and
   *     {@code lower <= upper}
   */
  public ConfidenceInterval {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be within (0, 1), was " + level);
    }
    if (!(lower <= upper)) {
      throw new IllegalArgumentException(
          "lower must not exceed upper, were " + lower + " and " + upper);
    }
  }

  /**
   * Whether a value lies within the interval.
   *
   * @param value the value
   * @return true when {@code lower <= value <= upper}
   */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }
}
