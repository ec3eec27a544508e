package io.github.agentfeedback.export.internal;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import org.jspecify.annotations.Nullable;

/**
 * JSON's escapes plus {@code \}{@code uXXXX} for every other control character (U+007F to
 * U+009F) and for U+2028 and U+2029, which some readers take for line ends. No raw
 * character that any reader may split lines on is left inside a JSONL line.
 */
final class JsonlEscapes extends CharacterEscapes {

  private static final long serialVersionUID = 1L;

  private static final int FIRST_C1 = 0x80;
  private static final int LAST_C1 = 0x9F;
  private static final int LINE_SEPARATOR = 0x2028;
  private static final int PARAGRAPH_SEPARATOR = 0x2029;

  private final int[] ascii;
  private final SerializableString[] c1 = new SerializableString[LAST_C1 - FIRST_C1 + 1];
  private final SerializableString lineSeparator = escape(LINE_SEPARATOR);
  private final SerializableString paragraphSeparator = escape(PARAGRAPH_SEPARATOR);

  JsonlEscapes() {
    ascii = standardAsciiEscapesForJSON();
    ascii[0x7F] = ESCAPE_STANDARD;
    for (int ch = FIRST_C1; ch <= LAST_C1; ch++) {
      c1[ch - FIRST_C1] = escape(ch);
    }
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii;
  }

  @Override
  public @Nullable SerializableString getEscapeSequence(int ch) {
    if (ch >= FIRST_C1 && ch <= LAST_C1) {
      return c1[ch - FIRST_C1];
    }
    if (ch == LINE_SEPARATOR) {
      return lineSeparator;
    }
    return ch == PARAGRAPH_SEPARATOR ? paragraphSeparator : null;
  }

  /** The escape as Jackson writes its own: upper-case hex digits. */
  private static SerializableString escape(int ch) {
    return new SerializedString(String.format("\\u%04X", ch));
  }
}
