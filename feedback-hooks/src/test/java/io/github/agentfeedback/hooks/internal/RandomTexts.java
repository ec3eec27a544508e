package io.github.agentfeedback.hooks.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Texts made of random pieces, for property tests; the same seed gives the same texts. */
public final class RandomTexts {

  private RandomTexts() {}

  /**
   * {@code count} texts, each of 1 to {@code maxPieces} pieces chosen at random.
   *
   * @param seed the random seed
   */
  public static List<String> of(String[] pieces, int count, int maxPieces, long seed) {
    Random random = new Random(seed);
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = random.nextInt(maxPieces); n >= 0; n--) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      texts.add(b.toString());
    }
    return texts;
  }
}
