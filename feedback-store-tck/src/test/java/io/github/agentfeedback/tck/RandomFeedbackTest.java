package io.github.agentfeedback.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shared generator: the same settings give the same feedback, feedback {@code i} needs
 * no predecessor, every session gets feedback, and every kind of value the stores and the
 * analytics read occurs.
 */
class RandomFeedbackTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final RandomFeedback generator =
      RandomFeedback.builder()
          .seed(11)
          .sessions(17)
          .start(START)
          .span(Duration.ofDays(5))
          .users(6)
          .messages(8)
          .build();

  @Test
  void theSameSettingsGiveTheSameFeedbackAndEachFeedbackStandsAlone() {
    List<SessionFeedback> list = generator.list(200);
    assertThat(
            RandomFeedback.builder()
                .seed(11)
                .sessions(17)
                .start(START)
                .span(Duration.ofDays(5))
                .users(6)
                .messages(8)
                .build()
                .list(200))
        .isEqualTo(list);
    assertThat(generator.stream(200).toList()).isEqualTo(list);
    assertThat(generator.get(137)).isEqualTo(list.get(137));
    assertThat(
            RandomFeedback.builder()
                .seed(12)
                .sessions(17)
                .start(START)
                .span(Duration.ofDays(5))
                .users(6)
                .messages(8)
                .build()
                .list(200))
        .isNotEqualTo(list);
  }

  @Test
  void everySessionHasFeedbackAndIdsAreUnique() {
    List<SessionFeedback> list = generator.list(17);
    assertThat(list)
        .extracting(SessionFeedback::sessionId)
        .containsExactlyElementsOf(generator.metadata().keySet());
    assertThat(generator.list(500))
        .extracting(sf -> sf.feedback().id())
        .doesNotHaveDuplicates()
        .startsWith("f-0", "f-1");
  }

  @Test
  void everyKindOfValueOccursWithinTheSettings() {
    List<Feedback> all = generator.stream(2_000).map(SessionFeedback::feedback).toList();
    assertThat(all)
        .extracting(Feedback::rating)
        .contains(Rating.UP, Rating.DOWN, Rating.NEUTRAL, null);
    assertThat(values(all, f -> f.score() == null ? null : f.score().scale().name()))
        .containsExactlyInAnyOrder("stars_5", "nps", "csat", "ces", "ratio", "percent");
    assertThat(values(all, Feedback::userId)).hasSize(6);
    assertThat(values(all, Feedback::messageId)).hasSize(8);
    assertThat(values(all, f -> f.attributes().get("sentiment")))
        .hasAtLeastOneElementOfType(String.class)
        .hasAtLeastOneElementOfType(Double.class);
    assertThat(values(all, Feedback::model)).hasSize(6);
    assertThat(values(all, f -> f.source().name()))
        .containsExactlyInAnyOrder("end_user", "llm_judge", "reviewer", "qa_bot");
    assertThat(values(all, f -> f.review() == null ? null : f.review().status())).hasSize(3);
    assertThat(all).filteredOn(f -> f.comparison() != null).isNotEmpty();
    assertThat(all).filteredOn(f -> !f.dimensions().isEmpty()).isNotEmpty();
    assertThat(all).filteredOn(f -> !f.tags().isEmpty()).isNotEmpty();
    assertThat(all).filteredOn(f -> f.comment().contains("\u0000")).isNotEmpty();
    assertThat(all)
        .filteredOn(f -> f.prompt() != null && f.response() != null)
        .isNotEmpty()
        .hasSizeLessThan(all.size());
    assertThat(all).filteredOn(f -> f.correction() != null).isNotEmpty();
    assertThat(all)
        .allSatisfy(
            f ->
                assertThat(f.createdAt())
                    .isBetween(START, START.plus(Duration.ofDays(5)).minusMillis(1)));
  }

  @Test
  void trainingTextGivesEveryFeedbackAPromptAResponseAndACorrection() {
    assertThat(RandomFeedback.builder().trainingText(true).build().stream(300))
        .allSatisfy(
            sf ->
                assertThat(sf.feedback())
                    .satisfies(
                        f -> {
                          assertThat(f.prompt()).isNotBlank();
                          assertThat(f.response()).isNotBlank().isNotEqualTo(f.correction());
                          assertThat(f.correction()).isNotBlank();
                        }));
  }

  @Test
  void metadataVariesInTypeAndLoadsWithTheFeedback() {
    Map<String, Map<String, Object>> metadata = generator.metadata();
    assertThat(metadata).hasSize(17);
    assertThat(metadata.values())
        .extracting(m -> m.get("variant"))
        .contains("A", "B", "C", null, 3, 3.0, true, List.of("A", "B"));
    InMemoryFeedbackStore store = new InMemoryFeedbackStore();
    generator.load(store, 100);
    try (var all = store.stream(FeedbackQuery.all())) {
      assertThat(all.count()).isEqualTo(100);
    }
    assertThat(store.metadata("s-0005")).containsEntry("variant", 3);
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> RandomFeedback.builder().sessions(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessions");
    assertThatThrownBy(() -> RandomFeedback.builder().users(0)).hasMessageContaining("users");
    assertThatThrownBy(() -> RandomFeedback.builder().messages(-1))
        .hasMessageContaining("messages");
    assertThatThrownBy(() -> RandomFeedback.builder().span(Duration.ZERO))
        .hasMessageContaining("span");
    assertThatThrownBy(() -> generator.get(-1)).hasMessageContaining("index");
    assertThatThrownBy(() -> generator.list(-1)).hasMessageContaining("count");
  }

  @Test
  void textsHaveTheirNumberOfPiecesAndBadBoundsAreNamed() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100; i++) {
      int words = RandomTexts.join(random, new String[] {"w"}, 2, 4, " ").split(" ").length;
      assertThat(words).isBetween(2, 4);
    }
    assertThat(RandomTexts.of(new String[] {"a", "b"}, 50, 3, 7))
        .isEqualTo(RandomTexts.of(new String[] {"a", "b"}, 50, 3, 7))
        .allSatisfy(t -> assertThat(t).hasSizeBetween(1, 3));
    assertThatThrownBy(() -> RandomTexts.join(random, new String[] {"w"}, 3, 2, ""))
        .hasMessageContaining("min 3, max 2");
    assertThatThrownBy(() -> RandomTexts.join(random, new String[0], 1, 2, ""))
        .hasMessageContaining("pieces");
  }

  private static Set<Object> values(List<Feedback> all, Function<Feedback, Object> value) {
    return all.stream().map(value).filter(Objects::nonNull).collect(Collectors.toSet());
  }
}
