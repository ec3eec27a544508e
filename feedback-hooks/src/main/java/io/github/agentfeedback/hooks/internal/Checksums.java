package io.github.agentfeedback.hooks.internal;

/** Check-digit algorithms for card numbers and IBANs. Stateless and thread-safe. */
public final class Checksums {

  private Checksums() {}

  /**
   * Whether a string of ASCII digits passes the Luhn (mod 10) check used by payment cards.
   *
   * @param digits ASCII digits only
   */
  public static boolean luhn(CharSequence digits) {
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return digits.length() > 0 && sum % 10 == 0;
  }

  /**
   * Whether a compact IBAN (no spaces) passes the ISO 13616 mod-97 check: two letters,
   * two check digits, 11 to 30 letters or digits, and the rearranged number mod 97 is 1.
   *
   * @param iban the IBAN without spaces, any case
   */
  public static boolean iban(CharSequence iban) {
    int n = iban.length();
    if (n < 15 || n > 34 || !isLetter(iban.charAt(0)) || !isLetter(iban.charAt(1))
        || !isDigit(iban.charAt(2)) || !isDigit(iban.charAt(3))) {
      return false;
    }
    int remainder = 0;
    for (int k = 0; k < n; k++) {
      char c = Character.toUpperCase(iban.charAt((k + 4) % n));
      if (isDigit(c)) {
        remainder = (remainder * 10 + (c - '0')) % 97;
      } else if (c >= 'A' && c <= 'Z') {
        remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
      } else {
        return false;
      }
    }
    return remainder == 1;
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
