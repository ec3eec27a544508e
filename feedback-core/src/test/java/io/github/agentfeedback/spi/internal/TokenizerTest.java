package io.github.agentfeedback.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.agentfeedback.analytics.StopWords;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  private final Set<String> words = new TreeSet<>();
  private final Set<String> phrases = new TreeSet<>();

  private void scan(String text) {
    words.clear();
    phrases.clear();
    Tokenizer.scan(text, StopWords.english(), words, phrases);
  }

  @Test
  void stopWordsAreDroppedAndBreakPhrases() {
    scan("Checkout page timeout again, the answer was slow");
    assertThat(words).containsExactly("answer", "checkout", "page", "slow", "timeout");
    assertThat(phrases).containsExactly("checkout page", "page timeout");
  }

  @Test
  void punctuationBreaksPhrasesButWhiteSpaceDoesNot() {
    scan("slow,\ttimeout  error\u00a0page. retry");
    assertThat(phrases).containsExactly("error page", "timeout error");
  }

  @Test
  void negationsAreKeptAndApostrophesJoinWords() {
    scan("Don’t work, doesn't WORK; 'quoted'");
    assertThat(words).containsExactly("doesn't", "don't", "quoted", "work");
    assertThat(phrases).containsExactly("doesn't work", "don't work");
  }

  @Test
  void hyphenatedWordsStayWhole() {
    scan("Two-factor code never arrives; e\u2011mail, Wi\u2010Fi - and -x- or a--b");
    assertThat(words).containsExactly("arrives", "code", "e-mail", "never", "two-factor", "wi-fi");
    assertThat(phrases).containsExactly("code never", "never arrives", "two-factor code");
  }

  @Test
  void lettersOfEveryScriptAreLowerCasedWithTheRootLocale() {
    scan("Ärger ÜBER Straße TITLE");
    assertThat(words).containsExactly("straße", "title", "ärger", "über");
  }

  @Test
  void combiningMarksStayInTheirWord() {
    scan("cafe\u0301 ok");
    assertThat(words).containsExactly("cafe\u0301", "ok");
  }

  @Test
  void singleLettersAreDroppedButSingleIdeographsKept() {
    scan("a 字 x 日本語 テスト 404");
    assertThat(words).containsExactly("404", "テスト", "字", "日本語");
    assertThat(phrases).containsExactly("テスト 404", "日本語 テスト");
  }

  @Test
  void overlongRunsAreNotWords() {
    scan("x".repeat(65) + " fine " + "y".repeat(64));
    assertThat(words).containsExactly("fine", "y".repeat(64));
    assertThat(phrases).containsExactly("fine " + "y".repeat(64));
  }

  @Test
  void aWordRepeatedCountsOnce() {
    scan("slow slow slow");
    assertThat(words).containsExactly("slow");
    assertThat(phrases).containsExactly("slow slow");
  }

  @Test
  void hostileTextIsScannedInLinearTime() {
    String apostrophes = "a'".repeat(500_000);
    String marks = "\u0301".repeat(1_000_000);
    String mixed = "ab, ".repeat(250_000);
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          scan(apostrophes);
          scan(marks);
          scan(mixed);
        });
    assertThat(words).containsExactly("ab");
    assertThat(phrases).isEmpty();
  }
}
