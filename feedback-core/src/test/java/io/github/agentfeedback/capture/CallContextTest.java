package io.github.agentfeedback.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallContextTest {

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  private static final CallContext ALICE =
      CallContext.builder()
          .clientAddress("203.0.113.7")
          .userAgent("curl/8.5")
          .principal("alice")
          .claims(Map.of("sub", "alice", "scope", "feedback:write"))
          .extra(Integer.class, 42)
          .build();

  private FeedbackManager manager(FeedbackHook... hooks) {
    return FeedbackManager.builder().store(store).hooks(hooks).build();
  }

  @Test
  void everyHookOfTheCallSeesTheCallersContext() {
    List<CallContext> seen = new ArrayList<>();
    FeedbackHook recording =
        chain -> {
          seen.add(chain.context());
          return chain.proceed(chain.feedback());
        };
    manager(recording, recording).addFeedback("s", Feedback.up("x"), ALICE);

    assertThat(seen).containsExactly(ALICE, ALICE);
    assertThat(seen.get(0).principal()).isEqualTo("alice");
    assertThat(seen.get(0).clientAddress()).isEqualTo("203.0.113.7");
    assertThat(seen.get(0).userAgent()).isEqualTo("curl/8.5");
    assertThat(seen.get(0).claim("scope")).isEqualTo("feedback:write");
    assertThat(seen.get(0).extra(Integer.class)).isEqualTo(42);
    assertThat(seen.get(0).extra(String.class)).isNull();
  }

  @Test
  void callsWithoutContextSeeTheSharedEmptyOne() {
    List<CallContext> seen = new ArrayList<>();
    FeedbackManager manager =
        manager(
            chain -> {
              seen.add(chain.context());
              return chain.proceed(chain.feedback());
            });
    manager.addFeedback("s", Feedback.up("x"));
    manager.session("s").addFeedback(Feedback.up("y"));
    manager.addFeedbacks(List.of(new SessionFeedback("s", Feedback.up("z"))));

    assertThat(seen).hasSize(3).allSatisfy(c -> assertThat(c).isSameAs(CallContext.empty()));
    assertThat(CallContext.empty().isEmpty()).isTrue();
    assertThat(CallContext.empty().claims()).isEmpty();
  }

  @Test
  void theContextIsNeverStored() {
    FeedbackManager manager = manager();
    var result = manager.session("s").addFeedback(Feedback.up("x"), ALICE);

    Feedback stored = manager.getFeedbacks("s").get(0);
    assertThat(stored).isEqualTo(result.feedback());
    assertThat(stored.attributes()).isEmpty();
    assertThat(stored.userId()).isNull();
  }

  @Test
  void aHookMayRefuseByContextAndTheRulesStillHold() {
    FeedbackHook blockAddress =
        chain -> {
          if ("198.51.100.1".equals(chain.context().clientAddress())) {
            throw new FeedbackRejectedException("BLOCKED", "blocked client");
          }
          return chain.proceed(chain.feedback());
        };
    FeedbackHook forgetsToProceed = chain -> null;
    CallContext blocked = CallContext.builder().clientAddress("198.51.100.1").build();

    assertThatThrownBy(() -> manager(blockAddress).addFeedback("s", Feedback.up("x"), blocked))
        .isInstanceOf(FeedbackRejectedException.class);
    assertThat(store.list("s")).isEmpty();
    assertThatThrownBy(() -> manager(forgetsToProceed).addFeedback("s", Feedback.up("x"), ALICE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned without calling proceed()");
    assertThat(manager(blockAddress).addFeedback("s", Feedback.up("x"), ALICE).created()).isTrue();
  }

  @Test
  void aNullContextIsRefusedByName() {
    assertThatThrownBy(() -> manager().addFeedback("s", Feedback.up("x"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context");
  }

  @Test
  void valuesAreCopiedAndNullClaimsLeftOut() {
    Map<String, Object> claims = new HashMap<>();
    claims.put("sub", "bob");
    claims.put("email", null);
    CallContext context = CallContext.builder().claims(claims).build();
    claims.put("sub", "mallory");

    assertThat(context.claims()).containsExactly(Map.entry("sub", "bob"));
    assertThat(context.isEmpty()).isFalse();
    assertThat(context.toBuilder().principal("bob").build())
        .isNotEqualTo(context)
        .satisfies(c -> assertThat(c.claims()).isEqualTo(context.claims()));
    assertThat(ALICE.toBuilder().build()).isEqualTo(ALICE).hasSameHashCodeAs(ALICE);
    assertThat(ALICE.toString())
        .contains("principal=alice", "claims=[", "extras=[Integer]")
        .doesNotContain("feedback:write");
  }
}
