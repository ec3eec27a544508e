package io.github.agentfeedback.hooks.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns text that may hold HTML into plain text. Stateless and thread-safe.
 *
 * <p>The steps, in order:
 * <ol>
 *   <li>NUL characters are removed.
 *   <li>Character references are decoded ({@code &lt;}, {@code &#60;}, {@code &#x3c;},
 *       also without the trailing {@code ;} as browsers accept; a numeric reference takes
 *       all its digits, and one beyond Unicode becomes U+FFFD), then markup is stripped;
 *       the two repeat until nothing changes (at most {@link #MAX_ROUNDS} times), so that
 *       doubly encoded markup is stripped too.
 *   <li>Markup: comments {@code <!-- -->} are removed; {@code <![CDATA[x]]>} becomes
 *       {@code x}; {@code script}, {@code style} and other raw-text elements are removed
 *       with their content (an unclosed one swallows the rest of the text, as in a
 *       browser); any other tag is removed (block tags such as {@code <br>} or
 *       {@code <p>} leave a space). A tag ends at the first {@code >} outside a quoted
 *       attribute value. A tag, comment or CDATA section that never ends is kept as text.
 *   <li>The text is normalized to Unicode NFC, unless that would make it longer (a few
 *       characters, such as U+0958 or U+FB2C, decompose under NFC).
 *   <li>A {@code <} still followed by a letter, {@code /}, {@code !} or {@code ?} (the
 *       opener of a tag that never ends, such as {@code "<img src=x"}) becomes a space, so
 *       nothing tag-like survives: {@code "a<b"} becomes {@code "a b"}. A {@code <} followed
 *       by anything else, as in {@code "5 < 6"} or {@code "<3"}, stays.
 *   <li>Finally, with {@code collapseWhitespace}, runs of white space are collapsed.
 * </ol>
 * The result is plain text: it must still be escaped when rendered into HTML.
 *
 * <p>No step makes the text longer, in chars, code points or UTF-8 bytes: a reference is
 * never shorter than what it decodes to, markup is removed or becomes one space, a run of
 * white space becomes at most two chars, a tag opener's {@code <} is replaced in place, and
 * NFC is skipped where it would lengthen the text. So a text within a size limit stays
 * within it.
 *
 * <p>Every step takes time linear in the length of the text, whatever it holds: no step
 * searches the rest of the text again for each unterminated construct.
 */
@SuppressWarnings("EscapedEntity") // the javadoc shows character references as written
public final class HtmlText {

  /** How many decode-and-strip rounds run at most. */
  public static final int MAX_ROUNDS = 16;

  private static final Set<String> RAW_TEXT_ELEMENTS =
      Set.of(
          "script",
          "style",
          "iframe",
          "noscript",
          "noembed",
          "noframes",
          "object",
          "template",
          "xmp",
          "textarea",
          "title",
          "plaintext");

  private static final Set<String> BLOCK_ELEMENTS =
      Set.of(
          "br",
          "p",
          "div",
          "li",
          "ul",
          "ol",
          "dl",
          "dt",
          "dd",
          "tr",
          "td",
          "th",
          "table",
          "thead",
          "tbody",
          "tfoot",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "hr",
          "blockquote",
          "pre",
          "section",
          "article",
          "header",
          "footer",
          "nav",
          "aside",
          "main",
          "figure",
          "figcaption",
          "address",
          "caption",
          "form",
          "fieldset",
          "details",
          "summary");

  /** Names that browsers decode even without the trailing semicolon, longest first. */
  private static final String[] LEGACY_NAMES = {
    "nbsp", "quot", "amp", "lt", "gt", "QUOT", "AMP", "LT", "GT", "copy", "reg"
  };

  private static final Map<String, String> ENTITIES = entities();

  private HtmlText() {}

  /**
   * The plain text of {@code s}.
   *
   * @param s text that may hold markup and character references
   * @return plain text with no tag-like {@code <}, white space collapsed, never longer than
   *     {@code s}
   */
  public static String toPlainText(String s) {
    return toPlainText(s, true);
  }

  /**
   * The plain text of {@code s}, optionally keeping its white space as it is. Takes time
   * linear in the length of {@code s}: at most {@link #MAX_ROUNDS} rounds, each a fixed
   * number of passes that never rescan text.
   *
   * @param s text that may hold markup and character references
   * @param collapseWhitespace whether runs of white space are collapsed
   * @return plain text with no tag-like {@code <}, in NFC unless that would make it longer,
   *     never longer than {@code s}
   */
  public static String toPlainText(String s, boolean collapseWhitespace) {
    if (isPlainText(s, collapseWhitespace)) {
      return s;
    }
    String t = s.indexOf('\0') >= 0 ? s.replace("\0", "") : s;
    for (int round = 0; round < MAX_ROUNDS && mayHoldMarkup(t); round++) {
      String next = stripMarkup(decodeEntities(t));
      if (next.equals(t)) {
        break;
      }
      t = next;
    }
    if (!isNfc(t)) {
      String nfc = Normalizer.normalize(t, Normalizer.Form.NFC);
      if (!Text.longer(nfc, t)) {
        t = nfc;
      }
    }
    t = neutralizeTagOpeners(t);
    return collapseWhitespace ? Text.collapseWhitespace(t) : t;
  }

  /**
   * Whether {@link #toPlainText(String, boolean)} would return {@code s} unchanged, decided
   * in one pass without allocating: no NUL, {@code <} or {@code &}; with
   * {@code collapseWhitespace}, no white space at either end, in runs, or other than a space
   * or line feed; and in NFC. Text whose chars all lie below U+0300 is in NFC (no char there
   * decomposes or combines), so only other text is given to {@link Normalizer}.
   *
   * @param s any text
   * @param collapseWhitespace whether white space would be collapsed
   * @return true when sanitizing leaves {@code s} as it is
   */
  public static boolean isPlainText(String s, boolean collapseWhitespace) {
    int n = s.length();
    boolean previousSpace = false;
    boolean beyondLatin = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c > ' ' && c < 0x7F) { // printable ASCII: the common case
        if (c == '<' || c == '&') {
          return false;
        }
        previousSpace = false;
      } else if (c == '\0') {
        return false;
      } else if (Text.isSpace(c)) {
        if (collapseWhitespace
            && (i == 0 || i == n - 1 || previousSpace || (c != ' ' && c != '\n'))) {
          return false;
        }
        previousSpace = true;
      } else {
        previousSpace = false;
        beyondLatin |= c >= NFC_STABLE_BELOW;
      }
    }
    return !beyondLatin || Normalizer.isNormalized(s, Normalizer.Form.NFC);
  }

  /** Whether {@code s} is in NFC, asking {@link Normalizer} only when a char may change. */
  private static boolean isNfc(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= NFC_STABLE_BELOW) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFC);
      }
    }
    return true;
  }

  /**
   * Chars below this one (Basic Latin to Spacing Modifier Letters) never change under NFC,
   * alone or next to each other; combining marks start here.
   */
  static final char NFC_STABLE_BELOW = '\u0300';

  /** Whether {@code s} has a {@code <} followed by a letter, {@code /}, {@code !} or {@code ?}. */
  public static boolean hasTagOpener(String s) {
    for (int i = s.indexOf('<'); i >= 0 && i + 1 < s.length(); i = s.indexOf('<', i + 1)) {
      if (opensTag(s.charAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a decode-and-strip round could change {@code s}: it holds a {@code <} opening a
   * tag, comment or CDATA section, or an {@code &} followed by {@code #}, a letter or a digit
   * (a possible reference). One pass; anything else is copied by a round as it is.
   */
  private static boolean mayHoldMarkup(String s) {
    int n = s.length();
    for (int i = 0; i + 1 < n; i++) {
      char c = s.charAt(i);
      if ((c == '<' && opensTag(s.charAt(i + 1)))
          || (c == '&' && (s.charAt(i + 1) == '#' || Character.isLetterOrDigit(s.charAt(i + 1))))) {
        return true;
      }
    }
    return false;
  }

  private static boolean opensTag(char c) {
    return Character.isLetter(c) || c == '/' || c == '!' || c == '?';
  }

  /**
   * Replaces each {@code <} that opens a tag by a space, in place: the text keeps its length,
   * and a space cannot combine with what follows into a new tag opener.
   */
  private static String neutralizeTagOpeners(String s) {
    if (!hasTagOpener(s)) {
      return s;
    }
    char[] chars = s.toCharArray();
    for (int i = 0; i + 1 < chars.length; i++) {
      if (chars[i] == '<' && opensTag(chars[i + 1])) {
        chars[i] = ' ';
      }
    }
    return new String(chars);
  }

  // ---------------------------------------------------------------- markup

  /** Removes comments, CDATA markers, raw-text elements and tags, in one pass. */
  static String stripMarkup(String s) {
    int lt = s.indexOf('<');
    return lt < 0 ? s : new MarkupStripper(s).strip(lt);
  }

  /**
   * One left-to-right pass over a text. Every look ahead (for {@code -->}, {@code ]]>} or the
   * {@code >} ending a tag) is answered from what an earlier look ahead already found, so a
   * text full of unterminated constructs ({@code "<a<a<a"}, {@code "<!--<!--"}) costs linear
   * time, not a scan to the end of the text per construct. Used by one thread, once.
   */
  private static final class MarkupStripper {
    private final String s;
    private final int n;
    private final ForwardSearch commentEnd;
    private final ForwardSearch cdataEnd;
    private final ForwardSearch greaterThan;
    private int @Nullable [] quoteAwareEnds; // made when first needed

    MarkupStripper(String s) {
      this.s = s;
      this.n = s.length();
      this.commentEnd = new ForwardSearch(s, "-->");
      this.cdataEnd = new ForwardSearch(s, "]]>");
      this.greaterThan = new ForwardSearch(s, ">");
    }

    String strip(int lt) {
      StringBuilder out = new StringBuilder(n);
      out.append(s, 0, lt);
      int i = lt;
      while (i < n) {
        if (s.charAt(i) != '<' || i + 1 >= n || !opensTag(s.charAt(i + 1))) {
          int next = s.indexOf('<', i + 1);
          int to = next < 0 ? n : next;
          out.append(s, i, to);
          i = to;
          continue;
        }
        if (s.startsWith("<!--", i)) {
          int end = commentEnd.from(i + 4);
          if (end >= 0) {
            i = end + 3;
            continue;
          }
        } else if (s.regionMatches(true, i, "<![CDATA[", 0, 9)) {
          int end = cdataEnd.from(i + 9);
          if (end >= 0) {
            out.append(s, i + 9, end);
            i = end + 3;
            continue;
          }
        }
        int tagEnd = tagEnd(i);
        if (tagEnd < 0) {
          out.append('<'); // unterminated: kept as text, neutralized at the end
          i++;
          continue;
        }
        String name = tagName(s, i + 1, tagEnd);
        boolean closing = s.charAt(i + 1) == '/';
        if (!closing && RAW_TEXT_ELEMENTS.contains(name)) {
          i = skipRawText(s, tagEnd + 1, name);
          out.append(' ');
          continue;
        }
        if (BLOCK_ELEMENTS.contains(name)) {
          out.append(' ');
        }
        i = tagEnd + 1;
      }
      return out.toString();
    }

    /**
     * Index of the {@code >} closing the tag opened at {@code start}, or -1: the first
     * {@code >} outside a quoted attribute value ({@code ="..."} or {@code ='...'}); if a
     * quote opened that way never closes, the first {@code >} after {@code start} (a browser
     * would swallow the rest of the text instead).
     */
    private int tagEnd(int start) {
      int greater = greaterThan.from(start + 1);
      if (greater < 0 || !hasQuote(start + 1, greater)) {
        return greater; // no quote before the first >: that > ends the tag, if any
      }
      int end = -1;
      if (start + 1 < n) {
        if (quoteAwareEnds == null) {
          quoteAwareEnds = quoteAwareEnds(s);
        }
        end = quoteAwareEnds[start + 1];
      }
      return end >= 0 ? end : greater;
    }

    /**
     * Whether a {@code "} or {@code '} lies in {@code [from, to)}. The text scanned is the
     * tag that is then skipped, so each char is scanned once.
     */
    private boolean hasQuote(int from, int to) {
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * For every index {@code i}, where a scan from {@code i} outside quotes first meets a
   * {@code >} outside quotes, or -1 if it reaches the end or a quote that never closes. A
   * quote opens only right after {@code =} and closes at the next same quote. Computed from
   * the end of the text backwards, each entry from one later entry: linear time.
   */
  private static int[] quoteAwareEnds(String s) {
    int n = s.length();
    int[] ends = new int[n + 1];
    ends[n] = -1;
    int nextDouble = -1;
    int nextSingle = -1;
    for (int i = n - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c == '>') {
        ends[i] = i;
      } else if ((c == '"' || c == '\'') && i > 0 && s.charAt(i - 1) == '=') {
        int close = c == '"' ? nextDouble : nextSingle;
        ends[i] = close < 0 ? -1 : ends[close + 1];
      } else {
        ends[i] = ends[i + 1];
      }
      if (c == '"') {
        nextDouble = i;
      } else if (c == '\'') {
        nextSingle = i;
      }
    }
    return ends;
  }

  /**
   * Finds a string at or after positions that only move forward, searching the text at most
   * about once in all: an answer still ahead of the new position, or "not found", is reused.
   */
  private static final class ForwardSearch {
    private final String s;
    private final String target;
    private int searchedFrom = -1;
    private int found = -1;

    ForwardSearch(String s, String target) {
      this.s = s;
      this.target = target;
    }

    int from(int index) {
      boolean reusable =
          searchedFrom >= 0 && index >= searchedFrom && (found < 0 || found >= index);
      if (!reusable) {
        searchedFrom = index;
        found = s.indexOf(target, index);
      }
      return found;
    }
  }

  /** Longest element name looked up; longer names are no element this class knows. */
  private static final int MAX_NAME_LENGTH = 16;

  /** The raw-text and block element names by length, to look a name up in place. */
  private static final String[][] KNOWN_BY_LENGTH = knownByLength();

  private static String[][] knownByLength() {
    List<String> names = new ArrayList<>(RAW_TEXT_ELEMENTS);
    names.addAll(BLOCK_ELEMENTS);
    String[][] byLength = new String[MAX_NAME_LENGTH + 1][];
    for (int length = 0; length <= MAX_NAME_LENGTH; length++) {
      int l = length;
      byLength[length] = names.stream().filter(name -> name.length() == l).toArray(String[]::new);
    }
    return byLength;
  }

  /**
   * The tag name starting at {@code from} (after an optional '/'), before {@code end}, if
   * it is a raw-text or block element: that name in lower case; otherwise "". An ASCII
   * name is looked up in place, without a copy.
   */
  private static String tagName(String s, int from, int end) {
    int i = from;
    if (i < end && s.charAt(i) == '/') {
      i++;
    }
    int start = i;
    boolean ascii = true;
    while (i < end && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-')) {
      if (i - start == MAX_NAME_LENGTH) {
        return "";
      }
      ascii &= s.charAt(i) < 0x80;
      i++;
    }
    if (!ascii) { // case mapping beyond ASCII may change the length: map the copy
      String name = s.substring(start, i).toLowerCase(Locale.ROOT);
      return RAW_TEXT_ELEMENTS.contains(name) || BLOCK_ELEMENTS.contains(name) ? name : "";
    }
    for (String known : KNOWN_BY_LENGTH[i - start]) {
      if (s.regionMatches(true, start, known, 0, known.length())) {
        return known;
      }
    }
    return "";
  }

  /**
   * Skips raw text up to and including {@code </name ...>}; the end of text if unclosed.
   * Scans only what it skips.
   */
  private static int skipRawText(String s, int from, String name) {
    int n = s.length();
    for (int j = s.indexOf('<', from); j >= 0; j = s.indexOf('<', j + 1)) {
      int after = j + 2 + name.length();
      if (after <= n
          && s.charAt(j + 1) == '/'
          && s.regionMatches(true, j + 2, name, 0, name.length())
          && (after == n || !Character.isLetterOrDigit(s.charAt(after)))) {
        int close = s.indexOf('>', after);
        return close < 0 ? n : close + 1;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- entities

  /**
   * Decodes character references in one pass. A reference that decodes to {@code &} is read
   * again with the text after it, so {@code &amp;amp;lt;} becomes {@code <} in one pass.
   * Each char is read a bounded number of times: linear time.
   */
  static String decodeEntities(String s) {
    int amp = s.indexOf('&');
    if (amp < 0) {
      return s;
    }
    int n = s.length();
    StringBuilder out = new StringBuilder(n);
    out.append(s, 0, amp);
    StringBuilder decoded = new StringBuilder(2);
    int i = amp;
    int readAsAmp = -1; // the index read as '&': where a reference decoded to one ends
    while (i < n) {
      char c = i == readAsAmp ? '&' : s.charAt(i);
      if (c != '&' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      decoded.setLength(0);
      // Both read only after i, so the '&' read at i needs no copy of the text.
      int consumed = s.charAt(i + 1) == '#' ? numeric(s, i, decoded) : named(s, i, decoded);
      if (consumed == 0) {
        out.append(c);
        i++;
      } else if (decoded.length() == 1 && decoded.charAt(0) == '&') {
        i += consumed - 1;
        readAsAmp = i; // read again together with what follows
      } else {
        out.append(decoded);
        i += consumed;
      }
    }
    return out.toString();
  }

  /**
   * Decodes {@code &#...;} at {@code i}, consuming all its digits (a value beyond Unicode
   * becomes U+FFFD); returns the chars consumed, 0 if none.
   */
  private static int numeric(String s, int i, StringBuilder out) {
    int n = s.length();
    int j = i + 2;
    boolean hex = j < n && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
    if (hex) {
      j++;
    }
    int digitsStart = j;
    long value = 0;
    while (j < n) {
      int d = Character.digit(s.charAt(j), hex ? 16 : 10);
      if (d < 0) {
        break;
      }
      if (value <= Character.MAX_CODE_POINT) {
        value = value * (hex ? 16 : 10) + d;
      }
      j++;
    }
    if (j == digitsStart) {
      return 0;
    }
    if (j < n && s.charAt(j) == ';') {
      j++;
    }
    // Control characters (other than tab and line breaks) never come out of a reference:
    // a validated comment must not gain them by being sanitized.
    boolean control =
        value < 0x20
            ? value != '\t' && value != '\n' && value != '\r'
            : value >= 0x7F && value <= 0x9F;
    boolean valid =
        value > 0
            && value <= Character.MAX_CODE_POINT
            && !control
            && !(value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE);
    out.appendCodePoint(valid ? (int) value : 0xFFFD);
    return j - i;
  }

  /** Longest entity name read. */
  private static final int MAX_ENTITY_NAME = 32;

  /** Decodes {@code &name;} at {@code i}; returns the chars consumed, 0 if none. */
  private static int named(String s, int i, StringBuilder out) {
    int n = s.length();
    int j = i + 1;
    while (j < n && j - i <= MAX_ENTITY_NAME && Character.isLetterOrDigit(s.charAt(j))) {
      j++;
    }
    if (j == i + 1) {
      return 0;
    }
    String name = s.substring(i + 1, j);
    if (j < n && s.charAt(j) == ';') {
      String value = ENTITIES.get(name);
      if (value != null) {
        out.append(value);
        return j + 1 - i;
      }
    }
    for (String legacy : LEGACY_NAMES) {
      if (name.startsWith(legacy)) {
        out.append(ENTITIES.get(legacy));
        return 1 + legacy.length();
      }
    }
    return 0;
  }

  private static Map<String, String> entities() {
    Map<String, String> m = new HashMap<>();
    String[][] pairs = {
      {"lt", "<"},
      {"gt", ">"},
      {"amp", "&"},
      {"quot", "\""},
      {"apos", "'"},
      {"LT", "<"},
      {"GT", ">"},
      {"AMP", "&"},
      {"QUOT", "\""},
      {"nbsp", "\u00a0"},
      {"sol", "/"},
      {"bsol", "\\"},
      {"lpar", "("},
      {"rpar", ")"},
      {"colon", ":"},
      {"semi", ";"},
      {"comma", ","},
      {"period", "."},
      {"excl", "!"},
      {"quest", "?"},
      {"num", "#"},
      {"equals", "="},
      {"plus", "+"},
      {"percnt", "%"},
      {"lsqb", "["},
      {"rsqb", "]"},
      {"lbrack", "["},
      {"rbrack", "]"},
      {"lcub", "{"},
      {"rcub", "}"},
      {"lbrace", "{"},
      {"rbrace", "}"},
      {"grave", "`"},
      {"Hat", "^"},
      {"lowbar", "_"},
      {"verbar", "|"},
      {"vert", "|"},
      {"ast", "*"},
      {"dollar", "$"},
      {"commat", "@"},
      {"Tab", "\t"},
      {"NewLine", "\n"},
      {"copy", "\u00a9"},
      {"reg", "\u00ae"},
      {"trade", "\u2122"},
      {"hellip", "\u2026"},
      {"mdash", "\u2014"},
      {"ndash", "\u2013"},
      {"lsquo", "\u2018"},
      {"rsquo", "\u2019"},
      {"ldquo", "\u201c"},
      {"rdquo", "\u201d"},
      {"laquo", "\u00ab"},
      {"raquo", "\u00bb"},
      {"euro", "\u20ac"},
      {"pound", "\u00a3"},
      {"yen", "\u00a5"},
      {"cent", "\u00a2"},
      {"deg", "\u00b0"},
      {"times", "\u00d7"},
      {"divide", "\u00f7"},
      {"middot", "\u00b7"},
      {"bull", "\u2022"},
      {"shy", "\u00ad"},
      {"iexcl", "\u00a1"},
      {"iquest", "\u00bf"},
      {"sect", "\u00a7"},
      {"para", "\u00b6"},
      {"larr", "\u2190"},
      {"rarr", "\u2192"},
      {"hearts", "\u2665"},
    };
    for (String[] p : pairs) {
      m.put(p[0], p[1]);
    }
    return Map.copyOf(m);
  }
}
