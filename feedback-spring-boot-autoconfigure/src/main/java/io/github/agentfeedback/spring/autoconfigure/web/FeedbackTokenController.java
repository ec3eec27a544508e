package io.github.agentfeedback.spring.autoconfigure.web;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.RateLimitHook;
import io.github.agentfeedback.token.FeedbackTokens;
import io.github.agentfeedback.token.InvalidTokenException;
import io.github.agentfeedback.token.TokenClaims;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints a web page votes through with a signed feedback token ({@link FeedbackTokens})
 * in the {@value #TOKEN_HEADER} header and no other credential:
 * <ul>
 *   <li>{@code POST /api/sessions/{id}/messages/{messageId}/vote} — {@code {rating, comment,
 *       score, created_at}} (nothing else: the token says whose vote it is and on what) →
 *       201 for the first vote, 200 when it replaced or repeated the token's vote; one vote per
 *       token and message (per user and message when the token names a user), re-posting
 *       changes it; a {@code created_at} outside the token's lifetime (give or take
 *       {@link #CLOCK_SKEW}) is a 400;
 *   <li>{@code GET} the same path → {@code {"vote": {...}}} with the vote as stored, or
 *       {@code {"vote": null}}.
 * </ul>
 * A missing, malformed, forged, tampered or expired token, or one signed with a key no longer
 * held, is a 401 whose {@code code} says which; a genuine token for another session or
 * message is a 403; nothing is stored then. Each vote is charged against a per-token and a
 * per-client-address rate limit before it is stored (429 with {@code Retry-After}); they fail
 * closed: a call without a client address shares one bucket with all such calls, and a
 * failure of a limit refuses the vote. Thread-safe.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("${agent-feedback.web.base-path:/api}")
public class FeedbackTokenController {

  /** The request header that carries the token. */
  public static final String TOKEN_HEADER = "Feedback-Token";

  /**
   * How far a vote's {@code created_at} may lie outside the token's lifetime (before it was
   * minted, or after the server's clock): the clocks of browsers and replicas differ a little.
   */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Clock clock = Clock.systemUTC();

  private final FeedbackManager manager;
  private final FeedbackTokens tokens;
  private final List<FeedbackHook> limits;
  private final FeedbackJson json;
  private final int maxBodyBytes;
  private final List<FeedbackCallContextCustomizer> contextCustomizers;

  /**
   * The endpoints.
   *
   * @param manager stores the votes
   * @param tokens verifies the tokens
   * @param perToken votes each token may post per period
   * @param perClient votes each client address may post per period
   * @param period the rate limits' period
   * @param maxBodyBytes the largest body accepted
   * @param contextCustomizers what adds to each call's context, in order
   */
  public FeedbackTokenController(
      FeedbackManager manager,
      FeedbackTokens tokens,
      int perToken,
      int perClient,
      Duration period,
      int maxBodyBytes,
      List<FeedbackCallContextCustomizer> contextCustomizers) {
    this.manager = manager;
    this.tokens = tokens;
    this.limits =
        List.of(
            limit(new LimitKey(false), perClient, period),
            limit(new LimitKey(true), perToken, period));
    this.maxBodyBytes = maxBodyBytes;
    this.json = new FeedbackJson(maxBodyBytes);
    this.contextCustomizers = List.copyOf(contextCustomizers);
  }

  private static RateLimitHook limit(LimitKey key, int permits, Duration period) {
    return RateLimitHook.builder().limit(permits, period).key(key).freeRetries(0).build();
  }

  /**
   * Stores the token's vote on its message, replacing the token's earlier vote.
   *
   * @param sessionId the session, which must be the token's
   * @param messageId the message, which must be the token's
   * @param token the token
   * @param request the request, whose body is read
   * @return 201 for a first vote, 200 for a changed or repeated one
   * @throws IOException if the body cannot be read
   */
  @PostMapping("/sessions/{sessionId}/messages/{messageId}/vote") // Problem.body checks the type
  public ResponseEntity<Map<String, Object>> vote(
      @PathVariable("sessionId") String sessionId,
      @PathVariable("messageId") String messageId,
      @RequestHeader(name = TOKEN_HEADER, required = false) @Nullable String token,
      HttpServletRequest request)
      throws IOException {
    TokenClaims claims = claims(token, sessionId, messageId);
    Feedback vote = claims.vote(json.readVote(Problem.body(request, maxBodyBytes)));
    checkCreatedAt(vote.createdAt(), claims);
    Problem.repeatable(request); // the token fixes the vote's id
    CallContext context =
        FeedbackController.context(request, contextCustomizers)
            .extra(TokenClaims.class, claims)
            .build();
    FeedbackResult result = new VoteChain(0, sessionId, vote, context).proceed(vote);
    Map<String, Object> out = FeedbackController.outcome(result);
    out.put("vote", FeedbackJson.write(result.feedback()));
    return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(out);
  }

  /**
   * The token's vote as stored.
   *
   * @param sessionId the session, which must be the token's
   * @param messageId the message, which must be the token's
   * @param token the token
   * @return {@code {"vote": {...}}}, or {@code {"vote": null}} before the first vote
   */
  @GetMapping("/sessions/{sessionId}/messages/{messageId}/vote")
  public Map<String, @Nullable Object> current(
      @PathVariable("sessionId") String sessionId,
      @PathVariable("messageId") String messageId,
      @RequestHeader(name = TOKEN_HEADER, required = false) @Nullable String token) {
    TokenClaims claims = claims(token, sessionId, messageId);
    String id = claims.voteId();
    // The store selects the message's feedback (and the user's), not the whole session.
    FeedbackQuery votes =
        FeedbackQuery.session(sessionId).toBuilder()
            .messageId(messageId)
            .userId(claims.userId())
            .build();
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    try (Stream<SessionFeedback> stored = manager.stream(votes)) {
      out.put(
          "vote",
          stored
              .map(SessionFeedback::feedback)
              .filter(f -> id.equals(f.id()))
              .findFirst()
              .map(FeedbackJson::write)
              .orElse(null));
    }
    return out;
  }

  /**
   * A vote's time must fall in the token's lifetime, from its minting to now (give or take
   * {@link #CLOCK_SKEW}): the latest click wins by that time, so one from the far future
   * would lock the vote against every later click, and one from before the token existed
   * would move it into a past period.
   */
  private void checkCreatedAt(@Nullable Instant createdAt, TokenClaims claims) {
    if (createdAt == null) {
      return;
    }
    Instant earliest = claims.expiresAt().minus(tokens.timeToLive()).minus(CLOCK_SKEW);
    Instant latest = clock.instant().plus(CLOCK_SKEW);
    if (createdAt.isBefore(earliest) || createdAt.isAfter(latest)) {
      throw InvalidFeedbackException.of(
          "created_at",
          "out_of_range",
          "created_at must be within "
              + earliest
              + ".."
              + latest
              + " (the token's lifetime, give or take "
              + CLOCK_SKEW.toMinutes()
              + " minutes), was "
              + createdAt);
    }
  }

  private TokenClaims claims(@Nullable String token, String sessionId, String messageId) {
    if (token == null || token.isEmpty()) {
      throw new MissingTokenException();
    }
    TokenClaims claims = tokens.verify(token);
    if (!claims.sessionId().equals(sessionId) || !claims.messageId().equals(messageId)) {
      throw new WrongTargetException();
    }
    return claims;
  }

  /** The rate limits, one after the other; after the last the vote is stored. */
  private final class VoteChain implements FeedbackHook.Chain {
    private final int index;
    private final String sessionId;
    private final Feedback vote;
    private final CallContext context;

    VoteChain(int index, String sessionId, Feedback vote, CallContext context) {
      this.index = index;
      this.sessionId = sessionId;
      this.vote = vote;
      this.context = context;
    }

    @Override
    public String sessionId() {
      return sessionId;
    }

    @Override
    public FeedbackAction action() {
      return FeedbackAction.ADD;
    }

    @Override
    public Feedback feedback() {
      return vote;
    }

    @Override
    public CallContext context() {
      return context;
    }

    @Override
    public FeedbackResult proceed(Feedback feedback) {
      return index < limits.size()
          ? limits.get(index).intercept(new VoteChain(index + 1, sessionId, feedback, context))
          : manager.addVote(sessionId, feedback, context);
    }
  }

  /** The per-token or per-client key; never null, so no call is exempt. */
  private static final class LimitKey implements RateLimitHook.KeyFunction {
    private final boolean byToken;

    LimitKey(boolean byToken) {
      this.byToken = byToken;
    }

    @Override
    public String key(String sessionId, Feedback feedback) {
      return byToken ? "token:" + feedback.id() : "client:unknown";
    }

    @Override
    public String key(String sessionId, Feedback feedback, CallContext context) {
      if (byToken) {
        TokenClaims claims = context.extra(TokenClaims.class);
        return claims != null ? "token:" + claims.tokenId() : key(sessionId, feedback);
      }
      String address = context.clientAddress();
      return address != null ? "client:" + address : key(sessionId, feedback);
    }
  }

  // Errors, as problem details.

  /**
   * 401 for a token that is refused, its {@code code} saying why.
   *
   * @param e the refusal
   * @return the problem
   */
  @ExceptionHandler(InvalidTokenException.class)
  public ResponseEntity<ProblemDetail> invalidToken(InvalidTokenException e) {
    return unauthorized(e.reason().name().toLowerCase(Locale.ROOT), String.valueOf(e.getMessage()));
  }

  /**
   * 401 without a token.
   *
   * @param e the error
   * @return the problem
   */
  @ExceptionHandler(MissingTokenException.class)
  public ResponseEntity<ProblemDetail> missingToken(MissingTokenException e) {
    return unauthorized(
        "missing", "a feedback token is required in the " + TOKEN_HEADER + " header");
  }

  private static ResponseEntity<ProblemDetail> unauthorized(String code, String detail) {
    return new Problem(HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid feedback token", detail)
        .property("code", code)
        .header(HttpHeaders.WWW_AUTHENTICATE, TOKEN_HEADER)
        .build();
  }

  /**
   * 403 for a genuine token of another session or message.
   *
   * @param e the error
   * @return the problem
   */
  @ExceptionHandler(WrongTargetException.class)
  public ResponseEntity<ProblemDetail> wrongTarget(WrongTargetException e) {
    return new Problem(
            HttpStatus.FORBIDDEN,
            "token-not-for-this-message",
            "Token not for this message",
            "the feedback token allows a vote on another message or session")
        .build();
  }

  /** No token in the request. */
  static final class MissingTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingTokenException() {
      super("no feedback token", null, false, false);
    }
  }

  /** A genuine token of another session or message. */
  static final class WrongTargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongTargetException() {
      super("token for another message", null, false, false);
    }
  }
}
