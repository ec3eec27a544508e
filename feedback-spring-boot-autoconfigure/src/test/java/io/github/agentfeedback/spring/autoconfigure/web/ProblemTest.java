package io.github.agentfeedback.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How a problem cuts what it echoes: core quotes bad values short already, so the endpoint
 * tests meet only short messages; a hook's own message may be of any length.
 */
class ProblemTest {

  @Test
  void aLongTextIsCutToTheLimitAndAnEllipsis() {
    assertThat(Problem.brief("x".repeat(Problem.MAX_ECHO), Problem.MAX_ECHO))
        .hasSize(Problem.MAX_ECHO);
    assertThat(Problem.brief("x".repeat(10_000), Problem.MAX_ECHO))
        .isEqualTo("x".repeat(Problem.MAX_ECHO) + "…");
  }

  @Test
  void aSurrogatePairIsNeverCutInHalf() {
    String text = "x".repeat(Problem.MAX_ECHO - 1) + "\uD83D\uDE00" + "tail";
    assertThat(Problem.brief(text, Problem.MAX_ECHO))
        .isEqualTo("x".repeat(Problem.MAX_ECHO - 1) + "…");
  }
}
