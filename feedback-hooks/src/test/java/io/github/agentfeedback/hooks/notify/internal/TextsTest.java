package io.github.agentfeedback.hooks.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void ordinals() {
    assertThat(
            java.util.stream.LongStream.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)
                .mapToObj(Texts::ordinal))
        .containsExactly(
            "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
            "111th", "112th");
  }
}
