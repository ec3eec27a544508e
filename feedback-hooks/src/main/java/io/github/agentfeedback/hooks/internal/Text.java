package io.github.agentfeedback.hooks.internal;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Small text helpers shared by the hooks. Stateless and thread-safe.
 */
public final class Text {

  private Text() {}

  /** Length in code points, so that an emoji counts as one character. */
  public static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  /**
   * Index of the first control character other than line feed, carriage return and tab, or
   * -1. Control characters are the Unicode category Cc: U+0000–U+001F and U+007F–U+009F.
   */
  public static int indexOfControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code c} is a control character other than line feed, carriage return, tab. */
  public static boolean isControl(char c) {
    if (c == '\n' || c == '\r' || c == '\t') {
      return false;
    }
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /**
   * Whether {@code c} is white space, including no-break spaces (U+00A0, U+2007, U+202F),
   * which {@link Character#isWhitespace(int)}, and so {@link String#strip()} and
   * {@link String#isBlank()}, do not count. The one definition of white space for every
   * hook: what sanitizing collapses away is exactly what validation trims.
   */
  public static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * Whether a code point is a format character, which shows nothing by itself: zero-width
   * space and joiners, soft hyphen, word joiner, byte order mark, direction marks and
   * overrides (Unicode category Cf).
   */
  public static boolean isInvisible(int c) {
    return Character.getType(c) == Character.FORMAT;
  }

  /**
   * {@code s} as it reads, for matching words and phrases: NFKC (full-width and other
   * compatibility forms to their plain letters, accents composed), then each code point to its
   * lower case (Unicode's simple mapping, which takes the dotted capital I to {@code i} where
   * {@link String#toLowerCase} gives {@code i} and a combining dot), and
   * {@link #isInvisible format characters} dropped, so that "terrible" with a zero-width space
   * or a soft hyphen inside still reads "terrible". ASCII text is only lower-cased ({@code s}
   * itself when it is already). The one fold of the spam filter's phrases, the sentiment
   * lexicon's words and the triage keywords.
   */
  public static String fold(String s) {
    if (isAscii(s)) {
      return s.toLowerCase(Locale.ROOT);
    }
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(n.length());
    for (int i = 0; i < n.length(); ) {
      int c = n.codePointAt(i);
      i += Character.charCount(c);
      if (!isInvisible(c)) {
        out.appendCodePoint(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s} shows nothing: it is empty or holds only {@link #isSpace white space}
   * and {@link #isInvisible format characters}. Unlike {@link #isBlank}, which agrees with
   * {@link #strip} and {@link #collapseWhitespace}, it looks through what they keep.
   */
  public static boolean showsNothing(String s) {
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (!isSpace(c) && !isInvisible(c)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  /** Whether {@code s} is empty or holds only {@link #isSpace white space}. */
  public static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (!isSpace(c)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  /**
   * {@code s} without leading and trailing {@link #isSpace white space}; the same instance
   * when there is none.
   */
  public static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /**
   * Whether {@code a} is longer than {@code b} in chars, in code points or in UTF-8 bytes
   * (the measure of the feedback size limit). One pass over each.
   */
  public static boolean longer(String a, String b) {
    return a.length() > b.length()
        || a.codePointCount(0, a.length()) > b.codePointCount(0, b.length())
        || utf8Length(a) > utf8Length(b);
  }

  /** The length of {@code s} in UTF-8, a lone surrogate counted as the 3 bytes of U+FFFD. */
  static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Whether {@code c} ends a line. */
  public static boolean isLineBreak(int c) {
    return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /**
   * Collapses runs of white space: a run holding two or more line breaks becomes a blank
   * line ({@code "\n\n"}), a run holding one becomes {@code "\n"}, any other run becomes one
   * space; leading and trailing white space is removed. {@code "\r\n"} counts as one break.
   */
  public static String collapseWhitespace(String s) {
    if (!needsCollapse(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      int c = s.codePointAt(i);
      if (!isSpace(c)) {
        out.appendCodePoint(c);
        i += Character.charCount(c);
        continue;
      }
      int breaks = 0;
      while (i < n) {
        int d = s.codePointAt(i);
        if (!isSpace(d)) {
          break;
        }
        if (isLineBreak(d) && !(d == '\n' && i > 0 && s.charAt(i - 1) == '\r')) {
          breaks++;
        }
        i += Character.charCount(d);
      }
      if (out.length() == 0 || i == n) {
        continue; // leading or trailing run
      }
      out.append(breaks >= 2 ? "\n\n" : breaks == 1 ? "\n" : " ");
    }
    return out.toString();
  }

  private static boolean needsCollapse(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    if (isSpace(s.charAt(0)) || isSpace(s.charAt(n - 1))) {
      return true;
    }
    boolean previousSpace = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        if (previousSpace || (c != ' ' && c != '\n')) {
          return true;
        }
        previousSpace = true;
      } else {
        previousSpace = false;
      }
    }
    return false;
  }
}
