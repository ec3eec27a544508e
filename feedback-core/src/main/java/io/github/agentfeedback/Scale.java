package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import java.util.Optional;

/**
 * A rating scale with inclusive bounds, such as five stars or Net Promoter Score.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the scale's name as stored, for example {@code "nps"}
 * @param min the lowest allowed score, inclusive
 * @param max the highest allowed score, inclusive
 * @since 0.1.0
 */
public record Scale(String name, double min, double max) {

  /** One to five stars. */
  public static final Scale STARS_5 = new Scale("stars_5", 1, 5);

  /** Net Promoter Score: 0 to 10. */
  public static final Scale NPS = new Scale("nps", 0, 10);

  /** Customer satisfaction: 1 to 5. */
  public static final Scale CSAT = new Scale("csat", 1, 5);

  /** Customer effort score: 1 to 7. */
  public static final Scale CES = new Scale("ces", 1, 7);

  /**
   * Validates the scale.
   *
   * @throws InvalidFeedbackException if the name is blank or the bounds are not finite with
   *     {@code min < max}
   */
  public Scale {
    Checks checks = new Checks().id("score.scale", name, 64);
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      checks.add("score.scale", "not_finite", "scale bounds must be finite, were " + min + ".." + max);
    } else if (min >= max) {
      checks.add("score.scale", "empty_range", "scale min must be below max, were " + min + ".." + max);
    }
    checks.throwIfAny();
  }

  /**
   * A custom scale.
   *
   * @param name the name stored with each score; must not be a built-in scale's name
   * @param min the lowest allowed score
   * @param max the highest allowed score
   * @return the scale
   * @throws InvalidFeedbackException if the name is blank or taken by a built-in scale, or
   *     the bounds are invalid
   */
  public static Scale of(String name, double min, double max) {
    Optional<Scale> builtIn = builtIn(name);
    if (builtIn.isPresent() && (builtIn.get().min != min || builtIn.get().max != max)) {
      throw InvalidFeedbackException.of(
          "score.scale",
          "reserved_name",
          "scale name '" + name + "' belongs to a built-in scale with bounds "
              + builtIn.get().min + ".." + builtIn.get().max);
    }
    return builtIn.orElseGet(() -> new Scale(name, min, max));
  }

  /**
   * Finds a built-in scale by its stored name.
   *
   * @param name a name such as {@code "nps"}
   * @return the built-in scale, or empty
   */
  public static Optional<Scale> builtIn(String name) {
    if (name == null) {
      return Optional.empty();
    }
    switch (name) {
      case "stars_5":
        return Optional.of(STARS_5);
      case "nps":
        return Optional.of(NPS);
      case "csat":
        return Optional.of(CSAT);
      case "ces":
        return Optional.of(CES);
      default:
        return Optional.empty();
    }
  }

  /**
   * Whether a value lies within this scale's bounds.
   *
   * @param value the value to test
   * @return true when {@code min <= value <= max}
   */
  public boolean contains(double value) {
    return value >= min && value <= max;
  }
}
