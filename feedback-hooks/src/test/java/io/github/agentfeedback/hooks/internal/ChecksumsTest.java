package io.github.agentfeedback.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {

  @Test
  void luhnAcceptsKnownTestCardNumbers() {
    assertThat(Checksums.luhn("4111111111111111")).isTrue();
    assertThat(Checksums.luhn("5555555555554444")).isTrue();
    assertThat(Checksums.luhn("378282246310005")).isTrue();
    assertThat(Checksums.luhn("6011111111111117")).isTrue();
  }

  @Test
  void luhnRejectsAChangedDigitAndNonDigits() {
    assertThat(Checksums.luhn("4111111111111112")).isFalse();
    assertThat(Checksums.luhn("41111111111111a1")).isFalse();
    assertThat(Checksums.luhn("")).isFalse();
  }

  @Test
  void ibanAcceptsKnownValidNumbersInAnyCase() {
    assertThat(Checksums.iban("DE89370400440532013000")).isTrue();
    assertThat(Checksums.iban("GB82WEST12345698765432")).isTrue();
    assertThat(Checksums.iban("NL91ABNA0417164300")).isTrue();
    assertThat(Checksums.iban("FR1420041010050500013M02606")).isTrue();
    assertThat(Checksums.iban("gb82west12345698765432")).isTrue();
  }

  @Test
  void ibanRejectsWrongCheckDigitsAndBadShapes() {
    assertThat(Checksums.iban("DE89370400440532013001")).isFalse();
    assertThat(Checksums.iban("DE8937040044")).isFalse();
    assertThat(Checksums.iban("1289370400440532013000")).isFalse();
    assertThat(Checksums.iban("DE89 3704 0044 0532 0130 00")).isFalse();
  }
}
