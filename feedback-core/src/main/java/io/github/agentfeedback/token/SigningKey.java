package io.github.agentfeedback.token;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A named HMAC-SHA256 key that signs and verifies feedback tokens. The id travels in each
 * token (it is not secret) so that a verifier holding several keys picks the one that signed
 * it: rotate by adding a new key as the current one, keeping the old one until the tokens it
 * signed have expired, then removing it.
 *
 * <p>Immutable and thread-safe. {@link #toString()} names the id only, never the secret.
 *
 * @since 0.1.0
 */
public final class SigningKey {

  /** Fewest bytes of a secret: 32 (256 bits), the output size of SHA-256. */
  public static final int MIN_SECRET_BYTES = 32;

  /** Longest key id, in chars. */
  public static final int MAX_ID_LENGTH = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final SecretKeySpec key;

  private SigningKey(String id, byte[] secret) {
    this.id = checkId(id);
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "secret of key '"
              + id
              + "' must be at least "
              + MIN_SECRET_BYTES
              + " bytes (256 bits), was "
              + secret.length);
    }
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /**
   * A key from its id and secret bytes (copied).
   *
   * @param id 1 to {@value #MAX_ID_LENGTH} chars of {@code A-Z a-z 0-9 _ -}
   * @param secret at least {@value #MIN_SECRET_BYTES} random bytes
   * @return the key
   * @throws IllegalArgumentException naming the field and the limit if the id is malformed or
   *     the secret shorter than 256 bits
   */
  public static SigningKey of(String id, byte[] secret) {
    return new SigningKey(id, secret.clone());
  }

  /**
   * A key from its id and its secret in Base64 (standard or URL-safe alphabet, padding
   * optional), as configuration files hold it.
   *
   * @param id as for {@link #of(String, byte[])}
   * @param secret the secret in Base64, at least {@value #MIN_SECRET_BYTES} bytes decoded
   * @return the key
   * @throws IllegalArgumentException if the id is malformed, the secret is not Base64 or
   *     shorter than 256 bits (the message never shows the secret)
   */
  public static SigningKey ofBase64(String id, String secret) {
    Objects.requireNonNull(secret, "secret");
    String standard = secret.strip().replace('-', '+').replace('_', '/');
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(standard);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("secret of key '" + checkId(id) + "' is not Base64", null);
    }
    try {
      return new SigningKey(id, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * A new key with {@value #MIN_SECRET_BYTES} bytes from a {@link SecureRandom}.
   *
   * @param id as for {@link #of(String, byte[])}
   * @return the key
   * @throws IllegalArgumentException if the id is malformed
   */
  public static SigningKey generate(String id) {
    byte[] secret = new byte[MIN_SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return new SigningKey(id, secret);
  }

  /**
   * The key's id, written into every token it signs.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /** The key for {@code javax.crypto.Mac}. */
  SecretKeySpec secretKey() {
    return key;
  }

  static boolean isValidId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return false;
    }
    return isUrlSafe(id);
  }

  /** Whether every char of {@code s} is in the URL-safe Base64 alphabet, A-Z a-z 0-9 - _. */
  static boolean isUrlSafe(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          "id must be 1 to "
              + MAX_ID_LENGTH
              + " chars of A-Z a-z 0-9 _ -, was "
              + (id.length() > MAX_ID_LENGTH ? id.length() + " chars" : "'" + id + "'"));
    }
    return id;
  }

  /** Keys are equal when their ids and secrets are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SigningKey k
        && id.equals(k.id)
        && java.security.MessageDigest.isEqual(key.getEncoded(), k.key.getEncoded());
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** {@code SigningKey[id=…]}, without the secret. */
  @Override
  public String toString() {
    return "SigningKey[id=" + id + "]";
  }
}
