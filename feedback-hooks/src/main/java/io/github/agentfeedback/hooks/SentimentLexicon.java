package io.github.agentfeedback.hooks;

import io.github.agentfeedback.hooks.internal.Text;
import io.github.agentfeedback.hooks.internal.Words;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Word weights for a small lexicon-based sentiment score, as used by {@link SentimentHook}.
 *
 * <p>{@link #defaults()} is the lexicon bundled with agent-feedback (a few hundred English
 * words, tuned for feedback on an agent's answers); {@link #parse(Reader)} reads one in the
 * same format:
 * <pre>
 * # comment
 * [words]
 * helpful 2
 * wrong -2
 * [intensifiers]
 * very 1.5
 * [negations]
 * not
 * </pre>
 * Word weights range from -3 to 3 by convention; intensifier factors are positive.
 *
 * <p>{@link #score(String)} works like this: the text is folded as {@link SpamFilterHook}'s
 * phrases are (compatibility forms such as full-width letters to the plain letters, NFKC;
 * lower case; invisible format characters such as a zero-width space or a soft hyphen
 * dropped, so that they split no word) and split into words and clause punctuation. A word
 * is a run of letters, digits and combining marks, with an apostrophe or a hyphen inside it
 * kept ("didn't", "well-written"); the lexicon's own words are folded the same way. A
 * sentiment word adds its weight, times the factors of the intensifiers right before it
 * ("very helpful"). A negation (a listed word or any word ending in {@code n't}) flips, and
 * damps by 0.75, the sentiment words among the next three words of the same clause ("not
 * helpful", "not bad"). After "but", earlier words count half
 * and later words one and a half. A word not found is tried without a trailing {@code s} or
 * {@code ly}. The sum {@code s} is mapped to -1..1 with {@code s / sqrt(s² + 15)} (±1 when
 * intensifiers make it overflow).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class SentimentLexicon {

  private static final String RESOURCE = "sentiment-lexicon.txt";
  private static final double NEGATION_FACTOR = -0.75;
  private static final int NEGATION_SCOPE = 3;
  private static final double SQRT_ALPHA = Math.sqrt(15);

  private final Map<String, Double> words;
  private final Map<String, Double> intensifiers;
  private final Set<String> negations;

  private SentimentLexicon(
      Map<String, Double> words, Map<String, Double> intensifiers, Set<String> negations) {
    this.words = Map.copyOf(words);
    this.intensifiers = Map.copyOf(intensifiers);
    this.negations = Set.copyOf(negations);
  }

  /**
   * The lexicon bundled with agent-feedback, read once.
   *
   * @return the shared default lexicon
   */
  public static SentimentLexicon defaults() {
    return Default.INSTANCE;
  }

  /**
   * Reads a lexicon. The reader is not closed.
   *
   * @param reader the lexicon text
   * @return the lexicon
   * @throws NullPointerException if {@code reader} is null
   * @throws IllegalArgumentException naming the line of a malformed entry, such as an entry
   *     that is not one word as the text is split
   * @throws UncheckedIOException if reading fails
   */
  public static SentimentLexicon parse(Reader reader) {
    Objects.requireNonNull(reader, "reader");
    Map<String, Double> words = new HashMap<>();
    Map<String, Double> intensifiers = new HashMap<>();
    Set<String> negations = new HashSet<>();
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    String section = null;
    int lineNumber = 0;
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        int hash = line.indexOf('#');
        String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (entry.isEmpty()) {
          continue;
        }
        if (entry.startsWith("[") && entry.endsWith("]")) {
          section = entry.substring(1, entry.length() - 1).strip().toLowerCase(Locale.ROOT);
          if (!Set.of("words", "intensifiers", "negations").contains(section)) {
            throw bad(lineNumber, "unknown section [" + section + "]");
          }
          continue;
        }
        String[] parts = entry.split("\\s+");
        if (section == null) {
          throw bad(lineNumber, "entry before any section");
        }
        String word = word(parts[0], lineNumber);
        switch (section) {
          case "negations" -> {
            if (parts.length != 1) {
              throw bad(lineNumber, "a negation is a single word");
            }
            negations.add(word);
          }
          case "words" -> words.put(word, number(parts, lineNumber, false));
          default -> intensifiers.put(word, number(parts, lineNumber, true));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the sentiment lexicon", e);
    }
    return new SentimentLexicon(words, intensifiers, negations);
  }

  /**
   * A word of the lexicon, folded as the text it is looked for in; refused when the text
   * would never hold it as one word.
   */
  private static String word(String entry, int line) {
    String folded = Text.fold(entry);
    if (folded.isEmpty()
        || !Words.isWordChar(folded.codePointAt(0))
        || Words.end(folded, 0, true) != folded.length()) {
      throw bad(line, "'" + entry + "' is not one word (letters, digits, ' or - inside)");
    }
    return Words.word(folded, 0, folded.length());
  }

  private static double number(String[] parts, int line, boolean positive) {
    if (parts.length != 2) {
      throw bad(line, "expected a word and a number");
    }
    double value;
    try {
      value = Double.parseDouble(parts[1]);
    } catch (NumberFormatException e) {
      throw bad(line, "'" + parts[1] + "' is not a number");
    }
    if (!Double.isFinite(value) || (positive && value <= 0)) {
      throw bad(line, "'" + parts[1] + "' is out of range");
    }
    return value;
  }

  private static IllegalArgumentException bad(int line, String message) {
    return new IllegalArgumentException("Sentiment lexicon line " + line + ": " + message);
  }

  /**
   * How many sentiment words the lexicon holds.
   *
   * @return the number of words with a weight
   */
  public int size() {
    return words.size();
  }

  /**
   * The polarity of a text.
   *
   * @param text any text
   * @return from -1 (negative) to 1 (positive); 0 when no sentiment word is found. Takes
   *     time linear in the length of the text.
   * @throws NullPointerException if {@code text} is null
   */
  public double score(String text) {
    String folded = Text.fold(Objects.requireNonNull(text, "text"));
    double sum = 0;
    double boost = 1;
    double clauseWeight = 1;
    int negated = 0;
    int n = folded.length();
    int i = 0;
    while (i < n) {
      int c = folded.codePointAt(i);
      if (isClauseEnd(c)) {
        negated = 0;
        boost = 1;
        i++;
        continue;
      }
      if (!Words.isWordChar(c)) {
        i += Character.charCount(c);
        continue;
      }
      int start = i;
      i = Words.end(folded, start, true);
      String word = Words.word(folded, start, i);
      if (word.equals("but")) {
        sum *= 0.5;
        clauseWeight = 1.5;
        negated = 0;
        boost = 1;
        continue;
      }
      if (negations.contains(word) || word.endsWith("n't")) {
        negated = NEGATION_SCOPE;
        continue;
      }
      Double factor = intensifiers.get(word);
      if (factor != null) {
        boost *= factor;
        continue;
      }
      Double weight = weight(word);
      if (weight != null) {
        double value = weight * boost;
        if (negated > 0) {
          value *= NEGATION_FACTOR;
        }
        sum += value * clauseWeight;
      }
      boost = 1;
      if (negated > 0) {
        negated--;
      }
    }
    if (sum == 0 || Double.isNaN(sum)) {
      return 0; // NaN: infinitely strong praise and blame at once
    }
    if (Double.isInfinite(sum)) {
      return Math.signum(sum); // intensifiers without end
    }
    return sum / Math.hypot(sum, SQRT_ALPHA); // hypot: no overflow for a huge sum
  }

  private @Nullable Double weight(String word) {
    Double w = words.get(word);
    if (w == null && word.length() > 3) {
      if (word.endsWith("ly")) {
        w = words.get(word.substring(0, word.length() - 2));
      } else if (word.endsWith("s")) {
        w = words.get(word.substring(0, word.length() - 1));
      }
    }
    return w;
  }

  private static boolean isClauseEnd(int c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n';
  }

  /** Holds the bundled lexicon, loaded on first use. */
  private static final class Default {
    static final SentimentLexicon INSTANCE = load();

    private static SentimentLexicon load() {
      InputStream in = SentimentLexicon.class.getResourceAsStream(RESOURCE);
      Objects.requireNonNull(in, "bundled resource " + RESOURCE + " is missing");
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return parse(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read the bundled sentiment lexicon", e);
      }
    }
  }
}
