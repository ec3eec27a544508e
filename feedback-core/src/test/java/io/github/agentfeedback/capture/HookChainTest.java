package io.github.agentfeedback.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.spi.DelegatingStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HookChainTest {

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  private FeedbackManager manager(FeedbackHook... hooks) {
    return FeedbackManager.builder().store(store).hooks(hooks).build();
  }

  private static FeedbackHook recording(List<String> log, String name) {
    return chain -> {
      log.add(name + ">");
      FeedbackResult r = chain.proceed(chain.feedback());
      log.add("<" + name);
      return r;
    };
  }

  @Test
  void firstHookIsOutermost() {
    List<String> log = new ArrayList<>();
    manager(recording(log, "a"), recording(log, "b"), recording(log, "c"))
        .addFeedback("s", Feedback.up("x"));
    assertThat(log).containsExactly("a>", "b>", "c>", "<c", "<b", "<a");
  }

  @Test
  void hookSeesSessionActionAndCompletedFeedback() {
    List<FeedbackHook.Chain> seen = new ArrayList<>();
    manager(
            chain -> {
              seen.add(chain);
              return chain.proceed(chain.feedback());
            })
        .addFeedback("s-1", Feedback.up("x"));
    assertThat(seen)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.sessionId()).isEqualTo("s-1");
              assertThat(c.action()).isEqualTo(FeedbackAction.ADD);
              assertThat(c.feedback().id()).isNotBlank();
              assertThat(c.feedback().createdAt()).isNotNull();
            });
  }

  @Test
  void hookCanChangeTheFeedbackBeforeItIsStored() {
    FeedbackHook upper =
        chain ->
            chain.proceed(
                chain.feedback().toBuilder()
                    .comment(chain.feedback().comment().toUpperCase())
                    .build());
    FeedbackHook stamp =
        chain -> chain.proceed(chain.feedback().toBuilder().attribute("channel", "web").build());
    FeedbackResult r = manager(upper, stamp).addFeedback("s", Feedback.up("quiet"));
    assertThat(r.feedback().comment()).isEqualTo("QUIET");
    assertThat(store.list("s"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.comment()).isEqualTo("QUIET");
              assertThat(f.attributes()).containsEntry("channel", "web");
            });
  }

  @Test
  void aHookSeesWhatItReceivedAfterLaterHooksReplacedIt() {
    List<String> seen = new ArrayList<>();
    FeedbackHook outer =
        chain -> {
          seen.add("outer " + chain.feedback().comment());
          FeedbackResult r = chain.proceed(chain.feedback());
          seen.add("outer " + chain.feedback().comment());
          return r;
        };
    FeedbackHook upper =
        chain -> {
          FeedbackResult r = chain.proceed(chain.feedback().toBuilder().comment("LOUD").build());
          seen.add("upper " + chain.feedback().comment());
          return r;
        };
    FeedbackHook inner =
        chain -> {
          seen.add("inner " + chain.feedback().comment());
          return chain.proceed(chain.feedback());
        };
    FeedbackResult r = manager(outer, upper, inner).addFeedback("s", Feedback.up("quiet"));
    assertThat(r.feedback().comment()).isEqualTo("LOUD");
    assertThat(seen).containsExactly("outer quiet", "inner LOUD", "upper quiet", "outer quiet");
  }

  @Test
  void aHookSeesWhatItReceivedWhenALaterHookRejects() {
    List<String> seen = new ArrayList<>();
    FeedbackHook catching =
        chain -> {
          try {
            return chain.proceed(chain.feedback().toBuilder().comment("changed").build());
          } catch (FeedbackRejectedException e) {
            seen.add(chain.feedback().comment());
            throw e;
          }
        };
    FeedbackHook reject =
        chain -> {
          seen.add(chain.feedback().comment());
          throw new FeedbackRejectedException(FeedbackRejectedException.SPAM, "spam");
        };
    assertThatThrownBy(() -> manager(catching, reject).addFeedback("s", Feedback.up("quiet")))
        .isInstanceOf(FeedbackRejectedException.class);
    assertThat(seen).containsExactly("changed", "quiet");
  }

  @Test
  void rejectingHookStoresNothing() {
    List<String> log = new ArrayList<>();
    FeedbackHook reject =
        chain -> {
          throw new FeedbackRejectedException(FeedbackRejectedException.SPAM, "spam");
        };
    assertThatThrownBy(
            () ->
                manager(recording(log, "outer"), reject, recording(log, "inner"))
                    .addFeedback("s", Feedback.up("buy now")))
        .isInstanceOfSatisfying(
            FeedbackRejectedException.class, e -> assertThat(e.code()).isEqualTo("SPAM"));
    assertThat(store.list("s")).isEmpty();
    assertThat(log).containsExactly("outer>");
  }

  @Test
  void hookThatProceedsTwiceIsNamedInIllegalStateException() {
    FeedbackHook twice = new ProceedTwice();
    assertThatThrownBy(() -> manager(twice).addFeedback("s", Feedback.up("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ProceedTwice.class.getName())
        .hasMessageContaining("more than once");
    assertThat(store.list("s")).hasSize(1);
  }

  @Test
  void hookThatNeverProceedsIsNamedInIllegalStateException() {
    FeedbackHook never = new NeverProceeds();
    assertThatThrownBy(() -> manager(never).addFeedback("s", Feedback.up("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(NeverProceeds.class.getName())
        .hasMessageContaining("without calling proceed");
    assertThat(store.list("s")).isEmpty();
  }

  @Test
  void hookReturningNullIsABug() {
    FeedbackHook nullish =
        chain -> {
          chain.proceed(chain.feedback());
          return null;
        };
    assertThatThrownBy(() -> manager(nullish).addFeedback("s", Feedback.up("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned null");
  }

  @Test
  void failureAfterProceedIsLoggedAndTheCallerGetsTheStoredResult() {
    FeedbackHook notifier =
        chain -> {
          chain.proceed(chain.feedback());
          throw new IllegalArgumentException("receiver down");
        };
    FeedbackResult r = manager(notifier).addFeedback("s", Feedback.down("bad"));
    assertThat(r.created()).isTrue();
    assertThat(store.list("s")).containsExactly(r.feedback());
  }

  @Test
  void outerHooksStillSeeTheResultWhenAnInnerHookFailsAfterProceed() {
    List<FeedbackResult> seenByOuter = new ArrayList<>();
    FeedbackHook outer =
        chain -> {
          FeedbackResult r = chain.proceed(chain.feedback());
          seenByOuter.add(r);
          return r;
        };
    FeedbackHook failing =
        chain -> {
          chain.proceed(chain.feedback());
          throw new IllegalStateException("boom");
        };
    manager(outer, failing).addFeedback("s", Feedback.up("x"));
    assertThat(seenByOuter).singleElement().satisfies(r -> assertThat(r.created()).isTrue());
  }

  @Test
  void storeFailurePassesThroughHooks() {
    List<String> log = new ArrayList<>();
    FeedbackManager m =
        FeedbackManager.builder().store(new FailingStore()).hooks(recording(log, "a")).build();
    assertThatThrownBy(() -> m.addFeedback("s", Feedback.up("x")))
        .isInstanceOf(FeedbackStoreException.class)
        .hasMessageContaining("session 's'");
    assertThat(log).containsExactly("a>");
  }

  @Test
  void composeRunsHooksInOrderInsideTheOuterChain() {
    List<String> log = new ArrayList<>();
    FeedbackHook combined = FeedbackHooks.compose(recording(log, "b"), recording(log, "c"));
    manager(recording(log, "a"), combined, recording(log, "d")).addFeedback("s", Feedback.up("x"));
    assertThat(log).containsExactly("a>", "b>", "c>", "d>", "<d", "<c", "<b", "<a");
    assertThat(store.list("s")).hasSize(1);
  }

  @Test
  void composedHooksSeeTheCallersContext() {
    List<String> principals = new ArrayList<>();
    FeedbackHook reading =
        chain -> {
          principals.add(chain.context().principal());
          return chain.proceed(chain.feedback());
        };
    manager(FeedbackHooks.compose(reading, reading))
        .addFeedback("s", Feedback.up("x"), CallContext.builder().principal("alice").build());
    assertThat(principals).containsExactly("alice", "alice");
  }

  @Test
  void aChainKeptAfterTheCallStillShowsWhatItsHookReceived() {
    List<FeedbackHook.Chain> kept = new ArrayList<>();
    FeedbackHook upper =
        chain -> {
          kept.add(chain);
          return chain.proceed(chain.feedback().toBuilder().comment("LOUD").build());
        };
    FeedbackHook inner =
        chain -> {
          kept.add(chain);
          return chain.proceed(chain.feedback());
        };
    manager(upper, inner).addFeedback("s", Feedback.up("quiet"));
    assertThat(kept).extracting(c -> c.feedback().comment()).containsExactly("quiet", "LOUD");
  }

  @Test
  void composedHooksAreHeldToTheSameRules() {
    FeedbackHook combined =
        FeedbackHooks.compose(chain -> chain.proceed(chain.feedback()), new NeverProceeds());
    assertThatThrownBy(() -> manager(combined).addFeedback("s", Feedback.up("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(NeverProceeds.class.getName());
  }

  @Test
  void composedHookThatProceedsTwiceStillFailsTheCaller() {
    FeedbackHook combined =
        FeedbackHooks.compose(chain -> chain.proceed(chain.feedback()), new ProceedTwice());
    assertThatThrownBy(() -> manager(combined).addFeedback("s", Feedback.up("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ProceedTwice.class.getName());
  }

  @Test
  void hookThatDropsTheIdIsABug() {
    FeedbackHook dropId = chain -> chain.proceed(chain.feedback().toBuilder().id(null).build());
    assertThatThrownBy(() -> manager(dropId).addFeedback("s", Feedback.up("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without an id");
    assertThat(store.list("s")).isEmpty();
  }

  @Test
  void managerCloseReachesHooksInsideComposedHooks() {
    List<String> closed = new ArrayList<>();
    FeedbackManager m =
        manager(
            FeedbackHooks.compose(
                new ClosingHook("a", closed),
                chain -> chain.proceed(chain.feedback()),
                new ClosingHook("b", closed)));
    m.close();
    assertThat(closed).containsExactly("b", "a");
  }

  private static final class ProceedTwice implements FeedbackHook {
    @Override
    public FeedbackResult intercept(Chain chain) {
      chain.proceed(chain.feedback());
      return chain.proceed(chain.feedback());
    }
  }

  private static final class NeverProceeds implements FeedbackHook {
    @Override
    public FeedbackResult intercept(Chain chain) {
      return FeedbackResult.created(chain.feedback());
    }
  }

  private static final class FailingStore extends DelegatingStore {
    FailingStore() {
      super(new InMemoryFeedbackStore());
    }

    @Override
    public FeedbackResult append(String sessionId, Feedback feedback, UnknownSessionPolicy policy) {
      throw new FeedbackStoreException(
          "disk on fire", "append", sessionId, feedback.id(), true, null);
    }
  }
}
