package io.github.agentfeedback.token;

import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.internal.Checks;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Mints and verifies signed feedback tokens: short-lived credentials that let a web page post
 * one vote on one message of one session, and nothing else, without holding a secret.
 *
 * <pre>{@code
 * FeedbackTokens tokens = FeedbackTokens.builder()
 *     .key(SigningKey.ofBase64("2026-12", secretFromVault))
 *     .timeToLive(Duration.ofHours(1))
 *     .build();
 * String token = tokens.mint("chat-1", "m-7", "u-42");   // into the page beside the answer
 * TokenClaims claims = tokens.verify(token);              // when the page posts; or throws
 * }</pre>
 *
 * <p><b>The token</b> is compact and URL-safe: Base64url without padding of a version byte,
 * the signing key's id, the expiry (epoch seconds), 16 random bytes (the token id), the
 * session, message and optional user ids (UTF-8, length-prefixed), and an HMAC-SHA256 of all
 * of that under the key. The claims are signed, not encrypted: a page can decode them, so put
 * nothing secret in the ids.
 *
 * <p><b>Verification</b> refuses with {@link InvalidTokenException} and a
 * {@link InvalidTokenException.Reason}: anything longer than {@value #MAX_TOKEN_LENGTH} chars
 * or with a char outside {@code A-Z a-z 0-9 - _} is {@code MALFORMED} before anything is
 * decoded; a key id the verifier does not hold is {@code UNKNOWN_KEY}; a signature that does
 * not match is {@code FORGED_OR_TAMPERED}, compared in constant time
 * ({@link MessageDigest#isEqual}); only then are the claims read, and a genuine token past
 * its expiry is {@code EXPIRED}. A forged expiry therefore never reads as expired.
 *
 * <p><b>Rotation:</b> a verifier holds several keys and mints with the current one; tokens
 * of the other keys verify until their key is removed (build a new instance without it).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FeedbackTokens {

  /** Longest token accepted, in chars; longer input is refused unread. */
  public static final int MAX_TOKEN_LENGTH = 8192;

  /** Default time to live of a token: one hour. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofHours(1);

  /** Longest time to live: 30 days. */
  public static final Duration MAX_TIME_TO_LIVE = Duration.ofDays(30);

  private static final byte VERSION = 1;
  private static final int TOKEN_ID_BYTES = 16;
  private static final int MAC_BYTES = 32;
  private static final int HAS_USER = 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SigningKey> keys;
  private final SigningKey current;
  private final Clock clock;
  private final Duration timeToLive;

  private FeedbackTokens(Builder b) {
    if (b.keys.isEmpty()) {
      throw new IllegalStateException("keys: at least one signing key is required");
    }
    Map<String, SigningKey> byId = new LinkedHashMap<>();
    for (SigningKey k : b.keys) {
      if (byId.putIfAbsent(k.id(), k) != null) {
        throw new IllegalArgumentException("keys: the key id '" + k.id() + "' is given twice");
      }
    }
    String currentId = b.currentKeyId != null ? b.currentKeyId : b.keys.get(b.keys.size() - 1).id();
    SigningKey c = byId.get(currentId);
    if (c == null) {
      throw new IllegalArgumentException(
          "currentKey: no key has the id '" + currentId + "'; ids: " + byId.keySet());
    }
    this.keys = Map.copyOf(byId);
    this.current = c;
    this.clock = b.clock;
    this.timeToLive = b.timeToLive;
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Mints a token for a vote on one message of one session, without a user: the token is the
   * voter (one vote per token and message).
   *
   * @param sessionId the session
   * @param messageId the message
   * @return the token
   * @throws InvalidFeedbackException naming the field if an id is blank, too long or holds NUL
   */
  public String mint(String sessionId, String messageId) {
    return mint(sessionId, messageId, null);
  }

  /**
   * Mints a token for a vote on one message of one session, by one user when given: that
   * user's votes on the message, with any of their tokens, are one vote.
   *
   * @param sessionId the session
   * @param messageId the message
   * @param userId the user, or {@code null}
   * @return the token, signed with the current key, expiring after the time to live
   * @throws InvalidFeedbackException naming the field if an id is blank, too long or holds NUL
   */
  public String mint(String sessionId, String messageId, @Nullable String userId) {
    Checks checks = new Checks();
    checks.id("sessionId", sessionId, Checks.MAX_SESSION_ID_LENGTH);
    checks.id("messageId", messageId, Checks.MAX_ID_LENGTH);
    checks.optionalId("userId", userId, Checks.MAX_ID_LENGTH);
    checks.throwIfAny();
    long expiry = clock.instant().plus(timeToLive).getEpochSecond();
    byte[] kid = current.id().getBytes(StandardCharsets.US_ASCII);
    byte[] session = sessionId.getBytes(StandardCharsets.UTF_8);
    byte[] message = messageId.getBytes(StandardCharsets.UTF_8);
    byte[] user = userId == null ? new byte[0] : userId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(
            2
                + kid.length
                + 8
                + TOKEN_ID_BYTES
                + 4
                + session.length
                + message.length
                + 1
                + (userId == null ? 0 : 2 + user.length)
                + MAC_BYTES);
    b.put(VERSION).put((byte) kid.length).put(kid).putLong(expiry);
    byte[] tokenId = new byte[TOKEN_ID_BYTES];
    RANDOM.nextBytes(tokenId);
    b.put(tokenId);
    b.putShort((short) session.length).put(session);
    b.putShort((short) message.length).put(message);
    if (userId == null) {
      b.put((byte) 0);
    } else {
      b.put((byte) HAS_USER).putShort((short) user.length).put(user);
    }
    b.put(mac(current, b.array(), b.position()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /**
   * Verifies a token and returns its claims.
   *
   * @param token the token as the page sent it
   * @return the claims
   * @throws InvalidTokenException saying why the token is refused (and nothing more)
   * @throws NullPointerException if {@code token} is null
   */
  public TokenClaims verify(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !SigningKey.isUrlSafe(token)) {
      throw malformed();
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    int minimum = 2 + 1 + 8 + TOKEN_ID_BYTES + 2 + 1 + 2 + 1 + 1 + MAC_BYTES;
    if (bytes.length < minimum || bytes[0] != VERSION) {
      throw malformed();
    }
    int kidLength = bytes[1];
    if (kidLength < 1 || kidLength > SigningKey.MAX_ID_LENGTH || 2 + kidLength > bytes.length) {
      throw malformed();
    }
    String kid = new String(bytes, 2, kidLength, StandardCharsets.ISO_8859_1);
    if (!SigningKey.isValidId(kid)) {
      throw malformed();
    }
    SigningKey key = keys.get(kid);
    if (key == null) {
      throw new InvalidTokenException(
          InvalidTokenException.Reason.UNKNOWN_KEY,
          "the token was signed with a key this verifier does not hold");
    }
    int signed = bytes.length - MAC_BYTES;
    byte[] expected = mac(key, bytes, signed);
    byte[] actual = Arrays.copyOfRange(bytes, signed, bytes.length);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new InvalidTokenException(
          InvalidTokenException.Reason.FORGED_OR_TAMPERED,
          "the token's signature does not match its claims");
    }
    TokenClaims claims = claims(ByteBuffer.wrap(bytes, 2 + kidLength, signed - 2 - kidLength), kid);
    if (!clock.instant().isBefore(claims.expiresAt())) {
      throw new InvalidTokenException(
          InvalidTokenException.Reason.EXPIRED, "the token expired at " + claims.expiresAt());
    }
    return claims;
  }

  /** Reads the signed claims after the key id; only reached for a genuine signature. */
  private static TokenClaims claims(ByteBuffer b, String kid) {
    try {
      long expiry = b.getLong();
      byte[] tokenId = new byte[TOKEN_ID_BYTES];
      b.get(tokenId);
      String session = utf8(b);
      String message = utf8(b);
      byte flag = b.get();
      @Nullable String user = flag == HAS_USER ? utf8(b) : null;
      if ((flag != 0 && flag != HAS_USER)
          || b.hasRemaining()
          || expiry < Instant.MIN.getEpochSecond()
          || expiry > Instant.MAX.getEpochSecond()) {
        throw malformed();
      }
      return new TokenClaims(
          session,
          message,
          user,
          HexFormat.of().formatHex(tokenId),
          kid,
          Instant.ofEpochSecond(expiry));
    } catch (BufferUnderflowException | CharacterCodingException e) {
      throw malformed();
    }
  }

  private static String utf8(ByteBuffer b) throws CharacterCodingException {
    int length = Short.toUnsignedInt(b.getShort());
    if (length > b.remaining()) {
      throw malformed();
    }
    ByteBuffer slice = b.slice(b.position(), length);
    b.position(b.position() + length);
    CharBuffer chars =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(slice);
    return chars.toString();
  }

  private static InvalidTokenException malformed() {
    return new InvalidTokenException(
        InvalidTokenException.Reason.MALFORMED, "the token is malformed");
  }

  private static byte[] mac(SigningKey key, byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.secretKey());
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }

  /**
   * The id of the key new tokens are signed with.
   *
   * @return the current key's id
   */
  public String currentKeyId() {
    return current.id();
  }

  /**
   * How long a new token is accepted.
   *
   * @return the time to live
   */
  public Duration timeToLive() {
    return timeToLive;
  }

  /** Names the key ids and the time to live, never a secret. */
  @Override
  public String toString() {
    return "FeedbackTokens[keys="
        + keys.keySet()
        + ", current="
        + current.id()
        + ", timeToLive="
        + timeToLive
        + "]";
  }

  /**
   * Configures {@link FeedbackTokens}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<SigningKey> keys = new ArrayList<>();
    private @Nullable String currentKeyId;
    private Clock clock = Clock.systemUTC();
    private Duration timeToLive = DEFAULT_TIME_TO_LIVE;

    private Builder() {}

    /**
     * Adds a key that verifies tokens; the last key added signs new ones unless
     * {@link #currentKey(String)} names another. At least one is required.
     *
     * @param key the key
     * @return this builder
     */
    public Builder key(SigningKey key) {
      keys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * The id of the key that signs new tokens. Defaults to the last key added.
     *
     * @param keyId a key's id
     * @return this builder
     */
    public Builder currentKey(String keyId) {
      this.currentKeyId = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    /**
     * Where time comes from, for expiry. Defaults to {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a new token is accepted, in whole seconds. Defaults to one hour.
     *
     * @param timeToLive from 1 second to {@link #MAX_TIME_TO_LIVE}
     * @return this builder
     * @throws IllegalArgumentException naming the limit if out of range
     */
    public Builder timeToLive(Duration timeToLive) {
      Objects.requireNonNull(timeToLive, "timeToLive");
      if (timeToLive.compareTo(Duration.ofSeconds(1)) < 0
          || timeToLive.compareTo(MAX_TIME_TO_LIVE) > 0) {
        throw new IllegalArgumentException(
            "timeToLive must be from 1 second to " + MAX_TIME_TO_LIVE + ", was " + timeToLive);
      }
      this.timeToLive = timeToLive;
      return this;
    }

    /**
     * Builds the minter and verifier.
     *
     * @return it
     * @throws IllegalStateException if no key was added
     * @throws IllegalArgumentException if two keys share an id, or the current key id names
     *     none of them
     */
    public FeedbackTokens build() {
      return new FeedbackTokens(this);
    }
  }
}
