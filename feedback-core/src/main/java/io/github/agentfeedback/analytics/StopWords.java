package io.github.agentfeedback.analytics;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Small built-in stop-word lists for problem analysis: the function words (articles,
 * pronouns, auxiliaries, prepositions, conjunctions) of a language, which say nothing about
 * what went wrong. Negations ("not", "no", "never", "can't", "nunca", ...) are deliberately
 * absent: "not working" is a problem phrase. Words are lower-case; the apostrophe is
 * {@code '}.
 *
 * <p>Pass a list, or your own set, to {@link ProblemOptions.Builder#stopWords(Set)}.
 *
 * <p>Immutable constants; thread-safe.
 *
 * @since 0.1.0
 */
public final class StopWords {

  private static final Set<String> ENGLISH =
      Set.of(
          "a",
          "about",
          "above",
          "after",
          "again",
          "all",
          "also",
          "am",
          "an",
          "and",
          "any",
          "are",
          "as",
          "at",
          "be",
          "because",
          "been",
          "before",
          "being",
          "below",
          "between",
          "both",
          "but",
          "by",
          "can",
          "could",
          "did",
          "do",
          "does",
          "doing",
          "during",
          "each",
          "even",
          "for",
          "from",
          "get",
          "got",
          "had",
          "has",
          "have",
          "having",
          "he",
          "her",
          "here",
          "hers",
          "herself",
          "him",
          "himself",
          "his",
          "how",
          "i",
          "i'd",
          "i'll",
          "i'm",
          "i've",
          "if",
          "in",
          "into",
          "is",
          "it",
          "it's",
          "its",
          "itself",
          "just",
          "let's",
          "me",
          "more",
          "most",
          "much",
          "my",
          "myself",
          "of",
          "off",
          "on",
          "once",
          "only",
          "or",
          "other",
          "our",
          "ours",
          "ourselves",
          "out",
          "over",
          "own",
          "please",
          "same",
          "she",
          "should",
          "so",
          "some",
          "such",
          "than",
          "thank",
          "thanks",
          "that",
          "that's",
          "the",
          "their",
          "theirs",
          "them",
          "themselves",
          "then",
          "there",
          "there's",
          "these",
          "they",
          "they're",
          "this",
          "those",
          "through",
          "to",
          "too",
          "under",
          "until",
          "upon",
          "us",
          "very",
          "was",
          "we",
          "we're",
          "were",
          "what",
          "what's",
          "when",
          "where",
          "which",
          "while",
          "who",
          "whom",
          "whose",
          "why",
          "will",
          "with",
          "would",
          "you",
          "you're",
          "your",
          "yours",
          "yourself",
          "yourselves");

  private static final Set<String> SPANISH =
      Set.of(
          "a",
          "al",
          "algo",
          "algunas",
          "algunos",
          "ante",
          "antes",
          "aquí",
          "como",
          "con",
          "cual",
          "cuando",
          "de",
          "del",
          "desde",
          "donde",
          "durante",
          "e",
          "el",
          "él",
          "ella",
          "ellas",
          "ellos",
          "en",
          "entre",
          "era",
          "eran",
          "es",
          "esa",
          "esas",
          "ese",
          "eso",
          "esos",
          "esta",
          "está",
          "estaba",
          "están",
          "estas",
          "este",
          "esto",
          "estos",
          "estoy",
          "fue",
          "fueron",
          "gracias",
          "ha",
          "han",
          "hay",
          "la",
          "las",
          "le",
          "les",
          "lo",
          "los",
          "me",
          "mi",
          "mí",
          "mis",
          "muy",
          "más",
          "nos",
          "nosotros",
          "o",
          "os",
          "para",
          "pero",
          "por",
          "porque",
          "que",
          "qué",
          "se",
          "sea",
          "ser",
          "si",
          "sí",
          "sobre",
          "su",
          "sus",
          "también",
          "te",
          "tengo",
          "ti",
          "tiene",
          "tu",
          "tú",
          "tus",
          "un",
          "una",
          "unas",
          "uno",
          "unos",
          "usted",
          "vosotros",
          "y",
          "ya",
          "yo");

  private StopWords() {}

  /**
   * English function words.
   *
   * @return an immutable set
   */
  public static Set<String> english() {
    return ENGLISH;
  }

  /**
   * Spanish function words.
   *
   * @return an immutable set
   */
  public static Set<String> spanish() {
    return SPANISH;
  }

  /**
   * The built-in list of a language.
   *
   * @param language an ISO 639-1 code: {@code "en"} or {@code "es"} (any case)
   * @return an immutable set
   * @throws IllegalArgumentException naming the language when there is no built-in list
   */
  public static Set<String> forLanguage(String language) {
    return switch (Objects.requireNonNull(language, "language").toLowerCase(Locale.ROOT)) {
      case "en" -> ENGLISH;
      case "es" -> SPANISH;
      default ->
          throw new IllegalArgumentException(
              "no built-in stop words for language '"
                  + language
                  + "'; built in: en, es; pass your own set to ProblemOptions.Builder.stopWords");
    };
  }
}
