package io.github.agentfeedback.hooks.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and replaces personal data in free text. Stateless and thread-safe.
 *
 * <p>Detection rules:
 * <ul>
 *   <li>E-mail: {@code local@domain.tld} with letters, digits and {@code ._%+-} in the local
 *       part.
 *   <li>IBAN: two letters, two digits, then 11 to 30 letters or digits, optionally in groups
 *       separated by single spaces, passing the mod-97 check. When trailing words would
 *       spoil the check, shorter prefixes ending at a space are tried.
 *   <li>Card: 13 to 19 digits, optionally in groups separated by single spaces or hyphens,
 *       passing the Luhn check and not all one digit, not preceded by {@code +}.
 *   <li>Phone: with a leading {@code +}, 8 to 15 digits; without, 10 or 11 digits written
 *       in at least two groups (separated by space, hyphen, dot or parentheses). Digit runs
 *       without any separator or {@code +} are not taken for phone numbers, so order
 *       numbers and dates survive; neither do dotted quads such as IP addresses.
 * </ul>
 * Each method returns the very same {@code String} instance when it replaced nothing.
 */
public final class PiiScanner {

  private static final Pattern EMAIL = Pattern.compile(
      "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]{1,64}+@"
          + "[\\p{L}\\p{N}-]{1,63}(?:\\.[\\p{L}\\p{N}-]{1,63})*\\.\\p{L}{2,24}"
          + "(?![\\p{L}\\p{N}-]|\\.[\\p{L}\\p{N}])");

  private static final Pattern DIGIT_SPAN = Pattern.compile("(?<![0-9])[0-9]++(?:[ -][0-9]++)*+");

  private static final Pattern PHONE = Pattern.compile(
      "(?<![\\w+])\\+?(?:\\(\\d{1,5}\\)|\\d{1,15})"
          + "(?:(?:[ .-]|(?<=\\)))(?:\\(\\d{1,5}\\)|\\d{1,15})|[ .-]?\\(\\d{1,5}\\)){0,7}(?!\\w)");

  private PiiScanner() {}

  /** Replaces e-mail addresses with {@code mark}. */
  public static String emails(String text, String mark) {
    if (text.indexOf('@') < 0) {
      return text;
    }
    Matcher m = EMAIL.matcher(text);
    if (!m.find()) {
      return text;
    }
    return m.replaceAll(Matcher.quoteReplacement(mark));
  }

