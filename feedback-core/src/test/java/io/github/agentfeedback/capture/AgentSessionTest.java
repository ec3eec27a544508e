package io.github.agentfeedback.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.AppendResult;
import io.github.agentfeedback.spi.DelegatingStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Session handles act on their own session only. */
class AgentSessionTest {

  private final InMemoryFeedbackStore memory = new InMemoryFeedbackStore();

  private static Feedback by(String user, String id) {
    return Feedback.up("from " + user).toBuilder().id(id).userId(user).build();
  }

  @Test
  void eraseUserOnAHandleErasesTheUserInThatSessionOnly() {
    FeedbackManager manager = FeedbackManager.builder().store(memory).build();
    AgentSession a = manager.session("a");
    AgentSession b = manager.session("b");
    a.addFeedback(by("u", "a1"));
    a.addFeedback(by("u", "a2"));
    a.addFeedback(by("other", "a3"));
    b.addFeedback(by("u", "b1"));

    assertThat(a.eraseUser("u")).isEqualTo(2);
    assertThat(a.eraseUser("u")).isZero();

    assertThat(a.getFeedbacks()).extracting(Feedback::id).containsExactly("a3");
    assertThat(b.getFeedbacks()).extracting(Feedback::id).containsExactly("b1");
    assertThat(manager.session("unknown").eraseUser("u")).isZero();
    // Erasing a user everywhere stays on the manager.
    assertThat(manager.eraseUser("u")).isEqualTo(1);
    assertThat(b.getFeedbacks()).isEmpty();
  }

  @Test
  void everyHandleMethodNamesItsOwnSessionAndNoOther() {
    ScopeRecorder store = new ScopeRecorder(memory);
    FeedbackManager manager = FeedbackManager.builder().store(store).build();
    manager.addFeedback("b", by("u", "same-id"));
    manager.updateMetadata("b", Map.of("k", "b's"));
    List<Feedback> otherBefore = manager.getFeedbacks("b");
    store.scopes.clear();

    AgentSession a = manager.session("a");
    Set<String> called = new TreeSet<>();
    called.add("addFeedback");
    a.addFeedback(by("u", "same-id"));
    called.add("updateFeedback");
    a.updateFeedback(by("u", "same-id").toBuilder().comment("changed").build());
    called.add("review");
    assertThat(a.review("same-id", ReviewStatus.APPROVED, "rita")).isTrue();
    called.add("updateMetadata");
    a.updateMetadata(Map.of("k", "a's"));
    called.add("getMetadata");
    assertThat(a.getMetadata()).isEqualTo(Map.of("k", "a's"));
    called.add("deleteMetadata");
    a.deleteMetadata("k");
    called.add("getFeedbacks");
    assertThat(a.getFeedbacks()).extracting(Feedback::comment).containsExactly("changed");
    called.add("summary");
    assertThat(a.summary().ratings().total()).isEqualTo(1);
    called.add("eraseUser");
    assertThat(a.eraseUser("u")).isEqualTo(1);
    a.addFeedback(by("u", "again"));
    a.addFeedback(
        Feedback.builder()
            .id(Feedback.voteId("v", "m"))
            .userId("v")
            .messageId("m")
            .rating(Rating.UP)
            .build());
    called.add("retractVote");
    assertThat(a.retractVote("v", "m")).isTrue();
    called.add("retractFeedback");
    assertThat(a.retractFeedback("again")).isTrue();
    assertThat(a.retractFeedback("same-id")).isFalse();

    assertThat(store.scopes).isNotEmpty().containsOnly("a");
    assertThat(manager.getFeedbacks("b")).isEqualTo(otherBefore);
    assertThat(manager.getMetadata("b")).isEqualTo(Map.of("k", "b's"));
    // A method added to the handle later must be added to this test.
    assertThat(called).isEqualTo(actionsOf(AgentSession.class));
  }

  /** The public instance methods of a class, but for those that only describe the handle. */
  private static Set<String> actionsOf(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .map(Method::getName)
        .filter(name -> !Set.of("sessionId", "toString", "equals", "hashCode").contains(name))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Records the scope of every store call: the session it names, or {@code *} for a call
   * that reaches beyond one session (erasing a user everywhere, a query over other or all
   * sessions).
   */
  private static final class ScopeRecorder extends DelegatingStore {
    final List<String> scopes = new ArrayList<>();

    ScopeRecorder(InMemoryFeedbackStore delegate) {
      super(delegate);
    }

    private void scope(String sessionId) {
      synchronized (scopes) {
        scopes.add(sessionId);
      }
    }

    private void scope(FeedbackQuery query) {
      Set<String> ids = query.sessionIds();
      scope(ids.size() == 1 ? ids.iterator().next() : "*");
    }

    @Override
    public FeedbackResult append(String sessionId, Feedback feedback, UnknownSessionPolicy policy) {
      scope(sessionId);
      return super.append(sessionId, feedback, policy);
    }

    @Override
    public List<AppendResult> appendAll(List<SessionFeedback> items, UnknownSessionPolicy policy) {
      items.forEach(i -> scope(i.sessionId()));
      return super.appendAll(items, policy);
    }

    @Override
    public FeedbackResult replace(String sessionId, Feedback feedback) {
      scope(sessionId);
      return super.replace(sessionId, feedback);
    }

    @Override
    public FeedbackResult replaceVote(String sessionId, Feedback vote) {
      scope(sessionId);
      return super.replaceVote(sessionId, vote);
    }

    @Override
    public boolean review(String sessionId, String feedbackId, Review review) {
      scope(sessionId);
      return super.review(sessionId, feedbackId, review);
    }

    @Override
    public List<Feedback> list(String sessionId) {
      scope(sessionId);
      return super.list(sessionId);
    }

    @Override
    public Stream<SessionFeedback> stream(FeedbackQuery query) {
      scope(query);
      return super.stream(query);
    }

    @Override
    public AnalyticsResult analyze(AnalyticsRequest request) {
      scope(request.query());
      return super.analyze(request);
    }

    @Override
    public boolean delete(String sessionId, String feedbackId) {
      scope(sessionId);
      return super.delete(sessionId, feedbackId);
    }

    @Override
    public long eraseUser(String userId) {
      scope("*");
      return super.eraseUser(userId);
    }

    @Override
    public long eraseUser(String sessionId, String userId) {
      scope(sessionId);
      return super.eraseUser(sessionId, userId);
    }

    @Override
    public Map<String, Object> metadata(String sessionId) {
      scope(sessionId);
      return super.metadata(sessionId);
    }

    @Override
    public void updateMetadata(String sessionId, Map<String, Object> values) {
      scope(sessionId);
      super.updateMetadata(sessionId, values);
    }

    @Override
    public void deleteMetadata(String sessionId, Collection<String> keys) {
      scope(sessionId);
      super.deleteMetadata(sessionId, keys);
    }
  }
}
