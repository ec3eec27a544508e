package io.github.agentfeedback.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The {@code ```java} blocks of Markdown files, each made into a compilation unit and compiled
 * with {@link JavaCompiler}, with errors reported at the file and line of the Markdown.
 *
 * <p>A block's own {@code import} lines (its first lines) are its imports. The rest is either
 * statements, compiled as the body of a method, or, when a line starts a top-level type
 * ({@code class}, {@code interface}, {@code record}, {@code enum}), declarations compiled as
 * they are. What a reader does not need to see goes in an HTML comment on the line right
 * above the block, which Markdown renders as nothing:
 *
 * <pre>
 * &lt;!-- compiles with:
 * import io.github.agentfeedback.capture.FeedbackManager;
 * FeedbackManager manager;
 * class Stub { }
 * --&gt;
 * </pre>
 *
 * <p>There, {@code import} lines are imports; a line {@code Type name;} is a variable the
 * statements use, as made in an earlier block (a parameter of the method); from the first
 * line that starts a type on, the rest is declarations added to the compilation unit.
 */
final class MarkdownSnippets {

  /** The comment that gives a block its context. */
  static final String CONTEXT = "<!-- compiles with:";

  private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*java\\s*$");
  private static final Pattern CLOSE = Pattern.compile("^\\s*```\\s*$");
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+[\\w.*]+\\s*;\\s*$");
  private static final Pattern GIVEN =
      Pattern.compile("^\\s*([\\w.]+(?:<[\\w.<>, ?]+>)?(?:\\[\\])*)\\s+(\\w+)\\s*;\\s*$");
  private static final Pattern TYPE =
      Pattern.compile(
          "^(?:(?:public|abstract|final|sealed|static)\\s+)*(?:class|interface|record|enum)\\s");

  /** One line of a Markdown file. */
  record Line(int number, String text) {}

  /** A {@code ```java} block: where it is, its context comment's lines and its code lines. */
  record Snippet(String file, int line, List<Line> context, List<Line> code) {

    /** Where the block starts, as {@code file:line}. */
    String where() {
      return file + ":" + line;
    }
  }

  private MarkdownSnippets() {}

  /**
   * The {@code ```java} blocks of a Markdown file.
   *
   * @param name the name to report, such as {@code docs/mongodb.md}
   * @param markdown the file's text
   * @return the blocks in order
   * @throws IllegalArgumentException if a context comment is not right above a java block, or
   *     a block is not closed
   */
  static List<Snippet> parse(String name, String markdown) {
    List<String> lines = markdown.lines().toList();
    List<Snippet> snippets = new ArrayList<>();
    List<Line> context = List.of();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.trim().startsWith(CONTEXT)) {
        int begin = i + 1;
        context = new ArrayList<>();
        String rest = text.trim().substring(CONTEXT.length());
        for (int close = rest.indexOf("-->"); ; close = rest.indexOf("-->")) {
          String part = close >= 0 ? rest.substring(0, close) : rest;
          if (!part.isBlank()) {
            context.add(new Line(i + 1, part));
          }
          if (close >= 0) {
            break;
          }
          if (++i == lines.size()) {
            throw new IllegalArgumentException(name + ":" + begin + ": unclosed " + CONTEXT);
          }
          rest = lines.get(i);
        }
        if (i + 1 == lines.size() || !FENCE.matcher(lines.get(i + 1)).matches()) {
          throw new IllegalArgumentException(
              name
                  + ":"
                  + begin
                  + ": "
                  + CONTEXT
                  + " must be on the line right above a ```java block");
        }
        continue;
      }
      Matcher fence = FENCE.matcher(text);
      if (fence.matches()) {
        int indent = fence.group(1).length();
        int start = i + 1;
        List<Line> code = new ArrayList<>();
        for (i++; i < lines.size() && !CLOSE.matcher(lines.get(i)).matches(); i++) {
          String line = lines.get(i);
          code.add(
              new Line(
                  i + 1,
                  line.substring(Math.min(indent, line.length() - line.stripLeading().length()))));
        }
        if (i == lines.size()) {
          throw new IllegalArgumentException(name + ":" + start + ": unclosed ```java block");
        }
        snippets.add(new Snippet(name, start, context, code));
        context = List.of();
      }
    }
    return snippets;
  }

  /**
   * Compiles snippets, each as its own compilation unit in its own package.
   *
   * @param snippets the snippets
   * @param classpath the class path to compile against
   * @param out where class files go
   * @return per snippet, in order, its errors as {@code file:line: message}; empty when it
   *     compiles
   */
  static Map<Snippet, List<String>> compile(List<Snippet> snippets, String classpath, Path out) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no Java compiler: run the tests on a JDK, not a JRE");
    }
    Map<Snippet, List<String>> errors = new LinkedHashMap<>();
    List<String> options =
        List.of(
            "-classpath",
            classpath,
            "-d",
            out.toString(),
            "-proc:none",
            "-encoding",
            "UTF-8",
            "-nowarn");
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      // One task per snippet: javac stops before checking types when any unit of a task
      // has a syntax error, which would hide the other snippets' errors.
      for (int i = 0; i < snippets.size(); i++) {
        Unit unit = new Unit(snippets.get(i), "s" + i);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        javac.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
        List<String> found = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          if (d.getKind() == Diagnostic.Kind.ERROR) {
            found.add(
                unit.snippet.file()
                    + ":"
                    + unit.markdownLine(d)
                    + ": "
                    + d.getMessage(Locale.ROOT));
          }
        }
        errors.put(unit.snippet, found);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return errors;
  }

  /** A snippet as Java source, with the Markdown line of each of its lines. */
  private static final class Unit extends SimpleJavaFileObject {
    final Snippet snippet;
    private final List<String> source = new ArrayList<>();
    private final List<Integer> markdownLines = new ArrayList<>();

    Unit(Snippet snippet, String pkg) {
      super(
          URI.create("string:///snippets/" + pkg + "/" + typeName(snippet) + ".java"), Kind.SOURCE);
      this.snippet = snippet;
      add("package snippets." + pkg + ";", snippet.line());
      List<Line> givens = new ArrayList<>();
      List<Line> declarations = new ArrayList<>();
      for (Line line : snippet.context()) {
        if (!declarations.isEmpty() || TYPE.matcher(line.text().trim()).find()) {
          declarations.add(line);
        } else if (IMPORT.matcher(line.text()).matches()) {
          add(line);
        } else if (GIVEN.matcher(line.text()).matches()) {
          givens.add(line);
        } else if (!line.text().isBlank()) {
          throw new IllegalArgumentException(
              snippet.file()
                  + ":"
                  + line.number()
                  + ": not an import, a variable (Type name;) or a type: "
                  + line.text());
        }
      }
      int body = 0;
      while (body < snippet.code().size()
          && (snippet.code().get(body).text().isBlank()
              || IMPORT.matcher(snippet.code().get(body).text()).matches())) {
        add(snippet.code().get(body++));
      }
      List<Line> code = snippet.code().subList(body, snippet.code().size());
      if (code.stream().anyMatch(l -> TYPE.matcher(l.text()).find())) {
        code.forEach(this::add);
      } else {
        StringBuilder parameters = new StringBuilder();
        for (Line given : givens) {
          Matcher m = GIVEN.matcher(given.text());
          m.matches();
          parameters
              .append(parameters.length() == 0 ? "" : ", ")
              .append(m.group(1))
              .append(' ')
              .append(m.group(2));
        }
        add("class Snippet {", snippet.line());
        add("  void run(" + parameters + ") throws Exception {", snippet.line());
        code.forEach(this::add);
        add("  }", snippet.line());
        add("}", snippet.line());
      }
      declarations.forEach(this::add);
    }

    private static String typeName(Snippet snippet) {
      Pattern publicType =
          Pattern.compile(
              "^public\\s+(?:(?:abstract|final|sealed)\\s+)*"
                  + "(?:class|interface|record|enum)\\s+(\\w+)");
      for (Line line : snippet.code()) {
        Matcher m = publicType.matcher(line.text());
        if (m.find()) {
          return m.group(1);
        }
      }
      return "Snippet";
    }

    private void add(Line line) {
      add(line.text(), line.number());
    }

    private void add(String text, int markdownLine) {
      source.add(text);
      markdownLines.add(markdownLine);
    }

    int markdownLine(Diagnostic<?> d) {
      long line = d.getLineNumber();
      return line >= 1 && line <= markdownLines.size()
          ? markdownLines.get((int) line - 1)
          : snippet.line();
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return String.join("\n", source) + "\n";
    }
  }

  /**
   * The Markdown files to check: README.md and docs/*.md under the project's root.
   *
   * @param root the project's root
   * @return per file name relative to the root, its text
   */
  static Map<String, String> documentation(Path root) {
    Map<String, String> files = new LinkedHashMap<>();
    try {
      files.put("README.md", Files.readString(root.resolve("README.md")));
      try (var docs = Files.list(root.resolve("docs"))) {
        for (Path p : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
          files.put("docs/" + p.getFileName(), Files.readString(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
