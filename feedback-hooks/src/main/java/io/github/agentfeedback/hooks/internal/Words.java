package io.github.agentfeedback.hooks.internal;

/**
 * The one definition of a word for the hooks that read words (the sentiment score, the triage
 * keywords), applied to {@linkplain Text#fold folded} text, in which no invisible character
 * is left to split a word. Stateless and thread-safe.
 */
public final class Words {

  private Words() {}

  /**
   * Whether a code point belongs to a word: a letter, a digit or a combining mark (so that an
   * accent written apart stays with its letter).
   */
  public static boolean isWordChar(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /**
   * The end of the word that starts at {@code start}, a word char of {@code text}: the run of
   * word chars, with an apostrophe ({@code '} or {@code ’}) inside it kept ("didn't"), and a
   * hyphen too when {@code hyphens} ("well-written"). An apostrophe or hyphen not followed by
   * a word char ends the word.
   */
  public static int end(String text, int start, boolean hyphens) {
    int n = text.length();
    int i = start;
    while (i < n) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (!isWordChar(cp)
          && !(isJoiner(cp, hyphens) && next < n && isWordChar(text.codePointAt(next)))) {
        break;
      }
      i = next;
    }
    return i;
  }

  /** The word {@code text[start, end)}, with {@code ’} written as {@code '}. */
  public static String word(String text, int start, int end) {
    return text.substring(start, end).replace('\u2019', '\'');
  }

  private static boolean isJoiner(int cp, boolean hyphens) {
    return cp == '\'' || cp == '\u2019' || (hyphens && cp == '-');
  }
}
