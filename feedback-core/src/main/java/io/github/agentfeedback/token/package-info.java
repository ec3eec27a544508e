/**
 * Signed feedback tokens: the server mints a short-lived token bound to a session, a message
 * and optionally a user ({@link io.github.agentfeedback.token.FeedbackTokens}); a web page
 * posts feedback with it and no other credential; the server verifies it and gets the claims
 * ({@link io.github.agentfeedback.token.TokenClaims}) or learns why not
 * ({@link io.github.agentfeedback.token.InvalidTokenException}). A token allows one vote on
 * its message: {@link io.github.agentfeedback.token.TokenClaims#vote} gives the posted
 * feedback the vote's id, and {@code FeedbackManager.addVote} replaces an earlier vote with
 * it. Needs nothing but the JDK (HMAC-SHA256 from {@code javax.crypto}).
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.token;

import org.jspecify.annotations.NullMarked;
