package io.github.agentfeedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.agentfeedback.analytics.Trend;
import io.github.agentfeedback.capture.FeedbackHooks;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The defect classes a corpus of hostile inputs found, each rejected at its root in core,
 * before any hook or store sees it: invalid UTF-16, instants outside what stores and
 * calendars hold, built-in scale names with other bounds, oversized values, cyclic and
 * exploding values, and inputs that raised untyped exceptions.
 */
class HostileInputTest {

  /** A lone high surrogate: stores would write U+FFFD, so two ids would collide. */
  private static final String LONE = "a\uD800b";

  private static final String LONE_LOW = "\uDC00";

  private final InMemoryFeedbackStore store = new InMemoryFeedbackStore();
  private final FeedbackManager manager = FeedbackManager.builder().store(store).build();

  @AfterEach
  void nothingWasStored() {
    assertThat(store.stream(FeedbackQuery.all()).count()).isZero();
  }

  static Stream<Arguments> everyStringEntryPoint() {
    return Stream.of(
        entry("id", m -> m.addFeedback("s", Feedback.builder().id(LONE).build())),
        entry("comment", m -> m.addFeedback("s", Feedback.up(LONE))),
        entry("comment", m -> m.addFeedback("s", Feedback.up("x" + LONE_LOW))),
        entry("correction", m -> m.addFeedback("s", Feedback.builder().correction(LONE).build())),
        entry("userId", m -> m.addFeedback("s", Feedback.builder().userId(LONE).build())),
        entry("messageId", m -> m.addFeedback("s", Feedback.builder().messageId(LONE).build())),
        entry("tags[1]", m -> m.addFeedback("s", Feedback.builder().tags("ok", LONE).build())),
        entry(
            "attributes key",
            m -> m.addFeedback("s", Feedback.builder().attribute(LONE, 1).build())),
        entry(
            "attributes.k",
            m -> m.addFeedback("s", Feedback.builder().attribute("k", LONE).build())),
        entry(
            "attributes.k.n[0]",
            m ->
                m.addFeedback(
                    "s", Feedback.builder().attribute("k", Map.of("n", List.of(LONE))).build())),
        entry("score.scale", m -> Scale.of(LONE, 0, 1)),
        entry("sessionId", m -> m.addFeedback(LONE, Feedback.up("x"))),
        entry("sessionId", m -> m.session(LONE)),
        entry("sessionId", m -> m.getFeedbacks(LONE)),
        entry("sessionId", m -> m.getMetadata(LONE)),
        entry("metadata key", m -> m.updateMetadata("s", Map.of(LONE, 1))),
        entry("metadata.k", m -> m.updateMetadata("s", Map.of("k", LONE))),
        entry("metadata key", m -> m.deleteMetadata("s", List.of(LONE))),
        entry("feedbackId", m -> m.retractFeedback("s", LONE)),
        entry("userId", m -> m.eraseUser(LONE)),
        entry("sessionIds", m -> FeedbackQuery.builder().sessionId(LONE).build()),
        entry("userId", m -> FeedbackQuery.builder().userId(LONE).build()),
        entry("tag", m -> FeedbackQuery.builder().tag(LONE).build()),
        entry("metadata.k", m -> FeedbackQuery.builder().metadata("k", LONE).build()));
  }

