package io.github.agentfeedback.export.internal;

import java.io.IOException;
import java.io.Writer;

/**
 * Passes text on to a writer and counts what the writer accepted: its size in UTF-8 bytes
 * and its line ends. The JSONL writer escapes every line end inside a row, so the line ends
 * counted are the rows the writer received. Closing it flushes the target without closing
 * it. Not thread-safe.
 */
final class CountingWriter extends Writer {

  private final Writer out;
  private long bytes;
  private long lines;

  CountingWriter(Writer out) {
    this.out = out;
  }

  @Override
  public void write(char[] chars, int off, int len) throws IOException {
    out.write(chars, off, len);
    for (int i = off, end = off + len; i < end; i++) {
      char c = chars[i];
      if (c < 0x80) {
        bytes++;
        if (c == '\n') {
          lines++;
        }
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2; // a surrogate pair is 4 bytes
      } else {
        bytes += 3;
      }
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }

  long bytes() {
    return bytes;
  }

  long lines() {
    return lines;
  }
}
