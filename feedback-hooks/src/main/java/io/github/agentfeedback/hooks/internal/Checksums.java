package io.github.agentfeedback.hooks.internal;

/**
 * Check-digit algorithms for card numbers and IBANs, whole or digit by digit (so a scanner
 * can test every prefix of a number in one pass). The static methods are stateless and
 * thread-safe; a {@link Luhn} belongs to one thread.
 */
public final class Checksums {

  private Checksums() {}

  /**
   * Whether a string of ASCII digits passes the Luhn (mod 10) check used by payment cards.
   *
   * @param digits ASCII digits only
   */
  public static boolean luhn(CharSequence digits) {
    Luhn luhn = new Luhn();
    for (int i = 0; i < digits.length(); i++) {
      if (!isDigit(digits.charAt(i))) {
        return false;
      }
      luhn.append(digits.charAt(i) - '0');
    }
    return luhn.valid();
  }

  /**
   * Whether a compact IBAN (no spaces) passes the ISO 13616 mod-97 check: two letters,
   * two check digits, 11 to 30 letters or digits, and the rearranged number mod 97 is 1.
   *
   * @param iban the IBAN without spaces, any case
   */
  public static boolean iban(CharSequence iban) {
    int n = iban.length();
    if (n < 15
        || n > 34
        || !isLetter(iban.charAt(0))
        || !isLetter(iban.charAt(1))
        || !isDigit(iban.charAt(2))
        || !isDigit(iban.charAt(3))) {
      return false;
    }
    int remainder = 0;
    for (int k = 0; k < n && remainder >= 0; k++) {
      remainder = mod97(remainder, iban.charAt((k + 4) % n));
    }
    return remainder == 1;
  }

  /**
   * The remainder mod 97 of a number with remainder {@code remainder} followed by the
   * IBAN value of {@code c}: a digit its own value, a letter of either case 10 to 35.
   *
   * @param remainder the remainder so far, from 0 to 96
   * @param c the next char
   * @return the new remainder, or -1 if {@code c} is neither an ASCII digit nor letter
   */
  public static int mod97(int remainder, char c) {
    if (isDigit(c)) {
      return (remainder * 10 + (c - '0')) % 97;
    }
    if (isLetter(c)) {
      return (remainder * 100 + ((c | 0x20) - 'a' + 10)) % 97; // | 0x20: ASCII lower case
    }
    return -1;
  }

  /**
   * The Luhn check over digits appended from left to right, answering for every prefix in
   * constant time. Not thread-safe.
   */
  public static final class Luhn {
    private int count;
    private int first = -1;
    private boolean allSame = true;
    // Sums of the digits at even and odd indices from the left, plain and doubled: which
    // of them count as doubled depends on the final length, unknown until the end.
    private int plainEven;
    private int plainOdd;
    private int doubledEven;
    private int doubledOdd;

    /**
     * Appends a digit.
     *
     * @param digit from 0 to 9
     */
    public void append(int digit) {
      int doubled = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      if (count % 2 == 0) {
        plainEven += digit;
        doubledEven += doubled;
      } else {
        plainOdd += digit;
        doubledOdd += doubled;
      }
      if (first < 0) {
        first = digit;
      } else if (digit != first) {
        allSame = false;
      }
      count++;
    }

    /** How many digits were appended. */
    public int length() {
      return count;
    }

    /** Whether every digit appended is the same. */
    public boolean allSame() {
      return allSame;
    }

    /** Whether the digits appended so far pass the check (none never do). */
    public boolean valid() {
      // From the right, every second digit is doubled: with an even count those are the
      // digits at even indices from the left.
      int sum = count % 2 == 0 ? doubledEven + plainOdd : doubledOdd + plainEven;
      return count > 0 && sum % 10 == 0;
    }
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
