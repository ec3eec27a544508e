package io.github.agentfeedback.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The store's table names, and the schema scripts with them filled in.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sessions the sessions table
 * @param feedback the feedback table
 */
public record Tables(String sessions, String feedback) {

  /**
   * What a table name may be: an unquoted SQL identifier in lower case (so that PostgreSQL's
   * folding cannot change it), at most 48 chars (index names add a suffix to it).
   */
  public static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

  /**
   * Checks a table name.
   *
   * @param setting the builder setting, named in the message
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException if the name is not an identifier as {@link #IDENTIFIER}
   *     says
   */
  public static String check(String setting, String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          setting
              + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 48 chars), was '"
              + name
              + "'");
    }
    return name;
  }

  /**
   * The statements of a script in this jar with the table names filled in: the script split
   * at each {@code ;} that ends a line, comments left out.
   *
   * @param resource the script's name beside {@code JdbcFeedbackStore}
   * @return the statements, in order
   */
  public List<String> script(Class<?> owner, String resource) {
    String text;
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " beside " + owner);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text = text.replace("${sessions_table}", sessions).replace("${feedback_table}", feedback);
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    return statements;
  }
}
