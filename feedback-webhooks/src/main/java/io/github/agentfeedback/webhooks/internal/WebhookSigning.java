package io.github.agentfeedback.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The Standard Webhooks symmetric signature, shared by the notifier that signs and the
 * verifier that checks: secrets written {@code whsec_<base64 key>}, keys of 24 to 64 bytes,
 * and signatures {@code v1,<base64 of HMAC-SHA256(key, "<id>.<timestamp>.<body>")>}.
 *
 * <p>Stateless and thread-safe.
 */
public final class WebhookSigning {

  /** The prefix of a secret written as the convention writes it. */
  public static final String SECRET_PREFIX = "whsec_";

  /** The shortest key the convention allows, in bytes. */
  public static final int MIN_KEY_BYTES = 24;

  /** The longest key the convention allows, in bytes. */
  public static final int MAX_KEY_BYTES = 64;

  /** The version tag of a symmetric (HMAC-SHA256) signature. */
  public static final String VERSION = "v1";

  /** The longest webhook id accepted, in characters. */
  public static final int MAX_ID_LENGTH = 256;

  private static final String HMAC = "HmacSHA256";

  private WebhookSigning() {}

  /**
   * The key of a secret written {@code whsec_<base64 key>}.
   *
   * @param secret the secret
   * @param setting the setting's name, for messages
   * @return the key's bytes, 24 to 64 of them
   * @throws IllegalArgumentException if the secret is not of that form or the key's length is
   *     outside the limits; neither its message nor a cause repeats any of the secret
   */
  public static byte[] decodeSecret(String secret, String setting) {
    Objects.requireNonNull(secret, setting);
    if (!secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException(
          setting
              + " must be written "
              + SECRET_PREFIX
              + "<base64 key>, as Standard Webhooks secrets are; give raw key bytes as a byte[]");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      // Not chained: the decoder's message names the offending character of the secret.
      throw new IllegalArgumentException(
          setting + " must be " + SECRET_PREFIX + " followed by standard base64");
    }
    return checkKey(key, setting);
  }

  /**
   * Checks a raw key's length and copies it.
   *
   * @param key the key's bytes
   * @param setting the setting's name, for messages
   * @return a copy of the key
   * @throws IllegalArgumentException if the key is shorter than 24 or longer than 64 bytes
   */
  public static byte[] checkKey(byte[] key, String setting) {
    Objects.requireNonNull(key, setting);
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          setting
              + " must be a key of "
              + MIN_KEY_BYTES
              + " to "
              + MAX_KEY_BYTES
              + " bytes, was "
              + key.length
              + " bytes");
    }
    return Arrays.copyOf(key, key.length);
  }

  /**
   * Whether a webhook id can be sent and signed: 1 to 256 visible ASCII characters, none of
   * them a full stop (the separator of the signed content).
   *
   * @param id the id, may be null
   * @return {@code true} if it is valid
   */
  public static boolean isValidId(@Nullable String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c > '~' || c == '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * One signature: {@code v1,} followed by the base64 of the HMAC-SHA256 under the key of
   * {@code <id>.<timestamp>.<body>}.
   *
   * @param key the key's bytes
   * @param id the webhook id, valid as {@link #isValidId} says
   * @param timestamp the attempt's time in Unix seconds, as written in the timestamp header
   * @param body the exact body bytes
   * @return the signature, as it appears in the signature header
   */
  public static String sign(byte[] key, String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return VERSION + "," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HMAC + " is not available", e);
    }
  }
}
