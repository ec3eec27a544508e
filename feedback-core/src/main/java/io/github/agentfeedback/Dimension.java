package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import java.util.Locale;

/**
 * A quality dimension a user may rate separately, each from 1 to 5.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum Dimension {
  /** The answer was correct. */
  ACCURACY,
  /** The answer addressed the question. */
  RELEVANCE,
  /** The answer left nothing out. */
  COMPLETENESS,
  /** The answer was easy to understand. */
  CLARITY,
  /** The answer helped overall. */
  HELPFULNESS,
  /** The answer was safe and appropriate. */
  SAFETY,
  /** The answer was well laid out. */
  FORMATTING;

  /** Lowest dimension rating. */
  public static final int MIN_RATING = 1;

  /** Highest dimension rating. */
  public static final int MAX_RATING = 5;

  /**
   * The name stored in documents.
   *
   * @return the lower-case name, for example {@code "accuracy"}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a stored dimension name.
   *
   * @param wireName a lower-case name such as {@code "clarity"}
   * @return the dimension
   * @throws InvalidFeedbackException naming {@code dimensions} for an unknown name
   */
  public static Dimension fromWire(String wireName) {
    for (Dimension d : values()) {
      if (d.wireName().equals(wireName)) {
        return d;
      }
    }
    throw InvalidFeedbackException.of(
        "dimensions",
        "unknown_dimension",
        "unknown quality dimension '" + Checks.shown(wireName) + "'");
  }
}
