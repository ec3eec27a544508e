package io.github.agentfeedback.hooks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What the tests' logging (slf4j-simple, which writes to the current {@code System.err})
 * printed while an action ran.
 */
public final class CapturedLog {

  private CapturedLog() {}

  /** Runs {@code action} and returns the lines logged meanwhile. */
  public static synchronized List<String> during(Runnable action) {
    PrintStream previous = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(previous);
    }
    return Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\\R"))
        .filter(line -> !line.isEmpty()).toList();
  }
}
