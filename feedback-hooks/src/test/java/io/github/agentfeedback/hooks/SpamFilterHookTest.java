package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.SpamFilterHook.Signal;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpamFilterHookTest {

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();

  private FeedbackManager manager(SpamFilterHook hook) {
    return FeedbackManager.builder().store(store).hooks(hook).build();
  }

  private int sessions;

  private void assertSpam(SpamFilterHook hook, String comment) {
    String session = "spam-" + ++sessions;
    assertThatThrownBy(() -> manager(hook).addFeedback(session, Feedback.up(comment)))
        .isInstanceOfSatisfying(
            FeedbackRejectedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(FeedbackRejectedException.SPAM);
              assertThat(e.retryAfter()).isEmpty();
            });
    assertThat(store.list(session)).isEmpty();
  }

  private void assertStored(SpamFilterHook hook, String comment) {
    assertThat(manager(hook).addFeedback("s", Feedback.up(comment)).created()).isTrue();
  }

  @Test
  void listedPhraseIsSpam() {
    assertSpam(SpamFilterHook.defaults(), "Great bot. BUY NOW at cheap-pills!");
  }

  @Test
  void phrasesMatchWholeWordsIgnoringCaseAndCompatibilityForms() {
    SpamFilterHook hook = SpamFilterHook.defaults();
    assertThat(hook.signals("Ｃａｓｉｎｏ bonus")).containsExactly(Signal.PHRASE);
    assertThat(hook.signals("the casinos article was wrong")).isEmpty();
    assertThat(hook.signals("you should react nowhere near this fast")).isEmpty();
  }

  @Test
  void invisibleCharactersAndTheDottedCapitalIDoNotHideAPhrase() {
    SpamFilterHook hook = SpamFilterHook.defaults();
    // Zero-width space, soft hyphen, zero-width joiner, word joiner and a BOM render as
    // nothing: the reader sees the phrase.
    assertThat(hook.signals("ca\u200Bsino bonus")).containsExactly(Signal.PHRASE);
    assertThat(hook.signals("vi\u00ADagra")).containsExactly(Signal.PHRASE);
    assertThat(hook.signals("buy\u200D now")).containsExactly(Signal.PHRASE);
    assertThat(hook.signals("free\u2060 \uFEFFmoney")).containsExactly(Signal.PHRASE);
    // Upper-case İ (U+0130) reads as I; lower-cased by String it became "i" + U+0307.
    assertThat(hook.signals("VİSİT MY WEBSİTE")).containsExactly(Signal.PHRASE);
    assertSpam(hook, "CASİNO bonus");
    // Dropped, not taken for a word break: "casino\u200Bs" reads "casinos".
    assertThat(hook.signals("the casino\u200Bs article")).isEmpty();
  }

  @Test
  void tooManyLinksIsSpam() {
    SpamFilterHook hook = SpamFilterHook.defaults();
    assertStored(hook, "see https://a.example and www.b.example");
    assertSpam(hook, "https://a.example http://b.example www.c.example");
  }

  @Test
  void shoutingAloneIsNotSpamButWithRepeatedCharactersItIs() {
    SpamFilterHook hook = SpamFilterHook.defaults();
    assertStored(hook, "THIS ANSWER WAS COMPLETELY WRONG, THE ORDER NUMBER IS NOT THERE");
    assertStored(hook, "nooooooooooooo it did not work");
    assertSpam(hook, "AMAZING DEAL FOR EVERYONE TODAY!!!!!!!!!!!!");
  }

  @Test
  void signalsReportWhatFired() {
    SpamFilterHook hook = SpamFilterHook.defaults();
    assertThat(hook.signals("WOW GREAT SERVICE EVERYONE LOOK HERE ZZZZZZZZZZZZZ"))
        .containsExactly(Signal.REPEATED_CHARACTERS, Signal.ALL_CAPS);
    assertThat(hook.signals("Sooo good, thanks!!")).isEmpty();
    assertThat(hook.signals("")).isEmpty();
  }

  @Test
  void weightsAndThresholdAreConfigurable() {
    SpamFilterHook strict = SpamFilterHook.builder().weight(Signal.ALL_CAPS, 1.0).build();
    assertSpam(strict, "THIS ANSWER WAS COMPLETELY WRONG, THE ORDER NUMBER IS NOT THERE");
    SpamFilterHook noPhrases = SpamFilterHook.builder().weight(Signal.PHRASE, 0).build();
    assertStored(noPhrases, "buy now");
    SpamFilterHook lenient = SpamFilterHook.builder().threshold(2).build();
    assertStored(lenient, "buy now");
  }

  @Test
  void phraseListCanBeReplacedOrExtended() {
    SpamFilterHook custom = SpamFilterHook.builder().phrases(List.of("lorem ipsum")).build();
    assertStored(custom, "buy now");
    assertSpam(custom, "Lorem   Ipsum dolor");
    SpamFilterHook extended = SpamFilterHook.builder().addPhrases("join my server").build();
    assertThat(extended.signals("please JOIN MY SERVER")).containsExactly(Signal.PHRASE);
  }

  @Test
  void correctionsAreCheckedOnlyWhenAsked() {
    Feedback f =
        Feedback.builder()
            .rating(Rating.DOWN)
            .comment("wrong link")
            .correction("https://a.example https://b.example https://c.example")
            .build();
    assertThat(manager(SpamFilterHook.defaults()).addFeedback("s", f).created()).isTrue();
    SpamFilterHook withCorrections = SpamFilterHook.builder().includeCorrection(true).build();
    assertThatThrownBy(() -> manager(withCorrections).addFeedback("s2", f))
        .isInstanceOf(FeedbackRejectedException.class);
  }

  @Test
  void ordinaryFeedbackPasses() {
    SpamFilterHook hook = SpamFilterHook.defaults();
    assertStored(hook, "Clear instructions, thanks! The link https://docs.example helped.");
    assertStored(hook, "");
  }

  @Test
  void anUpdateThatLooksLikeSpamIsRefusedAndTheStoredFeedbackKept() {
    FeedbackManager m = manager(SpamFilterHook.defaults());
    Feedback added = m.addFeedback("s", Feedback.up("Helpful, thanks")).feedback();
    assertThatThrownBy(
            () -> m.updateFeedback("s", added.toBuilder().comment("FREE MONEY, buy now").build()))
        .isInstanceOfSatisfying(
            FeedbackRejectedException.class,
            e -> assertThat(e.code()).isEqualTo(FeedbackRejectedException.SPAM));
    assertThat(store.list("s")).extracting(Feedback::comment).containsExactly("Helpful, thanks");
    assertThat(
            m.updateFeedback("s", added.toBuilder().comment("Helpful, really").build()).changed())
        .isTrue();
  }

  @Test
  void linksAreCountedWhateverTheirCaseAndWwwOnlyAtAWordStart() {
    SpamFilterHook hook = SpamFilterHook.defaults();
    assertThat(hook.signals("HTTPS://a.example WWW.b.example http://c.example"))
        .containsExactly(Signal.LINKS);
    assertThat(hook.signals("see awww.example, bwww.example and cwww.example")).isEmpty();
  }
}