  private static Arguments entry(String field, Consumer<FeedbackManager> call) {
    return Arguments.of(field, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyStringEntryPoint")
  void loneSurrogatesAreRejectedEverywhereNamingTheField(
      String field, Consumer<FeedbackManager> call) {
    assertThatThrownBy(() -> call.accept(manager))
        .isInstanceOfSatisfying(
            InvalidFeedbackException.class,
            e -> {
              assertThat(e.violations())
                  .anySatisfy(
                      v -> {
                        assertThat(v.code()).isEqualTo("invalid_utf16");
                        assertThat(v.field()).isEqualTo(field);
                        assertThat(v.message()).contains("lone surrogate");
                      });
            });
  }

  @Test
  void wellFormedSurrogatePairsAreText() {
    String emoji = "\uD83D\uDE00";
    InMemoryFeedbackStore kept = new InMemoryFeedbackStore();
    FeedbackManager m = FeedbackManager.builder().store(kept).build();
    m.addFeedback(
        "s" + emoji,
        Feedback.builder().comment(emoji).tags(emoji).attribute("k" + emoji, emoji).build());
    assertThat(m.getFeedbacks("s" + emoji))
        .singleElement()
        .satisfies(f -> assertThat(f.comment()).isEqualTo(emoji));
  }

  static Stream<Instant> instantsNoStoreOrCalendarHolds() {
    return Stream.of(
        Instant.MIN,
        Instant.MAX,
        Instant.EPOCH.minusSeconds(62_135_596_801L),
        Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.ofEpochMilli(Long.MAX_VALUE),
        Instant.ofEpochMilli(Long.MIN_VALUE));
  }

  @ParameterizedTest
  @MethodSource("instantsNoStoreOrCalendarHolds")
  void instantsOutsideTheRangeAreRejectedNamingTheField(Instant t) {
    assertViolation(() -> Feedback.builder().createdAt(t).build(), "createdAt", "out_of_range");
    assertViolation(
        () -> Feedback.builder().attribute("at", t).build(), "attributes.at", "out_of_range");
    assertViolation(
        () -> Feedback.builder().attribute("at", List.of(t)).build(),
        "attributes.at[0]",
        "out_of_range");
    assertViolation(
        () -> manager.updateMetadata("s", Map.of("at", t)), "metadata.at", "out_of_range");
    assertViolation(() -> FeedbackQuery.builder().since(t).build(), "since", "out_of_range");
    assertViolation(() -> FeedbackQuery.builder().until(t).build(), "until", "out_of_range");
  }

  @Test
  void theEdgesOfTheRangeAreAcceptedAndStatsStillWork() {
    InMemoryFeedbackStore kept = new InMemoryFeedbackStore();
    FeedbackManager m = FeedbackManager.builder().store(kept).build();
    m.addFeedback(
        "s",
        Feedback.builder()
            .createdAt(FeedbackLimits.MIN_INSTANT)
            .attribute("at", FeedbackLimits.MAX_INSTANT)
            .build());
    m.addFeedback(
        "s", Feedback.builder().createdAt(FeedbackLimits.MAX_INSTANT.plusNanos(999_999)).build());
    assertThat(m.getFeedbacks("s").get(1).createdAt()).isEqualTo(FeedbackLimits.MAX_INSTANT);
    FeedbackQuery range =
        FeedbackQuery.builder()
            .since(FeedbackLimits.MIN_INSTANT)
            .until(FeedbackLimits.MAX_INSTANT)
            .build();
    assertThat(m.analytics().summary(range).ratings().total()).isEqualTo(1);
    assertViolation(
        () -> FeedbackQuery.builder().until(FeedbackLimits.MAX_INSTANT.plusNanos(1)).build(),
        "until",
        "out_of_range"); // rounded up, it would be year 10000
    assertThat(m.analytics().trend(FeedbackQuery.all(), Granularity.DAY).points())
        .extracting(Trend.Point::period)
        .containsExactly("0001-01-01", "9999-12-31");
  }

  @Test
  void aBuiltInScaleNameWithOtherBoundsIsRefusedHoweverItIsMade() {
    assertViolation(() -> new Scale("nps", 0, 100), "score.scale", "reserved_name");
    assertViolation(() -> Scale.of("stars_5", 0, 10), "score.scale", "reserved_name");
    assertThat(new Scale("nps", 0, 10)).isEqualTo(Scale.NPS);
    assertThat(Scale.of("csat", 1, 5)).isSameAs(Scale.CSAT);
  }

  @Test
  void negativeZeroScoresAreZero() {
    assertThat(Score.of(-0.0, Scale.of("delta", -1, 1)).value())
        .isEqualTo(0.0)
        .matches(v -> Double.doubleToRawLongBits(v) == 0L);
  }

  @Test
  void feedbackLargerThanTheLimitIsRejectedWhenAddedWhateverPartIsLarge() {
    String half = "x".repeat(FeedbackLimits.MAX_FEEDBACK_BYTES / 2);
    assertViolation(
        () -> manager.addFeedback("s", Feedback.up(half + half + "x")), "feedback", "too_large");
    assertViolation(
        () ->
            manager.addFeedback(
                "s", Feedback.builder().comment(half).correction(half + "x").build()),
        "feedback",
        "too_large");
    assertViolation(
        () ->
            manager.addFeedback("s", Feedback.builder().comment(half).attribute("a", half).build()),
        "feedback",
        "too_large");
    assertViolation(
        () ->
            manager.addFeedback("s", Feedback.builder().prompt(half).response(half + "x").build()),
        "feedback",
        "too_large");
    // UTF-8 bytes, not chars: 350,000 three-byte chars are over 1 MiB.
    assertViolation(
        () -> manager.addFeedback("s", Feedback.up("\u20AC".repeat(350_000))),
        "feedback",
        "too_large");
    Feedback big =
        Feedback.up(half + half + "x").toBuilder().id("big").createdAt(Instant.EPOCH).build();
    assertThat(big.storedSize()).isGreaterThan(FeedbackLimits.MAX_FEEDBACK_BYTES);
    assertViolation(
        () -> store.append("s", big, UnknownSessionPolicy.CREATE), "feedback", "too_large");
    assertViolation(() -> manager.updateFeedback("s", big), "feedback", "too_large");
    // A hook cannot grow feedback past the limit either: the store checks again.
    FeedbackManager growing =
        FeedbackManager.builder()
            .store(store)
            .hooks(
                chain ->
                    chain.proceed(chain.feedback().toBuilder().comment(half + half + "x").build()))
            .build();
    assertViolation(() -> growing.addFeedback("s", Feedback.up("small")), "feedback", "too_large");
    assertThatCode(
            () -> Feedback.up("x".repeat(FeedbackLimits.MAX_FEEDBACK_BYTES - 64)).storedSize())
        .doesNotThrowAnyException();
  }

  @Test
  void theSizeErrorNamesTheLargestFieldAndItsSize() {
    String comment = "\u20AC".repeat(300_000); // 900,000 bytes in UTF-8
    Feedback f =
        Feedback.builder()
            .rating(Rating.DOWN)
            .comment(comment)
            .correction("y".repeat(200_000))
            .attribute("note", "z".repeat(1_000))
            .build();
    Violation v = invalid(() -> manager.addFeedback("s", f)).violations().get(0);
    assertThat(v.field()).isEqualTo("feedback");
    assertThat(v.code()).isEqualTo("too_large");
    assertThat(v.message()).contains("largest field is comment, 900000 bytes");

    Feedback attributes =
        Feedback.builder()
            .comment("short")
            .attribute("small", "s")
            .attribute("transcript", "t".repeat(FeedbackLimits.MAX_FEEDBACK_BYTES))
            .build();
    assertThat(invalid(() -> manager.addFeedback("s", attributes)).violations().get(0).message())
        .contains(
            "largest field is attributes.transcript, "
                + ("transcript".length() + FeedbackLimits.MAX_FEEDBACK_BYTES)
                + " bytes");

    Comparison both =
        Comparison.of(
            Comparison.Candidate.of(ModelRef.of("a"), "short"),
            Comparison.Candidate.of(
                ModelRef.of("b"), "r".repeat(FeedbackLimits.MAX_FEEDBACK_BYTES)),
            Comparison.Preference.A);
    assertThat(
            invalid(() -> manager.addFeedback("s", Feedback.builder().comparison(both).build()))
                .violations()
                .get(0)
                .message())
        .contains(
            "largest field is comparison.b.response, "
                + FeedbackLimits.MAX_FEEDBACK_BYTES
                + " bytes");
  }

  @Test
  void metadataValuesLargerThanTheLimitAreRejected() {
    String big = "x".repeat(FeedbackLimits.MAX_METADATA_VALUE_BYTES + 1);
    assertViolation(() -> manager.updateMetadata("s", Map.of("k", big)), "metadata.k", "too_large");
    assertViolation(
        () -> manager.updateMetadata("s", Map.of("k", List.of(big))), "metadata.k", "too_large");
    assertThat(store.metadata("s")).isEmpty();
  }

  @Test
  void aMapThatContainsItselfIsReportedOnceNotExpanded() {
    Map<String, Object> self = new HashMap<>();
    self.put("a", self);
    self.put("b", List.of(self, self));
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          InvalidFeedbackException e =
              invalid(() -> Feedback.builder().attribute("x", self).build());
          assertThat(e.violations()).extracting(Violation::code).containsOnly("cyclic");
          assertViolation(
              () -> manager.updateMetadata("s", Map.of("x", self)), "metadata.x.a", "cyclic");
          assertViolation(
              () -> FeedbackQuery.builder().metadata("x", self).build(), "metadata.x.a", "cyclic");
        });
  }

