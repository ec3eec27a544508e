package io.github.agentfeedback.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.token.InvalidTokenException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedbackTokensTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  private static final SigningKey K1 = SigningKey.of("k1", filled(32, 1));
  private static final SigningKey K2 = SigningKey.of("k2", filled(32, 2));

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static FeedbackTokens tokens(Instant now, SigningKey... keys) {
    FeedbackTokens.Builder b =
        FeedbackTokens.builder()
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .timeToLive(Duration.ofMinutes(10));
    for (SigningKey k : keys) {
      b.key(k);
    }
    return b.build();
  }

  private static byte[] decode(String token) {
    return Base64.getUrlDecoder().decode(token);
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Reason reasonOf(FeedbackTokens tokens, String token) {
    try {
      tokens.verify(token);
    } catch (InvalidTokenException e) {
      assertThat(e.getMessage()).doesNotContain(token.length() > 8 ? token : "\u0000none");
      return e.reason();
    }
    throw new AssertionError("the token was accepted");
  }

  @Test
  void aMintedTokenVerifiesWithItsClaims() {
    FeedbackTokens tokens = tokens(T0, K1);
    String token = tokens.mint("chat-1", "m-7", "u-42");

    TokenClaims claims = tokens.verify(token);

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(claims.sessionId()).isEqualTo("chat-1");
    assertThat(claims.messageId()).isEqualTo("m-7");
    assertThat(claims.userId()).isEqualTo("u-42");
    assertThat(claims.keyId()).isEqualTo("k1");
    assertThat(claims.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(claims.tokenId()).matches("[0-9a-f]{32}");
    assertThat(claims.voteId()).isEqualTo(Feedback.voteId("u-42", "m-7"));
  }

  @Test
  void unicodeIdsSurviveTheRoundTrip() {
    FeedbackTokens tokens = tokens(T0, K1);
    TokenClaims claims = tokens.verify(tokens.mint("séance-😀", "msg-日本", null));
    assertThat(claims.sessionId()).isEqualTo("séance-😀");
    assertThat(claims.messageId()).isEqualTo("msg-日本");
    assertThat(claims.userId()).isNull();
  }

  @Test
  void aTokenSignedWithAnotherSecretUnderTheSameKeyIdIsForged() {
    SigningKey attackers = SigningKey.of("k1", filled(32, 9));
    String forged = tokens(T0, attackers).mint("chat-1", "m-7", "admin");

    assertThat(reasonOf(tokens(T0, K1), forged)).isEqualTo(Reason.FORGED_OR_TAMPERED);
  }

  @Test
  void changingAnyByteOfAGenuineTokenIsRefused() {
    FeedbackTokens tokens = tokens(T0, K1);
    byte[] genuine = decode(tokens.mint("chat-1", "m-7", "u-42"));
    for (int i = 0; i < genuine.length; i++) {
      byte[] changed = genuine.clone();
      changed[i] ^= 0x01;
      assertThat(reasonOf(tokens, encode(changed)))
          .as("byte %d changed", i)
          .isIn(Reason.FORGED_OR_TAMPERED, Reason.MALFORMED, Reason.UNKNOWN_KEY);
    }
  }

  @Test
  void tamperingWithEachClaimIsRefusedAsForgedOrTampered() {
    FeedbackTokens tokens = tokens(T0, K1);
    String genuine = tokens.mint("chat-1", "m-7", "u-42");
    byte[] b = decode(genuine);
    String text = new String(b, StandardCharsets.ISO_8859_1);
    int kidEnd = 2 + b[1];
    // each claim replaced by a value of the same length, the signature kept
    for (String[] swap :
        List.of(
            new String[] {"chat-1", "chat-2"},
            new String[] {"m-7", "m-8"},
            new String[] {"u-42", "u-43"})) {
      byte[] changed = text.replace(swap[0], swap[1]).getBytes(StandardCharsets.ISO_8859_1);
      assertThat(reasonOf(tokens, encode(changed)))
          .as(swap[0])
          .isEqualTo(Reason.FORGED_OR_TAMPERED);
    }
    // a later expiry
    byte[] later = b.clone();
    ByteBuffer.wrap(later, kidEnd, 8).putLong(T0.plus(Duration.ofDays(365)).getEpochSecond());
    assertThat(reasonOf(tokens, encode(later))).isEqualTo(Reason.FORGED_OR_TAMPERED);
    // the token id
    byte[] otherId = b.clone();
    otherId[kidEnd + 8] ^= 0x7f;
    assertThat(reasonOf(tokens, encode(otherId))).isEqualTo(Reason.FORGED_OR_TAMPERED);
    // the user dropped: flag 0 and the signature kept
    assertThat(reasonOf(tokens, genuine.substring(0, genuine.length() - 10)))
        .isIn(Reason.FORGED_OR_TAMPERED, Reason.MALFORMED);
  }

  @Test
  void aGenuineTokenExpiresAfterItsTimeToLiveAndAForgedExpiryNeverReadsAsExpired() {
    String token = tokens(T0, K1).mint("chat-1", "m-7", null);

    assertThat(tokens(T0.plus(Duration.ofMinutes(10)).minusSeconds(1), K1).verify(token))
        .isNotNull();
    assertThat(reasonOf(tokens(T0.plus(Duration.ofMinutes(10)), K1), token))
        .isEqualTo(Reason.EXPIRED);
    String forged =
        tokens(T0.minus(Duration.ofDays(1)), SigningKey.of("k1", filled(32, 7)))
            .mint("chat-1", "m-7", null);
    assertThat(reasonOf(tokens(T0, K1), forged)).isEqualTo(Reason.FORGED_OR_TAMPERED);
  }

  @Test
  void keyRotationKeepsOldTokensValidUntilTheKeyIsRemoved() {
    String old = tokens(T0, K1).mint("chat-1", "m-7", "u-42");

    FeedbackTokens rotated =
        FeedbackTokens.builder()
            .key(K1)
            .key(K2)
            .currentKey("k2")
            .clock(Clock.fixed(T0, ZoneOffset.UTC))
            .build();
    assertThat(rotated.verify(old).keyId()).isEqualTo("k1");
    String fresh = rotated.mint("chat-1", "m-7", "u-42");
    assertThat(rotated.verify(fresh).keyId()).isEqualTo("k2");
    assertThat(rotated.currentKeyId()).isEqualTo("k2");

    FeedbackTokens retired = tokens(T0, K2);
    assertThat(reasonOf(retired, old)).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(retired.verify(fresh).keyId()).isEqualTo("k2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a",
        "abc.def.ghi",
        "eyJhbGciOiJub25lIn0.e30.",
        "{\"$where\": \"sleep(1000)\"}",
        "$ne",
        "AAAA",
        "AQ",
        "a b",
        "a+b/c=",
        "\u0000",
        "\ud800",
        "abc\udc00def",
        "😀"
      })
  void malformedAndHostileInputIsMalformed(String token) {
    assertThat(reasonOf(tokens(T0, K1), token)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void hugeInputIsRefusedUnread() {
    String huge = "A".repeat(FeedbackTokens.MAX_TOKEN_LENGTH + 1);
    assertThat(reasonOf(tokens(T0, K1), huge)).isEqualTo(Reason.MALFORMED);
    String longGarbage = "A".repeat(FeedbackTokens.MAX_TOKEN_LENGTH);
    assertThat(reasonOf(tokens(T0, K1), longGarbage)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aKeyIdOutsideTheAlphabetIsMalformedAndAnUnknownOneIsUnknown() {
    byte[] b = decode(tokens(T0, K1).mint("chat-1", "m-7", null));
    byte[] dollar = b.clone();
    dollar[2] = '$';
    assertThat(reasonOf(tokens(T0, K1), encode(dollar))).isEqualTo(Reason.MALFORMED);
    byte[] other = b.clone();
    other[2] = 'x';
    assertThat(reasonOf(tokens(T0, K1), encode(other))).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void weakKeysAndBadSettingsAreRefused() {
    assertThatThrownBy(() -> SigningKey.of("k", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes (256 bits), was 31");
    assertThatThrownBy(
            () -> SigningKey.ofBase64("k", Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> SigningKey.ofBase64("k", "not base64 at all!"))
        .hasMessage("secret of key 'k' is not Base64");
    assertThatThrownBy(() -> SigningKey.of("k.1", new byte[32])).hasMessageContaining("id must be");
    assertThatThrownBy(() -> SigningKey.of("k".repeat(33), new byte[32]))
        .hasMessageContaining("id must be 1 to 32 chars");
    assertThatThrownBy(() -> FeedbackTokens.builder().build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> FeedbackTokens.builder().key(K1).key(K1).build())
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> FeedbackTokens.builder().key(K1).currentKey("k9").build())
        .hasMessageContaining("no key has the id 'k9'");
    assertThatThrownBy(() -> FeedbackTokens.builder().timeToLive(Duration.ofDays(31)))
        .hasMessageContaining("timeToLive must be from 1 second to PT720H");
    assertThatThrownBy(() -> tokens(T0, K1).mint(" ", "m-7"))
        .isInstanceOf(InvalidFeedbackException.class)
        .hasMessageContaining("sessionId");
    assertThat(SigningKey.generate("g").toString()).isEqualTo("SigningKey[id=g]");
    assertThat(SigningKey.ofBase64("k1", Base64.getUrlEncoder().encodeToString(filled(32, 1))))
        .isEqualTo(K1);
  }

  @Test
  void aTokensVoteIsOneVotePerMessageRePostingReplacesIt() {
    FeedbackTokens tokens = tokens(T0, K1);
    TokenClaims claims = tokens.verify(tokens.mint("chat-1", "m-7"));
    try (FeedbackManager manager =
        FeedbackManager.builder().store(new InMemoryFeedbackStore()).build()) {
      FeedbackResult first =
          manager.addVote(
              claims.sessionId(),
              claims.vote(Feedback.builder().rating(Rating.UP).createdAt(T0).build()),
              CallContext.empty());
      FeedbackResult second =
          manager.addVote(
              claims.sessionId(),
              claims.vote(
                  Feedback.builder()
                      .rating(Rating.DOWN)
                      .comment("wrong")
                      .createdAt(T0.plusSeconds(1))
                      .build()),
              CallContext.empty());

      assertThat(first.outcome()).isEqualTo(FeedbackResult.Outcome.CREATED);
      assertThat(second.outcome()).isEqualTo(FeedbackResult.Outcome.REPLACED);
      List<Feedback> stored = manager.getFeedbacks("chat-1");
      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).rating()).isEqualTo(Rating.DOWN);
      assertThat(stored.get(0).comment()).isEqualTo("wrong");
      assertThat(stored.get(0).messageId()).isEqualTo("m-7");
      assertThat(stored.get(0).id()).isEqualTo(claims.voteId());
    }
  }

  @Test
  void aUsersTokensShareOneVoteAndAnonymousTokensVoteOnceEach() {
    FeedbackTokens tokens = tokens(T0, K1);
    TokenClaims a = tokens.verify(tokens.mint("chat-1", "m-7", "u-42"));
    TokenClaims b = tokens.verify(tokens.mint("chat-1", "m-7", "u-42"));
    TokenClaims anon1 = tokens.verify(tokens.mint("chat-1", "m-7"));
    TokenClaims anon2 = tokens.verify(tokens.mint("chat-1", "m-7"));

    assertThat(a.tokenId()).isNotEqualTo(b.tokenId());
    assertThat(a.voteId()).isEqualTo(b.voteId());
    assertThat(anon1.voteId()).isNotEqualTo(anon2.voteId()).isNotEqualTo(a.voteId());
  }

  @Test
  void replayingAVoteOnAnotherMessageOrUserIsRefused() {
    FeedbackTokens tokens = tokens(T0, K1);
    TokenClaims claims = tokens.verify(tokens.mint("chat-1", "m-7", "u-42"));

    assertThatThrownBy(
            () -> claims.vote(Feedback.builder().rating(Rating.UP).messageId("m-8").build()))
        .isInstanceOf(InvalidFeedbackException.class)
        .hasMessageContaining("another message");
    assertThatThrownBy(
            () -> claims.vote(Feedback.builder().rating(Rating.UP).userId("u-1").build()))
        .hasMessageContaining("another user");
    assertThatThrownBy(() -> claims.vote(Feedback.builder().rating(Rating.UP).id("x").build()))
        .hasMessageContaining("gets its id from the token");
  }

  @Test
  void addVoteNeedsAnIdAndAMessage() {
    try (FeedbackManager manager =
        FeedbackManager.builder().store(new InMemoryFeedbackStore()).build()) {
      assertThatThrownBy(() -> manager.addVote("s", Feedback.up(""), CallContext.empty()))
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageContaining("a vote needs an id");
      Feedback noMessage = Feedback.builder().id("v").rating(Rating.UP).build();
      assertThatThrownBy(() -> manager.addVote("s", noMessage, CallContext.empty()))
          .hasMessageContaining("a vote needs a message id");
    }
  }
}