  /** Replaces IBANs that pass the mod-97 check. */
  public static String ibans(String text, String mark) {
    StringBuilder out = null;
    int copied = 0;
    int n = text.length();
    int start = 0;
    while ((start = nextIbanStart(text, start)) >= 0) {
      int end = ibanEnd(text, start);
      if (end < 0) {
        start++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      out.append(text, copied, start).append(mark);
      copied = end;
      start = end;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  /** Next index from {@code from} where two letters and two digits start a word, or -1. */
  private static int nextIbanStart(String text, int from) {
    int n = text.length();
    for (int i = from; i + 15 <= n; i++) {
      if (isAsciiLetter(text.charAt(i)) && isAsciiLetter(text.charAt(i + 1))
          && isAsciiDigit(text.charAt(i + 2)) && isAsciiDigit(text.charAt(i + 3))
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
        return i;
      }
    }
    return -1;
  }

  /** End of the longest valid IBAN starting at {@code start}, or -1. */
  private static int ibanEnd(String text, int start) {
    StringBuilder compact = new StringBuilder(34);
    List<Integer> ends = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    int i = start;
    int n = text.length();
    while (i < n && compact.length() < 34) {
      char c = text.charAt(i);
      if (isAsciiAlnum(c)) {
        compact.append(c);
        i++;
        if (i == n || !isAsciiAlnum(text.charAt(i))) {
          ends.add(i);
          lengths.add(compact.length());
        }
      } else if (c == ' ' && i + 1 < n && isAsciiAlnum(text.charAt(i + 1)) && i > start) {
        i++;
      } else {
        break;
      }
    }
    for (int k = ends.size() - 1; k >= 0; k--) {
      int length = lengths.get(k);
      if (length >= 15 && Checksums.iban(compact.subSequence(0, length))) {
        int end = ends.get(k);
        if (end == n || !Character.isLetterOrDigit(text.charAt(end))) {
          return end;
        }
      }
    }
    return -1;
  }

  /** Replaces card numbers that pass the Luhn check. */
  public static String cards(String text, String mark) {
    if (digits(text) < 13) {
      return text;
    }
    Matcher m = DIGIT_SPAN.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      if (m.end() - m.start() < 13 || m.start() > 0 && text.charAt(m.start() - 1) == '+') {
        continue; // too short, or an international phone number
      }
      List<int[]> groups = groups(text, m.start(), m.end());
      int g = 0;
      while (g < groups.size()) {
        int match = cardWindow(text, groups, g);
        if (match < 0) {
          g++;
          continue;
        }
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, groups.get(g)[0]).append(mark);
        copied = groups.get(match)[1];
        g = match + 1;
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** Digit groups [start, end) within a span of digits separated by single ' ' or '-'. */
  private static List<int[]> groups(String text, int from, int to) {
    List<int[]> groups = new ArrayList<>();
    int i = from;
    while (i < to) {
      int start = i;
      while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        i++;
      }
      groups.add(new int[] {start, i});
      i++; // separator
    }
    return groups;
  }

  /** The last group of the longest card number starting at group {@code first}, or -1. */
  private static int cardWindow(String text, List<int[]> groups, int first) {
    StringBuilder digits = new StringBuilder(19);
    int best = -1;
    for (int g = first; g < groups.size(); g++) {
      int[] group = groups.get(g);
      digits.append(text, group[0], group[1]);
      if (digits.length() > 19) {
        break;
      }
      if (digits.length() >= 13 && Checksums.luhn(digits) && !allSame(digits)) {
        best = g;
      }
    }
    return best;
  }

  /** Replaces phone numbers. */
  public static String phones(String text, String mark) {
    if (digits(text) < 8) {
      return text;
    }
    Matcher m = PHONE.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      if (!isPhone(m.group()) || looksLikeDateOrTime(text, m.start(), m.end())) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, m.start()).append(mark);
      copied = m.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static final Pattern DATE_START = Pattern.compile(
      "\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}(?!\\d)|\\d{1,2}[-./]\\d{1,2}[-./]\\d{4}(?!\\d)");

  /**
   * Whether a phone-shaped match is really a date, or a date and time such as
   * {@code 2024-01-15 10:30} (the match then stops before {@code :30}).
   */
  private static boolean looksLikeDateOrTime(String text, int start, int end) {
    if (end + 1 < text.length() && text.charAt(end) == ':'
        && Character.isDigit(text.charAt(end + 1))) {
      return true;
    }
    return DATE_START.matcher(text).region(start, end).lookingAt();
  }

  private static boolean isPhone(String candidate) {
    int digits = 0;
    int groups = 0;
    boolean inGroup = false;
    boolean onlyDots = true;
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        if (!inGroup) {
          groups++;
          inGroup = true;
        }
      } else {
        inGroup = false;
        if (c != '.' && c != '+') {
          onlyDots = false;
        }
      }
    }
    if (candidate.charAt(0) == '+') {
      return digits >= 8 && digits <= 15;
    }
    if (onlyDots && groups >= 4) {
      return false; // an IP address or version number
    }
    return groups >= 2 && digits >= 10 && digits <= 11;
  }

  private static boolean allSame(CharSequence digits) {
    for (int i = 1; i < digits.length(); i++) {
      if (digits.charAt(i) != digits.charAt(0)) {
        return false;
      }
    }
    return true;
  }

  private static int digits(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (isAsciiDigit(text.charAt(i))) {
        count++;
      }
    }
    return count;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
