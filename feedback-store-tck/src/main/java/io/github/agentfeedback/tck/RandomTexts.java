package io.github.agentfeedback.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Texts made of random pieces, for property tests and generated data: the same seed gives
 * the same texts.
 *
 * <p>Thread-safe: stateless; the random generators passed in are the caller's.
 */
public final class RandomTexts {

  private RandomTexts() {}

  /**
   * {@code count} texts, each of 1 to {@code maxPieces} pieces chosen at random and joined
   * without a separator.
   *
   * @param pieces what texts are made of; not empty
   * @param count how many texts
   * @param maxPieces the most pieces in one text, at least 1
   * @param seed the random seed
   * @return a new list of {@code count} texts
   */
  public static List<String> of(String[] pieces, int count, int maxPieces, long seed) {
    Random random = new Random(seed);
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      texts.add(join(random, pieces, 1, maxPieces, ""));
    }
    return texts;
  }

  /**
   * One text of {@code min} to {@code max} pieces chosen at random, joined by a separator.
   *
   * @param random the generator to draw from
   * @param pieces what the text is made of; not empty
   * @param min the fewest pieces, at least 0
   * @param max the most pieces, at least {@code min}
   * @param separator what goes between two pieces
   * @return the text
   * @throws IllegalArgumentException if {@code pieces} is empty or the bounds are not
   *     {@code 0 <= min <= max}
   */
  public static String join(
      RandomGenerator random, String[] pieces, int min, int max, String separator) {
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(pieces, "pieces");
    Objects.requireNonNull(separator, "separator");
    if (pieces.length == 0) {
      throw new IllegalArgumentException("pieces must not be empty");
    }
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("need 0 <= min <= max, got min " + min + ", max " + max);
    }
    StringBuilder text = new StringBuilder();
    for (int n = min + random.nextInt(max - min + 1), i = 0; i < n; i++) {
      if (i > 0) {
        text.append(separator);
      }
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    return text.toString();
  }
}
