package io.github.agentfeedback.jdbc.internal;

import org.jspecify.annotations.Nullable;

/**
 * How free text is kept in text columns and JSON strings: PostgreSQL accepts no NUL
 * character in either, so NUL is written as U+0001 followed by {@code 0}, and U+0001 itself
 * as U+0001 followed by {@code 1}. Text without either character is kept as it is, so the
 * escape shows only in text that holds one; reading undoes it exactly.
 *
 * <p>Stateless and thread-safe.
 */
public final class Text {

  /** The escape character, U+0001 (START OF HEADING). */
  static final char ESCAPE = '\u0001';

  private Text() {}

  /**
   * The stored form of text.
   *
   * @param text the text, or null
   * @return the text with NUL and U+0001 escaped, or null
   */
  public static @Nullable String escape(@Nullable String text) {
    if (text == null || !needsEscape(text)) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        sb.append(ESCAPE).append('0');
      } else if (c == ESCAPE) {
        sb.append(ESCAPE).append('1');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * The text a stored form holds.
   *
   * @param stored the stored form, or null
   * @return the text, or null
   */
  public static @Nullable String unescape(@Nullable String stored) {
    if (stored == null || stored.indexOf(ESCAPE) < 0) {
      return stored;
    }
    StringBuilder sb = new StringBuilder(stored.length());
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (c == ESCAPE && i + 1 < stored.length()) {
        char next = stored.charAt(++i);
        if (next == '0') {
          sb.append('\0');
        } else if (next == '1') {
          sb.append(ESCAPE);
        } else { // not written by escape(): kept as it is
          sb.append(c).append(next);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean needsEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0' || c == ESCAPE) {
        return true;
      }
    }
    return false;
  }
}
