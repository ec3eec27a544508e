package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * The user's verdict on an agent's answer.
 *
 * <p>On the wire (and in MongoDB documents shared with the Python session manager) a
 * rating is {@code "up"}, {@code "down"} or {@code null} for neutral. Feedback without a
 * rating (a score alone, see {@link Feedback}) is stored without the {@code rating} key.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum Rating {
  /** The answer helped. */
  UP("up"),
  /** The answer did not help. */
  DOWN("down"),
  /** No verdict, for example a comment saved for later. */
  NEUTRAL(null);

  private final @Nullable String wireValue;

  Rating(@Nullable String wireValue) {
    this.wireValue = wireValue;
  }

  /**
   * The value stored in documents.
   *
   * @return {@code "up"}, {@code "down"}, or {@code null} for {@link #NEUTRAL}
   */
  public @Nullable String wireValue() {
    return wireValue;
  }

  /**
   * Reads a stored rating.
   *
   * @param wire {@code "up"}, {@code "down"}, {@code "neutral"} or {@code null}
   * @return the rating; {@code null} gives {@link #NEUTRAL}
   * @throws InvalidFeedbackException naming the field {@code rating} for any other value
   */
  public static Rating fromWire(@Nullable String wire) {
    if (wire == null) {
      return NEUTRAL;
    }
    return switch (wire) {
      case "up" -> UP;
      case "down" -> DOWN;
      case "neutral" -> NEUTRAL;
      default ->
          throw InvalidFeedbackException.of(
              "rating",
              "unknown_rating",
              "rating must be \"up\", \"down\" or null, was \"" + Checks.shown(wire) + "\"");
    };
  }
}