  @Test
  void copiesThatChangeOneAttributeCheckItAndKeepTheSizeExact() {
    Map<String, Object> self = new HashMap<>();
    self.put("a", self);
    Feedback base = Feedback.builder().attribute("k", "v").attribute("n", 1).build();
    assertViolation(
        () -> base.toBuilder().attribute("x", self).build(), "attributes.x.a", "cyclic");
    assertViolation(
        () -> base.toBuilder().attribute("id", 1).build(), "attributes.id", "reserved_key");
    assertViolation(
        () -> base.toBuilder().attribute("x", null).build(), "attributes.x", "null_value");
    assertViolation(
        () -> base.toBuilder().attribute("$x", 1).build(), "attributes.$x", "dollar_key");
    Feedback changed =
        base.toBuilder().attribute("k", "a much longer value").attribute("m", 2.5).build();
    Feedback rebuilt =
        Feedback.builder()
            .attribute("k", "a much longer value")
            .attribute("n", 1)
            .attribute("m", 2.5)
            .build();
    assertThat(changed).isEqualTo(rebuilt);
    assertThat(changed.storedSize()).isEqualTo(rebuilt.storedSize());
    assertThat(changed.attributes())
        .containsExactly(
            Map.entry("k", "a much longer value"), Map.entry("n", 1), Map.entry("m", 2.5));
  }

