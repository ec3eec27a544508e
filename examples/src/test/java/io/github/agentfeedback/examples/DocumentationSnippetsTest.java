package io.github.agentfeedback.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.agentfeedback.examples.MarkdownSnippets.Snippet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of README.md and docs/*.md compiles against the published modules, with
 * the imports it shows and the context its {@code <!-- compiles with: -->} comment gives (see
 * {@link MarkdownSnippets}): what a user copies works. A snippet that does not compile fails
 * its own test, named by the file and line of the block, with each error at its Markdown
 * line.
 */
class DocumentationSnippetsTest {

  @TestFactory
  Stream<DynamicTest> everyJavaSnippetCompiles(@TempDir Path out) {
    List<Snippet> snippets = new ArrayList<>();
    MarkdownSnippets.documentation(root())
        .forEach((file, text) -> snippets.addAll(MarkdownSnippets.parse(file, text)));
    assertThat(snippets).extracting(Snippet::file).contains("README.md", "docs/mongodb.md");

    Map<Snippet, List<String>> errors = MarkdownSnippets.compile(snippets, classpath(), out);
    return errors.entrySet().stream()
        .map(
            e ->
                dynamicTest(
                    e.getKey().where(),
                    () -> {
                      if (!e.getValue().isEmpty()) {
                        fail(
                            "the snippet at "
                                + e.getKey().where()
                                + " does not compile:\n"
                                + String.join("\n", e.getValue()));
                      }
                    }));
  }

  @Test
  void aSnippetThatDoesNotCompileIsReportedAtItsMarkdownLine(@TempDir Path out) {
    String markdown =
        """
        # Title

        <!-- compiles with:
        import java.util.List;
        List<String> names;
        -->
        ```java
        int n = names.size();
        String s = n;
        ```
        """;
    List<Snippet> snippets = MarkdownSnippets.parse("bad.md", markdown);
    assertThat(snippets).singleElement().extracting(Snippet::where).isEqualTo("bad.md:7");
    assertThat(MarkdownSnippets.compile(snippets, classpath(), out).get(snippets.get(0)))
        .singleElement()
        .asString()
        .startsWith("bad.md:9: incompatible types");
  }

  @Test
  void declarationsWithImportsAndStubsCompileAsTheyAre(@TempDir Path out) {
    String markdown =
        """
        <!-- compiles with:
        class Greeting {
          static String of(String name) { return "hi " + name; }
        }
        -->
        ```java
        import java.util.function.Supplier;

        class Hello implements Supplier<String> {
          @Override
          public String get() {
            return Greeting.of("you");
          }
        }
        ```
        """;
    List<Snippet> snippets = MarkdownSnippets.parse("good.md", markdown);
    assertThat(MarkdownSnippets.compile(snippets, classpath(), out).get(snippets.get(0))).isEmpty();
  }

  @Test
  void aContextCommentAwayFromItsBlockIsRefused() {
    assertThatThrownBy(
            () ->
                MarkdownSnippets.parse(
                    "stray.md",
                    """
        text
        <!-- compiles with: String name; -->

        ```java
        name.length();
        ```
        """))
        .hasMessageStartingWith("stray.md:2: <!-- compiles with:");
    assertThatThrownBy(() -> MarkdownSnippets.parse("open.md", "```java\nint a;\n"))
        .hasMessageStartingWith("open.md:1: unclosed");
  }

  /** The class path of this test run: the modules and their dependencies. */
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /** The project's root: set by the build, or found above the working directory. */
  private static Path root() {
    String set = System.getProperty("agentfeedback.root");
    if (set != null) {
      return Path.of(set);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("no README.md and docs/ above " + Path.of("").toAbsolutePath());
  }
}
