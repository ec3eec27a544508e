package io.github.agentfeedback.hooks.internal;

/**
 * A text as {@link PiiScanner}'s detectors read it, without its {@linkplain Text#isInvisible
 * invisible format characters} (zero-width space and joiners, soft hyphen, word joiner, byte
 * order mark, direction marks), so that one inside an address or a number does not hide it;
 * and the way back to the text as written, so that what is not replaced keeps them.
 * Immutable and thread-safe.
 */
public final class VisibleText {

  private final String original;
  private final String visible;
  // The index in original of each char of visible; empty when visible is original.
  private final int[] at;

  private VisibleText(String original, String visible, int[] at) {
    this.original = original;
    this.visible = visible;
    this.at = at;
  }

  /**
   * The visible text of {@code text}: {@code text} itself, without a copy, when it holds no
   * invisible character (every ASCII text).
   */
  public static VisibleText of(String text) {
    int n = text.length();
    int first = 0;
    while (first < n && !isInvisibleAt(text, first)) {
      first++;
    }
    if (first == n) {
      return new VisibleText(text, text, NONE);
    }
    StringBuilder visible = new StringBuilder(n);
    int[] at = new int[n];
    visible.append(text, 0, first);
    for (int i = 0; i < first; i++) {
      at[i] = i;
    }
    for (int i = first; i < n; ) {
      int c = text.codePointAt(i);
      int next = i + Character.charCount(c);
      if (!Text.isInvisible(c)) {
        for (int k = i; k < next; k++) {
          at[visible.length()] = k;
          visible.append(text.charAt(k));
        }
      }
      i = next;
    }
    return new VisibleText(text, visible.toString(), at);
  }

  private static final int[] NONE = new int[0];

  private static boolean isInvisibleAt(String text, int i) {
    return text.charAt(i) >= 0x80 && Text.isInvisible(text.codePointAt(i));
  }

  /** The text as written. */
  public String original() {
    return original;
  }

  /** The text without its invisible characters: what the detectors read. */
  public String visible() {
    return visible;
  }

  /**
   * Appends to {@code out} the text as written that lies between the visible indices
   * {@code from} and {@code to}: from just after the visible char before {@code from} (the
   * last one of what was replaced there) to the visible char at {@code to} (the first one of
   * what is replaced next), so that only the invisible characters inside a replaced span go
   * with it.
   */
  public void copy(StringBuilder out, int from, int to) {
    if (at.length == 0) { // nothing invisible: the same text
      out.append(original, from, to);
      return;
    }
    int start = from == 0 ? 0 : at[from - 1] + 1;
    int end = to == visible.length() ? original.length() : at[to];
    out.append(original, start, end);
  }
}
