package io.github.agentfeedback;

import java.util.Objects;

/**
 * How many negative comments mention a term (a word, or a two-word phrase with one space).
 *
 * <p>Immutable and thread-safe.
 *
 * @param term the term, lower-case
 * @param count the number of comments that contain it
 * @since 0.1.0
 */
public record TermCount(String term, long count) {

  /**
   * Validates the count.
   *
   * @throws NullPointerException naming {@code term}
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public TermCount {
    Objects.requireNonNull(term, "term");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
  }
}
