package io.github.agentfeedback.benchmarks;

import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.PiiRedactionHook.Kind;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.SentimentHook;
import io.github.agentfeedback.hooks.SpamFilterHook;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * The text passes of the hooks take linear time on hostile input: each shape that used to
 * cost quadratic time (or overflow the stack) is processed at {@code n} and {@code 2n}
 * chars, and the time at {@code 2n} is about twice the time at {@code n} — a quadratic pass
 * would show four times. Times are sampled; {@link #main} compares the fastest pass at each
 * length (other load on the machine only ever adds time) and, for reference, the medians.
 *
 * <p>Run through {@link #main}, which prints the ratio per shape:
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar \
 *     io.github.agentfeedback.benchmarks.HostileInputBenchmark
 * </pre>
 * or as any JMH benchmark: {@code java -jar benchmarks/target/benchmarks.jar HostileInput}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 1)
public class HostileInputBenchmark {

  private static final SanitizingHook SANITIZING = SanitizingHook.defaults();
  private static final PiiRedactionHook REDACTION = PiiRedactionHook.defaults();
  private static final SpamFilterHook SPAM = SpamFilterHook.defaults();
  private static final SentimentHook SENTIMENT = SentimentHook.defaults();

  private static final Function<String, Object> SANITIZE = SANITIZING::sanitize;
  private static final Function<String, Object> REDACT = HostileInputBenchmark::redact;
  private static final Function<String, Object> SPAM_SIGNALS = SPAM::signals;
  private static final Function<String, Object> SENTIMENT_SCORE = SENTIMENT::score;

  /** A hostile shape of text of about {@code n} chars, and the pass it attacks. */
  @SuppressWarnings("ImmutableEnumChecker") // the functions are stateless method references
  public enum Shape {
    UNTERMINATED_TAG_NAME(SANITIZE, n -> "<a" + "b".repeat(n)),
    UNTERMINATED_TAGS(SANITIZE, n -> "<a".repeat(n / 2)),
    UNTERMINATED_END_TAGS(SANITIZE, n -> "</".repeat(n / 2)),
    UNTERMINATED_DECLARATIONS(SANITIZE, n -> "<!".repeat(n / 2)),
    UNTERMINATED_COMMENTS(SANITIZE, n -> "<!--".repeat(n / 4)),
    UNTERMINATED_CDATA(SANITIZE, n -> "<![CDATA[".repeat(n / 9)),
    UNCLOSED_QUOTES(SANITIZE, n -> "<a x=\"".repeat(n / 6)),
    QUOTED_GREATER_THAN(SANITIZE, n -> "<a x=\">\"".repeat(n / 8) + " y=\""),
    UNCLOSED_SCRIPT(SANITIZE, n -> "<script>" + "</scrip>".repeat(n / 8)),
    AMPERSAND_LETTERS(SANITIZE, n -> "&" + "x".repeat(n)),
    NUMERIC_REFERENCE_DIGITS(SANITIZE, n -> "&#" + "9".repeat(n)),
    ENCODED_AMPERSANDS(SANITIZE, n -> "&amp;".repeat(n / 5)),
    ENCODED_TAGS(SANITIZE, n -> "&lt;a".repeat(n / 5)),
    MARKUP_HIDING_REFERENCES(SANITIZE, n -> "&l<b></b>t;a".repeat(n / 12)),
    EMAIL_LABELS(REDACT, n -> "a@" + "b.".repeat(n / 2) + "cc"),
    EMAIL_LOCAL_PART(REDACT, n -> "a".repeat(n) + "@example.com"),
    DIGIT_GROUPS(REDACT, n -> "1 ".repeat(n / 2)),
    CARD_NUMBERS(REDACT, n -> "4111 1111 1111 1111, ".repeat(n / 21)),
    PHONE_GROUPS(REDACT, n -> "(1)".repeat(n / 3)),
    IBAN_WORDS(REDACT, n -> "AB12 ".repeat(n / 5)),
    REPEATED_LETTER(SPAM_SIGNALS, n -> "a".repeat(n)),
    LINKS(SPAM_SIGNALS, n -> "www.x ".repeat(n / 6)),
    INTENSIFIERS(SENTIMENT_SCORE, n -> "very ".repeat(n / 5) + "helpful");

    final Function<String, Object> pass;
    final IntFunction<String> text;

    Shape(Function<String, Object> pass, IntFunction<String> text) {
      this.pass = pass;
      this.text = text;
    }
  }

  /** The hostile shape. */
  @Param public Shape shape;

  /**
   * About how many chars: n and 2n. (Named so that it sorts after {@code shape}: JMH runs
   * both sizes of one shape one after the other, under the same load.)
   */
  @Param({"250000", "500000"})
  public int size;

  private String text;

  /** Builds the text once per trial. */
  @Setup(Level.Trial)
  public void text() {
    text = shape.text.apply(size);
  }

  /** One pass of the attacked hook over the text. */
  @Benchmark
  public Object pass() {
    return shape.pass.apply(text);
  }

  /**
   * Runs every shape at both lengths and prints, per shape, the fastest and the median pass
   * at each length and their ratios (2n over n).
   *
   * @param args ignored
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder().include(HostileInputBenchmark.class.getSimpleName()).build())
            .run();
    Map<String, Map<Integer, Statistics>> byShape = new TreeMap<>();
    for (RunResult r : results) {
      byShape
          .computeIfAbsent(r.getParams().getParam("shape"), k -> new TreeMap<>())
          .put(
              Integer.parseInt(r.getParams().getParam("size")),
              r.getPrimaryResult().getStatistics());
    }
    List<String> lines = new ArrayList<>();
    byShape.forEach(
        (shape, times) -> {
          List<Statistics> byLength = new ArrayList<>(times.values()); // shortest first
          Statistics small = byLength.get(0);
          Statistics large = byLength.get(byLength.size() - 1);
          lines.add(
              String.format(
                  Locale.ROOT,
                  "%-26s %9.0f %9.0f  ratio %.2f   %9.0f %9.0f  ratio %.2f",
                  shape,
                  small.getMin(),
                  large.getMin(),
                  large.getMin() / small.getMin(),
                  small.getPercentile(50),
                  large.getPercentile(50),
                  large.getPercentile(50) / small.getPercentile(50)));
        });
    System.out.println(
        "us per pass, n=" + length(byShape, 0) + " and 2n: fastest        " + "           median");
    lines.forEach(System.out::println);
  }

  private static int length(Map<String, Map<Integer, Statistics>> byShape, int index) {
    return new ArrayList<>(byShape.values().iterator().next().keySet()).get(index);
  }

  private static Object redact(String text) {
    return REDACTION.redact(text, EnumSet.noneOf(Kind.class));
  }
}
