package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
   * @throws InvalidFeedbackException if the name is blank, longer than
   *     {@value FeedbackLimits#MAX_SCALE_NAME_LENGTH} chars or is a built-in scale's name
   *     with other bounds, or the bounds are not finite with {@code min < max}
   */
  public Scale {
    Checks checks = new Checks();
    checks.id("score.scale", name, FeedbackLimits.MAX_SCALE_NAME_LENGTH);
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      checks.add(
          "score.scale", "not_finite", "scale bounds must be finite, were " + min + ".." + max);
    } else if (min >= max) {
      checks.add(
          "score.scale", "empty_range", "scale min must be below max, were " + min + ".." + max);
    }
    double[] builtIn = name == null ? null : builtInBounds(name);
    if (builtIn != null && (builtIn[0] != min || builtIn[1] != max)) {
      // A stored score names only its scale: a second "nps" would be read back as this one.
      checks.add(
          "score.scale",
          "reserved_name",
          "scale name '"
              + name
              + "' belongs to a "
              + "built-in scale with bounds "
              + format(builtIn[0])
              + ".."
              + format(builtIn[1])
              + "; choose another name for bounds "
              + min
              + ".."
              + max);
    }
    checks.throwIfAny();
  }

  /**
   * A custom scale, or the built-in scale with this name and these bounds.
   *
   * @param name the name stored with each score; a built-in scale's name only with its
   *     bounds
   * @param min the lowest allowed score
   * @param max the highest allowed score
   * @return the scale
   * @throws InvalidFeedbackException if the name is blank or taken by a built-in scale with
   *     other bounds, or the bounds are invalid
   */
  public static Scale of(String name, double min, double max) {
    Scale scale = new Scale(name, min, max);
    return builtIn(name).orElse(scale);
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
    return switch (name) {
      case "stars_5" -> Optional.of(STARS_5);
      case "nps" -> Optional.of(NPS);
      case "csat" -> Optional.of(CSAT);
      case "ces" -> Optional.of(CES);
      default -> Optional.empty();
    };
  }

  /** Bounds of the built-in scale with this name: {min, max}, or null. */
  private static double @Nullable [] builtInBounds(String name) {
    return switch (name) {
      case "stars_5", "csat" -> new double[] {1, 5};
      case "nps" -> new double[] {0, 10};
      case "ces" -> new double[] {1, 7};
      default -> null;
    };
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
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
