package io.github.agentfeedback.spi.internal;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Splits comments into the words and two-word phrases that problem analysis counts, in one
 * pass over the text (linear time, no regular expressions).
 *
 * <p>A word is a maximal run of Unicode letters, digits and combining marks; an apostrophe
 * ({@code '} or U+2019) or a hyphen ({@code -}, U+2010 or U+2011) between two such
 * characters belongs to the word, so that "don't" and "two-factor" stay whole. Words are
 * lower-cased with {@link Locale#ROOT}, U+2019 becomes {@code '} and U+2010 and U+2011
 * become {@code -}. A word is dropped when
 * it is longer than {@value #MAX_WORD_LENGTH} code points, a single code point that is not
 * an ideograph, or a stop word; a phrase is two kept words with only white space between
 * them, so punctuation and dropped words break phrases.
 *
 * <p>Stateless; thread-safe.
 */
public final class Tokenizer {

  /** Longest word counted, in code points; longer runs are usually links or noise. */
  public static final int MAX_WORD_LENGTH = 64;

  private Tokenizer() {}

  /** A word or stop word in the form it is compared in. */
  public static String normalize(String word) {
    return word.toLowerCase(Locale.ROOT)
        .replace('\u2019', '\'')
        .replace('\u2010', '-')
        .replace('\u2011', '-');
  }

  /**
   * Adds the distinct words of a text to {@code words}, and its distinct phrases to
   * {@code phrases} unless that is null.
   */
  public static void scan(
      String text, Set<String> stopWords, Set<String> words, @Nullable Set<String> phrases) {
    int n = text.length();
    int start = -1; // start of the word being read, or -1
    int codePoints = 0;
    String previous = null; // the last kept word, while only white space follows it
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isWordChar(cp)
          || (start >= 0 && isJoiner(cp) && next < n && isWordChar(text.codePointAt(next)))) {
        if (start < 0) {
          start = i;
          codePoints = 0;
        }
        codePoints++;
      } else {
        if (start >= 0) {
          previous =
              word(text.substring(start, i), codePoints, stopWords, words, phrases, previous);
          start = -1;
        }
        if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
          previous = null;
        }
      }
      i = next;
    }
    if (start >= 0) {
      word(text.substring(start), codePoints, stopWords, words, phrases, previous);
    }
  }

  /** Records one word; returns the word a following phrase may start with, or null. */
  private static @Nullable String word(
      String raw,
      int codePoints,
      Set<String> stopWords,
      Set<String> words,
      @Nullable Set<String> phrases,
      @Nullable String previous) {
    if (codePoints > MAX_WORD_LENGTH
        || (codePoints == 1 && !Character.isIdeographic(raw.codePointAt(0)))) {
      return null;
    }
    String word = normalize(raw);
    if (stopWords.contains(word)) {
      return null;
    }
    words.add(word);
    if (phrases != null && previous != null) {
      phrases.add(previous + " " + word);
    }
    return word;
  }

  private static boolean isWordChar(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /** An apostrophe or a hyphen, which joins the word chars on either side into one word. */
  private static boolean isJoiner(int cp) {
    return cp == '\'' || cp == '\u2019' || cp == '-' || cp == '\u2010' || cp == '\u2011';
  }
}
