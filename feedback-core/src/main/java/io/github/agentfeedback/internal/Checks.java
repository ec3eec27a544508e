package io.github.agentfeedback.internal;

import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Violation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects violations so that a value reports every broken rule at once, and holds the
 * rules shared by the model, the manager and the stores.
 *
 * <p>Not thread-safe: one instance per validation.
 */
public final class Checks {

  /** Longest session id accepted, in chars. */
  public static final int MAX_SESSION_ID_LENGTH = 1024;

  /** Longest feedback id, user id or message id accepted, in chars. */
  public static final int MAX_ID_LENGTH = 256;

  private List<Violation> violations;

  /** Records a violation. */
  public Checks add(String field, String code, String message) {
    if (violations == null) {
      violations = new ArrayList<>(2);
    }
    violations.add(new Violation(field, code, message));
    return this;
  }

  /** Whether any violation was recorded. */
  public boolean failed() {
    return violations != null;
  }

  /** Throws {@link InvalidFeedbackException} listing every violation, if any. */
  public void throwIfAny() {
    if (violations != null) {
      throw new InvalidFeedbackException(violations);
    }
  }

  /**
   * Checks an optional identifier: null is fine, otherwise non-blank, at most {@code max}
   * chars and free of NUL.
   */
  public Checks optionalId(String field, String value, int max) {
    if (value != null) {
      id(field, value, max);
    }
    return this;
  }

  /** Checks a required identifier: non-blank, at most {@code max} chars and free of NUL. */
  public Checks id(String field, String value, int max) {
    if (value == null) {
      return add(field, "required", field + " must not be null");
    }
    if (value.isBlank()) {
      return add(field, "blank", field + " must not be blank");
    }
    if (value.length() > max) {
      return add(
          field,
          "too_long",
          field + " must be at most " + max + " chars, was " + value.length());
    }
    if (value.indexOf('\0') >= 0) {
      add(field, "nul_char", field + " must not contain the NUL character");
    }
    return this;
  }

  /**
   * Checks a key that a document store uses as a field name: not empty, not starting with
   * {@code $}, without {@code .} and without NUL. Such keys would corrupt a document or
   * inject an operator.
   */
  public Checks documentKey(String field, String key) {
    if (key == null || key.isEmpty()) {
      return add(field, "empty_key", field + " keys must not be empty");
    }
    if (key.charAt(0) == '$') {
      add(field + "." + key, "dollar_key", field + " key '" + key + "' must not start with '$'");
    }
    if (key.indexOf('.') >= 0) {
      add(field + "." + key, "dotted_key", field + " key '" + key + "' must not contain '.'");
    }
    if (key.indexOf('\0') >= 0) {
      add(field, "nul_char", field + " keys must not contain the NUL character");
    }
    return this;
  }

  /** Validates a session id, throwing at once. */
  public static String sessionId(String sessionId) {
    new Checks().id("sessionId", sessionId, MAX_SESSION_ID_LENGTH).throwIfAny();
    return sessionId;
  }

  /** Validates metadata keys, throwing at once with every bad key. */
  public static void metadataKeys(Collection<String> keys) {
    Checks checks = new Checks();
    for (String key : keys) {
      checks.documentKey("metadata", key);
    }
    checks.throwIfAny();
  }
}
