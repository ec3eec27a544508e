package io.github.agentfeedback.spi;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A store that forwards every call, for tests that override one operation. */
public class DelegatingStore implements FeedbackStore {

  private final FeedbackStore delegate;

  public DelegatingStore(FeedbackStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public FeedbackResult append(String sessionId, Feedback feedback, UnknownSessionPolicy policy) {
    return delegate.append(sessionId, feedback, policy);
  }

  @Override
  public FeedbackResult replace(String sessionId, Feedback feedback) {
    return delegate.replace(sessionId, feedback);
  }

  @Override
  public FeedbackResult replaceVote(String sessionId, Feedback vote) {
    return delegate.replaceVote(sessionId, vote);
  }

  @Override
  public boolean review(String sessionId, String feedbackId, Review review) {
    return delegate.review(sessionId, feedbackId, review);
  }

  @Override
  public List<Feedback> list(String sessionId) {
    return delegate.list(sessionId);
  }

  @Override
  public Stream<SessionFeedback> stream(FeedbackQuery query) {
    return delegate.stream(query);
  }

  @Override
  public boolean delete(String sessionId, String feedbackId) {
    return delegate.delete(sessionId, feedbackId);
  }

  @Override
  public long eraseUser(String userId) {
    return delegate.eraseUser(userId);
  }

  @Override
  public long eraseUser(String sessionId, String userId) {
    return delegate.eraseUser(sessionId, userId);
  }

  @Override
  public Map<String, Object> metadata(String sessionId) {
    return delegate.metadata(sessionId);
  }

  @Override
  public void updateMetadata(String sessionId, Map<String, Object> values) {
    delegate.updateMetadata(sessionId, values);
  }

  @Override
  public void deleteMetadata(String sessionId, Collection<String> keys) {
    delegate.deleteMetadata(sessionId, keys);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
