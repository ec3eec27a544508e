package io.github.agentfeedback.hooks.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and replaces personal data in free text. Stateless and thread-safe.
 *
 * <p>Detection rules:
 * <ul>
 *   <li>E-mail: {@code local@domain.tld} with letters, digits and {@code ._%+-} in the local
 *       part (at most 64), domain labels of letters, digits and {@code -} (at most 63 each,
 *       starting with a letter or digit after the first) and a top-level domain of 2 to 24
 *       letters.
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
 * The rules are written for ASCII digits and punctuation; {@link #fold} makes the view of a
 * text they read, in which full-width forms and the digits of other scripts are ASCII, of
 * the text's {@link VisibleText visible text}, without the invisible format characters (a
 * zero-width space or a soft hyphen) that would split an address or a number; each method
 * replaces in the text as written what it finds in that view. Each method
 * returns the very same {@code String} instance when it replaced nothing, and takes time
 * linear in the length of the text: no pattern backtracks more than a fixed distance and
 * none recurses per repetition.
 */
public final class PiiScanner {

  /**
   * Every repetition is possessive, which java.util.regex runs as a loop: a greedy group
   * repetition would recurse once per label and overflow the stack on a domain of many
   * thousand labels. A label is taken only when a letter or digit follows its dot, so the
   * last label is left for the top-level domain.
   */
  static final Pattern EMAIL =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]{1,64}+@"
              + "(?:[\\p{L}\\p{N}-]{1,63}\\.(?=[\\p{L}\\p{N}]))++\\p{L}{2,24}"
              + "(?![\\p{L}\\p{N}-]|\\.[\\p{L}\\p{N}])");

  private static final Pattern DIGIT_SPAN = Pattern.compile("(?<![0-9])[0-9]++(?:[ -][0-9]++)*+");

  private static final Pattern PHONE =
      Pattern.compile(
          "(?<![\\w+])\\+?(?:\\(\\d{1,5}\\)|\\d{1,15})"
              + "(?:(?:[ .-]|(?<=\\)))(?:\\(\\d{1,5}\\)|\\d{1,15})|[ .-]?\\(\\d{1,5}\\)){0,7}(?!\\w)");

  /** {@link #candidates} bit: the text may hold an e-mail address. */
  public static final int EMAIL_CANDIDATE = 1;

  /** {@link #candidates} bit: the text may hold an IBAN. */
  public static final int IBAN_CANDIDATE = 1 << 1;

  /** {@link #candidates} bit: the text may hold a card number. */
  public static final int CARD_CANDIDATE = 1 << 2;

  /** {@link #candidates} bit: the text may hold a phone number. */
  public static final int PHONE_CANDIDATE = 1 << 3;

  private PiiScanner() {}

  /**
   * The view of a text that the detectors read, char for char as long as the text: each
   * full-width form of an ASCII char ({@code U+FF01}–{@code U+FF5E}, as typed with an East
   * Asian input method) as that char, the ideographic space as a space, and each decimal
   * digit of another script (Arabic-Indic, Devanagari, ...) as its ASCII digit. So an index
   * found in the view is the same index in the text.
   *
   * @param text any text
   * @return {@code text} itself if it holds none of those chars, else the view
   */
  public static String fold(String text) {
    int n = text.length();
    int i = 0;
    while (i < n && folded(text.charAt(i)) == text.charAt(i)) {
      i++;
    }
    if (i == n) {
      return text;
    }
    char[] view = text.toCharArray();
    for (; i < n; i++) {
      view[i] = folded(view[i]);
    }
    return new String(view);
  }

  /** The char {@link #fold} puts in place of {@code c}. */
  private static char folded(char c) {
    if (c < 0x80) {
      return c;
    }
    if (c >= '\uFF01' && c <= '\uFF5E') {
      return (char) (c - 0xFEE0);
    }
    if (c == '\u3000') {
      return ' ';
    }
    if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
      return (char) ('0' + Character.digit(c, 10));
    }
    return c;
  }

  /**
   * Which kinds of personal data the text may hold, found in one pass without allocating:
   * an e-mail address needs an {@code @}; an IBAN two letters and two digits starting a
   * word with at least 15 chars from there; a card number at least 13 digits in one span of
   * digits, spaces and hyphens; a phone number at least 10 digits, or a {@code +} and at
   * least 8, in one span of digits, spaces and {@code .-()+} (so a date has none). Each
   * detector finds nothing in text whose bit is clear, so text without candidates needs no
   * further pass. The text is read as its {@linkplain #fold view}, char by char, without
   * making the view; text holding an invisible character is read again as its visible text.
   *
   * @return a combination of the {@code _CANDIDATE} bits, 0 for none
   */
  public static int candidates(String text) {
    int found = candidatesIn(text);
    return found >= 0 ? found : candidatesIn(VisibleText.of(text).visible());
  }

  /**
   * {@link #candidates} of text without invisible characters; -1 at the first invisible
   * character met.
   */
  private static int candidatesIn(String text) {
    int n = text.length();
    int found = 0;
    int cardDigits = 0; // digits in the current span of digits, spaces and hyphens
    int phoneDigits = 0; // digits in the current span of digits, spaces and .-()+
    boolean plus = false; // whether that span holds a +
    for (int i = 0; i < n; i++) {
      char c = folded(text.charAt(i));
      if (c >= 0x80 && Text.isInvisible(text.codePointAt(i))) {
        return -1;
      }
      if (isAsciiDigit(c)) {
        if (++cardDigits >= 13) {
          found |= CARD_CANDIDATE;
        }
        if (++phoneDigits >= 10 || (plus && phoneDigits >= 8)) {
          found |= PHONE_CANDIDATE;
        }
        continue;
      }
      if (c != ' ' && c != '-') {
        cardDigits = 0;
        if (c == '+') {
          plus = true;
        } else if (c != '.' && c != '(' && c != ')') {
          phoneDigits = 0;
          plus = false;
        }
      }
      if (c == '@') {
        found |= EMAIL_CANDIDATE;
      } else if (isAsciiLetter(c)
          && (found & IBAN_CANDIDATE) == 0
          && i + 15 <= n
          && isAsciiLetter(folded(text.charAt(i + 1)))
          && isAsciiDigit(folded(text.charAt(i + 2)))
          && isAsciiDigit(folded(text.charAt(i + 3)))
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
        found |= IBAN_CANDIDATE;
      }
    }
    return found;
  }

  /**
   * Replaces e-mail addresses with {@code mark}, or with {@code shortMark} an address shorter
   * than {@code mark} in chars, code points or UTF-8 bytes (so that no text grows), as
   * {@code EMAIL.matcher(text).replaceAll} would, without searching the text at every index:
   * an address holds exactly one {@code @} and at most {@value #LOCAL_PART_MAX} code points
   * before it, so the search for the next address starts at most that far before the next
   * {@code @} that follows a local-part char. Each char is looked at a bounded number of
   * times. Found in {@code text}, the {@linkplain #fold view} of {@code source}'s visible
   * text, replaced in {@code source} as written.
   */
  public static String emails(String text, VisibleText source, String mark, String shortMark) {
    int at = text.indexOf('@');
    Matcher m = null;
    StringBuilder out = null;
    int copied = 0;
    int n = text.length();
    while (at >= 0) {
      int from = localPartStart(text, at, copied);
      if (from == at) { // nothing before this @ can start an address
        at = text.indexOf('@', at + 1);
        continue;
      }
      if (m == null) { // bounds transparent: the look-behind sees the text before the region
        m = EMAIL.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      }
      if (!m.region(from, n).find()) {
        break; // no address starts at or after from: none is left
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      source.copy(out, copied, m.start());
      out.append(fitting(mark, shortMark, source.visible(), m));
      copied = m.end();
      at = text.indexOf('@', copied);
    }
    if (out == null) {
      return source.original();
    }
    source.copy(out, copied, n);
    return out.toString();
  }

  /**
   * {@code mark}, or {@code shortMark} when {@code mark} is longer than the match in chars,
   * code points or UTF-8 bytes. A match of twice the chars of {@code mark} holds at least as
   * many code points and bytes as an ASCII mark: no copy of it is made.
   */
  private static String fitting(String mark, String shortMark, String source, Matcher m) {
    if (m.end() - m.start() >= 2 * mark.length()) {
      return mark;
    }
    return Text.longer(mark, source.substring(m.start(), m.end())) ? shortMark : mark;
  }

  /**
   * Where the run of local-part code points before the {@code @} at {@code at} starts,
   * looking back at most one code point more than a local part may hold, and not before
   * {@code limit}: no address using this {@code @} starts before it.
   */
  private static int localPartStart(String text, int at, int limit) {
    int start = at;
    for (int codePoints = 0; start > limit && codePoints <= LOCAL_PART_MAX; codePoints++) {
      int c = Character.codePointBefore(text, start);
      if (!isLocalPart(c)) {
        break;
      }
      start -= Character.charCount(c);
    }
    return start;
  }

  /** Longest local part of an address, in code points. */
  private static final int LOCAL_PART_MAX = 64;

  /** Whether a code point may be in a local part: {@code [\\p{L}\\p{N}._%+-]}. */
  private static boolean isLocalPart(int c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '%'
          || c == '+'
          || c == '-';
    }
    return Character.isLetter(c) || isUnicodeNumber(c);
  }

  private static boolean isUnicodeNumber(int cp) {
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /**
   * Replaces IBANs that pass the mod-97 check in {@code source} as written, found in the view
   * {@code text} of its visible text.
   */
  public static String ibans(String text, VisibleText source, String mark) {
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
      source.copy(out, copied, start);
      out.append(mark);
      copied = end;
      start = end;
    }
    if (out == null) {
      return source.original();
    }
    source.copy(out, copied, n);
    return out.toString();
  }

  /** Next index from {@code from} where two letters and two digits start a word, or -1. */
  private static int nextIbanStart(String text, int from) {
    int n = text.length();
    for (int i = from; i + 15 <= n; i++) {
      if (isAsciiLetter(text.charAt(i))
          && isAsciiLetter(folded(text.charAt(i + 1)))
          && isAsciiDigit(folded(text.charAt(i + 2)))
          && isAsciiDigit(folded(text.charAt(i + 3)))
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * End of the longest valid IBAN starting at {@code start}, or -1. Reads at most 34
   * letters and digits, keeping the mod-97 remainder of those after the first four, so each
   * candidate end is checked in constant time.
   */
  private static int ibanEnd(String text, int start) {
    int n = text.length();
    int best = -1;
    int count = 0;
    int remainder = 0;
    int i = start;
    while (i < n && count < 34) {
      char c = text.charAt(i);
      if (isAsciiAlnum(c)) {
        if (count >= 4) {
          remainder = Checksums.mod97(remainder, c);
        }
        count++;
        i++;
        boolean wordEnd = i == n || !Character.isLetterOrDigit(text.charAt(i));
        if (wordEnd && count >= 15 && ibanChecks(text, start, remainder)) {
          best = i;
        }
      } else if (c == ' ' && i + 1 < n && isAsciiAlnum(text.charAt(i + 1)) && i > start) {
        i++;
      } else {
        break;
      }
    }
    return best;
  }

  /** Whether the IBAN's first four chars, moved behind the rest, make the remainder 1. */
  private static boolean ibanChecks(String text, int start, int remainderOfRest) {
    int remainder = remainderOfRest;
    for (int k = start; k < start + 4; k++) {
      remainder = Checksums.mod97(remainder, text.charAt(k));
    }
    return remainder == 1;
  }

  /**
   * Replaces card numbers that pass the Luhn check in {@code source} as written, found in the
   * view {@code text} of its visible text.
   */
  public static String cards(String text, VisibleText source, String mark) {
    if (digits(text) < 13) {
      return source.original();
    }
    Matcher m = DIGIT_SPAN.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      int spanEnd = m.end();
      if (spanEnd - m.start() < 13 || (m.start() > 0 && text.charAt(m.start() - 1) == '+')) {
        continue; // too short, or an international phone number
      }
      int group = m.start();
      while (group < spanEnd) {
        int end = cardEnd(text, group, spanEnd);
        if (end < 0) {
          group = nextGroup(text, group, spanEnd);
          continue;
        }
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        source.copy(out, copied, group);
        out.append(mark);
        copied = end;
        group = end + 1; // past the separator
      }
    }
    if (out == null) {
      return source.original();
    }
    source.copy(out, copied, text.length());
    return out.toString();
  }

  /**
   * End of the longest card number made of whole digit groups from the group at
   * {@code from} (13 to 19 digits passing the Luhn check, not all one digit), or -1. Reads
   * at most 20 digits.
   */
  private static int cardEnd(String text, int from, int to) {
    Checksums.Luhn luhn = new Checksums.Luhn();
    int best = -1;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!isAsciiDigit(c)) {
        continue; // a separator between groups
      }
      luhn.append(c - '0');
      if (luhn.length() > 19) {
        break;
      }
      boolean groupEnd = i + 1 == to || !isAsciiDigit(text.charAt(i + 1));
      if (groupEnd && luhn.length() >= 13 && luhn.valid() && !luhn.allSame()) {
        best = i + 1;
      }
    }
    return best;
  }

  /** Start of the digit group after the one at {@code from}, or past {@code to}. */
  private static int nextGroup(String text, int from, int to) {
    int i = from;
    while (i < to && isAsciiDigit(text.charAt(i))) {
      i++;
    }
    return i + 1;
  }

  /**
   * Replaces phone numbers in {@code source} as written, found in the view {@code text} of its
   * visible text.
   */
  public static String phones(String text, VisibleText source, String mark) {
    if (digits(text) < 8) {
      return source.original();
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
      source.copy(out, copied, m.start());
      out.append(mark);
      copied = m.end();
    }
    if (out == null) {
      return source.original();
    }
    source.copy(out, copied, text.length());
    return out.toString();
  }

  private static final Pattern DATE_START =
      Pattern.compile(
          "\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}(?!\\d)|\\d{1,2}[-./]\\d{1,2}[-./]\\d{4}(?!\\d)");

  /**
   * Whether a phone-shaped match is really a date, or a date and time such as
   * {@code 2024-01-15 10:30} (the match then stops before {@code :30}).
   */
  private static boolean looksLikeDateOrTime(String text, int start, int end) {
    if (end + 1 < text.length()
        && text.charAt(end) == ':'
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
