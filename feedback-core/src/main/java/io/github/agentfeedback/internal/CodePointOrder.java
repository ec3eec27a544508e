package io.github.agentfeedback.internal;

import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * The order of strings by Unicode code point, which every store and figure uses to break
 * ties, so that it is the same order MongoDB's binary string comparison (UTF-8 bytes) and a
 * database's binary collation give. Java's {@link String#compareTo} compares UTF-16 units
 * instead, and puts a supplementary character (a surrogate pair, U+D800..U+DFFF units) before
 * U+E000..U+FFFF.
 *
 * <p>Stateless; thread-safe.
 */
public final class CodePointOrder {

  /** Strings by code point, a proper prefix first. */
  public static final Comparator<String> STRINGS = CodePointOrder::compare;

  /** Strings by code point, {@code null} (no value) before every string. */
  public static final Comparator<@Nullable String> NULLS_FIRST = Comparator.nullsFirst(STRINGS);

  private CodePointOrder() {}

  /**
   * Compares two strings by code point: negative, zero or positive as {@code a} sorts before,
   * with or after {@code b}. (An unpaired surrogate, which no well-formed text holds, sorts
   * after U+FFFF.)
   *
   * @param a a string
   * @param b another string
   * @return the comparison
   */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Up to the first difference both strings agree, so x and y both start a code point
        // or both continue one; moving surrogates above U+FFFF's units orders them right.
        return Integer.compare(rank(x), rank(y));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** A UTF-16 unit's rank: surrogates after every other unit, others in their order. */
  private static int rank(char c) {
    if (c < Character.MIN_SURROGATE) {
      return c;
    }
    return Character.isSurrogate(c) ? c + 0x2000 : c - 0x800;
  }
}