  @Test
  void valuesThatShareTheirPartsExponentiallyStopAtTheSizeBudget() {
    Object level = "leaf";
    for (int i = 0; i < 15; i++) {
      Map<String, Object> next = new LinkedHashMap<>();
      for (int k = 0; k < 10; k++) {
        next.put("k" + k, level); // 10^15 leaves if expanded
      }
      level = next;
    }
    Object bomb = level;
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertViolation(
              () -> Feedback.builder().attribute("x", bomb).build(), "attributes", "too_large");
          assertViolation(
              () -> manager.updateMetadata("s", Map.of("x", bomb)), "metadata.x", "too_large");
        });
  }

  @Test
  void millionsOfBrokenRulesAreCappedNotCollected() {
    List<Object> bad = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      bad.add(Double.NaN);
    }
    InvalidFeedbackException e = invalid(() -> Feedback.builder().attribute("x", bad).build());
    assertThat(e.violations()).hasSize(FeedbackLimits.MAX_VIOLATIONS + 1);
    assertThat(e.violations().get(FeedbackLimits.MAX_VIOLATIONS).code())
        .isEqualTo("too_many_violations");
  }

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void rawCollectionsWithWrongTypesAreViolationsNotClassCastExceptions() {
    Map raw = new HashMap();
    raw.put(42, "v");
    assertViolation(() -> Feedback.builder().attributes(raw).build(), "attributes", "bad_key");
    assertViolation(() -> manager.updateMetadata("s", raw), "metadata", "bad_key");
    assertViolation(
        () -> FeedbackQuery.builder().metadata("k", raw).build(), "metadata.k", "bad_key");
    List rawTags = new ArrayList(List.of("ok", 7));
    assertViolation(() -> Feedback.builder().tags(rawTags).build(), "tags[1]", "bad_type");
    Map rawDimensions = new HashMap();
    rawDimensions.put("accuracy", 5);
    assertViolation(
        () -> Feedback.builder().dimensions(rawDimensions).build(), "dimensions", "bad_key");
    Map rawDimensionValue = new HashMap();
    rawDimensionValue.put(Dimension.CLARITY, "5");
    assertViolation(
        () -> Feedback.builder().dimensions(rawDimensionValue).build(),
        "dimensions.clarity",
        "out_of_range");
    Set rawIds = new HashSet(List.of("s", 1));
    assertViolation(
        () -> FeedbackQuery.builder().sessionIds(rawIds).build(), "sessionIds", "bad_type");
    Collection rawKeys = new ArrayList(List.of(1));
    assertViolation(() -> manager.deleteMetadata("s", rawKeys), "metadata", "bad_key");
  }

  @Test
  void nullElementsAndKeysAreNamedViolations() {
    assertViolation(
        () -> Feedback.builder().tags(Arrays.asList("a", null)).build(), "tags[1]", "required");
    assertViolation(() -> Feedback.builder().tags("a", null).build(), "tags[1]", "required");
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    assertViolation(() -> Feedback.builder().attributes(nullKey).build(), "attributes", "null_key");
    assertViolation(() -> manager.updateMetadata("s", nullKey), "metadata", "null_key");
    Map<Dimension, Integer> nullDimension = new HashMap<>();
    nullDimension.put(null, 3);
    assertViolation(
        () -> Feedback.builder().dimensions(nullDimension).build(), "dimensions", "required");
    assertViolation(
        () -> manager.deleteMetadata("s", Arrays.asList("a", null)), "metadata", "null_key");
    assertViolation(
        () -> FeedbackQuery.builder().sessionIds(Arrays.asList("s", null)).build(),
        "sessionIds",
        "required");
  }

  @Test
  void nullArgumentsRaiseNullPointerExceptionsNamingTheParameter() {
    assertNamedNpe(() -> manager.updateMetadata("s", null), "values");
    assertNamedNpe(() -> manager.deleteMetadata("s", null), "keys");
    assertNamedNpe(() -> manager.session("s").deleteMetadata((String[]) null), "keys");
    assertNamedNpe(() -> manager.addFeedback("s", null), "feedback");
    assertNamedNpe(() -> Feedback.builder().tags((String[]) null), "tags");
    assertNamedNpe(() -> FeedbackQuery.builder().sessionIds(null), "sessionIds");
    assertNamedNpe(() -> manager.analytics().summary(null), "query");
    assertNamedNpe(() -> FeedbackManager.builder().hooks(chain -> null, null), "hooks[1]");
    assertNamedNpe(() -> FeedbackHooks.compose(chain -> null, null), "hooks[1]");
  }

  @Test
  void anIdGeneratorThatReturnsNullOrGarbageIsAConfigurationError() {
    for (String bad : new String[] {null, "", "  ", LONE, "x".repeat(257), "a\0b"}) {
      FeedbackManager broken =
          FeedbackManager.builder().store(store).idGenerator(() -> bad).build();
      assertThatThrownBy(() -> broken.addFeedback("s", Feedback.up("x")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("idGenerator");
    }
  }

  @Test
  void theInMemoryStoreRefusesFeedbackWithoutAnIdWhenUsedDirectly() {
    assertViolation(
        () -> store.append("s", Feedback.up("x"), UnknownSessionPolicy.CREATE), "id", "required");
  }

  @Test
  void keysLongerThanTheLimitAreRejectedAndQuotedShortly() {
    String longKey = "k".repeat(100_000);
    InvalidFeedbackException e = invalid(() -> Feedback.builder().attribute(longKey, 1).build());
    assertThat(e.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("too_long");
              assertThat(v.message()).hasSizeLessThan(300);
            });
  }

  @Test
  void nullMetadataValuesAreKeptNotDropped() {
    InMemoryFeedbackStore kept = new InMemoryFeedbackStore();
    FeedbackManager m = FeedbackManager.builder().store(kept).build();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("persona", null);
    values.put("tier", "gold");
    m.updateMetadata("s", values);
    assertThat(m.getMetadata("s")).containsEntry("persona", null).containsEntry("tier", "gold");
    m.addFeedback("s", Feedback.up("x"));
    assertThat(
            m.analytics()
                .summary(FeedbackQuery.builder().metadata("persona", null).build())
                .ratings()
                .total())
        .isEqualTo(1);
    assertThat(
            m.analytics()
                .summary(FeedbackQuery.builder().metadata("absent", null).build())
                .ratings()
                .total())
        .isEqualTo(1);
    assertThat(
            m.analytics()
                .summary(FeedbackQuery.builder().metadata("tier", null).build())
                .ratings()
                .total())
        .isZero();
    kept.close();
  }

  private static InvalidFeedbackException invalid(ThrowingCallable call) {
    try {
      call.call();
    } catch (InvalidFeedbackException e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError("expected InvalidFeedbackException, got " + t, t);
    }
    throw new AssertionError("expected InvalidFeedbackException");
  }

  private static void assertViolation(ThrowingCallable call, String field, String code) {
    assertThat(invalid(call).violations())
        .anySatisfy(
            v -> {
              assertThat(v.field()).isEqualTo(field);
              assertThat(v.code()).isEqualTo(code);
            });
  }

  private static void assertNamedNpe(ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(name);
  }
}
