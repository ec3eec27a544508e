package io.github.agentfeedback.capture;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.analytics.FeedbackSummary;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cheap handle on one agent session, obtained from {@link FeedbackManager#session}.
 *
 * <p>Session handles act on their own session only: no method reads or changes another
 * session. Operations across sessions (erasing a user everywhere, statistics over many
 * sessions) are on {@link FeedbackManager}.
 *
 * <p>It holds only the manager and the session id, so create one per request if that is
 * convenient. Thread-safe; every method delegates to the manager.
 *
 * @since 0.1.0
 */
public final class AgentSession {

  private final FeedbackManager manager;
  private final String sessionId;

  AgentSession(FeedbackManager manager, String sessionId) {
    this.manager = manager;
    this.sessionId = sessionId;
  }

  /**
   * The session id.
   *
   * @return the id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Adds feedback to this session.
   *
   * @param feedback the feedback
   * @return the stored feedback and whether this call stored it
   * @see FeedbackManager#addFeedback(String, Feedback)
   */
  public FeedbackResult addFeedback(Feedback feedback) {
    return manager.addFeedback(sessionId, feedback);
  }

  /**
   * Adds feedback to this session with the caller's context, which hooks read and which is
   * not stored.
   *
   * @param feedback the feedback
   * @param context what the caller knows about the call
   * @return the stored feedback and whether this call stored it
   * @see FeedbackManager#addFeedback(String, Feedback, CallContext)
   * @since 0.1.0
   */
  public FeedbackResult addFeedback(Feedback feedback, CallContext context) {
    return manager.addFeedback(sessionId, feedback, context);
  }

  /**
   * This session's feedback, oldest first.
   *
   * @return an immutable list
   */
  public List<Feedback> getFeedbacks() {
    return manager.getFeedbacks(sessionId);
  }

  /**
   * This session's metadata.
   *
   * @return an immutable map
   */
  public Map<String, Object> getMetadata() {
    return manager.getMetadata(sessionId);
  }

  /**
   * Sets metadata keys; other keys are kept.
   *
   * @param values keys and values
   * @see FeedbackManager#updateMetadata(String, Map)
   */
  public void updateMetadata(Map<String, ?> values) {
    manager.updateMetadata(sessionId, values);
  }

  /**
   * Removes metadata keys.
   *
   * @param keys the keys
   */
  public void deleteMetadata(String... keys) {
    manager.deleteMetadata(sessionId, Arrays.asList(Objects.requireNonNull(keys, "keys")));
  }

  /**
   * Removes one feedback.
   *
   * @param feedbackId the feedback id
   * @return whether a feedback was removed
   */
  public boolean retractFeedback(String feedbackId) {
    return manager.retractFeedback(sessionId, feedbackId);
  }

  /**
   * Withdraws a user's vote on a message of this session (one-vote mode).
   *
   * @param userId the user
   * @param messageId the message
   * @return whether a vote was removed
   * @see FeedbackManager#retractVote(String, String, String)
   */
  public boolean retractVote(String userId, String messageId) {
    return manager.retractVote(sessionId, userId, messageId);
  }

  /**
   * Records a reviewer's decision on using one feedback of this session as a training
   * example.
   *
   * @param feedbackId the feedback id
   * @param status the decision
   * @param reviewer who decided, or {@code null}
   * @return whether the feedback was found
   * @see FeedbackManager#review(String, String, ReviewStatus, String)
   */
  public boolean review(String feedbackId, ReviewStatus status, String reviewer) {
    return manager.review(sessionId, feedbackId, status, reviewer);
  }

  /**
   * Replaces stored feedback with the same id.
   *
   * @param feedback the new content; its id names the feedback to replace
   * @return the outcome: replaced, or not found
   * @see FeedbackManager#updateFeedback(String, Feedback)
   */
  public FeedbackResult updateFeedback(Feedback feedback) {
    return manager.updateFeedback(sessionId, feedback);
  }

  /**
   * Removes every feedback a user gave in this session, in one atomic step; the user's
   * feedback in other sessions is kept. To erase a user everywhere (the right to erasure),
   * call {@link FeedbackManager#eraseUser(String)}.
   *
   * @param userId the user
   * @return exactly how many feedbacks were removed from this session
   * @throws InvalidFeedbackException if the user id is invalid
   * @throws FeedbackStoreException if the store failed
   */
  public long eraseUser(String userId) {
    return manager.eraseUser(sessionId, userId);
  }

  /**
   * Every figure of this session's feedback: the same figures, with the same definitions,
   * as {@link io.github.agentfeedback.analytics.FeedbackAnalytics#summary} gives for the
   * query {@link FeedbackQuery#session(String)}.
   *
   * @return the figures
   * @see FeedbackManager#analytics()
   */
  public FeedbackSummary summary() {
    return manager.analytics().summary(FeedbackQuery.session(sessionId));
  }

  @Override
  public String toString() {
    return "AgentSession[" + sessionId + "]";
  }
}
