package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * The model that produced a rated answer: a name and, optionally, a version. Stored as
 * {@code {name, version}}; analytics group by it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the model's name, for example {@code "gpt-4o"}; non-blank, at most 256 chars
 * @param version the model's version, or {@code null}; non-blank, at most 256 chars
 * @since 0.1.0
 */
public record ModelRef(String name, @Nullable String version) {

  /**
   * Validates both parts.
   *
   * @throws InvalidFeedbackException naming {@code model.name} or {@code model.version}
   */
  public ModelRef {
    Checks checks = new Checks();
    checks.id("model.name", name, Checks.MAX_ID_LENGTH);
    checks.optionalId("model.version", version, Checks.MAX_ID_LENGTH);
    checks.throwIfAny();
  }

  /**
   * A model known by its name only.
   *
   * @param name the model's name
   * @return the reference
   */
  public static ModelRef of(String name) {
    return new ModelRef(name, null);
  }

  /**
   * A model known by name and version.
   *
   * @param name the model's name
   * @param version the model's version
   * @return the reference
   */
  public static ModelRef of(String name, @Nullable String version) {
    return new ModelRef(name, version);
  }

  @Override
  public String toString() {
    return version == null ? name : name + "@" + version;
  }
}
