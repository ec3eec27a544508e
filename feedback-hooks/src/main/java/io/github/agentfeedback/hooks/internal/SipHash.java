package io.github.agentfeedback.hooks.internal;

/**
 * SipHash, the keyed hash of Aumasson and Bernstein that hash tables use against made-up
 * collisions, over the UTF-16 chars of two strings joined by a NUL char (which neither may
 * hold, so different pairs never make the same input); each char is two bytes,
 * little-endian. Stateless and thread-safe; allocates nothing.
 */
public final class SipHash {

  private SipHash() {}

  /**
   * SipHash-1-3 (one compression and three finalization rounds) of {@code a}, a NUL char
   * and {@code b}, under the key {@code k0, k1}.
   *
   * @param a a string without NUL
   * @param b a string without NUL
   * @return the 64-bit hash
   */
  public static long hash13(long k0, long k1, String a, String b) {
    return hash(k0, k1, 1, 3, a, b, a.length());
  }

  /**
   * SipHash-c-d of the chars of {@code a}, then, when {@code split >= 0}, a NUL char and
   * the chars of {@code b}.
   */
  static long hash(long k0, long k1, int c, int d, String a, String b, int split) {
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    int length = split < 0 ? a.length() : split + 1 + b.length();
    int words = length >> 2; // whole 8-byte words
    for (int block = 0; block <= words + 1; block++) {
      long m = 0;
      int rounds = c;
      if (block < words) {
        int i = block << 2;
        m = at(a, b, split, i) | at(a, b, split, i + 1) << 16
            | at(a, b, split, i + 2) << 32 | at(a, b, split, i + 3) << 48;
        v3 ^= m;
      } else if (block == words) { // the last chars and the length in bytes, mod 256
        m = (long) (length << 1) << 56;
        for (int i = words << 2, shift = 0; i < length; i++, shift += 16) {
          m |= at(a, b, split, i) << shift;
        }
        v3 ^= m;
      } else { // finalization
        v2 ^= 0xff;
        rounds = d;
      }
      for (int r = 0; r < rounds; r++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  /** Char {@code i} of the input, as an unsigned value. */
  private static long at(String a, String b, int split, int i) {
    return split < 0 || i < split ? a.charAt(i) : i == split ? 0 : b.charAt(i - split - 1);
  }
}
